//! What a server answers to a submission is a stranger's data. Whatever
//! comes back (bytes, JSON of the right shape with made-up or foreign
//! receipts, an answer too large), the claim is never marked submitted
//! unless a receipt signed by the definition's server key names it, and
//! nothing panics: it is refused, or it waits to be sent again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_core::signature::{public_key_text, sign_definition, KeyUse};
use claim_core::{ClaimId, Lang};
use claimdesk::app;
use claimdesk::app::network::{Network, Patience};
use claimdesk::app::submit::{Sent, SubmitChoices};
use proptest::prelude::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

const CLAIM_ID: &str = "0192f5c4-7d2a-7b3c-9f1e-000000000001";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../tests/fixtures/incidents/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A server at 127.0.0.1 that answers every request with 200 and
/// whatever `answer` holds at the time; how many requests it had.
fn counted_stand_in(
    answer: Arc<Mutex<Vec<u8>>>,
) -> (std::net::SocketAddr, Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let requests = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = Arc::clone(&requests);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let answer = answer.lock().unwrap().clone();
            let _ = stream.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    answer.len()
                )
                .as_bytes(),
            );
            let _ = stream.write_all(&answer);
        }
    });
    (address, requests)
}

fn stand_in(answer: Arc<Mutex<Vec<u8>>>) -> std::net::SocketAddr {
    counted_stand_in(answer).0
}

/// A shop with the drill's definition (naming `address` and the server key
/// of `[9; 32]`, signed by a key it trusts) and its claim stored.
fn shop(address: std::net::SocketAddr) -> (tempfile::TempDir, claim_store::Store) {
    let folder = tempfile::tempdir().unwrap();
    let mut store = app::claims::open_store(folder.path()).unwrap();
    let mut definition: serde_json::Value =
        serde_json::from_slice(&fixture("drill-2026-11.incident.json")).unwrap();
    definition["submit"] = serde_json::json!({
        "url": format!("http://{address}"),
        "server_key": public_key_text(&[9; 32]),
    });
    let signed = sign_definition(&serde_json::to_vec(&definition).unwrap(), &[5; 32]).unwrap();
    store
        .trust_key(
            &public_key_text(&[5; 32]),
            "연합회 (시험)",
            KeyUse::Incidents,
        )
        .unwrap();
    store.import_incident(&signed).unwrap();
    let mut claim: serde_json::Value =
        serde_json::from_slice(&fixture("drill-2026-11.claim.json")).unwrap();
    claim["id"] = CLAIM_ID.into();
    store
        .save_claim(serde_json::to_string(&claim).unwrap().as_bytes())
        .unwrap();
    (folder, store)
}

/// Submits the shop's claim once, in `lang`, tried `attempts` times.
fn submit_once(
    folder: &std::path::Path,
    store: &mut claim_store::Store,
    attempts: u32,
    lang: Lang,
) -> Vec<claimdesk::app::submit::Submitted> {
    let network = Network::new(
        folder,
        Patience {
            attempts,
            ..Patience::default()
        },
    )
    .unwrap();
    let choices = SubmitChoices {
        include_customer_details: false,
        to_unverified: false,
        lang,
    };
    let at = "2026-12-01T00:00:00Z".parse().unwrap();
    app::submit::submit(
        store,
        &[ClaimId::parse(CLAIM_ID).unwrap()],
        &choices,
        &network,
        at,
    )
    .unwrap()
}

/// A receipt of the right shape for the claim, signed by `key`.
fn receipt_signed_by(key: [u8; 32], registration_number: &str) -> String {
    let receipt = serde_json::json!({
        "format": "claimdesk.receipt/2",
        "receipt_number": "RC-2026-000001",
        "intake_number": "RX-2026-000001",
        "claim_id": CLAIM_ID,
        "claim_number": "CD-2026-000001",
        "registration_number": registration_number,
        "claim_sha256": "0".repeat(64),
        "received_at": "2026-12-01T00:00:00Z",
        "issuer": "소상공인연합회",
    });
    let bytes = claim_core::answer::sign(
        claim_core::answer::SIGNED_RECEIPT_FORMAT,
        &serde_json::to_vec(&receipt).unwrap(),
        &key,
    );
    String::from_utf8_lossy(&bytes).into_owned()
}

