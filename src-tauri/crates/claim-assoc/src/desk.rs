//! The association's own store (`association.sqlite3`, apart from the
//! shop's claims): every claim received, with the facts the rules engine
//! gives, which newer claim replaces it (same business, same outage), and
//! the staff's review. One intake is one transaction: cancelled or failed,
//! nothing of it stays.

use crate::facts::{facts, ClaimFacts, Tier};
use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

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

fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

const MIGRATIONS: &[M<'static>] = &[
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
];

/// The members of `business` a newer claim may not change without the
/// staff: where the money goes and who answers for the claim. A forged
/// bundle needs only a shop's public registration number.
pub const HELD_FIELDS: [&str; 5] = [
    "/business/bank/name",
    "/business/bank/account",
    "/business/bank/holder",
    "/business/representative",
    "/business/phone",
];

/// What the staff decided about a held change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeldState {
    /// Waiting: the claim it would replace stays current.
    Held,
    /// Made current by the staff.
    Applied,
    /// Kept as an older claim; the one before it stays current.
    Dismissed,
}

impl HeldState {
    fn code(self) -> &'static str {
        match self {
            HeldState::Held => "held",
            HeldState::Applied => "applied",
            HeldState::Dismissed => "dismissed",
        }
    }

    fn from_code(code: &str) -> Option<HeldState> {
        [HeldState::Held, HeldState::Applied, HeldState::Dismissed]
            .into_iter()
            .find(|state| state.code() == code)
    }
}

/// A held member as the staff read it.
pub fn held_field_label(pointer: &str, lang: claim_core::Lang) -> &'static str {
    use claim_core::Lang::{En, Ko};
    match (pointer, lang) {
        ("/business/bank/name", Ko) => "은행",
        ("/business/bank/name", En) => "bank",
        ("/business/bank/account", Ko) => "계좌번호",
        ("/business/bank/account", En) => "account number",
        ("/business/bank/holder", Ko) => "예금주",
        ("/business/bank/holder", En) => "account holder",
        ("/business/representative", Ko) => "대표자",
        ("/business/representative", En) => "representative",
        (_, Ko) => "연락처",
        (_, En) => "phone",
    }
}

/// One held member: what the current claim says and what the held one would
/// make it (the business's own details, not a customer's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeldChange {
    pub field: &'static str,
    pub label: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The held members `newer` changes from `current` (of [`HELD_FIELDS`]).
pub fn held_changes(
    current: &serde_json::Map<String, serde_json::Value>,
    newer: &serde_json::Map<String, serde_json::Value>,
) -> Vec<&'static str> {
    let (current, newer) = (
        serde_json::Value::Object(current.clone()),
        serde_json::Value::Object(newer.clone()),
    );
    HELD_FIELDS
        .into_iter()
        .filter(|pointer| current.pointer(pointer) != newer.pointer(pointer))
        .collect()
}

/// When the shop last changed a claim, as the desk may believe it: a time
/// that reads as one, and never later than when it arrived (a bundle dated
/// 9999-12-31 would otherwise stay newest for ever).
pub(crate) fn believed_made_at(made_at: Option<&str>, received_at: &str) -> Option<String> {
    let made = claim_core::dates::parse_instant(made_at?)?.with_timezone(&chrono::Utc);
    let received = claim_core::dates::parse_instant(received_at)
        .map_or(made, |at| at.with_timezone(&chrono::Utc));
    Some(claim_core::dates::stored_instant(made.min(received)))
}

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("the association data could not be opened or written: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the association data is from a newer ClaimDesk")]
    Schema,
    #[error("no received claim with that id")]
    NotFound,
    #[error("a claim cannot go from {} to {}", from.code(), to.code())]
    Transition { from: Review, to: Review },
    #[error("a returned claim needs the reason it was returned")]
    ReasonNeeded,
    #[error("the claim has no change waiting for the staff")]
    NotHeld,
    #[error("cancelled: nothing of this intake was kept")]
    Cancelled,
    /// A receipt needs the claim's id and the business's registration number.
    #[error("the claim has no id or registration number to put on a receipt")]
    NotReceiptable,
    /// A receipt or answers file could not be signed (a field the desk holds
    /// is not one a shop would accept).
    #[error("the reply could not be signed: {0}")]
    Reply(String),
    /// association.sqlite3 is not ClaimDesk's association data (left as it is).
    #[error("association.sqlite3 is not ClaimDesk's association data")]
    Foreign,
    /// The file could not be opened: damaged, or the folder not writable.
    #[error("the association data could not be opened")]
    Unopenable,
    /// A backup of the association's data could not be made or restored
    /// (said as the shop's store says it: a file that is not a backup, a
    /// newer one, a full disk, the data in use).
    #[error(transparent)]
    Backup(claim_store::StoreError),
}

