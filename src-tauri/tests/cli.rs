//! `claimdesk validate` as a shop's script or the association's batch would
//! run it: exit codes, standard output and standard error (spec §7).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::claimdesk_binary;

fn claimdesk(args: &[&str]) -> Output {
    Command::new(claimdesk_binary())
        .args(args)
        // No display: the headless commands must never need one.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap()
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/examples")
        .join(name)
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("claimdesk-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Exit 2, nothing on standard output, exactly one line on standard error.
fn assert_unreadable(output: &Output, expect_in_message: &str) {
    assert_eq!(output.status.code(), Some(2));
    assert!(
        output.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.ends_with('\n'));
    assert!(stderr.contains(expect_in_message), "{stderr}");
}

#[test]
fn valid_and_invalid_claims_exit_0_and_1() {
    let valid = claimdesk(&[
        "validate",
        example("kakao-cake-prior-week.claim.json")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(valid.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&valid.stdout).unwrap();
    assert_eq!(report["valid"], true);
    // Korean by default.
    assert!(report["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("공휴일"));

    let invalid = claimdesk(&[
        "validate",
        example("invalid-several-errors.claim.json")
            .to_str()
            .unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(invalid.status.code(), Some(1));
    assert!(invalid.stderr.is_empty());
    let report: serde_json::Value = serde_json::from_slice(&invalid.stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert!(report["errors"][0]["message"].as_str().unwrap().is_ascii());
}

#[test]
fn a_missing_file() {
    assert_unreadable(
        &claimdesk(&["validate", "/nonexistent/claim.json"]),
        "파일을 찾을 수 없습니다",
    );
    assert_unreadable(
        &claimdesk(&["validate", "/nonexistent/claim.json", "--lang", "en"]),
        "file not found",
    );
}

#[test]
fn a_directory() {
    let dir = std::env::temp_dir();
    assert_unreadable(
        &claimdesk(&["validate", dir.to_str().unwrap(), "--lang", "en"]),
        "cannot read",
    );
}

#[test]
fn a_file_over_10_mb() {
    let mut bytes = br#"{"format": "claimdesk.claim/1", "narrative": ""#.to_vec();
    bytes.resize(10 * 1024 * 1024 + 1, b'a');
    let path = temp_file("huge.claim.json", &bytes);
    assert_unreadable(&claimdesk(&["validate", path.to_str().unwrap()]), "10MB");
    // Exactly 10 MB is read (and here is not JSON, since the string never closes).
    let path = temp_file("limit.claim.json", &bytes[..10 * 1024 * 1024]);
    assert_unreadable(&claimdesk(&["validate", path.to_str().unwrap()]), "JSON");
}

#[test]
fn not_utf8() {
    // "행복" in EUC-KR, as old Korean Windows programs save it.
    let path = temp_file(
        "euckr.claim.json",
        b"{\"format\": \"claimdesk.claim/1\", \"narrative\": \"\xC7\xE0\xBA\xB9\"}",
    );
    assert_unreadable(&claimdesk(&["validate", path.to_str().unwrap()]), "UTF-8");
}

#[test]
fn not_json_and_not_an_object() {
    let path = temp_file(
        "cut.claim.json",
        br#"{"format": "claimdesk.claim/1", "business": {"#,
    );
    assert_unreadable(
        &claimdesk(&["validate", path.to_str().unwrap()]),
        "1번째 줄",
    );
    let path = temp_file("list.claim.json", br#"[{"format": "claimdesk.claim/1"}]"#);
    assert_unreadable(
        &claimdesk(&["validate", path.to_str().unwrap(), "--lang", "en"]),
        "JSON object",
    );
    let path = temp_file("empty.claim.json", b"");
    assert_unreadable(&claimdesk(&["validate", path.to_str().unwrap()]), "JSON");
}

#[test]
fn a_wrong_or_missing_format() {
    let path = temp_file("noformat.claim.json", br#"{"business": {}}"#);
    assert_unreadable(
        &claimdesk(&["validate", path.to_str().unwrap()]),
        "claimdesk.claim/1",
    );
    let path = temp_file("v2.claim.json", br#"{"format": "claimdesk.claim/2"}"#);
    assert_unreadable(
        &claimdesk(&["validate", path.to_str().unwrap(), "--lang", "en"]),
        "Unsupported file format",
    );
    let path = temp_file("numformat.claim.json", br#"{"format": 1}"#);
    assert_unreadable(
        &claimdesk(&["validate", path.to_str().unwrap()]),
        "claimdesk.claim/1",
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(example("orders-only-no-sales.claim.json")).unwrap());
    let path = temp_file("bom.claim.json", &bytes);
    assert_eq!(
        claimdesk(&["validate", path.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(claimdesk(&["validate"]).status.code(), Some(2));
    let bad_lang = claimdesk(&["validate", "x.json", "--lang", "ja"]);
    assert_eq!(bad_lang.status.code(), Some(2));
    assert!(bad_lang.stdout.is_empty());
    assert_eq!(claimdesk(&["frobnicate"]).status.code(), Some(2));
    let help = claimdesk(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("validate"));
}

#[test]
fn the_report_is_the_engines() {
    // The binary prints exactly the report the library makes.
    let path = example("kakao-cake-best-week.claim.json");
    let output = claimdesk(&["validate", path.to_str().unwrap()]);
    let (_, assessment) = claim_core::assess_document(&std::fs::read(&path).unwrap()).unwrap();
    let expected =
        serde_json::to_value(claim_core::Report::new(&assessment, claim_core::Lang::Ko)).unwrap();
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed, expected);
}

/// The console program with no arguments starts the window program beside
/// it; where there is none, it says so (in Korean and English) and exits 2
/// instead of failing silently.
#[test]
fn no_window_program_beside_it_is_said_plainly() {
    let alone = tempfile::tempdir().unwrap();
    let name = if cfg!(windows) {
        "claimdesk.exe"
    } else {
        "claimdesk"
    };
    let copy = alone.path().join(name);
    std::fs::copy(common::claimdesk_binary(), &copy).unwrap();
    let output = std::process::Command::new(&copy)
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(said.contains("claimdesk-window"), "{said}");
    assert!(said.contains("창 프로그램"), "{said}");
    // Commands still work from the same copy.
    let help = std::process::Command::new(&copy)
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
}
