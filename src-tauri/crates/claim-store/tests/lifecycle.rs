//! Issue 8 in the store: imported incidents (and who vouches for them),
//! filing deadlines in the claim list, and customer details erased when
//! their time is up, with the clock moved by the test, not slept.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{Duration, NaiveDate, Utc};
use claim_core::signature::{public_key_text, sign_definition};
use claim_core::Failure;
use claim_store::{
    ClaimFilter, ClaimOrder, Clock, DeadlineWarning, ErasureReason, Status, Store, StoreError,
    DATABASE_FILE,
};
use common::{example, fixture};
use serde_json::{json, Value};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn drill() -> Vec<u8> {
    fixture("incidents/drill-2026-11.incident.json")
}

fn drill_signed() -> Vec<u8> {
    fixture("incidents/drill-2026-11.signed.json")
}

/// A claim for the drill incident (which no build knows until imported),
/// shared with the command-line and window tests.
fn drill_claim() -> Vec<u8> {
    fixture("incidents/drill-2026-11.claim.json")
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn an_imported_incident_is_listed_with_its_verification_and_updates_claims_waiting_for_it() {
    let (_dir, mut store) = store();
    let saved = store.save_claim(&drill_claim()).unwrap();
    assert!(saved.error_count > 0, "unknown incident is an error");
    assert_eq!(saved.claimed, None);

    let imported = store.import_incident(&drill_signed()).unwrap();
    assert_eq!(imported.incident.id, "drill-2026-11");
    assert_eq!(imported.incident.verification.code(), "verified");
    assert_eq!(
        imported.incident.filing_deadline.as_deref(),
        Some("2026-12-10")
    );
    assert!(!imported.replaced);
    assert_eq!(imported.claims_updated, 1);

    let claim = store.claim(&saved.id).unwrap().summary;
    assert_eq!(claim.error_count, 0);
    assert_eq!(claim.claimed, Some(250_000));
    assert_eq!(claim.period_from.as_deref(), Some("2026-11-07"));
    assert_eq!(claim.incident_verification, Some("verified"));

    let ids: Vec<_> = store
        .incidents()
        .unwrap()
        .into_iter()
        .map(|i| (i.id, i.source))
        .collect();
    assert_eq!(
        ids,
        [
            ("drill-2026-11".to_owned(), "imported"),
            ("kakao-2022-10".to_owned(), "built_in"),
            ("kt-2021-10".to_owned(), "built_in")
        ]
    );
    // The registry survives reopening the store.
    drop(store);
    let store = Store::open(_dir.path()).unwrap();
    assert!(store.known_incidents().find("drill-2026-11").is_some());
}

#[test]
fn an_unverified_file_cannot_replace_a_built_in_or_signed_incident() {
    let (_dir, mut store) = store();
    store.import_incident(&drill_signed()).unwrap();
    let error = store.import_incident(&drill()).unwrap_err();
    assert_eq!(error.code(), "E_INCIDENT_UNVERIFIED_REPLACE");
    assert!(error.to_string().contains("drill-2026-11"));

    let mut kakao: Value = serde_json::from_str(claim_core::definition::BUILT_IN[0].1).unwrap();
    kakao["window"]["end"] = json!("2022-10-25T23:00:00+09:00");
    let error = store
        .import_incident(kakao.to_string().as_bytes())
        .unwrap_err();
    assert_eq!(error.code(), "E_INCIDENT_UNVERIFIED_REPLACE");
    // Nothing changed: Kakao is still the built-in window.
    let listed = store.incidents().unwrap();
    let kakao = listed.iter().find(|i| i.id == "kakao-2022-10").unwrap();
    assert_eq!(kakao.end, "2022-10-20T23:00:00+09:00");
    assert_eq!(kakao.source, "built_in");
}

#[test]
fn an_unsigned_file_adds_an_unverified_incident_and_a_bad_one_is_refused_by_field() {
    let (_dir, mut store) = store();
    let imported = store.import_incident(&drill()).unwrap();
    assert_eq!(imported.incident.verification.code(), "unverified");
    let saved = store.save_claim(&drill_claim()).unwrap();
    assert_eq!(
        store
            .claim(&saved.id)
            .unwrap()
            .summary
            .incident_verification,
        Some("unverified")
    );

    let mut broken: Value = serde_json::from_slice(&drill()).unwrap();
    broken["id"] = json!("drill-2026-12");
    broken["compensation_tiers"][1]["up_to"] = json!(100000);
    let error = store
        .import_incident(broken.to_string().as_bytes())
        .unwrap_err();
    assert_eq!(error.code(), "E_INCIDENT_DEFINITION");
    assert!(error
        .message(claim_core::Lang::En)
        .contains("compensation_tiers[1].up_to"));
    assert!(error.to_string().contains("compensation_tiers[1].up_to"));
    assert_eq!(store.incidents().unwrap().len(), 3);
}

#[test]
fn a_key_the_owner_adds_verifies_files_already_imported() {
    let (_dir, mut store) = store();
    let secret = [9u8; 32];
    let signed = sign_definition(&drill(), &secret).unwrap();
    let imported = store.import_incident(&signed).unwrap();
    assert_eq!(imported.incident.verification.code(), "unverified");

    assert_eq!(
        store
            .trust_key("not a key", "상인회", claim_store::KeyUse::Incidents)
            .unwrap_err()
            .code(),
        "E_KEY_INVALID"
    );
    assert_eq!(
        store
            .trust_key(
                &public_key_text(&secret),
                " ",
                claim_store::KeyUse::Incidents
            )
            .unwrap_err()
            .code(),
        "E_KEY_NAME_MISSING"
    );
    let key = store
        .trust_key(
            &public_key_text(&secret),
            "망원시장 상인회",
            claim_store::KeyUse::Incidents,
        )
        .unwrap();
    assert_eq!(key.fingerprint.len(), 19);
    let listed = store.incidents().unwrap();
    assert_eq!(
        serde_json::to_value(&listed[0].verification).unwrap(),
        json!({"status": "verified", "signer": "망원시장 상인회", "fingerprint": key.fingerprint, "shipped": false})
    );
    let keys = store.keys().unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys[0].shipped && !keys[1].shipped);
}

