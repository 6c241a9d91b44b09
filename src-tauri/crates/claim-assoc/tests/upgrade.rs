//! The association's data from the first schema opens upgraded, every
//! received claim and review intact. `tests/fixtures/association/
//! schema-v1.sqlite3` was made with the first schema's SQL alone (one
//! received claim, masked as a bundle carries it, reviewed once): never
//! regenerate it with a newer schema.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

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

/// v9 numbers the claims an older desk received: one number per claim id
/// (a corrected version shares it), counted per year of the first arrival
/// in Korea time, in the order they came; a claim without an id is its own;
/// and the next intake counts on from there. The older desk is made from
/// today's by undoing v9 in SQL, so it holds claims as they are received
/// now, across a new year.
#[test]
fn schema_v9_numbers_the_claims_an_older_desk_received_and_counting_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let at = common::clock_at;
    let claim = |id: Option<&str>, number: &str, narrative: &str| {
        let mut incoming = common::incoming_claim(id, number);
        incoming
            .document
            .insert("narrative".into(), narrative.into());
        incoming
    };
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let first = "0192f5c4-0000-7000-8000-000000000001";
    let second = "0192f5c4-0000-7000-8000-000000000002";
    let third = "0192f5c4-0000-7000-8000-000000000003";
    // Two claims on the last evening of 2022 (Korea time), then the first
    // corrected, a third and one without an id in 2023.
    desk.set_clock(at("2022-12-31T23:30:00+09:00"));
    desk.take_in(
        vec![
            claim(Some(first), "105-23-45674", "처음"),
            claim(Some(second), "220-81-62517", "처음"),
        ],
        &|_| {},
        &cancel,
    )
    .unwrap();
    desk.set_clock(at("2023-01-01T00:10:00+09:00"));
    desk.take_in(
        vec![
            claim(Some(first), "105-23-45674", "고쳐서 다시 냅니다"),
            claim(Some(third), "314-86-50154", "처음"),
            claim(None, "101-81-15995", "번호 없는 청구서"),
        ],
        &|_| {},
        &cancel,
    )
    .unwrap();
    drop(desk);
    // Undo v11 to v9: what a desk of the version before held.
    {
        let conn = rusqlite::Connection::open(dir.path().join(ASSOCIATION_FILE)).unwrap();
        conn.execute_batch(
            "ALTER TABLE received DROP COLUMN taken_by;
             ALTER TABLE received DROP COLUMN taken_until;
             ALTER TABLE review_log DROP COLUMN actor;
             ALTER TABLE received DROP COLUMN review_version;
             DROP INDEX received_by_claim_id;
             DROP INDEX received_by_intake_number;
             DROP INDEX received_current_intake_number;
             DROP INDEX received_current_filter;
             CREATE INDEX received_current_filter ON received (superseded_by, business_name, claim_number,
                 registration_number, review_status, error_count, region, industry, claimed, missing_evidence,
                 services);
             ALTER TABLE received DROP COLUMN intake_number;
             DROP TABLE intake_number;
             PRAGMA user_version = 8;",
        )
        .unwrap();
    }
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let numbers = |desk: &AssocDesk| {
        let mut numbers: Vec<(String, String)> = desk
            .list(true)
            .unwrap()
            .into_iter()
            .map(|c| {
                (
                    c.facts.claim_id.clone().unwrap_or_default(),
                    c.intake_number.clone().unwrap_or_default(),
                )
            })
            .collect();
        numbers.sort();
        numbers
    };
    let pair = |id: &str, number: &str| (id.to_owned(), number.to_owned());
    assert_eq!(
        numbers(&desk),
        [
            pair("", "RX-2023-000002"),
            pair(first, "RX-2022-000001"),
            pair(first, "RX-2022-000001"),
            pair(second, "RX-2022-000002"),
            pair(third, "RX-2023-000001"),
        ]
    );
    // Counting goes on from the numbers given: the next of 2023 is 3, and
    // a second correction of the first keeps its 2022 number.
    desk.set_clock(at("2023-01-02T09:00:00+09:00"));
    desk.take_in(
        vec![
            claim(
                Some("0192f5c4-0000-7000-8000-000000000004"),
                "120-81-47521",
                "처음",
            ),
            claim(Some(first), "105-23-45674", "두 번째 고침"),
        ],
        &|_| {},
        &cancel,
    )
    .unwrap();
    let after = numbers(&desk);
    assert!(
        after.contains(&pair(
            "0192f5c4-0000-7000-8000-000000000004",
            "RX-2023-000003"
        )),
        "{after:?}"
    );
    assert_eq!(
        after
            .iter()
            .filter(|(id, n)| id == first && n == "RX-2022-000001")
            .count(),
        3,
        "{after:?}"
    );
}

/// Schema v10 counts the moves a claim already had, so a move made on a
/// copy read before the upgrade's last move is still refused; who made
/// the old moves is not known (none).
#[test]
fn schema_v10_counts_the_moves_claims_already_had() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    desk.take_in(
        vec![common::incoming_claim(
            Some("0192f5c4-0000-7000-8000-000000000001"),
            "105-23-45674",
        )],
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    let id = desk.list(false).unwrap()[0].id.clone();
    desk.review(&id, Review::Checked, None).unwrap();
    desk.review(&id, Review::Received, None).unwrap();
    drop(desk);
    {
        let conn = rusqlite::Connection::open(dir.path().join(ASSOCIATION_FILE)).unwrap();
        conn.execute_batch(
            "ALTER TABLE received DROP COLUMN taken_by;
             ALTER TABLE received DROP COLUMN taken_until;
             ALTER TABLE review_log DROP COLUMN actor;
             ALTER TABLE received DROP COLUMN review_version;
             PRAGMA user_version = 9;",
        )
        .unwrap();
    }
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let claim = desk.get(&id).unwrap();
    assert_eq!(claim.review_version, 2);
    assert!(desk
        .review_log(&id)
        .unwrap()
        .iter()
        .all(|e| e.actor.is_none()));
    assert!(matches!(
        desk.review_seen(&id, Review::Checked, None, Some(1)),
        Err(DeskError::Stale { actor: None, .. })
    ));
    desk.review_seen(&id, Review::Checked, None, Some(2))
        .unwrap();
}
