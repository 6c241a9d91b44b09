//! A full disk and a read-only data folder: a clear error, and the data as it
//! was before the failed write. (Simulated: tests run as root, where `chmod`
//! makes nothing read-only.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_core::Failure;
use common::{example, fixture};

use claim_core::codes::EvidenceKind;
use claim_store::{faults, ClaimFilter, Status, Store};

/// A phone photo's worth of JPEG (the fixture, padded to 300 KB).
fn photo() -> Vec<u8> {
    let mut bytes = fixture("evidence/receipt.jpg");
    bytes.resize(300 * 1024, 0);
    bytes
}

/// Everything a claim list and one claim show, to compare before and after.
fn snapshot(store: &Store) -> Vec<(String, serde_json::Value, usize)> {
    store
        .list(&ClaimFilter::default())
        .unwrap()
        .into_iter()
        .map(|summary| {
            let claim = store.claim(&summary.id).unwrap();
            let evidence = store.evidence(&summary.id).unwrap().len();
            (
                format!("{} {:?}", summary.number, summary.status),
                claim.document,
                evidence,
            )
        })
        .collect()
}

/// A claim as large as an owner makes one: 1,000 lost orders.
fn large_claim() -> Vec<u8> {
    let mut claim: serde_json::Value =
        serde_json::from_slice(&example("kakao-cake-prior-week")).unwrap();
    let order = claim["lost_orders"][0].clone();
    claim["lost_orders"] = serde_json::Value::Array(vec![order; 1000]);
    serde_json::to_vec(&claim).unwrap()
}

#[test]
fn a_full_disk_is_a_clear_error_and_what_was_saved_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let kept = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let before = snapshot(&store);

    faults::fill_disk_after(&store, 0).unwrap();
    let error = store.save_claim(&large_claim()).unwrap_err();
    assert_eq!(error.code(), "E_STORE_DISK_FULL", "{error}");
    assert!(error.to_string().contains("디스크 공간"), "{error}");
    assert!(
        error.to_string().contains("그대로"),
        "the owner is told nothing was lost: {error}"
    );
    let error = store
        .add_evidence(&kept.id, EvidenceKind::SalesProof, "영수증.jpg", &photo())
        .unwrap_err();
    assert_eq!(error.code(), "E_STORE_DISK_FULL", "{error}");
    // Editing the stored claim into a larger one fails whole, not half.
    let mut edited: serde_json::Value = serde_json::from_slice(&large_claim()).unwrap();
    edited["id"] = serde_json::json!(kept.id);
    let error = store
        .save_claim(&serde_json::to_vec(&edited).unwrap())
        .unwrap_err();
    assert_eq!(error.code(), "E_STORE_DISK_FULL", "{error}");
    assert_eq!(snapshot(&store), before);
    drop(store);

    // With room again, the same store takes the same saves.
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(snapshot(&store), before);
    store.save_claim(&large_claim()).unwrap();
    store
        .add_evidence(&kept.id, EvidenceKind::SalesProof, "영수증.jpg", &photo())
        .unwrap();
    assert_eq!(store.list(&ClaimFilter::default()).unwrap().len(), 2);
    let check: String = rusqlite::Connection::open(dir.path().join(claim_store::DATABASE_FILE))
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_backup_that_cannot_be_finished_leaves_no_half_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.save_claim(&large_claim()).unwrap();
    // The copy is written whole, then cannot be put in place: a folder
    // already has the chosen name.
    let target = dir.path().join("claimdesk-backup.sqlite3");
    std::fs::create_dir(&target).unwrap();
    let error = store.backup_to(&target).unwrap_err();
    assert_eq!(error.code(), "E_FILE_WRITE", "{error}");
    assert!(error.to_string().contains("다른 폴더"), "{error}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|name| name.contains("partial")),
        "{names:?}"
    );
    assert!(target.is_dir());
}

#[test]
fn a_read_only_data_folder_is_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let kept = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let before = snapshot(&store);
    drop(store);
    let file = dir.path().join(claim_store::DATABASE_FILE);
    let bytes_before = std::fs::read(&file).unwrap();

    let mut store = faults::open_read_only(dir.path()).unwrap();
    // Reading works: the owner can still see and export what is there.
    assert_eq!(snapshot(&store), before);
    let attempts = [
        store
            .save_claim(&example("orders-only-no-sales"))
            .map(|_| ()),
        store.set_status(&kept.id, Status::Ready).map(|_| ()),
        store.record_export(&kept.id, "00").map(|_| ()),
        store
            .add_evidence(&kept.id, EvidenceKind::SalesProof, "영수증.jpg", &photo())
            .map(|_| ()),
        store
            .save_business(
                &serde_json::json!({"name": "가게", "registration_number": "120-81-47521"}),
            )
            .map(|_| ()),
    ];
    for attempt in attempts {
        let error = attempt.unwrap_err();
        assert_eq!(error.code(), "E_STORE_READ_ONLY", "{error}");
        assert!(error.to_string().contains("읽기 전용"), "{error}");
    }
    assert_eq!(snapshot(&store), before);
    drop(store);
    assert_eq!(std::fs::read(&file).unwrap(), bytes_before);
    assert_eq!(snapshot(&Store::open(dir.path()).unwrap()), before);
}
