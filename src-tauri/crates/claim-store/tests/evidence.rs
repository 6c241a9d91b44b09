//! Evidence files: imported by content, stored once, read back byte for byte.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_core::Failure;
use common::fixture;

use claim_core::codes::EvidenceKind;
use claim_store::{ClaimFilter, Status, Store, MAX_EVIDENCE_BYTES};

/// A store with one claim that has no evidence yet.
fn store_with_claim() -> (tempfile::TempDir, Store, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut claim: serde_json::Value =
        serde_json::from_slice(&fixture("examples/kakao-cake-prior-week.claim.json")).unwrap();
    claim["evidence"] = serde_json::json!([]);
    let saved = store
        .save_claim(serde_json::to_string(&claim).unwrap().as_bytes())
        .unwrap();
    (dir, store, saved.id)
}

#[test]
fn the_five_types_are_accepted_and_read_back_byte_identical() {
    let (_dir, mut store, id) = store_with_claim();
    for (file, kind, mime) in [
        (
            "evidence/kakao-channel-screenshot.png",
            EvidenceKind::ServiceUseProof,
            "image/png",
        ),
        ("evidence/receipt.jpg", EvidenceKind::Other, "image/jpeg"),
        (
            "evidence/certificate.pdf",
            EvidenceKind::SmallBusinessCertificate,
            "application/pdf",
        ),
        (
            "evidence/daily-sales.csv",
            EvidenceKind::SalesProof,
            "text/csv",
        ),
        (
            "evidence/daily-sales-cp949.csv",
            EvidenceKind::SalesProof,
            "text/csv",
        ),
        (
            "evidence/pos-sales.xlsx",
            EvidenceKind::SalesProof,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ] {
        let bytes = fixture(file);
        let entry = store
            .add_evidence(&id, kind, &format!("/home/owner/바탕화면/{file}"), &bytes)
            .unwrap();
        assert_eq!(entry.media_type, mime, "{file}");
        assert_eq!(entry.sha256, claim_store::sha256_hex(&bytes));
        assert_eq!(
            store.evidence_bytes(&entry.sha256).unwrap(),
            bytes,
            "{file}"
        );
        // Only the file's own name is kept, not where the owner picked it from.
        assert!(
            !entry.file_name.contains('/') && !entry.file_name.contains("바탕화면"),
            "{}",
            entry.file_name
        );
    }
    assert_eq!(store.evidence(&id).unwrap().len(), 6);
}

#[test]
fn the_claim_document_lists_its_evidence_and_the_warnings_follow() {
    let (_dir, mut store, id) = store_with_claim();
    assert_eq!(store.claim(&id).unwrap().summary.warning_count, 2 + 4);
    let pdf = fixture("evidence/certificate.pdf");
    store
        .add_evidence(
            &id,
            EvidenceKind::SmallBusinessCertificate,
            "확인서.pdf",
            &pdf,
        )
        .unwrap();
    let claim = store.claim(&id).unwrap();
    assert_eq!(claim.summary.warning_count, 2 + 3);
    let listed = &claim.document["evidence"][0];
    assert_eq!(listed["kind"], "small_business_certificate");
    assert_eq!(listed["file_name"], "확인서.pdf");
    assert_eq!(listed["sha256"], claim_store::sha256_hex(&pdf));
}

#[test]
fn the_same_file_twice_is_one_copy() {
    let (dir, mut store, id) = store_with_claim();
    let png = fixture("evidence/kakao-channel-screenshot.png");
    let first = store
        .add_evidence(&id, EvidenceKind::ServiceUseProof, "a.png", &png)
        .unwrap();
    let again = store
        .add_evidence(&id, EvidenceKind::ServiceUseProof, "a copy.png", &png)
        .unwrap();
    assert_eq!(first.sha256, again.sha256);
    let other = store
        .add_evidence(&id, EvidenceKind::Other, "a.png", &png)
        .unwrap();
    assert_eq!(other.sha256, first.sha256);
    assert_eq!(store.evidence(&id).unwrap().len(), 2);
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join(claim_store::DATABASE_FILE)).unwrap();
    let copies: i64 = conn
        .query_row("SELECT count(*) FROM evidence_file", [], |row| row.get(0))
        .unwrap();
    assert_eq!(copies, 1);
}

