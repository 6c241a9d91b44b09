//! Customer details at the association: erased a set time after the staff
//! finished with a claim (forwarded or returned), or after a newer claim
//! from the same shop replaced it; or at once, by the staff. What stays is
//! when it happened, never what was erased.
//!
//! A received PDF that showed customer details unmasked (the owner opted
//! in) goes with them: it cannot be edited, and the claim's data stays.

use crate::desk::{now, AssocDesk, DeskError, DOCUMENT_OF};
use chrono::{DateTime, Utc};
use claim_core::dates::stored_instant;
use rusqlite::{params, OptionalExtension, Transaction};

fn erase_in(tx: &Transaction<'_>, id: &str, at: &str) -> Result<bool, DeskError> {
    let text: String = tx
        .query_row(DOCUMENT_OF, [id], |row| row.get(0))
        .optional()?
        .ok_or(DeskError::NotFound)?;
    let Ok(mut document) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Ok(false);
    };
    let Some(erased) = claim_core::privacy::erase_customer_details(&mut document) else {
        return Ok(false);
    };
    let unmasked = erased.unmasked;
    let text = serde_json::to_string(&document).unwrap_or(text);
    tx.execute(
        "UPDATE received_body SET document = ?2, pdf = CASE WHEN ?3 THEN NULL ELSE pdf END
         WHERE seq = (SELECT seq FROM received WHERE id = ?1)",
        params![id, text, unmasked],
    )?;
    tx.execute(
        "UPDATE received SET customer_details_erased_at = ?2,
             has_pdf = CASE WHEN ?3 THEN 0 ELSE has_pdf END
         WHERE id = ?1",
        params![id, at, unmasked],
    )?;
    Ok(true)
}

impl AssocDesk {
    /// Erases the customer details of received claim `id` now.
    pub fn erase_customer_details(&mut self, id: &str) -> Result<bool, DeskError> {
        let at = now(self.clock);
        let tx = self.conn.transaction()?;
        let erased = erase_in(&tx, id, &at)?;
        tx.commit()?;
        self.forget_old_pages()?;
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
        let tx = self.conn.transaction()?;
        let due: Vec<String> = {
            let mut statement = tx.prepare(
                "SELECT r.id FROM received r
                 WHERE r.customer_details_erased_at IS NULL AND (
                     (r.review_status IN ('forwarded', 'returned')
                      AND (SELECT max(l.at) FROM review_log l
                           WHERE l.received_id = r.id AND l.to_status = r.review_status) <= ?1)
                  OR (r.superseded_by IS NOT NULL
                      AND (SELECT n.received_at FROM received n WHERE n.id = r.superseded_by) <= ?1))
                 ORDER BY r.seq",
            )?;
            let ids = statement
                .query_map([&cutoff], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            ids
        };
        let mut erased = Vec::new();
        for id in due {
            if erase_in(&tx, &id, &at)? {
                erased.push(id);
            }
        }
        tx.commit()?;
        if !erased.is_empty() {
            self.forget_old_pages()?;
        }
        Ok(erased)
    }

    fn forget_old_pages(&self) -> Result<(), DeskError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}
