//! # claim-store
//!
//! Claims and businesses in one embedded SQLite file, with no Tauri
//! dependency. The file is opened in WAL mode with foreign keys on and
//! `synchronous = FULL`: once a save returns, it survives a crash or a power
//! cut. Every write goes through one doorway, [`Store::write`], an immediate
//! transaction, so two processes (the window and the command line) queue
//! instead of failing with "database is locked".
//!
//! A claim is stored as its `claimdesk.claim/1` document exactly as the owner
//! entered it (this is the owner's own copy: customer names and phones are
//! kept), beside the columns the claim list needs (number, status, business,
//! amount claimed) so listing never recomputes a claim.

mod clock;
pub mod database;
mod error;
mod evidence;
mod incidents;
mod retention;
mod schema;

pub use claim_core::status::{DeadlineWarning, Status, DEADLINE_SOON_DAYS};
pub use claim_core::ClaimId;
pub use incidents::{DeadlineEntry, ImportedIncident, IncidentEntry, KeyEntry};
pub use retention::{ErasureReason, DEFAULT_RETENTION_DAYS};

pub use clock::{Clock, ClockOutOfRange};
pub use error::StoreError;
pub use evidence::{MediaType, MAX_EVIDENCE_BYTES};
pub use schema::SCHEMA_VERSION;

use claim_core::{assess_document_with, CLAIM_FORMAT};
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "claimdesk.sqlite3";

/// How long a writer waits for another process's transaction before failing.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// One row of the claim list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimSummary {
    pub id: String,
    pub number: String,
    pub status: Status,
    /// The stored business profile the claim was made for, if any.
    pub business_id: Option<String>,
    pub business_name: Option<String>,
    pub registration_number: Option<String>,
    pub incident: Option<String>,
    /// The claim period in force (`YYYY-MM-DD`), as last computed by the
    /// rules; `None` when it could not be.
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    /// Won, as last computed by the rules; `None` when it could not be.
    pub claimed: Option<i64>,
    pub error_count: i64,
    pub warning_count: i64,
    pub created_at: String,
    pub updated_at: String,
    /// Whether the claim can still be edited (until it is submitted).
    pub editable: bool,
    /// Whether the owner can withdraw the claim now.
    pub withdrawable: bool,
    /// Whether the owner can mark it submitted now (its final PDF made).
    pub submittable: bool,
    /// The incident's filing deadline as of today, when it has one (filled
    /// in by [`Store::list`] and [`Store::claim`]).
    pub deadline: Option<DeadlineState>,
    /// `built_in`, `verified` or `unverified`: where the incident's
    /// definition came from (`None` for a custom or unknown incident).
    pub incident_verification: Option<&'static str>,
}

/// How near a claim's filing deadline is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeadlineState {
    /// The last day to file, in Korea time (`YYYY-MM-DD`).
    pub date: String,
    /// Days from today (Korea time) to the deadline: 0 on the day itself,
    /// negative once it has passed.
    pub days_left: i64,
    /// What the list warns of: only claims not yet handed in are warned.
    pub warning: DeadlineWarning,
}

/// The order of the claim list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClaimOrder {
    /// Newest first.
    #[default]
    Newest,
    /// Claims still to hand in with the nearest filing deadline first (the
    /// passed ones before them), then the rest newest first.
    Deadline,
}

impl ClaimSummary {
    /// Fills in the deadline and the incident's verification from `presets`.
    fn with_incident(mut self, presets: &claim_core::Presets, today: chrono::NaiveDate) -> Self {
        let preset = self.incident.as_deref().and_then(|code| presets.find(code));
        self.incident_verification = preset.map(|preset| preset.verification.code());
        self.deadline = preset
            .and_then(|preset| preset.filing_deadline())
            .map(|deadline| {
                let days_left = deadline.days_left(today);
                DeadlineState {
                    date: deadline.date.to_string(),
                    days_left,
                    warning: DeadlineWarning::of(self.status, days_left),
                }
            });
        self
    }
}

/// A whole stored claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredClaim {
    pub summary: ClaimSummary,
    /// The `claimdesk.claim/1` document as entered, with its `id`.
    pub document: serde_json::Value,
}

#[derive(Clone, Debug, Default)]
pub struct ClaimFilter {
    pub status: Option<Status>,
    /// A preset code (`kakao-2022-10`) or `custom`.
    pub incident: Option<String>,
    /// A business profile's id.
    pub business_id: Option<String>,
    /// Matches the business name, registration number, claim number or incident.
    pub text: Option<String>,
    pub order: ClaimOrder,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub event: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub sha256: Option<String>,
}

/// A business the shop files claims for, entered once and reused.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BusinessProfile {
    pub id: String,
    pub name: String,
    pub registration_number: String,
    /// The `business` object of `claimdesk.claim/1`, as entered, with its `id`.
    pub document: serde_json::Value,
    pub updated_at: String,
}

/// An evidence file attached to a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceEntry {
    pub sha256: String,
    pub kind: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
}