#[test]
fn the_issuers_name_is_its_keys_alone_and_names_show_no_hidden_characters() {
    let (dir, mut store) = store();
    let secret = [9u8; 32];
    for name in [
        "소상공인연합회",
        " 소상공인 연합회 ",
        "소상공인\u{200B}연합회",
        "\u{202E}소상공인연합회",
        // Hangul fillers, and the name decomposed into jamo (NFD).
        "소상공인\u{3164}연합회\u{FFA0}",
        "\u{1109}\u{1169}\u{1109}\u{1161}\u{11BC}공인연합회",
    ] {
        let refused = store
            .trust_key(
                &public_key_text(&secret),
                name,
                claim_store::KeyUse::Incidents,
            )
            .unwrap_err();
        assert_eq!(refused.code(), "E_KEY_NAME_RESERVED", "{name:?}");
        assert!(refused.to_string().contains("다른 이름"), "{refused}");
    }
    assert_eq!(store.keys().unwrap().len(), 1, "nothing was added");
    // A name is at most 60 characters (hidden ones not counted).
    let long = "가".repeat(61);
    assert_eq!(
        store
            .trust_key(
                &public_key_text(&secret),
                &long,
                claim_store::KeyUse::Incidents
            )
            .unwrap_err()
            .code(),
        "E_KEY_NAME_TOO_LONG"
    );
    assert_eq!(store.keys().unwrap().len(), 1, "nothing was added");
    // Control, bidirectional and zero-width characters are taken out.
    let key = store
        .trust_key(
            &public_key_text(&secret),
            "망원\u{202E}시장\u{200F} 상인회\u{0007}",
            claim_store::KeyUse::Incidents,
        )
        .unwrap();
    assert_eq!(key.name, "망원시장 상인회");
    assert_eq!(store.keys().unwrap()[1].name, "망원시장 상인회");
    let signed = sign_definition(&drill(), &secret).unwrap();
    store.import_incident(&signed).unwrap();
    assert_eq!(
        serde_json::to_value(&store.incidents().unwrap()[0].verification).unwrap(),
        json!({"status": "verified", "signer": "망원시장 상인회", "fingerprint": key.fingerprint, "shipped": false})
    );
    // A key kept under the issuer's name before names were checked cannot
    // pass for the shipped one.
    let other = public_key_text(&[7u8; 32]);
    rusqlite::Connection::open(dir.path().join(claim_store::DATABASE_FILE))
        .unwrap()
        .execute(
            "INSERT INTO trusted_key (public_key, name, added_at) VALUES (?1, '소상공인연합회', '2026-01-01T00:00:00Z')",
            [other.trim()],
        )
        .unwrap();
    let store = Store::open(dir.path()).unwrap();
    let keys = store.keys().unwrap();
    assert_eq!(keys.len(), 3);
    let named = |name: &str| keys.iter().filter(|key| key.name == name).count();
    assert_eq!(named("소상공인연합회"), 1, "the shipped key's name only");
    assert!(keys[0].shipped && keys[0].name == "소상공인연합회");
    // The shipped key answers for the association too; a key kept before
    // keys had uses (the row above, written without one) vouches for
    // incident definitions only.
    assert_eq!(keys[0].uses, claim_store::KeyUse::Both);
    assert!(keys[1..]
        .iter()
        .all(|key| key.uses == claim_store::KeyUse::Incidents));
    assert_eq!(
        named("소상공인연합회 (직접 추가한 키 / added by the owner)"),
        1
    );
}

