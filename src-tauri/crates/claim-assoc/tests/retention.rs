//! Customer details at the association: erased a set time after the staff
//! forwarded or returned a claim, or after a newer one replaced it; at once
//! on request; never what was erased. The clock is the test's.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{Duration, Utc};
use claim_assoc::desk::{AssocDesk, Incoming, Review};
use common::example;
use std::sync::atomic::AtomicBool;

fn with_number(number: &str, name: &str) -> Incoming {
    let mut document = example(name);
    document["business"]["registration_number"] = number.into();
    Incoming {
        document,
        origin: claim_assoc::desk::Origin {
            source: "test".into(),
            made_at: None,
            // A PDF that shows the details in full goes with them.
            pdf: Some(b"%PDF-1.7 with customers".to_vec()),
            number: None,
            customer_details_included: false,
        },
    }
}

const CUSTOMERS: [&str; 4] = ["이수진", "박지훈", "010-2222-3333", "010-4444-5555"];

fn holds_customers(desk: &AssocDesk, id: &str) -> bool {
    let text = serde_json::to_string(&desk.document(id).unwrap()).unwrap();
    CUSTOMERS.iter().any(|customer| text.contains(customer))
}

fn file_holds(dir: &std::path::Path, needle: &str) -> bool {
    std::fs::read_dir(dir).unwrap().any(|entry| {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

/// What is the same on every store (which claims are due, what an erased
/// claim keeps) is claim_assoc::suite's
/// `customer_details_go_after_the_retention_time_or_at_once`. What only the
/// desktop's file has: not a byte of a customer left in it, its old pages
/// included.
#[test]
fn erased_customers_leave_no_byte_in_the_desks_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let no_cancel = AtomicBool::new(false);
    desk.take_in(
        vec![
            with_number("105-23-45674", "kakao-cake-prior-week"),
            with_number("220-81-62517", "kakao-cake-prior-week"),
        ],
        &|_| {},
        &no_cancel,
    )
    .unwrap();
    let ids: Vec<String> = desk.list(true).unwrap().into_iter().map(|c| c.id).collect();
    let (forwarded, current) = (&ids[0], &ids[1]);
    for customer in CUSTOMERS {
        assert!(file_holds(dir.path(), customer), "{customer} was there");
    }
    desk.review(forwarded, Review::Checked, None).unwrap();
    desk.review(forwarded, Review::Forwarded, None).unwrap();
    let erased = desk
        .erase_expired(Utc::now() + Duration::days(91), 90)
        .unwrap();
    assert_eq!(&erased, std::slice::from_ref(forwarded));
    assert!(holds_customers(&desk, current));
    assert!(desk.erase_customer_details(current).unwrap());
    drop(desk);
    for customer in CUSTOMERS {
        assert!(!file_holds(dir.path(), customer), "{customer} left");
    }
}

#[test]
fn masked_details_are_erased_but_the_pdf_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let mut masked = with_number("105-23-45674", "kakao-cake-prior-week");
    let mut document = serde_json::Value::Object(masked.document);
    claim_core::privacy::mask_customer_details(&mut document);
    masked.document = document.as_object().unwrap().clone();
    desk.take_in(vec![masked], &|_| {}, &AtomicBool::new(false))
        .unwrap();
    let id = desk.list(true).unwrap()[0].id.clone();
    assert!(desk.erase_customer_details(&id).unwrap());
    let claim = desk.get(&id).unwrap();
    assert!(claim.has_pdf, "a PDF that showed them masked stays");
    assert!(desk.document(&id).unwrap()["lost_orders"][0]
        .get("customer_name")
        .is_none());
    assert!(!desk.erase_customer_details(&id).unwrap());
}