#[test]
fn other_files_and_oversized_ones_are_refused_with_a_clear_message() {
    let (_dir, mut store, id) = store_with_claim();
    for bytes in [
        fixture("evidence/not-a-spreadsheet.zip"),
        b"MZ\x90\x00 a Windows program".to_vec(),
        b"plain words, but\x00binary".to_vec(),
    ] {
        let error = store
            .add_evidence(&id, EvidenceKind::Other, "x", &bytes)
            .unwrap_err();
        assert_eq!(error.code(), "E_EVIDENCE_TYPE");
        assert!(error.to_string().contains("PDF"));
    }
    let mut huge = b"%PDF-1.7\n".to_vec();
    huge.resize(MAX_EVIDENCE_BYTES + 1, b' ');
    let error = store
        .add_evidence(&id, EvidenceKind::SalesProof, "big.pdf", &huge)
        .unwrap_err();
    assert_eq!(error.code(), "E_EVIDENCE_TOO_LARGE");
    assert!(error.to_string().contains("20MB"), "{error}");
    huge.truncate(MAX_EVIDENCE_BYTES);
    assert!(store
        .add_evidence(&id, EvidenceKind::SalesProof, "limit.pdf", &huge)
        .is_ok());
    assert_eq!(store.evidence(&id).unwrap().len(), 1);
    assert_eq!(
        store
            .add_evidence("missing", EvidenceKind::Other, "x.pdf", b"%PDF-1.4")
            .unwrap_err()
            .code(),
        "E_CLAIM_NOT_FOUND"
    );
    assert_eq!(
        store.evidence_bytes("00").unwrap_err().code(),
        "E_EVIDENCE_NOT_FOUND"
    );
}

#[test]
fn a_backup_holds_the_evidence_too() {
    let (dir, mut store, id) = store_with_claim();
    let jpg = fixture("evidence/receipt.jpg");
    let entry = store
        .add_evidence(&id, EvidenceKind::Other, "receipt.jpg", &jpg)
        .unwrap();
    let backup = dir.path().join("backup.sqlite3");
    store.backup_to(&backup).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let restored = Store::restore(elsewhere.path(), &backup).unwrap();
    assert_eq!(restored.evidence_bytes(&entry.sha256).unwrap(), jpg);
    assert_eq!(restored.evidence(&id).unwrap(), vec![entry]);
}

#[test]
fn a_duplicate_is_a_new_draft_with_the_same_content_and_evidence() {
    let (_dir, mut store, id) = store_with_claim();
    let claim = store.claim(&id).unwrap().summary;
    let png = fixture("evidence/kakao-channel-screenshot.png");
    store
        .add_evidence(&claim.id, EvidenceKind::ServiceUseProof, "채널.png", &png)
        .unwrap();
    store.set_status(&claim.id, Status::Ready).unwrap();
    store.set_status(&claim.id, Status::Exported).unwrap();
    store.set_status(&claim.id, Status::Submitted).unwrap();

    let copy = store.duplicate_claim(&claim.id).unwrap();
    assert_ne!(copy.id, claim.id);
    assert_ne!(copy.number, claim.number);
    assert_eq!(copy.status, Status::Draft);
    assert_eq!(copy.claimed, claim.claimed);
    let mut original = store.claim(&claim.id).unwrap().document;
    let mut copied = store.claim(&copy.id).unwrap().document;
    assert_eq!(copied["id"], copy.id.as_str());
    original.as_object_mut().unwrap().remove("id");
    copied.as_object_mut().unwrap().remove("id");
    assert_eq!(copied, original);
    assert_eq!(
        store.evidence(&copy.id).unwrap(),
        store.evidence(&claim.id).unwrap()
    );

    // Deleting the original keeps the file the copy still uses ...
    store.delete_claim(&claim.id).unwrap();
    assert_eq!(
        store.claim(&claim.id).unwrap_err().code(),
        "E_CLAIM_NOT_FOUND"
    );
    let sha = store.evidence(&copy.id).unwrap()[0].sha256.clone();
    assert_eq!(store.evidence_bytes(&sha).unwrap(), png);
    // ... and deleting the copy removes the file with the last claim using it.
    store.delete_claim(&copy.id).unwrap();
    assert_eq!(
        store.evidence_bytes(&sha).unwrap_err().code(),
        "E_EVIDENCE_NOT_FOUND"
    );
    assert_eq!(
        store.delete_claim(&copy.id).unwrap_err().code(),
        "E_CLAIM_NOT_FOUND"
    );
    assert!(store.list(&ClaimFilter::default()).unwrap().is_empty());
}

