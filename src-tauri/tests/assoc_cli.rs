//! The shop bundles its claims; the association takes the bundle in with
//! other files, reviews, and exports statistics — all headless.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{run_in, succeeded};
use std::path::{Path, PathBuf};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../tests/fixtures/examples/{name}.claim.json"))
}

#[test]
fn a_shops_bundle_is_taken_in_reviewed_and_counted_by_the_association() {
    let shop = tempfile::tempdir().unwrap();
    let association = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let cake = succeeded(&run_in(
        shop.path(),
        &["import", example("kakao-cake-prior-week").to_str().unwrap()],
    ));
    let broken = succeeded(&run_in(
        shop.path(),
        &[
            "import",
            example("invalid-several-errors").to_str().unwrap(),
        ],
    ));
    let bundle = files.path().join("망원동 묶음.zip");
    let made = succeeded(&run_in(
        shop.path(),
        &[
            "bundle",
            cake.trim(),
            broken.trim(),
            "-o",
            bundle.to_str().unwrap(),
        ],
    ));
    assert!(
        made.contains("청구서 2건을 묶었습니다") && made.contains("초안 PDF로 넣은 청구서 1건"),
        "{made}"
    );
    // The bundle's claims are masked and each has its PDF.
    let mut opened =
        claim_assoc::bundle::Bundle::open(std::fs::File::open(&bundle).unwrap()).unwrap();
    assert_eq!(opened.manifest.customer_details, "masked");
    let entry = opened.manifest.claims[0].clone();
    assert!(opened.pdf(&entry).unwrap().unwrap().starts_with(b"%PDF"));
    let mut names = Vec::new();
    opened
        .for_each_claim(|claim| {
            let line: serde_json::Value = serde_json::from_slice(&claim.unwrap().json).unwrap();
            names.push(line["lost_orders"][0]["customer_name"].clone());
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(names[0], "이*진");
    // The shop's own store keeps them as entered, with the export audited.
    let audit: serde_json::Value =
        serde_json::from_str(&succeeded(&run_in(shop.path(), &["list", "--json"]))).unwrap();
    assert_eq!(audit.as_array().unwrap().len(), 2);

    let stray = files.path().join("메모.json");
    std::fs::write(&stray, "{\"format\": \"claimdesk.claim/1\"").unwrap();
    let taken = run_in(
        association.path(),
        &[
            "assoc",
            "import",
            bundle.to_str().unwrap(),
            stray.to_str().unwrap(),
            example("orders-only-no-sales").to_str().unwrap(),
        ],
    );
    assert_eq!(taken.status.code(), Some(1), "one file was not taken in");
    let out = String::from_utf8(taken.stdout).unwrap();
    assert!(out.contains("파일 3개: 새 청구서 3건"), "{out}");
    assert!(out.contains("메모.json:"), "{out}");
    assert!(
        !out.contains(files.path().to_str().unwrap()),
        "no folders: {out}"
    );

    let listed: serde_json::Value = serde_json::from_str(&succeeded(&run_in(
        association.path(),
        &["assoc", "list", "--json"],
    )))
    .unwrap();
    let listed = listed.as_array().unwrap();
    // The JSON file is the same shop and outage as the bundle's cake claim,
    // and arrived later: it replaces it.
    assert_eq!(listed.len(), 2);
    let all: serde_json::Value = serde_json::from_str(&succeeded(&run_in(
        association.path(),
        &["assoc", "list", "--json", "--all"],
    )))
    .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 3);
    let with_errors = listed
        .iter()
        .filter(|c| c["error_count"].as_i64().unwrap() > 0)
        .count();
    assert_eq!(with_errors, 1);
    let id = listed[0]["id"].as_str().unwrap();
    succeeded(&run_in(
        association.path(),
        &["assoc", "review", id, "checked"],
    ));
    let refused = run_in(association.path(), &["assoc", "review", id, "returned"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("E_ASSOC_REASON"));

    let csv = files.path().join("통계.csv");
    let xlsx = files.path().join("통계.xlsx");
    let stats: serde_json::Value = serde_json::from_str(&succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "stats",
            "--json",
            "--csv",
            csv.to_str().unwrap(),
            "--xlsx",
            xlsx.to_str().unwrap(),
        ],
    )))
    .unwrap();
    assert_eq!(stats["claims"], 2);
    assert_eq!(stats["with_errors"], 1);
    let csv = String::from_utf8(std::fs::read(&csv).unwrap()).unwrap();
    // Issue 19: the claim number, representative and phone are columns, and
    // the time received is Korea's, written as staff read it.
    assert!(
        csv.starts_with("\u{feff}연합회 번호,청구 번호,상호,사업자등록번호,대표자,연락처,"),
        "{csv}"
    );
    assert!(csv.contains("받은 때 (한국 시간)"), "{csv}");
    // The shop's claim numbers (their year is the shop's, not this test's).
    let numbers: Vec<&str> = listed
        .iter()
        .filter_map(|claim| claim["claim_number"].as_str())
        .collect();
    assert!(!numbers.is_empty(), "{listed:?}");
    for number in numbers {
        assert!(csv.contains(number), "{number} in {csv}");
    }
    // Issue 36: the association's own number leads each row, unique.
    for claim in listed {
        let number = claim["intake_number"].as_str().unwrap();
        assert!(csv.contains(&format!("\n{number},")), "{number} in {csv}");
    }
    assert!(!csv.contains("Z,") && !csv.contains("+00:00"), "{csv}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    // Taking the same bundle in again keeps nothing twice.
    let again = succeeded(&run_in(
        association.path(),
        &["assoc", "import", bundle.to_str().unwrap()],
    ));
    assert!(again.contains("새 청구서 0건, 이미 받은 것 2건"), "{again}");
}