fn answer_strategy() -> impl Strategy<Value = Vec<u8>> {
    let line = (
        prop_oneof![Just(Some(CLAIM_ID.to_owned())), any::<Option<String>>()],
        prop_oneof![
            Just("received".to_owned()),
            Just("unchanged".to_owned()),
            Just("replaced".to_owned()),
            Just("held".to_owned()),
            Just("refused".to_owned()),
            "\\PC{0,12}"
        ],
        prop_oneof![
            Just(None),
            "\\PC{0,200}".prop_map(Some),
            any::<[u8; 32]>().prop_map(|key| Some(receipt_signed_by(key, "1052345674"))),
            Just(Some(receipt_signed_by([7; 32], "1052345674"))),
            // The server's own key, but about other content than the
            // claim holds: not this claim's receipt.
            Just(Some(receipt_signed_by([9; 32], "1052345674"))),
        ],
        proptest::option::of("E_[A-Z_]{1,20}"),
    )
        .prop_map(|(claim_id, outcome, receipt, code)| {
            serde_json::json!({
                "claim_id": claim_id,
                "outcome": outcome,
                "receipt": receipt,
                "code": code,
                "message": "\u{202e}말\n\u{0}",
            })
        });
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        prop::collection::vec(line, 0..4)
            .prop_map(
                |results| serde_json::to_vec(&serde_json::json!({ "results": results })).unwrap()
            ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_answer_but_the_servers_own_receipt_marks_a_claim_submitted(answer in answer_strategy()) {
        let served = Arc::new(Mutex::new(answer));
        let address = stand_in(Arc::clone(&served));
        let (folder, mut store) = shop(address);
        let results = submit_once(folder.path(), &mut store, 1, Lang::Ko);
        prop_assert_eq!(results.len(), 1);
        let sent = &results[0].sent;
        prop_assert!(!matches!(sent, Sent::Received { .. }), "{:?}", sent);
        let summary = store.claim(CLAIM_ID).unwrap().summary;
        prop_assert_ne!(summary.status, claim_store::Status::Submitted);
        prop_assert_eq!(summary.receipt_number, None);
        // Waiting, or refused and out of the outbox.
        prop_assert_eq!(summary.waiting, matches!(sent, Sent::Waiting { .. }));
        if let Sent::Refused { message, .. } = sent {
            prop_assert!(
                !message
                    .chars()
                    .any(|ch| ch.is_control() || claim_core::signature::is_hidden_char(ch)),
                "{:?}",
                message
            );
        }
    }
}

/// An answer larger than any submission's is not read to its end.
#[test]
fn an_answer_over_the_limit_is_not_taken() {
    let mut huge = b"{\"results\":[".to_vec();
    huge.resize(
        usize::try_from(app::network::MAX_ANSWER_BYTES).unwrap() + 1024,
        b' ',
    );
    let address = stand_in(Arc::new(Mutex::new(huge)));
    let (folder, mut store) = shop(address);
    let results = submit_once(folder.path(), &mut store, 1, Lang::En);
    assert!(
        matches!(&results[0].sent, Sent::Waiting { message, .. } if message.contains("not whole")),
        "{:?}",
        results[0].sent
    );
    assert!(store.claim(CLAIM_ID).unwrap().summary.waiting);
}

/// An added CA file that holds no certificate is refused, saying so.
#[test]
fn an_added_ca_file_that_is_not_certificates_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    for bad in [
        &b""[..],
        b"not a certificate",
        b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    ] {
        std::fs::write(folder.path().join(app::network::EXTRA_CA_FILE), bad).unwrap();
        let error = Network::new(folder.path(), Patience::default()).unwrap_err();
        assert!(
            claim_core::Failure::message(&error, Lang::Ko).contains("extra-ca.pem"),
            "{error:?}"
        );
    }
}

/// A withdrawn claim is not sent: the server would keep what the shop took
/// back, and its receipt could not be kept.
#[test]
fn a_withdrawn_claim_is_refused_before_anything_is_sent() {
    let (address, requests) = counted_stand_in(Arc::new(Mutex::new(b"{}".to_vec())));
    let (folder, mut store) = shop(address);
    store
        .set_status(CLAIM_ID, claim_store::Status::Withdrawn)
        .unwrap();
    let results = submit_once(
        folder.path(),
        &mut store,
        Patience::default().attempts,
        Lang::Ko,
    );
    assert!(
        matches!(&results[0].sent, Sent::Refused { code, .. } if code == "E_STATUS_TRANSITION"),
        "{:?}",
        results[0].sent
    );
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 0);
    assert!(!store.claim(CLAIM_ID).unwrap().summary.waiting);
}
