//! Issue 19 on the command line: the shop's bundle is taken in, returned
//! with a reason, answered; the shop sees the reason, corrects, bundles
//! again; the association sees the replacement, issues a receipt; the shop
//! imports it and its claim is submitted. Forged and foreign files are
//! refused with their reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{run_in, succeeded};
use std::path::{Path, PathBuf};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../tests/fixtures/examples/{name}.claim.json"))
}

fn said(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

#[test]
fn a_claim_goes_round_from_shop_to_association_and_back() {
    let shop = tempfile::tempdir().unwrap();
    let association = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let file = |name: &str| files.path().join(name).to_str().unwrap().to_owned();
    let key = file("association.key");
    let public = succeeded(&run_in(
        association.path(),
        &["incident", "keygen", "-o", &key],
    ))
    .trim()
    .to_owned();
    succeeded(&run_in(
        shop.path(),
        &[
            "incident",
            "trust-key",
            &public,
            "--name",
            "소상공인연합회 접수",
            "--for",
            "both",
        ],
    ));

    // The shop hands in a bundle; the association takes it in.
    let id = succeeded(&run_in(
        shop.path(),
        &["import", example("kakao-cake-prior-week").to_str().unwrap()],
    ))
    .trim()
    .to_owned();
    succeeded(&run_in(
        shop.path(),
        &["bundle", &id, "-o", &file("first.zip")],
    ));
    succeeded(&run_in(
        association.path(),
        &["assoc", "import", &file("first.zip")],
    ));
    let received = json(&succeeded(&run_in(
        association.path(),
        &["assoc", "list", "--json"],
    )));
    let first = received[0]["id"].as_str().unwrap().to_owned();

    // Returned with a reason; the answers go back.
    succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "review",
            &first,
            "returned",
            "--note",
            "영업 신고증 사본을 붙여 주세요.",
        ],
    ));
    succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "answers",
            "-o",
            &file("answers.json"),
            "--key",
            &key,
        ],
    ));
    let imported = succeeded(&run_in(
        shop.path(),
        &["import-answer", &file("answers.json")],
    ));
    assert!(imported.contains("회신 1건 반영"), "{imported}");
    assert!(
        imported.contains("returned: 영업 신고증 사본을 붙여 주세요."),
        "{imported}"
    );
    let listed = json(&succeeded(&run_in(shop.path(), &["list", "--json"])));
    assert_eq!(listed[0]["status"], "draft", "open for editing again");
    // The whole row the window lists, not nine hand-picked fields (issue 37).
    for key in [
        "editable",
        "period_from",
        "missing_evidence",
        "documents_deadline",
        "intake_number",
        "created_at",
    ] {
        assert!(
            listed[0].get(key).is_some(),
            "list --json lacks {key}: {}",
            listed[0]
        );
    }
    // The same file again changes nothing.
    let again = succeeded(&run_in(
        shop.path(),
        &["import-answer", &file("answers.json")],
    ));
    assert!(
        again.contains("회신 0건 반영, 이미 반영한 것 1건"),
        "{again}"
    );

    // The receipt of the first version is for content the shop no longer
    // has once it corrects the claim.
    let stale = file("stale.receipt.json");
    succeeded(&run_in(
        association.path(),
        &["assoc", "receipt", &first, "-o", &stale, "--key", &key],
    ));

    // The shop corrects it (its narrative) and hands it in again.
    let export = file("own.json");
    succeeded(&run_in(shop.path(), &["export", &id, "-o", &export]));
    let mut corrected = json(&std::fs::read_to_string(&export).unwrap());
    corrected["narrative"] = "영업 신고증 사본을 붙였습니다.".into();
    std::fs::write(&export, corrected.to_string()).unwrap();
    // `import` refuses a claim already stored; the window saves edits. Here
    // the owner's edit is made through the store the way the window does.
    let mut store = claim_store::Store::open(shop.path()).unwrap();
    store.save_claim(corrected.to_string().as_bytes()).unwrap();
    drop(store);
    succeeded(&run_in(
        shop.path(),
        &["bundle", &id, "-o", &file("second.zip")],
    ));
    succeeded(&run_in(
        association.path(),
        &["assoc", "import", &file("second.zip")],
    ));
    let all = json(&succeeded(&run_in(
        association.path(),
        &["assoc", "list", "--all", "--json"],
    )));
    assert_eq!(all.as_array().unwrap().len(), 2);
    let newer = all
        .as_array()
        .unwrap()
        .iter()
        .find(|claim| claim["id"] != first.as_str())
        .unwrap();
    assert!(newer["superseded_by"].is_null());
    let older = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == first.as_str())
        .unwrap();
    assert_eq!(
        older["superseded_by"], newer["id"],
        "the newer claim replaces the returned one"
    );
    let newer_id = newer["id"].as_str().unwrap().to_owned();

    // The stale receipt is refused: other content.
    let refused = run_in(shop.path(), &["import-answer", &stale]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        said(&refused).contains("E_RECEIPT_OTHER_CONTENT"),
        "{}",
        said(&refused)
    );

    // The receipt of the corrected claim: its PDF prints, the shop imports
    // the file, and the claim is submitted with its number.
    let receipt = file("망원 접수증.receipt.json");
    let pdf = file("망원 접수증.pdf");
    let issued = succeeded(&run_in(
        association.path(),
        &[
            "assoc", "receipt", &newer_id, "-o", &receipt, "--pdf", &pdf, "--key", &key,
        ],
    ));
    assert!(issued.contains("RC-"), "{issued}");
    let text = std::process::Command::new("pdftotext")
        .args([pdf.as_str(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<String>();
    let fingerprint = claim_core::signature::fingerprint(
        &claim_core::signature::parse_public_key(&public).unwrap(),
    );
    assert!(text.contains(&fingerprint), "{text}");
    assert!(text.contains("접수증"), "{text}");

    // Tampered: one byte of the signed payload changed.
    let mut envelope = json(&std::fs::read_to_string(&receipt).unwrap());
    let payload = envelope["payload"].as_str().unwrap().to_owned();
    let mut bytes = payload.into_bytes();
    bytes[10] = if bytes[10] == b'A' { b'B' } else { b'A' };
    envelope["payload"] = String::from_utf8(bytes).unwrap().into();
    std::fs::write(file("tampered.json"), envelope.to_string()).unwrap();
    let tampered = run_in(shop.path(), &["import-answer", &file("tampered.json")]);
    assert_eq!(tampered.status.code(), Some(2));
    assert!(
        said(&tampered).contains("E_SIGNATURE_BAD"),
        "{}",
        said(&tampered)
    );
    // Another shop's computer (not holding the claim) refuses it too.
    let elsewhere = tempfile::tempdir().unwrap();
    succeeded(&run_in(
        elsewhere.path(),
        &[
            "incident",
            "trust-key",
            &public,
            "--name",
            "연합회",
            "--for",
            "answers",
        ],
    ));
    let foreign = run_in(elsewhere.path(), &["import-answer", &receipt]);
    assert!(
        said(&foreign).contains("E_RECEIPT_OTHER_CLAIM"),
        "{}",
        said(&foreign)
    );
    // A computer that does not trust the key refuses it, naming the key.
    let untrusting = tempfile::tempdir().unwrap();
    let untrusted = run_in(untrusting.path(), &["import-answer", &receipt]);
    assert!(
        said(&untrusted).contains("E_SIGNATURE_UNTRUSTED"),
        "{}",
        said(&untrusted)
    );
    assert!(
        said(&untrusted).contains(&fingerprint),
        "{}",
        said(&untrusted)
    );

    let done = succeeded(&run_in(shop.path(), &["import-answer", &receipt]));
    assert!(done.contains("제출함으로 표시했습니다"), "{done}");
    let listed = json(&succeeded(&run_in(shop.path(), &["list", "--json"])));
    assert_eq!(listed[0]["status"], "submitted");
    assert!(listed[0]["receipt_number"]
        .as_str()
        .unwrap()
        .starts_with("RC-"));
}

/// A shop and an association with its key, the shop trusting it, and one
/// claim stored at the shop: (shop, association, files, key, claim id).
fn shop_and_association() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    tempfile::TempDir,
    String,
    String,
) {
    let shop = tempfile::tempdir().unwrap();
    let association = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let key = files
        .path()
        .join("association.key")
        .to_str()
        .unwrap()
        .to_owned();
    let public = succeeded(&run_in(
        association.path(),
        &["incident", "keygen", "-o", &key],
    ))
    .trim()
    .to_owned();
    succeeded(&run_in(
        shop.path(),
        &[
            "incident",
            "trust-key",
            &public,
            "--name",
            "소상공인연합회 접수",
            "--for",
            "answers",
        ],
    ));
    let id = succeeded(&run_in(
        shop.path(),
        &["import", example("kakao-cake-prior-week").to_str().unwrap()],
    ))
    .trim()
    .to_owned();
    (shop, association, files, key, id)
}

/// The receipt names the claim's content as it left the shop, whichever
/// way it was handed in: a bundle's line, a PDF's attachment (RFC 8785) or
/// the owner's exported JSON file. The shop takes each.
#[test]
fn a_receipt_is_taken_whichever_way_the_claim_was_handed_in() {
    for (way, args, name) in [
        ("bundle", vec!["bundle"], "claim.zip"),
        ("PDF", vec!["pdf"], "claim.pdf"),
        ("JSON file", vec!["export"], "claim.json"),
    ] {
        let (shop, association, files, key, id) = shop_and_association();
        let sent = files.path().join(name).to_str().unwrap().to_owned();
        let mut make = args.clone();
        make.extend([id.as_str(), "-o", sent.as_str()]);
        succeeded(&run_in(shop.path(), &make));
        succeeded(&run_in(association.path(), &["assoc", "import", &sent]));
        let received = json(&succeeded(&run_in(
            association.path(),
            &["assoc", "list", "--json"],
        )));
        let received_id = received[0]["id"].as_str().unwrap().to_owned();
        let receipt = files.path().join("claim.receipt.json");
        succeeded(&run_in(
            association.path(),
            &[
                "assoc",
                "receipt",
                &received_id,
                "-o",
                receipt.to_str().unwrap(),
                "--key",
                &key,
            ],
        ));
        let taken = run_in(shop.path(), &["import-answer", receipt.to_str().unwrap()]);
        assert_eq!(taken.status.code(), Some(0), "{way}: {}", said(&taken));
        let listed = json(&succeeded(&run_in(shop.path(), &["list", "--json"])));
        assert_eq!(listed[0]["status"], "submitted", "{way}");
    }
}

/// An answer moves a claim only when it is about the content the claim
/// holds now: one about the version before an edit, or naming content no
/// form of the claim has (all zeros), is reported and moves nothing.
#[test]
fn an_answer_about_other_content_moves_nothing() {
    let (shop, association, files, key, id) = shop_and_association();
    let file = |name: &str| files.path().join(name).to_str().unwrap().to_owned();
    succeeded(&run_in(
        shop.path(),
        &["bundle", &id, "-o", &file("sent.zip")],
    ));
    succeeded(&run_in(
        association.path(),
        &["assoc", "import", &file("sent.zip")],
    ));
    let received = json(&succeeded(&run_in(
        association.path(),
        &["assoc", "list", "--json"],
    )));
    let received_id = received[0]["id"].as_str().unwrap().to_owned();
    for review in ["checked", "forwarded"] {
        succeeded(&run_in(
            association.path(),
            &["assoc", "review", &received_id, review],
        ));
    }
    succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "answers",
            "-o",
            &file("answers.json"),
            "--key",
            &key,
        ],
    ));
    // A file for the same claim naming content of all zeros, signed with
    // the association's own key.
    let genuine: serde_json::Value =
        serde_json::from_slice(&std::fs::read(file("answers.json")).unwrap()).unwrap();
    let payload = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        genuine["payload"].as_str().unwrap(),
    )
    .unwrap();
    let mut forged: claim_core::answer::Answers = serde_json::from_slice(&payload).unwrap();
    forged.answers[0].claim_sha256 = "0".repeat(64);
    let secret = claimdesk::app::incidents::read_secret_key(std::path::Path::new(&key)).unwrap();
    std::fs::write(file("zeros.json"), forged.sign(&secret).unwrap()).unwrap();
    let status =
        || json(&succeeded(&run_in(shop.path(), &["list", "--json"])))[0]["status"].clone();
    let bundled = status();
    assert_ne!(bundled, "submitted");
    let imported = succeeded(&run_in(
        shop.path(),
        &["import-answer", &file("zeros.json")],
    ));
    assert!(imported.contains("회신 0건 반영"), "{imported}");
    assert!(imported.contains("다른 내용"), "{imported}");
    // Applied, "forwarded" would have marked the claim submitted.
    assert_eq!(status(), bundled, "the made-up answer moved nothing");

    // The owner edits the claim before the genuine answer arrives: the
    // answer is about what she sent before, and does not mark the edit.
    let mut store = claim_store::Store::open(shop.path()).unwrap();
    let mut edited = store.claim(&id).unwrap().document;
    edited["narrative"] = "내용을 고쳤습니다.".into();
    store.save_claim(edited.to_string().as_bytes()).unwrap();
    drop(store);
    let before = status();
    let imported = succeeded(&run_in(
        shop.path(),
        &["import-answer", &file("answers.json")],
    ));
    assert!(imported.contains("회신 0건 반영"), "{imported}");
    assert_eq!(status(), before, "{imported}");
    let reported = json(&succeeded(&run_in(
        shop.path(),
        &["import-answer", &file("answers.json"), "--json"],
    )));
    assert_eq!(
        reported["other_content"].as_array().unwrap().len(),
        1,
        "{reported}"
    );
}

