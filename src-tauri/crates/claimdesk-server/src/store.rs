//! The association's claims in PostgreSQL: claim-assoc's [`Store`], so the
//! server keeps claims by the same rules as the desktop (they are written
//! once, in claim-assoc) and passes the same scenarios
//! (`tests/store_suite.rs`).
//!
//! Several staff and shops write at once here, so each ledger takes the
//! turns the store's contract asks for (a row lock per business and
//! outage and per claim line, schema v2's `turn_*` tables; the unique
//! fingerprint keeps a claim once), each wait with the read after it in a
//! function: under READ COMMITTED the read's snapshot then sees what the
//! ledger before committed.
//!
//! The blocking client runs the rules synchronously; the server calls it
//! from its blocking threads, never from an async task.

use claim_assoc::desk::store::{
    held_changes_text, held_text_of, missing_evidence_text, services_text, IntakeNumber, Ledger,
    MemberRow, NewClaim, StoredClaim,
};
use claim_assoc::desk::{DeskError, HeldState, ReceivedClaim, Review, ReviewEntry, Store};
use claim_assoc::table::{
    conditions, page_size, Bound, Dialect, TablePage, TableQuery, COUNTED_UP_TO,
};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};
use std::cell::{RefCell, RefMut};
use std::collections::HashMap;

/// One connection to the association's database.
pub struct PgStore {
    client: RefCell<Client>,
    /// The statements this connection has prepared, by their text: a
    /// statement prepared anew costs a second round trip each time.
    statements: RefCell<HashMap<String, Statement>>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

/// A PostgreSQL failure as the desk says it: the server's SQLSTATE when it
/// refused something (never the values: they may be a claim's), else that
/// it does not answer.
pub fn fault(error: postgres::Error) -> DeskError {
    match error.code().map(postgres::error::SqlState::code) {
        // No answer, a connection lost (class 08) or the server shutting
        // down or starting (class 57): it may answer again.
        None => DeskError::Unavailable,
        Some(state) if state.starts_with("08") || state.starts_with("57") => DeskError::Unavailable,
        // Two intakes that waited for each other (a deadlock, one of them
        // undone): nothing of this one was kept, and sent again it goes
        // through, as when the database was away.
        Some("40P01" | "40001") => DeskError::Unavailable,
        Some(state) => DeskError::Database(state.to_owned()),
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://…`; loopback or a socket: TLS to a
    /// database elsewhere is not yet offered).
    pub fn connect(url: &str) -> Result<PgStore, DeskError> {
        Ok(PgStore {
            client: RefCell::new(Client::connect(url, NoTls).map_err(fault)?),
            statements: RefCell::new(HashMap::new()),
        })
    }
}

impl PgStore {
    /// Whether the connection is still open (a kept one may have been
    /// closed by a restarted database).
    pub fn answers(&self) -> bool {
        self.client
            .try_borrow()
            .is_ok_and(|client| !client.is_closed())
    }
}

impl PgStore {
    /// The incident definition files the association published (newest
    /// first, at most `incidents::MAX_PUBLISHED`), as kept.
    pub fn published_definitions(&self) -> Result<Vec<Vec<u8>>, DeskError> {
        let mut client = self
            .client
            .try_borrow_mut()
            .map_err(|_| DeskError::Database("one ledger at a time".into()))?;
        let rows = client
            .query(
                "SELECT file FROM incident_definition ORDER BY published_at DESC, id LIMIT $1",
                &[&crate::incidents::MAX_PUBLISHED],
            )
            .map_err(fault)?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }
}

impl Store for PgStore {
    fn begin(&self) -> Result<Box<dyn Ledger + '_>, DeskError> {
        // A ledger holds the connection; the rules never open a second one
        // inside the first (the SQLite store says so too).
        let mut client = self
            .client
            .try_borrow_mut()
            .map_err(|_| DeskError::Database("one ledger at a time".into()))?;
        client
            .batch_execute("BEGIN ISOLATION LEVEL READ COMMITTED")
            .map_err(fault)?;
        Ok(Box::new(PgLedger {
            client,
            statements: &self.statements,
            open: true,
        }))
    }
}

struct PgLedger<'a> {
    client: RefMut<'a, Client>,
    statements: &'a RefCell<HashMap<String, Statement>>,
    /// Begun and neither committed nor rolled back.
    open: bool,
}

