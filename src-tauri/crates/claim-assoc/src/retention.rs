//! Customer details at the association: erased a set time after the staff
//! finished with a claim (forwarded or returned), or after a newer claim
//! from the same shop replaced it; or at once, by the staff. What stays is
//! when it happened, never what was erased.
//!
//! A received PDF that showed customer details unmasked (the owner opted
//! in) goes with them: it cannot be edited, and the claim's data stays.
//!
//! The rules are written once, over any store: which claims are due (the
//! store finds them by the rule's own terms, [`Ledger::due_for_erasure`]),
//! what an erased claim keeps, and that the store's copies forget it too
//! ([`Store::forget_erased`]).

use crate::desk::store::{Ledger, Store};
use crate::desk::{now, Desk, DeskError};
use crate::table::Dialect;
use chrono::{DateTime, Utc};
use claim_core::dates::stored_instant;

/// The query a store finds the claims due with ([`Ledger::due_for_erasure`]),
/// its one parameter the cutoff: the rule's terms, written once.
pub fn due_for_erasure_sql(dialect: Dialect) -> String {
    let cutoff = match dialect {
        Dialect::Sqlite => "?1",
        Dialect::Postgres => "$1",
    };
    format!(
        "SELECT r.id FROM received r
         WHERE r.customer_details_erased_at IS NULL AND (
             (r.review_status IN ('forwarded', 'returned')
              AND (SELECT max(l.at) FROM review_log l
                   WHERE l.received_id = r.id AND l.to_status = r.review_status) <= {cutoff})
          OR (r.superseded_by IS NOT NULL
              AND (SELECT n.received_at FROM received n WHERE n.id = r.superseded_by) <= {cutoff}))
         ORDER BY r.seq"
    )
}

/// Erases claim `id`'s customer details in `ledger` (as of `at`, by `by`):
/// whether there were any.
pub(crate) fn erase_in(
    ledger: &mut dyn Ledger,
    id: &str,
    at: &str,
    by: Option<&str>,
) -> Result<bool, DeskError> {
    ledger.lock_claim(id)?;
    let text = ledger.document(id)?.ok_or(DeskError::NotFound)?;
    let Ok(mut document) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Ok(false);
    };
    let Some(erased) = claim_core::privacy::erase_customer_details(&mut document) else {
        return Ok(false);
    };
    let text = serde_json::to_string(&document).unwrap_or(text);
    ledger.keep_erased(id, &text, erased.unmasked, at, by)?;
    Ok(true)
}

impl<S: Store> Desk<S> {
    /// Erases the customer details of received claim `id` now.
    pub fn erase_customer_details(&mut self, id: &str) -> Result<bool, DeskError> {
        let at = now(self.clock);
        let mut ledger = self.store.begin()?;
        let erased = erase_in(ledger.as_mut(), id, &at, self.actor())?;
        ledger.commit()?;
        if erased {
            self.store.forget_erased(&[id.to_owned()], &at)?;
        }
        Ok(erased)
    }

    /// Erases the customer details of every claim forwarded, returned or
    /// replaced more than `days` before `now`. The ids erased.
    pub fn erase_expired(
        &mut self,
        now: DateTime<Utc>,
        days: u32,
    ) -> Result<Vec<String>, DeskError> {
        let cutoff = stored_instant(now - chrono::Duration::days(i64::from(days)));
        let at = stored_instant(now);
        let mut ledger = self.store.begin()?;
        let mut erased = Vec::new();
        for id in ledger.due_for_erasure(&cutoff)? {
            if erase_in(ledger.as_mut(), &id, &at, None)? {
                erased.push(id);
            }
        }
        ledger.commit()?;
        if !erased.is_empty() {
            self.store.forget_erased(&erased, &at)?;
        }
        Ok(erased)
    }
}
