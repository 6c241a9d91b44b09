//! Shops hearing back (`GET /v1/nonce`, `GET /v1/answers`) on a running
//! `claimdesk-server` and a PostgreSQL of the test's own: a business reads
//! the answers about the claims its key sent, and nothing else; a request
//! counts once, and only signed by its key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claim_core::answer::Answers;
use claim_core::asking::sign_request;
use claim_core::signature::TrustedKey;
use claim_core::status::Review;
use proptest::prelude::*;
use serde_json::json;
use support::{
    bundle, call, count, exchange, serve, signed_in, staff_database, submit_as, Answer,
    TestPostgres, SECRET,
};

const SHOP_A: [u8; 32] = [21; 32];
const SHOP_B: [u8; 32] = [22; 32];
const STRANGER: [u8; 32] = [23; 32];

fn nonce(address: &str) -> String {
    let answer = exchange(address, "GET /v1/nonce HTTP/1.1", b"");
    assert_eq!(answer.status, 200);
    answer.json()["nonce"].as_str().unwrap().to_owned()
}

/// `GET /v1/answers` with these header values.
fn ask_with(address: &str, since: &str, key: &str, nonce: &str, signature: &str) -> Answer {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("since", since)
        .finish();
    exchange(
        address,
        &format!(
            "GET /v1/answers?{query} HTTP/1.1\r\nClaimDesk-Shop-Key: {key}\r\n\
             ClaimDesk-Nonce: {nonce}\r\nClaimDesk-Signature: {signature}"
        ),
        b"",
    )
}

/// The answers `shop` reads from `since`, verified as the server's.
fn ask(address: &str, shop: &[u8; 32], since: &str) -> Answers {
    let nonce = nonce(address);
    let signed = sign_request(shop, &nonce, since);
    let answer = ask_with(address, since, &signed.key, &nonce, &signed.signature);
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let server = TrustedKey::of_secret("연합회 회신 키", &SECRET);
    Answers::open(&answer.body, &[server]).unwrap().content
}

fn numbers(answers: &Answers) -> Vec<String> {
    let mut numbers: Vec<String> = answers
        .answers
        .iter()
        .map(|answer| answer.registration_number.clone())
        .collect();
    numbers.sort();
    numbers
}

#[test]
fn a_shop_reads_the_answers_about_what_its_key_sent_and_nothing_else() {
    let server = TestPostgres::start();
    let url = staff_database(&server);
    let serving = serve(&url);
    let address = serving.1.as_str();
    // Shop A's key sends two claims, shop B's one, and one comes with no key.
    for (shops, key) in [(1..3, Some(&SHOP_A)), (3..4, Some(&SHOP_B)), (4..5, None)] {
        let answer = submit_as(address, "application/zip", &bundle(shops), key);
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
    }
    assert_eq!(count(&url, "SELECT count(*) FROM shop_key", &[]), 3);

    let shop = |n: usize| -> String {
        claim_assoc::suite::shop_number(n)
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    };
    assert_eq!(numbers(&ask(address, &SHOP_A, "")), [shop(1), shop(2)]);
    assert_eq!(numbers(&ask(address, &SHOP_B, "")), [shop(3)]);
    // A key that sent nothing, and a registration number alone, read nothing.
    assert!(ask(address, &STRANGER, "").answers.is_empty());

    // The staff return shop 1's claim with a reason.
    let staff = signed_in(address, "kim");
    let table = call(address, Some(&staff), true, "assoc_table", &json!({})).json();
    let row = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["registration_number"] == shop(1).as_str())
        .unwrap_or_else(|| panic!("{table}"))
        .clone();
    let returned = call(
        address,
        Some(&staff),
        true,
        "assoc_review",
        &json!({"id": row["id"], "status": "returned", "note": "통장 사본이 필요합니다.", "seen": row["review_version"]}),
    );
    assert_eq!(
        returned.status,
        200,
        "{}",
        String::from_utf8_lossy(&returned.body)
    );

    let all = ask(address, &SHOP_A, "");
    let answer = all
        .answers
        .iter()
        .find(|answer| answer.registration_number == shop(1))
        .unwrap();
    assert_eq!(answer.status, Review::Returned);
    assert_eq!(answer.reason.as_deref(), Some("통장 사본이 필요합니다."));
    // From the return on: that answer alone (its own instant included).
    let since = ask(address, &SHOP_A, &answer.at);
    assert_eq!(numbers(&since), [shop(1)]);
    assert!(ask(address, &SHOP_A, "2099-01-01T00:00:00Z")
        .answers
        .is_empty());
    assert!(ask(address, &SHOP_B, "")
        .answers
        .iter()
        .all(|a| a.status != Review::Returned));

    // Shop B sends shop 1's claim again: kept as it was, and still not B's
    // to read (the first key stays bound).
    let again = submit_as(address, "application/zip", &bundle(1..2), Some(&SHOP_B));
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["results"][0]["outcome"], "unchanged");
    assert_eq!(numbers(&ask(address, &SHOP_B, "")), [shop(3)]);
    assert_eq!(numbers(&ask(address, &SHOP_A, "")), [shop(1), shop(2)]);
}