impl Drop for PgLedger<'_> {
    fn drop(&mut self) {
        if self.open {
            // Dropped: nothing of it stays. A connection that is gone has
            // rolled back by itself.
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

const COLUMNS: &str = "id, claim_id, registration_number, incident, business_name, industry, region, services,
    claimed, revenue_loss, tier, error_count, warning_count, missing_evidence, source, made_at, received_at,
    review_status, review_note, superseded_by, has_pdf, customer_details_erased_at,
    held_changes, held_state, claim_number, document_sha256, days_out, two_senders,
    customer_details_included, intake_number, review_version";

fn claim_of(row: &Row) -> Result<ReceivedClaim, DeskError> {
    let get_err = |error: postgres::Error| fault(error);
    let days_out: Option<i64> = row.try_get(26).map_err(get_err)?;
    Ok(StoredClaim {
        id: row.try_get(0).map_err(get_err)?,
        claim_id: row.try_get(1).map_err(get_err)?,
        registration_number: row.try_get(2).map_err(get_err)?,
        incident: row.try_get(3).map_err(get_err)?,
        business_name: row.try_get(4).map_err(get_err)?,
        industry: row.try_get(5).map_err(get_err)?,
        region: row.try_get(6).map_err(get_err)?,
        services: row.try_get(7).map_err(get_err)?,
        claimed: row.try_get(8).map_err(get_err)?,
        revenue_loss: row.try_get(9).map_err(get_err)?,
        tier: row.try_get(10).map_err(get_err)?,
        error_count: row.try_get(11).map_err(get_err)?,
        warning_count: row.try_get(12).map_err(get_err)?,
        missing_evidence: row.try_get(13).map_err(get_err)?,
        source: row.try_get(14).map_err(get_err)?,
        made_at: row.try_get(15).map_err(get_err)?,
        received_at: row.try_get(16).map_err(get_err)?,
        review_status: row.try_get(17).map_err(get_err)?,
        review_note: row.try_get(18).map_err(get_err)?,
        superseded_by: row.try_get(19).map_err(get_err)?,
        has_pdf: row.try_get(20).map_err(get_err)?,
        customer_details_erased_at: row.try_get(21).map_err(get_err)?,
        held_changes: row.try_get(22).map_err(get_err)?,
        held_state: row.try_get(23).map_err(get_err)?,
        claim_number: row.try_get(24).map_err(get_err)?,
        document_sha256: row.try_get(25).map_err(get_err)?,
        days_out: days_out.and_then(|days| u32::try_from(days).ok()),
        two_senders: row.try_get(27).map_err(get_err)?,
        customer_details_included: row.try_get(28).map_err(get_err)?,
        intake_number: row.try_get(29).map_err(get_err)?,
        review_version: row.try_get(30).map_err(get_err)?,
    }
    .into())
}

impl PgLedger<'_> {
    /// `sql` prepared on this connection, once.
    fn statement(&mut self, sql: &str) -> Result<Statement, DeskError> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql).map_err(fault)?;
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    fn execute(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, DeskError> {
        let statement = self.statement(sql)?;
        self.client.execute(&statement, params).map_err(fault)
    }

    fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, DeskError> {
        let statement = self.statement(sql)?;
        self.client.query(&statement, params).map_err(fault)
    }

    fn query_opt(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, DeskError> {
        let statement = self.statement(sql)?;
        self.client.query_opt(&statement, params).map_err(fault)
    }
}

impl Ledger for PgLedger<'_> {
    fn received_as(&mut self, sha: &str) -> Result<Option<String>, DeskError> {
        match self.query_opt(
            "SELECT id FROM received WHERE document_sha256 = $1",
            &[&sha],
        )? {
            Some(row) => Ok(Some(row.try_get(0).map_err(fault)?)),
            None => Ok(None),
        }
    }

    fn intake_number(
        &mut self,
        claim_id: Option<&str>,
        year: i32,
    ) -> Result<IntakeNumber, DeskError> {
        // The line's lock, its number or the year's next (schema v2's
        // function), in one round trip.
        let rows = self.query(
            "SELECT given, next FROM claimdesk_intake_number($1, $2)",
            &[&claim_id, &year],
        )?;
        let row = rows
            .first()
            .ok_or_else(|| DeskError::Database("no number".into()))?;
        let given: Option<String> = row.try_get(0).map_err(fault)?;
        let next: Option<i64> = row.try_get(1).map_err(fault)?;
        match (given, next) {
            (Some(number), _) => Ok(IntakeNumber::OfLine(number)),
            (None, Some(next)) => Ok(IntakeNumber::Next(next)),
            (None, None) => Err(DeskError::Database("no number".into())),
        }
    }

    fn insert(&mut self, claim: &NewClaim<'_>) -> Result<bool, DeskError> {
        let facts = claim.facts;
        let days_out = facts.days_out.map(i64::from);
        let tier = facts.tier.code();
        let (services, missing) = (services_text(facts), missing_evidence_text(facts));
        let has_pdf = claim.pdf.is_some();
        let kept: i64 = self
            .query(
            // The claim and its body in one round trip.
            "WITH kept AS (
             INSERT INTO received (id, claim_id, registration_number, incident, business_name, industry, region,
                services, claimed, revenue_loss, tier, error_count, warning_count, missing_evidence,
                document_sha256, source, made_at, received_at, review_status, has_pdf, claim_number, days_out,
                customer_details_included, intake_number)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                'received', $19, $20, $21, $22, $23)
             -- The same claim kept by another ledger meanwhile: this one
             -- waits for it to end, then keeps nothing.
             ON CONFLICT (document_sha256) DO NOTHING
             RETURNING id
         ), body AS (
             INSERT INTO received_body (received_id, document, pdf) SELECT id, $24, $25 FROM kept
         ), audited AS (
             -- Who took it in, in the same transaction (never what it says).
             INSERT INTO audit (at, actor, action, subject, detail)
             SELECT $18::text::timestamptz, coalesce($26::text, 'door'), 'claim.received', id,
                    jsonb_build_object('intake_number', $23::text, 'source', $16::text)
             FROM kept
         )
         SELECT count(*) FROM kept",
            &[
                &claim.id,
                &facts.claim_id,
                &facts.registration_number,
                &facts.incident,
                &facts.business_name,
                &facts.industry,
                &facts.region,
                &services,
                &facts.claimed,
                &facts.revenue_loss,
                &tier,
                &facts.error_count,
                &facts.warning_count,
                &missing,
                &claim.sha,
                &claim.source,
                &claim.made_at,
                &claim.received_at,
                &has_pdf,
                &claim.claim_number,
                &days_out,
                &claim.customer_details_included,
                &claim.intake_number,
                &claim.text,
                &claim.pdf,
                &claim.received_by,
            ],
        )?
            .first()
            .ok_or_else(|| DeskError::Database("no count".into()))?
            .try_get(0)
            .map_err(fault)?;
        Ok(kept == 1)
    }

    fn attach_pdf(&mut self, id: &str, pdf: &[u8]) -> Result<(), DeskError> {
        self.execute(
            "UPDATE received_body SET pdf = $2 WHERE received_id = $1",
            &[&id, &pdf],
        )?;
        self.execute("UPDATE received SET has_pdf = true WHERE id = $1", &[&id])?;
        Ok(())
    }

    fn group(
        &mut self,
        registration_number: &str,
        incident: &str,
    ) -> Result<Vec<MemberRow>, DeskError> {
        // The business's lock, then its claims (schema v2's function).
        self.query(
            "SELECT id, claim_id, made_at, received_at, held_state, two_senders, superseded_by
             FROM claimdesk_group($1, $2)",
            &[&registration_number, &incident],
        )?
        .iter()
        .map(|row| {
            let held: Option<String> = row.try_get(4).map_err(fault)?;
            Ok(MemberRow {
                id: row.try_get(0).map_err(fault)?,
                claim_id: row.try_get(1).map_err(fault)?,
                made_at: row.try_get(2).map_err(fault)?,
                received_at: row.try_get(3).map_err(fault)?,
                held_state: held.as_deref().and_then(HeldState::from_code),
                two_senders: row.try_get(5).map_err(fault)?,
                superseded_by: row.try_get(6).map_err(fault)?,
            })
        })
        .collect()
    }

    fn document(&mut self, id: &str) -> Result<Option<String>, DeskError> {
        match self.query_opt(
            "SELECT document FROM received_body WHERE received_id = $1",
            &[&id],
        )? {
            Some(row) => Ok(Some(row.try_get(0).map_err(fault)?)),
            None => Ok(None),
        }
    }

    fn pdf(&mut self, id: &str) -> Result<Option<Vec<u8>>, DeskError> {
        match self.query_opt(
            "SELECT pdf FROM received_body WHERE received_id = $1",
            &[&id],
        )? {
            Some(row) => row.try_get(0).map_err(fault),
            None => Ok(None),
        }
    }

    fn claim(&mut self, id: &str) -> Result<Option<ReceivedClaim>, DeskError> {
        self.query_opt(
            &format!("SELECT {COLUMNS} FROM received WHERE id = $1"),
            &[&id],
        )?
        .as_ref()
        .map(claim_of)
        .transpose()
    }

    fn replaced_by(&mut self, id: &str) -> Result<Vec<ReceivedClaim>, DeskError> {
        self.query(
            &format!("SELECT {COLUMNS} FROM received WHERE superseded_by = $1 ORDER BY seq"),
            &[&id],
        )?
        .iter()
        .map(claim_of)
        .collect()
    }

    fn hold(&mut self, id: &str, changes: &[&str], two_senders: bool) -> Result<(), DeskError> {
        self.execute(
            "UPDATE received SET held_changes = $2, held_state = 'held', two_senders = (two_senders OR $3)
             WHERE id = $1",
            &[&id, &held_changes_text(changes), &two_senders],
        )?;
        Ok(())
    }

    fn set_held_state(&mut self, id: &str, state: HeldState) -> Result<(), DeskError> {
        self.execute(
            "UPDATE received SET held_state = $2 WHERE id = $1",
            &[&id, &state.code()],
        )?;
        Ok(())
    }

    fn set_superseded_by(&mut self, id: &str, by: Option<&str>) -> Result<(), DeskError> {
        self.execute(
            "UPDATE received SET superseded_by = $2 WHERE id = $1",
            &[&id, &by],
        )?;
        Ok(())
    }

    fn set_review(&mut self, id: &str, to: Review, note: Option<&str>) -> Result<(), DeskError> {
        self.execute(
            "UPDATE received SET review_status = $2, review_note = coalesce($3, review_note) WHERE id = $1",
            &[&id, &to.code(), &note],
        )?;
        Ok(())
    }

    fn set_note(&mut self, id: &str, note: &str) -> Result<bool, DeskError> {
        Ok(self.execute(
            "UPDATE received SET review_note = $2 WHERE id = $1",
            &[&id, &note],
        )? > 0)
    }

    fn log(&mut self, id: &str, entry: &ReviewEntry) -> Result<(), DeskError> {
        self.import_log(id, entry)?;
        self.execute(
            "UPDATE received SET review_version = review_version + 1 WHERE id = $1",
            &[&id],
        )?;
        // The server's audit, in the same transaction: who moved what, from
        // and to (never the note: it may quote the claim).
        self.execute(
            "INSERT INTO audit (at, actor, action, subject, detail)
             VALUES ($1::text::timestamptz, coalesce($2, 'intake'), 'claim.review', $3,
                     jsonb_build_object('from', $4::text, 'to', $5::text))",
            &[&entry.at, &entry.actor, &id, &entry.from, &entry.to],
        )?;
        Ok(())
    }

    fn lock_claim(&mut self, id: &str) -> Result<(), DeskError> {
        self.execute("SELECT 1 FROM received WHERE id = $1 FOR UPDATE", &[&id])
            .map(|_| ())
    }

    fn review_log(&mut self, id: &str) -> Result<Vec<ReviewEntry>, DeskError> {
        self.query(
            "SELECT at, from_status, to_status, note, actor FROM review_log WHERE received_id = $1 ORDER BY id",
            &[&id],
        )?
        .iter()
        .map(|row| {
            Ok(ReviewEntry {
                at: row.try_get(0).map_err(fault)?,
                from: row.try_get(1).map_err(fault)?,
                to: row.try_get(2).map_err(fault)?,
                note: row.try_get(3).map_err(fault)?,
                actor: row.try_get(4).map_err(fault)?,
            })
        })
        .collect()
    }

    fn list(&mut self, all: bool) -> Result<Vec<ReceivedClaim>, DeskError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM received {} ORDER BY seq",
            if all {
                ""
            } else {
                "WHERE superseded_by IS NULL"
            }
        );
        self.query(&sql, &[])?.iter().map(claim_of).collect()
    }

    fn for_each_current(
        &mut self,
        with_documents: bool,
        with_contested: bool,
        visit: &mut dyn FnMut(ReceivedClaim, Option<String>),
    ) -> Result<(), DeskError> {
        let sql = format!(
            "SELECT {COLUMNS}, {} FROM received {}
             WHERE superseded_by IS NULL AND (held_state IS DISTINCT FROM 'held' {}) ORDER BY seq",
            if with_documents {
                "received_body.document"
            } else {
                "NULL::text"
            },
            if with_documents {
                "JOIN received_body ON received_body.received_id = received.id"
            } else {
                ""
            },
            if with_contested { "OR two_senders" } else { "" },
        );
        let none: [&(dyn ToSql + Sync); 0] = [];
        // Streamed: the rows are read as they come, never all held.
        let mut rows = self.client.query_raw(&sql, none).map_err(fault)?;
        while let Some(row) = rows.next().map_err(fault)? {
            let document: Option<String> = row.try_get(31).map_err(fault)?;
            visit(claim_of(&row)?, document);
        }
        Ok(())
    }

    fn receipt_file(&mut self, id: &str) -> Result<Option<Vec<u8>>, DeskError> {
        match self.query_opt("SELECT file FROM receipt WHERE received_id = $1", &[&id])? {
            Some(row) => Ok(Some(row.try_get(0).map_err(fault)?)),
            None => Ok(None),
        }
    }

    fn receipt_number_of(&mut self, id: &str) -> Result<Option<String>, DeskError> {
        match self.query_opt("SELECT number FROM receipt WHERE received_id = $1", &[&id])? {
            Some(row) => Ok(Some(row.try_get(0).map_err(fault)?)),
            None => Ok(None),
        }
    }

    fn next_receipt_number(&mut self, year: i32) -> Result<i64, DeskError> {
        self.query(
            "INSERT INTO receipt_number (year, last) VALUES ($1, 1)
             ON CONFLICT (year) DO UPDATE SET last = receipt_number.last + 1 RETURNING last",
            &[&year],
        )?
        .first()
        .ok_or_else(|| DeskError::Database("no number".into()))?
        .try_get(0)
        .map_err(fault)
    }

    fn keep_receipt(
        &mut self,
        number: &str,
        id: &str,
        issued_at: &str,
        file: &[u8],
    ) -> Result<(), DeskError> {
        self.execute(
            "INSERT INTO receipt (number, received_id, issued_at, file) VALUES ($1, $2, $3, $4)",
            &[&number, &id, &issued_at, &file],
        )
        .map(|_| ())
    }

    fn import_claim(
        &mut self,
        claim: &ReceivedClaim,
        text: &str,
        pdf: Option<&[u8]>,
    ) -> Result<bool, DeskError> {
        let held = self
            .query_opt(
                "SELECT 1 FROM received WHERE id = $1 OR document_sha256 = $2",
                &[&claim.id, &claim.document_sha256],
            )?
            .is_some();
        if held || !self.insert(&NewClaim::as_received(claim, text, pdf))? {
            return Ok(false);
        }
        // What happened to it at the desk it comes from.
        self.execute(
            "UPDATE received SET review_status = $2, review_note = $3, customer_details_erased_at = $4,
                held_changes = $5, held_state = $6, two_senders = $7, review_version = $8,
                intake_number = $9
             WHERE id = $1",
            &[
                &claim.id,
                &claim.review.code(),
                &claim.review_note,
                &claim.customer_details_erased_at,
                &held_text_of(claim),
                &claim.held_state.map(HeldState::code),
                &claim.two_senders,
                &claim.review_version,
                &claim.intake_number,
            ],
        )?;
        Ok(true)
    }

    fn import_log(&mut self, id: &str, entry: &ReviewEntry) -> Result<(), DeskError> {
        self.execute(
            "INSERT INTO review_log (received_id, at, from_status, to_status, note, actor)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &id,
                &entry.at,
                &entry.from,
                &entry.to,
                &entry.note,
                &entry.actor,
            ],
        )
        .map(|_| ())
    }

    fn raise_intake_number(&mut self, year: i32, at_least: i64) -> Result<(), DeskError> {
        self.execute(
            "SELECT claimdesk_raise_intake_number($1, $2)",
            &[&year, &at_least],
        )
        .map(|_| ())
    }

    fn raise_receipt_number(&mut self, year: i32, at_least: i64) -> Result<(), DeskError> {
        self.execute(
            "INSERT INTO receipt_number (year, last) VALUES ($1, $2)
             ON CONFLICT (year) DO UPDATE SET last = GREATEST(receipt_number.last, excluded.last)",
            &[&year, &at_least],
        )
        .map(|_| ())
    }

    fn take_next(
        &mut self,
        actor: &str,
        now: &str,
        until: &str,
    ) -> Result<Option<ReceivedClaim>, DeskError> {
        // Theirs if they hold one; else the oldest nobody holds, passing
        // over one another ledger is handing out (SKIP LOCKED).
        let row = self.query_opt(
            &format!(
                "WITH mine AS (
                     SELECT id FROM received
                     WHERE superseded_by IS NULL AND review_status = 'received'
                       AND held_state IS DISTINCT FROM 'held' AND taken_by = $1 AND taken_until > $2
                     ORDER BY seq LIMIT 1
                 ), free AS (
                     SELECT id FROM received
                     WHERE superseded_by IS NULL AND review_status = 'received'
                       AND held_state IS DISTINCT FROM 'held'
                       AND (taken_until IS NULL OR taken_until <= $2)
                       AND NOT EXISTS (SELECT 1 FROM mine)
                     ORDER BY seq LIMIT 1
                     FOR UPDATE SKIP LOCKED
                 )
                 UPDATE received SET taken_by = $1, taken_until = $3
                 WHERE id = coalesce((SELECT id FROM mine), (SELECT id FROM free))
                 RETURNING {COLUMNS}"
            ),
            &[&actor, &now, &until],
        )?;
        row.as_ref().map(claim_of).transpose()
    }

    fn table(&mut self, query: &TableQuery) -> Result<TablePage, DeskError> {
        let (clause, bound) = conditions(query, Dialect::Postgres);
        let mut values: Vec<Box<dyn ToSql + Sync>> = bound
            .into_iter()
            .map(|value| -> Box<dyn ToSql + Sync> {
                match value {
                    Bound::Text(text) => Box::new(text),
                    Bound::Integer(number) => Box::new(number),
                }
            })
            .collect();
        // Not kept prepared: planned for each search's own words, so a rare
        // name is looked up in the trigram index and a common one is not.
        fn params(values: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
            values.iter().map(|value| value.as_ref()).collect()
        }
        // Counting a million matches takes longer than the page: past
        // COUNTED_UP_TO, the planner's estimate is the total (its
        // statistics are kept by autovacuum), and the page says so.
        let plan: serde_json::Value = self
            .client
            .query_one(
                &format!("EXPLAIN (FORMAT JSON) SELECT 1 FROM received {clause}"),
                &params(&values),
            )
            .map_err(fault)?
            .try_get(0)
            .map_err(fault)?;
        let estimate = plan[0]["Plan"]["Plan Rows"].as_f64().unwrap_or(0.0);
        let (total, estimated) = if estimate > COUNTED_UP_TO as f64 {
            (estimate.round() as i64, true)
        } else {
            let counted: i64 = self
                .client
                .query_one(
                    &format!("SELECT count(*) FROM received {clause}"),
                    &params(&values),
                )
                .map_err(fault)?
                .try_get(0)
                .map_err(fault)?;
            (counted, false)
        };
        let order = query.sort.order_by(query.descending, Dialect::Postgres);
        values.push(Box::new(i64::from(page_size(query))));
        let limit_at = values.len();
        values.push(Box::new(i64::try_from(query.offset).unwrap_or(i64::MAX)));
        let offset_at = values.len();
        let rows = self
            .client
            .query(
                // The page's ids from the sort's index alone (it carries
                // them), then only those rows: a page far in costs a walk
                // of the index, not of the table.
                &format!(
                    "SELECT {COLUMNS} FROM (
                         SELECT id FROM received {clause} ORDER BY {order}
                         LIMIT ${limit_at} OFFSET ${offset_at}
                     ) AS page JOIN received USING (id) ORDER BY {order}"
                ),
                &params(&values),
            )
            .map_err(fault)?;
        Ok(TablePage {
            total: u64::try_from(total).unwrap_or(0),
            estimated,
            offset: query.offset,
            rows: rows.iter().map(claim_of).collect::<Result<_, _>>()?,
        })
    }

    fn businesses_with_two_senders(&mut self) -> Result<usize, DeskError> {
        let count: i64 = self
            .query(
                "SELECT count(DISTINCT (registration_number, incident)) FROM received
                 WHERE two_senders AND held_state = 'held'",
                &[],
            )?
            .first()
            .ok_or_else(|| DeskError::Database("no count".into()))?
            .try_get(0)
            .map_err(fault)?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    fn due_for_erasure(&mut self, cutoff: &str) -> Result<Vec<String>, DeskError> {
        self.query(
            &claim_assoc::retention::due_for_erasure_sql(Dialect::Postgres),
            &[&cutoff],
        )?
        .iter()
        .map(|row| row.try_get(0).map_err(fault))
        .collect()
    }

    fn keep_erased(
        &mut self,
        id: &str,
        document: &str,
        drop_pdf: bool,
        at: &str,
        by: Option<&str>,
    ) -> Result<(), DeskError> {
        self.execute(
            "UPDATE received_body SET document = $2, pdf = CASE WHEN $3 THEN NULL ELSE pdf END
             WHERE received_id = $1",
            &[&id, &document, &drop_pdf],
        )?;
        self.execute(
            "UPDATE received SET customer_details_erased_at = $2,
                 has_pdf = CASE WHEN $3 THEN false ELSE has_pdf END
             WHERE id = $1",
            &[&id, &at, &drop_pdf],
        )?;
        // The audit says that they went and when, never what they were.
        self.execute(
            "INSERT INTO audit (at, actor, action, subject, detail)
             VALUES ($2::text::timestamptz, coalesce($4::text, 'retention'), 'claim.customers_erased', $1,
                     jsonb_build_object('pdf_dropped', $3::boolean))",
            &[&id, &at, &drop_pdf, &by],
        )?;
        Ok(())
    }

    fn commit(mut self: Box<Self>) -> Result<(), DeskError> {
        self.open = false;
        self.client.batch_execute("COMMIT").map_err(fault)
    }
}
