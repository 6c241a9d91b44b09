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
        let tx = self.conn_mut().transaction()?;
        let erased = erase_in(&tx, id, &at)?;
        tx.commit()?;
        self.forget_old_pages()?;
        if erased {
            self.erase_in_copies(&[id.to_owned()], &at);
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
        let tx = self.conn_mut().transaction()?;
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
            self.erase_in_copies(&erased, &at);
        }
        Ok(erased)
    }

    /// An erasure reaches the association's automatic copies too, as the
    /// shop's does its own: the daily backups and the data a restore
    /// replaced. A copy that cannot be opened to erase in is deleted (what
    /// was erased must not stay anywhere but in a backup staff made and
    /// keep); so is a damaged file a restore set aside whole.
    fn erase_in_copies(&self, ids: &[String], at: &str) {
        let Some(data_dir) = self
            .conn()
            .path()
            .and_then(|path| std::path::Path::new(path).parent())
        else {
            return;
        };
        let _ = claim_store::erase_in_copies_of(data_dir, &crate::desk::ASSOCIATION_DATA, |copy| {
            erase_in_copy(copy, ids, at)
        });
    }

    fn forget_old_pages(&self) -> Result<(), DeskError> {
        self.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// Erases the customer details of `ids` in the association copy at `path`,
/// where they are there, leaving it one whole file again.
fn erase_in_copy(path: &std::path::Path, ids: &[String], at: &str) -> Result<(), DeskError> {
    let kind = &crate::desk::ASSOCIATION_DATA;
    let mut conn = claim_store::database::open_ours(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        kind.version,
        |conn| {
            (kind.migrations)()
                .to_latest(conn)
                .map_err(|error| claim_store::StoreError::Migration(error.to_string()))
        },
    )
    .map_err(DeskError::Backup)?;
    let tx = conn.transaction()?;
    for id in ids {
        match erase_in(&tx, id, at) {
            // A claim received after the copy was made is not in it.
            Ok(_) | Err(DeskError::NotFound) => {}
            Err(error) => return Err(error),
        }
    }
    tx.commit()?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}
