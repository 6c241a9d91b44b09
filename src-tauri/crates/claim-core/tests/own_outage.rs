//! Spec §3.1: the shop's own outage inside the incident's window, and the
//! compensation rule by days out, at every boundary. The incident is the
//! test fixture `exchange-fire-2026-03` (a days-out rule like KT's after the
//! Ahyeon fire of 2018: 1–2 days ₩400,000, 3–4 ₩800,000, 5–6 ₩1,000,000,
//! 7 or more ₩1,200,000), signed with the test key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_core::codes::{EvidenceKind, Vocabulary};
use claim_core::signature::{open_definition, parse_public_key, public_key_text, TrustedKey};
use claim_core::{assess_value_with, Incidents, Lang, Report};
use common::errors;
use serde_json::{json, Value};

const SIGNED: &str =
    include_str!("../../../../tests/fixtures/incidents/exchange-fire-2026.signed.json");
const CLAIM: &str =
    include_str!("../../../../tests/fixtures/incidents/exchange-fire-2026.claim.json");
const TEST_SECRET: [u8; 32] = [7; 32];

/// The built-in incidents and the fixture, verified with the test key.
fn incidents() -> Incidents {
    let trusted = [TrustedKey {
        name: "시험 키".into(),
        key: parse_public_key(&public_key_text(&TEST_SECRET)).unwrap(),
        shipped: false,
        uses: claim_core::signature::KeyUse::Both,
    }];
    let opened = open_definition(SIGNED.as_bytes(), &trusted).unwrap();
    assert_eq!(opened.verification.code(), "verified");
    Incidents::with_imported([(opened.definition, opened.verification)])
}

fn report(claim: &Value) -> Value {
    let (_, assessment) = assess_value_with(claim.as_object().unwrap(), &incidents());
    serde_json::to_value(Report::new(&assessment, Lang::Ko)).unwrap()
}

/// The fixture's claim with its own outage `start`/`end` (None: the
/// incident's end of the window).
fn claim_out(start: Option<&str>, end: Option<&str>) -> Value {
    let mut claim: Value = serde_json::from_str(CLAIM).unwrap();
    claim["incident"] = json!({"preset": "exchange-fire-2026-03"});
    if let Some(start) = start {
        claim["incident"]["start"] = json!(start);
    }
    if let Some(end) = end {
        claim["incident"]["end"] = json!(end);
    }
    claim
}

/// The report's `compensation` for a shop out from `start` to `end`.
fn compensation(start: &str, end: &str) -> Value {
    report(&claim_out(Some(start), Some(end)))["compensation"].clone()
}

#[test]
fn the_fixture_claim_is_valid_with_nothing_but_its_outage() {
    let claim: Value = serde_json::from_str(CLAIM).unwrap();
    let report = report(&claim);
    assert_eq!(report["valid"], true, "{report:#}");
    // 2 Mar 11:10 to 5 Mar 09:00: 2 days 21 h 50 min, so 3 days out.
    assert_eq!(
        report["compensation"],
        json!({"tier_amount": 800000, "individual_review": false, "days_out": 3})
    );
    // No sales, no orders, no costs: still a claim under a days-out rule.
    assert!(!errors(&report)
        .iter()
        .any(|(code, _)| code == "E_NOTHING_CLAIMED"));
    // The same claim under a loss rule (Kakao's) claims nothing.
    let mut kakao = claim.clone();
    kakao["incident"] = json!({"preset": "kakao-2022-10"});
    assert!(errors(&self::report(&kakao))
        .iter()
        .any(|(code, path)| code == "E_NOTHING_CLAIMED" && path == "daily_sales"));
}

#[test]
fn days_out_counts_every_started_24_hours() {
    let days = |start: &str, end: &str| compensation(start, end)["days_out"].clone();
    let amount = |start: &str, end: &str| compensation(start, end)["tier_amount"].clone();
    // 10 hours → 1 day.
    assert_eq!(
        days("2026-03-02T12:00:00+09:00", "2026-03-02T22:00:00+09:00"),
        1
    );
    assert_eq!(
        amount("2026-03-02T12:00:00+09:00", "2026-03-02T22:00:00+09:00"),
        400_000
    );
    // Exactly 48 hours → 2 days, still the first step.
    assert_eq!(
        days("2026-03-02T12:00:00+09:00", "2026-03-04T12:00:00+09:00"),
        2
    );
    assert_eq!(
        amount("2026-03-02T12:00:00+09:00", "2026-03-04T12:00:00+09:00"),
        400_000
    );
    // 48 hours and one second → 3 days, the next step.
    assert_eq!(
        days("2026-03-02T12:00:00+09:00", "2026-03-04T12:00:01+09:00"),
        3
    );
    assert_eq!(
        amount("2026-03-02T12:00:00+09:00", "2026-03-04T12:00:01+09:00"),
        800_000
    );
    // One second → 1 day.
    assert_eq!(
        days("2026-03-02T12:00:00+09:00", "2026-03-02T12:00:01+09:00"),
        1
    );
    // Exactly 4 × 24 h → 4; a second more → 5, the third step.
    assert_eq!(
        amount("2026-03-02T12:00:00+09:00", "2026-03-06T12:00:00+09:00"),
        800_000
    );
    assert_eq!(
        amount("2026-03-02T12:00:00+09:00", "2026-03-06T12:00:01+09:00"),
        1_000_000
    );
    // The whole window: 7 days 6 h 50 min → 8 days, the last step.
    let whole = report(&claim_out(None, None))["compensation"].clone();
    assert_eq!(
        whole,
        json!({"tier_amount": 1200000, "individual_review": false, "days_out": 8})
    );
}