/// Receipts and answers move a claim by one table: after a return, the
/// old receipt imported again does not close the reopened claim; a review
/// that moves on to forwarded after the return closes it again.
#[test]
fn a_return_is_undone_only_by_the_association_never_by_an_old_receipt() {
    let (shop, association, files, key, id) = shop_and_association();
    let file = |name: &str| files.path().join(name).to_str().unwrap().to_owned();
    let status =
        || json(&succeeded(&run_in(shop.path(), &["list", "--json"])))[0]["status"].clone();
    succeeded(&run_in(
        shop.path(),
        &["bundle", &id, "-o", &file("sent.zip")],
    ));
    succeeded(&run_in(
        association.path(),
        &["assoc", "import", &file("sent.zip")],
    ));
    let received = json(&succeeded(&run_in(
        association.path(),
        &["assoc", "list", "--json"],
    )));
    let received_id = received[0]["id"].as_str().unwrap().to_owned();
    succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "receipt",
            &received_id,
            "-o",
            &file("receipt.json"),
            "--key",
            &key,
        ],
    ));
    succeeded(&run_in(
        shop.path(),
        &["import-answer", &file("receipt.json")],
    ));
    assert_eq!(status(), "submitted");
    let answer = |reviews: &[&str], name: &str| {
        for review in reviews {
            let mut args = vec!["assoc", "review", received_id.as_str(), review];
            if *review == "returned" {
                args.extend(["--note", "사업자등록증 사본을 붙여 주세요.\n회신 9건 반영"]);
            }
            succeeded(&run_in(association.path(), &args));
        }
        succeeded(&run_in(
            association.path(),
            &["assoc", "answers", "-o", &file(name), "--key", &key],
        ));
        succeeded(&run_in(shop.path(), &["import-answer", &file(name)]))
    };
    let printed = answer(&["returned"], "returned.json");
    assert_eq!(status(), "draft", "reopened for editing");
    // The reason's second line stays indented under its answer.
    assert!(
        printed.lines().any(|line| line == "      회신 9건 반영"),
        "{printed}"
    );
    assert!(
        !printed.lines().any(|line| line.starts_with("회신 9건")),
        "{printed}"
    );
    // The receipt from before the return, imported again.
    let again = run_in(shop.path(), &["import-answer", &file("receipt.json")]);
    assert_eq!(again.status.code(), Some(2), "{}", said(&again));
    assert!(
        said(&again).contains("E_RECEIPT_BEFORE_RETURN"),
        "{}",
        said(&again)
    );
    assert_eq!(status(), "draft", "still open");
    // The association takes the return back and forwards the claim.
    let imported = answer(&["received", "checked", "forwarded"], "forwarded.json");
    assert!(imported.contains("회신 1건 반영"), "{imported}");
    assert_eq!(status(), "submitted", "closed again, not left editable");
}

