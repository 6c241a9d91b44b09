//! Opening one of ClaimDesk's SQLite files with care, for the shop's store
//! and the association's desk alike. In this order, so that a file that is
//! not ours, or is newer than this program, is left byte for byte as it was:
//! its header is checked before SQLite opens it, its schema version read
//! before anything is changed, and only then is it switched to WAL and
//! upgraded.

use crate::{Result, StoreError, BUSY_TIMEOUT, SQLITE_HEADER};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// The most SQLite may allocate in this process, all connections together
/// (`PRAGMA hard_heap_limit`, which can only be lowered). ClaimDesk's own
/// work needs a few megabytes (a page cache of 2 MB a connection; sorts
/// spill to disk); a stranger's file whose schema or pages would take more,
/// a "schema bomb" handed in as a backup, then fails with out-of-memory and
/// is refused (`E_FILE_TOO_COMPLEX`) instead of taking the machine's memory.
pub const SQLITE_HEAP_LIMIT: i64 = 160 * 1024 * 1024;

/// Puts [`SQLITE_HEAP_LIMIT`] on SQLite before `conn` reads a file.
pub(crate) fn bound_sqlite_heap(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "hard_heap_limit", SQLITE_HEAP_LIMIT)?;
    Ok(())
}

/// Opens the ClaimDesk file at `path` (made if absent, when `flags` say
/// create), refusing one that is not SQLite or whose schema is newer than
/// `supported`, then brings it to the latest schema with `migrate`.
pub fn open_ours(
    path: &Path,
    flags: OpenFlags,
    supported: usize,
    migrate: impl FnOnce(&mut Connection) -> Result<()>,
) -> Result<Connection> {
    refuse_foreign_file(path)?;
    let mut conn =
        Connection::open_with_flags(path, flags).map_err(|error| classify(error, path))?;
    bound_sqlite_heap(&conn)?;
    // Before WAL: SQLite gives its -wal and -shm files the database's mode.
    if flags.contains(OpenFlags::SQLITE_OPEN_READ_WRITE) {
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            make_private_file(Path::new(&name))?;
        }
    }
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // The schema is the migrations', but the file may be a restored
    // stranger's: nothing in it may call functions behind our back.
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    // Read the version before changing anything: a newer file is left
    // byte for byte as it was.
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|error| classify(error, path))?;
    let found = usize::try_from(found).map_err(|_| StoreError::Corrupt {
        path: path.to_owned(),
    })?;
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|error| classify(error, path))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Erased customer details are overwritten, not left in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Makes the folder `dir` (and its parents) if it is not there. The folder
/// that holds a ClaimDesk file is the owner's alone (customers' names and
/// phones, the bank account): on Unix it is made `0700`, and an existing one
/// is narrowed to that once it holds `file` (an older version made it
/// `0755`); a folder the owner chose that holds no ClaimDesk file yet is
/// left as it is (`file` empty: the folder is ClaimDesk's own, such as the
/// backups'). On Windows a data folder ClaimDesk makes (a `--data-dir`
/// anywhere, not only under %APPDATA%, which is the user's own already) is
/// given an ACL for the user alone ([`user_alone_steps`]); a folder the
/// owner made is left as it is.
pub fn make_private_dir(dir: &Path, file: &str) -> std::io::Result<()> {
    let existed = dir.is_dir();
    std::fs::create_dir_all(dir)?;
    if !existed || dir.join(file).exists() {
        narrow(dir, 0o700)?;
    }
    #[cfg(windows)]
    {
        if !existed && !file.is_empty() {
            keep_to_the_user(dir);
        }
    }
    Ok(())
}

/// The `icacls` runs that leave `dir` to `user` (`DOMAIN\name`) alone: an
/// explicit full control for the user on the folder and all it will hold
/// first, and only then the entries it inherits removed, so that a failure
/// half-way never leaves the owner locked out of her own claims.
pub fn user_alone_steps(dir: &Path, user: &str) -> [Vec<std::ffi::OsString>; 2] {
    let folder = dir.as_os_str().to_owned();
    [
        vec![
            folder.clone(),
            "/grant:r".into(),
            format!("{user}:(OI)(CI)F").into(),
            "/Q".into(),
        ],
        vec![folder, "/inheritance:r".into(), "/Q".into()],
    ]
}

/// The signed-in user as `icacls` names them, from Windows' own variables;
/// `None` when they are missing or hold what no account name does.
pub fn account_name(domain: Option<&str>, name: Option<&str>) -> Option<String> {
    let plain = |text: &str| {
        !text.is_empty()
            && !text.chars().any(|c| {
                c.is_control() || matches!(c, '"' | ':' | '\\' | '/' | '*' | '?' | '<' | '>' | '|')
            })
    };
    let name = name.filter(|name| plain(name))?;
    Some(match domain.filter(|domain| plain(domain)) {
        Some(domain) => format!("{domain}\\{name}"),
        None => name.to_owned(),
    })
}

