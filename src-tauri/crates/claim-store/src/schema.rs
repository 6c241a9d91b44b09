//! The schema, as an append-only list of migrations. Never edit a released
//! migration: add the next one (and its upgrade test from the v1 fixture).

use rusqlite_migration::{HookResult, Migrations, M};

/// The migrations that are plain SQL.
const SQL_MIGRATIONS: &[M<'static>] = &[
    // v1: businesses, claims with their cached totals, claim numbers, audit.
    M::up(
        "CREATE TABLE business (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            registration_number TEXT NOT NULL,
            document TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE claim (
            id TEXT PRIMARY KEY NOT NULL,
            number TEXT NOT NULL UNIQUE,
            business_id TEXT REFERENCES business(id) ON DELETE RESTRICT,
            status TEXT NOT NULL CHECK (status IN ('draft', 'ready', 'exported', 'submitted', 'settled', 'withdrawn')),
            document TEXT NOT NULL,
            business_name TEXT,
            registration_number TEXT,
            incident TEXT,
            claimed INTEGER,
            error_count INTEGER NOT NULL,
            warning_count INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX claim_by_status ON claim (status, updated_at);
        CREATE TABLE claim_number (
            year INTEGER PRIMARY KEY NOT NULL,
            last INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            event TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT,
            sha256 TEXT
        ) STRICT;
        CREATE INDEX audit_by_claim ON audit (claim_id, id);",
    ),
    // v2: evidence files, stored once per content (named by SHA-256), and
    // which claims they are attached to.
    M::up(
        "CREATE TABLE evidence_file (
            sha256 TEXT PRIMARY KEY NOT NULL,
            size INTEGER NOT NULL,
            media_type TEXT NOT NULL,
            content BLOB NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE claim_evidence (
            claim_id TEXT NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL REFERENCES evidence_file(sha256) ON DELETE RESTRICT,
            kind TEXT NOT NULL,
            file_name TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (claim_id, sha256, kind)
        ) STRICT;
        CREATE INDEX claim_evidence_by_file ON claim_evidence (sha256);",
    ),
    // v3: the claim list filters by incident and by business.
    M::up(
        "CREATE INDEX claim_by_incident ON claim (incident, created_at);
        CREATE INDEX claim_by_business ON claim (business_id, created_at);",
    ),
];

pub(crate) fn migrations() -> Migrations<'static> {
    let mut all = SQL_MIGRATIONS.to_vec();
    // v4: the claim list shows each claim's period. The period in force may
    // come from the incident incident, so the columns of claims already stored
    // are filled by the rules engine, not by SQL.
    all.push(M::up_with_hook(
        "ALTER TABLE claim ADD COLUMN period_from TEXT;
        ALTER TABLE claim ADD COLUMN period_to TEXT;",
        fill_periods,
    ));
    // v5: incident definitions the association issued (kept as the exact
    // file, so the signature can be checked again against today's keys),
    // the keys the owner trusts besides the shipped one, and settings (the
    // retention of customer details).
    all.push(M::up(
        "CREATE TABLE incident_definition (
            id TEXT PRIMARY KEY NOT NULL,
            file BLOB NOT NULL,
            imported_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE trusted_key (
            public_key TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            added_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE setting (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) STRICT;",
    ));
    // v6: what the association sent back: the receipt (kept as signed, the
    // shop's proof), the latest answer on each claim, and a note on audit
    // lines (the receipt number, the reason a claim was returned).
    all.push(M::up(
        "ALTER TABLE claim ADD COLUMN receipt_number TEXT;
        ALTER TABLE claim ADD COLUMN answer_status TEXT
            CHECK (answer_status IN ('received', 'checked', 'forwarded', 'returned', 'resent'));
        ALTER TABLE claim ADD COLUMN answer_reason TEXT;
        ALTER TABLE claim ADD COLUMN answer_at TEXT;
        CREATE TABLE receipt (
            claim_id TEXT PRIMARY KEY NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
            number TEXT NOT NULL,
            claim_sha256 TEXT NOT NULL,
            file BLOB NOT NULL,
            imported_at TEXT NOT NULL
        ) STRICT;
        ALTER TABLE audit ADD COLUMN note TEXT;",
    ));
    // v7: what each trusted key vouches for. Keys trusted before vouched
    // for incident definitions only, and keep that: a key must be trusted
    // again, for answers, before it can answer for the association.
    all.push(M::up(
        "ALTER TABLE trusted_key ADD COLUMN uses TEXT NOT NULL DEFAULT 'incidents'
            CHECK (uses IN ('incidents', 'answers', 'both'));",
    ));
    // v8: the association's own number for the claim (연합회 번호,
    // `RX-2026-000123`), which receipts carry from claimdesk.receipt/2 on.
    // Shops count their numbers from CD-…-000001 each, so this is the
    // number the association finds the claim by. Receipts kept before
    // were /1 and carry none: nothing to fill.
    all.push(M::up("ALTER TABLE claim ADD COLUMN intake_number TEXT;"));
    // v9: the outbox of online submission. The exact bundle is kept before
    // it is sent, so a claim waits through a lost network, a closed app or
    // a killed process, and a retry sends the very bytes the server may
    // already hold (idempotent there by claim id and SHA-256). The address
    // and the key its receipt must be signed with come from the incident
    // definition at the time of queueing.
    all.push(M::up(
        "CREATE TABLE outbox (
            claim_id TEXT PRIMARY KEY NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            server_key TEXT NOT NULL,
            bundle BLOB NOT NULL,
            bundle_sha256 TEXT NOT NULL,
            customer_details INTEGER NOT NULL CHECK (customer_details IN (0, 1)),
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_attempt_at TEXT,
            last_problem TEXT
        ) STRICT;",
    ));
    // v10: hearing back. Each business gets its own Ed25519 key on its
    // first online submission; the public half goes with every submission
    // and the server lets only requests signed with it read the answers.
    // The cursor is per server and business: the latest answer's instant
    // (the server's clock, never this PC's).
    all.push(M::up(
        "CREATE TABLE business_key (
            registration_number TEXT PRIMARY KEY NOT NULL,
            secret_key BLOB NOT NULL CHECK (length(secret_key) = 32),
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE answers_cursor (
            url TEXT NOT NULL,
            registration_number TEXT NOT NULL,
            since TEXT NOT NULL,
            PRIMARY KEY (url, registration_number)
        ) STRICT;",
    ));
    Migrations::new(all)
}

/// The schema version this build writes: the SQL migrations and the seven
/// pushed in `migrations()` (v4 to v10). `upgrade.rs` holds it to the
/// version an upgraded file ends at.
pub const SCHEMA_VERSION: usize = SQL_MIGRATIONS.len() + 7;

fn fill_periods(tx: &rusqlite::Transaction<'_>) -> HookResult {
    let mut claims = tx.prepare("SELECT id, document FROM claim")?;
    let rows = claims
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, document) in rows {
        // A document the rules cannot read keeps no period (it never had one).
        let Ok((_, assessment)) = claim_core::assess_document(document.as_bytes()) else {
            continue;
        };
        if let Some(period) = assessment.period {
            tx.execute(
                "UPDATE claim SET period_from = ?2, period_to = ?3 WHERE id = ?1",
                rusqlite::params![id, period.from.to_string(), period.to.to_string()],
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
