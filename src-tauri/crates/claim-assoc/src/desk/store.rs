//! Where the association's desk keeps its claims, as the rules see it.
//!
//! The rules (intake, duplicates, held changes, review) are written once, in
//! this module's siblings, against [`Store`] and [`Ledger`]; a store only
//! reads and writes rows. Two stores implement them: [`super::SqliteStore`]
//! (the desktop's `association.sqlite3`) and the server's PostgreSQL
//! (`claimdesk-server`). Both run the same test suite
//! ([`crate::suite`], feature `store-suite`).
//!
//! Invariants a store keeps, whatever it is:
//! - everything a [`Ledger`] wrote is kept by [`Ledger::commit`] alone;
//!   dropped, nothing of it stays;
//! - a fingerprint is kept once ([`Ledger::insert`] says when another
//!   ledger kept it first), and [`Ledger::group`] and
//!   [`Ledger::intake_number`] serialise the ledgers working on the same
//!   business or claim line (a store with one writer at a time has
//!   nothing more to do), so two intakes of one bundle at once leave what
//!   one would;
//! - [`Ledger::next_intake_number`] never gives a number twice.

use super::{DeskError, HeldState, ReceivedClaim, Review, ReviewEntry};
use crate::facts::{ClaimFacts, Tier};

/// A store of received claims: a transaction at a time.
pub trait Store {
    /// Starts a transaction; what it writes is kept only by its commit.
    fn begin(&self) -> Result<Box<dyn Ledger + '_>, DeskError>;
    /// After customer details were erased from `ids` at `at` (committed):
    /// whatever the store keeps beside its data (the desktop's old pages
    /// and automatic copies) forgets them too. Nothing by default: the
    /// server's copies are the association's own `pg_dump`s.
    fn forget_erased(&self, _ids: &[String], _at: &str) -> Result<(), DeskError> {
        Ok(())
    }
}

/// A claim as the intake keeps it.
#[derive(Debug)]
pub struct NewClaim<'a> {
    pub id: &'a str,
    pub facts: &'a ClaimFacts,
    /// The claim as kept (its JSON text), and its SHA-256 in hex.
    pub text: &'a str,
    pub sha: &'a str,
    pub source: &'a str,
    pub made_at: Option<&'a str>,
    pub received_at: &'a str,
    pub pdf: Option<&'a [u8]>,
    pub claim_number: Option<&'a str>,
    pub customer_details_included: bool,
    pub intake_number: &'a str,
    /// Who took it in: the member of staff whose intake it is, or none (a
    /// shop's submission at the server's door, the desktop's one desk).
    pub received_by: Option<&'a str>,
}

impl<'a> NewClaim<'a> {
    /// A claim received elsewhere, to keep again as it arrived there (its
    /// review and the rest are set after: [`Ledger::import_claim`]).
    pub fn as_received(
        claim: &'a ReceivedClaim,
        text: &'a str,
        pdf: Option<&'a [u8]>,
    ) -> NewClaim<'a> {
        NewClaim {
            id: &claim.id,
            facts: &claim.facts,
            text,
            sha: &claim.document_sha256,
            source: &claim.source,
            made_at: claim.made_at.as_deref(),
            received_at: &claim.received_at,
            pdf,
            claim_number: claim.claim_number.as_deref(),
            customer_details_included: claim.customer_details_included,
            intake_number: claim.intake_number.as_deref().unwrap_or_default(),
            received_by: None,
        }
    }
}

/// The held members a received claim keeps, as a store writes them (none
/// for a claim never held).
pub fn held_text_of(claim: &ReceivedClaim) -> Option<String> {
    (!claim.held_changes.is_empty() || claim.held_state.is_some())
        .then(|| serde_json::to_string(&claim.held_changes).unwrap_or_default())
}

/// A claim's intake number, as a store finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeNumber {
    /// The number its line's earlier versions have.
    OfLine(String),
    /// The next count of the year (the rules write it `RX-<year>-<n>`).
    Next(i64),
}

/// One claim of a business's group (one business, one outage), as the
/// rules of duplicates read it.
#[derive(Debug, Clone)]
pub struct MemberRow {
    pub id: String,
    pub claim_id: Option<String>,
    pub made_at: Option<String>,
    pub received_at: String,
    pub held_state: Option<HeldState>,
    pub two_senders: bool,
    pub superseded_by: Option<String>,
}

