//! Every schema upgrade is tested on a database the first schema wrote.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_store::{ClaimFilter, Status, Store, DATABASE_FILE, SCHEMA_VERSION};

#[test]
fn a_schema_v1_database_opens_upgraded_with_every_claim_intact() {
    let fixture = format!(
        "{}/../../../tests/fixtures/store/schema-v1.sqlite3",
        env!("CARGO_MANIFEST_DIR")
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&fixture, dir.path().join(DATABASE_FILE)).unwrap();
    let mut store = Store::open(dir.path()).unwrap();

    let conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version as usize, SCHEMA_VERSION);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);

    let claims = store.list(&ClaimFilter::default()).unwrap();
    assert_eq!(claims.len(), 5);
    let numbers: Vec<&str> = claims.iter().map(|c| c.number.as_str()).collect();
    assert!(numbers.iter().all(|n| n.starts_with("CD-")), "{numbers:?}");
    let several = claims
        .iter()
        .find(|c| c.registration_number.as_deref() == Some("123-45-67890"))
        .unwrap();
    assert_eq!(several.error_count, 5);
    // v4 filled the period of every old claim from the rules engine: the
    // incident's default period where the document names none.
    assert!(
        claims
            .iter()
            .all(|c| c.period_from.is_some() == c.incident.is_some()),
        "{claims:?}"
    );
    let kakao_default = claims
        .iter()
        .filter(|c| c.incident.as_deref() == Some("kakao-2022-10"))
        .filter_map(|c| c.period_from.as_deref())
        .collect::<Vec<_>>();
    assert!(kakao_default.contains(&"2022-10-15"), "{kakao_default:?}");
    // v6: nothing came back from the association for the old claims yet,
    // and an answer applies to them.
    assert!(claims
        .iter()
        .all(|c| c.receipt_number.is_none() && c.answer.is_none()));
    // v8: nor has the association numbered them.
    assert!(claims.iter().all(|c| c.intake_number.is_none()));
    // v9: none waits to be sent online.
    assert!(claims.iter().all(|c| !c.waiting));
    assert_eq!(store.waiting().unwrap(), []);
    assert_eq!(store.business_key_kept("1234567890").unwrap(), None);
    let stored = store.claim(&several.id).unwrap();
    assert_eq!(stored.document["lost_orders"][0]["customer_name"], "이수진");
    // The upgraded store keeps working: numbering continues after the old
    // claims, and old claims take evidence (v2).
    let mut copy = stored.document.clone();
    copy.as_object_mut().unwrap().remove("id");
    let next = store
        .save_claim(serde_json::to_string(&copy).unwrap().as_bytes())
        .unwrap();
    let highest = numbers.iter().max().unwrap();
    assert!(
        next.number.as_str() > *highest,
        "{} after {highest}",
        next.number
    );
    let pdf = b"%PDF-1.4\n%%EOF\n";
    store
        .add_evidence(
            &several.id,
            claim_core::codes::EvidenceKind::Other,
            "memo.pdf",
            pdf,
        )
        .unwrap();
    assert_eq!(store.evidence(&several.id).unwrap().len(), 1);
    // v3 indexed claims by incident and business: old claims are found, and
    // an old claim saved again joins the profile with its registration number.
    let kakao = store
        .list(&ClaimFilter {
            incident: Some("kakao-2022-10".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(kakao.len(), 6);
    let profile = store
        .save_business(&serde_json::json!({"name": "가게", "registration_number": "123-45-67890"}))
        .unwrap();
    let stored = store.claim(&several.id).unwrap();
    store
        .save_claim(serde_json::to_string(&stored.document).unwrap().as_bytes())
        .unwrap();
    let mine = store
        .list(&ClaimFilter {
            business_id: Some(profile.id),
            ..Default::default()
        })
        .unwrap();
    assert!(mine.iter().any(|c| c.id == several.id));
    assert_eq!(
        store
            .set_status(&several.id, Status::Withdrawn)
            .unwrap()
            .status,
        Status::Withdrawn
    );
    let events: Vec<String> = store
        .audit(&several.id)
        .unwrap()
        .into_iter()
        .map(|entry| entry.event)
        .collect();
    assert_eq!(events.last().map(String::as_str), Some("status"));
}
