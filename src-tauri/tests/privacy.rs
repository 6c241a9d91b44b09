//! Customer names and phones of lost orders leave the shop only masked,
//! unless the owner opts in: every output where masking is promised is
//! searched for the fixture claim's customers (names and phone digits).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{run_in, succeeded};
use std::path::Path;
use std::process::Command;

/// The fixture's customers: as entered, and the phone's digits alone.
const SECRETS: [&str; 6] = [
    "이수진",
    "박지훈",
    "010-2222-3333",
    "01022223333",
    "010-4444-5555",
    "01044445555",
];

fn leaks(what: &str, text: &str) -> Vec<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    SECRETS
        .iter()
        .filter(|secret| {
            text.contains(**secret)
                || (secret.starts_with("010") && !secret.contains('-') && digits.contains(**secret))
        })
        .map(|secret| format!("{what}: {secret}"))
        .collect()
}

fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn nothing_that_leaves_the_shop_holds_a_customers_name_or_phone() {
    let shop = tempfile::tempdir().unwrap();
    let association = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/examples/kakao-cake-prior-week.claim.json");
    let original = std::fs::read_to_string(&example).unwrap();
    assert!(
        !leaks("the fixture", &original).is_empty(),
        "the fixture must hold the customers to look for"
    );
    // The customers also where an owner writes them by the way: in the
    // narrative, an order's note and ref, a cost's description, and a
    // member the spec does not know.
    let mut enriched: serde_json::Value = serde_json::from_str(&original).unwrap();
    enriched["narrative"] = "이수진 님(010-2222-3333)과 박지훈 님 주문을 놓쳤습니다.".into();
    enriched["lost_orders"][0]["note"] = "박지훈 님이 01044445555로 다시 연락".into();
    enriched["lost_orders"][0]["ref"] = "이수진-1015".into();
    enriched["lost_orders"][0]["customer_memo"] = "이수진 010-4444-5555".into();
    enriched["extra_costs"][0]["description"] = "박지훈 님께 문자 010 2222 3333".into();
    let example = out.path().join("enriched.claim.json");
    std::fs::write(&example, enriched.to_string()).unwrap();
    let id = succeeded(&run_in(shop.path(), &["import", example.to_str().unwrap()]))
        .trim()
        .to_owned();
    let mut found = Vec::new();

    // The claim PDF: its text and the claim.json it carries.
    let pdf = out.path().join("claim.pdf");
    succeeded(&run_in(
        shop.path(),
        &["pdf", &id, "-o", pdf.to_str().unwrap()],
    ));
    found.extend(leaks("PDF text", &pdf_text(&pdf)));
    let attached = claim_pdf::read_attached_claim(&std::fs::read(&pdf).unwrap()).unwrap();
    found.extend(leaks(
        "PDF's claim.json",
        &String::from_utf8(attached).unwrap(),
    ));

    // The bundle: its claims and its PDFs.
    let bundle = out.path().join("bundle.zip");
    succeeded(&run_in(
        shop.path(),
        &["bundle", &id, "-o", bundle.to_str().unwrap()],
    ));
    let mut opened =
        claim_assoc::bundle::Bundle::open(std::fs::File::open(&bundle).unwrap()).unwrap();
    let manifest = serde_json::to_string(&opened.manifest).unwrap();
    found.extend(leaks("bundle manifest", &manifest));
    let mut claims = Vec::new();
    opened
        .for_each_claim(|claim| {
            claims.push(String::from_utf8(claim.unwrap().json).unwrap());
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
    for claim in &claims {
        found.extend(leaks("bundle claims.jsonl", claim));
    }
    let entry = opened.manifest.claims[0].clone();
    let bundled_pdf = out.path().join("bundled.pdf");
    std::fs::write(&bundled_pdf, opened.pdf(&entry).unwrap().unwrap()).unwrap();
    found.extend(leaks("bundle PDF", &pdf_text(&bundled_pdf)));

    // The association's side: its table, statistics and exports.
    succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "import",
            bundle.to_str().unwrap(),
            pdf.to_str().unwrap(),
        ],
    ));
    found.extend(leaks(
        "assoc list",
        &succeeded(&run_in(
            association.path(),
            &["assoc", "list", "--all", "--json"],
        )),
    ));
    let csv = out.path().join("table.csv");
    let stats = succeeded(&run_in(
        association.path(),
        &["assoc", "stats", "--json", "--csv", csv.to_str().unwrap()],
    ));
    found.extend(leaks("assoc stats", &stats));
    found.extend(leaks("assoc CSV", &std::fs::read_to_string(&csv).unwrap()));

    // Reports and messages: a claim with errors in its lost orders.
    let mut broken: serde_json::Value = serde_json::from_str(&original).unwrap();
    broken["lost_orders"][0]["at"] = "2022-10-30T10:00:00+09:00".into();
    broken["lost_orders"][1]["amount"] = "서른여덟".into();
    let broken_file = out.path().join("broken.json");
    std::fs::write(&broken_file, broken.to_string()).unwrap();
    let report = run_in(shop.path(), &["validate", broken_file.to_str().unwrap()]);
    assert_eq!(report.status.code(), Some(1));
    found.extend(leaks(
        "validate report",
        &String::from_utf8_lossy(&report.stdout),
    ));
    let refused = run_in(
        shop.path(),
        &[
            "pdf",
            broken_file.to_str().unwrap(),
            "-o",
            out.path().join("x.pdf").to_str().unwrap(),
        ],
    );
    found.extend(leaks(
        "pdf error",
        &String::from_utf8_lossy(&refused.stderr),
    ));

    assert!(
        found.is_empty(),
        "customer details left the shop unmasked: {found:?}"
    );

    // Where the owner opted in, they are there (so the search above can find them).
    let opted = out.path().join("opted.pdf");
    succeeded(&run_in(
        shop.path(),
        &[
            "pdf",
            &id,
            "-o",
            opted.to_str().unwrap(),
            "--include-customer-details",
        ],
    ));
    assert!(!leaks("opted-in PDF", &pdf_text(&opted)).is_empty());
}

