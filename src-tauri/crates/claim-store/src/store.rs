//! The store itself: its connection, how it is opened, and the one
//! doorway for writes.

use crate::*;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's transaction before failing.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    /// The incidents claims may name (built in and imported), read at open
    /// and after every import.
    pub(crate) incidents: claim_core::Incidents,
    /// What dates its records and counts days left: the system's clock
    /// unless the app sets another ([`Store::set_clock`]).
    pub(crate) clock: Clock,
    /// A shared hold on the data folder's lock file for as long as the
    /// store is open: a restore, which replaces the file, waits for none
    /// to be held (else this store's later saves would go to the file it
    /// replaced, and be lost). `None` where the lock file cannot be made
    /// (a read-only folder, where nothing is saved either).
    _hold: Option<std::fs::File>,
}

/// The lock file every open store holds shared and a restore holds alone.
pub(crate) const LOCK_FILE: &str = "claimdesk.lock";

/// How long an open waits for a restore in progress, or a restore for the
/// stores open elsewhere to close (a daily backup takes a moment).
const HOLD_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Takes the data folder's lock, shared or alone, waiting up to
/// [`HOLD_WAIT`]; `Ok(None)` where the lock file cannot be made, `Err`
/// when it stays held.
pub(crate) fn hold(dir: &Path, alone: bool) -> std::io::Result<Option<std::fs::File>> {
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(LOCK_FILE))
    else {
        return Ok(None);
    };
    let deadline = std::time::Instant::now() + HOLD_WAIT;
    loop {
        let taken = if alone {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match taken {
            Ok(()) => return Ok(Some(file)),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(std::io::Error::from(std::io::ErrorKind::WouldBlock))
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(error),
        }
    }
}

/// The data folder `dir`'s lock, shared, for another ClaimDesk file opened
/// in it (the association's desk): a restore waits for every holder. `None`
/// when the lock cannot be had (the file is then opened unheld, as a store
/// is).
pub fn hold_folder(dir: &Path) -> Option<std::fs::File> {
    hold(dir, false).unwrap_or(None)
}

pub(crate) const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Ways to make the store fail as a full disk or a read-only folder would,
/// for the fault tests (running as root, `chmod` cannot make anything
/// read-only, and filling a real disk is not something a test should do).
#[cfg(feature = "fault-injection")]
pub mod faults {
    use super::*;

    /// Opens the store in `dir` as SQLite does when the file cannot be
    /// written: every write fails.
    pub fn open_read_only(dir: &Path) -> Result<Store> {
        Store::open_with_flags(
            dir,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }

    /// From now on the database file may grow by at most `pages` pages (of
    /// 4 KiB), as if the disk then filled up.
    pub fn fill_disk_after(store: &Store, pages: i64) -> Result<()> {
        let used: i64 = store
            .conn
            .pragma_query_value(None, "page_count", |row| row.get(0))?;
        store
            .conn
            .pragma_update(None, "max_page_count", used.saturating_add(pages))?;
        Ok(())
    }
}

impl Store {
    /// Dates what the store writes from now on, and counts today, by `clock`.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Opens (or creates) the store in `dir`. A file that is not SQLite, is
    /// damaged, or was written by a newer schema is refused and left as it is.
    pub fn open(dir: &Path) -> Result<Store> {
        database::make_private_dir(dir, DATABASE_FILE)?;
        Store::open_with_flags(
            dir,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }

    pub(crate) fn open_with_flags(dir: &Path, flags: OpenFlags) -> Result<Store> {
        // A restore in progress is waited for; one that holds on past the
        // wait leaves this store unheld rather than unopened.
        let hold = hold(dir, false).unwrap_or(None);
        let mut store = Store::open_unheld(dir, flags)?;
        store._hold = hold;
        Ok(store)
    }

    /// The store without the folder's lock: the restore's own look at the
    /// data it replaces, while it holds the lock alone.
    pub(crate) fn open_unheld(dir: &Path, flags: OpenFlags) -> Result<Store> {
        let conn = open_store_file(&dir.join(DATABASE_FILE), flags)?;
        let incidents = incidents::load_incidents(&conn)?;
        Ok(Store {
            conn,
            incidents,
            clock: Clock::system(),
            _hold: None,
        })
    }

    /// The one doorway for writes: an immediate transaction, committed only
    /// if `work` succeeds.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// Opens a store's SQLite file at `path` (the store's own, or one of its
/// copies), brought to the latest schema.
pub(crate) fn open_store_file(path: &Path, flags: OpenFlags) -> Result<Connection> {
    database::open_ours(path, flags, SCHEMA_VERSION, |conn| {
        schema::migrations()
            .to_latest(conn)
            .map_err(|error| match error {
                rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
                other => StoreError::Migration(other.to_string()),
            })
    })
}
