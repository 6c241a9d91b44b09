//! Everything out and back: the owner's export of a claim, backups (one
//! file holding everything), the daily ones, and restoring with the data it
//! replaces kept aside.

use crate::*;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportReceipt {
    pub number: String,
    /// SHA-256 (hex) of the bytes written, as the audit trail records it.
    pub sha256: String,
}

pub(crate) fn output_error(file: &Path) -> StoreError {
    StoreError::Output {
        path: file.to_owned(),
    }
}

/// A failure writing a file the owner chose is about that file, not the data
/// folder, unless the disk is full or read-only.
pub(crate) fn chosen_file_error(error: StoreError, file: &Path) -> StoreError {
    match error {
        StoreError::DiskFull | StoreError::ReadOnly => error,
        _ => output_error(file),
    }
}

/// Where the automatic daily backups of the store in `data_dir` go.
pub fn backup_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// The files in `dir` whose names `keep` accepts, in name order (none if
/// there is no `dir`).
fn files_named(dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error.into()),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(&keep)
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The copies a restore kept of the data it replaced, in `data_dir`.
pub fn before_restore_copies(data_dir: &Path) -> Result<Vec<PathBuf>> {
    files_named(data_dir, |name| {
        name.starts_with("before-restore-") && name.ends_with(".sqlite3")
    })
}

/// When a store was set aside whole, from its name
/// (`before-restore-<time>.unreadable[-wal|-shm]`); `None` for another name.
fn set_aside_at(name: &str) -> Option<Option<DateTime<Utc>>> {
    let (stamp, _) = name
        .strip_prefix("before-restore-")?
        .split_once(".unreadable")?;
    Some(
        chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ")
            .ok()
            .map(|at| at.and_utc()),
    )
}

/// The stores a restore moved aside whole because SQLite could not copy
/// them (`before-restore-<time>.unreadable`, with its `-wal` and `-shm`),
/// in `data_dir`: each with when it was set aside, from its name.
pub fn unreadable_copies(data_dir: &Path) -> Result<Vec<(PathBuf, Option<DateTime<Utc>>)>> {
    Ok(files_named(data_dir, |name| set_aside_at(name).is_some())?
        .into_iter()
        .map(|path| {
            let at = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(set_aside_at)
                .flatten();
            (path, at)
        })
        .collect())
}

/// The automatic backups in `dir`, newest first (none if there is no `dir`).
pub fn daily_backups(dir: &Path) -> Result<Vec<PathBuf>> {
    // Names hold the date as YYYY-MM-DD, so name order is date order.
    let mut daily = files_named(dir, |name| {
        name.starts_with(DAILY_PREFIX) && name.ends_with(".sqlite3")
    })?;
    daily.reverse();
    Ok(daily)
}

/// Automatic backups are named `claimdesk-YYYY-MM-DD.sqlite3`.
pub(crate) const DAILY_PREFIX: &str = "claimdesk-";

/// How many automatic daily backups are kept.
pub const KEPT_DAILY_BACKUPS: usize = 14;

/// `file` with a `.<what>-<pid>` suffix, in the same directory (so a rename
/// onto `file` is atomic).
/// Flushes a file someone else wrote (SQLite, a copy) to the disk. Opened for
/// writing: Windows flushes only through a handle that may write (a
/// read-only one is refused with "access denied").
fn sync_file(file: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(file)?
        .sync_all()
}

pub(crate) fn sibling(file: &Path, what: &str) -> PathBuf {
    let mut name = file
        .file_name()
        .map(|name| name.to_os_string())
        .unwrap_or_default();
    name.push(format!(".{what}-{}", std::process::id()));
    file.with_file_name(name)
}

/// A SQLite file from outside (a backup, its copy), opened read-only: an
/// empty or foreign file refused first, and nothing in its schema (a view,
/// a trigger, a default) allowed to run functions while it is read.
fn open_stranger(file: &Path) -> Result<Connection> {
    database::refuse_foreign_file(file)?;
    if std::fs::metadata(file)?.len() == 0 {
        return Err(StoreError::NotADatabase {
            path: file.to_owned(),
        });
    }
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|error| database::classify(error, file))?;
    database::bound_sqlite_heap(&conn)?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    Ok(conn)
}

