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

mod answers;
mod backup;
mod businesses;
mod claims;
mod clock;
pub mod database;
mod desk;
mod error;
mod evidence;
mod evidence_files;
mod hearing;
mod incidents;
mod outbox;
mod retention;
mod schema;
mod store;

pub use claim_core::signature::KeyUse;
pub use claim_core::status::{DeadlineWarning, Status, DEADLINE_SOON_DAYS};
pub use claim_core::ClaimId;
pub use incidents::{DeadlineEntry, ImportedIncident, IncidentEntry, KeyEntry};
pub use outbox::{Outgoing, Waiting};
pub use retention::{ErasureReason, DEFAULT_RETENTION_DAYS};

pub use clock::{Clock, ClockOutOfRange};
pub use desk::Desk;
pub use error::StoreError;
pub use evidence::{MediaType, MAX_EVIDENCE_BYTES};
pub use schema::SCHEMA_VERSION;

// The façade: every module's public items, and its crate-wide ones for the
// other modules.
pub use answers::*;
pub use backup::*;
pub use businesses::*;
pub use claims::*;
pub use evidence_files::*;
pub use store::*;

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "claimdesk.sqlite3";