#[test]
fn the_list_counts_days_to_the_filing_deadline_warns_and_sorts() {
    let (_dir, mut store) = store();
    store.import_incident(&drill_signed()).unwrap();
    let kakao = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let open = store.save_claim(&drill_claim()).unwrap();
    let handed_in = store.save_claim(&drill_claim()).unwrap();
    store.set_status(&handed_in.id, Status::Ready).unwrap();
    store.set_status(&handed_in.id, Status::Exported).unwrap();
    store.set_status(&handed_in.id, Status::Submitted).unwrap();

    let at = |today: &str| {
        store
            .list_as_of(&ClaimFilter::default(), day(today))
            .unwrap()
            .into_iter()
            .map(|claim| (claim.id.clone(), claim))
            .collect::<std::collections::HashMap<_, _>>()
    };
    let list = at("2026-11-20");
    let deadline = list[&open.id].deadline.as_ref().unwrap();
    assert_eq!(
        (deadline.date.as_str(), deadline.days_left),
        ("2026-12-10", 20)
    );
    assert_eq!(deadline.warning, DeadlineWarning::None);
    // The built-in Kakao's reports closed on 1 Nov 2022: said as passed.
    let kakao_deadline = list[&kakao.id].deadline.as_ref().unwrap();
    assert_eq!(
        (
            kakao_deadline.date.as_str(),
            kakao_deadline.days_left,
            kakao_deadline.warning
        ),
        ("2022-11-01", -1480, DeadlineWarning::Passed)
    );
    // Issue 18: the documents deadline too, counted and warned the same way.
    let documents = list[&open.id].documents_deadline.as_ref().unwrap();
    assert_eq!(
        (
            documents.date.as_str(),
            documents.days_left,
            documents.warning
        ),
        ("2026-12-31", 41, DeadlineWarning::None)
    );
    assert_eq!(
        at("2026-12-20")[&open.id]
            .documents_deadline
            .as_ref()
            .unwrap()
            .warning,
        DeadlineWarning::Soon
    );
    assert_eq!(
        list[&kakao.id]
            .documents_deadline
            .as_ref()
            .map(|d| (d.date.as_str(), d.warning)),
        Some(("2023-05-31", DeadlineWarning::Passed))
    );
    assert_eq!(
        at("2026-11-26")[&open.id]
            .deadline
            .as_ref()
            .unwrap()
            .warning,
        DeadlineWarning::Soon
    );
    assert_eq!(
        at("2026-12-10")[&open.id]
            .deadline
            .as_ref()
            .unwrap()
            .warning,
        DeadlineWarning::Today
    );
    let passed = at("2026-12-11");
    assert_eq!(passed[&open.id].deadline.as_ref().unwrap().days_left, -1);
    assert_eq!(
        passed[&open.id].deadline.as_ref().unwrap().warning,
        DeadlineWarning::Passed
    );
    // A claim already handed in is not warned.
    assert_eq!(
        passed[&handed_in.id].deadline.as_ref().unwrap().warning,
        DeadlineWarning::None
    );

    let newest: Vec<_> = store
        .list_as_of(&ClaimFilter::default(), day("2026-11-26"))
        .unwrap()
        .into_iter()
        .map(|claim| claim.id)
        .collect();
    assert_eq!(
        newest,
        [handed_in.id.clone(), open.id.clone(), kakao.id.clone()]
    );
    let by_deadline: Vec<_> = store
        .list_as_of(
            &ClaimFilter {
                order: ClaimOrder::Deadline,
                ..ClaimFilter::default()
            },
            day("2026-11-26"),
        )
        .unwrap()
        .into_iter()
        .map(|claim| claim.id)
        .collect();
    // Still in time first, then a passed deadline, then one handed in.
    assert_eq!(by_deadline, [open.id, kakao.id, handed_in.id]);
}

