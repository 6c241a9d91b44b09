//! The outbox of online submission: a claim's bundle, kept byte for byte
//! before it is sent, with where it goes and the key its receipt must be
//! signed with. It stays until the server answers (a receipt, or a refusal
//! of the claim), through a lost network, a restart or a killed process;
//! an edit of the claim drops it (what waits is no longer what is stored).
//! Each change is a line in the claim's audit.

use crate::{Result, Store};
use rusqlite::{params, OptionalExtension, Transaction};

/// What goes into the outbox for one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing<'a> {
    /// The server's base address (the definition's `submit.url`).
    pub url: &'a str,
    /// Its public key, base64 (the definition's `submit.server_key`).
    pub server_key: &'a str,
    /// The exact bundle to send.
    pub bundle: &'a [u8],
    /// Whether it carries the customers' names and numbers unmasked.
    pub customer_details: bool,
}

/// A claim waiting in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub claim_id: String,
    pub number: String,
    pub url: String,
    pub server_key: String,
    pub bundle: Vec<u8>,
    pub bundle_sha256: String,
    pub customer_details: bool,
    pub queued_at: String,
    pub attempts: i64,
    pub last_attempt_at: Option<String>,
    /// Why the last attempt got no answer, in the app's own words (never
    /// anything the claim holds).
    pub last_problem: Option<String>,
}

const WAITING_COLUMNS: &str =
    "o.claim_id, c.number, o.url, o.server_key, o.bundle, o.bundle_sha256,
    o.customer_details, o.queued_at, o.attempts, o.last_attempt_at, o.last_problem";

fn waiting_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Waiting> {
    Ok(Waiting {
        claim_id: row.get(0)?,
        number: row.get(1)?,
        url: row.get(2)?,
        server_key: row.get(3)?,
        bundle: row.get(4)?,
        bundle_sha256: row.get(5)?,
        customer_details: row.get(6)?,
        queued_at: row.get(7)?,
        attempts: row.get(8)?,
        last_attempt_at: row.get(9)?,
        last_problem: row.get(10)?,
    })
}

impl Store {
    /// Puts claim `id`'s bundle in the outbox (replacing one waiting for
    /// it), saved before anything is sent.
    pub fn queue_submission(&mut self, id: &str, outgoing: &Outgoing<'_>) -> Result<Waiting> {
        let now = self.clock.stored_now();
        let sha256 = crate::sha256_hex(outgoing.bundle);
        self.write(|tx| {
            crate::claims::summary(tx, id)?;
            tx.execute(
                "INSERT INTO outbox (claim_id, url, server_key, bundle, bundle_sha256,
                     customer_details, queued_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (claim_id) DO UPDATE SET url = excluded.url,
                     server_key = excluded.server_key, bundle = excluded.bundle,
                     bundle_sha256 = excluded.bundle_sha256,
                     customer_details = excluded.customer_details,
                     queued_at = excluded.queued_at, attempts = 0,
                     last_attempt_at = NULL, last_problem = NULL",
                params![
                    id,
                    outgoing.url,
                    outgoing.server_key,
                    outgoing.bundle,
                    sha256,
                    outgoing.customer_details,
                    now
                ],
            )?;
            tx.execute(
                "INSERT INTO audit (claim_id, at, event, sha256, note) VALUES (?1, ?2, 'queued', ?3, ?4)",
                params![id, now, sha256, outgoing.url],
            )?;
            waiting_in(tx, id)?.ok_or(crate::StoreError::ClaimNotFound)
        })
    }

    /// Every claim waiting, the longest waiting first.
    pub fn waiting(&self) -> Result<Vec<Waiting>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {WAITING_COLUMNS} FROM outbox o JOIN claim c ON c.id = o.claim_id
             ORDER BY o.queued_at, o.claim_id"
        ))?;
        let rows = statement
            .query_map([], waiting_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Claim `id`'s bundle waiting, if one is.
    pub fn waiting_for(&self, id: &str) -> Result<Option<Waiting>> {
        waiting_in(&self.conn, id)
    }

    /// An attempt to send claim `id` that got no answer: `problem` says
    /// why, in the app's words. It keeps waiting.
    pub fn note_attempt(&mut self, id: &str, problem: &str) -> Result<()> {
        let now = self.clock.stored_now();
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?2, last_problem = ?3
                 WHERE claim_id = ?1",
                params![id, now, problem],
            )?;
            Ok(())
        })
    }

    /// The server answered for claim `id` (`answered`: what it said, for
    /// the audit): it leaves the outbox.
    pub fn unqueue(&mut self, id: &str, answered: &str) -> Result<()> {
        let now = self.clock.stored_now();
        self.write(|tx| drop_waiting(tx, id, &now, answered))
    }
}

fn waiting_in(conn: &rusqlite::Connection, id: &str) -> Result<Option<Waiting>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {WAITING_COLUMNS} FROM outbox o JOIN claim c ON c.id = o.claim_id
                 WHERE o.claim_id = ?1"
            ),
            [id],
            waiting_from_row,
        )
        .optional()?)
}

/// Takes claim `id` out of the outbox, if it waits, with an audit line
/// saying why (`why`).
pub(crate) fn drop_waiting(tx: &Transaction<'_>, id: &str, now: &str, why: &str) -> Result<()> {
    let dropped = tx.execute("DELETE FROM outbox WHERE claim_id = ?1", [id])?;
    if dropped > 0 {
        tx.execute(
            "INSERT INTO audit (claim_id, at, event, note) VALUES (?1, ?2, 'unqueued', ?3)",
            params![id, now, why],
        )?;
    }
    Ok(())
}
