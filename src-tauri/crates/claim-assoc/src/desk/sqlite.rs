//! The desktop's store: `association.sqlite3` in the data folder, one
//! connection, one writer. Opened as the shop's store opens its file: a
//! file that is not ours or is newer is refused and left as it is.

use super::schema::{migrations, ASSOCIATION_DATA, ASSOCIATION_FILE, MIGRATIONS};
use super::store::{
    held_changes_text, held_text_of, missing_evidence_text, services_text, IntakeNumber, Ledger,
    MemberRow, NewClaim, Store, StoredClaim,
};
use super::{Desk, DeskError, HeldState, ReceivedClaim, Review, ReviewEntry};
use crate::table::{conditions, page_size, Bound, Dialect, TablePage, TableQuery};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

/// Up to this many matches, a page is made by finding them all in the
/// filter index and sorting them; beyond, by walking the order's index and
/// keeping the matches (they are dense enough to fill a page soon).
const FEW_MATCHES: u64 = 2_000;
use std::path::Path;

/// `association.sqlite3`, open.
#[derive(Debug)]
pub struct SqliteStore {
    pub(crate) conn: Connection,
    /// The data folder's lock, shared: a restore (of this file or the
    /// shop's) waits for it, so no open desk writes into a replaced file.
    _hold: Option<std::fs::File>,
}

/// The desktop's association desk.
pub type AssocDesk = Desk<SqliteStore>;

impl Store for SqliteStore {
    fn begin(&self) -> Result<Box<dyn Ledger + '_>, DeskError> {
        // One connection per desk and never two ledgers of one desk at once
        // (a second `begin` while one is open is refused by SQLite).
        Ok(Box::new(SqliteLedger {
            tx: self.conn.unchecked_transaction()?,
            seq: None,
        }))
    }

    /// The old pages of the file (its write-ahead log) go, and the erasure
    /// reaches the association's automatic copies, as the shop's does its
    /// own: the daily backups and the data a restore replaced. A copy that
    /// cannot be opened to erase in is deleted (what was erased must not
    /// stay anywhere but in a backup staff made and keep); so is a damaged
    /// file a restore set aside whole.
    fn forget_erased(&self, ids: &[String], at: &str) -> Result<(), DeskError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let Some(data_dir) = self.conn.path().and_then(|path| Path::new(path).parent()) else {
            return Ok(());
        };
        let _ = claim_store::erase_in_copies_of(data_dir, &ASSOCIATION_DATA, |copy| {
            erase_in_copy(copy, ids, at)
        });
        Ok(())
    }
}

/// Erases the customer details of `ids` in the association copy at `path`,
/// where they are there (by the same rule as the desk's), leaving it one
/// whole file again.
fn erase_in_copy(path: &Path, ids: &[String], at: &str) -> Result<(), DeskError> {
    let kind = &ASSOCIATION_DATA;
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
    {
        let mut ledger = SqliteLedger {
            tx: conn.transaction()?,
            seq: None,
        };
        for id in ids {
            match crate::retention::erase_in(&mut ledger, id, at, None) {
                // A claim received after the copy was made is not in it.
                Ok(_) | Err(DeskError::NotFound) => {}
                Err(error) => return Err(error),
            }
        }
        ledger.tx.commit()?;
    }
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

struct SqliteLedger<'a> {
    tx: rusqlite::Transaction<'a>,
    /// The last `seq` given, once read: one writer, so it is counted here.
    seq: Option<i64>,
}

/// A received claim's document, by its id.
pub(crate) const DOCUMENT_OF: &str =
    "SELECT document FROM received_body WHERE seq = (SELECT seq FROM received WHERE id = ?1)";

pub(crate) const COLUMNS: &str = "id, claim_id, registration_number, incident, business_name, industry, region, services,
    claimed, revenue_loss, tier, error_count, warning_count, missing_evidence, source, made_at, received_at,
    review_status, review_note, superseded_by, has_pdf, customer_details_erased_at,
    held_changes, held_state, claim_number, document_sha256, days_out, two_senders,
    customer_details_included, intake_number, review_version";

