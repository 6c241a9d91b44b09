//! The association's desk: every claim received, with the facts the rules
//! engine gives, which newer claim replaces it (same business, same outage),
//! and the staff's review.
//!
//! The rules are written once, over a [`Store`]: the desktop keeps its
//! claims in `association.sqlite3` ([`SqliteStore`], [`AssocDesk`]), the
//! association's server in PostgreSQL (`claimdesk-server`). Seams:
//! - `receive`: an intake (fingerprint, number, hold, settle);
//! - `supersede`: which claim of a business is current;
//! - `held`: changes and second senders waiting for the staff;
//! - `review`: the staff's moves, notes and log;
//! - `store`: what a store must do; `sqlite`, `schema`: the desktop's;
//! - `error`: what can go wrong, in the staff's words.

mod error;
mod held;
mod receive;
mod review;
mod schema;
mod sqlite;
pub mod store;
mod supersede;

pub use error::DeskError;
pub use held::{held_changes, held_field_label, HeldChange, HeldState, HELD_FIELDS};
pub use receive::{Added, Incoming, Intake, IntakeCount, Origin, Outcome, Prepared, Progress};
pub use review::{Review, ReviewEntry};
pub use schema::{ASSOCIATION_DATA, ASSOCIATION_FILE};
pub use sqlite::{AssocDesk, SqliteStore};
pub use store::Store;

use crate::facts::ClaimFacts;
use serde::Serialize;

/// The association's desk over a store: the incidents claims are checked
/// against and the clock it dates its records by.
#[derive(Debug)]
pub struct Desk<S> {
    pub(crate) store: S,
    /// The incidents received claims may name: built in, plus those the
    /// app imported (see [`Desk::set_incidents`]).
    incidents: claim_core::Incidents,
    /// What the desk dates its records by: the app's clock
    /// ([`Desk::set_clock`]), so that a receipt is never received after it
    /// was issued, nor a review moved after the answers saying so.
    pub(crate) clock: claim_store::Clock,
    /// Who the desk's moves are logged as: the signed-in member of staff
    /// at the server, none at the desktop.
    actor: Option<String>,
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
    /// How many lines its review log has: a move made on a copy read at
    /// another count is refused ([`Desk::review_seen`]).
    pub review_version: i64,
}
/// Now by `clock`, as the desk stores instants: RFC 3339 in UTC (shown in
/// KST by the UI).
pub(crate) fn now(clock: claim_store::Clock) -> String {
    claim_core::dates::stored_instant(clock.now())
}

impl<S: Store> Desk<S> {
    /// A desk over `store`, with the built-in incidents and the system's
    /// clock.
    pub fn new(store: S) -> Desk<S> {
        Desk {
            store,
            incidents: claim_core::Incidents::built_in(),
            clock: claim_store::Clock::system(),
            actor: None,
        }
    }

    /// The store, the desk done with (to keep a connection for the next).
    pub fn into_store(self) -> S {
        self.store
    }

    /// The clock the desk dates its records by.
    pub fn clock(&self) -> claim_store::Clock {
        self.clock
    }

    /// Who the desk's moves are logged as.
    pub fn actor(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    /// Logs the desk's moves as `actor`'s from now on.
    pub fn set_actor(&mut self, actor: Option<String>) {
        self.actor = actor;
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

    pub fn get(&self, id: &str) -> Result<ReceivedClaim, DeskError> {
        self.store.begin()?.claim(id)?.ok_or(DeskError::NotFound)
    }

    pub fn document(
        &self,
        id: &str,
    ) -> Result<serde_json::Map<String, serde_json::Value>, DeskError> {
        held::document_of(self.store.begin()?.as_mut(), id)
    }

    pub fn pdf(&self, id: &str) -> Result<Option<Vec<u8>>, DeskError> {
        self.store.begin()?.pdf(id)
    }

    /// The older claims of the same business and outage as `id`, each
    /// with what differs from `id`, in words (`…: 33,000원 → 43,000원`).
    pub fn replaced(
        &self,
        id: &str,
        lang: claim_core::Lang,
    ) -> Result<Vec<(ReceivedClaim, Vec<String>)>, DeskError> {
        let mut ledger = self.store.begin()?;
        let newer = held::document_of(ledger.as_mut(), id)?;
        let older = ledger.replaced_by(id)?;
        older
            .into_iter()
            .map(|claim| {
                let document = held::document_of(ledger.as_mut(), &claim.id)?;
                let differs = crate::facts::worded_changes(&document, &newer, lang);
                Ok((claim, differs))
            })
            .collect()
    }

    /// The received claims, current ones (not replaced by a newer one)
    /// unless `all`, in the order they arrived.
    pub fn list(&self, all: bool) -> Result<Vec<ReceivedClaim>, DeskError> {
        self.store.begin()?.list(all)
    }

    /// Visits every current claim not waiting for the staff, without
    /// holding them all (statistics over 100,000 claims in flat memory).
    pub fn for_each_current(&self, mut visit: impl FnMut(ReceivedClaim)) -> Result<(), DeskError> {
        self.store
            .begin()?
            .for_each_current(false, false, &mut |claim, _| visit(claim))
    }

    /// [`Desk::for_each_current`] with each claim's document (the exports).
    pub fn for_each_current_with_document(
        &self,
        mut visit: impl FnMut(ReceivedClaim, serde_json::Map<String, serde_json::Value>),
    ) -> Result<(), DeskError> {
        self.store
            .begin()?
            .for_each_current(true, false, &mut |claim, text| {
                visit(
                    claim,
                    text.and_then(|text| serde_json::from_str(&text).ok())
                        .unwrap_or_default(),
                );
            })
    }

    /// Visits every claim the export carries, with its document: the
    /// current ones and those two senders wait with.
    pub fn for_each_exported(
        &self,
        mut visit: impl FnMut(ReceivedClaim, serde_json::Map<String, serde_json::Value>),
    ) -> Result<(), DeskError> {
        self.store
            .begin()?
            .for_each_current(true, true, &mut |claim, text| {
                visit(
                    claim,
                    text.and_then(|text| serde_json::from_str(&text).ok())
                        .unwrap_or_default(),
                );
            })
    }

    /// How many businesses wait because two senders claim each of them:
    /// none of their claims is current, so the statistics and the exports
    /// leave them out until the staff decide.
    pub fn businesses_with_two_senders(&self) -> Result<usize, DeskError> {
        self.store.begin()?.businesses_with_two_senders()
    }
}
