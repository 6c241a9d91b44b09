//! Receipts and answers, for the command line and the window alike. The
//! association issues them, signed with its secret key file; the owner
//! imports them, and ClaimDesk checks the signature against the keys the
//! owner trusts and that the file is about a claim this computer holds,
//! with the content it holds, before anything moves.

use crate::app::files::{read_limited, write_private};
use crate::app::{AppError, AppResult};
use claim_assoc::desk::AssocDesk;
use claim_assoc::reply::Signer;
use claim_core::answer::{Answers, Receipt, MAX_ANSWERS_BYTES};
use claim_core::ClaimId;
use claim_store::{AnswerApplied, ClaimSummary, IncomingAnswer, Store, StoreError};
use serde::Serialize;
use std::path::Path;

/// A receipt written for the shop.
#[derive(Debug, Serialize)]
pub struct ReceiptIssued {
    pub receipt_number: String,
    pub claim_number: Option<String>,
    /// The signed file (`….receipt.json`), and the printable PDF if asked.
    pub file: String,
    pub pdf: Option<String>,
    /// Issued now (else the copy issued before, unchanged).
    pub new: bool,
    pub fingerprint: String,
}

/// Issues (or gives again) the receipt of received claim `id`, signed with
/// the key in `key`, and writes it to `out` (and its PDF to `pdf`).
pub fn issue_receipt(
    desk: &mut AssocDesk,
    id: &str,
    key: &Path,
    issuer: &str,
    out: &Path,
    pdf: Option<(&Path, &claim_pdf::FontChoice)>,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<ReceiptIssued> {
    let secret = crate::app::incidents::read_secret_key(key)?;
    let issued = desk.issue_receipt(
        id,
        &Signer {
            secret_key: &secret,
            issuer,
        },
        at,
    )?;
    let pdf_path = match pdf {
        Some((path, font)) => {
            let bytes = claim_pdf::render_receipt(&issued.receipt, &issued.fingerprint, at, font)?;
            write_private(path, &bytes).map_err(|error| AppError::write(path, &error))?;
            Some(path.display().to_string())
        }
        None => None,
    };
    write_private(out, &issued.file).map_err(|error| AppError::write(out, &error))?;
    Ok(ReceiptIssued {
        receipt_number: issued.receipt.receipt_number,
        claim_number: issued.receipt.claim_number,
        file: out.display().to_string(),
        pdf: pdf_path,
        new: issued.new,
        fingerprint: issued.fingerprint,
    })
}

/// An answers file written.
#[derive(Debug, Serialize)]
pub struct AnswersWritten {
    pub file: String,
    pub answers: usize,
    pub returned: usize,
    pub forwarded: usize,
}

/// Writes the signed answers of every current claim (of the business with
/// `registration_number`, or of all) to `out`.
pub fn export_answers(
    desk: &AssocDesk,
    registration_number: Option<&str>,
    key: &Path,
    issuer: &str,
    out: &Path,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<AnswersWritten> {
    use claim_core::status::Review;
    let secret = crate::app::incidents::read_secret_key(key)?;
    let (answers, file) = desk.answers(
        registration_number,
        &Signer {
            secret_key: &secret,
            issuer,
        },
        at,
    )?;
    write_private(out, &file).map_err(|error| AppError::write(out, &error))?;
    let count = |status| {
        answers
            .answers
            .iter()
            .filter(|answer| answer.status == status)
            .count()
    };
    Ok(AnswersWritten {
        file: out.display().to_string(),
        answers: answers.answers.len(),
        returned: count(Review::Returned),
        forwarded: count(Review::Forwarded),
    })
}

pub(crate) fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// The SHA-256 of each form in which claim `id` could have left the shop as
/// it is now, masked or with customer details when the owner opted in: a
/// bundle's line (and a JSON file, which the desk keeps as that line), and
/// the RFC 8785 form a PDF attaches. A receipt or an answer must name one
/// of them: one about other content (an earlier version, since edited) is
/// not this claim's.
fn shas_as_sent(store: &Store, id: &ClaimId) -> AppResult<Vec<String>> {
    let (document, _, _) = crate::app::pdf::stored_claim(store, id)?;
    let mut shas = Vec::with_capacity(4);
    for include in [false, true] {
        let line = claim_exchange::bundle::claim_line(&document, include)
            .map_err(|error| AppError::Store(StoreError::Document(error.to_string())))?;
        shas.push(claim_store::sha256_hex(line.as_bytes()));
        let attached = claim_pdf::attached_json(&document, include)?;
        shas.push(claim_store::sha256_hex(&attached));
    }
    Ok(shas)
}

/// A stored claim of `claim_id` whose business is `registration_number`.
fn claim_of(
    store: &Store,
    claim_id: &str,
    registration_number: &str,
) -> Option<(ClaimId, ClaimSummary)> {
    let id = ClaimId::parse(claim_id)?;
    let summary = store.claim(id.as_str()).ok()?.summary;
    let same_business = summary
        .registration_number
        .as_deref()
        .is_some_and(|number| digits(number) == registration_number);
    same_business.then_some((id, summary))
}

/// A receipt imported.
#[derive(Debug, Serialize)]
pub struct ReceiptImported {
    pub summary: ClaimSummary,
    pub receipt_number: String,
    /// The association's number for the claim (연합회 번호), from a
    /// claimdesk.receipt/2.
    pub intake_number: Option<String>,
    pub received_at: String,
    pub signer: String,
    pub fingerprint: String,
}

/// Imports the receipt file `file`: signed by a trusted key, for a claim
/// here of the same business, for the content it holds now. Then the claim
/// is marked submitted with the receipt's number.
fn import_receipt(store: &mut Store, bytes: &[u8]) -> AppResult<ReceiptImported> {
    let keys = store.trusted_keys()?;
    keep_receipt(store, bytes, &keys)
}

/// Keeps the receipt `bytes` if one of `keys` signed it and it is about a
/// claim here, of the same business, with the content it holds now: the
/// claim is then marked submitted with the receipt's number. An imported
/// file is checked against the keys the owner trusts; one that came back
/// from an online submission, against the server's key its definition
/// names.
pub(crate) fn keep_receipt(
    store: &mut Store,
    bytes: &[u8],
    keys: &[claim_core::signature::TrustedKey],
) -> AppResult<ReceiptImported> {
    let verified = Receipt::open(bytes, keys).map_err(AppError::Answer)?;
    let receipt = &verified.content;
    let Some((id, summary)) = claim_of(store, &receipt.claim_id, &receipt.registration_number)
    else {
        return Err(AppError::ReceiptOtherClaim {
            number: receipt.claim_number.clone(),
        });
    };
    if !shas_as_sent(store, &id)?.contains(&receipt.claim_sha256) {
        return Err(AppError::ReceiptOtherContent {
            number: summary.number,
        });
    }
    let summary = store.record_receipt(
        id.as_str(),
        &receipt.receipt_number,
        receipt.intake_number.as_deref(),
        &receipt.claim_sha256,
        bytes,
    )?;
    Ok(ReceiptImported {
        summary,
        receipt_number: receipt.receipt_number.clone(),
        intake_number: receipt.intake_number.clone(),
        received_at: receipt.received_at.clone(),
        signer: verified.signer,
        fingerprint: verified.fingerprint,
    })
}

/// One answer that moved a claim here.
#[derive(Debug, Serialize)]
pub struct AppliedAnswer {
    pub id: String,
    pub number: String,
    pub status: claim_core::status::Review,
    pub reason: Option<String>,
}

/// What importing an answers file did.
#[derive(Debug, Default, Serialize)]
pub struct AnswersImported {
    pub applied: Vec<AppliedAnswer>,
    /// Answers this computer already knew (or older ones).
    pub already: usize,
    /// Answers about this computer's businesses, for claims not on it.
    pub not_here: usize,
    /// Answers about businesses with no claim on this computer (an
    /// all-shops file, or one meant for another shop): never applied.
    pub other_businesses: usize,
    /// The business a one-shop file (`claimdesk.answers/2`) is for, as the
    /// certificate shows it, when it is none of this computer's.
    pub for_another_shop: Option<String>,
    /// The numbers of claims here whose answer is about other content than
    /// they hold now (an earlier version): not applied.
    pub other_content: Vec<String>,
    pub signer: String,
    pub fingerprint: String,
    /// The latest instant an answer in the file moved (the server's
    /// clock): where the next request for answers starts.
    #[serde(skip)]
    pub latest_at: Option<String>,
}

/// Imports the answers file `file`, signed by a trusted key: each answer
/// about a claim here (same id, same business) moves it, once.
fn import_answers(store: &mut Store, bytes: &[u8]) -> AppResult<AnswersImported> {
    let keys = store.trusted_keys()?;
    apply_answers(store, bytes, &keys, Freshness::ByThisClock)
}

/// How an answers file is known to be of now, not of a future it claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Freshness {
    /// A file: issued no later than a day from this PC's clock.
    ByThisClock,
    /// Fetched just now from the server, over a nonce it issued: this PC's
    /// clock, often wrong on a shop PC, is not read.
    ByNonce,
}

/// Applies the answers file `bytes`, signed by one of `keys` (the trusted
/// keys for a file; the definition's server key for answers fetched from
/// that server): each answer about a claim here moves it, once.
pub(crate) fn apply_answers(
    store: &mut Store,
    bytes: &[u8],
    keys: &[claim_core::signature::TrustedKey],
    freshness: Freshness,
) -> AppResult<AnswersImported> {
    let verified = Answers::open(bytes, keys).map_err(AppError::Answer)?;
    // A file about reviews that have not happened yet: made on a clock set
    // ahead, or not by the association's desk at all.
    let issued_at = claim_core::dates::parse_instant(&verified.content.issued_at);
    let latest = crate::app::clock::now() + chrono::Duration::days(1);
    if freshness == Freshness::ByThisClock && issued_at.is_some_and(|issued_at| issued_at > latest)
    {
        return Err(AppError::Answer(claim_core::answer::AnswerError::Field {
            what: "answers",
            field: "issued_at".to_owned(),
            problem: "later than a day from now",
        }));
    }
    let businesses_here: std::collections::HashSet<String> = store
        .list(&claim_store::ClaimFilter::default())?
        .into_iter()
        .filter_map(|summary| summary.registration_number.as_deref().map(digits))
        .collect();
    let mut imported = AnswersImported {
        signer: verified.signer,
        fingerprint: verified.fingerprint,
        for_another_shop: verified
            .content
            .shop
            .as_deref()
            .filter(|shop| !businesses_here.contains(*shop))
            .map(claim_core::brn::shown_registration_number),
        latest_at: verified
            .content
            .answers
            .iter()
            .filter_map(|answer| {
                claim_core::dates::parse_instant(&answer.at).map(|at| (at, answer.at.clone()))
            })
            .max_by_key(|(at, _)| *at)
            .map(|(_, text)| text),
        ..AnswersImported::default()
    };
    for answer in &verified.content.answers {
        if !businesses_here.contains(&answer.registration_number) {
            imported.other_businesses += 1;
            continue;
        }
        let Some((id, summary)) = claim_of(store, &answer.claim_id, &answer.registration_number)
        else {
            imported.not_here += 1;
            continue;
        };
        // About the content the claim holds now, or it moves nothing: an
        // answer about a version since edited must not mark the edit
        // handed in, and a made-up fingerprint proves nothing.
        if !shas_as_sent(store, &id)?.contains(&answer.claim_sha256) {
            imported.other_content.push(summary.number);
            continue;
        }
        let incoming = IncomingAnswer {
            status: answer.status,
            reason: answer.reason.as_deref(),
            at: &answer.at,
        };
        match store.record_answer(id.as_str(), &incoming)? {
            AnswerApplied::Applied(summary) => imported.applied.push(AppliedAnswer {
                id: summary.id,
                number: summary.number,
                status: answer.status,
                reason: answer.reason.clone(),
            }),
            AnswerApplied::AlreadyKnown => imported.already += 1,
        }
    }
    Ok(imported)
}

/// A receipt or an answers file, imported.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReplyImported {
    Receipt(Box<ReceiptImported>),
    Answers(AnswersImported),
}

/// Imports `file`, a receipt or an answers file (the owner need not know
/// which the association sent): read once, up to the larger limit, and
/// told apart by its envelope's format, whatever its size (a receipt over
/// its own limit is then refused as a receipt, in those words).
pub fn import_reply(store: &mut Store, file: &Path) -> AppResult<ReplyImported> {
    let bytes = read_limited(file, MAX_ANSWERS_BYTES).map_err(AppError::Read)?;
    let is_receipt = serde_json::from_slice::<serde_json::Value>(
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes),
    )
    .ok()
    .is_some_and(|value| {
        value.get("format").and_then(serde_json::Value::as_str)
            == Some(claim_core::answer::SIGNED_RECEIPT_FORMAT)
    });
    if is_receipt {
        import_receipt(store, &bytes).map(|receipt| ReplyImported::Receipt(Box::new(receipt)))
    } else {
        import_answers(store, &bytes).map(ReplyImported::Answers)
    }
}