/// A backup must be SQLite, of a schema this version knows, whole, and ours.
pub(crate) fn check_backup(file: &Path) -> Result<()> {
    let conn = open_stranger(file)?;
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|error| database::classify(error, file))?;
    let found = usize::try_from(found).map_err(|_| StoreError::Corrupt {
        path: file.to_owned(),
    })?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(|error| database::classify(error, file))?;
    let ours: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'claim'",
            [],
            |row| row.get(0),
        )
        .map_err(|error| database::classify(error, file))?;
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: file.to_owned(),
        });
    }
    if ours != 1 || schema_objects(&conn)? != schema_at(found)? {
        return Err(StoreError::NotADatabase {
            path: file.to_owned(),
        });
    }
    Ok(())
}

/// A schema object: its type, name, table and SQL, as SQLite keeps them.
type SchemaObject = (String, String, String, Option<String>);

fn schema_objects(conn: &Connection) -> Result<std::collections::BTreeSet<SchemaObject>> {
    let mut statement = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master")?;
    let objects = statement
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(objects)
}

/// The schema objects a ClaimDesk database of `version` has, made by the
/// migrations themselves in memory. A backup with anything else (an extra
/// trigger that undoes an erasure, a view, a changed table) is not one of
/// ours and is refused before it replaces anything.
fn schema_at(version: usize) -> Result<std::collections::BTreeSet<SchemaObject>> {
    let mut reference = Connection::open_in_memory()?;
    crate::schema::migrations()
        .to_version(&mut reference, version)
        .map_err(|error| StoreError::Migration(error.to_string()))?;
    schema_objects(&reference)
}

