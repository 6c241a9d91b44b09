//! The association's side of ClaimDesk, without Tauri: taking in bundles
//! (their format is `claim-exchange`'s), claim PDFs and JSON files,
//! finding duplicates, the staff's review, and statistics.

/// The bundle format, now the exchange crate's (both sides use it).
pub use claim_exchange::bundle;
pub mod desk;
pub mod export;
pub mod facts;
pub mod intake;
pub mod reply;
pub mod retention;
pub mod stats;
pub mod submission;
#[cfg(feature = "store-suite")]
pub mod suite;
pub mod table;
pub mod transfer;