pub(crate) fn row_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<ReceivedClaim> {
    Ok(StoredClaim {
        id: row.get(0)?,
        claim_id: row.get(1)?,
        registration_number: row.get(2)?,
        incident: row.get(3)?,
        business_name: row.get(4)?,
        industry: row.get(5)?,
        region: row.get(6)?,
        services: row.get(7)?,
        claimed: row.get(8)?,
        revenue_loss: row.get(9)?,
        tier: row.get(10)?,
        error_count: row.get(11)?,
        warning_count: row.get(12)?,
        missing_evidence: row.get(13)?,
        source: row.get(14)?,
        made_at: row.get(15)?,
        received_at: row.get(16)?,
        review_status: row.get(17)?,
        review_note: row.get(18)?,
        superseded_by: row.get(19)?,
        has_pdf: row.get(20)?,
        customer_details_erased_at: row.get(21)?,
        held_changes: row.get(22)?,
        held_state: row.get(23)?,
        claim_number: row.get(24)?,
        document_sha256: row.get(25)?,
        days_out: row.get(26)?,
        two_senders: row.get(27)?,
        customer_details_included: row.get(28)?,
        intake_number: row.get(29)?,
        review_version: row.get(30)?,
    }
    .into())
}

impl SqliteLedger<'_> {
    /// `counter`'s (a table of the year's last count) count for `year` goes
    /// on after `at_least`, never down.
    fn raise_count(&mut self, counter: &str, year: i32, at_least: i64) -> Result<(), DeskError> {
        self.tx.execute(
            &format!(
                "INSERT INTO {counter} (year, last) VALUES (?1, ?2)
                 ON CONFLICT(year) DO UPDATE SET last = max(last, excluded.last)"
            ),
            params![year, at_least],
        )?;
        Ok(())
    }
}

