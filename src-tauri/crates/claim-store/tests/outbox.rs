//! The outbox of online submission: a claim's exact bundle waits through a
//! restart until the server answers; an edit or an erasure of customer
//! details takes it out, since what waits is no longer what is stored.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_store::{ErasureReason, Outgoing, Store};
use common::example;
use proptest::prelude::*;

const URL: &str = "https://claims.example.kr";
const KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

fn outgoing(bundle: &[u8], customer_details: bool) -> Outgoing<'_> {
    Outgoing {
        url: URL,
        server_key: KEY,
        bundle,
        customer_details,
    }
}

fn events(store: &Store, id: &str) -> Vec<(String, Option<String>)> {
    store
        .audit(id)
        .unwrap()
        .into_iter()
        .map(|entry| (entry.event, entry.note))
        .collect()
}

#[test]
fn a_queued_bundle_waits_through_a_restart_until_the_server_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = store
        .save_claim(&example("kakao-cake-prior-week"))
        .unwrap()
        .id;
    assert!(!store.claim(&id).unwrap().summary.waiting);

    let bundle = b"PK\x03\x04 the bundle's bytes".to_vec();
    let waiting = store
        .queue_submission(&id, &outgoing(&bundle, false))
        .unwrap();
    assert_eq!(waiting.bundle, bundle);
    assert_eq!(waiting.bundle_sha256, claim_store::sha256_hex(&bundle));
    assert_eq!((waiting.url.as_str(), waiting.attempts), (URL, 0));
    store.note_attempt(&id, "no answer within 30 s").unwrap();
    store.note_attempt(&id, "the server answered 503").unwrap();
    drop(store);

    // The app closed (or was killed) and started again.
    let mut store = Store::open(dir.path()).unwrap();
    let listed = store.waiting().unwrap();
    assert_eq!(listed.len(), 1);
    let kept = &listed[0];
    assert_eq!(kept.bundle, bundle);
    assert_eq!(kept.attempts, 2);
    assert_eq!(
        kept.last_problem.as_deref(),
        Some("the server answered 503")
    );
    assert!(kept.number.starts_with("CD-"));
    assert!(store.claim(&id).unwrap().summary.waiting);
    assert!(store.list(&Default::default()).unwrap()[0].waiting);

    // Queued again (sent with other choices): the new bytes, counted anew.
    let masked = b"PK\x03\x04 another".to_vec();
    store
        .queue_submission(&id, &outgoing(&masked, true))
        .unwrap();
    let again = store.waiting_for(&id).unwrap().unwrap();
    assert_eq!((again.bundle.clone(), again.attempts), (masked, 0));
    assert!(again.customer_details);

    store.unqueue(&id, "received RC-2026-000001").unwrap();
    assert_eq!(store.waiting().unwrap(), []);
    assert!(!store.claim(&id).unwrap().summary.waiting);
    let audit = events(&store, &id);
    assert!(
        audit.contains(&("queued".into(), Some(URL.into()))),
        "{audit:?}"
    );
    assert!(
        audit.contains(&("unqueued".into(), Some("received RC-2026-000001".into()))),
        "{audit:?}"
    );
}

#[test]
fn an_edit_or_an_erasure_takes_the_waiting_bundle_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let first = store
        .save_claim(&example("kakao-cake-prior-week"))
        .unwrap()
        .id;
    let second = store
        .save_claim(&example("kakao-cake-prior-week"))
        .unwrap()
        .id;
    for id in [&first, &second] {
        store
            .queue_submission(id, &outgoing(b"PK\x03\x04", true))
            .unwrap();
    }

    // The owner changes the first claim: its old bundle must not go.
    let mut document = store.claim(&first).unwrap().document;
    document["business"]["name"] = "행복케이크 합정점".into();
    store
        .save_claim(serde_json::to_string(&document).unwrap().as_bytes())
        .unwrap();
    assert_eq!(store.waiting_for(&first).unwrap(), None);
    assert!(events(&store, &first).contains(&("unqueued".into(), Some("edited".into()))));

    // The second's customer details are erased: the bundle carrying them goes.
    store
        .erase_customer_details(
            &second,
            ErasureReason::Owner,
            "2026-12-01T00:00:00Z".parse().unwrap(),
        )
        .unwrap();
    assert_eq!(store.waiting().unwrap(), []);
    assert!(events(&store, &second)
        .contains(&("unqueued".into(), Some("customer details erased".into()))));
}

#[test]
fn only_a_stored_claim_is_queued() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let unknown = "0192f5c4-7d2a-7b3c-9f1e-000000000001";
    assert!(store
        .queue_submission(unknown, &outgoing(b"PK", false))
        .is_err());
    assert_eq!(store.waiting().unwrap(), []);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever the bundle's bytes, the outbox gives back the same bytes
    /// after a restart, and its digest is theirs.
    #[test]
    fn any_bundle_comes_back_byte_for_byte(bundle in prop::collection::vec(any::<u8>(), 0..65536)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let id = store.save_claim(&example("kakao-cake-prior-week")).unwrap().id;
        store.queue_submission(&id, &outgoing(&bundle, false)).unwrap();
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        let kept = store.waiting_for(&id).unwrap().unwrap();
        prop_assert_eq!(&kept.bundle, &bundle);
        prop_assert_eq!(kept.bundle_sha256, claim_store::sha256_hex(&bundle));
    }
}
