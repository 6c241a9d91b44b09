//! Where the store lives, the same for the window and the command line:
//! `--data-dir`, else `$CLAIMDESK_DATA_DIR`, else the OS app-data directory
//! named by the app identifier (what Tauri's `app_data_dir` also gives).

use std::path::PathBuf;

/// The app identifier (tauri.conf.json), which names the app-data directory.
pub const APP_IDENTIFIER: &str = "kr.claimdesk.desk";

/// The environment variable that moves the data directory (for tests, and
/// for an owner who keeps data on another disk).
pub const DATA_DIR_VARIABLE: &str = "CLAIMDESK_DATA_DIR";

/// The data folder named by [`DATA_DIR_VARIABLE`], if one is: a drill's or
/// a test's, whose log belongs beside its data (`<folder>/logs`), not in
/// the user's own log folder.
pub fn named_by_environment() -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_VARIABLE)
        .map(PathBuf::from)
        .filter(|dir| !dir.as_os_str().is_empty())
}

pub fn resolve(explicit: Option<PathBuf>) -> crate::app::AppResult<PathBuf> {
    explicit
        .or_else(|| std::env::var_os(DATA_DIR_VARIABLE).map(PathBuf::from))
        .filter(|dir| !dir.as_os_str().is_empty())
        .or_else(|| dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER)))
        .ok_or(crate::app::AppError::DataDir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_directory_wins() {
        assert_eq!(
            resolve(Some(PathBuf::from("/tmp/x"))).unwrap(),
            PathBuf::from("/tmp/x")
        );
    }
}
