//! `claimdesk pdf` and `claimdesk import-pdf`: exit codes, the same bytes for
//! the same clock, a round trip that gives the same report, and a stored
//! claim's PDF with its number, photos and an audited export.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::claimdesk_binary;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/examples")
        .join(format!("{name}.claim.json"))
}

fn run(data_dir: &Path, args: &[&str], epoch: Option<&str>) -> Output {
    let mut command = Command::new(claimdesk_binary());
    command
        .args(args)
        .env("CLAIMDESK_DATA_DIR", data_dir)
        .env_remove("DISPLAY")
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        command.env("SOURCE_DATE_EPOCH", epoch);
    }
    command.output().unwrap()
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn pdftotext(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_claim_file_becomes_the_same_pdf_for_the_same_clock() {
    let dir = tempfile::tempdir().unwrap();
    let claim = example("kakao-cake-prior-week");
    let first = dir.path().join("첫째.pdf");
    let second = dir.path().join("second.pdf");
    let said = ok(&run(
        dir.path(),
        &[
            "pdf",
            claim.to_str().unwrap(),
            "-o",
            first.to_str().unwrap(),
        ],
        Some("1764047100"),
    ));
    // Three pages of the claim and the staff's page of fingerprints.
    assert!(said.contains("4쪽") && said.contains("sha256"), "{said}");
    ok(&run(
        dir.path(),
        &[
            "pdf",
            claim.to_str().unwrap(),
            "-o",
            second.to_str().unwrap(),
        ],
        Some("1764047100"),
    ));
    assert!(std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap());
    let text = pdftotext(&first);
    assert!(
        text.contains("2025년 11월 25일(화) 14:05"),
        "the clock from SOURCE_DATE_EPOCH: {text}"
    );
    assert!(text.contains("금 일백삼십일만사천사백원정"));
    // --at wins over the environment.
    ok(&run(
        dir.path(),
        &[
            "pdf",
            claim.to_str().unwrap(),
            "-o",
            second.to_str().unwrap(),
            "--at",
            "2026-11-25T09:00:00+09:00",
        ],
        Some("1764047100"),
    ));
    assert!(pdftotext(&second).contains("2026년 11월 25일(수) 09:00"));
    // No clock given: now, never 1970.
    ok(&run(
        dir.path(),
        &[
            "pdf",
            claim.to_str().unwrap(),
            "-o",
            second.to_str().unwrap(),
        ],
        None,
    ));
    let info = Command::new("pdfinfo").arg(&second).output().unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    let created = info
        .lines()
        .find(|l| l.starts_with("CreationDate"))
        .unwrap();
    assert!(!created.contains("1970"), "{created}");
    // English.
    ok(&run(
        dir.path(),
        &[
            "pdf",
            claim.to_str().unwrap(),
            "-o",
            second.to_str().unwrap(),
            "--lang",
            "en",
        ],
        Some("1764047100"),
    ));
    assert!(pdftotext(&second).contains("KRW 1,314,400"));
}

#[test]
fn a_claim_with_errors_exits_1_with_its_errors_unless_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let claim = example("invalid-several-errors");
    let out = dir.path().join("claim.pdf");
    let refused = run(
        dir.path(),
        &["pdf", claim.to_str().unwrap(), "-o", out.to_str().unwrap()],
        Some("1764047100"),
    );
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    for code in [
        "E_BRN_CHECKSUM",
        "E_PHONE_FORMAT",
        "E_AMOUNT_INVALID",
        "E_ORDER_OUTSIDE_INCIDENT",
        "E_ORDER_DUPLICATE_REF",
    ] {
        assert!(stderr.contains(code), "{code} not listed: {stderr}");
    }
    assert!(!out.exists(), "nothing written");
    assert!(refused.stdout.is_empty());
    ok(&run(
        dir.path(),
        &[
            "pdf",
            claim.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--draft",
        ],
        Some("1764047100"),
    ));
    assert!(pdftotext(&out).contains("초안 / DRAFT"));
    // Unreadable input, bad clock: exit 2 with one line.
    for args in [
        vec!["pdf", "/nonexistent.json", "-o", out.to_str().unwrap()],
        vec![
            "pdf",
            claim.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--at",
            "어제",
        ],
        vec![
            "pdf",
            claim.to_str().unwrap(),
            "-o",
            "/nonexistent-dir/x.pdf",
            "--draft",
        ],
    ] {
        let failed = run(dir.path(), &args, None);
        assert_eq!(failed.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&failed.stderr).lines().count(),
            1,
            "{args:?}"
        );
    }
}