#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// The incidents claims may name (built in and imported), read at open
    /// and after every import.
    presets: claim_core::Presets,
    /// What dates its records and counts days left: the system's clock
    /// unless the app sets another ([`Store::set_clock`]).
    clock: Clock,
}

pub(crate) const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Dates what the store writes from now on, and counts today, by `clock`.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Opens (or creates) the store in `dir`. A file that is not SQLite, is
    /// damaged, or was written by a newer schema is refused and left as it is.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)?;
        Store::open_with_flags(
            dir,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }

    fn open_with_flags(dir: &Path, flags: OpenFlags) -> Result<Store> {
        let path = dir.join(DATABASE_FILE);
        let conn = database::open_ours(&path, flags, SCHEMA_VERSION, |conn| {
            schema::migrations()
                .to_latest(conn)
                .map_err(|error| match error {
                    rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
                    other => StoreError::Migration(other.to_string()),
                })
        })?;
        let presets = incidents::load_presets(&conn)?;
        Ok(Store {
            conn,
            presets,
            clock: Clock::system(),
        })
    }

    /// The one doorway for writes: an immediate transaction, committed only
    /// if `work` succeeds.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Stores a `claimdesk.claim/1` document: a new claim (with a UUID v7 id
    /// and the next claim number) unless its `id` is already stored, in which
    /// case that claim's document is replaced (its number and status stay).
    pub fn save_claim(&mut self, document: &[u8]) -> Result<ClaimSummary> {
        let record = ClaimRecord::read(document, &self.presets)?;
        let now = self.clock.stored_now();
        let saved = self.write(|tx| write_claim(tx, record, &now))?;
        Ok(self.filled(saved))
    }

    pub fn claim(&self, id: &str) -> Result<StoredClaim> {
        let summary = self.filled(summary(&self.conn, id)?);
        let document: String =
            self.conn
                .query_row("SELECT document FROM claim WHERE id = ?1", [id], |row| {
                    row.get(0)
                })?;
        let document = serde_json::from_str(&document)
            .map_err(|error| StoreError::Document(error.to_string()))?;
        Ok(StoredClaim { summary, document })
    }

    /// A summary as it leaves the store: with its incident's deadline (as of
    /// today) and verification.
    fn filled(&self, summary: ClaimSummary) -> ClaimSummary {
        summary.with_incident(&self.presets, self.clock.today_in_korea())
    }

    /// Claims, in the filter's order, with deadlines as of today.
    pub fn list(&self, filter: &ClaimFilter) -> Result<Vec<ClaimSummary>> {
        self.list_as_of(filter, self.clock.today_in_korea())
    }

    /// [`Store::list`] with deadlines counted from `today` (Korea time).
    pub fn list_as_of(
        &self,
        filter: &ClaimFilter,
        today: chrono::NaiveDate,
    ) -> Result<Vec<ClaimSummary>> {
        let mut claims: Vec<ClaimSummary> = self
            .list_newest(filter)?
            .into_iter()
            .map(|claim| claim.with_incident(&self.presets, today))
            .collect();
        if filter.order == ClaimOrder::Deadline {
            // A stable sort keeps newest-first among equals.
            claims.sort_by_key(
                |claim| match (&claim.deadline, claim.status.is_editable()) {
                    (Some(deadline), true) => (0, deadline.days_left),
                    _ => (1, 0),
                },
            );
        }
        Ok(claims)
    }

    fn list_newest(&self, filter: &ClaimFilter) -> Result<Vec<ClaimSummary>> {
        let pattern = filter
            .text
            .as_ref()
            .map(|text| format!("%{}%", text.replace(['%', '_'], "")));
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM claim
             WHERE (?1 IS NULL OR status = ?1)
               AND (?2 IS NULL OR business_name LIKE ?2 OR registration_number LIKE ?2
                    OR number LIKE ?2 OR incident LIKE ?2)
               AND (?3 IS NULL OR incident = ?3)
               AND (?4 IS NULL OR business_id = ?4)
             ORDER BY created_at DESC, number DESC"
        ))?;
        let rows = statement.query_map(
            params![
                filter.status.map(Status::code),
                pattern,
                filter.incident,
                filter.business_id
            ],
            summary_from_row,
        )?;
        rows.collect::<std::result::Result<Vec<_>, _>>()?
            .into_iter()
            .collect()
    }

    /// A new draft with the same content and evidence as claim `id` (to file
    /// again, or to correct a claim that is closed to edits).
    pub fn duplicate_claim(&mut self, id: &str) -> Result<ClaimSummary> {
        let mut document = self.claim(id)?.document;
        if let Some(object) = document.as_object_mut() {
            object.remove("id");
        }
        let bytes = serde_json::to_vec(&document)
            .map_err(|error| StoreError::Document(error.to_string()))?;
        let record = ClaimRecord::read(&bytes, &self.presets)?;
        let now = self.clock.stored_now();
        let saved = self.write(|tx| {
            let copy = write_claim(tx, record, &now)?;
            tx.execute(
                "INSERT INTO claim_evidence (claim_id, sha256, kind, file_name, added_at)
                 SELECT ?2, sha256, kind, file_name, added_at FROM claim_evidence WHERE claim_id = ?1",
                params![id, copy.id],
            )?;
            Ok(copy)
        })?;
        Ok(self.filled(saved))
    }

    /// Deletes a claim with its audit trail and evidence links; evidence
    /// files no other claim uses go with it. (Backups still hold it.)
    pub fn delete_claim(&mut self, id: &str) -> Result<()> {
        self.write(|tx| {
            summary(tx, id)?;
            tx.execute("DELETE FROM claim WHERE id = ?1", [id])?;
            tx.execute(
                "DELETE FROM evidence_file
                 WHERE NOT EXISTS (SELECT 1 FROM claim_evidence e WHERE e.sha256 = evidence_file.sha256)",
                [],
            )?;
            Ok(())
        })
    }

    /// Moves a claim to `to`, recording the move in the audit trail.
    pub fn set_status(&mut self, id: &str, to: Status) -> Result<ClaimSummary> {
        let now = self.clock.stored_now();
        let saved = self.write(|tx| {
            let from = summary(tx, id)?.status;
            if !from.can_become(to) {
                return Err(StoreError::Transition { from: from.code(), to: to.code() });
            }
            tx.execute("UPDATE claim SET status = ?2, updated_at = ?3 WHERE id = ?1", params![id, to.code(), now])?;
            tx.execute(
                "INSERT INTO audit (claim_id, at, event, from_status, to_status) VALUES (?1, ?2, 'status', ?3, ?4)",
                params![id, now, from.code(), to.code()],
            )?;
            summary(tx, id)
        })?;
        Ok(self.filled(saved))
    }

    /// Records that `sha256` (hex) is what was exported of the claim, once the
    /// export has been written.
    pub fn record_export(&mut self, id: &str, sha256: &str) -> Result<()> {
        let now = self.clock.stored_now();
        self.write(|tx| {
            summary(tx, id)?;
            tx.execute(
                "INSERT INTO audit (claim_id, at, event, sha256) VALUES (?1, ?2, 'exported', ?3)",
                params![id, now, sha256],
            )?;
            Ok(())
        })
    }

    /// Records that the final (not draft) PDF of claim `id` was made, whose
    /// bytes hash to `sha256`: the export is audited and a draft or ready
    /// claim becomes exported (the PDF is what the owner will hand in). A
    /// claim already submitted keeps its status: this was another copy.
    pub fn record_filed_pdf(&mut self, id: &str, sha256: &str) -> Result<ClaimSummary> {
        let now = self.clock.stored_now();
        let saved = self.write(|tx| {
            let from = summary(tx, id)?.status;
            tx.execute(
                "INSERT INTO audit (claim_id, at, event, sha256) VALUES (?1, ?2, 'exported', ?3)",
                params![id, now, sha256],
            )?;
            if matches!(from, Status::Draft | Status::Ready) {
                tx.execute(
                    "UPDATE claim SET status = 'exported', updated_at = ?2 WHERE id = ?1",
                    params![id, now],
                )?;
                tx.execute(
                    "INSERT INTO audit (claim_id, at, event, from_status, to_status) VALUES (?1, ?2, 'status', ?3, 'exported')",
                    params![id, now, from.code()],
                )?;
            }
            summary(tx, id)
        })?;
        Ok(self.filled(saved))
    }

    /// Saves a business profile (the `business` object of a claim): a new one
    /// unless its `id` is already stored. Name and registration number are
    /// needed to tell profiles apart; everything else is checked with the
    /// claim that uses it.
    pub fn save_business(&mut self, business: &serde_json::Value) -> Result<BusinessProfile> {
        let Some(object) = business.as_object() else {
            return Err(StoreError::Document(
                "사업장 정보는 항목 묶음({ … })이어야 합니다.".into(),
            ));
        };
        let name = object_pointer(object, "/name")
            .ok_or_else(|| StoreError::Document("상호(가게 이름)를 입력해 주세요.".into()))?;
        let registration_number = object_pointer(object, "/registration_number")
            .ok_or_else(|| StoreError::Document("사업자등록번호를 입력해 주세요.".into()))?;
        let given_id = given_uuid(object);
        let mut document = object.clone();
        let now = self.clock.stored_now();
        self.write(|tx| {
            let (id, exists) = resolve_id(tx, Table::Business, given_id)?;
            document.insert("id".into(), serde_json::Value::String(id.clone()));
            let text = serde_json::to_string(&document).map_err(|error| StoreError::Document(error.to_string()))?;
            if exists {
                tx.execute(
                    "UPDATE business SET name = ?2, registration_number = ?3, document = ?4, updated_at = ?5 WHERE id = ?1",
                    params![id, name, registration_number, text, now],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO business (id, name, registration_number, document, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                    params![id, name, registration_number, text, now],
                )?;
            }
            Ok(BusinessProfile {
                id,
                name: name.clone(),
                registration_number: registration_number.clone(),
                document: serde_json::Value::Object(document.clone()),
                updated_at: now.clone(),
            })
        })
    }

    /// Every business profile, by name.
    pub fn businesses(&self) -> Result<Vec<BusinessProfile>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name, registration_number, document, updated_at FROM business ORDER BY name, id")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get::<_, String>(3)?,
                row.get(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, name, registration_number, document, updated_at) = row?;
            let document = serde_json::from_str(&document)
                .map_err(|error| StoreError::Document(error.to_string()))?;
            Ok(BusinessProfile {
                id,
                name,
                registration_number,
                document,
                updated_at,
            })
        })
        .collect()
    }

    /// Imports an evidence file into the store (a copy: the original may be
    /// moved or deleted afterwards) and attaches it to the claim as `kind`
    /// (a spec §2 evidence kind). The same content is stored once, however
    /// often it is attached. The claim's document lists it in `evidence`.
    pub fn add_evidence(
        &mut self,
        claim_id: &str,
        kind: claim_core::codes::EvidenceKind,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<EvidenceEntry> {
        use claim_core::codes::Vocabulary;
        if bytes.len() > MAX_EVIDENCE_BYTES {
            let megabytes = u64::try_from(bytes.len())
                .unwrap_or(u64::MAX)
                .div_ceil(1024 * 1024);
            return Err(StoreError::EvidenceTooLarge { megabytes });
        }
        let media = MediaType::sniff(bytes).ok_or(StoreError::EvidenceType)?;
        let sha256 = sha256_hex(bytes);
        // Only the name, never the folder the owner picked it from.
        let file_name = Path::new(file_name)
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("evidence")
            .to_owned();
        let now = self.clock.stored_now();
        let presets = self.presets.clone();
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        self.write(|tx| {
            summary(tx, claim_id)?;
            tx.execute(
                "INSERT OR IGNORE INTO evidence_file (sha256, size, media_type, content, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![sha256, size, media.mime(), bytes, now],
            )?;
            let added = tx.execute(
                "INSERT OR IGNORE INTO claim_evidence (claim_id, sha256, kind, file_name, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![claim_id, sha256, kind.code(), file_name, now],
            )?;
            if added == 1 {
                let presets = &presets;
                let entry = serde_json::json!({"kind": kind.code(), "file_name": file_name, "sha256": sha256});
                rewrite_evidence_list(tx, presets, claim_id, &now, |list| list.push(entry))?;
            }
            Ok(EvidenceEntry { sha256: sha256.clone(), kind: kind.code().to_owned(), file_name: file_name.clone(), media_type: media.mime().to_owned(), size })
        })
    }

    /// Detaches the file `sha256` attached as `kind` from claim `id` (an
    /// owner who picked the wrong file). The file itself is deleted once no
    /// claim uses it.
    pub fn remove_evidence(
        &mut self,
        claim_id: &str,
        kind: claim_core::codes::EvidenceKind,
        sha256: &str,
    ) -> Result<()> {
        use claim_core::codes::Vocabulary;
        let now = self.clock.stored_now();
        let presets = self.presets.clone();
        self.write(|tx| {
            summary(tx, claim_id)?;
            let removed = tx.execute(
                "DELETE FROM claim_evidence WHERE claim_id = ?1 AND sha256 = ?2 AND kind = ?3",
                params![claim_id, sha256, kind.code()],
            )?;
            if removed == 0 {
                return Err(StoreError::EvidenceNotFound);
            }
            rewrite_evidence_list(tx, &presets, claim_id, &now, |list| {
                list.retain(|entry| !(entry["sha256"] == sha256 && entry["kind"] == kind.code()));
            })?;
            tx.execute(
                "DELETE FROM evidence_file
                 WHERE sha256 = ?1 AND NOT EXISTS (SELECT 1 FROM claim_evidence e WHERE e.sha256 = ?1)",
                [sha256],
            )?;
            Ok(())
        })
    }

    /// The evidence attached to a claim, in the order it was added.
    pub fn evidence(&self, claim_id: &str) -> Result<Vec<EvidenceEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT e.sha256, e.kind, e.file_name, f.media_type, f.size
             FROM claim_evidence e JOIN evidence_file f ON f.sha256 = e.sha256
             WHERE e.claim_id = ?1 ORDER BY e.added_at, e.rowid",
        )?;
        let rows = statement.query_map([claim_id], |row| {
            Ok(EvidenceEntry {
                sha256: row.get(0)?,
                kind: row.get(1)?,
                file_name: row.get(2)?,
                media_type: row.get(3)?,
                size: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// The bytes of a stored evidence file, exactly as imported.
    pub fn evidence_bytes(&self, sha256: &str) -> Result<Vec<u8>> {
        self.conn
            .query_row(
                "SELECT content FROM evidence_file WHERE sha256 = ?1",
                [sha256],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(StoreError::EvidenceNotFound)
    }

    /// Writes one file holding everything in the store (a consistent copy,
    /// even while others write), replacing `file` only once it is complete.
    pub fn backup_to(&self, file: &Path) -> Result<()> {
        let temporary = sibling(file, "partial");
        let _ = std::fs::remove_file(&temporary);
        let target = temporary.to_str().ok_or_else(|| output_error(file))?;
        let written = self
            .conn
            .execute("VACUUM INTO ?1", [target])
            .map_err(StoreError::from)
            .and_then(|_| Ok(std::fs::File::open(&temporary)?.sync_all()?))
            .and_then(|()| Ok(std::fs::rename(&temporary, file)?));
        if written.is_err() {
            // A half-written copy is no backup: never leave one behind.
            let _ = std::fs::remove_file(&temporary);
        }
        written.map_err(|error| chosen_file_error(error, file))
    }

    /// Writes the owner's own copy of a claim (`claimdesk.claim/1` JSON, with
    /// customer names and phones as entered) to `file`, whole or not at all,
    /// and records its SHA-256 in the audit trail.
    pub fn export_claim(&mut self, id: &str, file: &Path) -> Result<ExportReceipt> {
        let claim = self.claim(id)?;
        let mut bytes = serde_json::to_vec_pretty(&claim.document)
            .map_err(|error| StoreError::Document(error.to_string()))?;
        bytes.push(b'\n');
        let temporary = sibling(file, "partial");
        let written = (|| -> std::io::Result<()> {
            use std::io::Write;
            let mut out = std::fs::File::create(&temporary)?;
            out.write_all(&bytes)?;
            out.sync_all()?;
            std::fs::rename(&temporary, file)
        })();
        if let Err(error) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(chosen_file_error(StoreError::from(error), file));
        }
        let sha256 = sha256_hex(&bytes);
        self.record_export(id, &sha256)?;
        Ok(ExportReceipt {
            number: claim.summary.number,
            sha256,
        })
    }

    /// The automatic backup of the day, in `dir`: made on the first call of
    /// a (Korean) day, then only the newest [`KEPT_DAILY_BACKUPS`] are kept.
    /// Returns the new file, or `None` when today's backup already exists.
    pub fn daily_backup(&self, dir: &Path, today: chrono::NaiveDate) -> Result<Option<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let file = dir.join(format!("{DAILY_PREFIX}{today}.sqlite3"));
        if file.exists() {
            return Ok(None);
        }
        self.backup_to(&file)?;
        let daily = daily_backups(dir)?;
        for old in daily.into_iter().skip(KEPT_DAILY_BACKUPS) {
            std::fs::remove_file(old)?;
        }
        Ok(Some(file))
    }

    /// Replaces the store in `data_dir` with the backup `file`, after checking
    /// that it is a whole ClaimDesk database this version can read. The data
    /// it replaces is first saved as `before-restore-<time>.sqlite3` beside it
    /// (or, if it cannot be opened, moved aside as `before-restore-<time>.unreadable`).
    /// Call with no `Store` open on `data_dir`.
    pub fn restore(data_dir: &Path, file: &Path) -> Result<Store> {
        check_backup(file)?;
        std::fs::create_dir_all(data_dir)?;
        let current = data_dir.join(DATABASE_FILE);
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        if current.exists() {
            match Store::open(data_dir) {
                Ok(store) => {
                    store.backup_to(&data_dir.join(format!("before-restore-{stamp}.sqlite3")))?;
                    store
                        .conn
                        .pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
                }
                // A file the store cannot open is exactly what a restore is
                // for: it is moved aside whole (with its journal), not copied
                // through SQLite and not deleted.
                Err(
                    StoreError::NotADatabase { .. }
                    | StoreError::Corrupt { .. }
                    | StoreError::NewerSchema { .. },
                ) => {
                    for suffix in ["", "-wal", "-shm"] {
                        let from = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
                        if from.exists() {
                            std::fs::rename(
                                &from,
                                data_dir.join(format!("before-restore-{stamp}.unreadable{suffix}")),
                            )?;
                        }
                    }
                }
                Err(other) => return Err(other),
            }
        }
        let temporary = sibling(&current, "restoring");
        std::fs::copy(file, &temporary)?;
        std::fs::File::open(&temporary)?.sync_all()?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(data_dir.join(format!("{DATABASE_FILE}{suffix}")));
        }
        std::fs::rename(&temporary, &current)?;
        Store::open(data_dir)
    }

    /// The claim's audit trail, oldest first.
    pub fn audit(&self, id: &str) -> Result<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT at, event, from_status, to_status, sha256 FROM audit WHERE claim_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([id], |row| {
            Ok(AuditEntry {
                at: row.get(0)?,
                event: row.get(1)?,
                from_status: row.get(2)?,
                to_status: row.get(3)?,
                sha256: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportReceipt {
    pub number: String,
    /// SHA-256 (hex) of the bytes written, as the audit trail records it.
    pub sha256: String,
}

fn output_error(file: &Path) -> StoreError {
    StoreError::Output {
        path: file.to_owned(),
    }
}

/// A failure writing a file the owner chose is about that file, not the data
/// folder, unless the disk is full or read-only.
fn chosen_file_error(error: StoreError, file: &Path) -> StoreError {
    match error {
        StoreError::DiskFull | StoreError::ReadOnly => error,
        _ => output_error(file),
    }
}

/// Ways to make the store fail as a full disk or a read-only folder would,
/// for the fault tests (running as root, `chmod` cannot make anything
/// read-only, and filling a real disk is not something a test should do).
#[cfg(feature = "fault-injection")]
pub mod faults {
    use super::*;

    /// Opens the store in `dir` as SQLite does when the file cannot be
    /// written: every write fails.
    pub fn open_read_only(dir: &Path) -> Result<Store> {
        Store::open_with_flags(
            dir,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }

    /// From now on the database file may grow by at most `pages` pages (of
    /// 4 KiB), as if the disk then filled up.
    pub fn fill_disk_after(store: &Store, pages: i64) -> Result<()> {
        let used: i64 = store
            .conn
            .pragma_query_value(None, "page_count", |row| row.get(0))?;
        store
            .conn
            .pragma_update(None, "max_page_count", used.saturating_add(pages))?;
        Ok(())
    }
}

/// The tables whose rows are found by a caller-given UUID.
#[derive(Clone, Copy)]
enum Table {
    Claim,
    Business,
}

/// The document's own `id`, when it is one (`ClaimId`'s rule: a UUID;
/// profiles' ids follow the same rule).
fn given_uuid(object: &serde_json::Map<String, serde_json::Value>) -> Option<ClaimId> {
    ClaimId::of(object)
}

/// The id a save writes under, and whether that row exists already: the
/// document's own id if it has one (stored or not), else a new UUID v7.
fn resolve_id(
    tx: &Transaction<'_>,
    table: Table,
    given: Option<ClaimId>,
) -> Result<(String, bool)> {
    let Some(id) = given else {
        return Ok((uuid::Uuid::now_v7().to_string(), false));
    };
    let sql = match table {
        Table::Claim => "SELECT 1 FROM claim WHERE id = ?1",
        Table::Business => "SELECT 1 FROM business WHERE id = ?1",
    };
    let id = id.into_string();
    let exists = tx.query_row(sql, [&id], |_| Ok(())).optional()?.is_some();
    Ok((id, exists))
}

/// A claim document as given (the input), with what the claim list columns
/// need read out of it, before it becomes a stored row.
struct ClaimRecord {
    object: serde_json::Map<String, serde_json::Value>,
    given_id: Option<ClaimId>,
    given_business: Option<ClaimId>,
    business_name: Option<String>,
    registration_number: Option<String>,
    incident: Option<String>,
    period: Option<(String, String)>,
    claimed: Option<i64>,
    counts: (i64, i64),
}

impl ClaimRecord {
    fn read(document: &[u8], presets: &claim_core::Presets) -> Result<ClaimRecord> {
        let (_, assessment) = assess_document_with(document, presets)
            .map_err(|error| StoreError::Document(error.message(claim_core::Lang::Ko)))?;
        let value: serde_json::Value = serde_json::from_slice(strip_bom(document))
            .map_err(|error| StoreError::Document(error.to_string()))?;
        let serde_json::Value::Object(object) = value else {
            return Err(StoreError::Document(format!(
                "{CLAIM_FORMAT} 객체가 아닙니다"
            )));
        };
        let text = |pointer: &str| object_pointer(&object, pointer);
        let business_name = text("/business/name");
        let registration_number = text("/business/registration_number");
        let incident = text("/incident/preset")
            .or_else(|| text("/incident/start").map(|_| "custom".to_owned()));
        Ok(ClaimRecord {
            given_id: given_uuid(&object),
            given_business: object
                .get("business")
                .and_then(|business| business.as_object())
                .and_then(given_uuid),
            business_name,
            registration_number,
            incident,
            period: assessment
                .period
                .map(|period| (period.from.to_string(), period.to.to_string())),
            claimed: assessment.totals.claimed.map(|won| won.get()),
            counts: problem_counts(&assessment),
            object,
        })
    }
}

/// Changes the `evidence` list of claim `claim_id`'s document (which follows
/// its attached files) and the counts cached from it; an edit like any other,
/// so a ready or exported claim goes back to draft.
fn rewrite_evidence_list(
    tx: &Transaction<'_>,
    presets: &claim_core::Presets,
    claim_id: &str,
    now: &str,
    change: impl FnOnce(&mut Vec<serde_json::Value>),
) -> Result<()> {
    begin_edit(tx, claim_id, now)?;
    let document: String = tx.query_row(
        "SELECT document FROM claim WHERE id = ?1",
        [claim_id],
        |row| row.get(0),
    )?;
    let mut document: serde_json::Value =
        serde_json::from_str(&document).map_err(|error| StoreError::Document(error.to_string()))?;
    let mut list = match document.get("evidence").and_then(|list| list.as_array()) {
        Some(list) => list.clone(),
        None => Vec::new(),
    };
    change(&mut list);
    document["evidence"] = serde_json::Value::Array(list);
    let text = serde_json::to_string(&document)
        .map_err(|error| StoreError::Document(error.to_string()))?;
    let (_, assessment) = assess_document_with(text.as_bytes(), presets)
        .map_err(|error| StoreError::Document(error.message(claim_core::Lang::Ko)))?;
    let (errors, warnings) = problem_counts(&assessment);
    tx.execute(
        "UPDATE claim SET document = ?2, error_count = ?3, warning_count = ?4, updated_at = ?5 WHERE id = ?1",
        params![claim_id, text, errors, warnings, now],
    )?;
    Ok(())
}

/// Stores `record`: a new claim (UUID v7 id, next claim number, draft) unless
/// its id is stored, in which case that claim's content is replaced (its
/// number and status stay, but see [`begin_edit`]).
fn write_claim(tx: &Transaction<'_>, record: ClaimRecord, now: &str) -> Result<ClaimSummary> {
    let ClaimRecord {
        mut object,
        given_id,
        given_business,
        business_name,
        registration_number,
        incident,
        period,
        claimed,
        counts,
    } = record;
    let (period_from, period_to) = period.unzip();
    let (id, exists) = resolve_id(tx, Table::Claim, given_id)?;
    let business_id = business_of(tx, given_business, registration_number.as_deref())?;
    object.insert("id".into(), serde_json::Value::String(id.clone()));
    let stored =
        serde_json::to_string(&object).map_err(|error| StoreError::Document(error.to_string()))?;
    if exists {
        let previous: String =
            tx.query_row("SELECT document FROM claim WHERE id = ?1", [&id], |row| {
                row.get(0)
            })?;
        if previous != stored {
            begin_edit(tx, &id, now)?;
        }
        tx.execute(
            "UPDATE claim SET document = ?2, business_name = ?3, registration_number = ?4, incident = ?5,
                 claimed = ?6, error_count = ?7, warning_count = ?8, updated_at = ?9, business_id = ?10,
                 period_from = ?11, period_to = ?12
             WHERE id = ?1",
            params![id, stored, business_name, registration_number, incident, claimed, counts.0, counts.1, now, business_id, period_from, period_to],
        )?;
    } else {
        let number = next_claim_number(tx, now)?;
        tx.execute(
            "INSERT INTO claim (id, number, status, document, business_name, registration_number, incident,
                 claimed, error_count, warning_count, created_at, updated_at, business_id, period_from, period_to)
             VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13)",
            params![id, number, stored, business_name, registration_number, incident, claimed, counts.0, counts.1, now, business_id, period_from, period_to],
        )?;
        tx.execute(
            "INSERT INTO audit (claim_id, at, event, to_status) VALUES (?1, ?2, 'created', 'draft')",
            params![id, now],
        )?;
    }
    summary(tx, &id)
}

/// Before a stored claim's content changes: a submitted, settled or withdrawn
/// claim is closed to edits; a ready or exported one goes back to draft (what
/// was marked ready or exported is no longer what is stored), audited.
fn begin_edit(tx: &Transaction<'_>, id: &str, now: &str) -> Result<()> {
    let from = summary(tx, id)?.status;
    match from {
        Status::Draft => Ok(()),
        Status::Ready | Status::Exported => {
            tx.execute("UPDATE claim SET status = 'draft' WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO audit (claim_id, at, event, from_status, to_status) VALUES (?1, ?2, 'edited', ?3, 'draft')",
                params![id, now, from.code()],
            )?;
            Ok(())
        }
        Status::Submitted | Status::Settled | Status::Withdrawn => Err(StoreError::Closed {
            status: from.code(),
        }),
    }
}

/// The business profile a claim belongs to: the one its `business.id`
/// names, else the one profile with the same registration number (a claim
/// imported from a file), else none.
fn business_of(
    tx: &Transaction<'_>,
    given: Option<ClaimId>,
    registration_number: Option<&str>,
) -> Result<Option<String>> {
    if let Some(id) = given {
        let id = id.to_string();
        if tx
            .query_row("SELECT 1 FROM business WHERE id = ?1", [&id], |_| Ok(()))
            .optional()?
            .is_some()
        {
            return Ok(Some(id));
        }
    }
    let Some(number) = registration_number else {
        return Ok(None);
    };
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let mut statement = tx.prepare_cached(
        "SELECT id FROM business WHERE replace(replace(registration_number, '-', ''), ' ', '') = ?1 LIMIT 2",
    )?;
    let found = statement
        .query_map([digits], |row| row.get::<_, String>(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(match found.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    })
}

/// `(errors, warnings)` of an assessment, as the claim list shows them.
fn problem_counts(assessment: &claim_core::Assessment) -> (i64, i64) {
    let errors = assessment
        .problems
        .iter()
        .filter(|problem| problem.code().is_error())
        .count();
    let warnings = assessment.problems.len() - errors;
    (
        i64::try_from(errors).unwrap_or(i64::MAX),
        i64::try_from(warnings).unwrap_or(i64::MAX),
    )
}

/// Where the automatic daily backups of the store in `data_dir` go.
pub fn backup_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// The automatic backups in `dir`, newest first (none if there is no `dir`).
pub fn daily_backups(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error.into()),
    };
    let mut daily: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(DAILY_PREFIX) && name.ends_with(".sqlite3"))
        })
        .collect();
    // Names hold the date as YYYY-MM-DD, so name order is date order.
    daily.sort();
    daily.reverse();
    Ok(daily)
}

/// Automatic backups are named `claimdesk-YYYY-MM-DD.sqlite3`.
const DAILY_PREFIX: &str = "claimdesk-";
/// How many automatic daily backups are kept.
pub const KEPT_DAILY_BACKUPS: usize = 14;

/// `file` with a `.<what>-<pid>` suffix, in the same directory (so a rename
/// onto `file` is atomic).
fn sibling(file: &Path, what: &str) -> PathBuf {
    let mut name = file
        .file_name()
        .map(|name| name.to_os_string())
        .unwrap_or_default();
    name.push(format!(".{what}-{}", std::process::id()));
    file.with_file_name(name)
}

/// A backup must be SQLite, of a schema this version knows, whole, and ours.
fn check_backup(file: &Path) -> Result<()> {
    database::refuse_foreign_file(file)?;
    if std::fs::metadata(file)?.len() == 0 {
        return Err(StoreError::NotADatabase {
            path: file.to_owned(),
        });
    }
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|error| database::classify(error, file))?;
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|error| database::classify(error, file))?;
    let found = usize::try_from(found).map_err(|_| StoreError::Corrupt {
        path: file.to_owned(),
    })?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(|error| database::classify(error, file))?;
    let ours: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'claim'",
            [],
            |row| row.get(0),
        )
        .map_err(|error| database::classify(error, file))?;
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: file.to_owned(),
        });
    }
    if ours != 1 {
        return Err(StoreError::NotADatabase {
            path: file.to_owned(),
        });
    }
    Ok(())
}

