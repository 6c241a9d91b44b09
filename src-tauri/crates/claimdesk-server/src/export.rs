//! `claimdesk-server export`: claim-assoc's JSON Lines export of the
//! PostgreSQL store, to a file only its owner reads (it holds businesses'
//! accounts, and customer details where owners opted in), written beside
//! its name and renamed over it, so the file is whole or not there.

use crate::store::PgStore;
use claim_assoc::desk::Desk;
use claim_core::{Failure, Lang};
use std::path::Path;

/// Exports the database `db` to `output`; how many claims.
pub fn to_file(db: &str, output: &Path) -> Result<usize, String> {
    let mut desk = Desk::new(PgStore::connect(db).map_err(|error| error.message(Lang::En))?);
    desk.set_clock(claimdesk::app::clock::app());
    let folder = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let written = tempfile::Builder::new()
        .prefix(".claimdesk-export-")
        .tempfile_in(&folder)
        .map_err(|error| format!("{}: {error}", folder.display()))?;
    let (file, lines) =
        claim_assoc::export::write_jsonl(&desk, written).map_err(|error| match error {
            claim_assoc::stats::ExportError::Desk(error) => error.message(Lang::En),
            other => other.to_string(),
        })?;
    file.as_file()
        .sync_all()
        .map_err(|error| format!("{}: {error}", output.display()))?;
    // tempfile made it 0600; the rename keeps that.
    file.persist(output)
        .map_err(|error| format!("{}: {}", output.display(), error.error))?;
    Ok(lines)
}