#[test]
fn a_pdf_imports_back_as_a_claim_with_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let claim = example("kakao-cake-prior-week");
    let pdf = dir.path().join("claim.pdf");
    ok(&run(
        dir.path(),
        &["pdf", claim.to_str().unwrap(), "-o", pdf.to_str().unwrap()],
        Some("1764047100"),
    ));
    let id = ok(&run(
        dir.path(),
        &["import-pdf", pdf.to_str().unwrap()],
        None,
    ));
    let exported = dir.path().join("back.json");
    ok(&run(
        dir.path(),
        &["export", id.trim(), "-o", exported.to_str().unwrap()],
        None,
    ));
    let report = |file: &Path| -> serde_json::Value {
        let output = run(dir.path(), &["validate", file.to_str().unwrap()], None);
        serde_json::from_slice(&output.stdout).unwrap()
    };
    assert_eq!(report(&exported), report(&claim));
    let back: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    assert_eq!(
        back["lost_orders"][0]["customer_name"], "이*진",
        "what left the shop was masked"
    );

    // Importing it again would replace the stored claim: refused, and the
    // stored claim is untouched.
    let again = run(dir.path(), &["import-pdf", pdf.to_str().unwrap()], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("E_CLAIM_EXISTS"));
    // A PDF ClaimDesk did not make.
    let other =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/evidence/certificate.pdf");
    let refused = run(dir.path(), &["import-pdf", other.to_str().unwrap()], None);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("E_PDF_NO_CLAIM") || stderr.contains("E_NOT_A_PDF"),
        "{stderr}"
    );
}

#[test]
fn a_stored_claim_prints_with_its_number_and_photos_and_the_export_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = claim_store::Store::open(dir.path()).unwrap();
    let saved = store
        .save_claim(&std::fs::read(example("kakao-cake-prior-week")).unwrap())
        .unwrap();
    let photo = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/evidence/receipt.jpg"),
    )
    .unwrap();
    store
        .add_evidence(
            &saved.id,
            claim_core::codes::EvidenceKind::SalesProof,
            "영수증.jpg",
            &photo,
        )
        .unwrap();
    drop(store);
    let pdf = dir.path().join("stored.pdf");
    let said = ok(&run(
        dir.path(),
        &["pdf", &saved.id, "-o", pdf.to_str().unwrap()],
        Some("1764047100"),
    ));
    let text = pdftotext(&pdf);
    assert!(text.contains(&saved.number), "{text}");
    assert!(text.contains("영수증.jpg"));
    let store = claim_store::Store::open(dir.path()).unwrap();
    // A final PDF files the claim, as the window's does: the export is
    // audited, then the claim moves to exported.
    let mut audit = store.audit(&saved.id).unwrap();
    let moved = audit.pop().unwrap();
    assert_eq!(
        (moved.event.as_str(), moved.to_status.as_deref()),
        ("status", Some("exported"))
    );
    assert_eq!(
        store.claim(&saved.id).unwrap().summary.status,
        claim_store::Status::Exported
    );
    let last = audit.pop().unwrap();
    assert_eq!(last.event, "exported");
    let sha = claim_store::sha256_hex(&std::fs::read(&pdf).unwrap());
    assert_eq!(last.sha256.as_deref(), Some(sha.as_str()));
    assert!(said.contains(&sha));
    let unknown = run(
        dir.path(),
        &[
            "pdf",
            "01936f2e-8a4b-7c3d-9e5f-0a1b2c3d4e5f",
            "-o",
            pdf.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("E_CLAIM_NOT_FOUND"));
}

/// A failure whose way out is one of the command line's options names it
/// there (the message itself is shared with the window, which has no
/// options: issue 37).
#[test]
fn the_command_line_names_its_own_options_as_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let claim = common::fixture("examples/kakao-cake-prior-week.claim.json");
    let out = dir.path().join("x.pdf");
    let refused = run(
        dir.path(),
        &[
            "pdf",
            claim.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--at",
            "어제",
        ],
        None,
    );
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("E_DOCUMENT_TIME") && said.contains("--at"),
        "{said}"
    );
    // The shared message alone names no option.
    let shared = claim_core::Failure::message(
        &claimdesk::app::AppError::DocumentTime("어제".into()),
        claim_core::Lang::Ko,
    );
    assert!(!shared.contains("--"), "{shared}");
    for error in [
        claimdesk::app::AppError::DataDir,
        claimdesk::app::AppError::RowsRejected { rows: 3 },
    ] {
        for lang in [claim_core::Lang::Ko, claim_core::Lang::En] {
            let shared = claim_core::Failure::message(&error, lang);
            assert!(!shared.contains("--"), "{shared}");
        }
    }
}