#[test]
fn a_store_given_a_clock_counts_days_left_and_dates_its_records_by_it() {
    let (_dir, mut store) = store();
    store.import_incident(&drill_signed()).unwrap();
    // 09:00 on 1 Dec 2026 in Korea (00:00 UTC): nine days to the deadline.
    let at: chrono::DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
    store.set_clock(Clock::starting_at(at).unwrap());
    let saved = store.save_claim(&drill_claim()).unwrap();
    let listed = store.list(&ClaimFilter::default()).unwrap();
    let deadline = listed[0].deadline.as_ref().unwrap();
    assert_eq!(
        (deadline.days_left, deadline.warning),
        (9, DeadlineWarning::Soon)
    );
    assert_eq!(
        store.claim(&saved.id).unwrap().summary.deadline,
        listed[0].deadline,
        "one claim and the list agree"
    );
    // What the store writes is dated by the same clock.
    let audit = store.audit(&saved.id).unwrap();
    assert!(
        audit[0].at.starts_with("2026-12-01T00:0"),
        "{}",
        audit[0].at
    );
    // Twelve days later the deadline has passed.
    store.set_clock(Clock::starting_at(at + Duration::days(12)).unwrap());
    let deadline = store.list(&ClaimFilter::default()).unwrap()[0]
        .deadline
        .clone()
        .unwrap();
    assert_eq!(
        (deadline.days_left, deadline.warning),
        (-3, DeadlineWarning::Passed)
    );
}

/// The database file and its log hold these bytes (or not).
fn file_holds(dir: &std::path::Path, needle: &str) -> bool {
    ["", "-wal"].iter().any(|suffix| {
        std::fs::read(dir.join(format!("{DATABASE_FILE}{suffix}")))
            .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
            .unwrap_or(false)
    })
}

const CUSTOMERS: [&str; 4] = ["이수진", "박지훈", "010-2222-3333", "010-4444-5555"];

fn withdraw(store: &mut Store, id: &str) {
    store.set_status(id, Status::Withdrawn).unwrap();
}

