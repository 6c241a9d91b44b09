//! Online submission, for the command line and the window alike: the
//! claim's bundle (the very bytes a bundle file would hold) goes to the
//! server its incident's definition names, and the signed receipt that
//! comes back is kept as an imported one is, checked against the server's
//! key from that definition.
//!
//! The bundle is put in the outbox before anything is sent; it leaves the
//! outbox only when the server answered for the claim (a receipt, or a
//! refusal). So a claim survives a lost network, a closed app or a killed
//! process, and is sent again, the same bytes, which the server takes as
//! the same submission (idempotent by claim id and SHA-256).

use crate::app::bundle::{bundle_bytes, BundleFailure};
use crate::app::network::{Network, Unanswered};
use crate::app::{AppError, AppResult};
use claim_core::signature::{parse_public_key, public_key_base64, KeyUse, TrustedKey};
use claim_core::{ClaimId, Failure, FailureCode, Lang};
use claim_store::{ClaimSummary, Outgoing, Store, StoreError, Waiting};
use serde::{Deserialize, Serialize};

/// What the owner chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubmitChoices {
    /// Customer names and numbers unmasked (the owner's opt-in).
    pub include_customer_details: bool,
    /// Send even where the definition naming the server is not verified.
    pub to_unverified: bool,
    pub lang: Lang,
}

/// What became of one claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Sent {
    /// The server took it (or had it already: `unchanged`); its receipt,
    /// verified, is kept and the claim is submitted.
    Received {
        receipt_number: String,
        intake_number: Option<String>,
        received_at: String,
        unchanged: bool,
    },
    /// Refused, here or by the server, with the reason's code.
    Refused { code: String, message: String },
    /// No answer: it waits in the outbox.
    Waiting {
        code: String,
        message: String,
        attempts: i64,
    },
}

impl Sent {
    /// `received`, `refused` or `waiting`: what the log may say.
    pub fn kind(&self) -> &'static str {
        match self {
            Sent::Received { .. } => "received",
            Sent::Refused { .. } => "refused",
            Sent::Waiting { .. } => "waiting",
        }
    }
}

/// One claim's line of the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Submitted {
    pub id: String,
    pub number: String,
    /// The server's address, when one was known.
    pub to: Option<String>,
    #[serde(flatten)]
    pub sent: Sent,
}

/// Refusals made here, before anything is sent, and of what came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubmitRefusal {
    HasErrors { errors: i64 },
    NoAddress,
    Unverified { url: String },
    ReceiptInvalid,
}

impl Failure for SubmitRefusal {
    fn code(&self) -> FailureCode {
        match self {
            SubmitRefusal::HasErrors { .. } => FailureCode::ClaimHasErrors,
            SubmitRefusal::NoAddress => FailureCode::SubmitNoAddress,
            SubmitRefusal::Unverified { .. } => FailureCode::SubmitUnverified,
            SubmitRefusal::ReceiptInvalid => FailureCode::SubmitReceiptInvalid,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SubmitRefusal::HasErrors { errors }, Lang::Ko) => format!(
                "오류가 {errors}개 있어 보내지 않았습니다. 청구서를 고친 뒤 다시 보내 주세요."
            ),
            (SubmitRefusal::HasErrors { errors }, Lang::En) => format!(
                "The claim has {errors} errors, so it was not sent. Correct it and send again."
            ),
            (SubmitRefusal::NoAddress, Lang::Ko) => "이 장애의 정의에는 온라인으로 제출할 곳이 없습니다. PDF나 묶음 파일로 연합회에 내 주세요.".to_owned(),
            (SubmitRefusal::NoAddress, Lang::En) => "This incident's definition names no server to submit to. Hand the PDF or a bundle to the association.".to_owned(),
            (SubmitRefusal::Unverified { url }, Lang::Ko) => format!(
                "보낼 곳({url})이 서명이 확인되지 않은 장애 정의에서 왔습니다. 연합회가 보낸 것이 맞는지 확인한 뒤에만 보내세요(명령줄: --to-unverified)."
            ),
            (SubmitRefusal::Unverified { url }, Lang::En) => format!(
                "The address ({url}) comes from an incident definition whose signature is not verified. Send only once you know the association sent it (command line: --to-unverified)."
            ),
            (SubmitRefusal::ReceiptInvalid, Lang::Ko) => "서버가 보낸 접수증을 확인할 수 없어(장애 정의의 서버 키로 서명되지 않았거나 이 청구서의 것이 아님) 제출됨으로 표시하지 않았습니다.".to_owned(),
            (SubmitRefusal::ReceiptInvalid, Lang::En) => "The server's receipt could not be verified (not signed with the server key of the incident definition, or not for this claim), so the claim was not marked submitted.".to_owned(),
        }
    }
}

