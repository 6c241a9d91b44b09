//! `claimdesk-server export`: every current claim as JSON Lines, to a file
//! its owner alone reads, whole or not at all.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claim_assoc::desk::Desk;
use claim_assoc::suite::{incoming_claim, shop_number};
use claimdesk_server::store::PgStore;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use support::{schema_database, TestPostgres};

fn export(url: &str, output: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
        .args(["export", "--db", url, "-o"])
        .arg(output)
        .output()
        .unwrap()
}

#[test]
fn the_export_is_a_line_per_current_claim_in_a_private_file() {
    let server = TestPostgres::start();
    let url = schema_database(&server, "association");
    let mut desk = Desk::new(PgStore::connect(&url).unwrap());
    let claims = (0..25)
        .map(|i| {
            incoming_claim(
                Some(&format!("0192f5c4-0000-7000-8000-{i:012}")),
                &shop_number(i),
            )
        })
        .collect::<Vec<_>>();
    desk.take_in(claims, &|_| {}, &std::sync::atomic::AtomicBool::new(false))
        .unwrap();

    let folder = tempfile::tempdir().unwrap();
    let output = folder.path().join("claims.jsonl");
    std::fs::write(&output, "an older export\n").unwrap();
    let out = export(&url, &output);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("25 claims written"));
    let mode = std::fs::metadata(&output).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let text = std::fs::read_to_string(&output).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 25);
    let mut numbers: Vec<&str> = lines
        .iter()
        .map(|line| line["intake_number"].as_str().unwrap())
        .collect();
    numbers.dedup();
    assert_eq!(numbers.len(), 25);
    for line in &lines {
        for member in [
            "claim_id",
            "claim",
            "claim_sha256",
            "review",
            "received_at",
            "customer_details",
            "contested",
        ] {
            assert!(line.get(member).is_some(), "{member} in {line}");
        }
        assert_eq!(line["customer_details"], "masked");
    }

    // The database away: said, exit 2, the file as it was.
    server.stop();
    let out = export(&url, &output);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("password"));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), text);
    assert_eq!(
        std::fs::read_dir(folder.path()).unwrap().count(),
        1,
        "no partial file left beside it"
    );
}