impl claim_core::Failure for DeskError {
    /// The staff's sentence (no claim content).
    fn message(&self, lang: claim_core::Lang) -> String {
        use claim_core::Lang::{En, Ko};
        let written = match (self, lang) {
            (DeskError::Cancelled, Ko) => {
                "받기를 취소했습니다. 이번에 고른 파일은 하나도 저장되지 않았습니다.".to_owned()
            }
            (DeskError::Cancelled, En) => "Cancelled: nothing of this intake was kept.".to_owned(),
            (DeskError::ReasonNeeded, Ko) => "반려하려면 사유를 적어 주세요.".to_owned(),
            (DeskError::ReasonNeeded, En) => "Write the reason to return the claim.".to_owned(),
            (DeskError::NotHeld, Ko) => "이 청구서에는 확인을 기다리는 변경이 없습니다.".to_owned(),
            (DeskError::NotHeld, En) => "This claim has no change waiting for the staff.".to_owned(),
            (DeskError::Transition { from, to }, Ko) => {
                format!(
                    "검토 상태를 ‘{}’에서 ‘{}’(으)로 바꿀 수 없습니다.",
                    crate::stats::review_label(*from, Ko),
                    crate::stats::review_label(*to, Ko)
                )
            }
            (DeskError::Transition { from, to }, En) => {
                format!(
                    "A claim cannot go from {} to {}.",
                    crate::stats::review_label(*from, En),
                    crate::stats::review_label(*to, En)
                )
            }
            (DeskError::NotReceiptable, Ko) => "이 청구서에는 청구서 ID나 사업자등록번호가 없어 접수증을 만들 수 없습니다. 사업장에 고쳐서 다시 내 달라고 하세요.".to_owned(),
            (DeskError::NotReceiptable, En) => "This claim has no claim id or registration number, so no receipt can be made for it. Ask the shop to correct it and hand it in again.".to_owned(),
            (DeskError::Reply(_), Ko) => "접수증이나 회신 파일에 서명할 수 없습니다. 받은 청구서의 값이 올바르지 않습니다.".to_owned(),
            (DeskError::Reply(_), En) => "The receipt or answers file could not be signed: a value of the received claim is not valid.".to_owned(),
            (DeskError::NotFound, Ko) => "받은 청구서를 찾을 수 없습니다.".to_owned(),
            (DeskError::NotFound, En) => "No received claim with that id.".to_owned(),
            (DeskError::Schema, Ko) => {
                "연합회 자료가 더 새 버전의 ClaimDesk에서 만들어졌습니다.".to_owned()
            }
            (DeskError::Schema, En) => "The association data is from a newer ClaimDesk.".to_owned(),
            (DeskError::Foreign, Ko) => "연합회 자료 파일(association.sqlite3)이 ClaimDesk의 연합회 자료가 아닙니다. 파일을 그대로 두었습니다.".to_owned(),
            (DeskError::Foreign, En) => "association.sqlite3 is not ClaimDesk's association data; the file was left as it is.".to_owned(),
            (DeskError::Unopenable, Ko) => "연합회 자료 파일을 열 수 없습니다. 파일이 손상되었거나 폴더에 쓸 수 없습니다. 파일을 그대로 두었습니다.".to_owned(),
            (DeskError::Unopenable, En) => "The association data cannot be opened: the file is damaged or the folder is not writable. The file was left as it is.".to_owned(),
            (DeskError::Backup(error), lang) => error.message(lang),
            (DeskError::Sqlite(_), Ko) => "연합회 자료를 읽거나 쓸 수 없습니다.".to_owned(),
            (DeskError::Sqlite(_), En) => {
                "The association data cannot be read or written.".to_owned()
            }
        };
        // Names, statuses and files go into the sentences: their particles
        // are chosen by the word, never left as "(으)로".
        claim_core::messages::resolve_particles(&written)
    }

    fn code(&self) -> claim_core::FailureCode {
        use claim_core::FailureCode;
        match self {
            DeskError::Sqlite(_) => FailureCode::AssocStore,
            DeskError::Schema => FailureCode::AssocSchema,
            DeskError::NotFound => FailureCode::AssocNotFound,
            DeskError::Transition { .. } => FailureCode::AssocTransition,
            DeskError::ReasonNeeded => FailureCode::AssocReason,
            DeskError::NotHeld => FailureCode::AssocNotHeld,
            DeskError::Cancelled => FailureCode::Cancelled,
            DeskError::NotReceiptable => FailureCode::AssocReceipt,
            DeskError::Reply(_) => FailureCode::AssocReceipt,
            DeskError::Foreign => FailureCode::AssocForeign,
            DeskError::Unopenable => FailureCode::AssocStore,
            DeskError::Backup(error) => error.code(),
        }
    }
}

/// The staff's review of a received claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    Received,
    Checked,
    Forwarded,
    Returned,
}

impl Review {
    pub const ALL: [Review; 4] = [
        Review::Received,
        Review::Checked,
        Review::Forwarded,
        Review::Returned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Review::Received => "received",
            Review::Checked => "checked",
            Review::Forwarded => "forwarded",
            Review::Returned => "returned",
        }
    }

    pub fn from_code(code: &str) -> Option<Review> {
        Review::ALL.into_iter().find(|review| review.code() == code)
    }

    /// received → checked → forwarded; returned from received or checked
    /// (with a reason); a returned claim can be received again.
    pub fn can_become(self, to: Review) -> bool {
        use Review::*;
        matches!(
            (self, to),
            (Received, Checked)
                | (Checked, Forwarded)
                | (Received | Checked, Returned)
                | (Returned, Received)
                | (Checked, Received)
        )
    }
}

/// One line of a claim's review log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewEntry {
    pub at: String,
    pub from: String,
    pub to: String,
    /// The reason or note given, `held change …`, or `receipt RC-…`.
    pub note: Option<String>,
}

/// One claim arriving, already parsed: its document and where it came from.
#[derive(Debug)]
pub struct Incoming {
    pub document: serde_json::Map<String, serde_json::Value>,
    pub origin: Origin,
}

