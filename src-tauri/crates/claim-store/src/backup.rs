//! Everything out and back: the owner's export of a claim, backups (one
//! file holding everything), the daily ones, and restoring with the data it
//! replaces kept aside.

use crate::*;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One of ClaimDesk's SQLite files in a data folder (the shop's store, the
/// association's desk): how its automatic copies are named and kept, and
/// how a backup of it is recognised as one of ours. Every data file is
/// backed up, restored and set aside by the same code through one of these.
#[derive(Clone, Copy)]
pub struct DataFile {
    /// Its name in the data folder.
    pub file: &'static str,
    /// Its daily backups are `<daily_prefix>YYYY-MM-DD.sqlite3` in
    /// `backups/`; the newest `kept_daily` are kept.
    pub daily_prefix: &'static str,
    pub kept_daily: usize,
    /// What a restore replaced is kept as `<aside_prefix><time>.sqlite3` (or
    /// `.unreadable`) beside it. No prefix may begin another's.
    pub aside_prefix: &'static str,
    /// A table only this kind of file has.
    pub marker_table: &'static str,
    /// The schema's migrations and how many there are now.
    pub migrations: fn() -> rusqlite_migration::Migrations<'static>,
    pub version: usize,
}

impl std::fmt::Debug for DataFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.file)
    }
}

/// The shop's store.
pub const SHOP_DATA: DataFile = DataFile {
    file: DATABASE_FILE,
    daily_prefix: DAILY_PREFIX,
    kept_daily: KEPT_DAILY_BACKUPS,
    aside_prefix: "before-restore-",
    marker_table: "claim",
    migrations: crate::schema::migrations,
    version: SCHEMA_VERSION,
};

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
pub fn chosen_file_error(error: StoreError, file: &Path) -> StoreError {
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

/// The copies a restore kept of the store it replaced, in `data_dir`.
pub fn before_restore_copies(data_dir: &Path) -> Result<Vec<PathBuf>> {
    before_restore_copies_of(data_dir, &SHOP_DATA)
}

/// The copies a restore kept of the `kind` file it replaced, in `data_dir`.
pub fn before_restore_copies_of(data_dir: &Path, kind: &DataFile) -> Result<Vec<PathBuf>> {
    files_named(data_dir, |name| {
        name.strip_prefix(kind.aside_prefix)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            && name.ends_with(".sqlite3")
    })
}

/// When a file was set aside whole, from its name
/// (`<aside_prefix><time>.unreadable[-wal|-shm]`); `None` for another name.
fn set_aside_at_of(name: &str, kind: &DataFile) -> Option<Option<DateTime<Utc>>> {
    let (stamp, _) = name
        .strip_prefix(kind.aside_prefix)?
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
    unreadable_copies_of(data_dir, &SHOP_DATA)
}

/// [`unreadable_copies`] of the `kind` file.
pub fn unreadable_copies_of(
    data_dir: &Path,
    kind: &DataFile,
) -> Result<Vec<(PathBuf, Option<DateTime<Utc>>)>> {
    let at = |name: &str| set_aside_at_of(name, kind);
    Ok(files_named(data_dir, |name| at(name).is_some())?
        .into_iter()
        .map(|path| {
            let when = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(at)
                .flatten();
            (path, when)
        })
        .collect())
}

/// The automatic backups of the store in `dir`, newest first (none if
/// there is no `dir`).
pub fn daily_backups(dir: &Path) -> Result<Vec<PathBuf>> {
    daily_backups_of(dir, &SHOP_DATA)
}

/// The automatic backups of the `kind` file in `dir`, newest first.
pub fn daily_backups_of(dir: &Path, kind: &DataFile) -> Result<Vec<PathBuf>> {
    // Names hold the date as YYYY-MM-DD, so name order is date order.
    let mut daily = files_named(dir, |name| {
        name.strip_prefix(kind.daily_prefix)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            && name.ends_with(".sqlite3")
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

/// A backup of the `kind` file must be SQLite, of a schema this version
/// knows, whole, and exactly that kind's schema.
pub fn check_backup_of(file: &Path, kind: &DataFile) -> Result<()> {
    let conn = open_stranger(file)?;
    let not_ours = || StoreError::NotADatabase {
        path: file.to_owned(),
    };
    // Another kind of file first: a shop's backup given to the
    // association's restore is not "from a newer ClaimDesk".
    let ours: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [kind.marker_table],
            |row| row.get(0),
        )
        .map_err(|error| database::classify(error, file))?;
    if ours != 1 {
        return Err(not_ours());
    }
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|error| database::classify(error, file))?;
    let found = usize::try_from(found).map_err(|_| StoreError::Corrupt {
        path: file.to_owned(),
    })?;
    if found > kind.version {
        return Err(StoreError::NewerSchema {
            found,
            supported: kind.version,
        });
    }
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(|error| database::classify(error, file))?;
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: file.to_owned(),
        });
    }
    if schema_objects(&conn)? != schema_at(found, kind)? {
        return Err(not_ours());
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
fn schema_at(version: usize, kind: &DataFile) -> Result<std::collections::BTreeSet<SchemaObject>> {
    let mut reference = Connection::open_in_memory()?;
    (kind.migrations)()
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
        write_copy(&self.conn, file)
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
        integrity(&self.conn)
    }

    /// The automatic backup of the day, in `dir`: made on the first call of
    /// a (Korean) day, then only the newest [`KEPT_DAILY_BACKUPS`] are kept.
    /// Returns the new file, or `None` when today's backup already exists.
    ///
    /// A store damaged inside is not backed up ([`Store::check_integrity`]):
    /// its copy would push a good backup out of the fourteen.
    pub fn daily_backup(&self, dir: &Path, today: chrono::NaiveDate) -> Result<Option<PathBuf>> {
        daily_copy(&self.conn, &SHOP_DATA, dir, today)
    }

    /// Replaces the store in `data_dir` with the backup `file`, after checking
    /// that it is a whole ClaimDesk database this version can read. The data
    /// it replaces is first saved as `before-restore-<time>.sqlite3` beside it
    /// (or, if SQLite cannot open or copy it, moved aside whole as
    /// `before-restore-<time>.unreadable`). Refused while a store is open on
    /// `data_dir` anywhere else (another window, its backup): its later
    /// saves would go to the replaced file.
    pub fn restore(data_dir: &Path, file: &Path) -> Result<Store> {
        replace_with_backup(data_dir, file, &SHOP_DATA)?;
        Store::open(data_dir)
    }
}

