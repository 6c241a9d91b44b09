//! The association's work is backed up as the shop's store is (issue 36):
//! a daily copy (the newest seven kept, beside the shop's fourteen and
//! never confused with them), a backup to a file, and a restore that checks
//! the file is association data and keeps what it replaces. An erasure
//! reaches the copies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use claim_assoc::desk::{AssocDesk, Incoming, Origin, ASSOCIATION_DATA};
use claim_core::Failure;
use common::example;
use std::path::Path;
use std::sync::atomic::AtomicBool;

fn incoming(number: &str) -> Incoming {
    let mut document = example("kakao-cake-prior-week");
    document["business"]["registration_number"] = number.into();
    Incoming {
        document,
        origin: Origin {
            source: "test".into(),
            made_at: None,
            pdf: None,
            number: None,
            customer_details_included: true,
        },
    }
}

fn take_in(desk: &mut AssocDesk, numbers: &[&str]) {
    desk.take_in(
        numbers.iter().map(|n| incoming(n)).collect::<Vec<_>>(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_daily_copy_keeps_seven_apart_from_the_shops_fourteen() {
    let dir = tempfile::tempdir().unwrap();
    let backups = claim_store::backup_dir(dir.path());
    let store = claim_store::Store::open(dir.path()).unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    take_in(&mut desk, &["105-23-45674"]);
    for d in 1..=9 {
        let today = day(&format!("2026-11-{d:02}"));
        let made = desk.daily_backup(&backups, today).unwrap().unwrap();
        assert_eq!(
            made.file_name().unwrap().to_str().unwrap(),
            format!("association-{today}.sqlite3")
        );
        // Once a day.
        assert_eq!(desk.daily_backup(&backups, today).unwrap(), None);
        store.daily_backup(&backups, today).unwrap().unwrap();
    }
    let kept = names(&backups);
    let association: Vec<&String> = kept
        .iter()
        .filter(|n| n.starts_with("association-"))
        .collect();
    let shop: Vec<&String> = kept
        .iter()
        .filter(|n| n.starts_with("claimdesk-"))
        .collect();
    assert_eq!(association.len(), 7, "{kept:?}");
    assert_eq!(association[0], "association-2026-11-03.sqlite3");
    assert_eq!(
        shop.len(),
        9,
        "the shop's own are not pruned by the association's: {kept:?}"
    );
    assert_eq!(
        claim_store::daily_backups_of(&backups, &ASSOCIATION_DATA)
            .unwrap()
            .len(),
        7
    );
    assert_eq!(claim_store::daily_backups(&backups).unwrap().len(), 9);
    // The copy is the association's data, whole: it restores.
    let other = tempfile::tempdir().unwrap();
    let newest = claim_store::daily_backups_of(&backups, &ASSOCIATION_DATA).unwrap()[0].clone();
    let restored = AssocDesk::restore(other.path(), &newest).unwrap();
    assert_eq!(restored.list(true).unwrap().len(), 1);
}

#[test]
fn a_restore_takes_association_data_only_and_keeps_what_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("staff-backup.sqlite3");
    {
        let mut desk = AssocDesk::open(dir.path()).unwrap();
        take_in(&mut desk, &["105-23-45674", "220-81-62517"]);
        desk.backup_to(&backup).unwrap();
        take_in(&mut desk, &["314-86-50154"]);
        assert_eq!(desk.list(true).unwrap().len(), 3);
    }
    let desk = AssocDesk::restore(dir.path(), &backup).unwrap();
    assert_eq!(desk.list(true).unwrap().len(), 2);
    drop(desk);
    let aside = claim_store::before_restore_copies_of(dir.path(), &ASSOCIATION_DATA).unwrap();
    assert_eq!(aside.len(), 1, "{:?}", names(dir.path()));
    // ... and that copy holds the three claims it replaced.
    let elsewhere = tempfile::tempdir().unwrap();
    let replaced = AssocDesk::restore(elsewhere.path(), &aside[0]).unwrap();
    assert_eq!(replaced.list(true).unwrap().len(), 3);
    // The shop's own set-aside copies are not the association's.
    assert!(claim_store::before_restore_copies(dir.path())
        .unwrap()
        .is_empty());

    // A shop's backup is not association data, and the other way round:
    // refused, the data as it was.
    let shop_dir = tempfile::tempdir().unwrap();
    let shop_backup = shop_dir.path().join("shop.sqlite3");
    claim_store::Store::open(shop_dir.path())
        .unwrap()
        .backup_to(&shop_backup)
        .unwrap();
    let refused = AssocDesk::restore(dir.path(), &shop_backup).unwrap_err();
    assert_eq!(
        refused.code().as_str(),
        "E_STORE_NOT_A_DATABASE",
        "{refused}"
    );
    let refused = claim_store::Store::restore(shop_dir.path(), &backup).unwrap_err();
    assert_eq!(
        refused.code().as_str(),
        "E_STORE_NOT_A_DATABASE",
        "{refused}"
    );
    assert_eq!(
        AssocDesk::open(dir.path())
            .unwrap()
            .list(true)
            .unwrap()
            .len(),
        2
    );
    // Not SQLite at all.
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, b"not a database at all, just words").unwrap();
    assert!(AssocDesk::restore(dir.path(), &junk).is_err());
    assert_eq!(
        AssocDesk::open(dir.path())
            .unwrap()
            .list(true)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_restore_waits_for_a_desk_open_elsewhere_and_then_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("b.sqlite3");
    let mut open = AssocDesk::open(dir.path()).unwrap();
    take_in(&mut open, &["105-23-45674"]);
    open.backup_to(&backup).unwrap();
    take_in(&mut open, &["220-81-62517"]);
    let refused = AssocDesk::restore(dir.path(), &backup).unwrap_err();
    assert_eq!(refused.code().as_str(), "E_STORE_IN_USE", "{refused}");
    // The open desk still writes where it reads.
    take_in(&mut open, &["314-86-50154"]);
    assert_eq!(open.list(true).unwrap().len(), 3);
}

#[test]
fn an_erasure_reaches_the_associations_copies() {
    let dir = tempfile::tempdir().unwrap();
    let backups = claim_store::backup_dir(dir.path());
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    take_in(&mut desk, &["105-23-45674"]);
    let id = desk.list(true).unwrap()[0].id.clone();
    desk.daily_backup(&backups, day("2026-11-01"))
        .unwrap()
        .unwrap();
    let holds = |path: &Path, needle: &str| {
        let bytes = std::fs::read(path).unwrap();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    };
    let copy = claim_store::daily_backups_of(&backups, &ASSOCIATION_DATA).unwrap()[0].clone();
    assert!(holds(&copy, "이수진"), "the copy holds the customer before");
    // A damaged copy cannot be erased in: it goes.
    let damaged = backups.join("association-2026-10-31.sqlite3");
    std::fs::write(&damaged, b"SQLite format 3\0 and then nothing").unwrap();
    assert!(desk.erase_customer_details(&id).unwrap());
    assert!(!holds(&copy, "이수진"), "the copy still holds the customer");
    assert!(!holds(&copy, "010-2222-3333"));
    assert!(!damaged.exists());
    // The copy is still whole association data.
    let elsewhere = tempfile::tempdir().unwrap();
    let restored = AssocDesk::restore(elsewhere.path(), &copy).unwrap();
    assert!(restored
        .get(&id)
        .unwrap()
        .customer_details_erased_at
        .is_some());
}