/// A key carries what it vouches for: trusted for incident definitions
/// (the default), it cannot answer for the association; trusted again for
/// answers, it can.
#[test]
fn a_key_trusted_for_incidents_cannot_answer_for_the_association() {
    let (shop, association, files, key, id) = shop_and_association();
    let file = |name: &str| files.path().join(name).to_str().unwrap().to_owned();
    // Another shop trusts the same key with the default use.
    let other = tempfile::tempdir().unwrap();
    let public = succeeded(&run_in(shop.path(), &["incident", "keys"]))
        .lines()
        .find(|line| line.contains("소상공인연합회 접수"))
        .and_then(|line| line.split_whitespace().nth(1))
        .unwrap()
        .to_owned();
    let listed = succeeded(&run_in(shop.path(), &["incident", "keys"]));
    assert!(
        listed.contains("  answers  소상공인연합회 접수"),
        "{listed}"
    );
    succeeded(&run_in(
        other.path(),
        &["incident", "trust-key", &public, "--name", "상인회"],
    ));
    let exported = file("claim.json");
    succeeded(&run_in(shop.path(), &["export", &id, "-o", &exported]));
    succeeded(&run_in(other.path(), &["import", &exported]));
    succeeded(&run_in(association.path(), &["assoc", "import", &exported]));
    let received = json(&succeeded(&run_in(
        association.path(),
        &["assoc", "list", "--json"],
    )));
    let received_id = received[0]["id"].as_str().unwrap().to_owned();
    succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "receipt",
            &received_id,
            "-o",
            &file("receipt.json"),
            "--key",
            &key,
        ],
    ));
    let refused = run_in(other.path(), &["import-answer", &file("receipt.json")]);
    assert_eq!(refused.status.code(), Some(2), "{}", said(&refused));
    assert!(
        said(&refused).contains("E_SIGNATURE_UNTRUSTED"),
        "{}",
        said(&refused)
    );
    assert!(
        said(&refused).contains("장애 정의를 확인하는 데만"),
        "{}",
        said(&refused)
    );
    succeeded(&run_in(
        other.path(),
        &[
            "incident",
            "trust-key",
            &public,
            "--name",
            "상인회",
            "--for",
            "both",
        ],
    ));
    succeeded(&run_in(
        other.path(),
        &["import-answer", &file("receipt.json")],
    ));
}