/// An erasure reaching the automatic copies of the `kind` file in
/// `data_dir`: each daily backup and each copy a restore kept is handed to
/// `erase_in`; one it cannot erase in is deleted with its journals (what was
/// erased must not stay anywhere but in a backup someone made and keeps),
/// and so is a file a restore set aside whole (nothing can be erased in it).
pub fn erase_in_copies_of<E>(
    data_dir: &Path,
    kind: &DataFile,
    mut erase_in: impl FnMut(&Path) -> std::result::Result<(), E>,
) -> Result<()> {
    for (copy, _) in unreadable_copies_of(data_dir, kind)? {
        let _ = std::fs::remove_file(copy);
    }
    let mut copies = daily_backups_of(&backup_dir(data_dir), kind)?;
    copies.extend(before_restore_copies_of(data_dir, kind)?);
    for copy in copies {
        if erase_in(&copy).is_err() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut name = copy.as_os_str().to_owned();
                name.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(name));
            }
        }
    }
    Ok(())
}

/// Writes one consistent copy of the database open on `conn` (even while
/// others write) to `file`, replacing it only once the copy is complete,
/// with SQLite's own failure kept (a damaged file reads as `Corrupt`, not
/// as a file that could not be written).
pub fn write_copy(conn: &Connection, file: &Path) -> Result<()> {
    let temporary = sibling(file, "partial");
    let _ = std::fs::remove_file(&temporary);
    let target = temporary.to_str().ok_or_else(|| output_error(file))?;
    let written = conn
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

/// Whether SQLite finds the whole file open on `conn` sound (`PRAGMA
/// integrity_check`): a file that opens can still be damaged inside, where
/// a page is read only later. `E_STORE_CORRUPT` when it is not.
pub fn integrity(conn: &Connection) -> Result<()> {
    let path = conn.path().map(PathBuf::from).unwrap_or_default();
    let check: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |row| row.get(0))
        .map_err(|error| crate::database::classify(error, &path))?;
    if check == "ok" {
        Ok(())
    } else {
        Err(StoreError::Corrupt { path })
    }
}

