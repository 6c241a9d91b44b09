//! Admins manage the staff's accounts from their browsers (`/v1/staff`):
//! only an admin, with a live session and its CSRF token; a new account can
//! sign in at once, a disabled one is out at its next request; an admin
//! cannot lock themselves out; every change is an audit row by the admin;
//! no password is said back. Names and passwords of every shape are
//! refused or taken without a 500.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use proptest::prelude::*;
use support::{
    block_on, call, client, count, exchange, request, serve, sign_in, signed_in, staff_database,
    Answer, Staff, TestPostgres, PASSWORD,
};

fn add(address: &str, admin: &Staff, name: &str, role: &str, password: &str) -> Answer {
    let body = serde_json::json!({"name": name, "role": role, "password": password});
    request(address, Some(admin), true, "POST", "/v1/staff", Some(&body))
}

fn disable(address: &str, admin: &Staff, name: &str) -> Answer {
    request(
        address,
        Some(admin),
        true,
        "POST",
        &format!("/v1/staff/{name}/disable"),
        None,
    )
}

fn code(answer: &Answer) -> String {
    answer.json()["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn only_an_admin_manages_accounts_and_each_change_is_audited() {
    let server = TestPostgres::start();
    let url = staff_database(&server);
    let serving = serve(&url);
    let address = &serving.1;
    let staff_member = signed_in(address, "kim");
    let admin = signed_in(address, "lee");

    // Nobody, a member of staff, and the admin without the CSRF token are
    // refused, and nothing changes.
    let nobody = request(address, None, true, "GET", "/v1/staff", None);
    assert_eq!(nobody.status, 401);
    let not_admin = request(address, Some(&staff_member), true, "GET", "/v1/staff", None);
    assert_eq!(
        (not_admin.status, code(&not_admin)),
        (403, "E_ADMIN_ONLY".into())
    );
    assert!(not_admin.json()["message"]
        .as_str()
        .unwrap()
        .contains("관리자"));
    let by_staff = add(address, &staff_member, "park", "staff", PASSWORD);
    assert_eq!(
        (by_staff.status, code(&by_staff)),
        (403, "E_ADMIN_ONLY".into())
    );
    let no_token = request(
        address,
        Some(&admin),
        false,
        "POST",
        "/v1/staff",
        Some(&serde_json::json!({"name": "park", "role": "staff", "password": PASSWORD})),
    );
    assert_eq!((no_token.status, code(&no_token)), (403, "E_CSRF".into()));
    assert_eq!(disable(address, &staff_member, "lee").status, 403);
    assert_eq!(
        count(&url, "SELECT count(*) FROM staff WHERE name = 'park'", &[]),
        0
    );
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM staff WHERE disabled_at IS NOT NULL",
            &[]
        ),
        0
    );

    // The admin lists, adds (the new account signs in at once) and the
    // password is never said back.
    let listed = request(address, Some(&admin), true, "GET", "/v1/staff", None);
    assert_eq!(listed.status, 200);
    assert_eq!(
        listed.json(),
        serde_json::json!([
            {"name": "kim", "role": "staff", "disabled": false},
            {"name": "lee", "role": "admin", "disabled": false},
        ])
    );
    let new_password = "박 직원의 첫 비밀번호";
    let added = add(address, &admin, " park ", "staff", new_password);
    assert_eq!(
        added.status,
        201,
        "{}",
        String::from_utf8_lossy(&added.body)
    );
    assert!(!String::from_utf8_lossy(&added.body).contains(new_password));
    assert_eq!(
        added.json()[2],
        serde_json::json!({"name": "park", "role": "staff", "disabled": false})
    );
    assert_eq!(sign_in(address, "park", new_password).status, 200);
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM audit WHERE action = 'staff.add' AND actor = 'lee' AND subject = 'park'",
            &[]
        ),
        1
    );

    // The same name again, a short password, a strange role: each its own
    // refusal, nothing added.
    let again = add(address, &admin, "park", "admin", PASSWORD);
    assert_eq!((again.status, code(&again)), (409, "E_STAFF_EXISTS".into()));
    let short = add(address, &admin, "choi", "staff", "짧은비번");
    assert_eq!(
        (short.status, code(&short)),
        (422, "E_STAFF_PASSWORD".into())
    );
    let role = add(address, &admin, "choi", "root", PASSWORD);
    assert_eq!((role.status, code(&role)), (422, "E_STAFF_ROLE".into()));
    assert_eq!(count(&url, "SELECT count(*) FROM staff", &[]), 3);

    // Disabled: the member's live session ends at its next request, and
    // they cannot sign in again.
    let before = call(
        address,
        Some(&staff_member),
        true,
        "assoc_stats",
        &serde_json::json!({"lang": "ko"}),
    );
    assert_eq!(
        before.status,
        200,
        "{}",
        String::from_utf8_lossy(&before.body)
    );
    let disabled = disable(address, &admin, "kim");
    assert_eq!(disabled.status, 200);
    assert_eq!(
        disabled.json()[0],
        serde_json::json!({"name": "kim", "role": "staff", "disabled": true})
    );
    let after = call(
        address,
        Some(&staff_member),
        true,
        "assoc_stats",
        &serde_json::json!({"lang": "ko"}),
    );
    assert_eq!(after.status, 401);
    assert_eq!(sign_in(address, "kim", PASSWORD).status, 401);
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM audit WHERE action = 'staff.disable' AND actor = 'lee' AND subject = 'kim'",
            &[]
        ),
        1
    );

    // The admin cannot disable their own account (no one would be left to
    // undo it from the page); an unknown name is said so.
    let own = disable(address, &admin, "lee");
    assert_eq!((own.status, code(&own)), (422, "E_STAFF_SELF".into()));
    let unknown = disable(address, &admin, "nobody");
    assert_eq!(
        (unknown.status, code(&unknown)),
        (404, "E_STAFF_UNKNOWN".into())
    );
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM staff WHERE name = 'lee' AND disabled_at IS NULL",
            &[]
        ),
        1
    );
    // Nothing of a password reached the audit.
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM audit WHERE detail::text LIKE '%' || $1 || '%'",
            &[&new_password]
        ),
        0
    );
}

