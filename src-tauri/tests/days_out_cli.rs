//! Issue 20 on the command line: an association's incident that pays by
//! days out (spec §3.1), imported with the data folder that then holds it;
//! `claimdesk validate` gives §3.1's report, the PDF states the shop's own
//! outage, the days and the tier, and the association's statistics count
//! the claim by days out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, pdf_text, run_in, succeeded};

/// The public half of the test key (`[7; 32]`) the fixture is signed with.
const TEST_PUBLIC_KEY: &str = "6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=";

#[test]
fn a_days_out_incident_is_validated_printed_and_counted() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let claim = fixture("incidents/exchange-fire-2026.claim.json");
    let claim_arg = claim.to_str().unwrap();

    // Before the incident is imported, the claim names an unknown one.
    let unknown = run_in(data, &["validate", claim_arg]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stdout).contains("E_PRESET_UNKNOWN"));

    succeeded(&run_in(
        data,
        &[
            "incident",
            "trust-key",
            TEST_PUBLIC_KEY,
            "--name",
            "시험 키",
        ],
    ));
    let signed = fixture("incidents/exchange-fire-2026.signed.json");
    succeeded(&run_in(
        data,
        &["incident", "import", signed.to_str().unwrap()],
    ));

    // §3.1's report: valid with nothing but the shop's own outage, out
    // 2 Mar 11:10 to 5 Mar 09:00 (2 days 21 h 50 min: 3 days), 800,000원.
    let report = run_in(data, &["validate", claim_arg]);
    assert_eq!(report.status.code(), Some(0), "{report:?}");
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["valid"], true);
    assert_eq!(
        report["compensation"],
        serde_json::json!({"tier_amount": 800000, "individual_review": false, "days_out": 3})
    );

    // The shop's own end after the incident's: refused at the field.
    let mut late: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&claim).unwrap()).unwrap();
    late["incident"]["end"] = "2026-03-09T18:00:01+09:00".into();
    let late_file = data.join("late.claim.json");
    std::fs::write(&late_file, serde_json::to_vec(&late).unwrap()).unwrap();
    let refused = run_in(data, &["validate", late_file.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let refused: serde_json::Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(refused["errors"][0]["code"], "E_OWN_OUTAGE_RANGE");
    assert_eq!(refused["errors"][0]["path"], "incident.end");
    assert_eq!(refused["compensation"]["days_out"], serde_json::Value::Null);

    // The PDF states the incident's window, the shop's own, the days out
    // and the tier in the rule's words.
    let pdf = data.join("claim.pdf");
    succeeded(&run_in(
        data,
        &["pdf", claim_arg, "-o", pdf.to_str().unwrap()],
    ));
    let text = pdf_text(&pdf);
    for expected in [
        "우리가게장애시간",
        "2026년3월5일(목)09:00",
        "장애일수",
        "3일",
        "80만원(3~4일)",
        // The payment stands out, in figures and words.
        "장애일수보상800,000원금팔십만원정",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains("카카오"), "{text}");

    // The association counts it by days out.
    succeeded(&run_in(data, &["assoc", "import", claim_arg]));
    let stats = succeeded(&run_in(data, &["assoc", "stats"]));
    assert!(stats.contains("[장애 일수]"), "{stats}");
    assert!(stats.contains("3~4일"), "{stats}");
    assert!(stats.contains("80만 원 (3~4일)"), "{stats}");
    assert!(!stats.contains("카카오"), "{stats}");
}