#[test]
fn retention_erases_customer_details_after_the_set_time_and_nothing_else() {
    let (dir, mut store) = store();
    assert_eq!(store.retention_days().unwrap(), 90);
    let closed = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let open = store.save_claim(&example("kakao-cake-best-week")).unwrap();
    let before = store.claim(&closed.id).unwrap();
    withdraw(&mut store, &closed.id);
    let erase_on = store
        .customer_details_erased_on(&closed.id)
        .unwrap()
        .unwrap();
    let now = Utc::now();

    // 89 days on: nothing yet.
    assert!(store
        .erase_expired(now + Duration::days(89))
        .unwrap()
        .is_empty());
    assert!(holds(&store, &closed.id));
    // 91 days on: the withdrawn claim's details go; the open claim keeps its.
    let erased = store.erase_expired(now + Duration::days(91)).unwrap();
    assert_eq!(erased, std::slice::from_ref(&closed.number));
    assert!(erase_on.as_str() < (now + Duration::days(91)).to_rfc3339().as_str());
    assert!(!holds(&store, &closed.id));
    assert!(holds(&store, &open.id));

    // Everything else about the claim is as it was.
    let after = store.claim(&closed.id).unwrap();
    let mut expected = before.document.clone();
    claim_core::privacy::erase_customer_details(&mut expected);
    assert_eq!(after.document, expected);
    assert_eq!(after.summary.claimed, before.summary.claimed);
    assert_eq!(after.summary.status, Status::Withdrawn);
    assert_eq!(after.document["lost_orders"][0]["amount"], json!(52000));
    assert_eq!(store.customer_details_erased_on(&closed.id).unwrap(), None);

    // The audit says it happened, not what.
    let audit = store.audit(&closed.id).unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.event, "customer_details_erased_retention");
    assert_eq!(
        (last.from_status.as_deref(), last.sha256.as_deref()),
        (None, None)
    );
    // Again: nothing more to erase, nothing more recorded.
    assert!(store
        .erase_expired(now + Duration::days(200))
        .unwrap()
        .is_empty());
    assert_eq!(store.audit(&closed.id).unwrap().len(), audit.len());

    // The open claim still holds its customers, so the file does too; once
    // it is erased as well, not a byte of them is left in the file or log.
    assert!(file_holds(dir.path(), "이수진"));
    assert!(store
        .erase_customer_details(&open.id, ErasureReason::Owner, now)
        .unwrap());
    drop(store);
    for customer in CUSTOMERS {
        assert!(
            !file_holds(dir.path(), customer),
            "{customer} left in the file"
        );
    }
}

fn holds(store: &Store, id: &str) -> bool {
    claim_core::privacy::holds_customer_details(&store.claim(id).unwrap().document)
}

#[test]
fn the_retention_time_is_a_setting_and_settled_claims_count_from_settlement() {
    let (_dir, mut store) = store();
    assert_eq!(
        store.set_retention_days(0).unwrap_err().code(),
        "E_RETENTION_INVALID"
    );
    store.set_retention_days(30).unwrap();
    assert_eq!(store.retention_days().unwrap(), 30);
    let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    for status in [Status::Ready, Status::Exported, Status::Submitted] {
        store.set_status(&claim.id, status).unwrap();
    }
    let now = Utc::now();
    // Submitted but not settled: kept however long it waits.
    assert!(store
        .erase_expired(now + Duration::days(400))
        .unwrap()
        .is_empty());
    store.set_status(&claim.id, Status::Settled).unwrap();
    assert!(store
        .erase_expired(now + Duration::days(29))
        .unwrap()
        .is_empty());
    assert_eq!(
        store.erase_expired(now + Duration::days(31)).unwrap().len(),
        1
    );
    assert!(!holds(&store, &claim.id));
}

#[test]
fn erase_now_works_on_any_claim_and_a_claim_without_customers_records_nothing() {
    let (_dir, mut store) = store();
    let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    assert!(store
        .erase_customer_details(&claim.id, ErasureReason::Owner, Utc::now())
        .unwrap());
    let stored = store.claim(&claim.id).unwrap();
    assert_eq!(stored.summary.status, Status::Draft);
    assert_eq!(
        store.audit(&claim.id).unwrap().last().unwrap().event,
        "customer_details_erased_by_owner"
    );
    let events = store.audit(&claim.id).unwrap().len();
    assert!(!store
        .erase_customer_details(&claim.id, ErasureReason::Owner, Utc::now())
        .unwrap());
    assert_eq!(store.audit(&claim.id).unwrap().len(), events);
    assert!(matches!(
        store.erase_customer_details("no-such-claim", ErasureReason::Owner, Utc::now()),
        Err(StoreError::ClaimNotFound)
    ));
}

