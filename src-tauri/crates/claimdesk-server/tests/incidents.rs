//! The association publishes incident definitions on its server
//! (`claimdesk-server incident publish`): only a signed file whose
//! signature is good is taken; `GET /v1/incidents` hands out the exact
//! file; and claims for that incident are then checked by it at intake.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claim_core::signature::{open_definition, sign_definition, KeyUse, TrustedKey, Verification};
use std::path::Path;
use std::process::Command;
use support::{count, exchange, schema_database, serve, submit, TestPostgres};

/// The association's incident key in these tests (not the server's).
const INCIDENT_KEY: [u8; 32] = [5; 32];

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../../tests/fixtures/incidents/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// `claimdesk-server incident publish FILE` on `db`: exit code and what it said.
fn publish(db: &str, file: &Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
        .args(["incident", "publish"])
        .arg(file)
        .args(["--db", db])
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), said)
}

fn written(folder: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The drill's definition with `change` made to its JSON.
fn drill_with(change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut definition: serde_json::Value =
        serde_json::from_slice(&fixture("drill-2026-11.incident.json")).unwrap();
    change(&mut definition);
    serde_json::to_vec_pretty(&definition).unwrap()
}

/// The drill's claim as shop `shop` sends it (its own id and number).
fn drill_claim(shop: usize) -> (String, Vec<u8>) {
    let mut claim: serde_json::Value =
        serde_json::from_slice(&fixture("drill-2026-11.claim.json")).unwrap();
    let id = format!("0192f5c4-7d2a-7b3c-9f1e-{shop:012}");
    claim["id"] = id.clone().into();
    claim["business"]["registration_number"] = claim_assoc::suite::shop_number(shop).into();
    (id, serde_json::to_vec(&claim).unwrap())
}

/// Submits the claim; what became of it, and its errors as the intake
/// counted them.
fn submitted(address: &str, db: &str, (id, claim): (String, Vec<u8>)) -> (serde_json::Value, i64) {
    let answer = submit(address, "application/json", &claim);
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let result = answer.json()["results"][0].clone();
    let errors = count(
        db,
        "SELECT error_count FROM received WHERE claim_id = $1",
        &[&id],
    );
    (result, errors)
}

#[test]
fn a_published_definition_is_served_as_signed_and_checks_its_claims() {
    let server = TestPostgres::start();
    let db = schema_database(&server, "published");
    let serving = serve(&db);
    let folder = tempfile::tempdir().unwrap();

    // Before it is published the server does not know the drill: its
    // claim is kept, with the error that says so.
    let (before, errors) = submitted(&serving.1, &db, drill_claim(1));
    assert_eq!(before["outcome"], "received", "{before}");
    assert!(errors > 0, "{before}");

    // Refused, and nothing kept: unsigned; changed after signing; a
    // built-in incident signed by a key other than the app's.
    let plain = written(folder.path(), "plain.json", &drill_with(|_| {}));
    let (code, said) = publish(&db, &plain);
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("not signed"), "{said}");

    let signed = sign_definition(&drill_with(|_| {}), &INCIDENT_KEY).unwrap();
    let mut envelope: serde_json::Value = serde_json::from_slice(&signed).unwrap();
    let other = sign_definition(
        &drill_with(|definition| definition["compensation_tiers"][0]["amount"] = 30000.into()),
        &INCIDENT_KEY,
    )
    .unwrap();
    let other: serde_json::Value = serde_json::from_slice(&other).unwrap();
    envelope["definition"] = other["definition"].clone();
    let tampered = written(
        folder.path(),
        "tampered.json",
        &serde_json::to_vec(&envelope).unwrap(),
    );
    let (code, said) = publish(&db, &tampered);
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("does not match"), "{said}");

    let built_in = claim_core::incident::built_in_incidents()[0].code;
    let moved = sign_definition(
        &drill_with(|definition| definition["id"] = built_in.into()),
        &INCIDENT_KEY,
    )
    .unwrap();
    let (code, said) = publish(&db, &written(folder.path(), "moved.json", &moved));
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("built into the app"), "{said}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM incident_definition", &[]),
        0
    );

    // Published; again, unchanged; a new signed file for it replaces it.
    let file = written(folder.path(), "drill.signed.json", &signed);
    let (code, said) = publish(&db, &file);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("drill-2026-11") && said.contains(": published;"),
        "{said}"
    );
    let (code, said) = publish(&db, &file);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("unchanged"), "{said}");
    let newer = sign_definition(
        &drill_with(|definition| {
            definition["deadlines"][0]["date"] = "2026-12-20".into();
        }),
        &INCIDENT_KEY,
    )
    .unwrap();
    let (code, said) = publish(&db, &written(folder.path(), "newer.json", &newer));
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("replacing"), "{said}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit WHERE action = 'incident.publish' AND subject = 'drill-2026-11'",
            &[]
        ),
        2
    );

    // Served exactly as signed: a shop that trusts the key verifies it.
    let answer = exchange(&serving.1, "GET /v1/incidents HTTP/1.1", b"");
    assert_eq!(answer.status, 200);
    let listed = answer.json();
    let incidents = listed["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 1, "{listed}");
    assert_eq!(incidents[0]["id"], "drill-2026-11");
    let served = incidents[0]["file"].as_str().unwrap().as_bytes();
    assert_eq!(served, newer.as_slice());
    let shop_trusts = TrustedKey {
        name: "소상공인연합회".into(),
        uses: KeyUse::Incidents,
        ..TrustedKey::of_secret("", &INCIDENT_KEY)
    };
    let opened = open_definition(served, &[shop_trusts]).unwrap();
    assert!(matches!(opened.verification, Verification::Verified { .. }));
    assert_eq!(
        incidents[0]["fingerprint"],
        claim_core::signature::fingerprint(&opened.signed_with.unwrap())
    );

    // Another shop's claim for it is now checked by the published
    // definition: no error.
    let (after, errors) = submitted(&serving.1, &db, drill_claim(2));
    assert_eq!(after["outcome"], "received", "{after}");
    assert!(after["receipt"].is_string(), "{after}");
    assert_eq!(errors, 0, "{after}");
}

/// A server that publishes nothing lists nothing (not an error).
#[test]
fn nothing_published_lists_nothing() {
    let server = TestPostgres::start();
    let serving = serve(&schema_database(&server, "empty"));
    let answer = exchange(&serving.1, "GET /v1/incidents HTTP/1.1", b"");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), serde_json::json!({ "incidents": [] }));
}
