//! The association's data from the first schema opens upgraded, every
//! received claim and review intact. `tests/fixtures/association/
//! schema-v1.sqlite3` was made with the first schema's SQL alone (one
//! received claim, masked as a bundle carries it, reviewed once): never
//! regenerate it with a newer schema.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_assoc::desk::{AssocDesk, DeskError, Review, ASSOCIATION_FILE};
use claim_assoc::facts::Tier;
use claim_core::Failure;

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures/association/schema-v1.sqlite3")
}

#[test]
fn a_schema_v1_association_file_opens_upgraded_with_its_claims_and_reviews() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(), dir.path().join(ASSOCIATION_FILE)).unwrap();
    // The first schema kept the received PDF in the row (v5 moves it out):
    // give the old row one, as a bundle with PDFs left it.
    {
        let conn = rusqlite::Connection::open(dir.path().join(ASSOCIATION_FILE)).unwrap();
        conn.execute("UPDATE received SET pdf = x'255044462D312E370A'", [])
            .unwrap();
    }
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let claims = desk.list(false).unwrap();
    assert_eq!(claims.len(), 1);
    let claim = &claims[0];
    assert_eq!(
        claim.facts.business_name.as_deref(),
        Some("행복케이크 망원점")
    );
    assert_eq!(claim.facts.claimed, Some(1_314_400));
    assert_eq!(claim.facts.tier, Tier::Review);
    assert_eq!(claim.review, Review::Checked);
    assert_eq!(claim.review_note.as_deref(), Some("서류 확인함"));
    assert_eq!(claim.source, "망원동 묶음.zip");
    // v9 numbered it, in the year (Korea time) it came.
    let year = chrono::Datelike::year(
        &claim_core::dates::parse_instant(&claim.received_at)
            .unwrap()
            .with_timezone(&claim_core::dates::KST),
    );
    assert_eq!(claim.intake_number, Some(format!("RX-{year}-000001")));
    assert_eq!(claim.customer_details_erased_at, None);
    // v5 moved the document and the PDF to their own table, unchanged.
    assert!(claim.has_pdf);
    assert_eq!(
        desk.pdf(&claim.id).unwrap().as_deref(),
        Some(&b"%PDF-1.7\n"[..])
    );
    assert_eq!(
        desk.document(&claim.id).unwrap()["business"]["name"],
        "행복케이크 망원점"
    );
    // What v2 added works on the old rows.
    desk.erase_customer_details(&claim.id).unwrap();
    let erased = desk.get(&claim.id).unwrap();
    assert!(erased.customer_details_erased_at.is_some());
    let forwarded = desk.review(&claim.id, Review::Forwarded, None).unwrap();
    assert_eq!(forwarded.review, Review::Forwarded);
    // What v3 and v8 added: an old row holds no change, was exported
    // masked (no manifest is kept to say otherwise), and a newer claim with
    // another account waits beside it: the old row has no claim id, so no
    // history shows the two come from one shop.
    assert_eq!((claim.held_state, claim.held_changes.len()), (None, 0));
    let mut moved = desk.document(&claim.id).unwrap();
    moved["business"]["bank"]["account"] = "000-00-000000".into();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let count = desk
        .take_in(
            vec![claim_assoc::desk::Incoming {
                document: moved,
                origin: claim_assoc::desk::Origin {
                    source: "test".into(),
                    made_at: Some(claim_core::dates::stored_instant(chrono::Utc::now())),
                    pdf: None,
                    number: None,
                    customer_details_included: false,
                },
            }],
            &|_| {},
            &cancel,
        )
        .unwrap();
    assert!(!claim.customer_details_included && !claim.two_senders);
    assert_eq!(
        (count.received, count.two_senders, count.superseded),
        (1, 1, 0)
    );
    let old = desk.get(&claim.id).unwrap();
    assert!(old.superseded_by.is_none() && old.two_senders);
    let mut current = 0;
    desk.for_each_current(|_| current += 1).unwrap();
    assert_eq!(current, 0);
    drop(desk);
    // Opened again, it is the current schema and the same data.
    let desk = AssocDesk::open(dir.path()).unwrap();
    assert_eq!(desk.get(&claim.id).unwrap().review, Review::Forwarded);
}

#[test]
fn a_file_that_is_not_ours_or_is_newer_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(ASSOCIATION_FILE);
    std::fs::write(&file, b"PK\x03\x04 somebody's zip, not ours").unwrap();
    let refused = AssocDesk::open(dir.path()).unwrap_err();
    assert!(matches!(refused, DeskError::Foreign), "{refused:?}");
    assert_eq!(refused.code(), "E_ASSOC_FOREIGN");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        b"PK\x03\x04 somebody's zip, not ours"
    );
    assert!(!dir.path().join("association.sqlite3-wal").exists());

    // A file from a newer ClaimDesk: refused before anything is changed.
    std::fs::remove_file(&file).unwrap();
    std::fs::copy(fixture(), &file).unwrap();
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    let refused = AssocDesk::open(dir.path()).unwrap_err();
    assert!(matches!(refused, DeskError::Schema), "{refused:?}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "byte for byte as it was"
    );
}
