//! The staff's review of a received claim: its moves, its notes and its
//! log.

use super::store::Store;
use super::{now, Desk, DeskError, ReceivedClaim};
use serde::Serialize;

/// The staff's review of a received claim: claim-core's one type, which
/// the answers carry to the shop as they are.
pub use claim_core::status::Review;

/// One line of a claim's review log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewEntry {
    pub at: String,
    pub from: String,
    pub to: String,
    /// The reason or note given, `held change …`, or `receipt RC-…`.
    pub note: Option<String>,
    /// Who: the signed-in member of staff (none at the desktop's desk).
    pub actor: Option<String>,
}

impl<S: Store> Desk<S> {
    /// Moves a received claim's review (`note` is the reason when returned).
    pub fn review(
        &mut self,
        id: &str,
        to: Review,
        note: Option<&str>,
    ) -> Result<ReceivedClaim, DeskError> {
        self.review_seen(id, to, note, None)
    }

    /// [`Desk::review`] by someone who saw the claim at `seen` (its
    /// `review_version`): refused, saying who changed it and when, if it
    /// changed since. Nothing is overwritten unseen.
    pub fn review_seen(
        &mut self,
        id: &str,
        to: Review,
        note: Option<&str>,
        seen: Option<i64>,
    ) -> Result<ReceivedClaim, DeskError> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if to == Review::Returned && note.is_none() {
            return Err(DeskError::ReasonNeeded);
        }
        let at = now(self.clock);
        let mut ledger = self.store.begin()?;
        ledger.lock_claim(id)?;
        let claim = ledger.claim(id)?.ok_or(DeskError::NotFound)?;
        if seen.is_some_and(|seen| seen != claim.review_version) {
            let last = ledger.review_log(id)?.pop();
            return Err(DeskError::Stale {
                actor: last.as_ref().and_then(|entry| entry.actor.clone()),
                at: last.map(|entry| entry.at).unwrap_or_default(),
            });
        }
        let from = claim.review;
        if !from.can_become(to) {
            return Err(DeskError::Transition { from, to });
        }
        ledger.set_review(id, to, note)?;
        ledger.log(
            id,
            &ReviewEntry {
                at,
                from: from.code().to_owned(),
                to: to.code().to_owned(),
                note: note.map(str::to_owned),
                actor: self.actor.clone(),
            },
        )?;
        ledger.commit()?;
        self.get(id)
    }

    /// "다음 청구서": the oldest current claim waiting for its first review
    /// that this desk's member of staff holds, else one nobody holds, now
    /// theirs for `hold_for` (then anyone's again). Two staff asking at
    /// once get two claims.
    pub fn next_claim(
        &mut self,
        hold_for: chrono::Duration,
    ) -> Result<Option<ReceivedClaim>, DeskError> {
        let now = self.clock.now();
        let actor = self.actor.clone().unwrap_or_else(|| "desk".to_owned());
        let mut ledger = self.store.begin()?;
        let next = ledger.take_next(
            &actor,
            &claim_core::dates::stored_instant(now),
            &claim_core::dates::stored_instant(now + hold_for),
        )?;
        ledger.commit()?;
        Ok(next)
    }

    /// The claim's review log, oldest first: every move, held change and
    /// receipt, with when.
    pub fn review_log(&self, id: &str) -> Result<Vec<ReviewEntry>, DeskError> {
        self.store.begin()?.review_log(id)
    }

    /// A staff note on a claim, without moving its review.
    pub fn note(&mut self, id: &str, note: &str) -> Result<ReceivedClaim, DeskError> {
        let mut ledger = self.store.begin()?;
        ledger.lock_claim(id)?;
        if !ledger.set_note(id, note.trim())? {
            return Err(DeskError::NotFound);
        }
        ledger.commit()?;
        self.get(id)
    }
}