/// A receipt is told from an answers file by its envelope, whatever its
/// size: one padded past a receipt's limit is refused as a receipt too
/// large, not as "not an answers file". An answers file issued more than a
/// day after now (by the app's clock) is refused.
#[test]
fn a_reply_is_told_by_its_envelope_and_not_from_the_future() {
    let (shop, association, files, key, id) = shop_and_association();
    let file = |name: &str| files.path().join(name).to_str().unwrap().to_owned();
    succeeded(&run_in(
        shop.path(),
        &["bundle", &id, "-o", &file("sent.zip")],
    ));
    succeeded(&run_in(
        association.path(),
        &["assoc", "import", &file("sent.zip")],
    ));
    let received = json(&succeeded(&run_in(
        association.path(),
        &["assoc", "list", "--json"],
    )));
    let received_id = received[0]["id"].as_str().unwrap().to_owned();
    succeeded(&run_in(
        association.path(),
        &[
            "assoc",
            "receipt",
            &received_id,
            "-o",
            &file("receipt.json"),
            "--key",
            &key,
        ],
    ));
    // The same signed receipt with 70 KB of spaces in its envelope.
    let receipt = std::fs::read_to_string(file("receipt.json")).unwrap();
    let padded = receipt.replacen('{', &format!("{{{}", " ".repeat(70 * 1024)), 1);
    std::fs::write(file("padded.json"), padded).unwrap();
    let refused = run_in(shop.path(), &["import-answer", &file("padded.json")]);
    assert_eq!(refused.status.code(), Some(2), "{}", said(&refused));
    assert!(
        said(&refused).contains("E_FILE_TOO_LARGE") && said(&refused).contains("접수증"),
        "{}",
        said(&refused)
    );

    // Answers signed by the association, issued at a time of its choosing.
    let answers_at = |issued_at: &str, name: &str| {
        let answers = claim_core::answer::Answers {
            format: claim_core::answer::ANSWERS_FORMAT.to_owned(),
            shop: None,
            issued_at: issued_at.to_owned(),
            issuer: "소상공인연합회".to_owned(),
            answers: Vec::new(),
        };
        let secret = claimdesk::app::incidents::read_secret_key(Path::new(&key)).unwrap();
        std::fs::write(file(name), answers.sign(&secret).unwrap()).unwrap();
    };
    answers_at("2026-12-06T23:00:00Z", "next-evening.json");
    answers_at("2026-12-06T00:00:01Z", "later.json");
    let at_the_clock = |name: &str| {
        std::process::Command::new(common::claimdesk_binary())
            .args(["import-answer", &file(name)])
            .env("CLAIMDESK_DATA_DIR", shop.path())
            .env("CLAIMDESK_CLOCK", "2026-12-05T00:00:00Z")
            .output()
            .unwrap()
    };
    let later = at_the_clock("later.json");
    assert_eq!(later.status.code(), Some(2), "{}", said(&later));
    assert!(said(&later).contains("issued_at"), "{}", said(&later));
    let next_evening = at_the_clock("next-evening.json");
    assert_eq!(
        next_evening.status.code(),
        Some(2),
        "{}",
        said(&next_evening)
    );
    assert!(
        said(&next_evening).contains("issued_at"),
        "{}",
        said(&next_evening)
    );
    answers_at("2026-12-05T23:59:00Z", "within.json");
    succeeded(&at_the_clock("within.json"));
}