/// SHA-256 of `bytes` as lowercase hex, as the audit trail records exports.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A file that exists but does not start like SQLite is someone else's: refuse
/// it before SQLite could touch it.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn object_pointer(
    object: &serde_json::Map<String, serde_json::Value>,
    pointer: &str,
) -> Option<String> {
    let mut parts = pointer.trim_start_matches('/').split('/');
    let first = object.get(parts.next()?)?;
    parts
        .try_fold(first, |value, key| value.get(key))
        .and_then(|value| value.as_str())
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

/// `CD-2026-000017`: a per-year sequence, the year being the one (in Korea)
/// the claim was first stored.
fn next_claim_number(tx: &Transaction<'_>, now: &str) -> Result<String> {
    let year = chrono::DateTime::parse_from_rfc3339(now)
        .map(|at| chrono::Datelike::year(&at.with_timezone(&claim_core::dates::KST)))
        .unwrap_or(0);
    let last: i64 = tx.query_row(
        "INSERT INTO claim_number (year, last) VALUES (?1, 1)
         ON CONFLICT (year) DO UPDATE SET last = last + 1
         RETURNING last",
        [year],
        |row| row.get(0),
    )?;
    Ok(format!("CD-{year}-{last:06}"))
}

const SUMMARY_COLUMNS: &str =
    "id, number, status, business_name, registration_number, incident, claimed,
    error_count, warning_count, created_at, updated_at, business_id, period_from, period_to";

fn summary(conn: &Connection, id: &str) -> Result<ClaimSummary> {
    conn.query_row(
        &format!("SELECT {SUMMARY_COLUMNS} FROM claim WHERE id = ?1"),
        [id],
        summary_from_row,
    )
    .optional()?
    .ok_or(StoreError::ClaimNotFound)?
}

fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<ClaimSummary>> {
    let status: String = row.get(2)?;
    let Some(status) = Status::from_code(&status) else {
        return Ok(Err(StoreError::Corrupt {
            path: PathBuf::from(DATABASE_FILE),
        }));
    };
    Ok(Ok(ClaimSummary {
        id: row.get(0)?,
        number: row.get(1)?,
        status,
        business_name: row.get(3)?,
        registration_number: row.get(4)?,
        incident: row.get(5)?,
        claimed: row.get(6)?,
        error_count: row.get(7)?,
        warning_count: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        business_id: row.get(11)?,
        period_from: row.get(12)?,
        period_to: row.get(13)?,
        editable: status.is_editable(),
        withdrawable: status.can_become(Status::Withdrawn),
        submittable: status.can_become(Status::Submitted),
        deadline: None,
        incident_verification: None,
    }))
}