/// SHA-256 of `bytes` as lowercase hex, as the audit trail records exports.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl Store {
    /// Writes one file holding everything in the store (a consistent copy,
    /// even while others write), replacing `file` only once it is complete.
    pub fn backup_to(&self, file: &Path) -> Result<()> {
        self.copy_to(file)
            .map_err(|error| chosen_file_error(error, file))
    }

    /// [`Store::backup_to`] with SQLite's own failure kept (a damaged store
    /// reads as `Corrupt`, not as a file that could not be written): a
    /// restore sets a store it cannot copy aside whole.
    fn copy_to(&self, file: &Path) -> Result<()> {
        let temporary = sibling(file, "partial");
        let _ = std::fs::remove_file(&temporary);
        let target = temporary.to_str().ok_or_else(|| output_error(file))?;
        let written = self
            .conn
            .execute("VACUUM INTO ?1", [target])
            .map_err(StoreError::from)
            .and_then(|_| Ok(crate::database::make_private_file(&temporary)?))
            .and_then(|()| Ok(sync_file(&temporary)?))
            .and_then(|()| Ok(std::fs::rename(&temporary, file)?));
        if written.is_err() {
            // A half-written copy is no backup: never leave one behind.
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }

    /// Writes the owner's own copy of a claim (`claimdesk.claim/1` JSON, with
    /// customer names and phones as entered) to `file`, whole or not at all,
    /// and records its SHA-256 in the audit trail.
    pub fn export_claim(&mut self, id: &str, file: &Path) -> Result<ExportReceipt> {
        let claim = self.claim(id)?;
        let mut bytes = serde_json::to_vec_pretty(&claim.document)
            .map_err(|error| StoreError::Document(error.to_string()))?;
        bytes.push(b'\n');
        let temporary = sibling(file, "partial");
        let written = (|| -> std::io::Result<()> {
            use std::io::Write;
            // Customer details as entered: the owner's alone to read.
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut out = options.open(&temporary)?;
            out.write_all(&bytes)?;
            out.sync_all()?;
            std::fs::rename(&temporary, file)
        })();
        if let Err(error) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(chosen_file_error(StoreError::from(error), file));
        }
        let sha256 = sha256_hex(&bytes);
        self.record_export(id, &sha256)?;
        Ok(ExportReceipt {
            number: claim.summary.number,
            sha256,
        })
    }

    /// Whether SQLite finds the whole file sound (`PRAGMA integrity_check`):
    /// a store that opens can still be damaged inside, where a page is read
    /// only later. `E_STORE_CORRUPT` when it is not.
    pub fn check_integrity(&self) -> Result<()> {
        let path = self.conn.path().map(PathBuf::from).unwrap_or_default();
        let check: String = self
            .conn
            .query_row("PRAGMA integrity_check(1)", [], |row| row.get(0))
            .map_err(|error| crate::database::classify(error, &path))?;
        if check == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt { path })
        }
    }

    /// The automatic backup of the day, in `dir`: made on the first call of
    /// a (Korean) day, then only the newest [`KEPT_DAILY_BACKUPS`] are kept.
    /// Returns the new file, or `None` when today's backup already exists.
    ///
    /// A store damaged inside is not backed up ([`Store::check_integrity`]):
    /// its copy would push a good backup out of the fourteen.
    pub fn daily_backup(&self, dir: &Path, today: chrono::NaiveDate) -> Result<Option<PathBuf>> {
        crate::database::make_private_dir(dir, "")?;
        let file = dir.join(format!("{DAILY_PREFIX}{today}.sqlite3"));
        if file.exists() {
            return Ok(None);
        }
        self.check_integrity()?;
        self.backup_to(&file)?;
        let daily = daily_backups(dir)?;
        for old in daily.into_iter().skip(KEPT_DAILY_BACKUPS) {
            std::fs::remove_file(old)?;
        }
        Ok(Some(file))
    }

    /// Replaces the store in `data_dir` with the backup `file`, after checking
    /// that it is a whole ClaimDesk database this version can read. The data
    /// it replaces is first saved as `before-restore-<time>.sqlite3` beside it
    /// (or, if SQLite cannot open or copy it, moved aside whole as
    /// `before-restore-<time>.unreadable`). Refused while a store is open on
    /// `data_dir` anywhere else (another window, its backup): its later
    /// saves would go to the replaced file.
    pub fn restore(data_dir: &Path, file: &Path) -> Result<Store> {
        crate::database::make_private_dir(data_dir, DATABASE_FILE)?;
        let current = data_dir.join(DATABASE_FILE);
        // The backup is copied through SQLite, and the copy is what is
        // checked and put in place: one read of one file (a `-wal` beside
        // a backup is read into the copy, or not at all), with no free
        // pages (a sparse 2 GB file becomes its data).
        let temporary = sibling(&current, "restoring");
        let remove_temporary = || {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let mut name = temporary.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(std::path::PathBuf::from(name));
            }
        };
        remove_temporary();
        let copied = copy_through_sqlite(file, &temporary).and_then(|()| check_backup(&temporary));
        if let Err(error) = copied {
            remove_temporary();
            return Err(error);
        }
        let replaced = (|| -> Result<()> {
            let _alone = crate::store::hold(data_dir, true).map_err(|_| StoreError::InUse)?;
            if current.exists() {
                Store::set_aside(data_dir, &current)?;
            }
            sync_file(&temporary)?;
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(data_dir.join(format!("{DATABASE_FILE}{suffix}")));
            }
            std::fs::rename(&temporary, &current)?;
            Ok(())
        })();
        if let Err(error) = replaced {
            remove_temporary();
            return Err(error);
        }
        Store::open(data_dir)
    }

    /// Keeps what a restore replaces: a copy through SQLite when it can make
    /// one; else (SQLite cannot open it, or cannot read it whole) the file
    /// and its journal moved aside, never deleted.
    fn set_aside(data_dir: &Path, current: &Path) -> Result<()> {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let copied = Store::open_unheld(data_dir, flags).and_then(|store| {
            // A store damaged inside is not copied: SQLite may read its
            // broken pages as anything (a full disk, say) or copy them on.
            store.check_integrity()?;
            store.copy_to(&data_dir.join(format!("before-restore-{stamp}.sqlite3")))?;
            store
                .conn
                .pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
            Ok(())
        });
        match copied {
            Ok(()) => Ok(()),
            Err(
                StoreError::NotADatabase { .. }
                | StoreError::Corrupt { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::TooComplex { .. }
                | StoreError::Sqlite(_),
            ) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut from = current.as_os_str().to_owned();
                    from.push(suffix);
                    let from = std::path::PathBuf::from(from);
                    if from.exists() {
                        std::fs::rename(
                            &from,
                            data_dir.join(format!("before-restore-{stamp}.unreadable{suffix}")),
                        )?;
                    }
                }
                Ok(())
            }
            Err(other) => Err(other),
        }
    }
}

/// Copies the SQLite file `file` (a stranger's) into `out` through SQLite:
/// read-only, nothing in its schema run, free pages dropped.
fn copy_through_sqlite(file: &Path, out: &Path) -> Result<()> {
    let conn = open_stranger(file)?;
    let target = out.to_str().ok_or_else(|| output_error(out))?;
    conn.execute("VACUUM INTO ?1", [target])
        .map_err(|error| database::classify(error, file))?;
    database::make_private_file(out)?;
    Ok(())
}