/// What one intake did.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct IntakeCount {
    /// New claims kept.
    pub received: usize,
    /// Exactly the same claim as one already received: not kept twice.
    pub already: usize,
    /// Received claims that a newer one (same business, same outage) replaces.
    pub superseded: usize,
    /// New claims that would replace the current one but change its bank
    /// account, representative or phone: waiting for the staff.
    pub held: usize,
    /// New claims for a business another sender already claims for, with
    /// another bank account, representative or phone (no shared claim id):
    /// neither is current until the staff decide.
    pub two_senders: usize,
}

/// A row of the association's table: the claim's facts (as the rules
/// engine gave them when it arrived) and what the desk knows of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReceivedClaim {
    pub id: String,
    #[serde(flatten)]
    pub facts: ClaimFacts,
    /// As the certificate shows it: `105-23-45674`.
    pub registration_number_shown: Option<String>,
    pub source: String,
    pub made_at: Option<String>,
    pub received_at: String,
    pub review: Review,
    pub review_note: Option<String>,
    pub superseded_by: Option<String>,
    pub has_pdf: bool,
    /// The shop's claim number, when the file it came in said.
    pub claim_number: Option<String>,
    /// SHA-256 (hex) of the claim as received (its line in the bundle).
    pub document_sha256: String,
    /// When customer names and phones were erased from it (retention or
    /// the staff's "erase now").
    pub customer_details_erased_at: Option<String>,
    /// The held members (of [`HELD_FIELDS`]) it changes from the claim that
    /// was current when it arrived, if any.
    pub held_changes: Vec<String>,
    /// Whether that change waits, was applied or dismissed.
    pub held_state: Option<HeldState>,
    /// Held because another sender claims the same business with other
    /// details ("같은 사업장을 두 곳에서 청구함"), not as a change of its own.
    pub two_senders: bool,
    /// The bundle's manifest said customer details were included (the
    /// owner opted in); else an export masks them.
    pub customer_details_included: bool,
    /// The association's own number for the claim (`RX-2022-000123`), the
    /// same for every version of it; the shop's number stays beside it.
    pub intake_number: Option<String>,
    /// The review statuses the staff can move it to now.
    pub next_reviews: Vec<Review>,
}

/// Now, stored unambiguously as RFC 3339 in UTC (shown in KST by the UI).
/// Now by `clock`, as the desk stores instants.
pub(crate) fn now(clock: claim_store::Clock) -> String {
    claim_core::dates::stored_instant(clock.now())
}

/// One intake in progress (see [`AssocDesk::intake`]).
#[derive(Debug)]
pub struct Intake<'a> {
    tx: rusqlite::Transaction<'a>,
    incidents: &'a claim_core::Incidents,
    seq: i64,
    received_at: String,
    cancel: &'a AtomicBool,
    count: IntakeCount,
}

/// Where a claim came from and what its file says of it: when the shop
/// last changed it, its PDF and its number.
#[derive(Debug)]
pub struct Origin {
    /// File name and member (`묶음.zip › claims.jsonl 3번째 줄`), never a folder.
    pub source: String,
    pub made_at: Option<String>,
    pub pdf: Option<Vec<u8>>,
    /// The shop's claim number (`CD-2026-000001`), when the file says.
    pub number: Option<String>,
    /// The bundle's manifest says `"customer_details": "included"`.
    pub customer_details_included: bool,
}

/// A claim made ready to keep: all that does not need the store (its text
/// as kept, fingerprint and facts), so that an intake can prepare one claim
/// on another thread while the store writes the one before.
#[derive(Debug)]
pub struct Prepared {
    origin: Origin,
    text: String,
    sha: String,
    facts: ClaimFacts,
}

impl Prepared {
    /// From a document already parsed (a caller that holds one).
    pub fn new(incoming: Incoming, incidents: &claim_core::Incidents) -> Prepared {
        let Incoming { document, origin } = incoming;
        let text = serde_json::to_string(&document).unwrap_or_default();
        let facts = facts(&document, incidents);
        Prepared::with_text(origin, text, facts)
    }

    /// From a claim's JSON as it arrived, parsed once: checked as the spec's
    /// envelope says ([`claim_core::read_document`]), assessed, and kept as
    /// the same text [`Prepared::new`] would keep for it. Parsing it a
    /// second time into a `serde_json::Value` was a third of the time an
    /// intake spent reading a bundle.
    pub fn from_json(
        json: &[u8],
        origin: Origin,
        incidents: &claim_core::Incidents,
    ) -> Result<Prepared, claim_core::DocumentError> {
        let document = claim_core::read_document(json)?;
        let facts = crate::facts::facts_of_object(&document, incidents);
        let text = serde_json::to_string(&document).unwrap_or_default();
        Ok(Prepared::with_text(origin, text, facts))
    }

    fn with_text(origin: Origin, text: String, facts: ClaimFacts) -> Prepared {
        let sha = crate::bundle::sha256_hex(text.as_bytes());
        Prepared {
            origin,
            text,
            sha,
            facts,
        }
    }
}

