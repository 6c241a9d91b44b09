//! `POST /v1/submissions` on a running `claimdesk-server` and a PostgreSQL
//! of the test's own: answered claim by claim with signed receipts, a
//! retry (even two at once) kept once, and every way a body can be wrong
//! refused with its status before anything is kept.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claim_assoc::suite::{example, shop_number};

use claim_core::answer::Receipt;
use claim_core::signature::TrustedKey;
use support::{
    bundle, count, exchange, schema_database, serve, submit, try_exchange, TestPostgres, SECRET,
};

/// A database with the server's schema, served.
fn served(server: &TestPostgres, name: &str) -> support::Serving {
    serve(&schema_database(server, name))
}

fn kept(server: &TestPostgres, name: &str) -> i64 {
    count(&server.url(name), "SELECT count(*) FROM received", &[])
}

#[test]
fn a_bundle_is_answered_claim_by_claim_and_a_retry_is_unchanged() {
    let server = TestPostgres::start();
    let serving = served(&server, "door");
    let body = bundle(1..4);
    let first = submit(&serving.1, "application/zip", &body);
    assert_eq!(
        first.status,
        200,
        "{}",
        String::from_utf8_lossy(&first.body)
    );
    let first = first.json();
    let results = first["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let key = TrustedKey::of_secret("소상공인연합회", &SECRET);
    for (line, result) in (1..).zip(results) {
        assert_eq!(result["line"], line);
        assert_eq!(result["outcome"], "received");
        let receipt = Receipt::open(
            result["receipt"].as_str().unwrap().as_bytes(),
            std::slice::from_ref(&key),
        )
        .unwrap();
        assert_eq!(
            serde_json::Value::from(receipt.content.claim_id),
            result["claim_id"]
        );
    }

    // The answer was lost; the app sends again: the same receipts, nothing
    // kept twice.
    let again = submit(&serving.1, "application/zip; charset=binary", &body).json();
    for (before, now) in results.iter().zip(again["results"].as_array().unwrap()) {
        assert_eq!(now["outcome"], "unchanged");
        assert_eq!(now["receipt"], before["receipt"]);
    }
    assert_eq!(kept(&server, "door"), 3);

    // The first shop's claim as a JSON file, customer details and all
    // (the bundle masked them): another version, current in place of the
    // bundle's; sent again, unchanged.
    let mut one = example("kakao-cake-prior-week");
    one.insert("id".into(), "0192f5c4-7d2a-7b3c-9f1e-000000000001".into());
    one["business"]["registration_number"] = shop_number(1).into();
    let json = serde_json::to_vec(&one).unwrap();
    let answer = submit(&serving.1, "application/json", &json).json();
    assert_eq!(answer["results"][0]["outcome"], "replaced");
    assert_eq!(answer["results"][0]["line"], serde_json::Value::Null);
    let answer = submit(&serving.1, "application/json", &json).json();
    assert_eq!(answer["results"][0]["outcome"], "unchanged");
    assert_eq!(kept(&server, "door"), 4);
}

#[test]
fn the_same_bundle_twice_at_once_is_kept_once() {
    let server = TestPostgres::start();
    let serving = served(&server, "together");
    let body = bundle(10..30);
    let start = std::sync::Barrier::new(2);
    let answers: Vec<serde_json::Value> = std::thread::scope(|scope| {
        let sends: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    start.wait();
                    submit(&serving.1, "application/zip", &body).json()
                })
            })
            .collect();
        sends.into_iter().map(|send| send.join().unwrap()).collect()
    });
    let mut outcomes: Vec<Vec<String>> = answers
        .iter()
        .map(|answer| {
            let mut outcomes: Vec<String> = answer["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|result| result["outcome"].as_str().unwrap().to_owned())
                .collect();
            outcomes.dedup();
            outcomes
        })
        .collect();
    outcomes.sort();
    assert_eq!(outcomes, [vec!["received"], vec!["unchanged"]]);
    assert_eq!(kept(&server, "together"), 20);
    // One audit row a claim kept, by the door, in the intake's transaction.
    assert_eq!(
        count(
            &server.url("together"),
            "SELECT count(*) FROM audit WHERE action = 'claim.received' AND actor = 'door'",
            &[]
        ),
        20
    );
    // Both were given the same receipts.
    assert_eq!(
        answers[0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["receipt"])
            .collect::<Vec<_>>(),
        answers[1]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["receipt"])
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_body_of_the_wrong_kind_size_or_shape_is_refused_and_nothing_kept() {
    let server = TestPostgres::start();
    let serving = served(&server, "refusals");
    let address = &serving.1;
    // Another content type: 415.
    let answer = submit(address, "text/plain", b"hello");
    assert_eq!(answer.status, 415);
    assert_eq!(answer.json()["code"], "E_SUBMIT_CONTENT_TYPE");
    // Said to be larger than a claim may be: 413 before any of it is read.
    let answer = exchange(
        address,
        "POST /v1/submissions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 999999999",
        b"",
    );
    assert_eq!(answer.status, 413);
    // Larger than it said it was not, but chunked and over the limit: 413.
    let mut chunked = Vec::new();
    let piece = vec![b' '; 1024 * 1024];
    for _ in 0..12 {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(&piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = exchange(
        address,
        "POST /v1/submissions HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
        &chunked,
    );
    assert_eq!(answer.status, 413);
    // Not what it says it is: 400.
    let answer = submit(
        address,
        "application/zip",
        br#"{"format":"claimdesk.claim/1"}"#,
    );
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["code"], "E_SUBMIT_UNREADABLE");
    let answer = submit(address, "application/pdf", b"");
    assert_eq!(answer.status, 400);
    // A claim file that is no claim: 200, refused, with why.
    let answer = submit(address, "application/json", br#"{"hello": "world"}"#);
    assert_eq!(answer.status, 200);
    let result = &answer.json()["results"][0];
    assert_eq!(result["outcome"], "refused");
    assert!(result["code"].as_str().unwrap().starts_with("E_"));
    assert!(result.get("receipt").is_none());
    assert_eq!(kept(&server, "refusals"), 0);
}

#[test]
fn a_database_that_is_away_is_503_with_retry_after_and_then_answers() {
    let server = TestPostgres::start();
    let serving = served(&server, "away");
    let body = bundle(1..3);
    server.stop();
    let answer = submit(&serving.1, "application/zip", &body);
    assert_eq!(answer.status, 503);
    assert!(
        answer.headers.contains("retry-after: 5"),
        "{}",
        answer.headers
    );
    assert_eq!(answer.json()["code"], "E_ASSOC_UNAVAILABLE");
    server.start_again();
    let answer = submit(&serving.1, "application/zip", &body);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["results"][1]["outcome"], "received");
    assert_eq!(kept(&server, "away"), 2);
}

/// `kill -9` of the server while four senders keep submitting: every claim
/// it answered 200 for is in the database with the very receipt it gave,
/// and a server started again answers the same bundle `unchanged`.
#[test]
fn a_server_killed_mid_intake_loses_nothing_it_answered() {
    let server = TestPostgres::start();
    let mut serving = served(&server, "killed");
    let address = serving.1.clone();
    let answered = std::sync::Mutex::new(Vec::<(String, String, Vec<u8>)>::new());
    let sent = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for sender in 0..4 {
            let (address, answered, sent) = (&address, &answered, &sent);
            scope.spawn(move || {
                for round in 0.. {
                    let first = 1_000 + sender * 100_000 + round * 5;
                    let body = bundle(first..first + 5);
                    let head = format!(
                        "POST /v1/submissions HTTP/1.1\r\nContent-Type: application/zip\r\nContent-Length: {}",
                        body.len()
                    );
                    let Some(answer) = try_exchange(address, &head, &body) else {
                        return;
                    };
                    if answer.status != 200 {
                        return;
                    }
                    sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    for result in answer.json()["results"].as_array().unwrap() {
                        answered.lock().unwrap().push((
                            result["claim_id"].as_str().unwrap().to_owned(),
                            result["receipt"].as_str().unwrap().to_owned(),
                            body.clone(),
                        ));
                    }
                }
            });
        }
        // Let them work, then kill the server where it stands.
        while sent.load(std::sync::atomic::Ordering::Relaxed) < 8 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
        serving.0.kill().unwrap();
        serving.0.wait().unwrap();
    });
    let answered = answered.into_inner().unwrap();
    assert!(answered.len() >= 40, "{} answered", answered.len());
    let desk = claim_assoc::desk::Desk::new(
        claimdesk_server::store::PgStore::connect(&server.url("killed")).unwrap(),
    );
    let kept = desk.list(true).unwrap();
    for (claim_id, receipt, _) in &answered {
        let claim = kept
            .iter()
            .find(|claim| claim.facts.claim_id.as_deref() == Some(claim_id.as_str()))
            .unwrap_or_else(|| panic!("{claim_id} was answered and is not kept"));
        assert_eq!(
            desk.receipt_file(&claim.id).unwrap().as_deref(),
            Some(receipt.as_bytes()),
            "{claim_id}'s receipt"
        );
    }
    // Started again: the last bundle answered is unchanged, same receipts.
    let again = serve(&server.url("killed"));
    let (claim_id, receipt, body) = answered.last().unwrap();
    let answer = submit(&again.1, "application/zip", body).json();
    let result = answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["claim_id"] == claim_id.as_str())
        .unwrap();
    assert_eq!(result["outcome"], "unchanged");
    assert_eq!(result["receipt"], receipt.as_str());
}

