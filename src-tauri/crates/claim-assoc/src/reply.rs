//! What the desk sends back to shops: a receipt for one received claim, and
//! the answers (the review of each current claim), both signed with the
//! association's key (`claim_core::answer`). A receipt is issued once per
//! received claim and kept as signed, so a second copy is the same file;
//! issuing it is written in the claim's review log.

use crate::desk::{now, Desk, DeskError, ReceivedClaim, Review, ReviewEntry, Store};
use chrono::{DateTime, Datelike, Utc};
use claim_core::answer::{
    Answer, Answers, Receipt, ANSWERS_FORMAT, RECEIPT_FORMAT, SHOP_ANSWERS_FORMAT,
};
use claim_core::dates::{stored_instant, KST};

/// A receipt as issued: what it says, the signed file, and the signing
/// key's fingerprint (printed on the paper receipt).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedReceipt {
    pub receipt: Receipt,
    pub file: Vec<u8>,
    pub fingerprint: String,
    /// Issued by this call (else the copy issued before).
    pub new: bool,
}

/// The association's signing key, and the name it signs as.
pub struct Signer<'a> {
    pub secret_key: &'a [u8; 32],
    pub issuer: &'a str,
}

/// Never prints the secret key.
impl std::fmt::Debug for Signer<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Signer")
            .field("issuer", &self.issuer)
            .field("fingerprint", &self.key().fingerprint())
            .finish()
    }
}

impl Signer<'_> {
    fn key(&self) -> claim_core::signature::TrustedKey {
        claim_core::signature::TrustedKey::of_secret(self.issuer, self.secret_key)
    }
}

/// A name cut to what a receipt holds (200 characters), hidden characters
/// dropped.
fn receipt_name(name: &str) -> String {
    claim_core::signature::key_name(name)
        .chars()
        .take(200)
        .collect()
}

impl<S: Store> Desk<S> {
    /// The receipt of received claim `id`: issued now (numbered
    /// `RC-<year>-<n>` in Korea's calendar year), or the one issued before.
    pub fn issue_receipt(
        &mut self,
        id: &str,
        signer: &Signer<'_>,
        at: DateTime<Utc>,
    ) -> Result<IssuedReceipt, DeskError> {
        let logged_at = now(self.clock);
        let actor = self.actor().map(str::to_owned);
        let mut ledger = self.store.begin()?;
        // Two asking at once: the second waits, then finds the first's.
        ledger.lock_claim(id)?;
        let claim = ledger.claim(id)?.ok_or(DeskError::NotFound)?;
        if let Some(file) = ledger.receipt_file(id)? {
            // The copy kept is the one the shop has, whichever key signed it
            // then (the association may have changed keys since).
            let kept = Receipt::open_own(&file).map_err(|_| DeskError::Schema)?;
            return Ok(IssuedReceipt {
                receipt: kept.content,
                file,
                fingerprint: kept.fingerprint,
                new: false,
            });
        }
        let (Some(claim_id), Some(registration_number)) = (
            claim.facts.claim_id.clone(),
            claim.facts.registration_number.clone(),
        ) else {
            return Err(DeskError::NotReceiptable);
        };
        let issued_at = stored_instant(at);
        let year = at.with_timezone(&KST).year();
        let next = ledger.next_receipt_number(year)?;
        let receipt = Receipt {
            format: RECEIPT_FORMAT.to_owned(),
            intake_number: claim.intake_number.clone(),
            receipt_number: format!("RC-{year}-{next:06}"),
            claim_id,
            claim_number: claim.claim_number.clone(),
            registration_number,
            business_name: claim.facts.business_name.as_deref().map(receipt_name),
            claimed: claim.facts.claimed,
            received_at: claim.received_at.clone(),
            issued_at: issued_at.clone(),
            claim_sha256: claim.document_sha256.clone(),
            issuer: receipt_name(signer.issuer),
        };
        let file = receipt
            .sign(signer.secret_key)
            .map_err(|error| DeskError::Reply(error.to_string()))?;
        ledger.keep_receipt(&receipt.receipt_number, id, &issued_at, &file)?;
        ledger.log(
            id,
            &ReviewEntry {
                at: logged_at,
                from: claim.review.code().to_owned(),
                to: claim.review.code().to_owned(),
                note: Some(format!("receipt {}", receipt.receipt_number)),
                actor,
            },
        )?;
        ledger.commit()?;
        Ok(IssuedReceipt {
            receipt,
            file,
            fingerprint: signer.key().fingerprint(),
            new: true,
        })
    }

