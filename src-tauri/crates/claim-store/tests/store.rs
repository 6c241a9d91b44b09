//! The store as the app and the command line use it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_core::Failure;
use common::{example, fixture};

use claim_store::{ClaimFilter, Status, Store, StoreError, DATABASE_FILE, SCHEMA_VERSION};
use serde_json::json;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

#[test]
fn opens_in_wal_mode_with_the_current_schema() {
    let (dir, store) = store();
    drop(store);
    let conn = rusqlite_connection(dir.path());
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version as usize, SCHEMA_VERSION);
    // Opening again is fine and changes nothing.
    Store::open(dir.path()).unwrap();
}

fn rusqlite_connection(dir: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap()
}

#[test]
fn a_new_claim_gets_a_uuid_v7_a_number_and_keeps_what_was_entered() {
    let (_dir, mut store) = store();
    let first = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let second = store.save_claim(&example("orders-only-no-sales")).unwrap();
    let id = uuid::Uuid::parse_str(&first.id).unwrap();
    assert_eq!(id.get_version_num(), 7);
    assert!(
        first.number.starts_with("CD-") && first.number.ends_with("-000001"),
        "{}",
        first.number
    );
    assert!(second.number.ends_with("-000002"));
    assert_eq!(first.status, Status::Draft);
    assert_eq!(first.claimed, Some(1_314_400));
    assert_eq!(first.error_count, 0);
    assert_eq!(first.warning_count, 2);
    assert_eq!(first.business_name.as_deref(), Some("행복케이크 망원점"));
    assert_eq!(first.incident.as_deref(), Some("kakao-2022-10"));
    assert_eq!(first.period_from.as_deref(), Some("2022-10-15"));
    assert_eq!(first.period_to.as_deref(), Some("2022-10-21"));
    // The owner's own copy keeps customer details as entered.
    let stored = store.claim(&first.id).unwrap();
    assert_eq!(stored.document["lost_orders"][0]["customer_name"], "이수진");
    assert_eq!(
        stored.document["lost_orders"][0]["customer_phone"],
        "010-2222-3333"
    );
    assert_eq!(stored.document["id"], first.id.as_str());
    assert_eq!(stored.summary, first);
}

#[test]
fn saving_a_stored_claim_again_updates_it_in_place() {
    let (_dir, mut store) = store();
    let first = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let mut document = store.claim(&first.id).unwrap().document;
    document["extra_costs"] = json!([]);
    document["business"]["name"] = json!("행복케이크 본점");
    let again = store
        .save_claim(serde_json::to_string(&document).unwrap().as_bytes())
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(again.number, first.number);
    assert_eq!(again.claimed, Some(1_281_400));
    assert_eq!(again.business_name.as_deref(), Some("행복케이크 본점"));
    // The period shown in the list follows the document: a custom period,
    // then the incident's default again once the period is removed.
    document["period"] = json!({"from": "2022-10-15", "to": "2022-10-17"});
    let shorter = store
        .save_claim(serde_json::to_string(&document).unwrap().as_bytes())
        .unwrap();
    assert_eq!(shorter.period_to.as_deref(), Some("2022-10-17"));
    document.as_object_mut().unwrap().remove("period");
    let default = store
        .save_claim(serde_json::to_string(&document).unwrap().as_bytes())
        .unwrap();
    assert_eq!(default.period_to.as_deref(), Some("2022-10-21"));
    assert_eq!(store.list(&ClaimFilter::default()).unwrap().len(), 1);
}

#[test]
fn a_claim_with_errors_is_stored_as_a_draft_with_its_counts() {
    let (_dir, mut store) = store();
    let saved = store
        .save_claim(&example("invalid-several-errors"))
        .unwrap();
    assert_eq!(saved.error_count, 5);
    assert_eq!(saved.status, Status::Draft);
}

#[test]
fn what_is_not_a_claim_is_refused_and_nothing_is_stored() {
    let (_dir, mut store) = store();
    for bad in [&b"not json"[..], b"[]", br#"{"format": "other/1"}"#] {
        let error = store.save_claim(bad).unwrap_err();
        assert_eq!(error.code(), "E_DOCUMENT", "{error}");
    }
    assert!(store.list(&ClaimFilter::default()).unwrap().is_empty());
}