/// One transaction on a [`Store`].
pub trait Ledger {
    /// The id of the claim kept with this fingerprint (`document_sha256`),
    /// if one is. With writers at once, two may both find none: the store's
    /// [`Ledger::insert`] then keeps one and tells the other.
    fn received_as(&mut self, sha: &str) -> Result<Option<String>, DeskError>;
    /// The association's number the earlier versions of `claim_id` have,
    /// else the next of `year`'s counts (1, 2, …), counted once. A store
    /// with writers at once first waits for any other ledger numbering
    /// the same line.
    fn intake_number(
        &mut self,
        claim_id: Option<&str>,
        year: i32,
    ) -> Result<IntakeNumber, DeskError>;
    /// Keeps a new claim, `received`, unreviewed and current; false when a
    /// claim with its fingerprint was kept meanwhile (by a ledger that
    /// committed after [`Ledger::received_as`] looked), and nothing kept.
    fn insert(&mut self, claim: &NewClaim<'_>) -> Result<bool, DeskError>;
    fn attach_pdf(&mut self, id: &str, pdf: &[u8]) -> Result<(), DeskError>;
    /// The claims of one business for one outage, in arrival order. A
    /// store with writers at once first waits for any other ledger
    /// working on the same business.
    fn group(
        &mut self,
        registration_number: &str,
        incident: &str,
    ) -> Result<Vec<MemberRow>, DeskError>;
    /// The claim's JSON text as kept.
    fn document(&mut self, id: &str) -> Result<Option<String>, DeskError>;
    fn pdf(&mut self, id: &str) -> Result<Option<Vec<u8>>, DeskError>;
    fn claim(&mut self, id: &str) -> Result<Option<ReceivedClaim>, DeskError>;
    /// The claims `id` replaces, in arrival order.
    fn replaced_by(&mut self, id: &str) -> Result<Vec<ReceivedClaim>, DeskError>;
    /// Marks a claim as waiting for the staff, with the held members it
    /// changes, and whether because another sender claims its business.
    fn hold(&mut self, id: &str, changes: &[&str], two_senders: bool) -> Result<(), DeskError>;
    fn set_held_state(&mut self, id: &str, state: HeldState) -> Result<(), DeskError>;
    fn set_superseded_by(&mut self, id: &str, by: Option<&str>) -> Result<(), DeskError>;
    /// Moves the review; `note` replaces the note when given.
    fn set_review(&mut self, id: &str, to: Review, note: Option<&str>) -> Result<(), DeskError>;
    /// The staff's note; false when there is no such claim.
    fn set_note(&mut self, id: &str, note: &str) -> Result<bool, DeskError>;
    /// A line of the claim's review log; the claim's `review_version`
    /// counts it.
    fn log(&mut self, id: &str, entry: &ReviewEntry) -> Result<(), DeskError>;
    /// Waits for any other ledger changing the claim, and holds it until
    /// this one ends (a store with one writer has nothing to do).
    fn lock_claim(&mut self, id: &str) -> Result<(), DeskError>;
    fn review_log(&mut self, id: &str) -> Result<Vec<ReviewEntry>, DeskError>;
    /// The received claims, current ones (not replaced) unless `all`, in
    /// arrival order.
    fn list(&mut self, all: bool) -> Result<Vec<ReceivedClaim>, DeskError>;
    /// Visits every current claim not waiting for the staff, in arrival
    /// order, without holding them all (100,000 claims in flat memory),
    /// with its JSON text when `with_documents`; with the claims two
    /// senders wait with (none of them current) when `with_contested`.
    fn for_each_current(
        &mut self,
        with_documents: bool,
        with_contested: bool,
        visit: &mut dyn FnMut(ReceivedClaim, Option<String>),
    ) -> Result<(), DeskError>;
    /// The signed receipt issued for the claim, and its number.
    fn receipt_file(&mut self, id: &str) -> Result<Option<Vec<u8>>, DeskError>;
    fn receipt_number_of(&mut self, id: &str) -> Result<Option<String>, DeskError>;
    /// The next of `year`'s receipt numbers (1, 2, …), counted once.
    fn next_receipt_number(&mut self, year: i32) -> Result<i64, DeskError>;
    /// Keeps a receipt as issued (one per claim).
    fn keep_receipt(
        &mut self,
        number: &str,
        id: &str,
        issued_at: &str,
        file: &[u8],
    ) -> Result<(), DeskError>;
    /// Keeps a claim moved from another desk as it was there (its id,
    /// numbers, review and log count), replacing nothing yet; false when
    /// this store holds it already (by id or content).
    fn import_claim(
        &mut self,
        claim: &ReceivedClaim,
        text: &str,
        pdf: Option<&[u8]>,
    ) -> Result<bool, DeskError>;
    /// A line of a moved claim's log, as it was (its count already moved).
    fn import_log(&mut self, id: &str, entry: &ReviewEntry) -> Result<(), DeskError>;
    /// The year's counters go on after `at_least` (never down).
    fn raise_intake_number(&mut self, year: i32, at_least: i64) -> Result<(), DeskError>;
    fn raise_receipt_number(&mut self, year: i32, at_least: i64) -> Result<(), DeskError>;
    /// The oldest current claim waiting for its first review that `actor`
    /// holds (until after `now`), else that nobody holds, now held by
    /// `actor` until `until`. A store with writers at once never hands one
    /// claim to two (the one another is handing out is passed over).
    fn take_next(
        &mut self,
        actor: &str,
        now: &str,
        until: &str,
    ) -> Result<Option<ReceivedClaim>, DeskError>;
    /// One page of the staff's work table (see [`crate::table`]).
    fn table(
        &mut self,
        query: &crate::table::TableQuery,
    ) -> Result<crate::table::TablePage, DeskError>;
    /// Businesses (and outages) for which two senders wait.
    fn businesses_with_two_senders(&mut self) -> Result<usize, DeskError>;
    /// The claims whose customer details are due to go, in intake order:
    /// not erased yet, and forwarded or returned (their last move there)
    /// at or before `cutoff`, or replaced by a claim received at or before
    /// it.
    fn due_for_erasure(&mut self, cutoff: &str) -> Result<Vec<String>, DeskError>;
    /// Keeps claim `id`'s `document` with its customer details erased, its
    /// PDF dropped when `drop_pdf` (it showed them unmasked), `at` as when
    /// and `by` as who (none: the retention time); never what was erased.
    fn keep_erased(
        &mut self,
        id: &str,
        document: &str,
        drop_pdf: bool,
        at: &str,
        by: Option<&str>,
    ) -> Result<(), DeskError>;
    fn commit(self: Box<Self>) -> Result<(), DeskError>;
}

/// A received claim's row as a store keeps it (codes and JSON as text), to
/// be read into a [`ReceivedClaim`] the same way by every store.
#[derive(Debug, Default)]
pub struct StoredClaim {
    pub id: String,
    pub claim_id: Option<String>,
    pub registration_number: Option<String>,
    pub incident: Option<String>,
    pub business_name: Option<String>,
    pub industry: Option<String>,
    pub region: Option<String>,
    /// JSON array.
    pub services: String,
    pub claimed: Option<i64>,
    pub revenue_loss: Option<i64>,
    pub tier: String,
    pub error_count: i64,
    pub warning_count: i64,
    /// JSON array.
    pub missing_evidence: String,
    pub source: String,
    pub made_at: Option<String>,
    pub received_at: String,
    pub review_status: String,
    pub review_note: Option<String>,
    pub superseded_by: Option<String>,
    pub has_pdf: bool,
    pub customer_details_erased_at: Option<String>,
    /// JSON array.
    pub held_changes: Option<String>,
    pub held_state: Option<String>,
    pub claim_number: Option<String>,
    pub document_sha256: String,
    pub days_out: Option<u32>,
    pub two_senders: bool,
    pub customer_details_included: bool,
    pub intake_number: Option<String>,
    pub review_version: i64,
}

impl From<StoredClaim> for ReceivedClaim {
    fn from(row: StoredClaim) -> ReceivedClaim {
        let review = Review::from_code(&row.review_status).unwrap_or(Review::Received);
        ReceivedClaim {
            id: row.id,
            registration_number_shown: row
                .registration_number
                .as_deref()
                .map(claim_core::brn::shown_registration_number),
            facts: ClaimFacts {
                claim_id: row.claim_id,
                registration_number: row.registration_number,
                incident: row.incident,
                business_name: row.business_name,
                industry: row.industry,
                region: row.region,
                services: serde_json::from_str(&row.services).unwrap_or_default(),
                claimed: row.claimed,
                revenue_loss: row.revenue_loss,
                tier: Tier::from_code(&row.tier),
                error_count: row.error_count,
                warning_count: row.warning_count,
                missing_evidence: serde_json::from_str(&row.missing_evidence).unwrap_or_default(),
                days_out: row.days_out,
            },
            source: row.source,
            made_at: row.made_at,
            received_at: row.received_at,
            review,
            next_reviews: Review::ALL
                .into_iter()
                .filter(|to| review.can_become(*to))
                .collect(),
            review_note: row.review_note,
            superseded_by: row.superseded_by,
            has_pdf: row.has_pdf,
            customer_details_erased_at: row.customer_details_erased_at,
            held_changes: row
                .held_changes
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default(),
            held_state: row.held_state.as_deref().and_then(HeldState::from_code),
            claim_number: row.claim_number,
            document_sha256: row.document_sha256,
            two_senders: row.two_senders,
            customer_details_included: row.customer_details_included,
            intake_number: row.intake_number,
            review_version: row.review_version,
        }
    }
}

/// The facts' lists as a store keeps them (JSON arrays).
pub fn services_text(facts: &ClaimFacts) -> String {
    serde_json::to_string(&facts.services).unwrap_or_else(|_| "[]".into())
}

pub fn missing_evidence_text(facts: &ClaimFacts) -> String {
    serde_json::to_string(&facts.missing_evidence).unwrap_or_else(|_| "[]".into())
}

pub fn held_changes_text(changes: &[&str]) -> String {
    serde_json::to_string(changes).unwrap_or_default()
}
