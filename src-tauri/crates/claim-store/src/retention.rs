//! How long customers' names and phone numbers are kept (개인정보보호법:
//! no longer than needed). A set time after a claim is settled or
//! withdrawn they are erased from it; the owner can also erase them at once.
//! The audit trail records that an erasure happened and why, never what was
//! erased. The clock is the caller's, so tests move it instead of sleeping.

use crate::{problem_counts, summary, Result, Status, Store, StoreError};
use chrono::{DateTime, Utc};
use claim_core::dates::stored_instant;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Days after a claim is settled or withdrawn before its customer details go.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
const MAX_RETENTION_DAYS: u32 = 3650;
const RETENTION_SETTING: &str = "customer_details_retention_days";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureReason {
    /// The retention time passed.
    Retention,
    /// The owner asked ("erase now").
    Owner,
}

impl ErasureReason {
    fn event(self) -> &'static str {
        match self {
            ErasureReason::Retention => "customer_details_erased_retention",
            ErasureReason::Owner => "customer_details_erased_by_owner",
        }
    }
}

impl Store {
    pub fn retention_days(&self) -> Result<u32> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM setting WHERE key = ?1",
                [RETENTION_SETTING],
                |row| row.get(0),
            )
            .optional()?;
        Ok(stored
            .and_then(|text| text.parse().ok())
            .unwrap_or(DEFAULT_RETENTION_DAYS))
    }

    pub fn set_retention_days(&mut self, days: u32) -> Result<()> {
        if !(1..=MAX_RETENTION_DAYS).contains(&days) {
            return Err(StoreError::RetentionInvalid);
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![RETENTION_SETTING, days.to_string()],
            )?;
            Ok(())
        })
    }

    /// Erases the customer names and phones of claim `id` now, whatever its
    /// status; `false` if it held none (nothing is recorded then).
    pub fn erase_customer_details(
        &mut self,
        id: &str,
        reason: ErasureReason,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let incidents = self.incidents.clone();
        let at = stored_instant(now);
        let erased = self.write(|tx| erase_in(tx, &incidents, id, reason, &at))?;
        if erased {
            self.forget_old_pages()?;
            self.erase_in_copies(&[id.to_owned()], reason, &at)?;
        }
        Ok(erased)
    }

    /// Erases the customer details of every settled or withdrawn claim
    /// closed more than the retention time before `now`. Returns the claim
    /// numbers erased.
    pub fn erase_expired(&mut self, now: DateTime<Utc>) -> Result<Vec<String>> {
        let days = self.retention_days()?;
        let cutoff_at = now - chrono::Duration::days(i64::from(days));
        self.remove_expired_unreadable_copies(cutoff_at)?;
        let cutoff = stored_instant(cutoff_at);
        let at = stored_instant(now);
        let incidents = self.incidents.clone();
        let erased = self.write(|tx| {
            let due: Vec<(String, String)> = {
                let mut statement = tx.prepare(
                    "SELECT c.id, c.number FROM claim c
                     WHERE c.status IN ('settled', 'withdrawn')
                       AND (SELECT max(a.at) FROM audit a
                            WHERE a.claim_id = c.id AND a.to_status = c.status) <= ?1",
                )?;
                let rows = statement
                    .query_map([&cutoff], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                rows
            };
            let mut erased = Vec::new();
            for (id, number) in due {
                if erase_in(tx, &incidents, &id, ErasureReason::Retention, &at)? {
                    erased.push((id, number));
                }
            }
            Ok(erased)
        })?;
        if !erased.is_empty() {
            self.forget_old_pages()?;
            let ids: Vec<String> = erased.iter().map(|(id, _)| id.clone()).collect();
            self.erase_in_copies(&ids, ErasureReason::Retention, &at)?;
        }
        Ok(erased.into_iter().map(|(_, number)| number).collect())
    }

    /// When claim `id`'s customer details will be erased (a settled or
    /// withdrawn claim still holding some), as RFC 3339 UTC.
    pub fn customer_details_erased_on(&self, id: &str) -> Result<Option<String>> {
        let claim = self.claim(id)?;
        if !matches!(claim.summary.status, Status::Settled | Status::Withdrawn)
            || !claim_core::privacy::holds_customer_details(&claim.document)
        {
            return Ok(None);
        }
        let closed: Option<String> = self.conn.query_row(
            "SELECT max(at) FROM audit WHERE claim_id = ?1 AND to_status = ?2",
            params![id, claim.summary.status.code()],
            |row| row.get(0),
        )?;
        let days = i64::from(self.retention_days()?);
        Ok(closed
            .and_then(|at| DateTime::parse_from_rfc3339(&at).ok())
            .map(|at| stored_instant(at.with_timezone(&Utc) + chrono::Duration::days(days))))
    }

    /// An erasure reaches the store's automatic copies too: the daily
    /// backups and the data a restore replaced (`before-restore-*.sqlite3`),
    /// which would otherwise keep the names for 14 days or for ever. A copy
    /// that cannot be opened to erase in is deleted: what was erased must not
    /// stay anywhere but in a backup the owner made and keeps. So is a
    /// damaged store a restore set aside whole (`*.unreadable`): nothing can
    /// be erased in it.
    fn erase_in_copies(&self, ids: &[String], reason: ErasureReason, at: &str) -> Result<()> {
        let Some(data_dir) = self.data_dir() else {
            return Ok(());
        };
        crate::backup::erase_in_copies_of(&data_dir, &crate::backup::SHOP_DATA, |copy| {
            erase_in_copy(copy, &self.incidents, ids, reason, at)
        })
    }

    fn data_dir(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .map(Path::new)
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    /// A damaged store a restore set aside whole holds customer details no
    /// erasure can reach: it goes once the retention time has passed since
    /// it was set aside (every claim's details in it are older than that).
    fn remove_expired_unreadable_copies(&self, cutoff: DateTime<Utc>) -> Result<()> {
        let Some(data_dir) = self.data_dir() else {
            return Ok(());
        };
        for (copy, set_aside) in crate::backup::unreadable_copies(&data_dir)? {
            // A name without a time is not ours to keep for ever either.
            if set_aside.is_none_or(|at| at <= cutoff) {
                let _ = std::fs::remove_file(copy);
            }
        }
        Ok(())
    }

    /// Erased text must not linger in free pages or the write-ahead log.
    fn forget_old_pages(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// Erases the customer details of `ids` in the copy at `path`, where they
/// are there, leaving it one whole file again.
fn erase_in_copy(
    path: &Path,
    incidents: &claim_core::Incidents,
    ids: &[String],
    reason: ErasureReason,
    at: &str,
) -> Result<()> {
    let mut conn = crate::store::open_store_file(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let tx = conn.transaction()?;
    for id in ids {
        match erase_in(&tx, incidents, id, reason, at) {
            Ok(_) | Err(StoreError::ClaimNotFound) => {}
            Err(other) => return Err(other),
        }
    }
    tx.commit()?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    // Back to a single file, as the copy was made.
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// Erases inside a transaction; the document is changed in place (the
/// claim's status, number and totals stay: erasure is not an edit).
fn erase_in(
    tx: &Transaction<'_>,
    incidents: &claim_core::Incidents,
    id: &str,
    reason: ErasureReason,
    at: &str,
) -> Result<bool> {
    summary(tx, id)?;
    let text: String = tx.query_row("SELECT document FROM claim WHERE id = ?1", [id], |row| {
        row.get(0)
    })?;
    let mut document: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| StoreError::Document(error.to_string()))?;
    if claim_core::privacy::erase_customer_details(&mut document).is_none() {
        return Ok(false);
    }
    let text = serde_json::to_string(&document)
        .map_err(|error| StoreError::Document(error.to_string()))?;
    let (errors, warnings) = claim_core::assess_document_with(text.as_bytes(), incidents)
        .map(|(_, assessment)| problem_counts(&assessment))
        .map_err(|error| StoreError::Document(error.message(claim_core::Lang::Ko)))?;
    tx.execute(
        "UPDATE claim SET document = ?2, error_count = ?3, warning_count = ?4 WHERE id = ?1",
        params![id, text, errors, warnings],
    )?;
    tx.execute(
        "INSERT INTO audit (claim_id, at, event) VALUES (?1, ?2, ?3)",
        params![id, at, reason.event()],
    )?;
    // A bundle waiting to be sent may carry the details just erased, and
    // is no longer what is stored.
    crate::outbox::drop_waiting(tx, id, at, "customer details erased")?;
    Ok(true)
}