#[test]
fn list_filters_by_status_and_text() {
    let (_dir, mut store) = store();
    let cake = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let mut other: serde_json::Value =
        serde_json::from_slice(&example("orders-only-no-sales")).unwrap();
    other["business"]["name"] = json!("망원 꽃집");
    other["business"]["registration_number"] = json!("120-81-47521");
    let flowers = store
        .save_claim(serde_json::to_string(&other).unwrap().as_bytes())
        .unwrap();
    store.set_status(&flowers.id, Status::Ready).unwrap();

    let all = store.list(&ClaimFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    let drafts = store
        .list(&ClaimFilter {
            status: Some(Status::Draft),
            text: None,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        drafts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        vec![cake.id.as_str()]
    );
    let by_name = store
        .list(&ClaimFilter {
            status: None,
            text: Some("꽃집".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].id, flowers.id);
    let by_brn = store
        .list(&ClaimFilter {
            status: None,
            text: Some("47521".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_brn[0].id, flowers.id);
    let by_number = store
        .list(&ClaimFilter {
            status: None,
            text: Some(cake.number.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_number[0].id, cake.id);
    // LIKE wildcards typed by the owner are taken literally (dropped), not as patterns.
    assert!(store
        .list(&ClaimFilter {
            status: None,
            text: Some("%%없는 가게%%".into()),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
}

#[test]
fn status_moves_follow_the_life_of_a_claim_and_are_audited() {
    let (_dir, mut store) = store();
    let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let error = store.set_status(&claim.id, Status::Settled).unwrap_err();
    assert_eq!(error.code(), "E_STATUS_TRANSITION");
    assert_eq!(
        store.claim(&claim.id).unwrap().summary.status,
        Status::Draft
    );
    for to in [
        Status::Ready,
        Status::Exported,
        Status::Submitted,
        Status::Settled,
    ] {
        assert_eq!(store.set_status(&claim.id, to).unwrap().status, to);
    }
    // Settled is closed: not even withdrawn.
    assert!(store.set_status(&claim.id, Status::Withdrawn).is_err());
    let trail = store.audit(&claim.id).unwrap();
    let moves: Vec<(Option<&str>, Option<&str>)> = trail
        .iter()
        .map(|e| (e.from_status.as_deref(), e.to_status.as_deref()))
        .collect();
    assert_eq!(
        moves,
        vec![
            (None, Some("draft")),
            (Some("draft"), Some("ready")),
            (Some("ready"), Some("exported")),
            (Some("exported"), Some("submitted")),
            (Some("submitted"), Some("settled")),
        ]
    );
    assert_eq!(trail[0].event, "created");
    assert!(trail.windows(2).all(|w| w[0].at <= w[1].at));
}

#[test]
fn every_status_pair_follows_the_rule() {
    use Status::*;
    let allowed = [
        (Draft, Ready),
        (Ready, Draft),
        (Ready, Exported),
        (Exported, Draft),
        (Exported, Ready),
        (Exported, Exported),
        (Exported, Submitted),
        (Submitted, Settled),
        (Draft, Withdrawn),
        (Ready, Withdrawn),
        (Exported, Withdrawn),
        (Submitted, Withdrawn),
    ];
    for from in Status::ALL {
        for to in Status::ALL {
            assert_eq!(
                from.can_become(to),
                allowed.contains(&(from, to)),
                "{from:?} → {to:?}"
            );
        }
    }
}

#[test]
fn unknown_claims_are_not_found() {
    let (_dir, mut store) = store();
    assert_eq!(
        store
            .claim("0192f5c4-0000-7000-8000-000000000000")
            .unwrap_err()
            .code(),
        "E_CLAIM_NOT_FOUND"
    );
    assert_eq!(
        store.set_status("nope", Status::Ready).unwrap_err().code(),
        "E_CLAIM_NOT_FOUND"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    let content = b"this is somebody's spreadsheet, not a database".repeat(100);
    std::fs::write(&path, &content).unwrap();
    let error = Store::open(dir.path()).unwrap_err();
    assert!(matches!(error, StoreError::NotADatabase { .. }), "{error}");
    assert!(error.to_string().contains("백업"));
    assert_eq!(std::fs::read(&path).unwrap(), content);
}

#[test]
fn a_database_from_a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite_connection(dir.path());
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let path = dir.path().join(DATABASE_FILE);
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(dir.path()).unwrap_err();
    assert!(
        matches!(error, StoreError::NewerSchema { found: 99, .. }),
        "{error}"
    );
    assert_eq!(error.code(), "E_STORE_NEWER_SCHEMA");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn errors_never_carry_claim_content() {
    let (_dir, mut store) = store();
    let error = store
        .save_claim(
            "{\"format\": \"claimdesk.claim/1\", \"narrative\": \"이수진 010-2222-3333\""
                .as_bytes(),
        )
        .unwrap_err();
    let text = error.to_string();
    assert!(!text.contains("이수진") && !text.contains("2222"), "{text}");
}

#[test]
fn exports_are_audited_with_their_hash() {
    let (_dir, mut store) = store();
    let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let hash = claim_store::sha256_hex(b"abc");
    assert_eq!(
        hash,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    store.record_export(&claim.id, &hash).unwrap();
    let trail = store.audit(&claim.id).unwrap();
    assert_eq!(trail.last().unwrap().event, "exported");
    assert_eq!(trail.last().unwrap().sha256.as_deref(), Some(hash.as_str()));
    assert!(store.record_export("missing", &hash).is_err());
}

#[test]
fn an_exported_claim_file_is_the_owners_copy_and_its_hash_is_audited() {
    let (dir, mut store) = store();
    let claim = store
        .save_claim(&example("invalid-several-errors"))
        .unwrap();
    let file = dir.path().join("내 청구서.json");
    let receipt = store.export_claim(&claim.id, &file).unwrap();
    assert_eq!(receipt.number, claim.number);
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(receipt.sha256, claim_store::sha256_hex(&bytes));
    let trail = store.audit(&claim.id).unwrap();
    assert_eq!(
        trail.last().unwrap().sha256.as_deref(),
        Some(receipt.sha256.as_str())
    );
    // Customer details as entered, and the file imports back as the same claim.
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("이수진"), "the owner's copy keeps names");
    let again = store.save_claim(&bytes).unwrap();
    assert_eq!(again.id, claim.id);
    assert_eq!(store.list(&ClaimFilter::default()).unwrap().len(), 1);
    // A place that cannot be written: a clear error, no partial file.
    let error = store
        .export_claim(&claim.id, &dir.path().join("no-such-folder").join("x.json"))
        .unwrap_err();
    assert_eq!(error.code(), "E_FILE_WRITE", "{error}");
    assert!(!error.to_string().contains("이수진"));
    let partials = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().contains("partial"))
        .count();
    assert_eq!(partials, 0);
}

#[test]
fn a_backup_restores_everything_into_a_fresh_directory() {
    let (dir, mut store) = store();
    let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    store.set_status(&claim.id, Status::Ready).unwrap();
    let backup = dir.path().join("my-backup.sqlite3");
    store.backup_to(&backup).unwrap();
    // A later change is not in the backup.
    store.save_claim(&example("orders-only-no-sales")).unwrap();

    let elsewhere = tempfile::tempdir().unwrap();
    let restored = Store::restore(elsewhere.path(), &backup).unwrap();
    let claims = restored.list(&ClaimFilter::default()).unwrap();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].id, claim.id);
    assert_eq!(claims[0].status, Status::Ready);
    assert_eq!(
        restored.claim(&claim.id).unwrap().document["lost_orders"][0]["customer_phone"],
        "010-2222-3333"
    );
    assert_eq!(restored.audit(&claim.id).unwrap().len(), 2);
}

#[test]
fn restoring_over_existing_data_keeps_a_copy_of_it() {
    let (dir, mut store) = store();
    store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let backup = tempfile::tempdir().unwrap();
    let file = backup.path().join("empty.sqlite3");
    let (_empty_dir, empty) = self::store();
    empty.backup_to(&file).unwrap();
    store.save_claim(&example("orders-only-no-sales")).unwrap();
    drop(store);

    let restored = Store::restore(dir.path(), &file).unwrap();
    assert!(restored.list(&ClaimFilter::default()).unwrap().is_empty());
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("before-restore-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    let safety = tempfile::tempdir().unwrap();
    let before = Store::restore(safety.path(), &kept[0]).unwrap();
    assert_eq!(before.list(&ClaimFilter::default()).unwrap().len(), 2);
}

#[test]
fn a_bad_backup_is_refused_and_the_current_data_stays() {
    let (dir, mut store) = store();
    store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    drop(store);
    let files = tempfile::tempdir().unwrap();
    let not_sqlite = files.path().join("photo.jpg");
    std::fs::write(&not_sqlite, b"\xFF\xD8\xFF\xE0 not a database").unwrap();
    let other_sqlite = files.path().join("other.sqlite3");
    rusqlite::Connection::open(&other_sqlite)
        .unwrap()
        .execute_batch("CREATE TABLE x (y)")
        .unwrap();
    let newer = files.path().join("newer.sqlite3");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("CREATE TABLE claim (y); PRAGMA user_version = 42;")
        .unwrap();
    let empty = files.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    for (file, code) in [
        (&not_sqlite, "E_STORE_NOT_A_DATABASE"),
        (&other_sqlite, "E_STORE_NOT_A_DATABASE"),
        (&newer, "E_STORE_NEWER_SCHEMA"),
        (&empty, "E_STORE_NOT_A_DATABASE"),
    ] {
        let error = Store::restore(dir.path(), file).unwrap_err();
        assert_eq!(error.code(), code, "{}", file.display());
    }
    assert_eq!(
        Store::open(dir.path())
            .unwrap()
            .list(&ClaimFilter::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_daily_backup_is_made_once_a_day_and_the_last_14_are_kept() {
    let (dir, mut store) = store();
    store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let backups = claim_store::backup_dir(dir.path());
    assert!(claim_store::daily_backups(&backups).unwrap().is_empty());
    let day = |n: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
    assert!(store.daily_backup(&backups, day(1)).unwrap().is_some());
    assert!(store.daily_backup(&backups, day(1)).unwrap().is_none());
    for n in 2..=20 {
        assert!(store.daily_backup(&backups, day(n)).unwrap().is_some());
    }
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), claim_store::KEPT_DAILY_BACKUPS);
    assert_eq!(names.first().unwrap(), "claimdesk-2026-11-07.sqlite3");
    assert_eq!(names.last().unwrap(), "claimdesk-2026-11-20.sqlite3");
    // Newest first, as the app offers them for a restore.
    let listed = claim_store::daily_backups(&backups).unwrap();
    assert_eq!(listed.len(), claim_store::KEPT_DAILY_BACKUPS);
    assert!(listed[0].ends_with("claimdesk-2026-11-20.sqlite3"));
    // Each is a whole store.
    let check = tempfile::tempdir().unwrap();
    let restored =
        Store::restore(check.path(), &backups.join("claimdesk-2026-11-20.sqlite3")).unwrap();
    assert_eq!(restored.list(&ClaimFilter::default()).unwrap().len(), 1);
}

#[test]
fn a_damaged_database_is_reported_as_corrupt_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        for _ in 0..40 {
            store.save_claim(&example("kakao-cake-prior-week")).unwrap();
        }
        let conn = rusqlite_connection(dir.path());
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let path = dir.path().join(DATABASE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8 * 4096);
    // Scribble over pages 3..8 (the header page stays intact).
    for byte in &mut bytes[2 * 4096..8 * 4096] {
        *byte = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();

    let outcome = Store::open(dir.path())
        .and_then(|store| store.list(&ClaimFilter::default()).map(|_| store));
    let error = outcome.unwrap_err();
    assert_eq!(error.code(), "E_STORE_CORRUPT", "{error}");
    assert!(error.to_string().contains("백업"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn business_profiles_are_entered_once_and_kept_apart() {
    let (_dir, mut store) = store();
    let cake = store
        .save_business(
            &json!({"name": "행복케이크 망원점", "representative": "김민지",
                               "registration_number": "105-23-45674", "phone": "010-1234-5678"}),
        )
        .unwrap();
    assert_eq!(
        uuid::Uuid::parse_str(&cake.id).unwrap().get_version_num(),
        7
    );
    let flowers = store
        .save_business(&json!({"name": "꽃집", "registration_number": "1208147521"}))
        .unwrap();
    // Typed without hyphens, shown as the certificate shows it; the profile
    // itself keeps what was typed.
    assert_eq!(flowers.registration_number, "120-81-47521");
    assert_eq!(flowers.document["registration_number"], "1208147521");
    // Editing keeps the profile's id; the profile is not duplicated.
    let mut edited = cake.document.clone();
    edited["phone"] = json!("02-123-4567");
    let again = store.save_business(&edited).unwrap();
    assert_eq!(again.id, cake.id);
    let all = store.businesses().unwrap();
    assert_eq!(
        all.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
        vec!["꽃집", "행복케이크 망원점"]
    );
    assert_eq!(all[1].document["phone"], "02-123-4567");
    assert_eq!(all[0].id, flowers.id);
    assert_eq!(all[0].registration_number, "120-81-47521");
    for bad in [
        json!("행복케이크"),
        json!({"name": " ", "registration_number": "1"}),
        json!({"name": "가게"}),
    ] {
        assert_eq!(
            store.save_business(&bad).unwrap_err().code(),
            "E_DOCUMENT",
            "{bad}"
        );
    }
    assert_eq!(store.businesses().unwrap().len(), 2);
}

#[test]
fn claims_belong_to_a_business_profile_and_filter_by_it_and_by_incident() {
    let (_dir, mut store) = store();
    let cake = store
        .save_business(&json!({"name": "행복케이크 망원점", "registration_number": "10523 45674"}))
        .unwrap();
    let flowers = store
        .save_business(&json!({"name": "망원 꽃집", "registration_number": "120-81-47521"}))
        .unwrap();
    // A claim imported from a file: linked by its registration number.
    let mut typed: serde_json::Value =
        serde_json::from_slice(&example("kakao-cake-prior-week")).unwrap();
    typed["business"]["registration_number"] = json!("1052345674");
    let imported = store
        .save_claim(serde_json::to_string(&typed).unwrap().as_bytes())
        .unwrap();
    assert_eq!(imported.business_id.as_deref(), Some(cake.id.as_str()));
    assert_eq!(
        store.list(&ClaimFilter::default()).unwrap()[0]
            .registration_number
            .as_deref(),
        Some("105-23-45674"),
        "the list shows it as the certificate does"
    );
    // A claim made in the window names its profile by id, whatever it says.
    let mut made: serde_json::Value =
        serde_json::from_slice(&example("orders-only-no-sales")).unwrap();
    made["business"]["id"] = json!(flowers.id);
    made["incident"] = json!({"preset": "kt-2021-10"});
    let made = store
        .save_claim(serde_json::to_string(&made).unwrap().as_bytes())
        .unwrap();
    assert_eq!(made.business_id.as_deref(), Some(flowers.id.as_str()));
    // A registration number no profile has: no business.
    let stranger = store
        .save_claim(&example("invalid-several-errors"))
        .unwrap();
    assert_eq!(stranger.business_id, None);

    let ids = |filter: ClaimFilter| -> Vec<String> {
        store
            .list(&filter)
            .unwrap()
            .into_iter()
            .map(|claim| claim.id)
            .collect()
    };
    assert_eq!(
        ids(ClaimFilter {
            business_id: Some(cake.id.clone()),
            ..Default::default()
        }),
        vec![imported.id.clone()]
    );
    assert_eq!(
        ids(ClaimFilter {
            incident: Some("kt-2021-10".into()),
            ..Default::default()
        }),
        vec![made.id.clone()]
    );
    assert_eq!(
        ids(ClaimFilter {
            incident: Some("kakao-2022-10".into()),
            ..Default::default()
        }),
        vec![stranger.id.clone(), imported.id.clone()]
    );
    assert!(ids(ClaimFilter {
        incident: Some("kt-2021-10".into()),
        business_id: Some(cake.id.clone()),
        ..Default::default()
    })
    .is_empty());
}

#[test]
fn editing_a_marked_claim_returns_it_to_draft_and_a_closed_one_refuses() {
    let (_dir, mut store) = store();
    let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let mut document = store.claim(&claim.id).unwrap().document;
    store.set_status(&claim.id, Status::Ready).unwrap();
    store.set_status(&claim.id, Status::Exported).unwrap();
    // Saving the same content (as a draft autosave may) changes nothing.
    let same = store
        .save_claim(serde_json::to_string(&document).unwrap().as_bytes())
        .unwrap();
    assert_eq!(same.status, Status::Exported);
    // A real edit: the exported PDF no longer matches, so back to draft.
    document["narrative"] = json!("주말 주문을 모두 놓쳤습니다.");
    let edited = store
        .save_claim(serde_json::to_string(&document).unwrap().as_bytes())
        .unwrap();
    assert_eq!(edited.status, Status::Draft);
    let last = store.audit(&claim.id).unwrap().pop().unwrap();
    assert_eq!(
        (
            last.event.as_str(),
            last.from_status.as_deref(),
            last.to_status.as_deref()
        ),
        ("edited", Some("exported"), Some("draft"))
    );
    // Submitted: closed to edits and to new evidence; nothing changes.
    store.set_status(&claim.id, Status::Ready).unwrap();
    store.set_status(&claim.id, Status::Exported).unwrap();
    store.set_status(&claim.id, Status::Submitted).unwrap();
    let before = store.claim(&claim.id).unwrap();
    document["narrative"] = json!("다시 고침");
    let error = store
        .save_claim(serde_json::to_string(&document).unwrap().as_bytes())
        .unwrap_err();
    assert_eq!(error.code(), "E_CLAIM_CLOSED", "{error}");
    assert!(error.to_string().contains("복제"), "{error}");
    let png = fixture("evidence/kakao-channel-screenshot.png");
    let error = store
        .add_evidence(
            &claim.id,
            claim_core::codes::EvidenceKind::ServiceUseProof,
            "a.png",
            &png,
        )
        .unwrap_err();
    assert_eq!(error.code(), "E_CLAIM_CLOSED");
    assert_eq!(store.claim(&claim.id).unwrap(), before);
}

#[test]
fn the_final_pdf_moves_a_draft_to_exported_and_a_submitted_claim_stays() {
    let (_dir, mut store) = store();
    let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let filed = store.record_filed_pdf(&claim.id, "ab").unwrap();
    assert_eq!(filed.status, Status::Exported);
    let events: Vec<(String, Option<String>, Option<String>)> = store
        .audit(&claim.id)
        .unwrap()
        .into_iter()
        .map(|entry| (entry.event, entry.to_status, entry.sha256))
        .collect();
    assert_eq!(
        events[1..],
        [
            ("exported".to_owned(), None, Some("ab".to_owned())),
            ("status".to_owned(), Some("exported".to_owned()), None),
        ]
    );
    assert!(filed.editable && filed.withdrawable);
    let submitted = store.set_status(&claim.id, Status::Submitted).unwrap();
    // The row says what the owner may still do: the same rule the store
    // enforces (an edit of a submitted claim is refused).
    assert!(!submitted.editable && submitted.withdrawable);
    let document = store.claim(&claim.id).unwrap().document;
    assert!(store
        .save_claim(serde_json::to_string(&document).unwrap().as_bytes())
        .is_ok()); // unchanged: nothing to refuse
    let mut changed = document.clone();
    changed["narrative"] = json!("고침");
    assert!(store
        .save_claim(serde_json::to_string(&changed).unwrap().as_bytes())
        .is_err());
    let again = store.record_filed_pdf(&claim.id, "cd").unwrap();
    assert_eq!(again.status, Status::Submitted);
    let withdrawn = store.set_status(&claim.id, Status::Withdrawn).unwrap();
    assert!(!withdrawn.editable && !withdrawn.withdrawable);
    assert!(store.record_filed_pdf("missing", "ef").is_err());
}

/// The data folder and its files hold customers' names and phones and the
/// bank account: the owner's alone.
#[cfg(unix)]
#[test]
fn the_data_folder_and_its_files_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("kr.claimdesk.desk");
    let mut store = Store::open(&dir).unwrap();
    store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    assert_eq!(mode(&dir), 0o700, "a new data folder");
    for name in [
        DATABASE_FILE,
        "claimdesk.sqlite3-wal",
        "claimdesk.sqlite3-shm",
    ] {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
    }
    let backup = parent.path().join("backup.sqlite3");
    store.backup_to(&backup).unwrap();
    assert_eq!(mode(&backup), 0o600, "a backup holds everything");
    let daily = store
        .daily_backup(
            &claim_store::backup_dir(&dir),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        )
        .unwrap()
        .unwrap();
    assert_eq!(mode(daily.parent().unwrap()), 0o700);
    assert_eq!(mode(&daily), 0o600);
    drop(store);

    // A folder an older version made 0755, with files 0644, is narrowed.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        dir.join(DATABASE_FILE),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    drop(Store::open(&dir).unwrap());
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join(DATABASE_FILE)), 0o600);

    // A folder the owner chose (--data-dir) that holds nothing of
    // ClaimDesk's keeps its own mode.
    let chosen = parent.path().join("chosen");
    std::fs::create_dir(&chosen).unwrap();
    std::fs::set_permissions(&chosen, std::fs::Permissions::from_mode(0o750)).unwrap();
    claim_store::database::make_private_dir(&chosen, DATABASE_FILE).unwrap();
    assert_eq!(mode(&chosen), 0o750);
}

/// A backup is a stranger's file until checked: only the schema the
/// migrations make, at the backup's version, may come back.
#[test]
fn a_backup_with_anything_but_our_schema_is_refused_and_replaces_nothing() {
    let (dir, mut store) = store();
    let saved = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let backup = dir.path().join("backup.sqlite3");
    store.backup_to(&backup).unwrap();
    drop(store);
    // An extra trigger that would quietly undo an erasure of customers.
    rusqlite::Connection::open(&backup)
        .unwrap()
        .execute_batch("CREATE TRIGGER keep_names AFTER UPDATE ON claim BEGIN SELECT 1; END;")
        .unwrap();
    let target = tempfile::tempdir().unwrap();
    let current = Store::open(target.path()).unwrap();
    drop(current);
    let before = std::fs::read(target.path().join(DATABASE_FILE)).unwrap();
    let refused = Store::restore(target.path(), &backup).unwrap_err();
    assert_eq!(refused.code(), "E_STORE_NOT_A_DATABASE", "{refused}");
    assert_eq!(
        std::fs::read(target.path().join(DATABASE_FILE)).unwrap(),
        before
    );

    // The same backup without it comes back whole; so does one made by the
    // first schema (the upgrade fixture), which the migrations also make.
    rusqlite::Connection::open(&backup)
        .unwrap()
        .execute_batch("DROP TRIGGER keep_names;")
        .unwrap();
    let restored = Store::restore(target.path(), &backup).unwrap();
    assert!(restored.claim(&saved.id).is_ok());
    drop(restored);
    let old = dir.path().join("schema-v1.sqlite3");
    std::fs::write(&old, fixture("store/schema-v1.sqlite3")).unwrap();
    Store::restore(target.path(), &old).unwrap();
}

/// An unsigned definition that reached the file another way (a crafted
/// backup) does not move a built-in incident.
#[test]
fn an_unverified_row_cannot_replace_a_built_in_incident() {
    let (dir, store) = store();
    drop(store);
    let mut kakao: serde_json::Value = serde_json::from_slice(include_bytes!(
        "../../claim-core/incidents/kakao-2022-10.incident.json"
    ))
    .unwrap();
    kakao["title"]["ko"] = json!("가짜 카카오 장애");
    rusqlite::Connection::open(dir.path().join(DATABASE_FILE))
        .unwrap()
        .execute(
            "INSERT INTO incident_definition (id, file, imported_at) VALUES ('kakao-2022-10', ?1, '2026-01-01T00:00:00Z')",
            [serde_json::to_vec(&kakao).unwrap()],
        )
        .unwrap();
    let store = Store::open(dir.path()).unwrap();
    let kakao = store
        .incidents()
        .unwrap()
        .into_iter()
        .find(|entry| serde_json::to_value(entry).unwrap()["id"] == "kakao-2022-10")
        .unwrap();
    let shown = serde_json::to_value(&kakao).unwrap();
    assert_eq!(shown["verification"]["status"], "built_in", "{shown}");
    assert!(!shown.to_string().contains("가짜"));
}

/// A restore replaces the store's file: refused while a store is open on
/// the folder anywhere else (a window, its backup thread), whose later
/// saves would go to the file replaced and be lost. Once it closes, the
/// restore goes ahead.
#[test]
fn a_restore_is_refused_while_the_store_is_open_elsewhere() {
    let (dir, mut open) = store();
    open.save_claim(&example("kakao-cake-prior-week")).unwrap();
    let (_backup_dir, backup_store) = store();
    let backup = _backup_dir.path().join("empty.sqlite3");
    backup_store.backup_to(&backup).unwrap();
    let refused = Store::restore(dir.path(), &backup).err();
    assert!(matches!(refused, Some(StoreError::InUse)), "{refused:?}");
    assert_eq!(refused.unwrap().code().as_str(), "E_STORE_IN_USE");
    // The open store's saves after the refusal are kept.
    open.save_claim(&example("orders-only-no-sales")).unwrap();
    drop(open);
    let reopened = Store::open(dir.path()).unwrap();
    assert_eq!(reopened.list(&ClaimFilter::default()).unwrap().len(), 2);
    drop(reopened);
    let restored = Store::restore(dir.path(), &backup).unwrap();
    assert!(restored.list(&ClaimFilter::default()).unwrap().is_empty());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("restoring"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A backup is read once, through SQLite, and that copy is what is checked
/// and put in place: a backup file with its `-wal` beside it (copied from
/// a store still open) is restored with what its journal holds, and its
/// free pages are dropped.
#[test]
fn a_restore_puts_in_place_the_very_copy_it_checked() {
    let (source_dir, mut source) = store();
    let claim = source
        .save_claim(&example("kakao-cake-prior-week"))
        .unwrap();
    // Megabytes of evidence added and removed: free pages in the file.
    let photo: Vec<u8> = b"\x89PNG\r\n\x1a\n"
        .iter()
        .copied()
        .chain((0..12_000_000u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8))
        .collect();
    let kind = claim_core::codes::EvidenceKind::SalesProof;
    let added = source
        .add_evidence(&claim.id, kind, "매출.png", &photo)
        .unwrap();
    source
        .remove_evidence(&claim.id, kind, &added.sha256)
        .unwrap();
    let second = source.save_claim(&example("orders-only-no-sales")).unwrap();
    // The files as a copy taken while the store is open has them: the
    // latest saves only in the journal beside the main file.
    let backups = tempfile::tempdir().unwrap();
    let backup = backups.path().join("copied.sqlite3");
    std::fs::copy(source_dir.path().join(DATABASE_FILE), &backup).unwrap();
    let journal = source_dir.path().join(format!("{DATABASE_FILE}-wal"));
    assert!(journal.exists(), "the store keeps a journal while open");
    std::fs::copy(&journal, backups.path().join("copied.sqlite3-wal")).unwrap();
    let copied_size =
        std::fs::metadata(&backup).unwrap().len() + std::fs::metadata(&journal).unwrap().len();

    let target = tempfile::tempdir().unwrap();
    let restored = Store::restore(target.path(), &backup).unwrap();
    let ids: Vec<String> = restored
        .list(&ClaimFilter::default())
        .unwrap()
        .into_iter()
        .map(|summary| summary.id)
        .collect();
    assert!(
        ids.contains(&claim.id) && ids.contains(&second.id),
        "{ids:?}"
    );
    let restored_size = std::fs::metadata(target.path().join(DATABASE_FILE))
        .unwrap()
        .len();
    assert!(
        restored_size < copied_size / 2,
        "free pages dropped: {restored_size} of {copied_size}"
    );
}

/// A store with one claim and a scanned document whose pages fill the
/// file's overflow pages: (folder, the page size, the pages holding only
/// the document's middle, which no opening reads).
fn store_with_a_long_document() -> (tempfile::TempDir, usize, Vec<usize>) {
    const PATTERN: &[u8] = b"ClaimDeskEvidencePattern-";
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        let claim = store.save_claim(&example("kakao-cake-prior-week")).unwrap();
        let mut document = b"%PDF-1.7\n".to_vec();
        for _ in 0..8_000 {
            document.extend_from_slice(PATTERN);
        }
        store
            .add_evidence(
                &claim.id,
                claim_core::codes::EvidenceKind::Other,
                "scan.pdf",
                &document,
            )
            .unwrap();
        let conn = rusqlite_connection(dir.path());
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let bytes = std::fs::read(dir.path().join(DATABASE_FILE)).unwrap();
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let inside = |page: &[u8]| {
        page[4..]
            .windows(PATTERN.len())
            .filter(|w| *w == PATTERN)
            .count()
            >= page_size / PATTERN.len() - 2
    };
    let pages: Vec<usize> = bytes
        .chunks(page_size)
        .enumerate()
        .filter(|(_, page)| page.len() == page_size && inside(page))
        .map(|(number, _)| number)
        .collect();
    assert!(pages.len() > 20, "{}", pages.len());
    (dir, page_size, pages)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]
    /// Issue 35 §5: a store damaged inside, wherever in its document's
    /// pages, still opens and lists its claims, but its whole-file check
    /// says so (`E_STORE_CORRUPT`), and no daily backup is made of it to
    /// push a good one out.
    #[test]
    fn a_store_damaged_inside_is_found_by_its_check_and_not_backed_up(
        which in 0usize..1_000,
        scribble in proptest::collection::vec(proptest::prelude::any::<u8>(), 4..64),
    ) {
        let (dir, page_size, pages) = store_with_a_long_document();
        let path = dir.path().join(DATABASE_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        let page = pages[which % pages.len()];
        // The page's link to the next one, and what follows it.
        let start = page * page_size;
        bytes[start..start + scribble.len()].copy_from_slice(&scribble);
        // An overflow page's first four bytes name the next page: make sure
        // they now name one that is not (past the file's end).
        bytes[start] = 0xFF;
        std::fs::write(&path, &bytes).unwrap();
        let store = Store::open(dir.path()).unwrap();
        proptest::prop_assert_eq!(store.list(&ClaimFilter::default()).unwrap().len(), 1);
        let error = store.check_integrity().unwrap_err();
        proptest::prop_assert_eq!(error.code().as_str(), "E_STORE_CORRUPT");
        let backups = dir.path().join("backups");
        let made = store.daily_backup(&backups, chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
        proptest::prop_assert!(matches!(made, Err(StoreError::Corrupt { .. })), "{made:?}");
        proptest::prop_assert_eq!(claim_store::daily_backups(&backups).unwrap().len(), 0);
    }
}

/// Issue 35 §5: a store damaged inside is restored over like one that does
/// not open: SQLite cannot copy it, so it is set aside whole, and the
/// backup's claims are what the store holds after.
#[test]
fn a_store_damaged_inside_is_set_aside_by_a_restore() {
    let (dir, page_size, pages) = store_with_a_long_document();
    let good = dir.path().join("good-backup.sqlite3");
    Store::open(dir.path()).unwrap().backup_to(&good).unwrap();
    let path = dir.path().join(DATABASE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    for page in &pages[pages.len() / 3..pages.len() / 3 + 4] {
        bytes[page * page_size..page * page_size + 64].fill(0xFF);
    }
    std::fs::write(&path, &bytes).unwrap();
    let damaged = Store::open(dir.path()).unwrap();
    assert!(damaged.check_integrity().is_err());
    drop(damaged);
    let restored = Store::restore(dir.path(), &good).unwrap();
    restored.check_integrity().unwrap();
    assert_eq!(restored.list(&ClaimFilter::default()).unwrap().len(), 1);
    let aside = claim_store::unreadable_copies(dir.path()).unwrap();
    assert!(!aside.is_empty(), "the damaged store was not kept aside");
    assert_eq!(std::fs::read(&aside[0].0).unwrap(), bytes);
}

/// The check passes on a sound store, and its daily backup is written.
#[test]
fn a_sound_store_passes_its_check_and_is_backed_up() {
    let (dir, _, _) = store_with_a_long_document();
    let store = Store::open(dir.path()).unwrap();
    store.check_integrity().unwrap();
    let backups = dir.path().join("backups");
    let made = store
        .daily_backup(
            &backups,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
        )
        .unwrap();
    assert!(made.is_some());
}
