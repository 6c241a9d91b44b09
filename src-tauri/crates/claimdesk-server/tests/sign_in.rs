//! Staff signing in to `claimdesk-server serve`: the session cookie is
//! HttpOnly and SameSite=Strict, a change needs the session's CSRF token,
//! five wrong passwords lock the account (the right one too, until then),
//! a disabled or unknown name is refused as a wrong password is, and a
//! session ends when idle. Every step is in the audit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claimdesk_server::staff;
use support::{
    block_on, client, cookie, count, exchange, serve, sign_in, staff_database, Answer,
    TestPostgres, PASSWORD,
};

fn me(address: &str, cookie: Option<&str>) -> Answer {
    let head = match cookie {
        Some(cookie) => format!("GET /v1/me HTTP/1.1\r\nCookie: theme=dark; {cookie}"),
        None => "GET /v1/me HTTP/1.1".to_owned(),
    };
    exchange(address, &head, b"")
}

fn sign_out(address: &str, cookie: &str, csrf: Option<&str>) -> Answer {
    let mut head = format!("POST /v1/sign-out HTTP/1.1\r\nCookie: {cookie}\r\nContent-Length: 0");
    if let Some(csrf) = csrf {
        head.push_str(&format!("\r\nX-ClaimDesk-CSRF: {csrf}"));
    }
    exchange(address, &head, b"")
}

fn audit(url: &str, action: &str) -> i64 {
    count(
        url,
        "SELECT count(*) FROM audit WHERE action = $1",
        &[&action],
    )
}

#[test]
fn a_session_is_a_strict_http_only_cookie_and_a_change_needs_its_csrf_token() {
    let server = TestPostgres::start();
    let url = staff_database(&server);
    let serving = serve(&url);
    let address = &serving.1;
    assert_eq!(me(address, None).status, 401);

    let answer = sign_in(address, "kim", PASSWORD);
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let signed = answer.json();
    assert_eq!(
        (signed["name"].as_str(), signed["role"].as_str()),
        (Some("kim"), Some("staff"))
    );
    let csrf = signed["csrf"].as_str().unwrap().to_owned();
    let (session, attributes) = cookie(&answer);
    assert!(attributes.contains("httponly"), "{attributes}");
    assert!(attributes.contains("samesite=strict"), "{attributes}");
    assert!(
        !session.contains(&csrf),
        "the CSRF token is not the session's"
    );
    assert_eq!(me(address, Some(&session)).json()["name"], "kim");
    // A cookie that is no session's: signed out.
    assert_eq!(me(address, Some("claimdesk_session=00ff")).status, 401);

    // Signing out is a change: without the token, or with another, no.
    assert_eq!(sign_out(address, &session, None).status, 403);
    assert_eq!(
        sign_out(address, &session, Some(&"0".repeat(64))).status,
        403
    );
    assert_eq!(me(address, Some(&session)).status, 200, "still signed in");
    let out = sign_out(address, &session, Some(&csrf));
    assert_eq!(out.status, 204);
    assert!(cookie(&out).1.contains("max-age=0"));
    assert_eq!(me(address, Some(&session)).status, 401);
    assert_eq!(
        (audit(&url, "staff.sign_in"), audit(&url, "staff.sign_out")),
        (1, 1)
    );
}

