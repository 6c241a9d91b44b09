//! Reading a file the owner picked, never more than a limit: a huge file is
//! refused without being loaded.

use claim_core::Lang;
use std::io::{self, Read};
use std::path::Path;

#[derive(Debug)]
pub enum ReadFailure {
    /// The file could not be opened or read.
    Io { shown: String, error: io::Error },
    /// Larger than the limit; `bytes` is the file's size.
    TooLarge { bytes: u64 },
}

impl ReadFailure {
    /// The message for an open or read failure (`TooLarge` has its own,
    /// which depends on what the file was for).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReadFailure::Io { shown, error } => match (lang, error.kind()) {
                (Lang::Ko, io::ErrorKind::NotFound) => format!("파일을 찾을 수 없습니다: {shown}"),
                (Lang::Ko, io::ErrorKind::PermissionDenied) => {
                    format!("파일을 열 권한이 없습니다: {shown}")
                }
                (Lang::Ko, _) => format!("파일을 읽을 수 없습니다: {shown} ({error})"),
                (Lang::En, io::ErrorKind::NotFound) => format!("file not found: {shown}"),
                (Lang::En, io::ErrorKind::PermissionDenied) => {
                    format!("no permission to read: {shown}")
                }
                (Lang::En, _) => format!("cannot read {shown}: {error}"),
            },
            ReadFailure::TooLarge { bytes } => match lang {
                Lang::Ko => format!("파일이 너무 큽니다({bytes}바이트)."),
                Lang::En => format!("file too large ({bytes} bytes)"),
            },
        }
    }
}

/// A `claimdesk.claim/1` file, refused unread above the spec's size limit.
pub fn read_claim_file(file: &Path) -> crate::app::AppResult<Vec<u8>> {
    read_limited(file, claim_core::MAX_CLAIM_BYTES).map_err(crate::app::AppError::claim_file)
}

/// The whole of `file` if it holds at most `limit` bytes. Reads at most one
/// byte more than the limit.
pub fn read_limited(file: &Path, limit: usize) -> Result<Vec<u8>, ReadFailure> {
    let failure = |error: io::Error| ReadFailure::Io {
        shown: file.display().to_string(),
        error,
    };
    let handle = std::fs::File::open(file).map_err(failure)?;
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    handle.take(cap).read_to_end(&mut bytes).map_err(failure)?;
    if bytes.len() > limit {
        let size = std::fs::metadata(file)
            .map(|meta| meta.len())
            .unwrap_or(cap);
        return Err(ReadFailure::TooLarge { bytes: size });
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file
/// beside it, synced, then renamed over it. On failure nothing is left and
/// the old file is whole. When the old file is held open by another program
/// (on Windows a PDF viewer locks the PDF it shows), the error's kind is
/// [`io::ErrorKind::ResourceBusy`], so the owner can be told to close it.
pub fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_whole_as(path, bytes, false)
}

/// [`write_whole`] for a file that holds personal data unmasked (the
/// owner's export, a full-detail PDF or bundle, the association's table,
/// receipts and answers): readable by its owner alone (0600 on Unix, as
/// backups are), from the moment it exists.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_whole_as(path, bytes, true)
}

/// [`write_whole`] or [`write_private`] by `private`.
pub fn write_whole_as(path: &Path, bytes: &[u8], private: bool) -> io::Result<()> {
    let mut name = path
        .file_name()
        .map(|name| name.to_os_string())
        .unwrap_or_default();
    name.push(format!(".partial-{}", std::process::id()));
    let temporary = path.with_file_name(name);
    let written = (|| {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut file = options.open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, path).map_err(|error| {
            if replace_refused_as_held_open(cfg!(windows), error.raw_os_error(), path.is_file()) {
                io::Error::new(io::ErrorKind::ResourceBusy, error)
            } else {
                error
            }
        })
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Whether a refused rename over `path` means another program holds it
/// open. On Windows a file opened without delete sharing cannot be replaced:
/// the rename fails with a sharing or lock violation, or with "access
/// denied". The temporary file was just made in the same folder, so the
/// folder is writable and "access denied" means the old file is held (or
/// marked read-only, which the same advice also fixes).
fn replace_refused_as_held_open(
    windows: bool,
    raw_os_error: Option<i32>,
    target_exists: bool,
) -> bool {
    const ERROR_ACCESS_DENIED: i32 = 5;
    const ERROR_SHARING_VIOLATION: i32 = 32;
    const ERROR_LOCK_VIOLATION: i32 = 33;
    windows
        && target_exists
        && matches!(
            raw_os_error,
            Some(ERROR_ACCESS_DENIED | ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION)
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = std::env::temp_dir().join(format!("claimdesk-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("big.bin");
        std::fs::write(&file, vec![7u8; 1000]).unwrap();
        assert_eq!(read_limited(&file, 1000).unwrap().len(), 1000);
        match read_limited(&file, 999) {
            Err(ReadFailure::TooLarge { bytes }) => assert_eq!(bytes, 1000),
            other => panic!("{other:?}"),
        }
        match read_limited(&dir.join("missing"), 10) {
            Err(failure @ ReadFailure::Io { .. }) => {
                assert!(failure.message(Lang::Ko).contains("찾을 수 없습니다"));
                assert!(failure.message(Lang::En).contains("not found"));
            }
            other => panic!("{other:?}"),
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_whole(&path, b"first").unwrap();
        write_whole(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let nowhere = dir.path().join("missing-folder").join("out.csv");
        assert!(write_whole(&nowhere, b"x").is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["out.csv"], "no partial file stays");
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_is_its_owners_alone_even_over_an_open_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.json");
        write_whole(&path, b"public").unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_ne!(mode(&path) & 0o077, 0, "an ordinary file follows the umask");
        write_private(&path, b"private").unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(std::fs::read(&path).unwrap(), b"private");
    }

    #[test]
    fn a_refused_replace_on_windows_means_the_file_is_held_open() {
        assert!(replace_refused_as_held_open(true, Some(32), true));
        assert!(replace_refused_as_held_open(true, Some(33), true));
        assert!(replace_refused_as_held_open(true, Some(5), true));
        assert!(
            !replace_refused_as_held_open(true, Some(5), false),
            "nothing to hold"
        );
        assert!(
            !replace_refused_as_held_open(true, Some(112), true),
            "a full disk is not that"
        );
        assert!(
            !replace_refused_as_held_open(false, Some(5), true),
            "EIO on Unix is not that"
        );
    }
}