/// The cake shop's claim PDF, as a shop's app makes it.
fn claim_pdf() -> Vec<u8> {
    let document = serde_json::Value::Object(example("kakao-cake-prior-week"));
    let options = claim_pdf::Options {
        lang: claim_core::Lang::Ko,
        draft: false,
        at: "2026-11-25T05:05:00Z".parse().unwrap(),
        include_customer_details: false,
        number: Some("CD-2026-000017".into()),
        font: claim_pdf::FontChoice::System,
        incidents: claim_core::Incidents::built_in(),
    };
    claim_pdf::render(&document, &[], &options).unwrap().bytes
}

#[test]
fn a_pdf_is_read_in_a_worker_process_and_one_that_takes_too_much_ends_only_that() {
    let server = TestPostgres::start();
    let pdf = claim_pdf();
    let serving = served(&server, "worker");
    let answer = submit(&serving.1, "application/pdf", &pdf);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["results"][0]["outcome"], "received");
    drop(serving);

    // A worker with 2 MB of heap cannot read it: refused alone, with the
    // code that says so; the server answers on, and nothing is kept.
    let url = schema_database(&server, "tight");
    let serving = support::serve_with(&url, &[("CLAIMDESK_WORKER_LIMITS", "2,5,5000")]);
    let answer = submit(&serving.1, "application/pdf", &pdf);
    assert_eq!(answer.status, 200);
    let result = &answer.json()["results"][0];
    assert_eq!(result["outcome"], "refused", "{result}");
    assert_eq!(result["code"], "E_FILE_TOO_COMPLEX", "{result}");
    assert_eq!(kept(&server, "tight"), 0);
    let next = submit(&serving.1, "application/zip", &bundle(1..2));
    assert_eq!(next.json()["results"][0]["outcome"], "received");
}
