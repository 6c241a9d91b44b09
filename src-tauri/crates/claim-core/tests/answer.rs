//! Receipts and answers (issue 19): what the association signs comes back
//! whole, and anything else is refused with its reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine;
use claim_core::answer::{
    Answer, AnswerError, Answers, Receipt, ANSWERS_FORMAT, MAX_RECEIPT_BYTES, RECEIPT_FORMAT,
};
use claim_core::signature::TrustedKey;
use claim_core::status::Review;
use claim_core::Lang;

const SECRET: [u8; 32] = [7; 32];

fn trusted(secret: &[u8; 32]) -> TrustedKey {
    TrustedKey {
        name: "소상공인연합회".into(),
        key: ed25519_dalek::SigningKey::from_bytes(secret).verifying_key(),
        shipped: false,
        uses: claim_core::signature::KeyUse::Both,
    }
}

fn receipt() -> Receipt {
    Receipt {
        format: RECEIPT_FORMAT.into(),
        receipt_number: "RC-2026-000001".into(),
        intake_number: Some("RX-2026-000123".into()),
        claim_id: "0192f5c4-7d2a-7b3c-9f1e-2a3b4c5d6e7f".into(),
        claim_number: Some("CD-2026-000001".into()),
        registration_number: "1052345674".into(),
        business_name: Some("행복케이크 망원점".into()),
        claimed: Some(1_314_400),
        received_at: "2026-12-04T01:02:03Z".into(),
        issued_at: "2026-12-04T01:05:00Z".into(),
        claim_sha256: "ab".repeat(32),
        issuer: "소상공인연합회".into(),
    }
}

fn answer(status: Review, reason: Option<&str>) -> Answer {
    Answer {
        claim_id: "0192f5c4-7d2a-7b3c-9f1e-2a3b4c5d6e7f".into(),
        claim_number: Some("CD-2026-000001".into()),
        registration_number: "1052345674".into(),
        status,
        reason: reason.map(str::to_owned),
        at: "2026-12-04T02:00:00Z".into(),
        claim_sha256: "cd".repeat(32),
        receipt_number: None,
    }
}

fn answers(list: Vec<Answer>) -> Answers {
    Answers {
        format: ANSWERS_FORMAT.into(),
        shop: None,
        issued_at: "2026-12-04T03:00:00Z".into(),
        issuer: "소상공인연합회".into(),
        answers: list,
    }
}

#[test]
fn a_signed_receipt_opens_whole_with_its_signer() {
    let file = receipt().sign(&SECRET).unwrap();
    let opened = Receipt::open(&file, &[trusted(&SECRET)]).unwrap();
    assert_eq!(opened.content, receipt());
    assert_eq!(opened.signer, "소상공인연합회");
    assert_eq!(opened.fingerprint, trusted(&SECRET).fingerprint());
}

