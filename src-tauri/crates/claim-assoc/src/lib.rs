//! The association's side of ClaimDesk, without Tauri: the bundle format
//! shops send claims in, taking in bundles, claim PDFs and JSON files,
//! finding duplicates, the staff's review, and statistics.

pub mod bundle;
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
