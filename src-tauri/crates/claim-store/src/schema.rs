//! The schema, as an append-only list of migrations. Never edit a released
//! migration: add the next one (and its upgrade test from the v1 fixture).

use rusqlite_migration::{Migrations, M};

const MIGRATIONS: &[M<'static>] = &[
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
    Migrations::from_slice(MIGRATIONS)
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
