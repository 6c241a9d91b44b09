//! Claims: saving a document as entered, the list with its filters and
//! deadlines, duplicating, deleting, the status and the audit trail.

use crate::*;
use claim_core::status::{Event, Review};
use claim_core::{assess_document_with, CLAIM_FORMAT};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::path::PathBuf;

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
    /// The incident's deadline for the documents, as of today, when it has
    /// one (filled in with the filing deadline).
    pub documents_deadline: Option<DeadlineState>,
    /// The evidence kinds the claim's incident asks for that it does not
    /// carry yet (codes, in vocabulary order; filled in with the deadline).
    pub missing_evidence: Vec<&'static str>,
    /// The association's receipt number, once its receipt was imported.
    pub receipt_number: Option<String>,
    /// The association's number for the claim (연합회 번호), from a
    /// receipt that carries one.
    pub intake_number: Option<String>,
    /// Waiting in the outbox to be sent online (보내기 대기 중).
    pub waiting: bool,
    /// The association's latest answer on the claim, once one was imported.
    pub answer: Option<AnswerState>,
    /// The kinds the claim's document lists, read with the row.
    #[serde(skip)]
    attached_evidence: Vec<claim_core::codes::EvidenceKind>,
}

/// The association's latest answer on a claim, as the owner reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerState {
    pub status: Review,
    /// Returned, then corrected and handed in again: the reason stays for
    /// the record, and the claim waits for the association's next answer.
    pub resent: bool,
    /// Why it was returned.
    pub reason: Option<String>,
    /// When the association's review moved (RFC 3339, UTC).
    pub at: String,
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
    /// Claims still to hand in with the nearest filing deadline first, then
    /// those whose deadline has passed (the latest passed first), then the
    /// rest newest first.
    Deadline,
}