/// Whatever name, role and password an admin's page sends (or a body that
/// is no account at all), the answer is an account made or a refusal with
/// its code: never a 500, and only a name the rules take is ever stored.
#[test]
fn any_new_account_is_taken_or_refused_with_its_code() {
    use proptest::test_runner::{Config, TestCaseError, TestRunner};
    let server = TestPostgres::start();
    let url = staff_database(&server);
    let serving = serve(&url);
    let address = &serving.1;
    let admin = signed_in(address, "lee");
    let accounts = (
        prop_oneof![
            "[a-z]{1,8}",
            "\\PC{0,80}",
            Just("a b".to_owned()),
            Just("../x".to_owned()),
            Just("김민지".to_owned()),
        ],
        prop_oneof![
            Just("staff".to_owned()),
            Just("admin".to_owned()),
            "\\PC{0,12}"
        ],
        "\\PC{0,30}",
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
    );
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&accounts, |(name, role, password, garbage)| {
            let answer = match &garbage {
                None => add(address, &admin, &name, &role, &password),
                Some(bytes) => exchange(
                    address,
                    &format!(
                        "POST /v1/staff HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nCookie: {}\r\nX-ClaimDesk-CSRF: {}",
                        bytes.len(),
                        admin.cookie,
                        admin.csrf
                    ),
                    bytes,
                ),
            };
            let said = String::from_utf8_lossy(&answer.body).into_owned();
            if !matches!(answer.status, 201 | 400 | 409 | 422) {
                return Err(TestCaseError::fail(format!("{} {said}", answer.status)));
            }
            if answer.status != 201 && !answer.json()["code"].as_str().is_some_and(|code| code.starts_with("E_")) {
                return Err(TestCaseError::fail(said));
            }
            if password.chars().count() >= 4 && !name.contains(&password) && said.contains(&password) {
                return Err(TestCaseError::fail("the password was said back"));
            }
            let stored = block_on(async {
                client(&url)
                    .await
                    .query("SELECT name FROM staff", &[])
                    .await
                    .unwrap()
                    .iter()
                    .map(|row| row.get::<_, String>(0))
                    .collect::<Vec<_>>()
            });
            for stored in stored {
                let fits = !stored.is_empty()
                    && stored.chars().count() <= 64
                    && stored
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
                if !fits {
                    return Err(TestCaseError::fail(format!("stored {stored:?}")));
                }
            }
            Ok(())
        })
        .unwrap();
}