impl Ledger for SqliteLedger<'_> {
    fn received_as(&mut self, sha: &str) -> Result<Option<String>, DeskError> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM received WHERE document_sha256 = ?1")?
            .query_row([sha], |row| row.get(0))
            .optional()?)
    }

    fn intake_number(
        &mut self,
        claim_id: Option<&str>,
        year: i32,
    ) -> Result<IntakeNumber, DeskError> {
        if let Some(claim_id) = claim_id {
            let given: Option<String> = self
                .tx
                .prepare_cached(
                    "SELECT intake_number FROM received WHERE claim_id = ?1 AND intake_number IS NOT NULL LIMIT 1",
                )?
                .query_row([claim_id], |row| row.get(0))
                .optional()?;
            if let Some(number) = given {
                return Ok(IntakeNumber::OfLine(number));
            }
        }
        Ok(IntakeNumber::Next(
            self.tx
                .prepare_cached(
                    "INSERT INTO intake_number (year, last) VALUES (?1, 1)
                     ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
                )?
                .query_row([year], |row| row.get(0))?,
        ))
    }

    fn insert(&mut self, claim: &NewClaim<'_>) -> Result<bool, DeskError> {
        let seq = match self.seq {
            Some(seq) => seq + 1,
            None => {
                self.tx
                    .query_row("SELECT coalesce(max(seq), 0) FROM received", [], |row| {
                        row.get::<_, i64>(0)
                    })?
                    + 1
            }
        };
        self.seq = Some(seq);
        let facts = claim.facts;
        // Prepared once per intake (SQLite parsed them again for every claim).
        self.tx
            .prepare_cached(
                "INSERT INTO received (id, seq, claim_id, registration_number, incident, business_name, industry, region,
                    services, claimed, revenue_loss, tier, error_count, warning_count, missing_evidence,
                    document_sha256, source, made_at, received_at, review_status, has_pdf, claim_number, days_out,
                    customer_details_included, intake_number)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                    'received', ?20, ?21, ?22, ?23, ?24)",
            )?
            .execute(params![
                claim.id,
                seq,
                facts.claim_id,
                facts.registration_number,
                facts.incident,
                facts.business_name,
                facts.industry,
                facts.region,
                services_text(facts),
                facts.claimed,
                facts.revenue_loss,
                facts.tier.code(),
                facts.error_count,
                facts.warning_count,
                missing_evidence_text(facts),
                claim.sha,
                claim.source,
                claim.made_at,
                claim.received_at,
                claim.pdf.is_some(),
                claim.claim_number,
                facts.days_out,
                claim.customer_details_included,
                claim.intake_number,
            ])?;
        self.tx
            .prepare_cached("INSERT INTO received_body (seq, document, pdf) VALUES (?1, ?2, ?3)")?
            .execute(params![seq, claim.text, claim.pdf])?;
        // One writer: received_as was the last word.
        Ok(true)
    }

    fn attach_pdf(&mut self, id: &str, pdf: &[u8]) -> Result<(), DeskError> {
        self.tx.execute(
            "UPDATE received_body SET pdf = ?2 WHERE seq = (SELECT seq FROM received WHERE id = ?1)",
            params![id, pdf],
        )?;
        self.tx
            .execute("UPDATE received SET has_pdf = 1 WHERE id = ?1", params![id])?;
        Ok(())
    }

    fn group(
        &mut self,
        registration_number: &str,
        incident: &str,
    ) -> Result<Vec<MemberRow>, DeskError> {
        let mut statement = self.tx.prepare_cached(
            "SELECT id, claim_id, made_at, received_at, held_state, two_senders, superseded_by
             FROM received WHERE registration_number = ?1 AND incident = ?2 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![registration_number, incident], |row| {
            Ok(MemberRow {
                id: row.get(0)?,
                claim_id: row.get(1)?,
                made_at: row.get(2)?,
                received_at: row.get(3)?,
                held_state: row
                    .get::<_, Option<String>>(4)?
                    .as_deref()
                    .and_then(HeldState::from_code),
                two_senders: row.get(5)?,
                superseded_by: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn document(&mut self, id: &str) -> Result<Option<String>, DeskError> {
        Ok(self
            .tx
            .prepare_cached(DOCUMENT_OF)?
            .query_row([id], |row| row.get(0))
            .optional()?)
    }

    fn pdf(&mut self, id: &str) -> Result<Option<Vec<u8>>, DeskError> {
        Ok(self
            .tx
            .query_row(
                "SELECT pdf FROM received_body WHERE seq = (SELECT seq FROM received WHERE id = ?1)",
                [id],
                |row| row.get(0),
            )
            .optional()?
            .flatten())
    }

    fn claim(&mut self, id: &str) -> Result<Option<ReceivedClaim>, DeskError> {
        Ok(self
            .tx
            .prepare_cached(&format!("SELECT {COLUMNS} FROM received WHERE id = ?1"))?
            .query_row([id], row_of)
            .optional()?)
    }

    fn replaced_by(&mut self, id: &str) -> Result<Vec<ReceivedClaim>, DeskError> {
        let mut statement = self.tx.prepare(&format!(
            "SELECT {COLUMNS} FROM received WHERE superseded_by = ?1 ORDER BY seq"
        ))?;
        let rows = statement.query_map([id], row_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn hold(&mut self, id: &str, changes: &[&str], two_senders: bool) -> Result<(), DeskError> {
        self.tx.execute(
            "UPDATE received SET held_changes = ?2, held_state = 'held', two_senders = (two_senders OR ?3)
             WHERE id = ?1",
            params![id, held_changes_text(changes), two_senders],
        )?;
        Ok(())
    }

    fn set_held_state(&mut self, id: &str, state: HeldState) -> Result<(), DeskError> {
        self.tx.execute(
            "UPDATE received SET held_state = ?2 WHERE id = ?1",
            params![id, state.code()],
        )?;
        Ok(())
    }

    fn set_superseded_by(&mut self, id: &str, by: Option<&str>) -> Result<(), DeskError> {
        self.tx.execute(
            "UPDATE received SET superseded_by = ?2 WHERE id = ?1",
            params![id, by],
        )?;
        Ok(())
    }

    fn set_review(&mut self, id: &str, to: Review, note: Option<&str>) -> Result<(), DeskError> {
        self.tx.execute(
            "UPDATE received SET review_status = ?2, review_note = coalesce(?3, review_note) WHERE id = ?1",
            params![id, to.code(), note],
        )?;
        Ok(())
    }

    fn set_note(&mut self, id: &str, note: &str) -> Result<bool, DeskError> {
        Ok(self.tx.execute(
            "UPDATE received SET review_note = ?2 WHERE id = ?1",
            params![id, note],
        )? > 0)
    }

    fn log(&mut self, id: &str, entry: &ReviewEntry) -> Result<(), DeskError> {
        self.import_log(id, entry)?;
        self.tx.execute(
            "UPDATE received SET review_version = review_version + 1 WHERE id = ?1",
            params![id],
        )?;
        Ok(())
    }

    fn lock_claim(&mut self, _id: &str) -> Result<(), DeskError> {
        // One writer: the file's lock is the claim's.
        Ok(())
    }

    fn review_log(&mut self, id: &str) -> Result<Vec<ReviewEntry>, DeskError> {
        let mut statement = self.tx.prepare_cached(
            "SELECT at, from_status, to_status, note, actor FROM review_log WHERE received_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([id], |row| {
            Ok(ReviewEntry {
                at: row.get(0)?,
                from: row.get(1)?,
                to: row.get(2)?,
                note: row.get(3)?,
                actor: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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
        let mut statement = self.tx.prepare(&sql)?;
        let rows = statement.query_map([], row_of)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn for_each_current(
        &mut self,
        with_documents: bool,
        with_contested: bool,
        visit: &mut dyn FnMut(ReceivedClaim, Option<String>),
    ) -> Result<(), DeskError> {
        let mut statement = self.tx.prepare(&format!(
            "SELECT {COLUMNS}, {} FROM received {}
             WHERE superseded_by IS NULL AND (held_state IS NOT 'held' {}) ORDER BY received.seq",
            if with_documents {
                "received_body.document"
            } else {
                "NULL"
            },
            if with_documents {
                "JOIN received_body ON received_body.seq = received.seq"
            } else {
                ""
            },
            if with_contested {
                "OR two_senders = 1"
            } else {
                ""
            },
        ))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            visit(row_of(row)?, row.get(31)?);
        }
        Ok(())
    }

    fn receipt_file(&mut self, id: &str) -> Result<Option<Vec<u8>>, DeskError> {
        Ok(self
            .tx
            .query_row(
                "SELECT file FROM receipt WHERE received_id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?)
    }

    fn receipt_number_of(&mut self, id: &str) -> Result<Option<String>, DeskError> {
        Ok(self
            .tx
            .prepare_cached("SELECT number FROM receipt WHERE received_id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?)
    }

    fn next_receipt_number(&mut self, year: i32) -> Result<i64, DeskError> {
        Ok(self.tx.query_row(
            "INSERT INTO receipt_number (year, last) VALUES (?1, 1)
             ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
            [year],
            |row| row.get(0),
        )?)
    }

    fn keep_receipt(
        &mut self,
        number: &str,
        id: &str,
        issued_at: &str,
        file: &[u8],
    ) -> Result<(), DeskError> {
        self.tx.execute(
            "INSERT INTO receipt (number, received_id, issued_at, file) VALUES (?1, ?2, ?3, ?4)",
            params![number, id, issued_at, file],
        )?;
        Ok(())
    }

    fn import_claim(
        &mut self,
        claim: &ReceivedClaim,
        text: &str,
        pdf: Option<&[u8]>,
    ) -> Result<bool, DeskError> {
        let held = self
            .tx
            .prepare_cached("SELECT 1 FROM received WHERE id = ?1 OR document_sha256 = ?2")?
            .exists(params![claim.id, claim.document_sha256])?;
        if held || !self.insert(&NewClaim::as_received(claim, text, pdf))? {
            return Ok(false);
        }
        // What happened to it at the desk it comes from.
        self.tx.execute(
            "UPDATE received SET review_status = ?2, review_note = ?3, customer_details_erased_at = ?4,
                held_changes = ?5, held_state = ?6, two_senders = ?7, review_version = ?8,
                intake_number = ?9
             WHERE id = ?1",
            params![
                claim.id,
                claim.review.code(),
                claim.review_note,
                claim.customer_details_erased_at,
                held_text_of(claim),
                claim.held_state.map(HeldState::code),
                claim.two_senders,
                claim.review_version,
                claim.intake_number,
            ],
        )?;
        Ok(true)
    }

    fn import_log(&mut self, id: &str, entry: &ReviewEntry) -> Result<(), DeskError> {
        self.tx.execute(
            "INSERT INTO review_log (received_id, at, from_status, to_status, note, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, entry.at, entry.from, entry.to, entry.note, entry.actor],
        )?;
        Ok(())
    }

    fn raise_intake_number(&mut self, year: i32, at_least: i64) -> Result<(), DeskError> {
        self.raise_count("intake_number", year, at_least)
    }

    fn raise_receipt_number(&mut self, year: i32, at_least: i64) -> Result<(), DeskError> {
        self.raise_count("receipt_number", year, at_least)
    }

    fn take_next(
        &mut self,
        actor: &str,
        now: &str,
        until: &str,
    ) -> Result<Option<ReceivedClaim>, DeskError> {
        let waiting =
            "superseded_by IS NULL AND review_status = 'received' AND held_state IS NOT 'held'";
        let id: Option<String> = self
            .tx
            .query_row(
                &format!(
                    "SELECT id FROM received WHERE {waiting} AND taken_by = ?1 AND taken_until > ?2
                     UNION ALL
                     SELECT * FROM (SELECT id FROM received WHERE {waiting}
                         AND (taken_until IS NULL OR taken_until <= ?2) ORDER BY seq LIMIT 1)
                     LIMIT 1"
                ),
                params![actor, now],
                |row| row.get(0),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        self.tx.execute(
            "UPDATE received SET taken_by = ?2, taken_until = ?3 WHERE id = ?1",
            params![id, actor, until],
        )?;
        self.claim(&id)
    }

    fn table(&mut self, query: &TableQuery) -> Result<TablePage, DeskError> {
        let (clause, bound) = conditions(query, Dialect::Sqlite);
        let mut values: Vec<Value> = bound
            .into_iter()
            .map(|value| match value {
                Bound::Text(text) => Value::Text(text),
                Bound::Integer(number) => Value::Integer(number),
            })
            .collect();
        // Counted from `received_current_filter` alone (every column a
        // condition reads is in it).
        let total: i64 = self.tx.query_row(
            &format!("SELECT count(*) FROM received {clause}"),
            rusqlite::params_from_iter(values.iter()),
            |row| row.get(0),
        )?;
        let total = u64::try_from(total).unwrap_or(0);
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let order = query.sort.order_by(query.descending, Dialect::Sqlite);
        // A few matches among many claims (a search): walking the order's
        // index would read every row to find them. Find them in the filter
        // index instead and sort those few.
        let from = if !clause.is_empty() && total <= FEW_MATCHES {
            format!("received WHERE rowid IN (SELECT rowid FROM received {clause})")
        } else {
            format!("received {clause}")
        };
        values.push(Value::Integer(i64::from(page_size(query))));
        let limit_at = values.len();
        values.push(Value::Integer(offset));
        let offset_at = values.len();
        let mut statement = self.tx.prepare(&format!(
            "SELECT {COLUMNS} FROM {from} ORDER BY {order} LIMIT ?{limit_at} OFFSET ?{offset_at}"
        ))?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values.iter()), row_of)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TablePage {
            // SQLite counts them all: a desk on one PC holds thousands.
            estimated: false,
            total,
            offset: query.offset,
            rows,
        })
    }

    fn businesses_with_two_senders(&mut self) -> Result<usize, DeskError> {
        let businesses: i64 = self.tx.query_row(
            "SELECT count(DISTINCT registration_number || ' ' || incident) FROM received
             WHERE two_senders = 1 AND held_state = 'held'",
            [],
            |row| row.get(0),
        )?;
        Ok(usize::try_from(businesses).unwrap_or(0))
    }

    fn due_for_erasure(&mut self, cutoff: &str) -> Result<Vec<String>, DeskError> {
        let mut statement = self
            .tx
            .prepare(&crate::retention::due_for_erasure_sql(Dialect::Sqlite))?;
        let ids = statement
            .query_map([cutoff], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    fn keep_erased(
        &mut self,
        id: &str,
        document: &str,
        drop_pdf: bool,
        at: &str,
        by: Option<&str>,
    ) -> Result<(), DeskError> {
        self.tx.execute(
            "UPDATE received_body SET document = ?2, pdf = CASE WHEN ?3 THEN NULL ELSE pdf END
             WHERE seq = (SELECT seq FROM received WHERE id = ?1)",
            params![id, document, drop_pdf],
        )?;
        self.tx.execute(
            "UPDATE received SET customer_details_erased_at = ?2,
                 has_pdf = CASE WHEN ?3 THEN 0 ELSE has_pdf END
             WHERE id = ?1",
            params![id, at, drop_pdf],
        )?;
        // One desk, one member of staff: the file keeps when, not who.
        let _ = by;
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<(), DeskError> {
        Ok(self.tx.commit()?)
    }
}

impl Desk<SqliteStore> {
    /// Opens (or makes) `association.sqlite3` in `dir` the way the shop's
    /// store opens its file: a file that is not ours or is newer is refused
    /// and left as it is, and only then is it upgraded.
    pub fn open(dir: &Path) -> Result<AssocDesk, DeskError> {
        use claim_store::StoreError;
        claim_store::database::make_private_dir(dir, ASSOCIATION_FILE)
            .map_err(|_| DeskError::Unopenable)?;
        let path = dir.join(ASSOCIATION_FILE);
        let hold = claim_store::hold_folder(dir);
        let conn = claim_store::database::open_ours(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            MIGRATIONS.len(),
            |conn| {
                migrations()
                    .to_latest(conn)
                    .map_err(|error| StoreError::Migration(error.to_string()))
            },
        )
        .map_err(|error| match error {
            StoreError::NotADatabase { .. } => DeskError::Foreign,
            StoreError::NewerSchema { .. } | StoreError::Migration(_) => DeskError::Schema,
            StoreError::Sqlite(error) => DeskError::Sqlite(error),
            _ => DeskError::Unopenable,
        })?;
        Ok(Desk::new(SqliteStore { conn, _hold: hold }))
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.store.conn
    }

    /// Writes one file holding all the association's data (every received
    /// claim, PDF, review and answer) to `file`, whole or not at all.
    pub fn backup_to(&self, file: &Path) -> Result<(), DeskError> {
        claim_store::write_copy(self.conn(), file)
            .map_err(|error| DeskError::Backup(claim_store::chosen_file_error(error, file)))
    }

    /// The day's automatic backup (`backups/association-YYYY-MM-DD.sqlite3`,
    /// the newest seven kept), as the shop's store makes its own. `None`
    /// when today's exists.
    pub fn daily_backup(
        &self,
        dir: &Path,
        today: chrono::NaiveDate,
    ) -> Result<Option<std::path::PathBuf>, DeskError> {
        claim_store::daily_copy(self.conn(), &ASSOCIATION_DATA, dir, today)
            .map_err(DeskError::Backup)
    }

    /// Replaces the association's data in `dir` with the backup `file`,
    /// checked first to be whole association data this version reads; what
    /// it replaces is kept beside it (`association-before-restore-*`).
    /// Refused while a desk or store is open on `dir` elsewhere.
    pub fn restore(dir: &Path, file: &Path) -> Result<AssocDesk, DeskError> {
        claim_store::replace_with_backup(dir, file, &ASSOCIATION_DATA)
            .map_err(DeskError::Backup)?;
        AssocDesk::open(dir)
    }
}