/// A submission's answer, as `POST /v1/submissions` gives it.
#[derive(Debug, Deserialize)]
struct ServerAnswer {
    results: Vec<ServerLine>,
}

#[derive(Debug, Deserialize)]
struct ServerLine {
    claim_id: Option<String>,
    outcome: String,
    code: Option<String>,
    message: Option<String>,
    receipt: Option<String>,
}

/// A refusal of the whole body (4xx), as the server words it.
#[derive(Debug, Default, Deserialize)]
struct ServerRefusal {
    code: Option<String>,
    message: Option<String>,
}

fn refused(
    summary: &ClaimSummary,
    to: Option<String>,
    refusal: &dyn Failure,
    lang: Lang,
) -> Submitted {
    Submitted {
        id: summary.id.clone(),
        number: summary.number.clone(),
        to,
        sent: Sent::Refused {
            code: refusal.code().as_str().to_owned(),
            message: refusal.message(lang),
        },
    }
}

/// A claim whose bundle is in the outbox, to be sent.
#[derive(Clone, Debug)]
pub struct Outbound {
    summary: ClaimSummary,
    waiting: Waiting,
    /// The business's public key (base64), sent so the server binds the
    /// claim to it: only requests signed with it hear back.
    shop_key: Option<String>,
}

/// One claim's step: already decided here, or to be sent.
#[derive(Clone, Debug)]
pub enum Step {
    Done(Submitted),
    Send(Box<Outbound>),
}

/// What came back for one claim sent (or why nothing did).
#[derive(Debug)]
pub struct Exchanged {
    outbound: Box<Outbound>,
    reply: Result<crate::app::network::Answer, Unanswered>,
}