/// The automatic backup of the day of the `kind` file open on `conn`, in
/// `dir`: made on the first call of a (Korean) day, then only the newest
/// `kind.kept_daily` are kept. The new file, or `None` when today's backup
/// already exists. A file damaged inside is not backed up: its copy would
/// push a good backup out of those kept.
pub fn daily_copy(
    conn: &Connection,
    kind: &DataFile,
    dir: &Path,
    today: chrono::NaiveDate,
) -> Result<Option<PathBuf>> {
    crate::database::make_private_dir(dir, "")?;
    let file = dir.join(format!("{}{today}.sqlite3", kind.daily_prefix));
    if file.exists() {
        return Ok(None);
    }
    integrity(conn)?;
    write_copy(conn, &file).map_err(|error| chosen_file_error(error, &file))?;
    for old in daily_backups_of(dir, kind)?
        .into_iter()
        .skip(kind.kept_daily)
    {
        std::fs::remove_file(old)?;
    }
    Ok(Some(file))
}

/// Replaces the `kind` file in `data_dir` with the backup `file`, after
/// checking that it is a whole ClaimDesk file of that kind this version can
/// read. The data it replaces is first saved as
/// `<aside_prefix><time>.sqlite3` beside it (or, if SQLite cannot open or
/// copy it, moved aside whole as `<aside_prefix><time>.unreadable`).
/// Refused while the file is open on `data_dir` anywhere else (another
/// window, its backup): its later saves would go to the replaced file. The
/// caller opens the restored file.
pub fn replace_with_backup(data_dir: &Path, file: &Path, kind: &DataFile) -> Result<()> {
    crate::database::make_private_dir(data_dir, kind.file)?;
    let current = data_dir.join(kind.file);
    // The backup is copied through SQLite, and the copy is what is
    // checked and put in place: one read of one file (a `-wal` beside a
    // backup is read into the copy, or not at all), with no free pages (a
    // sparse 2 GB file becomes its data).
    let temporary = sibling(&current, "restoring");
    let remove_temporary = || {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut name = temporary.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(std::path::PathBuf::from(name));
        }
    };
    remove_temporary();
    let copied =
        copy_through_sqlite(file, &temporary).and_then(|()| check_backup_of(&temporary, kind));
    if let Err(error) = copied {
        remove_temporary();
        return Err(error);
    }
    let replaced = (|| -> Result<()> {
        let _alone = crate::store::hold(data_dir, true).map_err(|_| StoreError::InUse)?;
        if current.exists() {
            set_aside(data_dir, &current, kind)?;
        }
        sync_file(&temporary)?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(data_dir.join(format!("{}{suffix}", kind.file)));
        }
        std::fs::rename(&temporary, &current)?;
        Ok(())
    })();
    if let Err(error) = replaced {
        remove_temporary();
        return Err(error);
    }
    Ok(())
}

/// Keeps what a restore replaces: a copy through SQLite when it can make
/// one; else (SQLite cannot open it, or cannot read it whole) the file and
/// its journal moved aside, never deleted.
fn set_aside(data_dir: &Path, current: &Path, kind: &DataFile) -> Result<()> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let prefix = kind.aside_prefix;
    let copied = (|| -> Result<()> {
        database::refuse_foreign_file(current)?;
        let conn = Connection::open_with_flags(
            current,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|error| database::classify(error, current))?;
        database::bound_sqlite_heap(&conn)?;
        conn.pragma_update(None, "trusted_schema", "OFF")?;
        // A file damaged inside is not copied: SQLite may read its broken
        // pages as anything (a full disk, say) or copy them on.
        integrity(&conn)?;
        write_copy(&conn, &data_dir.join(format!("{prefix}{stamp}.sqlite3")))?;
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .map_err(|error| database::classify(error, current))?;
        Ok(())
    })();
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
                        data_dir.join(format!("{prefix}{stamp}.unreadable{suffix}")),
                    )?;
                }
            }
            Ok(())
        }
        Err(other) => Err(other),
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