/// Files that hold customer details unmasked, or what the association
/// received, are their owner's alone to read (0600, as backups are): the
/// owner's export, a full-detail bundle or PDF, the association's table,
/// its receipts and answers. Masked files follow the usual permissions.
#[cfg(unix)]
#[test]
fn files_with_personal_data_are_their_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let shop = tempfile::tempdir().unwrap();
    let desk = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = |name: &str| out.path().join(name).to_str().unwrap().to_owned();
    let mode = |name: &str| {
        std::fs::metadata(out.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let example = common::fixture("examples/kakao-cake-prior-week.claim.json");
    let id = succeeded(&run_in(shop.path(), &["import", example.to_str().unwrap()]))
        .trim()
        .to_owned();
    let key = file("association.key");
    succeeded(&run_in(desk.path(), &["incident", "keygen", "-o", &key]));
    for args in [
        vec!["export", id.as_str(), "-o", &file("own.json")],
        vec![
            "bundle",
            id.as_str(),
            "-o",
            &file("full.zip"),
            "--include-customer-details",
        ],
        vec!["bundle", id.as_str(), "-o", &file("masked.zip")],
        vec![
            "pdf",
            id.as_str(),
            "-o",
            &file("full.pdf"),
            "--include-customer-details",
        ],
    ] {
        succeeded(&run_in(shop.path(), &args));
    }
    succeeded(&run_in(
        desk.path(),
        &["assoc", "import", &file("masked.zip")],
    ));
    let received = succeeded(&run_in(desk.path(), &["assoc", "list", "--json"]));
    let received: serde_json::Value = serde_json::from_str(&received).unwrap();
    let received_id = received[0]["id"].as_str().unwrap().to_owned();
    for args in [
        vec![
            "assoc",
            "stats",
            "--csv",
            &file("table.csv"),
            "--xlsx",
            &file("table.xlsx"),
        ],
        vec![
            "assoc",
            "receipt",
            received_id.as_str(),
            "-o",
            &file("receipt.json"),
            "--key",
            &key,
        ],
        vec![
            "assoc",
            "answers",
            "-o",
            &file("answers.json"),
            "--key",
            &key,
        ],
    ] {
        succeeded(&run_in(desk.path(), &args));
    }
    for name in [
        "own.json",
        "full.zip",
        "full.pdf",
        "table.csv",
        "table.xlsx",
        "receipt.json",
        "answers.json",
    ] {
        assert_eq!(mode(name), 0o600, "{name}: {:o}", mode(name));
    }
    assert_ne!(
        mode("masked.zip") & 0o044,
        0,
        "a masked bundle follows the umask"
    );
}