#[test]
fn a_request_counts_once_and_only_signed_by_its_key() {
    let server = TestPostgres::start();
    let url = staff_database(&server);
    let serving = serve(&url);
    let address = serving.1.as_str();
    let sent = submit_as(address, "application/zip", &bundle(1..2), Some(&SHOP_A));
    assert_eq!(sent.status, 200);
    let code = |answer: &Answer| {
        answer.json()["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };

    // The same request twice: the second is refused, whatever it carries.
    let first = nonce(address);
    let signed = sign_request(&SHOP_A, &first, "");
    assert_eq!(
        ask_with(address, "", &signed.key, &first, &signed.signature).status,
        200
    );
    let replayed = ask_with(address, "", &signed.key, &first, &signed.signature);
    assert_eq!(
        (replayed.status, code(&replayed)),
        (401, "E_ASKING_NONCE".to_owned())
    );

    // Signed by another key than the one it names: refused, and the nonce
    // is not spent by it.
    let second = nonce(address);
    let forged = sign_request(&STRANGER, &second, "");
    let wrong = ask_with(address, "", &signed.key, &second, &forged.signature);
    assert_eq!(
        (wrong.status, code(&wrong)),
        (401, "E_ASKING_REFUSED".to_owned())
    );
    // Signed over another cursor than the one asked.
    let other_cursor = sign_request(&SHOP_A, &second, "");
    let moved = ask_with(
        address,
        "2020-01-01T00:00:00Z",
        &other_cursor.key,
        &second,
        &other_cursor.signature,
    );
    assert_eq!(code(&moved), "E_ASKING_REFUSED");
    let right = sign_request(&SHOP_A, &second, "");
    assert_eq!(
        ask_with(address, "", &right.key, &second, &right.signature).status,
        200
    );

    // A nonce never issued, and one issued too long ago.
    let made_up = sign_request(&SHOP_A, "made-up-nonce", "");
    assert_eq!(
        code(&ask_with(
            address,
            "",
            &made_up.key,
            "made-up-nonce",
            &made_up.signature
        )),
        "E_ASKING_NONCE"
    );
    let old = nonce(address);
    support::block_on(async {
        support::client(&url)
            .await
            .execute(
                "UPDATE asking_nonce SET issued_at = now() - interval '6 minutes' WHERE nonce = $1",
                &[&old],
            )
            .await
            .unwrap();
    });
    let late = sign_request(&SHOP_A, &old, "");
    assert_eq!(
        code(&ask_with(address, "", &late.key, &old, &late.signature)),
        "E_ASKING_NONCE"
    );

    // A submission whose key header holds no key: refused, nothing kept.
    let before = count(&url, "SELECT count(*) FROM received", &[]);
    let body = bundle(2..3);
    let refused = exchange(
        address,
        &format!(
            "POST /v1/submissions HTTP/1.1\r\nContent-Type: application/zip\r\nContent-Length: {}\r\nClaimDesk-Shop-Key: not-a-key",
            body.len()
        ),
        &body,
    );
    assert_eq!(
        (refused.status, code(&refused)),
        (400, "E_ASKING_REFUSED".to_owned())
    );
    assert_eq!(count(&url, "SELECT count(*) FROM received", &[]), before);

    // Whatever the headers hold, no answer but shop A's own is read with
    // them, and the server goes on answering.
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(24));
    runner
        .run(
            &(
                "[ -~]{0,100}",
                "[A-Za-z0-9_-]{0,70}",
                "[ -~]{0,40}",
                "[ -~]{0,100}",
            ),
            |(key, nonce_text, since, signature)| {
                let answer = ask_with(address, &since, &key, &nonce_text, &signature);
                prop_assert!(
                    answer.status == 401 || answer.status == 400,
                    "{}",
                    answer.status
                );
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(ask(address, &SHOP_A, "").answers.len(), 1);
}
