//! `claimdesk-server user add | list | disable` on a PostgreSQL the test
//! starts: argon2id hashes only, bounded passwords, an audit row per change.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claimdesk_server::staff;
use std::io::Write;
use std::process::{Command, Stdio};
use support::{client, TestPostgres};

/// Runs the server's command line with `input` on standard input.
fn server(args: &[&str], input: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn accounts_are_added_listed_and_disabled_with_an_audit_row_each() {
    let server_db = TestPostgres::start();
    server_db.create_database("association");
    let url = server_db.url("association");
    assert!(server(&["init", "--db", &url], "").0);
    let password = "긴 비밀번호 correct horse";
    let (ok, said, err) = server(
        &["user", "add", "kim.minji", "--role", "admin", "--db", &url],
        &format!("{password}\n"),
    );
    assert!(ok, "{err}");
    assert_eq!(said, "account kim.minji added (admin)\n");
    assert!(
        server(
            &["user", "add", "lee", "--role", "staff", "--db", &url],
            "another-long-one\n"
        )
        .0
    );
    // Stored as an argon2id hash that the password, and only it, matches.
    let db = client(&url).await;
    let hash: String = db
        .query_one(
            "SELECT password_hash FROM staff WHERE name = 'kim.minji'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(password));
    assert!(staff::password_matches(&hash, password));
    assert!(!staff::password_matches(&hash, "긴 비밀번호 correct hors"));
    // The same name twice, a short password, a name that is no name.
    let (ok, _, err) = server(
        &["user", "add", "lee", "--role", "staff", "--db", &url],
        "yet-another-one\n",
    );
    assert!(!ok && err.contains("already an account named lee"), "{err}");
    let (ok, _, err) = server(
        &["user", "add", "park", "--role", "staff", "--db", &url],
        "short\n",
    );
    assert!(!ok && err.contains("10 to 1024"), "{err}");
    let (ok, _, err) = server(
        &["user", "add", "a b", "--role", "staff", "--db", &url],
        "long enough pw\n",
    );
    assert!(!ok && err.contains("1 to 64"), "{err}");
    // No password anywhere in what was said.
    assert!(!err.contains("long enough pw"));

    let (ok, said, _) = server(&["user", "disable", "lee", "--db", &url], "");
    assert!(ok);
    assert_eq!(said, "account lee disabled\n");
    let (_, listed, _) = server(&["user", "list", "--db", &url], "");
    assert_eq!(listed, "kim.minji\tadmin\nlee\tstaff\tdisabled\n");
    let (ok, _, err) = server(&["user", "disable", "nobody", "--db", &url], "");
    assert!(!ok && err.contains("no account named nobody"), "{err}");

    let audit: Vec<(String, String)> = db
        .query("SELECT action, subject FROM audit ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(
        audit,
        [
            ("staff.add".to_owned(), "kim.minji".to_owned()),
            ("staff.add".to_owned(), "lee".to_owned()),
            ("staff.disable".to_owned(), "lee".to_owned()),
        ],
        "one row per change, none for a refusal"
    );
}

#[test]
fn a_password_outside_its_bounds_is_refused_before_hashing() {
    assert!(matches!(
        staff::hash_password(&"x".repeat(staff::MIN_PASSWORD - 1)),
        Err(staff::StaffError::PasswordLength)
    ));
    assert!(matches!(
        staff::hash_password(&"가".repeat(staff::MAX_PASSWORD + 1)),
        Err(staff::StaffError::PasswordLength)
    ));
    let hash = staff::hash_password(&"가".repeat(staff::MAX_PASSWORD)).unwrap();
    assert!(staff::password_matches(
        &hash,
        &"가".repeat(staff::MAX_PASSWORD)
    ));
    assert!(!staff::password_matches("not a hash", "whatever password"));
}