impl<'a> Intake<'a> {
    /// The incidents claims are assessed against (to prepare them with).
    pub fn incidents(&self) -> &'a claim_core::Incidents {
        self.incidents
    }

    /// Adds one claim; the id it is kept under, or `None` when exactly this
    /// claim was already received. Refused once the intake is cancelled.
    pub fn add(&mut self, incoming: Incoming) -> Result<Option<String>, DeskError> {
        let prepared = Prepared::new(incoming, self.incidents);
        self.add_prepared(prepared)
    }

    /// [`Intake::add`] of a claim already prepared.
    pub fn add_prepared(&mut self, prepared: Prepared) -> Result<Option<String>, DeskError> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(DeskError::Cancelled);
        }
        let Prepared {
            origin,
            text,
            sha,
            facts,
        } = prepared;
        let exists = self
            .tx
            .prepare_cached("SELECT 1 FROM received WHERE document_sha256 = ?1")?
            .exists([&sha])?;
        if exists {
            self.count.already += 1;
            return Ok(None);
        }
        self.seq += 1;
        let id = uuid_v7();
        let intake_number = self.intake_number_for(facts.claim_id.as_deref())?;
        let origin = Origin {
            made_at: believed_made_at(origin.made_at.as_deref(), &self.received_at),
            ..origin
        };
        insert(
            &self.tx,
            &id,
            self.seq,
            &facts,
            &text,
            &sha,
            &origin,
            &self.received_at,
            &intake_number,
        )?;
        self.count.received += 1;
        self.hold_what_the_staff_must_decide(&id, &text, &facts)?;
        self.count.superseded += settle_duplicates(&self.tx, &facts)?;
        Ok(Some(id))
    }

    /// The association's number for a claim of `claim_id`: the one its
    /// earlier versions got, else the next of the intake's year (Korea
    /// time).
    fn intake_number_for(&mut self, claim_id: Option<&str>) -> Result<String, DeskError> {
        if let Some(claim_id) = claim_id {
            let earlier: Option<String> = self
                .tx
                .prepare_cached(
                    "SELECT intake_number FROM received WHERE claim_id = ?1 AND intake_number IS NOT NULL LIMIT 1",
                )?
                .query_row([claim_id], |row| row.get(0))
                .optional()?;
            if let Some(number) = earlier {
                return Ok(number);
            }
        }
        let year = claim_core::dates::parse_instant(&self.received_at)
            .map(|at| chrono::Datelike::year(&at.with_timezone(&claim_core::dates::KST)))
            .unwrap_or(1970);
        let last: i64 = self
            .tx
            .prepare_cached("SELECT last FROM intake_number WHERE year = ?1")?
            .query_row([year], |row| row.get(0))
            .optional()?
            .unwrap_or(0);
        let next = last + 1;
        self.tx
            .prepare_cached(
                "INSERT INTO intake_number (year, last) VALUES (?1, ?2)
                 ON CONFLICT(year) DO UPDATE SET last = excluded.last",
            )?
            .execute(params![year, next])?;
        Ok(format!("RX-{year}-{next:06}"))
    }

    /// A new claim that would change where the money goes or who answers
    /// for the claim waits for the staff. From the claim's own line (a
    /// later version of the shop's claim) it is a held change; from another
    /// line it is a second sender, and the current claim waits beside it,
    /// whichever is newer: a stranger who knows a shop's public
    /// registration number must not become current by arriving first, nor
    /// by dating the file early. While two senders wait, every new claim of
    /// the business waits with them.
    fn hold_what_the_staff_must_decide(
        &mut self,
        id: &str,
        text: &str,
        facts: &ClaimFacts,
    ) -> Result<(), DeskError> {
        let group = group_of(&self.tx, facts)?;
        let Some(arrived) = group.iter().find(|member| member.id == id) else {
            return Ok(());
        };
        let document = || serde_json::from_str(text).unwrap_or_default();
        if group.iter().any(Member::contested) {
            let changes = match other_sender(&group, id) {
                Some(other) => held_changes(&document_of(&self.tx, &other)?, &document()),
                None => Vec::new(),
            };
            hold_for_two_senders(&self.tx, id, &changes)?;
            self.count.two_senders += 1;
            return Ok(());
        }
        let Some(current) = current_of(&group, Some(id)) else {
            return Ok(());
        };
        let changes = held_changes(&document_of(&self.tx, &current)?, &document());
        if changes.is_empty() {
            return Ok(());
        }
        let current_member = group.iter().find(|member| member.id == current);
        if !current_member.is_some_and(|member| member.same_line(arrived)) {
            hold_for_two_senders(&self.tx, id, &changes)?;
            hold_for_two_senders(&self.tx, &current, &changes)?;
            log_held(&self.tx, &current, &self.received_at, "two senders held")?;
            self.count.two_senders += 1;
        } else if current_of(&group, None).as_deref() == Some(id) {
            self.tx.execute(
                "UPDATE received SET held_changes = ?2, held_state = 'held' WHERE id = ?1",
                params![id, serde_json::to_string(&changes).unwrap_or_default()],
            )?;
            self.count.held += 1;
        }
        Ok(())
    }

    /// Keeps a claim's PDF (read after its claim, from the same bundle).
    pub fn attach_pdf(&mut self, id: &str, pdf: &[u8]) -> Result<(), DeskError> {
        self.tx.execute(
            "UPDATE received_body SET pdf = ?2 WHERE seq = (SELECT seq FROM received WHERE id = ?1)",
            params![id, pdf],
        )?;
        self.tx
            .execute("UPDATE received SET has_pdf = 1 WHERE id = ?1", params![id])?;
        Ok(())
    }

    /// Keeps everything added; unless cancelled meanwhile.
    pub fn commit(self) -> Result<IntakeCount, DeskError> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(DeskError::Cancelled);
        }
        self.tx.commit()?;
        Ok(self.count)
    }
}