/// Runs [`user_alone_steps`] with Windows' own `icacls`; the second only
/// when the first worked. A failure leaves the folder as Windows made it
/// (the claims still work; they are as private as the folder's place).
#[cfg(windows)]
fn keep_to_the_user(dir: &Path) {
    use std::os::windows::process::CommandExt;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let var = |name: &str| std::env::var(name).ok();
    let Some(user) = account_name(var("USERDOMAIN").as_deref(), var("USERNAME").as_deref()) else {
        return;
    };
    // Windows' own icacls, never one found first on the PATH.
    let icacls =
        std::path::PathBuf::from(var("SystemRoot").unwrap_or_else(|| "C:\\Windows".into()))
            .join("System32")
            .join("icacls.exe");
    for step in user_alone_steps(dir, &user) {
        let done = std::process::Command::new(&icacls)
            .args(step)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .creation_flags(CREATE_NO_WINDOW)
            .status()
            .is_ok_and(|status| status.success());
        if !done {
            return;
        }
    }
}

/// A ClaimDesk file (a database, a backup) readable and writable by the
/// owner only (`0600` on Unix), if it is there.
pub fn make_private_file(path: &Path) -> std::io::Result<()> {
    if path.is_file() {
        narrow(path, 0o600)?;
    }
    Ok(())
}

/// A file that is gone by the time it is narrowed has nothing left to
/// narrow: another process may close the last connection and SQLite then
/// removes its `-wal` and `-shm` files (two writers at once, the window and
/// the command line).
#[cfg(unix)]
fn narrow(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let gone = |error: std::io::Error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            Ok(())
        } else {
            Err(error)
        }
    };
    let current = match std::fs::metadata(path) {
        Ok(metadata) => metadata.permissions().mode() & 0o777,
        Err(error) => return gone(error),
    };
    if current == mode {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).or_else(gone)
}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used)]

    #[test]
    fn a_file_gone_before_it_is_narrowed_is_not_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("claimdesk.sqlite3-wal");
        assert!(super::narrow(&gone, 0o600).is_ok());
        std::fs::write(&gone, b"x").unwrap();
        super::narrow(&gone, 0o600).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&gone).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[cfg(not(unix))]
fn narrow(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// Refuses a file that is there and is not SQLite (another program's, or
/// overwritten): opening it would let SQLite treat it as damaged or new.
pub(crate) fn refuse_foreign_file(path: &Path) -> Result<()> {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let mut header = [0u8; 16];
    match file.read_exact(&mut header) {
        Ok(()) if &header == SQLITE_HEADER => Ok(()),
        // An empty file is what a crash during creation can leave: SQLite
        // treats it as a new database, and so do we.
        _ if file.metadata().map(|meta| meta.len() == 0).unwrap_or(false) => Ok(()),
        _ => Err(StoreError::NotADatabase {
            path: path.to_owned(),
        }),
    }
}

pub(crate) fn classify(error: rusqlite::Error, path: &Path) -> StoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_owned(),
        },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_owned(),
        },
        Some(rusqlite::ErrorCode::CannotOpen) => StoreError::CannotOpen {
            path: path.to_owned(),
        },
        Some(rusqlite::ErrorCode::OutOfMemory) => StoreError::TooComplex {
            path: path.to_owned(),
        },
        _ => StoreError::from(error),
    }
}

#[cfg(test)]
mod acl_tests {
    #![allow(clippy::unwrap_used)]
    use super::{account_name, user_alone_steps};

    /// The user is granted full control before the inherited entries go,
    /// on the folder and all it will hold.
    #[test]
    fn the_user_is_granted_before_the_inherited_entries_go() {
        let [grant, cut] =
            user_alone_steps(std::path::Path::new(r"D:\청구 자료"), r"SHOP-PC\김민지");
        assert_eq!(
            grant,
            [
                r"D:\청구 자료",
                "/grant:r",
                r"SHOP-PC\김민지:(OI)(CI)F",
                "/Q"
            ]
        );
        assert_eq!(cut, [r"D:\청구 자료", "/inheritance:r", "/Q"]);
    }

    proptest::proptest! {
        /// A name from the environment is used only as an account name can
        /// be: anything that could make another icacls argument is refused.
        #[test]
        fn only_a_plain_account_name_is_used(name in "\\PC{0,12}", domain in proptest::option::of("\\PC{0,12}")) {
            let forbidden = |text: &str| {
                text.is_empty()
                    || text.chars().any(|c| c.is_control() || "\":\\/*?<>|".contains(c))
            };
            match account_name(domain.as_deref(), Some(&name)) {
                None => proptest::prop_assert!(forbidden(&name)),
                Some(account) => {
                    proptest::prop_assert!(!forbidden(&name));
                    let expected = match domain.as_deref().filter(|d| !forbidden(d)) {
                        Some(domain) => format!("{domain}\\{name}"),
                        None => name.clone(),
                    };
                    proptest::prop_assert_eq!(account, expected);
                }
            }
        }
    }

    #[test]
    fn no_name_no_account() {
        assert_eq!(account_name(Some("SHOP-PC"), None), None);
        assert_eq!(
            account_name(None, Some("김민지")).as_deref(),
            Some("김민지")
        );
    }
}
