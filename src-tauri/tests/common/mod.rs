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

/// Runs `claimdesk ARGS` as [`run_in`] does, under GNU time, and gives the
/// most memory (resident, in MB) the command took, its worker process
/// included (the kernel keeps the largest of a process and the children it
/// waited for). Measured through `time`, a small process: a child started
/// by this test process directly would be charged this process's own
/// high-water mark, which holds the bombs it generated.
pub fn run_measured(data_dir: &Path, args: &[&str]) -> (Output, u64) {
    let report = tempfile::NamedTempFile::new().unwrap();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(report.path())
        .arg(claimdesk_binary())
        .args(args)
        .env("CLAIMDESK_DATA_DIR", data_dir)
        .env_remove("DISPLAY")
        .output()
        .expect("GNU time at /usr/bin/time (Debian's package time)");
    let kilobytes: u64 = std::fs::read_to_string(report.path())
        .unwrap()
        .lines()
        .last()
        .and_then(|line| line.trim().parse().ok())
        .expect("time's report");
    (output, kilobytes / 1024)
}

/// A command's end as the class tests accept it: exit 0, 1 or 2, never a
/// signal and never another code.
pub fn ended_cleanly(output: &Output) -> bool {
    matches!(output.status.code(), Some(0..=2))
}

/// What every accepted or refused stranger's file may take, in all.
pub const MEMORY_CEILING_MB: u64 = 300;
