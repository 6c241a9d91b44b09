//! The server's schema in PostgreSQL: ordered migrations, applied once each
//! under an advisory lock, recorded in `claimdesk_schema`. A database that
//! holds other tables and no record of ours is someone else's, and one whose
//! record is newer than this program knows is refused: nothing is written
//! to either.

use tokio_postgres::Client;

/// What the record names this database as.
pub const APPLICATION: &str = "claimdesk-association";

/// The key of the advisory lock `init` holds: two servers starting at once
/// migrate one after the other, not together.
const MIGRATION_LOCK: i64 = 0x436c_6169_6d44_6573; // "ClaimDes"

/// The migrations, in order; never edited once released, only appended.
pub const MIGRATIONS: &[&str] = &[
    // v1: the staff who sign in, and the append-only audit every change
    // writes in its own transaction.
    "CREATE TABLE staff (
         id            uuid PRIMARY KEY,
         name          text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
         role          text NOT NULL CHECK (role IN ('staff', 'admin')),
         password_hash text NOT NULL,
         disabled_at   timestamptz,
         created_at    timestamptz NOT NULL
     );
     CREATE TABLE audit (
         id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         at      timestamptz NOT NULL,
         actor   text NOT NULL,
         action  text NOT NULL,
         subject text,
         detail  jsonb NOT NULL DEFAULT '{}'::jsonb
     );",
    // v2: the claims received, as claim-assoc's rules keep them (the
    // desktop's association.sqlite3 at its v9, less what SQLite needed:
    // its covering indexes). Instants are RFC 3339 text in UTC, as the
    // rules write and compare them.
    "CREATE TABLE received (
         id                         text PRIMARY KEY,
         seq                        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
         claim_id                   text,
         registration_number        text,
         incident                   text,
         business_name              text,
         industry                   text,
         region                     text,
         services                   text NOT NULL,
         claimed                    bigint,
         revenue_loss               bigint,
         tier                       text NOT NULL,
         error_count                bigint NOT NULL,
         warning_count              bigint NOT NULL,
         missing_evidence           text NOT NULL,
         document_sha256            text NOT NULL UNIQUE,
         source                     text NOT NULL,
         made_at                    text,
         received_at                text NOT NULL,
         review_status              text NOT NULL
             CHECK (review_status IN ('received', 'checked', 'forwarded', 'returned')),
         review_note                text,
         superseded_by              text REFERENCES received(id),
         has_pdf                    boolean NOT NULL DEFAULT false,
         customer_details_erased_at text,
         held_changes               text,
         held_state                 text CHECK (held_state IN ('held', 'applied', 'dismissed')),
         claim_number               text,
         days_out                   bigint,
         two_senders                boolean NOT NULL DEFAULT false,
         customer_details_included  boolean NOT NULL DEFAULT false,
         intake_number              text,
         review_version             bigint NOT NULL DEFAULT 0
     );
     CREATE INDEX received_by_key ON received (registration_number, incident, seq);
     -- The work table: an index per order over the current claims (NULLs
     -- first ascending, text by code point, as the table orders them), and
     -- trigram indexes so that a part of a name or number is found without
     -- reading a million rows (pg_trgm: a trusted extension, PostgreSQL
     -- 13 and later, in Debian's postgresql package).
     CREATE EXTENSION IF NOT EXISTS pg_trgm;
     CREATE INDEX received_by_claim_id ON received (claim_id);
     CREATE INDEX received_current ON received (seq) WHERE superseded_by IS NULL;
     CREATE INDEX received_by_superseded ON received (superseded_by);
     CREATE INDEX received_current_received_at ON received (received_at COLLATE \"C\", seq)
         WHERE superseded_by IS NULL;
     CREATE INDEX received_current_claimed ON received (claimed NULLS FIRST, seq)
         WHERE superseded_by IS NULL;
     CREATE INDEX received_current_name ON received (business_name COLLATE \"C\" NULLS FIRST, seq)
         WHERE superseded_by IS NULL;
     CREATE INDEX received_current_number ON received (intake_number COLLATE \"C\" NULLS FIRST, seq)
         WHERE superseded_by IS NULL;
     CREATE INDEX received_current_review ON received ((CASE review_status WHEN 'received' THEN 0
         WHEN 'checked' THEN 1 WHEN 'forwarded' THEN 2 ELSE 3 END), seq)
         WHERE superseded_by IS NULL;
     CREATE INDEX received_found ON received USING gin (business_name gin_trgm_ops,
         claim_number gin_trgm_ops, intake_number gin_trgm_ops, registration_number gin_trgm_ops);
     CREATE TABLE received_body (
         received_id text PRIMARY KEY REFERENCES received(id),
         document    text NOT NULL,
         pdf         bytea
     );
     CREATE TABLE review_log (
         id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         received_id text NOT NULL REFERENCES received(id),
         at          text NOT NULL,
         from_status text NOT NULL,
         to_status   text NOT NULL,
         note        text,
         actor       text
     );
     CREATE INDEX review_log_by_claim ON review_log (received_id, id);
     -- Each year's intake numbers come from a sequence of its own
     -- (intake_number_<year>), made when the year's first claim arrives:
     -- intakes at once do not wait for each other to be numbered (a count
     -- in a row would hold every other intake until this one ends). A
     -- cancelled intake leaves a gap; no number is given twice.
     CREATE FUNCTION claimdesk_intake_counter(of_year integer) RETURNS regclass
         LANGUAGE plpgsql VOLATILE AS $$
     DECLARE
         counter text := format('intake_number_%s', of_year);
     BEGIN
         IF to_regclass(counter) IS NULL THEN
             -- Two first claims of a year at once make it once.
             PERFORM pg_advisory_xact_lock(4, of_year);
             EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', counter);
         END IF;
         RETURN counter::regclass;
     END $$;
     CREATE FUNCTION claimdesk_next_intake_number(of_year integer) RETURNS bigint
         LANGUAGE sql VOLATILE AS $$ SELECT nextval(claimdesk_intake_counter(of_year)) $$;
     -- After a desk moved in: the year's numbers go on after its highest
     -- (none taken by the raise). A desk moves only into a database with no
     -- claims of its own, before the door opens: a number taken while the
     -- raise runs could be given again.
     CREATE FUNCTION claimdesk_raise_intake_number(of_year integer, at_least bigint) RETURNS void
         LANGUAGE plpgsql VOLATILE AS $$
     DECLARE
         counter regclass := claimdesk_intake_counter(of_year);
         given bigint;
     BEGIN
         EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM %s', counter)
             INTO given;
         IF at_least > given THEN
             PERFORM setval(counter, at_least);
         END IF;
     END $$;
     CREATE TABLE receipt (
         number      text PRIMARY KEY,
         received_id text NOT NULL UNIQUE REFERENCES received(id),
         issued_at   text NOT NULL,
         file        bytea NOT NULL
     );
     CREATE TABLE receipt_number (
         year integer PRIMARY KEY,
         last bigint NOT NULL
     );
     -- Turns: a ledger working on a business (and outage) or a claim line
     -- locks its row here until it ends, and the next waits. Rows, not
     -- advisory locks: a bundle of 10,000 claims would need 20,000 of
     -- those, more than PostgreSQL's shared lock table holds; a row lock
     -- costs no shared memory. Each wait and the read that follows are one
     -- function, one round trip; VOLATILE, so the read after the wait takes
     -- a snapshot of its own and sees what the ledger before committed.
     CREATE TABLE turn_business (key text PRIMARY KEY);
     CREATE TABLE turn_line (claim_id text PRIMARY KEY);
     -- The number the line's earlier versions have (given), else the
     -- year's next count (next).
     CREATE FUNCTION claimdesk_intake_number(line text, of_year integer,
                                             OUT given text, OUT next bigint)
         LANGUAGE plpgsql VOLATILE AS $$
     BEGIN
         IF line IS NOT NULL THEN
             INSERT INTO turn_line (claim_id) VALUES (line) ON CONFLICT DO NOTHING;
             PERFORM 1 FROM turn_line WHERE claim_id = line FOR UPDATE;
             given := (SELECT intake_number FROM received
                       WHERE claim_id = line AND intake_number IS NOT NULL LIMIT 1);
             IF given IS NOT NULL THEN
                 RETURN;
             END IF;
         END IF;
         next := claimdesk_next_intake_number(of_year);
     END $$;
     CREATE FUNCTION claimdesk_group(number text, outage text)
         RETURNS TABLE (id text, claim_id text, made_at text, received_at text,
                        held_state text, two_senders boolean, superseded_by text)
         LANGUAGE plpgsql VOLATILE AS $$
     BEGIN
         INSERT INTO turn_business (key) VALUES (number || ' ' || outage) ON CONFLICT DO NOTHING;
         PERFORM 1 FROM turn_business WHERE key = number || ' ' || outage FOR UPDATE;
         RETURN QUERY SELECT r.id, r.claim_id, r.made_at, r.received_at, r.held_state,
                             r.two_senders, r.superseded_by
             FROM received r WHERE r.registration_number = number AND r.incident = outage
             ORDER BY r.seq;
     END $$;",
    // v3: staff sign in. Repeated failures lock an account for a while;
    // a session is a random token the browser holds in an HttpOnly cookie
    // (only its SHA-256 is kept here) with the CSRF token its page sends
    // back, and ends when idle or old.
    "ALTER TABLE staff ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0;
     ALTER TABLE staff ADD COLUMN locked_until timestamptz;
     CREATE TABLE session (
         token_sha256 text PRIMARY KEY,
         staff_id     uuid NOT NULL REFERENCES staff(id),
         csrf         text NOT NULL,
         created_at   timestamptz NOT NULL,
         seen_at      timestamptz NOT NULL
     );
     CREATE INDEX session_by_staff ON session (staff_id);",
    // v4: "다음 청구서" hands each member of staff an unreviewed claim of
    // their own, for a while (who has it, until when); the claims waiting
    // for a first review, oldest first, by index.
    "ALTER TABLE received ADD COLUMN taken_by text;
     ALTER TABLE received ADD COLUMN taken_until text;
     CREATE INDEX received_waiting ON received (seq)
         WHERE superseded_by IS NULL AND review_status = 'received';",
    // v5: the work table's sort indexes carry the claim's id, so a page is
    // found in the index alone (an index-only scan, however far in the
    // page is) and only its own rows are read (`PgStore::table`).
    "DROP INDEX received_current_received_at;
     CREATE INDEX received_current_received_at ON received (received_at COLLATE \"C\", seq)
         INCLUDE (id) WHERE superseded_by IS NULL;
     DROP INDEX received_current_claimed;
     CREATE INDEX received_current_claimed ON received (claimed NULLS FIRST, seq)
         INCLUDE (id) WHERE superseded_by IS NULL;
     DROP INDEX received_current_name;
     CREATE INDEX received_current_name ON received (business_name COLLATE \"C\" NULLS FIRST, seq)
         INCLUDE (id) WHERE superseded_by IS NULL;
     DROP INDEX received_current_number;
     CREATE INDEX received_current_number ON received (intake_number COLLATE \"C\" NULLS FIRST, seq)
         INCLUDE (id) WHERE superseded_by IS NULL;
     DROP INDEX received_current_review;
     CREATE INDEX received_current_review ON received ((CASE review_status WHEN 'received' THEN 0
         WHEN 'checked' THEN 1 WHEN 'forwarded' THEN 2 ELSE 3 END), seq)
         INCLUDE (id) WHERE superseded_by IS NULL;",
    // v6: the incident definitions the association publishes, each kept as
    // the exact signed file (shops check the signature themselves), the
    // newest per incident. Claims for them are checked by them at intake.
    "CREATE TABLE incident_definition (
         id           text PRIMARY KEY,
         file         bytea NOT NULL,
         fingerprint  text NOT NULL,
         published_at timestamptz NOT NULL,
         published_by text NOT NULL
     );",
    // v7: shops hearing back. Each claim sent online is bound to the public
    // key of the business that sent it first; only requests signed with
    // that key read its answers. A request signs a nonce issued here, kept
    // a few minutes and taken once.
    "CREATE TABLE shop_key (
         claim_id   text PRIMARY KEY,
         public_key text NOT NULL,
         bound_at   timestamptz NOT NULL
     );
     CREATE INDEX shop_key_by_key ON shop_key (public_key);
     CREATE TABLE asking_nonce (
         nonce     text PRIMARY KEY,
         issued_at timestamptz NOT NULL
     );",
];

/// A database error in the server's words (schema statements carry no
/// claim's values), else the driver's.
fn said(error: &tokio_postgres::Error) -> String {
    error.as_db_error().map_or_else(
        || error.to_string(),
        |db| format!("{} ({})", db.message(), db.code().code()),
    )
}

/// The schema version this program makes and reads.
pub fn current_version() -> i32 {
    i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX)
}

/// What `init` found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initialized {
    /// An empty database, now at `version`.
    Created { version: i32 },
    /// Ours at `from`, now at `to`.
    Upgraded { from: i32, to: i32 },
    /// Ours and current: nothing to do.
    Current { version: i32 },
}

#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("the database could not be used: {}", said(.0))]
    Database(#[from] tokio_postgres::Error),
    #[error("the database holds {tables} tables of another program and no ClaimDesk record: nothing was written")]
    Foreign { tables: i64 },
    #[error("the database is at ClaimDesk schema version {found}, newer than this program's {known}: update claimdesk-server")]
    Newer { found: i32, known: i32 },
}

/// Makes or upgrades the schema in one transaction (all of it or none).
pub async fn init(client: &mut Client) -> Result<Initialized, SchemaError> {
    let transaction = client.transaction().await?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    let recorded: bool = transaction
        .query_one(
            "SELECT to_regclass('public.claimdesk_schema') IS NOT NULL",
            &[],
        )
        .await?
        .get(0);
    let known = current_version();
    let from = if recorded {
        let row = transaction
            .query_one("SELECT application, version FROM claimdesk_schema", &[])
            .await?;
        let application: String = row.get(0);
        let version: i32 = row.get(1);
        if application != APPLICATION {
            return Err(SchemaError::Foreign { tables: 1 });
        }
        if version > known {
            return Err(SchemaError::Newer {
                found: version,
                known,
            });
        }
        version
    } else {
        let tables: i64 = transaction
            .query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
                &[],
            )
            .await?
            .get(0);
        if tables > 0 {
            return Err(SchemaError::Foreign { tables });
        }
        transaction
            .batch_execute(
                "CREATE TABLE claimdesk_schema (
                     application text NOT NULL,
                     version     integer NOT NULL,
                     one_row     boolean PRIMARY KEY DEFAULT true CHECK (one_row)
                 )",
            )
            .await?;
        transaction
            .execute(
                "INSERT INTO claimdesk_schema (application, version) VALUES ($1, 0)",
                &[&APPLICATION],
            )
            .await?;
        0
    };
    for migration in MIGRATIONS
        .iter()
        .skip(usize::try_from(from).unwrap_or(usize::MAX))
    {
        transaction.batch_execute(migration).await?;
    }
    transaction
        .execute("UPDATE claimdesk_schema SET version = $1", &[&known])
        .await?;
    transaction.commit().await?;
    Ok(match (recorded, from) {
        (false, _) => Initialized::Created { version: known },
        (true, from) if from == known => Initialized::Current { version: known },
        (true, from) => Initialized::Upgraded { from, to: known },
    })
}

/// The schema version recorded in the database, if it is ours.
pub async fn recorded_version(client: &Client) -> Result<Option<i32>, SchemaError> {
    let recorded: bool = client
        .query_one(
            "SELECT to_regclass('public.claimdesk_schema') IS NOT NULL",
            &[],
        )
        .await?
        .get(0);
    if !recorded {
        return Ok(None);
    }
    Ok(Some(
        client
            .query_one("SELECT version FROM claimdesk_schema", &[])
            .await?
            .get(0),
    ))
}