impl ClaimSummary {
    /// Fills in the deadline and the incident's verification from `incidents`.
    fn with_incident(
        mut self,
        incidents: &claim_core::Incidents,
        today: chrono::NaiveDate,
    ) -> Self {
        let incident = self
            .incident
            .as_deref()
            .and_then(|code| incidents.find(code));
        self.incident_verification = incident.map(|incident| incident.verification.code());
        self.missing_evidence = claim_core::rules::evidence_required_for(incident)
            .into_iter()
            .filter(|kind| !self.attached_evidence.contains(kind))
            .map(claim_core::codes::Vocabulary::code)
            .collect();
        let status = self.status;
        let state = |deadline: &claim_core::definition::Deadline| {
            let days_left = deadline.days_left(today);
            DeadlineState {
                date: deadline.date.to_string(),
                days_left,
                warning: status.deadline_warning(days_left),
            }
        };
        self.deadline = incident
            .and_then(|incident| incident.filing_deadline())
            .map(state);
        self.documents_deadline = incident
            .and_then(|incident| incident.documents_deadline())
            .map(state);
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
    /// A incident code (`kakao-2022-10`) or `custom`.
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
    /// The receipt number, or the answer and its reason.
    pub note: Option<String>,
}

/// The tables whose rows are found by a caller-given UUID.
#[derive(Clone, Copy)]
pub(crate) enum Table {
    Claim,
    Business,
}

/// The document's own `id`, when it is one (`ClaimId`'s rule: a UUID;
/// profiles' ids follow the same rule).
pub(crate) fn given_uuid(object: &serde_json::Map<String, serde_json::Value>) -> Option<ClaimId> {
    ClaimId::of(object)
}

/// The id a save writes under, and whether that row exists already: the
/// document's own id if it has one (stored or not), else a new UUID v7.
pub(crate) fn resolve_id(
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
pub(crate) struct ClaimRecord {
    pub(crate) object: serde_json::Map<String, serde_json::Value>,
    pub(crate) given_id: Option<ClaimId>,
    pub(crate) given_business: Option<ClaimId>,
    pub(crate) business_name: Option<String>,
    pub(crate) registration_number: Option<String>,
    pub(crate) incident: Option<String>,
    pub(crate) period: Option<(String, String)>,
    pub(crate) claimed: Option<i64>,
    pub(crate) counts: (i64, i64),
}

impl ClaimRecord {
    pub(crate) fn read(document: &[u8], incidents: &claim_core::Incidents) -> Result<ClaimRecord> {
        let (_, assessment) = assess_document_with(document, incidents)
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
pub(crate) fn rewrite_evidence_list(
    tx: &Transaction<'_>,
    incidents: &claim_core::Incidents,
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
    let (_, assessment) = assess_document_with(text.as_bytes(), incidents)
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
pub(crate) fn write_claim(
    tx: &Transaction<'_>,
    record: ClaimRecord,
    now: &str,
) -> Result<ClaimSummary> {
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
pub(crate) fn begin_edit(tx: &Transaction<'_>, id: &str, now: &str) -> Result<()> {
    let from = summary(tx, id)?.status;
    apply(tx, id, from, Event::Edited, now, "edited", None)?;
    // What waits to be sent is no longer what is stored: it must not go.
    crate::outbox::drop_waiting(tx, id, now, "edited")?;
    Ok(())
}

/// What `event` does to claim `id`, now at `from`, by claim-core's one table
/// ([`Status::on`]): the claim moved, with its audit line (`audit_event`,
/// `note`), and where it went; or `None`, left where it is; or the refusal.
/// The one place the store changes a claim's status (a test holds it so).
pub(crate) fn apply(
    tx: &Transaction<'_>,
    id: &str,
    from: Status,
    event: Event,
    now: &str,
    audit_event: &str,
    note: Option<&str>,
) -> Result<Option<Status>> {
    let Some(to) = from.on(event)? else {
        return Ok(None);
    };
    tx.execute(
        "UPDATE claim SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, to.code(), now],
    )?;
    tx.execute(
        "INSERT INTO audit (claim_id, at, event, from_status, to_status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, now, audit_event, from.code(), to.code(), note],
    )?;
    Ok(Some(to))
}

/// `(errors, warnings)` of an assessment, as the claim list shows them.
pub(crate) fn problem_counts(assessment: &claim_core::Assessment) -> (i64, i64) {
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

/// A file that exists but does not start like SQLite is someone else's: refuse
/// it before SQLite could touch it.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

pub(crate) fn object_pointer(
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
pub(crate) fn next_claim_number(tx: &Transaction<'_>, now: &str) -> Result<String> {
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

pub(crate) const SUMMARY_COLUMNS: &str =
    "id, number, status, business_name, registration_number, incident, claimed,
    error_count, warning_count, created_at, updated_at, business_id, period_from, period_to,
    (SELECT group_concat(json_extract(e.value, '$.kind'), ',')
       FROM json_each(claim.document, '$.evidence') e
      WHERE e.type = 'object' AND json_type(e.value, '$.kind') = 'text') AS attached_kinds,
    receipt_number, answer_status, answer_reason, answer_at, intake_number,
    EXISTS (SELECT 1 FROM outbox WHERE outbox.claim_id = claim.id) AS waiting";

pub(crate) fn summary(conn: &Connection, id: &str) -> Result<ClaimSummary> {
    conn.query_row(
        &format!("SELECT {SUMMARY_COLUMNS} FROM claim WHERE id = ?1"),
        [id],
        summary_from_row,
    )
    .optional()?
    .ok_or(StoreError::ClaimNotFound)?
}

pub(crate) fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<ClaimSummary>> {
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
        // Shown as the certificate shows it, however it was typed.
        registration_number: row
            .get::<_, Option<String>>(4)?
            .as_deref()
            .map(claim_core::brn::shown_registration_number),
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
        documents_deadline: None,
        missing_evidence: Vec::new(),
        receipt_number: row.get(15)?,
        intake_number: row.get(19)?,
        waiting: row.get(20)?,
        answer: match row.get::<_, Option<String>>(16)? {
            Some(code) => Some(AnswerState {
                status: match crate::answers::stored_answer(&code) {
                    Some((status, _)) => status,
                    None => {
                        return Ok(Err(StoreError::Corrupt {
                            path: PathBuf::from(DATABASE_FILE),
                        }))
                    }
                },
                resent: code == crate::answers::RESENT,
                reason: row.get(17)?,
                at: row.get::<_, Option<String>>(18)?.unwrap_or_default(),
            }),
            None => None,
        },
        attached_evidence: row
            .get::<_, Option<String>>(14)?
            .unwrap_or_default()
            .split(',')
            .filter_map(
                <claim_core::codes::EvidenceKind as claim_core::codes::Vocabulary>::from_code,
            )
            .collect(),
    }))
}

impl Store {
    /// Stores a `claimdesk.claim/1` document: a new claim (with a UUID v7 id
    /// and the next claim number) unless its `id` is already stored, in which
    /// case that claim's document is replaced (its number and status stay).
    pub fn save_claim(&mut self, document: &[u8]) -> Result<ClaimSummary> {
        let record = ClaimRecord::read(document, &self.incidents)?;
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
    pub(crate) fn filled(&self, summary: ClaimSummary) -> ClaimSummary {
        summary.with_incident(&self.incidents, self.clock.today_in_korea())
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
            .map(|claim| claim.with_incident(&self.incidents, today))
            .collect();
        if filter.order == ClaimOrder::Deadline {
            // What can still be handed in time first, the nearest first;
            // then those whose deadline has passed, the latest passed first
            // (one four years gone is the least pressing); then the rest.
            // A stable sort keeps newest-first among equals.
            claims.sort_by_key(
                |claim| match (&claim.deadline, claim.status.is_editable()) {
                    (Some(deadline), true) if deadline.days_left >= 0 => (0, deadline.days_left),
                    (Some(deadline), true) => (1, -deadline.days_left),
                    _ => (2, 0),
                },
            );
        }
        Ok(claims)
    }

    pub(crate) fn list_newest(&self, filter: &ClaimFilter) -> Result<Vec<ClaimSummary>> {
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
        let record = ClaimRecord::read(&bytes, &self.incidents)?;
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
            apply(tx, id, from, Event::Owner(to), &now, "status", None)?;
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
            crate::answers::resent(tx, id)?;
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
            crate::answers::resent(tx, id)?;
            apply(tx, id, from, Event::FinalPdf, &now, "status", None)?;
            summary(tx, id)
        })?;
        Ok(self.filled(saved))
    }

    /// The claim's audit trail, oldest first.
    pub fn audit(&self, id: &str) -> Result<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT at, event, from_status, to_status, sha256, note FROM audit WHERE claim_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([id], |row| {
            Ok(AuditEntry {
                at: row.get(0)?,
                event: row.get(1)?,
                from_status: row.get(2)?,
                to_status: row.get(3)?,
                sha256: row.get(4)?,
                note: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }
}

#[cfg(test)]
mod life_tests {
    /// The README's invariant: a claim moves only through claim-core's one
    /// table, by [`super::apply`]: no other statement of the store's sources
    /// (every file, those added later too) sets a status.
    #[test]
    fn a_claim_moves_only_through_the_one_table() {
        let needle = ["SET", " status ="].concat();
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        let mut files = 0;
        for entry in std::fs::read_dir(&folder).expect("the store's sources") {
            let path = entry.expect("a source file").path();
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).expect("a source file");
            for (at, line) in text.lines().enumerate() {
                if line.contains(&needle) {
                    found.push(format!("{}:{}", path.display(), at + 1));
                }
            }
        }
        assert!(
            files > 10,
            "the sources were not found in {}",
            folder.display()
        );
        assert_eq!(found.len(), 1, "a status set outside apply: {found:?}");
        let apply = include_str!("claims.rs")
            .split("pub(crate) fn apply(")
            .nth(1)
            .and_then(|rest| rest.split("\n}\n").next())
            .unwrap_or_default();
        assert!(apply.contains(&needle) && apply.contains("from.on(event)?"));
    }
}