/// Erasing reaches the store's automatic copies (daily backups, the data a
/// restore replaced), not the backup file the owner made and keeps.
#[test]
fn erasing_reaches_the_daily_backups_and_what_a_restore_kept() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut store = Store::open(&data).unwrap();
    let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let daily = store
        .daily_backup(
            &claim_store::backup_dir(&data),
            NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        )
        .unwrap()
        .unwrap();
    let owners = dir.path().join("owners-backup.sqlite3");
    store.backup_to(&owners).unwrap();
    drop(store);
    // A restore keeps what it replaces as before-restore-*.sqlite3.
    let mut store = Store::restore(&data, &owners).unwrap();
    let kept = claim_store::before_restore_copies(&data).unwrap();
    assert_eq!(kept.len(), 1);
    let holds = |path: &std::path::Path, needle: &str| {
        let bytes = std::fs::read(path).unwrap();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    };
    assert!(holds(&daily, "이수진") && holds(&kept[0], "이수진"));

    assert!(store
        .erase_customer_details(&claim.id, ErasureReason::Owner, Utc::now())
        .unwrap());
    drop(store);
    for copy in [&daily, &kept[0]] {
        for customer in CUSTOMERS {
            assert!(
                !holds(copy, customer),
                "{customer} left in {}",
                copy.display()
            );
        }
        // Still a whole copy of the claim, and one file again.
        let conn = rusqlite::Connection::open(copy).unwrap();
        let document: String = conn
            .query_row(
                "SELECT document FROM claim WHERE id = ?1",
                [&claim.id],
                |row| row.get(0),
            )
            .unwrap();
        assert!(document.contains("lost_orders") && document.contains("행복케이크"));
        let mut wal = copy.as_os_str().to_owned();
        wal.push("-wal");
        assert!(!std::path::Path::new(&wal).exists());
    }
    assert!(
        holds(&owners, "이수진"),
        "the owner's own backup is theirs, as entered"
    );
}

/// A key the owner adds vouches for new incidents, never for moving a
/// built-in one; its fingerprint is in every "verified" label.
#[test]
fn only_the_shipped_key_may_replace_a_built_in_incident() {
    let (_dir, mut store) = store();
    let secret = [9u8; 32];
    let key = store
        .trust_key(
            &public_key_text(&secret),
            "망원시장 상인회",
            claim_store::KeyUse::Incidents,
        )
        .unwrap();
    let mut kakao: Value = serde_json::from_slice(include_bytes!(
        "../../claim-core/incidents/kakao-2022-10.incident.json"
    ))
    .unwrap();
    kakao["title"]["ko"] = json!("다른 창의 카카오 장애");
    let signed = sign_definition(&serde_json::to_vec(&kakao).unwrap(), &secret).unwrap();
    let refused = store.import_incident(&signed).unwrap_err();
    assert_eq!(refused.code(), "E_INCIDENT_BUILT_IN_REPLACE", "{refused}");
    let kakao = store
        .incidents()
        .unwrap()
        .into_iter()
        .map(|entry| serde_json::to_value(entry).unwrap())
        .find(|entry| entry["id"] == "kakao-2022-10")
        .unwrap();
    assert_eq!(kakao["verification"]["status"], "built_in");

    // What the key does sign says whose key it is, by fingerprint.
    store
        .import_incident(&sign_definition(&drill(), &secret).unwrap())
        .unwrap();
    let drill = store
        .incidents()
        .unwrap()
        .into_iter()
        .find(|entry| entry.verification.is_trusted() && entry.verification.code() == "verified")
        .unwrap();
    assert_eq!(
        drill.verification.label(claim_core::Lang::Ko),
        format!("서명 확인됨: 망원시장 상인회 (키 {})", key.fingerprint)
    );
}

/// Issue 18: the desk chosen (owner or association) is kept with the data,
/// survives reopening, and starts as not chosen.
#[test]
fn the_desk_chosen_is_kept_and_starts_unchosen() {
    use claim_store::Desk;
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        assert_eq!(store.desk().unwrap(), None);
        store.set_desk(Desk::Association).unwrap();
        assert_eq!(store.desk().unwrap(), Some(Desk::Association));
    }
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.desk().unwrap(), Some(Desk::Association));
    store.set_desk(Desk::Owner).unwrap();
    assert_eq!(store.desk().unwrap(), Some(Desk::Owner));
    // The retention setting shares the table and is not disturbed.
    assert_eq!(store.retention_days().unwrap(), 90);
}