    /// The signed receipt file issued for received claim `id`, if any.
    pub fn receipt_file(&self, id: &str) -> Result<Option<Vec<u8>>, DeskError> {
        self.store.begin()?.receipt_file(id)
    }

    /// The receipt number issued for received claim `id`, if any.
    pub fn receipt_number(&self, id: &str) -> Result<Option<String>, DeskError> {
        self.store.begin()?.receipt_number_of(id)
    }

    /// When the review of `claim` last moved (else when it arrived).
    fn answered_at(&self, claim: &ReceivedClaim) -> Result<String, DeskError> {
        Ok(self
            .review_log(&claim.id)?
            .into_iter()
            .filter(|entry| entry.from != entry.to)
            .map(|entry| entry.at)
            .max()
            .unwrap_or_else(|| claim.received_at.clone()))
    }

    /// The answers for every current claim (of the business with
    /// `registration_number`, digits, or of all), signed: a file for one
    /// shop is `claimdesk.answers/2` naming it, the record of all shops
    /// `claimdesk.answers/1`. Claims without an
    /// id or a registration number cannot be matched by a shop and are left
    /// out. A returned claim carries its reason; other notes are the
    /// staff's own and stay at the desk.
    pub fn answers(
        &self,
        registration_number: Option<&str>,
        signer: &Signer<'_>,
        at: DateTime<Utc>,
    ) -> Result<(Answers, Vec<u8>), DeskError> {
        let wanted: Option<String> =
            registration_number.map(|text| text.chars().filter(char::is_ascii_digit).collect());
        let list = self.answer_list(
            |claim| wanted.is_none() || claim.facts.registration_number == wanted,
            None,
        )?;
        Self::signed_answers(list, wanted, signer, at)
    }

    /// The answers about the claims with the ids in `claim_ids` (those one
    /// shop's key sent), which moved at or after `since` (all when `None`),
    /// signed as `claimdesk.answers/1`: each answer names its business, and
    /// the shop's app matches them one by one. An answer at `since` itself
    /// comes again (two reviews can share an instant); the app knows it
    /// already and changes nothing.
    pub fn answers_about(
        &self,
        claim_ids: &std::collections::HashSet<String>,
        since: Option<DateTime<Utc>>,
        signer: &Signer<'_>,
        at: DateTime<Utc>,
    ) -> Result<(Answers, Vec<u8>), DeskError> {
        let list = self.answer_list(
            |claim| {
                claim
                    .facts
                    .claim_id
                    .as_ref()
                    .is_some_and(|id| claim_ids.contains(id))
            },
            since,
        )?;
        Self::signed_answers(list, None, signer, at)
    }

    fn answer_list(
        &self,
        wanted: impl Fn(&ReceivedClaim) -> bool,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<Answer>, DeskError> {
        let mut current = Vec::new();
        self.for_each_current(|claim| {
            if wanted(&claim) {
                current.push(claim);
            }
        })?;
        let mut list = Vec::with_capacity(current.len());
        for claim in current {
            let (Some(claim_id), Some(registration_number)) = (
                claim.facts.claim_id.clone(),
                claim.facts.registration_number.clone(),
            ) else {
                continue;
            };
            let answered_at = self.answered_at(&claim)?;
            if let Some(since) = since {
                if claim_core::dates::parse_instant(&answered_at).is_some_and(|at| at < since) {
                    continue;
                }
            }
            list.push(Answer {
                claim_id,
                claim_number: claim.claim_number.clone(),
                registration_number,
                status: claim.review,
                reason: (claim.review == Review::Returned)
                    .then(|| claim.review_note.clone())
                    .flatten(),
                at: answered_at,
                claim_sha256: claim.document_sha256.clone(),
                receipt_number: self.receipt_number(&claim.id)?,
            });
        }
        Ok(list)
    }

    fn signed_answers(
        list: Vec<Answer>,
        wanted: Option<String>,
        signer: &Signer<'_>,
        at: DateTime<Utc>,
    ) -> Result<(Answers, Vec<u8>), DeskError> {
        let answers = Answers {
            format: if wanted.is_some() {
                SHOP_ANSWERS_FORMAT
            } else {
                ANSWERS_FORMAT
            }
            .to_owned(),
            shop: wanted,
            issued_at: stored_instant(at),
            issuer: receipt_name(signer.issuer),
            answers: list,
        };
        let file = answers
            .sign(signer.secret_key)
            .map_err(|error| DeskError::Reply(error.to_string()))?;
        Ok((answers, file))
    }
}
