//! `claimdesk import-sales`: a dry run prints what a sales file gives; with
//! `--claim` the days go into a stored claim, never half-way.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, run_in};
use std::path::Path;

/// `claimdesk list --json` on `dir`.
fn claims(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&run_in(dir, &["list", "--json"]).stdout).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn a_dry_run_prints_days_in_order_and_rejected_rows_by_spreadsheet_number() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("카드매출.csv");
    std::fs::write(
        &file,
        "거래일시,승인금액,구분\n2022-10-16 10:00,\"5,000\",승인\n2022-10-15 09:00,\"410,000원\",승인\n\
         2022-10-15 09:30,\"10,000\",취소\n2022/10/17,12.5,승인\n",
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &[
            "import-sales",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        printed["days"],
        serde_json::json!([{"date": "2022-10-15", "amount": 400000}, {"date": "2022-10-16", "amount": 5000}])
    );
    assert_eq!(printed["rejected"][0]["row"], 5);
    assert!(printed["rejected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("정수"));
    assert_eq!(
        printed.as_object().unwrap().len(),
        2,
        "only days and rejected: {printed}"
    );
    // Nothing was stored.
    assert!(!dir.path().join(claim_store::DATABASE_FILE).exists());
}

#[test]
fn the_days_go_into_a_stored_claim_and_its_totals_follow() {
    let dir = tempfile::tempdir().unwrap();
    let mut claim: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixture("examples/kakao-cake-prior-week.claim.json")).unwrap(),
    )
    .unwrap();
    // The shop's file will bring 2022-10-15 and 10-16.
    claim["daily_sales"]
        .as_array_mut()
        .unwrap()
        .retain(|row| row["date"] != "2022-10-15" && row["date"] != "2022-10-16");
    let claim_file = dir.path().join("claim.json");
    std::fs::write(&claim_file, serde_json::to_vec(&claim).unwrap()).unwrap();
    let id = text(&run_in(dir.path(), &["import", claim_file.to_str().unwrap()]).stdout);
    let id = id.trim();

    let output = run_in(
        dir.path(),
        &[
            "import-sales",
            fixture("evidence/daily-sales.csv").to_str().unwrap(),
            "--claim",
            id,
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("2일의 매출을 넣었습니다"));
    let listed = claims(dir.path());
    // The example's own figures again: 1,314,400원.
    assert_eq!(listed[0]["claimed"], 1_314_400);
}

#[test]
fn a_file_with_unreadable_rows_is_applied_only_when_the_owner_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let id = text(
        &run_in(
            dir.path(),
            &[
                "import",
                fixture("examples/kakao-cake-prior-week.claim.json")
                    .to_str()
                    .unwrap(),
            ],
        )
        .stdout,
    );
    let id = id.trim();
    let file = dir.path().join("sales.csv");
    std::fs::write(&file, "일자,매출액\n2022-10-15,1\n2022-10-16,\"12,5\"\n").unwrap();
    let refused = run_in(
        dir.path(),
        &["import-sales", file.to_str().unwrap(), "--claim", id],
    );
    assert_eq!(refused.status.code(), Some(1));
    // The way out is the command line's own option (the message itself is
    // shared with the window, which asks instead).
    assert!(
        text(&refused.stderr).contains("--skip-rejected"),
        "{}",
        text(&refused.stderr)
    );
    assert!(
        text(&refused.stdout).contains("3행"),
        "{}",
        text(&refused.stdout)
    );
    let listed = claims(dir.path());
    assert_eq!(listed[0]["claimed"], 1_314_400, "nothing applied");
    let applied = run_in(
        dir.path(),
        &[
            "import-sales",
            file.to_str().unwrap(),
            "--claim",
            id,
            "--skip-rejected",
        ],
    );
    assert_eq!(applied.status.code(), Some(0), "{}", text(&applied.stderr));
    let listed = claims(dir.path());
    assert_ne!(listed[0]["claimed"], 1_314_400);
}

#[test]
fn unreadable_files_fail_with_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 3] = [
        ("empty.csv", b"", "E_IMPORT_EMPTY"),
        (
            "names.csv",
            "이름,전화\n김민지,010\n".as_bytes(),
            "E_IMPORT_COLUMNS",
        ),
        (
            "cut.xlsx",
            b"PK\x03\x04\x14\x00\x00\x00",
            "E_IMPORT_DAMAGED",
        ),
    ];
    for (name, bytes, code) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let output = run_in(
            dir.path(),
            &["import-sales", file.to_str().unwrap(), "--dry-run"],
        );
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}");
        let error = text(&output.stderr);
        assert_eq!(error.lines().count(), 1, "{error}");
        assert!(error.contains(name) && error.contains(code), "{error}");
        assert!(
            !error.contains(dir.path().to_str().unwrap()),
            "no folder in the message: {error}"
        );
    }
    // Columns named by the owner when they are not found.
    let file = dir.path().join("names.csv");
    std::fs::write(&file, "when,how much\n2022-10-15,1000\n").unwrap();
    let output = run_in(
        dir.path(),
        &[
            "import-sales",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
            "--date-column",
            "A",
            "--amount-column",
            "how much",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "a letter and a heading do not mix"
    );
    let output = run_in(
        dir.path(),
        &[
            "import-sales",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
            "--date-column",
            "when",
            "--amount-column",
            "how much",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}