/// Issue 35 §2: the all-shops answers file is the association's record
/// (`claimdesk.answers/1`); a file for one shop is `claimdesk.answers/2`
/// naming it. A shop's import applies only its own business's answers and
/// says when a file answers others, or is for another shop altogether.
#[test]
fn a_file_for_one_shop_names_it_and_a_shop_applies_only_its_own() {
    let (shop, association, files, key, id) = shop_and_association();
    let file = |name: &str| files.path().join(name).to_str().unwrap().to_owned();
    succeeded(&run_in(
        shop.path(),
        &["bundle", &id, "-o", &file("cake.zip")],
    ));
    // Another business's claim, handed in as its own JSON file.
    let mut bakery: serde_json::Value =
        serde_json::from_slice(&std::fs::read(example("kakao-cake-prior-week")).unwrap()).unwrap();
    bakery["id"] = "0192f5c4-0000-7000-8000-0000000000b1".into();
    bakery["business"]["registration_number"] = "120-81-47521".into();
    bakery["business"]["name"] = "빵집".into();
    std::fs::write(file("bakery.json"), serde_json::to_vec(&bakery).unwrap()).unwrap();
    succeeded(&run_in(
        association.path(),
        &["assoc", "import", &file("cake.zip"), &file("bakery.json")],
    ));
    let payload = |name: &str| -> serde_json::Value {
        use base64::Engine;
        let envelope = json(&std::fs::read_to_string(file(name)).unwrap());
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(envelope["payload"].as_str().unwrap())
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    };
    let answers = |name: &str, shop: Option<&str>| {
        let out = file(name);
        let mut args = vec![
            "assoc",
            "answers",
            "-o",
            out.as_str(),
            "--key",
            key.as_str(),
        ];
        if let Some(shop) = shop {
            args.extend(["--shop", shop]);
        }
        succeeded(&run_in(association.path(), &args));
    };

    answers("all.json", None);
    let all = payload("all.json");
    assert_eq!(all["format"], "claimdesk.answers/1");
    assert!(all.get("shop").is_none(), "{all}");
    assert_eq!(all["answers"].as_array().unwrap().len(), 2);
    let imported = succeeded(&run_in(shop.path(), &["import-answer", &file("all.json")]));
    assert!(imported.contains("회신 1건 반영"), "{imported}");
    assert!(
        imported.contains("다른 사업장의 청구서 1건에 대한 회신도 있습니다"),
        "{imported}"
    );
    let counted = json(&succeeded(&run_in(
        shop.path(),
        &["import-answer", &file("all.json"), "--json"],
    )));
    assert_eq!(
        (
            counted["other_businesses"].as_u64(),
            counted["not_here"].as_u64()
        ),
        (Some(1), Some(0)),
        "{counted}"
    );

    answers("bakery-answers.json", Some("120-81-47521"));
    let for_bakery = payload("bakery-answers.json");
    assert_eq!(for_bakery["format"], "claimdesk.answers/2");
    assert_eq!(for_bakery["shop"], "1208147521");
    assert_eq!(for_bakery["answers"].as_array().unwrap().len(), 1);
    let elsewhere = succeeded(&run_in(
        shop.path(),
        &["import-answer", &file("bakery-answers.json")],
    ));
    assert!(elsewhere.contains("회신 0건 반영"), "{elsewhere}");
    assert!(
        elsewhere
            .contains("다른 사업장(120-81-47521) 앞으로 온 것이라 아무것도 반영하지 않았습니다"),
        "{elsewhere}"
    );

    answers("cake-answers.json", Some("105-23-45674"));
    assert_eq!(
        payload("cake-answers.json")["format"],
        "claimdesk.answers/2"
    );
    let own = succeeded(&run_in(
        shop.path(),
        &["import-answer", &file("cake-answers.json")],
    ));
    assert!(!own.contains("다른 사업장"), "{own}");
}
