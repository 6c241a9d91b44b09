//! Hearing back: a business's key is made once and kept through a reopen
//! (and a backup); the cursor for answers is per server and business.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_store::Store;

#[test]
fn a_business_key_is_made_once_and_kept_through_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.business_key_kept("1234567890").unwrap(), None);
    let made = store.business_key("1234567890", || [1; 32]).unwrap();
    assert_eq!(made, [1; 32]);
    // Asked again, the kept one: the fresh key offered is not used.
    assert_eq!(
        store.business_key("1234567890", || [2; 32]).unwrap(),
        [1; 32]
    );
    // Another business, its own.
    assert_eq!(
        store.business_key("2345678901", || [3; 32]).unwrap(),
        [3; 32]
    );
    drop(store);
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.business_key_kept("1234567890").unwrap(),
        Some([1; 32])
    );
    assert_eq!(
        store.business_key("2345678901", || [4; 32]).unwrap(),
        [3; 32]
    );
    // A backup restored on another PC hears back as this one did.
    let backup = dir.path().join("backup.claimdesk-backup");
    store.backup_to(&backup).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let restored = Store::restore(elsewhere.path(), &backup).unwrap();
    assert_eq!(
        restored.business_key_kept("1234567890").unwrap(),
        Some([1; 32])
    );
}

#[test]
fn the_cursor_for_answers_is_per_server_and_business() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (one, two) = ("https://a.example.kr", "https://b.example.kr");
    assert_eq!(store.answers_since(one, "1234567890").unwrap(), "");
    store
        .set_answers_since(one, "1234567890", "2026-12-05T01:00:00Z")
        .unwrap();
    store
        .set_answers_since(one, "1234567890", "2026-12-06T01:00:00Z")
        .unwrap();
    assert_eq!(
        store.answers_since(one, "1234567890").unwrap(),
        "2026-12-06T01:00:00Z"
    );
    assert_eq!(store.answers_since(two, "1234567890").unwrap(), "");
    assert_eq!(store.answers_since(one, "2345678901").unwrap(), "");
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.answers_since(one, "1234567890").unwrap(),
        "2026-12-06T01:00:00Z"
    );
}
