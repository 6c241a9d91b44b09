//! The use cases: what an owner or the association's staff can do, written
//! once for the command line and the window. No Tauri and no clap here:
//! each function takes plain values (paths, ids, choices), works through
//! the store, the PDF, the importers and the association's desk, and
//! returns a typed result or an [`AppError`]. `cli/` and `window/` only read
//! their input, call one of these, and show the answer.

pub mod assessment;
pub mod association;
pub mod bundle;
pub mod claims;
pub mod clock;
pub mod data_dir;
pub mod error;
pub mod files;
pub mod hearing;
pub mod incidents;
pub mod lifecycle;
pub mod network;
pub mod offers;
pub mod orders;
pub mod pdf;
pub mod reply;
pub mod sales;
pub mod submit;
pub mod worker;

pub use error::{AppError, AppResult};
