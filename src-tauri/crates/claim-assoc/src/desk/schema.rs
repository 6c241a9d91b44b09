//! The desktop's association file (`association.sqlite3`): its schema, in
//! order. The server's PostgreSQL has its own (`claimdesk-server`).

use rusqlite_migration::{Migrations, M};

pub const ASSOCIATION_FILE: &str = "association.sqlite3";

/// The association's file as the backups know it: seven daily copies (they
/// hold every received PDF, so they are large), and its own names, apart
/// from the shop store's.
pub const ASSOCIATION_DATA: claim_store::DataFile = claim_store::DataFile {
    file: ASSOCIATION_FILE,
    daily_prefix: "association-",
    kept_daily: 7,
    aside_prefix: "association-before-restore-",
    marker_table: "received",
    migrations,
    version: MIGRATIONS.len(),
};

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

pub(crate) const MIGRATIONS: &[M<'static>] = &[
    M::up(
    "CREATE TABLE received (
        id TEXT PRIMARY KEY NOT NULL,
        seq INTEGER NOT NULL UNIQUE,
        claim_id TEXT,
        registration_number TEXT,
        incident TEXT,
        business_name TEXT,
        industry TEXT,
        region TEXT,
        services TEXT NOT NULL,
        claimed INTEGER,
        revenue_loss INTEGER,
        tier TEXT NOT NULL,
        error_count INTEGER NOT NULL,
        warning_count INTEGER NOT NULL,
        missing_evidence TEXT NOT NULL,
        document TEXT NOT NULL,
        document_sha256 TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        made_at TEXT,
        received_at TEXT NOT NULL,
        review_status TEXT NOT NULL CHECK (review_status IN ('received', 'checked', 'forwarded', 'returned')),
        review_note TEXT,
        superseded_by TEXT REFERENCES received(id),
        pdf BLOB
    ) STRICT;
    CREATE INDEX received_by_key ON received (registration_number, incident);
    CREATE INDEX received_current ON received (superseded_by, seq);
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        received_id TEXT NOT NULL REFERENCES received(id),
        at TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        note TEXT
    ) STRICT;",
    ),
    // v2: when customer names and phones were erased from a received claim
    // (that they were, never what they were).
    M::up("ALTER TABLE received ADD COLUMN customer_details_erased_at TEXT;"),
    // v3: a newer claim changing where the money goes or who answers for it
    // (bank account, representative, phone) waits for the staff: which of
    // those it changes, and what they decided.
    M::up(
        "ALTER TABLE received ADD COLUMN held_changes TEXT;
         ALTER TABLE received ADD COLUMN held_state TEXT CHECK (held_state IN ('held', 'applied', 'dismissed'));
         -- The first schema's rows kept the number as written (105-23-45674);
         -- claims are matched on its digits alone.
         UPDATE received SET registration_number = replace(replace(registration_number, '-', ''), ' ', '')
         WHERE registration_number IS NOT NULL;",
    ),
    // v4: the shop's claim number (from a bundle's manifest), for the staff's
    // table and for answering the shop; and an index per way the table is
    // ordered, so a page of 100,000 claims is read in index order.
    M::up(
        "ALTER TABLE received ADD COLUMN claim_number TEXT;
         CREATE INDEX received_current_received_at ON received (superseded_by, received_at, seq);
         CREATE INDEX received_current_claimed ON received (superseded_by, claimed, seq);
         CREATE INDEX received_current_name ON received (superseded_by, business_name, seq);",
    ),
    // v5: the document and the PDF move to a table of their own, so a row of
    // the staff's table is a few hundred bytes, not a claim and a PDF (a page
    // of 100,000 claims read every row's overflow pages before).
    M::up(
        "CREATE TABLE received_body (
             seq INTEGER PRIMARY KEY REFERENCES received(seq),
             document TEXT NOT NULL,
             pdf BLOB
         ) STRICT;
         INSERT INTO received_body (seq, document, pdf) SELECT seq, document, pdf FROM received;
         ALTER TABLE received ADD COLUMN has_pdf INTEGER NOT NULL DEFAULT 0;
         UPDATE received SET has_pdf = pdf IS NOT NULL;
         ALTER TABLE received DROP COLUMN document;
         ALTER TABLE received DROP COLUMN pdf;
         -- The remaining orders of the table, as table.rs writes them.
         CREATE INDEX received_current_number ON received (superseded_by, claim_number, seq);
         CREATE INDEX received_current_review ON received (superseded_by,
             CASE review_status WHEN 'received' THEN 0 WHEN 'checked' THEN 1 WHEN 'forwarded' THEN 2 ELSE 3 END, seq);
         -- Every column a search or a filter reads, so counting the matches
         -- of 100,000 claims reads this index alone (a third of the rows).
         CREATE INDEX received_current_filter ON received (superseded_by, business_name, claim_number,
             registration_number, review_status, error_count, region, industry, claimed, missing_evidence,
             services);",
    ),
    // v6: the receipts issued (the signed file as given to the shop, so a
    // second copy is the same file), numbered per year.
    M::up(
        "CREATE TABLE receipt (
             number TEXT PRIMARY KEY NOT NULL,
             received_id TEXT NOT NULL UNIQUE REFERENCES received(id),
             issued_at TEXT NOT NULL,
             file BLOB NOT NULL
         ) STRICT;
         CREATE TABLE receipt_number (
             year INTEGER PRIMARY KEY NOT NULL,
             last INTEGER NOT NULL
         ) STRICT;",
    ),
    // v7: the days a shop was out, for incidents that pay by days out (spec
    // §3.1); NULL for others and for claims received before.
    M::up("ALTER TABLE received ADD COLUMN days_out INTEGER;"),
    // v8: two senders for one business (claims of different shops' lines
    // that disagree on where the money goes: both wait for the staff); and
    // whether the bundle's manifest said customer details were included,
    // which alone decides whether an export shows them (0: masked; claims
    // received before, PDFs and loose files have no manifest to say so).
    M::up(
        "ALTER TABLE received ADD COLUMN two_senders INTEGER NOT NULL DEFAULT 0;
         ALTER TABLE received ADD COLUMN customer_details_included INTEGER NOT NULL DEFAULT 0;",
    ),
    // v9: the association's own number for each claim it receives
    // (`RX-<year of intake>-<n>`): every shop counts from CD-2022-000001, so
    // the shop's number names 21 claims at once. One number per claim id
    // (a claim without one is its own line); a corrected version keeps it.
    // Claims received before are numbered in the order they first came,
    // per year (Korea time) of their first arrival.
    M::up(
        "ALTER TABLE received ADD COLUMN intake_number TEXT;
         CREATE TABLE intake_number (
             year INTEGER PRIMARY KEY NOT NULL,
             last INTEGER NOT NULL
         ) STRICT;
         -- Each intake looks up the number its claim id already has: by
         -- index, or 100,000 claims take minutes instead of seconds.
         CREATE INDEX received_by_claim_id ON received (claim_id);
         -- Numbered once into a keyed table: a CTE in the UPDATE's
         -- subquery would be computed again for every row.
         CREATE TEMP TABLE numbered (line TEXT PRIMARY KEY NOT NULL, number TEXT NOT NULL);
         WITH firsts AS (
             SELECT coalesce(claim_id, id) AS line, min(seq) AS seq FROM received
             GROUP BY coalesce(claim_id, id)
         )
         INSERT INTO numbered (line, number)
             SELECT f.line, printf('RX-%d-%06d', CAST(strftime('%Y', r.received_at, '+9 hours') AS INTEGER),
                 row_number() OVER (PARTITION BY strftime('%Y', r.received_at, '+9 hours') ORDER BY f.seq))
             FROM firsts f JOIN received r ON r.seq = f.seq;
         UPDATE received SET intake_number = (
             SELECT number FROM numbered WHERE numbered.line = coalesce(received.claim_id, received.id));
         DROP TABLE numbered;
         INSERT INTO intake_number (year, last)
             SELECT CAST(substr(intake_number, 4, 4) AS INTEGER), max(CAST(substr(intake_number, 9) AS INTEGER))
             FROM received WHERE intake_number IS NOT NULL
             GROUP BY substr(intake_number, 4, 4);
         CREATE INDEX received_by_intake_number ON received (intake_number);
         CREATE INDEX received_current_intake_number ON received (superseded_by, intake_number, seq);
         -- The search reads the number too: counting the matches of
         -- 100,000 claims still reads this index alone.
         DROP INDEX received_current_filter;
         CREATE INDEX received_current_filter ON received (superseded_by, business_name, claim_number,
             registration_number, review_status, error_count, region, industry, claimed, missing_evidence,
             services, intake_number);",
    ),
    // v10: who moved a claim (the signed-in member of staff at the
    // server; none at the desktop's one desk), and how many moves a claim
    // has had, so a move made on an outdated copy is refused.
    M::up(
        "ALTER TABLE review_log ADD COLUMN actor TEXT;
         ALTER TABLE received ADD COLUMN review_version INTEGER NOT NULL DEFAULT 0;
         UPDATE received SET review_version =
             (SELECT count(*) FROM review_log WHERE review_log.received_id = received.id);",
    ),
    // v11: "다음 청구서" hands each member of staff an unreviewed claim of
    // their own, for a while (who has it, until when).
    M::up(
        "ALTER TABLE received ADD COLUMN taken_by TEXT;
         ALTER TABLE received ADD COLUMN taken_until TEXT;",
    ),
];
