//! What the binary's tests share.
#![allow(dead_code)] // each test file uses some of it

use std::path::Path;
use std::process::{Command, Output};

/// The binary under test: `$CLAIMDESK_BIN` (CI points it at the release
/// build `tauri build` made, or at the installed package), else this package's.
pub fn claimdesk_binary() -> std::path::PathBuf {
    std::env::var_os("CLAIMDESK_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_claimdesk").into())
}

/// Runs `claimdesk ARGS` on the data directory `data_dir`, headless.
pub fn run_in(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(claimdesk_binary())
        .args(args)
        .env("CLAIMDESK_DATA_DIR", data_dir)
        .env_remove("DISPLAY")
        .output()
        .unwrap()
}

/// What a run printed, after checking that it succeeded.
pub fn succeeded(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A file of the repository's `tests/fixtures`.
pub fn fixture(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(path)
}

/// A PDF's text as `pdftotext` extracts it, with all whitespace taken out
/// (the columns of a page break lines where they like).
pub fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect()
}

/// Use cases called in the test's own process read a stranger's file in a
/// worker process, the console program; a test binary is not one, so they
/// are pointed at the binary under test.
pub fn read_files_with_the_binary_under_test() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::env::set_var("CLAIMDESK_WORKER_PROGRAM", claimdesk_binary()));
}