#[test]
fn offsets_other_than_korea_time_count_the_same_instants() {
    // 12:00+09:00 is 03:00Z; 48 h later in UTC is still 2 days, and a
    // second more in New York's offset is 3.
    assert_eq!(
        compensation("2026-03-02T03:00:00Z", "2026-03-04T12:00:00+09:00")["days_out"],
        2
    );
    assert_eq!(
        compensation("2026-03-02T12:00:00+09:00", "2026-03-03T22:00:01-05:00")["days_out"],
        3
    );
    // The window's own boundary given in another offset is inside it.
    let report = report(&claim_out(
        Some("2026-03-02T02:10:00Z"),
        Some("2026-03-09T09:00:00Z"),
    ));
    assert_eq!(report["valid"], true, "{report:#}");
    assert_eq!(report["compensation"]["days_out"], 8);
}

#[test]
fn an_own_outage_reaching_outside_the_window_is_refused_at_its_field() {
    // A second before the incident's start.
    let early = report(&claim_out(Some("2026-03-02T11:09:59+09:00"), None));
    assert_eq!(
        errors(&early),
        [("E_OWN_OUTAGE_RANGE".to_owned(), "incident.start".to_owned())]
    );
    assert!(early["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("2026년 3월 2일"));
    // The window is unknown for the rule: no days, no amount.
    assert_eq!(
        early["compensation"],
        json!({"tier_amount": null, "individual_review": false, "days_out": null})
    );
    // A second after its end, in UTC.
    let late = report(&claim_out(None, Some("2026-03-09T09:00:01Z")));
    assert_eq!(
        errors(&late),
        [("E_OWN_OUTAGE_RANGE".to_owned(), "incident.end".to_owned())]
    );
    assert_eq!(late["compensation"]["days_out"], Value::Null);
    // Both ends outside: one error each.
    let both = report(&claim_out(
        Some("2026-03-01T00:00:00+09:00"),
        Some("2026-03-10T00:00:00+09:00"),
    ));
    let mut found = errors(&both);
    found.sort();
    assert_eq!(
        found,
        [
            ("E_OWN_OUTAGE_RANGE".to_owned(), "incident.end".to_owned()),
            ("E_OWN_OUTAGE_RANGE".to_owned(), "incident.start".to_owned())
        ],
        "{both:#}"
    );
    // Exactly at the incident's ends: inside.
    let exact = report(&claim_out(
        Some("2026-03-02T11:10:00+09:00"),
        Some("2026-03-09T18:00:00+09:00"),
    ));
    assert_eq!(exact["valid"], true, "{exact:#}");
}

#[test]
fn an_override_on_either_side_gives_the_effective_window() {
    // The outage reached the shop later: from 4 Mar 09:00 to the end, 5 days
    // 9 h → 6 days.
    let later = report(&claim_out(Some("2026-03-04T09:00:00+09:00"), None));
    assert_eq!(later["valid"], true, "{later:#}");
    assert_eq!(later["compensation"]["days_out"], 6);
    assert_eq!(later["compensation"]["tier_amount"], 1_000_000);
    // Came back earlier: from the start to 3 Mar 09:10, 22 h → 1 day.
    let earlier = report(&claim_out(None, Some("2026-03-03T09:10:00+09:00")));
    assert_eq!(earlier["compensation"]["days_out"], 1);
    assert_eq!(earlier["compensation"]["tier_amount"], 400_000);
}

#[test]
fn the_window_unknown_gives_no_days() {
    // The end before the start: E_INCIDENT_RANGE, and no days out.
    let reversed = report(&claim_out(
        Some("2026-03-05T09:00:00+09:00"),
        Some("2026-03-04T09:00:00+09:00"),
    ));
    assert!(errors(&reversed)
        .iter()
        .any(|(code, path)| code == "E_INCIDENT_RANGE" && path == "incident"));
    assert_eq!(
        reversed["compensation"],
        json!({"tier_amount": null, "individual_review": false, "days_out": null})
    );
    // An end that is not an instant.
    let broken = report(&claim_out(None, Some("3월 5일 아침")));
    assert!(errors(&broken)
        .iter()
        .any(|(code, path)| code == "E_DATE_INVALID" && path == "incident.end"));
    assert_eq!(broken["compensation"]["days_out"], Value::Null);
}

#[test]
fn the_loss_rule_is_unchanged_and_carries_no_days() {
    // Kakao's claim with its own outage inside the window: the report's
    // compensation has no `days_out`.
    let mut claim = common::kakao_claim();
    claim["incident"]["end"] = json!("2022-10-17T12:00:00+09:00");
    let report = report(&claim);
    let compensation = report["compensation"].as_object().unwrap();
    assert!(!compensation.contains_key("days_out"), "{report:#}");
    // Outside Kakao's window: the same error as under any rule.
    claim["incident"]["end"] = json!("2022-10-20T23:00:01+09:00");
    assert!(errors(&self::report(&claim))
        .iter()
        .any(|(code, path)| code == "E_OWN_OUTAGE_RANGE" && path == "incident.end"));
}

const DEFINITION: &str =
    include_str!("../../../../tests/fixtures/incidents/exchange-fire-2026.incident.json");

/// The kinds `W_EVIDENCE_MISSING` names in `report`, in order.
fn missing_evidence(report: &Value) -> Vec<String> {
    let warnings = report["warnings"].as_array().unwrap();
    warnings
        .iter()
        .filter(|w| w["code"] == "W_EVIDENCE_MISSING")
        .map(|w| {
            let message = w["message"].as_str().unwrap_or_default();
            // The message names the kind by its label, quoted.
            EvidenceKind::ALL
                .iter()
                .find(|kind| message.contains(&format!("'{}'", kind.label_ko())))
                .map(|kind| kind.code().to_owned())
                .unwrap_or_else(|| message.to_owned())
        })
        .collect()
}

/// The fixture's definition asking for `kinds`, unsigned, and the claim
/// under it with `attached` kinds of evidence.
fn report_asking(kinds: &[&str], attached: &[&str]) -> Value {
    let mut definition: Value = serde_json::from_str(DEFINITION).unwrap();
    definition["required_evidence"] = json!(kinds);
    let definition =
        claim_core::definition::IncidentDefinition::read(definition.to_string().as_bytes())
            .unwrap();
    let incidents = Incidents::with_imported([(
        definition,
        claim_core::signature::Verification::Unverified {
            reason: claim_core::signature::UnverifiedReason::NotSigned,
        },
    )]);
    let mut claim = claim_out(None, None);
    claim["evidence"] = json!(attached
        .iter()
        .map(|kind| json!({ "kind": kind }))
        .collect::<Vec<_>>());
    let (_, assessment) = assess_value_with(claim.as_object().unwrap(), &incidents);
    serde_json::to_value(Report::new(&assessment, Lang::Ko)).unwrap()
}

#[test]
fn a_days_out_scheme_that_does_not_ask_for_sales_proof_does_not_warn_of_it() {
    // The association asks for three kinds and not sales proof: three
    // warnings, not four.
    let asked = [
        "small_business_certificate",
        "service_use_proof",
        "bank_account_copy",
    ];
    let report = report_asking(&asked, &[]);
    assert_eq!(missing_evidence(&report), asked, "{report:#}");
    // The same claim under a custom outage still asks for the usual two.
    let mut custom = claim_out(None, None);
    custom["incident"] = json!({
        "start": "2026-03-02T11:10:00+09:00",
        "end": "2026-03-05T09:00:00+09:00"
    });
    custom["evidence"] = json!([]);
    assert_eq!(
        missing_evidence(&self::report(&custom)),
        ["sales_proof", "service_use_proof"]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever the definition lists and whatever is attached, the claim is
    /// warned of exactly the listed kinds not attached, in vocabulary order.
    #[test]
    fn the_missing_evidence_is_what_the_definition_asks_for_and_is_not_attached(
        asked in proptest::sample::subsequence(EvidenceKind::ALL.to_vec(), 0..=EvidenceKind::ALL.len()),
        attached in proptest::sample::subsequence(EvidenceKind::ALL.to_vec(), 0..=EvidenceKind::ALL.len()),
    ) {
        let asked_codes: Vec<&str> = asked.iter().map(|k| k.code()).collect();
        let attached_codes: Vec<&str> = attached.iter().map(|k| k.code()).collect();
        let report = report_asking(&asked_codes, &attached_codes);
        let expected: Vec<String> = asked
            .iter()
            .filter(|kind| !attached.contains(kind))
            .map(|kind| kind.code().to_owned())
            .collect();
        proptest::prop_assert_eq!(missing_evidence(&report), expected);
    }
}
