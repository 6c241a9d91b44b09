//! `claimdesk import | list | export` on a data directory of their own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{run_in, succeeded};
use std::path::{Path, PathBuf};
use std::process::Command;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/examples")
        .join(format!("{name}.claim.json"))
}

#[test]
fn import_list_and_export_round_trip_the_owners_copy() {
    let dir = tempfile::tempdir().unwrap();
    let id = succeeded(&run_in(
        dir.path(),
        &["import", example("kakao-cake-prior-week").to_str().unwrap()],
    ));
    let id = id.trim();
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 7);

    let listed: serde_json::Value =
        serde_json::from_str(&succeeded(&run_in(dir.path(), &["list", "--json"]))).unwrap();
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], id);
    assert_eq!(rows[0]["status"], "draft");
    assert_eq!(rows[0]["business_name"], "행복케이크 망원점");
    assert_eq!(rows[0]["registration_number"], "105-23-45674");
    assert_eq!(rows[0]["claimed"], 1_314_400);
    assert!(rows[0]["number"].as_str().unwrap().starts_with("CD-"));
    let human = succeeded(&run_in(dir.path(), &["list"]));
    assert!(
        human.contains("1,314,400원") && human.contains("행복케이크 망원점"),
        "{human}"
    );

    let out = dir.path().join("exported.json");
    succeeded(&run_in(
        dir.path(),
        &["export", id, "-o", out.to_str().unwrap()],
    ));
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let mut original: serde_json::Value =
        serde_json::from_slice(&std::fs::read(example("kakao-cake-prior-week")).unwrap()).unwrap();
    original["id"] = serde_json::json!(id);
    // Everything as entered, customer names and phones included.
    assert_eq!(exported, original);
    // Field order is kept too (a person reading the file sees their own layout).
    let keys: Vec<&String> = exported.as_object().unwrap().keys().collect();
    assert_eq!(keys[0], "format");
    // A file with the id of a stored claim neither duplicates nor replaces
    // it: a masked copy (a bundle's line) must never overwrite the owner's.
    let mut masked = exported.clone();
    masked["lost_orders"][0]["customer_name"] = serde_json::json!("김*진");
    masked["narrative"] = serde_json::json!("바뀐 글");
    let copy = dir.path().join("masked-copy.json");
    std::fs::write(&copy, serde_json::to_vec(&masked).unwrap()).unwrap();
    let refused = run_in(dir.path(), &["import", copy.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("E_CLAIM_EXISTS") && said.contains("이미 저장되어"),
        "{said}"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&succeeded(&run_in(dir.path(), &["list", "--json"]))).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let again = dir.path().join("again.json");
    succeeded(&run_in(
        dir.path(),
        &["export", id, "-o", again.to_str().unwrap()],
    ));
    let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(&again).unwrap()).unwrap();
    assert_eq!(kept, exported, "the stored claim is as it was");
}

#[test]
fn failures_exit_2_with_one_line_and_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let missing = run_in(
        dir.path(),
        &[
            "export",
            "01a2139c-0000-7000-8000-000000000000",
            "-o",
            "/tmp/never.json",
        ],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("E_CLAIM_NOT_FOUND"));
    assert!(!Path::new("/tmp/never.json").exists());

    let not_a_claim = dir.path().join("notes.json");
    std::fs::write(&not_a_claim, br#"{"hello": 1}"#).unwrap();
    let refused = run_in(dir.path(), &["import", not_a_claim.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&refused.stderr).lines().count(), 1);

    let foreign = tempfile::tempdir().unwrap();
    let database = foreign.path().join("claimdesk.sqlite3");
    std::fs::write(&database, b"a spreadsheet, not a database").unwrap();
    let refused = run_in(foreign.path(), &["list"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("E_STORE_NOT_A_DATABASE"));
    assert_eq!(
        std::fs::read(&database).unwrap(),
        b"a spreadsheet, not a database"
    );
}

#[test]
fn backup_and_restore_through_the_command_line() {
    let shop = tempfile::tempdir().unwrap();
    let id = succeeded(&run_in(
        shop.path(),
        &["import", example("kakao-cake-prior-week").to_str().unwrap()],
    ));
    let backup = shop.path().join("usb-backup.sqlite3");
    succeeded(&run_in(shop.path(), &["backup", backup.to_str().unwrap()]));

    let new_pc = tempfile::tempdir().unwrap();
    let said = succeeded(&run_in(
        new_pc.path(),
        &["restore", backup.to_str().unwrap()],
    ));
    assert!(said.contains("1건"), "{said}");
    let listed: serde_json::Value =
        serde_json::from_str(&succeeded(&run_in(new_pc.path(), &["list", "--json"]))).unwrap();
    assert_eq!(listed[0]["id"], id.trim());

    let refused = run_in(
        new_pc.path(),
        &[
            "restore",
            example("kakao-cake-prior-week").to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("E_STORE_NOT_A_DATABASE"));
    // The refused restore changed nothing.
    let listed: serde_json::Value =
        serde_json::from_str(&succeeded(&run_in(new_pc.path(), &["list", "--json"]))).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[test]
fn a_damaged_store_is_refused_with_the_latest_backup_to_restore() {
    let shop = tempfile::tempdir().unwrap();
    let id = succeeded(&run_in(
        shop.path(),
        &["import", example("kakao-cake-prior-week").to_str().unwrap()],
    ));
    // The automatic backups the window makes (two days of them).
    let backups = shop.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    for day in ["2026-11-23", "2026-11-24"] {
        let file = backups.join(format!("claimdesk-{day}.sqlite3"));
        succeeded(&run_in(shop.path(), &["backup", file.to_str().unwrap()]));
    }
    // Then the data file is overwritten by something else.
    let database = shop.path().join("claimdesk.sqlite3");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(shop.path().join(format!("claimdesk.sqlite3{suffix}")));
    }
    std::fs::write(&database, b"PK\x03\x04 not a database").unwrap();
    let refused = run_in(shop.path(), &["list"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("E_STORE_NOT_A_DATABASE"), "{said}");
    let newest = backups.join("claimdesk-2026-11-24.sqlite3");
    let offered = format!("claimdesk restore \"{}\"", newest.display());
    assert!(said.contains(&offered), "{said}");
    // Doing what the message says brings the claim back.
    succeeded(&run_in(shop.path(), &["restore", newest.to_str().unwrap()]));
    let listed: serde_json::Value =
        serde_json::from_str(&succeeded(&run_in(shop.path(), &["list", "--json"]))).unwrap();
    assert_eq!(listed[0]["id"], id.trim());
    // The damaged file was moved aside as it was, not deleted.
    let aside: Vec<PathBuf> = std::fs::read_dir(shop.path())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(".unreadable"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        b"PK\x03\x04 not a database"
    );
}

/// An empty `CLAIMDESK_DATA_DIR` (as a Windows shortcut or a batch file may
/// leave it) means "not set": the usual app-data folder, not a refusal.
#[test]
fn an_empty_data_dir_variable_is_not_set() {
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(common::claimdesk_binary())
        .args(["list"])
        .env("CLAIMDESK_DATA_DIR", "")
        .env("XDG_DATA_HOME", home.path())
        .env("HOME", home.path())
        .env("APPDATA", home.path())
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(home.path().join("kr.claimdesk.desk").is_dir());
}