/// A later claim of the same shop (the same claim id) that changes the
/// bank account is listed as waiting, kept out of the count, and applied
/// only when the staff say. Another sender for the business with yet
/// another account makes both wait, out of the statistics (issue 35).
#[test]
fn a_changed_bank_account_waits_until_the_staff_apply_it() {
    let association = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let mut claim: serde_json::Value =
        serde_json::from_slice(&std::fs::read(example("kakao-cake-prior-week")).unwrap()).unwrap();
    claim["id"] = "0192f5c4-0000-7000-8000-000000000001".into();
    let real = files.path().join("행복케이크.json");
    std::fs::write(&real, serde_json::to_vec(&claim).unwrap()).unwrap();
    let mut moved = claim.clone();
    moved["business"]["bank"]["account"] = "999-99-999999".into();
    let moved_file = files.path().join("정정.json");
    std::fs::write(&moved_file, serde_json::to_vec(&moved).unwrap()).unwrap();
    succeeded(&run_in(
        association.path(),
        &["assoc", "import", real.to_str().unwrap()],
    ));
    let taken = succeeded(&run_in(
        association.path(),
        &["assoc", "import", moved_file.to_str().unwrap()],
    ));
    assert!(taken.contains("확인"), "{taken}");
    let listed = succeeded(&run_in(association.path(), &["assoc", "list"]));
    let waiting = listed
        .lines()
        .find(|line| line.contains("확인 필요: 계좌번호 바뀜"))
        .unwrap_or_else(|| panic!("{listed}"));
    let id = waiting.split_whitespace().next().unwrap().to_owned();
    assert_eq!(listed.lines().count(), 2, "{listed}");
    let stats: serde_json::Value = serde_json::from_str(&succeeded(&run_in(
        association.path(),
        &["assoc", "stats", "--json"],
    )))
    .unwrap();
    assert_eq!(stats["claims"], 1, "{stats}");

    let wrong = run_in(association.path(), &["assoc", "held", &id, "maybe"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("E_ASSOC_DECISION"));
    let applied = succeeded(&run_in(
        association.path(),
        &["assoc", "held", &id, "apply"],
    ));
    assert!(
        applied.contains("계좌번호 변경을 반영했습니다"),
        "{applied}"
    );
    let listed = succeeded(&run_in(association.path(), &["assoc", "list"]));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with(&id), "{listed}");
    let again = run_in(association.path(), &["assoc", "held", &id, "dismiss"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("E_ASSOC_NOT_HELD"));

    let mut stranger = claim;
    stranger["id"] = "0192f5c4-0000-7000-8000-0000000000ff".into();
    stranger["business"]["bank"]["account"] = "777-77-777777".into();
    let stranger_file = files.path().join("다른곳.json");
    std::fs::write(&stranger_file, serde_json::to_vec(&stranger).unwrap()).unwrap();
    let taken = succeeded(&run_in(
        association.path(),
        &["assoc", "import", stranger_file.to_str().unwrap()],
    ));
    assert!(taken.contains("같은 사업장을 두 곳에서 청구함"), "{taken}");
    let listed = succeeded(&run_in(association.path(), &["assoc", "list"]));
    assert_eq!(
        listed.matches("같은 사업장을 두 곳에서 청구함").count(),
        2,
        "{listed}"
    );
    let stats: serde_json::Value = serde_json::from_str(&succeeded(&run_in(
        association.path(),
        &["assoc", "stats", "--json"],
    )))
    .unwrap();
    assert_eq!(
        (stats["claims"].as_u64(), stats["two_senders"].as_u64()),
        (Some(0), Some(1)),
        "{stats}"
    );
    let worded = succeeded(&run_in(association.path(), &["assoc", "stats"]));
    assert!(
        worded.contains("사업장 1곳은 직원이 어느 청구서를 반영할지 정할 때까지"),
        "{worded}"
    );
    let chosen = succeeded(&run_in(
        association.path(),
        &["assoc", "held", &id, "apply"],
    ));
    assert!(
        chosen.contains("사업장의 청구서로 반영했습니다"),
        "{chosen}"
    );
    let listed = succeeded(&run_in(association.path(), &["assoc", "list"]));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with(&id), "{listed}");
}

