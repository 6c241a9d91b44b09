//! `claimdesk-server import-desk`: the desktop's association file moved
//! in, twice the same as once, the file itself untouched, and refused
//! where it does not belong.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claim_assoc::desk::{AssocDesk, Desk, Review, ASSOCIATION_FILE};
use claim_assoc::suite::{incoming_claim, shop_number};
use claimdesk_server::store::PgStore;
use sha2::{Digest, Sha256};
use std::process::Command;
use support::{schema_database, TestPostgres};

fn import(url: &str, file: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
        .args(["import-desk", "--db", url])
        .arg(file)
        .output()
        .unwrap()
}

fn sha(file: &std::path::Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(file).unwrap()).to_vec()
}

#[test]
fn a_desk_is_moved_in_once_and_its_file_left_as_it_was() {
    let server = TestPostgres::start();
    let url = schema_database(&server, "association");

    let folder = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(folder.path()).unwrap();
    let claims = (0..30)
        .map(|i| {
            incoming_claim(
                Some(&format!("0192f5c4-0000-7000-8000-{i:012}")),
                &shop_number(i),
            )
        })
        .collect::<Vec<_>>();
    desk.take_in(claims, &|_| {}, &std::sync::atomic::AtomicBool::new(false))
        .unwrap();
    let first = desk.list(false).unwrap()[0].id.clone();
    desk.review(&first, Review::Returned, Some("통장 사본이 없습니다"))
        .unwrap();
    let before = desk.list(true).unwrap();
    drop(desk);
    let file = folder.path().join(ASSOCIATION_FILE);
    let file_sha = sha(&file);

    let out = import(&url, &file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "30 claims moved in (0 receipts, 1 log lines); 0 were there already\n"
    );
    let out = import(&url, &file);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "0 claims moved in (0 receipts, 0 log lines); 30 were there already\n"
    );
    assert_eq!(sha(&file), file_sha, "the desk's file was not written");
    let served = Desk::new(PgStore::connect(&url).unwrap());
    assert_eq!(served.list(true).unwrap(), before);
    assert_eq!(
        served.get(&first).unwrap().review_note.as_deref(),
        Some("통장 사본이 없습니다")
    );

    // A file that is not a desk's: refused, said, nothing moved.
    let junk = folder.path().join("notes.sqlite3");
    std::fs::write(&junk, b"not a database at all, just words").unwrap();
    let out = import(&url, &junk);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("E_ASSOC_"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Another desk into a database that holds this one's: refused.
    let other = tempfile::tempdir().unwrap();
    let mut second = AssocDesk::open(other.path()).unwrap();
    second
        .take_in(
            vec![incoming_claim(
                Some("0192f5c4-0000-7000-8000-00000000aaaa"),
                &shop_number(99),
            )],
            &|_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
    drop(second);
    let out = import(&url, &other.path().join(ASSOCIATION_FILE));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E_ASSOC_HOLDS_OTHERS"));
    assert_eq!(served.list(true).unwrap().len(), 30);
}