#[test]
fn five_wrong_passwords_lock_the_account_and_strangers_are_told_the_same() {
    let server = TestPostgres::start();
    let url = staff_database(&server);
    let serving = serve(&url);
    let address = &serving.1;
    let refused = sign_in(address, "nobody", PASSWORD);
    assert_eq!(refused.status, 401);
    let wrong = sign_in(address, "kim", "not the password at all");
    assert_eq!(wrong.status, 401);
    assert_eq!(refused.json()["message"], wrong.json()["message"]);
    for _ in 0..4 {
        assert_eq!(
            sign_in(address, "kim", "still not the password").status,
            401
        );
    }
    // Locked now: the right password too, with when to try again.
    let locked = sign_in(address, "kim", PASSWORD);
    assert_eq!(locked.status, 429);
    assert_eq!(locked.json()["code"], "E_SIGN_IN_LOCKED");
    let wait: i64 = locked
        .headers
        .lines()
        .find_map(|line| line.strip_prefix("retry-after: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!((800..=900).contains(&wait), "{wait}");
    assert_eq!(audit(&url, "staff.locked"), 1);
    assert_eq!(audit(&url, "staff.sign_in_refused"), 4);
    // Another account is not locked by it.
    assert_eq!(sign_in(address, "lee", PASSWORD).status, 200);
    // The lock over (its time moved back), the right password works again.
    block_on(async {
        client(&url)
            .await
            .execute(
                "UPDATE staff SET locked_until = now() - interval '1 second' WHERE name = 'kim'",
                &[],
            )
            .await
            .unwrap();
    });
    assert_eq!(sign_in(address, "kim", PASSWORD).status, 200);
    // A disabled account is refused as a wrong password is.
    block_on(async {
        staff::disable(&mut client(&url).await, "lee", "test")
            .await
            .unwrap();
    });
    let disabled = sign_in(address, "lee", PASSWORD);
    assert_eq!(disabled.status, 401);
    assert_eq!(disabled.json()["message"], wrong.json()["message"]);
}

#[test]
fn a_session_ends_when_idle_and_when_its_account_is_disabled() {
    let server = TestPostgres::start();
    let url = staff_database(&server);
    let serving = serve(&url);
    let address = &serving.1;
    let (kim, _) = cookie(&sign_in(address, "kim", PASSWORD));
    let (lee, _) = cookie(&sign_in(address, "lee", PASSWORD));
    assert_eq!(me(address, Some(&kim)).status, 200);
    // Unused for 31 minutes (moved back in the database): ended.
    block_on(async {
        client(&url)
            .await
            .execute(
                "UPDATE session SET seen_at = seen_at - interval '31 minutes'
                 FROM staff WHERE staff.id = session.staff_id AND staff.name = 'kim'",
                &[],
            )
            .await
            .unwrap();
    });
    assert_eq!(me(address, Some(&kim)).status, 401);
    // Used within the half hour, it goes on: lee's is still good.
    assert_eq!(me(address, Some(&lee)).status, 200);
    block_on(async {
        staff::disable(&mut client(&url).await, "lee", "test")
            .await
            .unwrap();
    });
    assert_eq!(me(address, Some(&lee)).status, 401);
}

#[test]
fn refusals_are_worded_in_the_pages_language() {
    let server = TestPostgres::start();
    let url = staff_database(&server);
    let serving = serve(&url);
    let body = br#"{"name": "kim", "password": "not it at all"}"#;
    let refused = |lang_header: &str| {
        exchange(
            &serving.1,
            &format!(
                "POST /v1/sign-in HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}{lang_header}",
                body.len()
            ),
            body,
        )
        .json()["message"]
        .as_str()
        .unwrap()
        .to_owned()
    };
    assert_eq!(refused(""), "이름이나 비밀번호가 맞지 않습니다.");
    assert_eq!(
        refused("\r\nX-ClaimDesk-Lang: en"),
        "The name or the password is not right."
    );
    assert_eq!(
        refused("\r\nAccept-Language: en-GB,en;q=0.9"),
        "The name or the password is not right."
    );
    // The page's own choice first.
    assert_eq!(
        refused("\r\nAccept-Language: en\r\nX-ClaimDesk-Lang: ko"),
        "이름이나 비밀번호가 맞지 않습니다."
    );
    let me = exchange(
        &serving.1,
        "GET /v1/me HTTP/1.1\r\nX-ClaimDesk-Lang: en",
        b"",
    );
    assert_eq!(me.status, 401);
    assert_eq!(
        me.json()["message"],
        "Your session has ended: sign in again."
    );
}