/// Issue 36: the association's work is backed up and restored from the
/// command line as the shop's is; each restore takes its own kind of backup
/// only, and what it replaces is kept.
#[test]
fn the_associations_data_is_backed_up_and_restored_apart_from_the_shops() {
    let association = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let count = |dir: &Path| -> usize {
        let listed = succeeded(&run_in(dir, &["assoc", "list", "--all", "--json"]));
        serde_json::from_str::<serde_json::Value>(&listed)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "import",
            example("kakao-cake-prior-week").to_str().unwrap(),
        ],
    ));
    let backup = files.path().join("연합회 백업.sqlite3");
    let said = succeeded(&run_in(
        association.path(),
        &["assoc", "backup", backup.to_str().unwrap()],
    ));
    assert!(said.contains("연합회 자료를 백업했습니다"), "{said}");
    succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "import",
            example("kakao-cake-best-week").to_str().unwrap(),
        ],
    ));
    assert_eq!(count(association.path()), 2);
    let said = succeeded(&run_in(
        association.path(),
        &["assoc", "restore", backup.to_str().unwrap()],
    ));
    assert!(said.contains("받은 청구서 1건"), "{said}");
    assert_eq!(count(association.path()), 1);
    let kept: Vec<String> = std::fs::read_dir(association.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("association-before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");

    // The shop's backup is not the association's, nor the other way round:
    // refused with the reason, the data as it was.
    let shop_backup = files.path().join("shop.sqlite3");
    succeeded(&run_in(
        association.path(),
        &["backup", shop_backup.to_str().unwrap()],
    ));
    let refused = run_in(
        association.path(),
        &["assoc", "restore", shop_backup.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("E_STORE_NOT_A_DATABASE"), "{said}");
    assert_eq!(count(association.path()), 1);
    let refused = run_in(association.path(), &["restore", backup.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("E_STORE_NOT_A_DATABASE"));
}