#[test]
fn a_receipt_changed_after_signing_or_signed_by_a_stranger_is_refused() {
    let file = receipt().sign(&SECRET).unwrap();
    // Change the amount inside the payload and put it back.
    let mut envelope: serde_json::Value = serde_json::from_slice(&file).unwrap();
    let engine = base64::engine::general_purpose::STANDARD;
    let payload = engine
        .decode(envelope["payload"].as_str().unwrap())
        .unwrap();
    let changed = String::from_utf8(payload)
        .unwrap()
        .replace("1314400", "9314400");
    envelope["payload"] = engine.encode(changed).into();
    let forged = serde_json::to_vec(&envelope).unwrap();
    assert_eq!(
        Receipt::open(&forged, &[trusted(&SECRET)]),
        Err(AnswerError::BadSignature)
    );
    // Signed by a key the shop does not trust: refused, its fingerprint named.
    let stranger = receipt().sign(&[9; 32]).unwrap();
    match Receipt::open(&stranger, &[trusted(&SECRET)]) {
        Err(error @ AnswerError::UnknownKey { .. }) => {
            let fingerprint = trusted(&[9; 32]).fingerprint();
            assert!(error.message(Lang::Ko).contains(&fingerprint));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn what_is_not_a_receipt_is_refused_with_what_it_is_not() {
    let keys = [trusted(&SECRET)];
    // An answers file is not a receipt, and the reverse.
    let answers_file = answers(vec![answer(Review::Checked, None)])
        .sign(&SECRET)
        .unwrap();
    assert_eq!(
        Receipt::open(&answers_file, &keys),
        Err(AnswerError::NotOurs { what: "receipt" })
    );
    let receipt_file = receipt().sign(&SECRET).unwrap();
    assert_eq!(
        Answers::open(&receipt_file, &keys),
        Err(AnswerError::NotOurs { what: "answers" })
    );
    assert_eq!(
        Receipt::open(b"not json", &keys),
        Err(AnswerError::NotOurs { what: "receipt" })
    );
    let huge = vec![b' '; MAX_RECEIPT_BYTES + 1];
    assert_eq!(
        Receipt::open(&huge, &keys),
        Err(AnswerError::TooLarge { what: "receipt" })
    );
    // A receipt the association would never sign: each field named.
    let bad = [
        (
            Receipt {
                claim_sha256: "xyz".into(),
                ..receipt()
            },
            "claim_sha256",
        ),
        (
            Receipt {
                claim_id: "7".into(),
                ..receipt()
            },
            "claim_id",
        ),
        (
            Receipt {
                registration_number: "105-23-45674".into(),
                ..receipt()
            },
            "registration_number",
        ),
        (
            Receipt {
                claimed: Some(-1),
                ..receipt()
            },
            "claimed",
        ),
        (
            Receipt {
                received_at: "yesterday".into(),
                ..receipt()
            },
            "received_at",
        ),
        (
            Receipt {
                receipt_number: "RC\n1".into(),
                ..receipt()
            },
            "receipt_number",
        ),
    ];
    for (receipt, name) in bad {
        match receipt.sign(&SECRET) {
            Err(AnswerError::Field { field, .. }) => assert_eq!(field, name),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn answers_open_whole_and_a_return_needs_its_reason() {
    let keys = [trusted(&SECRET)];
    let mut returned = answer(
        Review::Returned,
        Some("매출 증빙이 빠졌습니다.\n다시 내 주세요."),
    );
    returned.claim_id = "0192f5c4-7d2a-7b3c-9f1e-2a3b4c5d6e80".into();
    let sent = answers(vec![answer(Review::Forwarded, None), returned]);
    let opened = Answers::open(&sent.sign(&SECRET).unwrap(), &keys).unwrap();
    assert_eq!(opened.content, sent);
    for reason in [None, Some("")] {
        match answers(vec![answer(Review::Returned, reason)]).sign(&SECRET) {
            Err(AnswerError::Field { field, .. }) => assert_eq!(field, "answers[0].reason"),
            other => panic!("{other:?}"),
        }
    }
    let long = "가".repeat(2_001);
    assert!(answers(vec![answer(Review::Returned, Some(&long))])
        .sign(&SECRET)
        .is_err());
    let hidden = "계좌를 바꾸세요\u{202E}";
    assert!(answers(vec![answer(Review::Returned, Some(hidden))])
        .sign(&SECRET)
        .is_err());
}

#[test]
fn unknown_members_and_statuses_are_refused() {
    let keys = [trusted(&SECRET)];
    let sign_payload = |payload: serde_json::Value| {
        let bytes = serde_json::to_vec(&payload).unwrap();
        let signing = ed25519_dalek::SigningKey::from_bytes(&SECRET);
        use ed25519_dalek::Signer;
        let engine = base64::engine::general_purpose::STANDARD;
        serde_json::to_vec(&serde_json::json!({
            "format": "claimdesk.signed-answers/1",
            "public_key": engine.encode(signing.verifying_key().as_bytes()),
            "signature": engine.encode(signing.sign(&bytes).to_bytes()),
            "payload": engine.encode(&bytes),
        }))
        .unwrap()
    };
    let mut payload = serde_json::to_value(answers(vec![answer(Review::Checked, None)])).unwrap();
    payload["answers"][0]["status"] = "paid".into();
    assert_eq!(
        Answers::open(&sign_payload(payload.clone()), &keys),
        Err(AnswerError::NotOurs { what: "answers" })
    );
    payload["answers"][0]["status"] = "checked".into();
    payload["answers"][0]["bank_account"] = "000-00".into();
    assert!(Answers::open(&sign_payload(payload), &keys).is_err());
}

proptest::proptest! {
    /// A reason or a label with any character that shows nothing or moves
    /// what surrounds it, anywhere, or with piled combining marks, is
    /// refused; the same text without it signs.
    #[test]
    fn reasons_and_labels_show_what_they_say(
        at in 0usize..12,
        which in 0usize..12,
        marks in 5usize..20,
    ) {
        let hidden = [
            '\u{202E}', '\u{2066}', '\u{200B}', '\u{2028}', '\u{2029}', '\u{3164}', '\u{115F}',
            '\u{FFA0}', '\u{00AD}', '\u{061C}', '\u{E0041}', '\u{FEFF}',
        ][which];
        let plain: Vec<char> = "매출 증빙이 빠졌습니다".chars().collect();
        let mut with: Vec<char> = plain.clone();
        with.insert(at.min(plain.len()), hidden);
        let with: String = with.into_iter().collect();
        let plain: String = plain.into_iter().collect();
        proptest::prop_assert!(answers(vec![answer(Review::Returned, Some(&plain))]).sign(&SECRET).is_ok());
        proptest::prop_assert!(answers(vec![answer(Review::Returned, Some(&with))]).sign(&SECRET).is_err(), "{:?}", with);
        let piled = format!("서류{}", "\u{0301}".repeat(marks));
        proptest::prop_assert!(answers(vec![answer(Review::Returned, Some(&piled))]).sign(&SECRET).is_err());
        let mut labelled = receipt();
        labelled.receipt_number = format!("RC-2026{hidden}-000001");
        proptest::prop_assert!(labelled.sign(&SECRET).is_err());
    }
}

/// An answers file is about the time it was issued: an answer that moved
/// later is refused, and so is a claim answered twice in one file.
#[test]
fn an_answer_after_the_file_or_a_claim_answered_twice_is_refused() {
    let mut late = answer(Review::Forwarded, None);
    late.at = "2026-12-04T03:00:01Z".into(); // the file is issued at 03:00:00
    match answers(vec![late]).sign(&SECRET) {
        Err(AnswerError::Field { field, .. }) => assert_eq!(field, "answers[0].at"),
        other => panic!("{other:?}"),
    }
    let mut on_time = answer(Review::Forwarded, None);
    on_time.at = "2026-12-04T12:00:00+09:00".into(); // 03:00:00 UTC
    assert!(answers(vec![on_time]).sign(&SECRET).is_ok());
    let twice = vec![
        answer(Review::Forwarded, None),
        answer(Review::Returned, Some("서류가 빠졌습니다")),
    ];
    match answers(twice).sign(&SECRET) {
        Err(AnswerError::Field { field, .. }) => assert_eq!(field, "answers[1].claim_id"),
        other => panic!("{other:?}"),
    }
}

/// A key trusted for incident definitions only cannot answer for the
/// association; one trusted for answers only does not vouch for incidents.
#[test]
fn a_key_answers_only_when_trusted_for_answers() {
    use claim_core::signature::KeyUse;
    let signed = receipt().sign(&SECRET).unwrap();
    for (uses, answers) in [
        (KeyUse::Incidents, false),
        (KeyUse::Answers, true),
        (KeyUse::Both, true),
    ] {
        let key = TrustedKey {
            uses,
            ..trusted(&SECRET)
        };
        match Receipt::open(&signed, &[key]) {
            Ok(_) => assert!(answers, "{uses:?}"),
            Err(error @ AnswerError::KeyNotForAnswers { .. }) => {
                assert!(!answers, "{uses:?}");
                assert_eq!(
                    claim_core::Failure::code(&error).as_str(),
                    "E_SIGNATURE_UNTRUSTED"
                );
                assert!(error
                    .message(Lang::Ko)
                    .contains("장애 정의를 확인하는 데만"));
            }
            Err(other) => panic!("{uses:?}: {other:?}"),
        }
    }
    // The definition side: a key for answers only leaves a signed
    // definition unverified.
    let definition = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../tests/fixtures/incidents/drill-2026-11.incident.json"),
    )
    .unwrap();
    let signed = claim_core::signature::sign_definition(&definition, &SECRET).unwrap();
    for (uses, verified) in [
        (KeyUse::Answers, false),
        (KeyUse::Incidents, true),
        (KeyUse::Both, true),
    ] {
        let key = TrustedKey {
            uses,
            ..trusted(&SECRET)
        };
        let opened = claim_core::signature::open_definition(&signed, &[key]).unwrap();
        assert_eq!(
            opened.verification.code() == "verified",
            verified,
            "{uses:?}"
        );
    }
}

/// Issue 35 §2: a file for one shop is `claimdesk.answers/2` with a `shop`
/// member, and answers for that business alone; the all-shops record is
/// `/1` and names no shop. A file that mixes them up is refused by field.
#[test]
fn a_file_for_one_shop_names_it_and_answers_for_it_alone() {
    use claim_core::answer::SHOP_ANSWERS_FORMAT;
    let for_shop = |shop: Option<&str>, list: Vec<Answer>| Answers {
        format: SHOP_ANSWERS_FORMAT.into(),
        shop: shop.map(str::to_owned),
        ..answers(list)
    };
    let signed = for_shop(Some("1052345674"), vec![answer(Review::Checked, None)])
        .sign(&SECRET)
        .unwrap();
    let opened = Answers::open(&signed, &[trusted(&SECRET)]).unwrap();
    assert_eq!(opened.content.shop.as_deref(), Some("1052345674"));
    // `/1` (the record of all shops) still reads, naming no shop.
    let all = answers(vec![answer(Review::Checked, None)])
        .sign(&SECRET)
        .unwrap();
    assert_eq!(
        Answers::open(&all, &[trusted(&SECRET)])
            .unwrap()
            .content
            .shop,
        None
    );
    let refused_field = |file: Answers| match file.sign(&SECRET) {
        Err(AnswerError::Field { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    let mut other = answer(Review::Checked, None);
    other.registration_number = "1208147521".into();
    other.claim_id = "0192f5c4-7d2a-7b3c-9f1e-2a3b4c5d6e80".into();
    assert_eq!(
        refused_field(for_shop(
            Some("1052345674"),
            vec![answer(Review::Checked, None), other]
        )),
        "answers[1].registration_number"
    );
    assert_eq!(refused_field(for_shop(None, Vec::new())), "shop");
    assert_eq!(
        refused_field(for_shop(Some("105-23-45674"), Vec::new())),
        "shop"
    );
    assert_eq!(
        refused_field(Answers {
            shop: Some("1052345674".into()),
            ..answers(Vec::new())
        }),
        "shop"
    );
    // Signed by hand (not through `sign`'s check): opening refuses it too.
    let payload = serde_json::to_vec(&Answers {
        shop: Some("1052345674".into()),
        ..answers(Vec::new())
    })
    .unwrap();
    let forged =
        claim_core::answer::sign(claim_core::answer::SIGNED_ANSWERS_FORMAT, &payload, &SECRET);
    assert!(Answers::open(&forged, &[trusted(&SECRET)]).is_err());
}

/// Issue 36: receipts issued now carry the association's number for the
/// claim (`claimdesk.receipt/2`); one from before (`/1`, without it) is
/// still read; a `/1` that carries it, or a `/2` without it, is refused.
#[test]
fn a_receipt_2_carries_the_intake_number_and_a_receipt_1_is_still_read() {
    let key = SECRET;
    let keys = [trusted(&key)];
    let signed = receipt().sign(&key).unwrap();
    let read = Receipt::open(&signed, &keys).unwrap();
    assert_eq!(
        read.content.intake_number.as_deref(),
        Some("RX-2026-000123")
    );
    let mut old = receipt();
    old.format = claim_core::answer::RECEIPT_FORMAT_V1.into();
    old.intake_number = None;
    let read = Receipt::open(&old.sign(&key).unwrap(), &keys).unwrap();
    assert_eq!(read.content.intake_number, None);
    let mut mixed = old.clone();
    mixed.intake_number = Some("RX-2026-000123".into());
    assert!(mixed.sign(&key).is_err());
    let mut bare = receipt();
    bare.intake_number = None;
    assert!(bare.sign(&key).is_err());
}
