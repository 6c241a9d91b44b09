//! Issue 19: the receipt and the answers the desk signs for shops.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_assoc::bundle::{write_bundle, Bundle, OutgoingClaim};
use claim_assoc::desk::{AssocDesk, DeskError, Review};
use claim_assoc::reply::Signer;
use claim_core::answer::{AnswerStatus, Answers, Receipt};
use claim_core::signature::TrustedKey;
use common::{example, registration_number};
use std::sync::atomic::AtomicBool;

const SECRET: [u8; 32] = [3; 32];

fn signer() -> Signer<'static> {
    Signer {
        secret_key: &SECRET,
        issuer: "소상공인연합회",
    }
}

fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().unwrap()
}

/// A bundle of shops 1..=n (shop 2 with no registration number), taken in.
fn desk_from_bundle(n: usize) -> (tempfile::TempDir, AssocDesk, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let claims: Vec<OutgoingClaim> = (1..=n)
        .map(|shop| {
            let mut document = example("kakao-cake-prior-week");
            document.insert(
                "id".into(),
                format!("0192f5c4-7d2a-7b3c-9f1e-{shop:012}").into(),
            );
            document["business"]["name"] = format!("가게 {shop}").into();
            document["business"]["registration_number"] = if shop == 2 {
                serde_json::Value::Null
            } else {
                registration_number(shop).into()
            };
            OutgoingClaim {
                document: serde_json::Value::Object(document),
                number: format!("CD-2026-{shop:06}"),
                status: "exported".into(),
                updated_at: "2026-12-01T00:00:00Z".into(),
                pdf: None,
            }
        })
        .collect();
    let file = dir.path().join("묶음.zip");
    write_bundle(
        std::fs::File::create(&file).unwrap(),
        &claims,
        "2026-12-01T00:00:00Z",
        false,
    )
    .unwrap();
    // What the shop's manifest records of each line, in line order.
    let mut line_shas = Vec::new();
    Bundle::open(std::fs::File::open(&file).unwrap())
        .unwrap()
        .for_each_claim(|claim| {
            line_shas.push(claim.unwrap().entry.unwrap().json_sha256);
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
    let mut desk = AssocDesk::open(&dir.path().join("desk")).unwrap();
    // The desk's clock, as the app sets it: the day the tests' receipts
    // and answers are issued on, whatever day the tests run.
    desk.set_clock(claim_store::Clock::starting_at(at("2026-12-04T12:00:00Z")).unwrap());
    let report = claim_assoc::intake::take_in_files(
        &mut desk,
        &[file],
        claim_core::Lang::Ko,
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.count.received, n);
    (dir, desk, line_shas)
}

#[test]
fn a_receipt_names_the_claim_as_received_and_is_issued_once() {
    let (_dir, mut desk, line_shas) = desk_from_bundle(3);
    let claims = desk.list(false).unwrap();
    let first = claims
        .iter()
        .find(|c| c.claim_number.as_deref() == Some("CD-2026-000001"))
        .unwrap();
    let issued = desk
        .issue_receipt(&first.id, &signer(), at("2026-12-04T16:30:00Z"))
        .unwrap();
    assert!(issued.new);
    // Received by the desk's clock, so never after the receipt was issued.
    assert!(
        claim_core::dates::parse_instant(&issued.receipt.received_at)
            <= claim_core::dates::parse_instant(&issued.receipt.issued_at),
        "{} / {}",
        issued.receipt.received_at,
        issued.receipt.issued_at
    );
    // 16:30 UTC on 4 Dec 2026 is already 5 Dec in Korea: still 2026's first.
    assert_eq!(issued.receipt.receipt_number, "RC-2026-000001");
    assert_eq!(
        issued.receipt.claim_number.as_deref(),
        Some("CD-2026-000001")
    );
    assert_eq!(
        issued.receipt.registration_number,
        registration_number(1).replace('-', "")
    );
    assert_eq!(issued.receipt.claimed, first.facts.claimed);
    assert_eq!(issued.receipt.received_at, first.received_at);
    // The SHA-256 is of the claim's line in the bundle, as the shop's
    // manifest recorded it.
    assert_eq!(issued.receipt.claim_sha256, line_shas[0]);
    // The file opens for a shop that trusts the key; the fingerprint is the key's.
    let key = TrustedKey::of_secret("소상공인연합회", &SECRET);
    let opened = Receipt::open(&issued.file, std::slice::from_ref(&key)).unwrap();
    assert_eq!(opened.content, issued.receipt);
    assert_eq!(issued.fingerprint, key.fingerprint());
    // Asked again: the same file, not a new number.
    let again = desk
        .issue_receipt(&first.id, &signer(), at("2026-12-06T00:00:00Z"))
        .unwrap();
    assert!(!again.new);
    assert_eq!(again.file, issued.file);
    // The next claim gets the next number, and the log says so.
    let third = claims
        .iter()
        .find(|c| c.claim_number.as_deref() == Some("CD-2026-000003"))
        .unwrap();
    let next = desk
        .issue_receipt(&third.id, &signer(), at("2026-12-05T00:00:00Z"))
        .unwrap();
    assert_eq!(next.receipt.receipt_number, "RC-2026-000002");
    let log = desk.review_log(&third.id).unwrap();
    assert_eq!(
        log.last().unwrap().note.as_deref(),
        Some("receipt RC-2026-000002")
    );
    // A claim without a registration number gets none.
    let second = claims
        .iter()
        .find(|c| c.claim_number.as_deref() == Some("CD-2026-000002"))
        .unwrap();
    assert!(matches!(
        desk.issue_receipt(&second.id, &signer(), at("2026-12-05T00:00:00Z")),
        Err(DeskError::NotReceiptable)
    ));
}

#[test]
fn answers_tell_each_shop_its_review_and_a_return_its_reason() {
    let (_dir, mut desk, _) = desk_from_bundle(4);
    let claims = desk.list(false).unwrap();
    let by_number = |n: usize| {
        claims
            .iter()
            .find(|c| c.claim_number.as_deref() == Some(format!("CD-2026-{n:06}").as_str()))
            .unwrap()
            .id
            .clone()
    };
    desk.review(
        &by_number(1),
        Review::Checked,
        Some("서류 확인함 (내부 메모)"),
    )
    .unwrap();
    desk.review(&by_number(1), Review::Forwarded, None).unwrap();
    desk.review(
        &by_number(3),
        Review::Returned,
        Some("매출 증빙이 빠졌습니다."),
    )
    .unwrap();
    desk.issue_receipt(&by_number(1), &signer(), at("2026-12-05T00:00:00Z"))
        .unwrap();
    let (answers, file) = desk
        .answers(None, &signer(), at("2026-12-05T01:00:00Z"))
        .unwrap();
    // Shop 2 has no registration number: no shop could match its answer.
    assert_eq!(answers.answers.len(), 3);
    let of = |n: usize| {
        answers
            .answers
            .iter()
            .find(|a| a.claim_number.as_deref() == Some(format!("CD-2026-{n:06}").as_str()))
            .unwrap()
    };
    assert_eq!(of(1).status, AnswerStatus::Forwarded);
    assert_eq!(of(1).reason, None, "the staff's own note stays at the desk");
    assert_eq!(of(1).receipt_number.as_deref(), Some("RC-2026-000001"));
    assert_eq!(of(3).status, AnswerStatus::Returned);
    assert_eq!(of(3).reason.as_deref(), Some("매출 증빙이 빠졌습니다."));
    assert_eq!(of(4).status, AnswerStatus::Received);
    assert!(of(3).at > of(4).at, "the return is later than the arrival");
    let key = TrustedKey::of_secret("소상공인연합회", &SECRET);
    assert_eq!(Answers::open(&file, &[key]).unwrap().content, answers);
    // One shop's answers: its claims alone, its number written either way.
    let (one, _) = desk
        .answers(
            Some(&registration_number(3)),
            &signer(),
            at("2026-12-05T01:00:00Z"),
        )
        .unwrap();
    assert_eq!(one.answers.len(), 1);
    assert_eq!(one.answers[0].status, AnswerStatus::Returned);
}
