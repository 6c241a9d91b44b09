//! `claimdesk-server import-desk`: the desktop's `association.sqlite3` (or
//! a backup of it) moved into the server's PostgreSQL by claim-assoc's
//! `transfer`. The file is read from a private copy, so the desk's own is
//! never upgraded or written, and a file that is not ClaimDesk's
//! association data, or a newer one, is refused as the desktop refuses it.

use crate::store::PgStore;
use claim_assoc::desk::{AssocDesk, Desk, ASSOCIATION_FILE};
use claim_assoc::transfer::{copy_desk, Copied};
use claim_core::{Failure, Lang};
use std::path::Path;

/// Moves the desk in `file` into the database `db`.
pub fn import_desk(db: &str, file: &Path) -> Result<Copied, String> {
    let said = |error: claim_assoc::desk::DeskError| {
        format!("{} ({})", error.message(Lang::En), error.code().as_str())
    };
    let folder = tempfile::tempdir().map_err(|error| error.to_string())?;
    let copy = folder.path().join(ASSOCIATION_FILE);
    std::fs::copy(file, &copy).map_err(|error| format!("{}: {error}", file.display()))?;
    // A desk still open on its PC has its latest changes in the WAL beside
    // the file: they come along.
    let mut wal = file.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).is_file() {
        let mut copied_wal = copy.as_os_str().to_owned();
        copied_wal.push("-wal");
        std::fs::copy(&wal, &copied_wal).map_err(|error| format!("{}: {error}", file.display()))?;
    }
    let source = AssocDesk::open(folder.path()).map_err(said)?;
    let mut target = Desk::new(PgStore::connect(db).map_err(said)?);
    target.set_clock(claimdesk::app::clock::app());
    copy_desk(&source, &mut target).map_err(said)
}