/// Submits claims `ids`: each one waiting is sent now as it waits; each
/// other one is checked, bundled, put in the outbox, then sent. (The
/// window runs the three steps itself, so the store is not held while the
/// network is waited for.)
pub fn submit(
    store: &mut Store,
    ids: &[ClaimId],
    choices: &SubmitChoices,
    network: &Network,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<Vec<Submitted>> {
    let steps = prepare(store, ids, choices, at)?;
    finish(store, steps, network, choices.lang)
}

/// Sends every claim waiting in the outbox (at start, and on 다시 보내기).
pub fn send_waiting(store: &mut Store, network: &Network, lang: Lang) -> AppResult<Vec<Submitted>> {
    let steps = waiting_steps(store)?;
    finish(store, steps, network, lang)
}

fn finish(
    store: &mut Store,
    steps: Vec<Step>,
    network: &Network,
    lang: Lang,
) -> AppResult<Vec<Submitted>> {
    steps
        .into_iter()
        .map(|step| match step {
            Step::Done(submitted) => Ok(submitted),
            Step::Send(outbound) => settle(store, exchange(outbound, network, lang), lang),
        })
        .collect()
}

/// The first step, in the store: each claim checked and its bundle put in
/// the outbox (one waiting already goes as it waits).
pub fn prepare(
    store: &mut Store,
    ids: &[ClaimId],
    choices: &SubmitChoices,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<Vec<Step>> {
    let mut steps = Vec::with_capacity(ids.len());
    for id in ids {
        let summary = store.claim(id.as_str())?.summary;
        let waiting = match store.waiting_for(id.as_str())? {
            Some(waiting) => waiting,
            None => match queue(store, id, &summary, choices, at)? {
                Ok(waiting) => waiting,
                Err((to, refusal)) => {
                    steps.push(Step::Done(refused(
                        &summary,
                        to,
                        refusal.as_ref(),
                        choices.lang,
                    )));
                    continue;
                }
            },
        };
        let shop_key = shop_key(store, &summary)?;
        steps.push(Step::Send(Box::new(Outbound {
            summary,
            waiting,
            shop_key,
        })));
    }
    Ok(steps)
}

/// The public key of the business claim `summary` is for, made on its
/// first submission; `None` for a claim without a registration number
/// (the server refuses it anyway).
fn shop_key(store: &mut Store, summary: &ClaimSummary) -> AppResult<Option<String>> {
    let Some(business) = summary
        .registration_number
        .as_deref()
        .map(crate::app::hearing::digits)
        .filter(|digits| !digits.is_empty())
    else {
        return Ok(None);
    };
    let secret = crate::app::hearing::business_key(store, &business)?;
    Ok(Some(claim_core::signature::public_key_text(&secret)))
}

/// Every claim waiting in the outbox, as steps to send.
pub fn waiting_steps(store: &mut Store) -> AppResult<Vec<Step>> {
    store
        .waiting()?
        .into_iter()
        .map(|waiting| {
            let summary = store.claim(&waiting.claim_id)?.summary;
            let shop_key = shop_key(store, &summary)?;
            Ok(Step::Send(Box::new(Outbound {
                summary,
                waiting,
                shop_key,
            })))
        })
        .collect()
}

/// The second step, without the store: the bundle to the server.
pub fn exchange(outbound: Box<Outbound>, network: &Network, lang: Lang) -> Exchanged {
    let address = format!("{}/v1/submissions", outbound.waiting.url);
    let headers: Vec<(&str, &str)> = outbound
        .shop_key
        .as_deref()
        .map(|key| (claim_core::asking::KEY_HEADER, key))
        .into_iter()
        .collect();
    let reply = network.post(
        &address,
        "application/zip",
        &headers,
        &outbound.waiting.bundle,
        lang,
    );
    Exchanged { outbound, reply }
}

type Refused = (Option<String>, Box<dyn Failure>);

/// Checks claim `id` may go, and puts its bundle in the outbox.
fn queue(
    store: &mut Store,
    id: &ClaimId,
    summary: &ClaimSummary,
    choices: &SubmitChoices,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<Result<Waiting, Refused>> {
    let address = match summary.incident.as_deref() {
        Some(incident) => store.submit_address(incident)?,
        None => None,
    };
    let Some((to, verification)) = address else {
        return Ok(Err((None, Box::new(SubmitRefusal::NoAddress))));
    };
    // A claim that could not take the receipt (withdrawn) is not sent:
    // the server would keep what the shop has taken back.
    let receipt = claim_core::status::Event::Receipt {
        before_return: false,
    };
    if let Err(refusal) = summary.status.on(receipt) {
        return Ok(Err((Some(to.url), Box::new(StoreError::from(refusal)))));
    }
    if summary.error_count > 0 {
        return Ok(Err((
            Some(to.url),
            Box::new(SubmitRefusal::HasErrors {
                errors: summary.error_count,
            }),
        )));
    }
    if !verification.is_trusted() && !choices.to_unverified {
        return Ok(Err((
            Some(to.url.clone()),
            Box::new(SubmitRefusal::Unverified { url: to.url }),
        )));
    }
    let (bundle, _) = bundle_bytes(
        store,
        std::slice::from_ref(id),
        choices.include_customer_details,
        choices.lang,
        at,
    )
    .map_err(|failure| match failure {
        BundleFailure::App(error) => error,
        BundleFailure::Write(reason) => AppError::Write {
            path: "bundle".to_owned(),
            reason,
        },
    })?;
    let server_key = public_key_base64(&to.server_key);
    let waiting = store.queue_submission(
        id.as_str(),
        &Outgoing {
            url: &to.url,
            server_key: &server_key,
            bundle: &bundle,
            customer_details: choices.include_customer_details,
        },
    )?;
    Ok(Ok(waiting))
}

/// The last step, in the store: what came back kept (a receipt verified
/// by the definition's server key), or the claim left waiting.
pub fn settle(store: &mut Store, exchanged: Exchanged, lang: Lang) -> AppResult<Submitted> {
    let Exchanged { outbound, reply } = exchanged;
    let Outbound {
        summary, waiting, ..
    } = *outbound;
    let (summary, waiting) = (&summary, &waiting);
    let to = Some(waiting.url.clone());
    let answer = match reply {
        Ok(answer) => answer,
        Err(unanswered) => return still_waiting(store, summary, waiting, &unanswered, lang),
    };
    if answer.status != 200 {
        // The server refused the body as a whole (4xx): its words.
        let refusal: ServerRefusal = serde_json::from_slice(&answer.body).unwrap_or_default();
        return server_refused(
            store,
            summary,
            to,
            (refusal.code, refusal.message),
            answer.status,
            lang,
        );
    }
    // The bundle holds this claim alone: its line names it, or (a claim the
    // server could not read at all) is the one refused line naming none.
    let line = serde_json::from_slice::<ServerAnswer>(&answer.body)
        .ok()
        .and_then(|answer| {
            let mut lines = answer.results;
            let ours = lines
                .iter()
                .position(|line| line.claim_id.as_deref() == Some(summary.id.as_str()))
                .or_else(|| {
                    (lines.len() == 1
                        && lines[0].claim_id.is_none()
                        && lines[0].outcome == "refused")
                        .then_some(0)
                })?;
            Some(lines.swap_remove(ours))
        });
    let Some(line) = line else {
        return still_waiting(store, summary, waiting, &Unanswered::Broken, lang);
    };
    let Some(receipt) = line.receipt.filter(|_| line.outcome != "refused") else {
        return server_refused(store, summary, to, (line.code, line.message), 200, lang);
    };
    let server = parse_public_key(&waiting.server_key).map(|key| TrustedKey {
        name: waiting.url.clone(),
        key,
        shipped: false,
        uses: KeyUse::Answers,
    });
    let kept = match server {
        Some(key) => crate::app::reply::keep_receipt(store, receipt.as_bytes(), &[key]),
        None => Err(AppError::Answer(claim_core::answer::AnswerError::Field {
            what: "receipt",
            field: "server_key".to_owned(),
            problem: "not a key",
        })),
    };
    match kept {
        Ok(kept) => {
            store.unqueue(&summary.id, &format!("received {}", kept.receipt_number))?;
            Ok(Submitted {
                id: summary.id.clone(),
                number: summary.number.clone(),
                to,
                sent: Sent::Received {
                    receipt_number: kept.receipt_number,
                    intake_number: kept.intake_number,
                    received_at: kept.received_at,
                    unchanged: line.outcome == "unchanged",
                },
            })
        }
        // Not the server the definition names, or not this claim: never
        // marked submitted. It leaves the outbox: sent again, it would go
        // to the same server.
        Err(
            AppError::Answer(_)
            | AppError::ReceiptOtherClaim { .. }
            | AppError::ReceiptOtherContent { .. },
        ) => {
            store.unqueue(&summary.id, "receipt refused")?;
            Ok(refused(summary, to, &SubmitRefusal::ReceiptInvalid, lang))
        }
        // The claim cannot take it as it is now (withdrawn meanwhile; the
        // receipt from before a return, for a claim sent again unchanged):
        // said, and out of the outbox, never sent again and again.
        Err(AppError::Store(
            error @ (StoreError::Closed { .. }
            | StoreError::Transition { .. }
            | StoreError::ReceiptBeforeReturn),
        )) => {
            store.unqueue(&summary.id, "receipt not taken")?;
            Ok(refused(summary, to, &error, lang))
        }
        Err(error) => Err(error),
    }
}

/// The server refused claim `summary` (`said`: its code and sentence, if
/// it gave them; `status`: its HTTP status): out of the outbox.
fn server_refused(
    store: &mut Store,
    summary: &ClaimSummary,
    to: Option<String>,
    said: (Option<String>, Option<String>),
    status: u16,
    lang: Lang,
) -> AppResult<Submitted> {
    store.unqueue(&summary.id, &format!("refused: HTTP {status}"))?;
    let (code, message) = said;
    Ok(Submitted {
        id: summary.id.clone(),
        number: summary.number.clone(),
        to,
        sent: Sent::Refused {
            // Only a code of the registry: the page looks its advice up.
            code: code
                .filter(|code| FailureCode::parse(code).is_some())
                .unwrap_or_else(|| FailureCode::SubmitRefused.as_str().to_owned()),
            message: message.map_or_else(
                || refused_as_a_whole(status, lang),
                |message| bounded(&message),
            ),
        },
    })
}

fn still_waiting(
    store: &mut Store,
    summary: &ClaimSummary,
    waiting: &Waiting,
    unanswered: &Unanswered,
    lang: Lang,
) -> AppResult<Submitted> {
    // The audit and the outbox keep the app's own words, in English.
    store.note_attempt(&summary.id, &unanswered.message(Lang::En))?;
    Ok(Submitted {
        id: summary.id.clone(),
        number: summary.number.clone(),
        to: Some(waiting.url.clone()),
        sent: Sent::Waiting {
            code: unanswered.code().as_str().to_owned(),
            message: unanswered.message(lang),
            attempts: waiting.attempts.saturating_add(1),
        },
    })
}

fn refused_as_a_whole(status: u16, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("서버가 받지 않았습니다(HTTP {status})."),
        Lang::En => format!("The server did not take it (HTTP {status})."),
    }
}

/// A server's sentence, as shown: at most 500 characters, one line, no
/// hidden characters (a right-to-left override could make it read as
/// something else).
fn bounded(message: &str) -> String {
    message
        .chars()
        .filter(|ch| !ch.is_control() && !claim_core::signature::is_hidden_char(*ch))
        .take(500)
        .collect()
}

/// Where claim `id` would go online, and what the owner is told before
/// anything is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Destination {
    /// The server's address, if the incident's definition names one.
    pub url: Option<String>,
    /// Signed by a key the owner trusts (else the page warns first).
    pub verified: bool,
    /// Whose key signed it (the association's name), when verified.
    pub signer: Option<String>,
    pub fingerprint: Option<String>,
    /// Errors the claim still has (it is not sent with any).
    pub errors: i64,
    /// Already in the outbox.
    pub waiting: bool,
}

pub fn destination(store: &Store, id: &ClaimId) -> AppResult<Destination> {
    use claim_core::signature::Verification;
    let summary = store.claim(id.as_str())?.summary;
    let address = match summary.incident.as_deref() {
        Some(incident) => store.submit_address(incident)?,
        None => None,
    };
    let (url, verification) = address.map_or((None, None), |(to, verification)| {
        (Some(to.url), Some(verification))
    });
    let (verified, signer, fingerprint) = match verification {
        Some(Verification::Verified {
            signer,
            fingerprint,
            ..
        }) => (true, Some(signer), Some(fingerprint)),
        _ => (false, None, None),
    };
    Ok(Destination {
        url,
        verified,
        signer,
        fingerprint,
        errors: summary.error_count,
        waiting: summary.waiting,
    })
}
