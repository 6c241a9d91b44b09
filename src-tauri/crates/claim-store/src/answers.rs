//! What the association sent back, kept with the claim it is about: the
//! receipt (the signed file as received, the shop's proof of handing in)
//! and the latest answer. The app checks a file's signature and content
//! before it comes here; the store keeps the state and the audit lines.
//!
//! Moves, by claim-core's one table ([`Status::on`]): a
//! receipt marks the claim submitted (it was handed in); an answer that the
//! claim was received, checked or forwarded marks it submitted; a returned
//! claim opens for editing again (draft), its reason kept until the
//! corrected claim is handed in (then `resent`). The receipt kept for the
//! content handed in before a return is refused if imported again.

use crate::claims::{apply, summary, ClaimSummary};
use crate::{Result, Store};
use claim_core::status::{Event, Review};
use rusqlite::{params, OptionalExtension, Transaction};

/// An answer to apply, as the app read it from a verified file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingAnswer<'a> {
    pub status: Review,
    pub reason: Option<&'a str>,
    /// When the association's review moved (RFC 3339, UTC).
    pub at: &'a str,
}

/// What applying an answer did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerApplied {
    /// Newer than what the claim knew: applied.
    Applied(Box<ClaimSummary>),
    /// The same or an older answer than the one kept: nothing changed.
    AlreadyKnown,
}

/// How the store keeps an answer that was returned and then handed in
/// again: a state of the shop's own, beside the association's four.
pub(crate) const RESENT: &str = "resent";

/// The answer kept in `answer_status`: the association's review, and
/// whether a returned claim has been handed in again since.
pub(crate) fn stored_answer(code: &str) -> Option<(Review, bool)> {
    match code {
        RESENT => Some((Review::Returned, true)),
        code => Review::from_code(code).map(|review| (review, false)),
    }
}

/// After a return, the claim handed in again (its export recorded).
pub(crate) fn resent(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.execute(
        "UPDATE claim SET answer_status = ?2 WHERE id = ?1 AND answer_status = ?3",
        params![id, RESENT, Review::Returned.code()],
    )?;
    Ok(())
}

impl Store {
    /// Keeps the receipt `file` (number `number`, the association's number
    /// for the claim `intake_number` when the receipt carries one, for the
    /// claim content hashing to `claim_sha256`) and marks the claim
    /// submitted. A receipt
    /// already kept for the claim is replaced only by one for other content
    /// (the claim handed in again after a return).
    pub fn record_receipt(
        &mut self,
        id: &str,
        number: &str,
        intake_number: Option<&str>,
        claim_sha256: &str,
        file: &[u8],
    ) -> Result<ClaimSummary> {
        let now = self.clock.stored_now();
        let saved = self.write(|tx| {
            let from = summary(tx, id)?.status;
            // The receipt kept for this same content, while the claim has
            // been returned since: it proves a handing in the return undid.
            let kept_sha: Option<String> = tx
                .query_row(
                    "SELECT claim_sha256 FROM receipt WHERE claim_id = ?1",
                    [id],
                    |row| row.get(0),
                )
                .optional()?;
            let answer_status: Option<String> = tx
                .query_row(
                    "SELECT answer_status FROM claim WHERE id = ?1",
                    [id],
                    |row| row.get(0),
                )
                .optional()?
                .flatten();
            let before_return = kept_sha.as_deref() == Some(claim_sha256)
                && answer_status.as_deref().and_then(stored_answer)
                    == Some((Review::Returned, false));
            // Refused (withdrawn, or the receipt of before a return) before
            // anything is kept.
            from.on(Event::Receipt { before_return })?;
            tx.execute(
                "INSERT INTO receipt (claim_id, number, claim_sha256, file, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(claim_id) DO UPDATE SET number = excluded.number,
                     claim_sha256 = excluded.claim_sha256, file = excluded.file, imported_at = excluded.imported_at",
                params![id, number, claim_sha256, file, now],
            )?;
            tx.execute(
                // A /1 receipt for the claim handed in again keeps the
                // number an earlier /2 receipt gave: corrections keep it.
                "UPDATE claim SET receipt_number = ?2, intake_number = coalesce(?3, intake_number) WHERE id = ?1",
                params![id, number, intake_number],
            )?;
            let event = Event::Receipt { before_return };
            match apply(tx, id, from, event, &now, "receipt", Some(number))? {
                Some(_) => {}
                None => {
                    tx.execute(
                        "INSERT INTO audit (claim_id, at, event, sha256, note) VALUES (?1, ?2, 'receipt', ?3, ?4)",
                        params![id, now, claim_sha256, number],
                    )?;
                }
            }
            summary(tx, id)
        })?;
        Ok(self.filled(saved))
    }

    /// The receipt file kept for claim `id`, and its number.
    pub fn receipt(&self, id: &str) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT number, file FROM receipt WHERE claim_id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }

    /// Applies the association's answer on claim `id`, unless the claim
    /// already knows this answer or a newer one.
    pub fn record_answer(
        &mut self,
        id: &str,
        answer: &IncomingAnswer<'_>,
    ) -> Result<AnswerApplied> {
        let now = self.clock.stored_now();
        let applied = self.write(|tx| {
            let from = summary(tx, id)?.status;
            let known: Option<(Option<String>, Option<String>, Option<String>)> = tx
                .query_row(
                    "SELECT answer_status, answer_reason, answer_at FROM claim WHERE id = ?1",
                    [id],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )
                .optional()?;
            let known_at = known.as_ref().and_then(|(_, _, at)| at.clone());
            let instant = |text: &str| claim_core::dates::parse_instant(text);
            let newer = match known_at.as_deref().and_then(instant) {
                None => true,
                Some(known) => instant(answer.at).is_some_and(|at| at > known),
            };
            if !newer {
                return Ok(None);
            }
            tx.execute(
                "UPDATE claim SET answer_status = ?2, answer_reason = ?3, answer_at = ?4 WHERE id = ?1",
                params![id, answer.status.code(), answer.reason, answer.at],
            )?;
            let note = match answer.reason {
                Some(reason) => format!("{}: {reason}", answer.status.code()),
                None => answer.status.code().to_owned(),
            };
            let event = Event::Answer(answer.status);
            match apply(tx, id, from, event, &now, "answer", Some(&note))? {
                Some(_) => {}
                None => {
                    tx.execute(
                        "INSERT INTO audit (claim_id, at, event, note) VALUES (?1, ?2, 'answer', ?3)",
                        params![id, now, note],
                    )?;
                }
            }
            Ok(Some(summary(tx, id)?))
        })?;
        Ok(match applied {
            Some(summary) => AnswerApplied::Applied(Box::new(self.filled(summary))),
            None => AnswerApplied::AlreadyKnown,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_answer_reads_back_as_the_review_it_was() {
        for review in Review::ALL {
            assert_eq!(stored_answer(review.code()), Some((review, false)));
        }
        // Only a returned claim is handed in again.
        assert_eq!(stored_answer(RESENT), Some((Review::Returned, true)));
        for stranger in ["", "paid", "Returned", "resent "] {
            assert_eq!(stored_answer(stranger), None, "{stranger:?}");
        }
    }
}