/// Adding evidence reads the claim's document and writes it back with one
/// more entry. Two connections (as the window and the command line are)
/// doing that to the same claim at once must not lose one another's entries.
#[test]
fn two_writers_adding_evidence_to_one_claim_lose_no_update() {
    let (dir, store, id) = store_with_claim();
    drop(store);
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let dir = dir.path().to_owned();
            let id = id.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&dir).unwrap();
                for n in 0..15 {
                    let csv = format!("일자,매출액\n2022-10-15,{writer}{n:03}\n");
                    store
                        .add_evidence(
                            &id,
                            EvidenceKind::SalesProof,
                            &format!("sales-{writer}-{n}.csv"),
                            csv.as_bytes(),
                        )
                        .unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.evidence(&id).unwrap().len(), 30);
    let listed = store.claim(&id).unwrap().document["evidence"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(listed, 30, "every entry is in the claim's own list too");
}

#[test]
fn a_wrong_file_is_detached_and_deleted_once_no_claim_uses_it() {
    let (dir, mut store, id) = store_with_claim();
    let png = fixture("evidence/kakao-channel-screenshot.png");
    let pdf = fixture("evidence/certificate.pdf");
    let shot = store
        .add_evidence(&id, EvidenceKind::ServiceUseProof, "a.png", &png)
        .unwrap();
    store
        .add_evidence(&id, EvidenceKind::Other, "a.png", &png)
        .unwrap();
    store
        .add_evidence(&id, EvidenceKind::SalesProof, "b.pdf", &pdf)
        .unwrap();
    store.set_status(&id, Status::Ready).unwrap();
    let warnings_before = store.claim(&id).unwrap().summary.warning_count;

    // The PNG as service-use proof goes; the same PNG as "other" stays.
    store
        .remove_evidence(&id, EvidenceKind::ServiceUseProof, &shot.sha256)
        .unwrap();
    let claim = store.claim(&id).unwrap();
    let kinds: Vec<&str> = claim.document["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["other", "sales_proof"]);
    assert_eq!(store.evidence(&id).unwrap().len(), 2);
    // The claim lost a required document: one warning more, and it is a
    // draft again (what was marked ready has changed).
    assert_eq!(claim.summary.warning_count, warnings_before + 1);
    assert_eq!(claim.summary.status, Status::Draft);
    assert_eq!(store.evidence_bytes(&shot.sha256).unwrap(), png);

    // Detaching its last use deletes the file itself.
    store
        .remove_evidence(&id, EvidenceKind::Other, &shot.sha256)
        .unwrap();
    assert!(store.evidence_bytes(&shot.sha256).is_err());
    // Detaching what is not attached is refused, and changes nothing.
    let error = store
        .remove_evidence(&id, EvidenceKind::Other, &shot.sha256)
        .unwrap_err();
    assert_eq!(error.code(), "E_EVIDENCE_NOT_FOUND");
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join(claim_store::DATABASE_FILE)).unwrap();
    let copies: i64 = conn
        .query_row("SELECT count(*) FROM evidence_file", [], |row| row.get(0))
        .unwrap();
    assert_eq!(copies, 1);
}