#[derive(Debug)]
pub struct AssocDesk {
    pub(crate) conn: Connection,
    /// The incidents received claims may name: built in, plus those the
    /// app imported (see [`AssocDesk::set_incidents`]).
    incidents: claim_core::Incidents,
    /// What the desk dates its records by: the app's clock
    /// ([`AssocDesk::set_clock`]), so that a receipt is never received
    /// after it was issued, nor a review moved after the answers saying so.
    pub(crate) clock: claim_store::Clock,
    /// The data folder's lock, shared: a restore (of this file or the
    /// shop's) waits for it, so no open desk writes into a replaced file.
    _hold: Option<std::fs::File>,
}

/// Progress of a long intake: claims handled so far.
pub type Progress<'a> = &'a dyn Fn(usize);

impl AssocDesk {
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
        Ok(AssocDesk {
            conn,
            incidents: claim_core::Incidents::built_in(),
            clock: claim_store::Clock::system(),
            _hold: hold,
        })
    }

    /// Writes one file holding all the association's data (every received
    /// claim, PDF, review and answer) to `file`, whole or not at all.
    pub fn backup_to(&self, file: &Path) -> Result<(), DeskError> {
        claim_store::write_copy(&self.conn, file)
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
        claim_store::daily_copy(&self.conn, &ASSOCIATION_DATA, dir, today)
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

    /// The clock the desk dates receipts of claims, reviews and erasures by.
    pub fn set_clock(&mut self, clock: claim_store::Clock) {
        self.clock = clock;
    }

    /// The incidents claims are checked against from now on (the ones the
    /// association imported into the app, besides the built-in ones).
    pub fn set_incidents(&mut self, incidents: claim_core::Incidents) {
        self.incidents = incidents;
    }

    pub fn known_incidents(&self) -> &claim_core::Incidents {
        &self.incidents
    }

    /// Starts an intake: one transaction, kept only by [`Intake::commit`];
    /// dropped, cancelled or failed, nothing of it stays.
    pub fn intake<'a>(&'a mut self, cancel: &'a AtomicBool) -> Result<Intake<'a>, DeskError> {
        let tx = self.conn.transaction()?;
        let seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) FROM received", [], |row| {
            row.get(0)
        })?;
        Ok(Intake {
            tx,
            incidents: &self.incidents,
            seq,
            received_at: now(self.clock),
            cancel,
            count: IntakeCount::default(),
        })
    }

    /// Takes in `claims` in one intake (see [`AssocDesk::intake`]).
    pub fn take_in(
        &mut self,
        claims: impl IntoIterator<Item = Incoming>,
        progress: Progress<'_>,
        cancel: &AtomicBool,
    ) -> Result<IntakeCount, DeskError> {
        let mut intake = self.intake(cancel)?;
        for (handled, incoming) in claims.into_iter().enumerate() {
            intake.add(incoming)?;
            progress(handled + 1);
        }
        intake.commit()
    }

    /// The received claims, current ones (not replaced by a newer one)
    /// unless `all`, in the order they arrived.
    pub fn list(&self, all: bool) -> Result<Vec<ReceivedClaim>, DeskError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM received {} ORDER BY seq",
            if all {
                ""
            } else {
                "WHERE superseded_by IS NULL"
            }
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([], row_of)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Visits every current claim without holding them all (statistics
    /// over 100,000 claims in flat memory).
    pub fn for_each_current(&self, mut visit: impl FnMut(ReceivedClaim)) -> Result<(), DeskError> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM received WHERE superseded_by IS NULL AND held_state IS NOT 'held' ORDER BY seq"
        ))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            visit(row_of(row)?);
        }
        Ok(())
    }

    pub fn get(&self, id: &str) -> Result<ReceivedClaim, DeskError> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM received WHERE id = ?1"),
                [id],
                row_of,
            )
            .optional()?
            .ok_or(DeskError::NotFound)
    }

    pub fn document(
        &self,
        id: &str,
    ) -> Result<serde_json::Map<String, serde_json::Value>, DeskError> {
        let text: String = self
            .conn
            .query_row(DOCUMENT_OF, [id], |row| row.get(0))
            .optional()?
            .ok_or(DeskError::NotFound)?;
        Ok(serde_json::from_str(&text).unwrap_or_default())
    }

    pub fn pdf(&self, id: &str) -> Result<Option<Vec<u8>>, DeskError> {
        Ok(self
            .conn
            .query_row(
                "SELECT pdf FROM received_body WHERE seq = (SELECT seq FROM received WHERE id = ?1)",
                [id],
                |row| row.get(0),
            )
            .optional()?
            .flatten())
    }

    /// The older claims of the same business and outage as `id`, each
    /// with what differs from `id`, in words (`…: 33,000원 → 43,000원`).
    pub fn replaced(
        &self,
        id: &str,
        lang: claim_core::Lang,
    ) -> Result<Vec<(ReceivedClaim, Vec<String>)>, DeskError> {
        let newer = self.document(id)?;
        let mut statement = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM received WHERE superseded_by = ?1 ORDER BY seq"
        ))?;
        let older = statement
            .query_map([id], row_of)?
            .collect::<Result<Vec<_>, _>>()?;
        older
            .into_iter()
            .map(|claim| {
                let document = self.document(&claim.id)?;
                let differs = crate::facts::worded_changes(&document, &newer, lang);
                Ok((claim, differs))
            })
            .collect()
    }

    /// What a held claim would change, against the claim current now, or
    /// for a second sender, against the other sender's claim (empty when it
    /// is not held).
    pub fn held_comparison(
        &self,
        id: &str,
        lang: claim_core::Lang,
    ) -> Result<Vec<HeldChange>, DeskError> {
        let claim = self.get(id)?;
        if claim.held_state != Some(HeldState::Held) {
            return Ok(Vec::new());
        }
        let group = group_of(&self.conn, &claim.facts)?;
        let other = if claim.two_senders {
            other_sender(&group, id)
        } else {
            current_of(&group, Some(id))
        };
        let Some(other) = other else {
            return Ok(Vec::new());
        };
        let text = |document: &serde_json::Map<String, serde_json::Value>, pointer: &str| {
            serde_json::Value::Object(document.clone())
                .pointer(pointer)
                .and_then(|value| value.as_str().map(str::to_owned))
        };
        let (before, after) = (document_of(&self.conn, &other)?, self.document(id)?);
        Ok(held_changes(&before, &after)
            .into_iter()
            .map(|field| HeldChange {
                field,
                label: held_field_label(field, lang),
                before: text(&before, field),
                after: text(&after, field),
            })
            .collect())
    }

    /// The staff's decision on a held claim.
    ///
    /// A held change: `apply` makes it current (as the newest of its
    /// business and outage), else it is kept as an older claim and the
    /// current one stays.
    ///
    /// A second sender: `apply` decides that this sender is the business,
    /// so every claim of the other senders is set aside; else this sender's
    /// claims are set aside, and when one sender is left waiting, it is
    /// the business's.
    pub fn decide_held(&mut self, id: &str, apply: bool) -> Result<ReceivedClaim, DeskError> {
        let tx = self.conn.transaction()?;
        let claim = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM received WHERE id = ?1"),
                [id],
                row_of,
            )
            .optional()?
            .ok_or(DeskError::NotFound)?;
        if claim.held_state != Some(HeldState::Held) {
            return Err(DeskError::NotHeld);
        }
        let at = now(self.clock);
        let set = |id: &str, to: HeldState, note: &str| -> Result<(), DeskError> {
            tx.execute(
                "UPDATE received SET held_state = ?2 WHERE id = ?1",
                params![id, to.code()],
            )?;
            log_held(&tx, id, &at, note)?;
            Ok(())
        };
        if claim.two_senders {
            let group = group_of(&tx, &claim.facts)?;
            let Some(decided) = group.iter().find(|member| member.id == id) else {
                return Err(DeskError::NotFound);
            };
            let of_this_sender =
                |member: &Member| member.id == decided.id || member.same_line(decided);
            let (chosen, set_aside): (Vec<&Member>, Vec<&Member>) = group
                .iter()
                .filter(|member| member.held != Some(HeldState::Dismissed))
                .partition(|member| of_this_sender(member) == apply);
            for member in set_aside {
                set(&member.id, HeldState::Dismissed, "two senders set aside")?;
            }
            let waiting: Vec<&Member> = chosen.into_iter().filter(|m| m.contested()).collect();
            let lines_left = waiting
                .iter()
                .filter(|member| {
                    !waiting
                        .iter()
                        .any(|other| other.id < member.id && other.same_line(member))
                })
                .count();
            // Chosen, or the only sender left: its waiting claims may be
            // current again (the newest of them becomes so).
            if apply || lines_left == 1 {
                for member in waiting {
                    set(&member.id, HeldState::Applied, "two senders chosen")?;
                }
            }
        } else {
            let to = if apply {
                HeldState::Applied
            } else {
                HeldState::Dismissed
            };
            set(id, to, &format!("held change {}", to.code()))?;
        }
        settle_duplicates(&tx, &claim.facts)?;
        tx.commit()?;
        self.get(id)
    }

    /// Moves a received claim's review (`note` is the reason when returned).
    pub fn review(
        &mut self,
        id: &str,
        to: Review,
        note: Option<&str>,
    ) -> Result<ReceivedClaim, DeskError> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if to == Review::Returned && note.is_none() {
            return Err(DeskError::ReasonNeeded);
        }
        let tx = self.conn.transaction()?;
        let from: String = tx
            .query_row(
                "SELECT review_status FROM received WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(DeskError::NotFound)?;
        let from = Review::from_code(&from).ok_or(DeskError::Schema)?;
        if !from.can_become(to) {
            return Err(DeskError::Transition { from, to });
        }
        tx.execute(
            "UPDATE received SET review_status = ?2, review_note = coalesce(?3, review_note) WHERE id = ?1",
            params![id, to.code(), note],
        )?;
        tx.execute(
            "INSERT INTO review_log (received_id, at, from_status, to_status, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, now(self.clock), from.code(), to.code(), note],
        )?;
        tx.commit()?;
        self.get(id)
    }

    /// How many businesses wait because two senders claim each of them:
    /// none of their claims is current, so the statistics and the exports
    /// leave them out until the staff decide.
    pub fn businesses_with_two_senders(&self) -> Result<usize, DeskError> {
        let businesses: i64 = self.conn.query_row(
            "SELECT count(DISTINCT registration_number || ' ' || incident) FROM received
             WHERE two_senders = 1 AND held_state = 'held'",
            [],
            |row| row.get(0),
        )?;
        Ok(usize::try_from(businesses).unwrap_or(0))
    }

    /// The claim's review log, oldest first: every move, held change and
    /// receipt, with when.
    pub fn review_log(&self, id: &str) -> Result<Vec<ReviewEntry>, DeskError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT at, from_status, to_status, note FROM review_log WHERE received_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([id], |row| {
            Ok(ReviewEntry {
                at: row.get(0)?,
                from: row.get(1)?,
                to: row.get(2)?,
                note: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// A staff note on a claim, without moving its review.
    pub fn note(&mut self, id: &str, note: &str) -> Result<ReceivedClaim, DeskError> {
        let changed = self.conn.execute(
            "UPDATE received SET review_note = ?2 WHERE id = ?1",
            params![id, note.trim()],
        )?;
        if changed == 0 {
            return Err(DeskError::NotFound);
        }
        self.get(id)
    }
}

/// A received claim's document, by its id.
pub(crate) const DOCUMENT_OF: &str =
    "SELECT document FROM received_body WHERE seq = (SELECT seq FROM received WHERE id = ?1)";

pub(crate) const COLUMNS: &str = "id, claim_id, registration_number, incident, business_name, industry, region, services,
    claimed, revenue_loss, tier, error_count, warning_count, missing_evidence, source, made_at, received_at,
    review_status, review_note, superseded_by, has_pdf, customer_details_erased_at,
    held_changes, held_state, claim_number, document_sha256, days_out, two_senders,
    customer_details_included, intake_number";

pub(crate) fn row_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<ReceivedClaim> {
    let services: String = row.get(7)?;
    let missing: String = row.get(13)?;
    let tier: String = row.get(10)?;
    let review: String = row.get(17)?;
    let review = Review::from_code(&review).unwrap_or(Review::Received);
    let registration_number: Option<String> = row.get(2)?;
    Ok(ReceivedClaim {
        id: row.get(0)?,
        registration_number_shown: registration_number
            .as_deref()
            .map(claim_core::brn::shown_registration_number),
        facts: ClaimFacts {
            claim_id: row.get(1)?,
            registration_number,
            incident: row.get(3)?,
            business_name: row.get(4)?,
            industry: row.get(5)?,
            region: row.get(6)?,
            services: serde_json::from_str(&services).unwrap_or_default(),
            claimed: row.get(8)?,
            revenue_loss: row.get(9)?,
            tier: Tier::from_code(&tier),
            error_count: row.get(11)?,
            warning_count: row.get(12)?,
            missing_evidence: serde_json::from_str(&missing).unwrap_or_default(),
            days_out: row.get(26)?,
        },
        source: row.get(14)?,
        made_at: row.get(15)?,
        received_at: row.get(16)?,
        review,
        next_reviews: Review::ALL
            .into_iter()
            .filter(|to| review.can_become(*to))
            .collect(),
        review_note: row.get(18)?,
        superseded_by: row.get(19)?,
        has_pdf: row.get(20)?,
        customer_details_erased_at: row.get(21)?,
        held_changes: row
            .get::<_, Option<String>>(22)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default(),
        held_state: row
            .get::<_, Option<String>>(23)?
            .as_deref()
            .and_then(HeldState::from_code),
        claim_number: row.get(24)?,
        document_sha256: row.get(25)?,
        two_senders: row.get(27)?,
        customer_details_included: row.get(28)?,
        intake_number: row.get(29)?,
    })
}

fn uuid_v7() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[allow(clippy::too_many_arguments)]
fn insert(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    seq: i64,
    facts: &ClaimFacts,
    text: &str,
    sha: &str,
    origin: &Origin,
    received_at: &str,
    intake_number: &str,
) -> Result<(), DeskError> {
    // Prepared once per intake (SQLite parsed them again for every claim).
    tx.prepare_cached(
        "INSERT INTO received (id, seq, claim_id, registration_number, incident, business_name, industry, region,
            services, claimed, revenue_loss, tier, error_count, warning_count, missing_evidence,
            document_sha256, source, made_at, received_at, review_status, has_pdf, claim_number, days_out,
            customer_details_included, intake_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17, ?18, ?19, ?20, 'received', ?21 IS NOT NULL, ?22, ?23, ?24, ?25)",
    )?
    .execute(params![
            id,
            seq,
            facts.claim_id,
            facts.registration_number,
            facts.incident,
            facts.business_name,
            facts.industry,
            facts.region,
            serde_json::to_string(&facts.services).unwrap_or_else(|_| "[]".into()),
            facts.claimed,
            facts.revenue_loss,
            facts.tier.code(),
            facts.error_count,
            facts.warning_count,
            serde_json::to_string(&facts.missing_evidence).unwrap_or_else(|_| "[]".into()),
            text,
            sha,
            origin.source,
            origin.made_at,
            received_at,
            origin.pdf,
            origin.number,
            facts.days_out,
            origin.customer_details_included,
            intake_number,
        ])?;
    tx.prepare_cached("INSERT INTO received_body (seq, document, pdf) VALUES (?1, ?2, ?3)")?
        .execute(params![seq, text, origin.pdf])?;
    Ok(())
}

/// One claim of a business's group (one business, one outage).
#[derive(Debug)]
struct Member {
    id: String,
    /// The shop's own claim id: versions of one claim share it (its line).
    /// A claim without one shares its line with no other.
    line: Option<String>,
    /// When the shop changed it, as believed.
    made_at: Option<String>,
    held: Option<HeldState>,
    two_senders: bool,
    superseded_by: Option<String>,
}

impl Member {
    /// Not waiting for the staff and not set aside by them.
    fn may_be_current(&self) -> bool {
        !matches!(self.held, Some(HeldState::Held | HeldState::Dismissed))
    }

    /// Waiting because another sender claims the business.
    fn contested(&self) -> bool {
        self.two_senders && self.held == Some(HeldState::Held)
    }

    fn same_line(&self, other: &Member) -> bool {
        self.line.is_some() && self.line == other.line
    }
}

/// The claims of one business for one outage, in arrival order.
type Group = Vec<Member>;

fn group_of(tx: &Connection, facts: &ClaimFacts) -> Result<Group, DeskError> {
    let (Some(number), Some(incident)) = (&facts.registration_number, &facts.incident) else {
        return Ok(Vec::new());
    };
    let mut statement = tx.prepare_cached(
        "SELECT id, claim_id, made_at, received_at, held_state, two_senders, superseded_by
         FROM received WHERE registration_number = ?1 AND incident = ?2 ORDER BY seq",
    )?;
    let group = statement
        .query_map(params![number, incident], |row| {
            let made_at: Option<String> = row.get(2)?;
            let received_at: String = row.get(3)?;
            let held: Option<String> = row.get(4)?;
            Ok(Member {
                id: row.get(0)?,
                line: row.get(1)?,
                // Rows kept before times were checked are checked here.
                made_at: believed_made_at(made_at.as_deref(), &received_at),
                held: held.as_deref().and_then(HeldState::from_code),
                two_senders: row.get(5)?,
                superseded_by: row.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(group)
}

/// The newest of the members `keep` keeps. Newest: the latest time the
/// shop changed it (when the files say), else the latest to arrive; later
/// arrival wins ties.
fn newest(group: &Group, keep: impl Fn(&Member) -> bool) -> Option<&Member> {
    group
        .iter()
        .enumerate()
        .filter(|(_, member)| keep(member))
        .max_by(|(i, a), (j, b)| match (&a.made_at, &b.made_at) {
            (Some(x), Some(y)) => x.cmp(y).then(i.cmp(j)),
            _ => i.cmp(j),
        })
        .map(|(_, member)| member)
}

/// The claim current now, leaving out `except`: none while two senders
/// wait for the staff.
fn current_of(group: &Group, except: Option<&str>) -> Option<String> {
    if group.iter().any(Member::contested) {
        return None;
    }
    newest(group, |member| {
        member.may_be_current() && Some(member.id.as_str()) != except
    })
    .map(|member| member.id.clone())
}

/// The claim a contested one is compared with: the newest claim of
/// another line still waiting, else the current one.
fn other_sender(group: &Group, id: &str) -> Option<String> {
    let member = group.iter().find(|member| member.id == id)?;
    newest(group, |other| {
        other.contested() && other.id != id && !other.same_line(member)
    })
    .map(|other| other.id.clone())
    .or_else(|| current_of(group, Some(id)))
}

fn document_of(
    tx: &Connection,
    id: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, DeskError> {
    let text: String = tx.query_row(DOCUMENT_OF, [id], |row| row.get(0))?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

/// What each claim of one business for one outage points to, and how many
/// were newly replaced.
///
/// Normally the newest claim that may be current stays current and the
/// others point to it; a held change points nowhere (it waits, listed, out
/// of the statistics). While two senders wait, nothing is current: each
/// line's newest waiting claim points nowhere and every other claim points
/// to its own line's, or to the newest waiting one.
fn settle_duplicates(
    tx: &rusqlite::Transaction<'_>,
    facts: &ClaimFacts,
) -> Result<usize, DeskError> {
    let group = group_of(tx, facts)?;
    if group.len() < 2 {
        return Ok(0);
    }
    let wanted: Vec<Option<String>> = if group.iter().any(Member::contested) {
        let head_of = |member: &Member| {
            newest(&group, |other| {
                other.contested() && (other.id == member.id || other.same_line(member))
            })
        };
        let newest_waiting = newest(&group, Member::contested).map(|m| m.id.clone());
        group
            .iter()
            .map(|member| match head_of(member) {
                Some(head) if head.id == member.id => None,
                Some(head) => Some(head.id.clone()),
                None if member.held == Some(HeldState::Held) => None,
                None => newest_waiting.clone(),
            })
            .collect()
    } else {
        let Some(current) = current_of(&group, None) else {
            return Ok(0);
        };
        group
            .iter()
            .map(|member| {
                (member.id != current && member.held != Some(HeldState::Held))
                    .then(|| current.clone())
            })
            .collect()
    };
    let mut newly = 0;
    for (member, wanted) in group.iter().zip(wanted) {
        if member.superseded_by != wanted {
            if member.superseded_by.is_none() {
                newly += 1;
            }
            tx.execute(
                "UPDATE received SET superseded_by = ?2 WHERE id = ?1",
                params![member.id, wanted],
            )?;
        }
    }
    Ok(newly)
}

/// A review-log line for a held claim's state, its review unmoved.
fn log_held(tx: &Connection, id: &str, at: &str, note: &str) -> Result<(), DeskError> {
    tx.execute(
        "INSERT INTO review_log (received_id, at, from_status, to_status, note)
         SELECT id, ?2, review_status, review_status, ?3 FROM received WHERE id = ?1",
        params![id, at, note],
    )?;
    Ok(())
}

/// Marks a claim as waiting because another sender claims its business,
/// with the held members it differs in.
fn hold_for_two_senders(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    changes: &[&str],
) -> Result<(), DeskError> {
    tx.execute(
        "UPDATE received SET held_changes = ?2, held_state = 'held', two_senders = 1 WHERE id = ?1",
        params![id, serde_json::to_string(changes).unwrap_or_default()],
    )?;
    Ok(())
}