/// Issue 18: the list names the documents a claim's incident asks for that
/// it does not carry yet, read from the claim as stored.
#[test]
fn the_list_names_the_documents_still_missing() {
    let (_dir, mut store) = store();
    let complete = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let mut partial: Value = serde_json::from_slice(&example("kakao-cake-prior-week")).unwrap();
    partial["evidence"] = json!([{"kind": "sales_proof", "file_name": "pos.pdf"}]);
    let partial = store.save_claim(partial.to_string().as_bytes()).unwrap();
    let mut custom: Value = serde_json::from_slice(&example("kakao-cake-prior-week")).unwrap();
    custom["evidence"] = json!([]);
    custom["incident"] = json!({"preset": "custom", "start": "2022-10-15T15:30:00+09:00", "end": "2022-10-20T22:00:00+09:00"});
    let custom = store.save_claim(custom.to_string().as_bytes()).unwrap();
    let listed = store.list(&ClaimFilter::default()).unwrap();
    let missing = |id: &str| {
        listed
            .iter()
            .find(|claim| claim.id == id)
            .unwrap()
            .missing_evidence
            .clone()
    };
    assert_eq!(missing(&complete.id), Vec::<&str>::new());
    // Kakao's incident asks for four kinds; the partial claim carries one.
    assert_eq!(
        missing(&partial.id),
        vec![
            "small_business_certificate",
            "service_use_proof",
            "bank_account_copy"
        ]
    );
    // A custom outage asks for the usual two.
    assert_eq!(
        missing(&custom.id),
        vec!["sales_proof", "service_use_proof"]
    );
    // The single claim read back says the same.
    assert_eq!(
        store.claim(&partial.id).unwrap().summary.missing_evidence,
        vec![
            "small_business_certificate",
            "service_use_proof",
            "bank_account_copy"
        ]
    );
}

/// Issue 35 §4: a damaged store a restore set aside whole
/// (`before-restore-<time>.unreadable`, with its `-wal`) holds customer
/// details no erasure can reach. It goes when the owner erases now, and
/// once the retention time has passed since it was set aside.
#[test]
fn a_damaged_store_set_aside_goes_with_an_erasure_or_the_retention_time() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut store = Store::open(&data).unwrap();
    let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let set_aside = |stamp: &str| {
        let base = data.join(format!("before-restore-{stamp}.unreadable"));
        std::fs::write(&base, b"damaged \xEC\x9D\xB4\xEC\x88\x98\xEC\xA7\x84").unwrap();
        let mut wal = base.as_os_str().to_owned();
        wal.push("-wal");
        std::fs::write(&wal, b"log").unwrap();
        (base, std::path::PathBuf::from(wal))
    };
    let left = |data: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(data)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains(".unreadable"))
            .collect();
        names.sort();
        names
    };
    // Set aside on 2026-01-10; retention is 90 days.
    let (old, old_wal) = set_aside("20260110T090000Z");
    let (recent, _) = set_aside("20260401T090000Z");
    let jan10 = "2026-01-10T09:00:00Z"
        .parse::<chrono::DateTime<Utc>>()
        .unwrap();
    store.erase_expired(jan10 + Duration::days(89)).unwrap();
    assert_eq!(left(&data).len(), 4, "kept within the retention time");
    store.erase_expired(jan10 + Duration::days(91)).unwrap();
    assert!(!old.exists() && !old_wal.exists());
    assert!(recent.exists(), "{:?}", left(&data));
    // Erase now: nothing can be erased inside it, so it goes.
    assert!(store
        .erase_customer_details(&claim.id, ErasureReason::Owner, Utc::now())
        .unwrap());
    assert!(left(&data).is_empty(), "{:?}", left(&data));
}
