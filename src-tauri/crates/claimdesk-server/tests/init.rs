//! `claimdesk-server init` against a real PostgreSQL the test starts.
//! `cargo test -p claimdesk-server --test init` (Debian's `postgresql`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claimdesk_server::schema::{self, Initialized};
use support::{client, TestPostgres};

fn init(url: &str) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
        .args(["init", "--db", url])
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

async fn tables(client: &tokio_postgres::Client) -> Vec<String> {
    client
        .query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

#[tokio::test]
async fn init_makes_the_schema_once_and_upgrades_an_older_one() {
    let server = TestPostgres::start();
    server.create_database("association");
    let url = server.url("association");
    let latest = claimdesk_server::schema::current_version();
    assert_eq!(
        latest, 7,
        "a new version: say what it upgrades in this test"
    );
    assert_eq!(
        init(&url),
        (true, format!("schema made, version {latest}\n"))
    );
    assert_eq!(
        init(&url),
        (true, format!("schema already at version {latest}\n"))
    );
    let db = client(&url).await;
    let all = [
        "asking_nonce",
        "audit",
        "claimdesk_schema",
        "incident_definition",
        "receipt",
        "receipt_number",
        "received",
        "received_body",
        "review_log",
        "session",
        "shop_key",
        "staff",
        "turn_business",
        "turn_line",
    ];
    assert_eq!(tables(&db).await, all);
    // A database at version 1 (staff and audit, with a member of staff)
    // gets v2 to v7 and keeps what it held.
    db.batch_execute(
        "DROP TABLE asking_nonce, shop_key, incident_definition, session, receipt, receipt_number, review_log, received_body, received, turn_business,
             turn_line;
         ALTER TABLE staff DROP COLUMN failed_sign_ins, DROP COLUMN locked_until;
         DROP FUNCTION claimdesk_intake_number, claimdesk_next_intake_number, claimdesk_raise_intake_number, claimdesk_intake_counter,
             claimdesk_group;
         UPDATE claimdesk_schema SET version = 1;
         INSERT INTO staff (id, name, role, password_hash, created_at)
             VALUES (gen_random_uuid(), 'kim', 'staff', 'x', now())",
    )
    .await
    .unwrap();
    assert_eq!(
        init(&url),
        (
            true,
            format!("schema upgraded from version 1 to {latest}\n")
        )
    );
    assert_eq!(tables(&db).await, all);
    let staff: i64 = db
        .query_one("SELECT count(*) FROM staff", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(staff, 1);
    // An older one (here: as at version 0) gets every migration it lacks.
    db.batch_execute(
        "DROP TABLE asking_nonce, shop_key, incident_definition, session, receipt, receipt_number, review_log, received_body, received, staff, audit,
             turn_business, turn_line;
         DROP FUNCTION claimdesk_intake_number, claimdesk_next_intake_number, claimdesk_raise_intake_number, claimdesk_intake_counter,
             claimdesk_group;
         UPDATE claimdesk_schema SET version = 0",
    )
    .await
    .unwrap();
    assert_eq!(
        init(&url),
        (
            true,
            format!("schema upgraded from version 0 to {latest}\n")
        )
    );
    assert_eq!(tables(&db).await, all);
}

#[tokio::test]
async fn another_programs_database_and_a_newer_one_are_refused_untouched() {
    let server = TestPostgres::start();
    server.create_database("shop");
    let foreign = server.url("shop");
    let db = client(&foreign).await;
    db.batch_execute("CREATE TABLE orders (id int)")
        .await
        .unwrap();
    let (ok, said) = init(&foreign);
    assert!(!ok);
    assert!(said.contains("another program"), "{said}");
    assert_eq!(tables(&db).await, ["orders"], "nothing written");

    server.create_database("newer");
    let newer = server.url("newer");
    assert!(init(&newer).0);
    let db = client(&newer).await;
    db.execute("UPDATE claimdesk_schema SET version = 99", &[])
        .await
        .unwrap();
    let (ok, said) = init(&newer);
    assert!(!ok);
    assert!(said.contains("version 99, newer"), "{said}");
    let version = schema::recorded_version(&db).await.unwrap();
    assert_eq!(version, Some(99));
}

#[tokio::test]
async fn two_servers_starting_together_migrate_one_after_the_other() {
    let server = TestPostgres::start();
    server.create_database("together");
    let url = server.url("together");
    let (mut first, mut second) = (client(&url).await, client(&url).await);
    let (a, b) = tokio::join!(schema::init(&mut first), schema::init(&mut second));
    let mut outcomes = [a.unwrap(), b.unwrap()];
    outcomes.sort_by_key(|outcome| matches!(outcome, Initialized::Current { .. }));
    let latest = i32::try_from(schema::MIGRATIONS.len()).unwrap();
    assert_eq!(
        outcomes,
        [
            Initialized::Created { version: latest },
            Initialized::Current { version: latest }
        ]
    );
}
