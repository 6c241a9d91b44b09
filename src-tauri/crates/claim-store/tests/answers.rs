//! Issue 19 in the store: the association's receipt and answers move the
//! owner's claim, once each, with a line in its audit trail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_core::status::Review;
use claim_store::{AnswerApplied, ClaimFilter, IncomingAnswer, Status, Store, StoreError};
use common::example;

fn exported_claim() -> (tempfile::TempDir, Store, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let saved = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    store.record_filed_pdf(&saved.id, &"0".repeat(64)).unwrap();
    assert_eq!(
        store.claim(&saved.id).unwrap().summary.status,
        Status::Exported
    );
    (dir, store, saved.id)
}

fn answer<'a>(status: &str, reason: Option<&'a str>, at: &'a str) -> IncomingAnswer<'a> {
    let status = Review::from_code(status).unwrap();
    IncomingAnswer { status, reason, at }
}

#[test]
fn a_receipt_marks_the_claim_submitted_and_is_kept() {
    let (_dir, mut store, id) = exported_claim();
    let sha = "ab".repeat(32);
    let summary = store
        .record_receipt(&id, "RC-2026-000001", None, &sha, b"{signed}")
        .unwrap();
    assert_eq!(summary.status, Status::Submitted);
    assert_eq!(summary.receipt_number.as_deref(), Some("RC-2026-000001"));
    assert!(!summary.editable);
    assert_eq!(
        store.receipt(&id).unwrap(),
        Some(("RC-2026-000001".into(), b"{signed}".to_vec()))
    );
    let last = store.audit(&id).unwrap().pop().unwrap();
    assert_eq!(
        (
            last.event.as_str(),
            last.to_status.as_deref(),
            last.note.as_deref()
        ),
        ("receipt", Some("submitted"), Some("RC-2026-000001"))
    );
    // A withdrawn claim takes no receipt.
    let other = store.duplicate_claim(&id).unwrap();
    store.set_status(&other.id, Status::Withdrawn).unwrap();
    assert!(matches!(
        store.record_receipt(&other.id, "RC-2026-000002", None, &sha, b"{}"),
        Err(StoreError::Transition { .. })
    ));
}

#[test]
fn the_associations_number_comes_with_a_receipt_and_stays_through_a_receipt_without_one() {
    let (_dir, mut store, id) = exported_claim();
    let first = "ab".repeat(32);
    let summary = store
        .record_receipt(
            &id,
            "RC-2026-000001",
            Some("RX-2026-000042"),
            &first,
            b"{2}",
        )
        .unwrap();
    assert_eq!(summary.intake_number.as_deref(), Some("RX-2026-000042"));
    // The same claim handed in again, its receipt from a desk that still
    // writes receipt/1: the number the association gave stays.
    let again = "cd".repeat(32);
    let summary = store
        .record_receipt(&id, "RC-2026-000007", None, &again, b"{1}")
        .unwrap();
    assert_eq!(summary.receipt_number.as_deref(), Some("RC-2026-000007"));
    assert_eq!(summary.intake_number.as_deref(), Some("RX-2026-000042"));
    let listed = store.list(&ClaimFilter::default()).unwrap();
    let listed = listed.iter().find(|c| c.id == id).unwrap();
    assert_eq!(listed.intake_number.as_deref(), Some("RX-2026-000042"));
    // Another claim of the shop has none until its own receipt.
    let other = store.duplicate_claim(&id).unwrap();
    assert_eq!(other.intake_number, None);
}

#[test]
fn a_return_reopens_the_claim_with_its_reason_until_it_is_handed_in_again() {
    let (_dir, mut store, id) = exported_claim();
    let returned = answer(
        "returned",
        Some("매출 증빙이 빠졌습니다."),
        "2026-12-04T02:00:00Z",
    );
    let AnswerApplied::Applied(summary) = store.record_answer(&id, &returned).unwrap() else {
        panic!("not applied");
    };
    assert_eq!(summary.status, Status::Draft);
    assert!(summary.editable);
    let state = summary.answer.unwrap();
    assert_eq!(
        (state.status.code(), state.reason.as_deref()),
        ("returned", Some("매출 증빙이 빠졌습니다."))
    );
    // The same answer again, or an older one, changes nothing.
    assert_eq!(
        store.record_answer(&id, &returned).unwrap(),
        AnswerApplied::AlreadyKnown
    );
    assert_eq!(
        store
            .record_answer(&id, &answer("checked", None, "2026-12-04T01:00:00Z"))
            .unwrap(),
        AnswerApplied::AlreadyKnown
    );
    let audit = store.audit(&id).unwrap();
    let line = audit.iter().find(|line| line.event == "answer").unwrap();
    assert_eq!(
        (line.from_status.as_deref(), line.to_status.as_deref()),
        (Some("exported"), Some("draft"))
    );
    assert_eq!(
        line.note.as_deref(),
        Some("returned: 매출 증빙이 빠졌습니다.")
    );
    // Corrected and handed in again (its PDF made): resent, not returned.
    store.record_filed_pdf(&id, &"1".repeat(64)).unwrap();
    let summary = store.claim(&id).unwrap().summary;
    assert_eq!(summary.status, Status::Exported);
    let answer_now = summary.answer.unwrap();
    assert_eq!(
        (answer_now.status, answer_now.resent),
        (Review::Returned, true)
    );
    // Then forwarded: handed in for good.
    let AnswerApplied::Applied(summary) = store
        .record_answer(&id, &answer("forwarded", None, "2026-12-06T00:00:00Z"))
        .unwrap()
    else {
        panic!("not applied");
    };
    assert_eq!(summary.status, Status::Submitted);
    let answer_now = summary.answer.unwrap();
    assert_eq!(
        (answer_now.status, answer_now.resent),
        (Review::Forwarded, false)
    );
}
