//! The staff's desk served by `claimdesk-server`: the app's review commands
//! (`POST /api/<command>`) over PostgreSQL, for staff signed in. Two staff
//! at once: a move on an outdated copy is 409 with who moved it first, the
//! move is theirs in the log and the audit, and 다음 청구서 gives each a
//! different claim. Nothing runs without a session and its CSRF token.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claimdesk_server::staff::{self, Role};
use serde_json::json;
use support::{
    block_on, bundle, call, client, count, exchange, schema_database, serve, signed_in, submit,
    TestPostgres, PASSWORD,
};

const FIRST: &str = "김민지";
const SECOND: &str = "이서준";

/// A served database holding `claims` claims of as many shops, and two staff.
fn desk(server: &TestPostgres, claims: usize) -> (String, support::Serving) {
    let url = schema_database(server, "association");
    block_on(async {
        let mut db = client(&url).await;
        for name in [FIRST, SECOND] {
            staff::add(&mut db, name, Role::Staff, PASSWORD, "test")
                .await
                .unwrap();
        }
    });
    let serving = serve(&url);
    let answer = submit(&serving.1, "application/zip", &bundle(1..claims + 1));
    assert_eq!(answer.status, 200);
    (url, serving)
}

#[test]
fn two_staff_at_once_a_move_on_an_outdated_copy_is_409_and_names_who_moved_first() {
    let server = TestPostgres::start();
    let (url, serving) = desk(&server, 3);
    let address = serving.1.as_str();
    let first = signed_in(address, FIRST);
    let second = signed_in(address, SECOND);

    let page = call(address, Some(&first), true, "assoc_table", &json!({}));
    assert_eq!(page.status, 200, "{}", String::from_utf8_lossy(&page.body));
    let page = page.json();
    assert_eq!(page["total"], 3);
    let id = page["rows"][0]["id"].as_str().unwrap().to_owned();

    // Both open the same claim.
    let read = |staff| {
        let answer = call(
            address,
            Some(staff),
            true,
            "assoc_claim",
            &json!({"id": id}),
        );
        assert_eq!(answer.status, 200);
        answer.json()
    };
    let seen = read(&first)["claim"]["review_version"].clone();
    assert_eq!(read(&second)["claim"]["review_version"], seen);

    let moved = call(
        address,
        Some(&first),
        true,
        "assoc_review",
        &json!({"id": id, "status": "checked", "seen": seen}),
    );
    assert_eq!(
        moved.status,
        200,
        "{}",
        String::from_utf8_lossy(&moved.body)
    );

    // The second member of staff still shows the claim as it was.
    let stale = call(
        address,
        Some(&second),
        true,
        "assoc_review",
        &json!({"id": id, "status": "returned", "note": "통장 사본이 없습니다", "seen": seen}),
    );
    assert_eq!(
        stale.status,
        409,
        "{}",
        String::from_utf8_lossy(&stale.body)
    );
    let refusal = stale.json();
    assert_eq!(refusal["code"], "E_ASSOC_STALE");
    assert!(
        refusal["message"].as_str().unwrap().contains(FIRST),
        "{refusal}"
    );

    // Read again: the first move stands, logged as the first member's.
    let now = read(&second);
    assert_eq!(now["claim"]["review"], "checked");
    let log = now["review_log"].as_array().unwrap();
    assert_eq!(log.last().unwrap()["actor"], FIRST);
    assert_ne!(now["claim"]["review_version"], seen);
    let again = call(
        address,
        Some(&second),
        true,
        "assoc_review",
        &json!({"id": id, "status": "returned", "note": "통장 사본이 없습니다", "seen": now["claim"]["review_version"]}),
    );
    assert_eq!(
        again.status,
        200,
        "{}",
        String::from_utf8_lossy(&again.body)
    );
    // Each move is one audit row, by whoever made it, never by a name the
    // page could send.
    for (actor, to) in [(FIRST, "checked"), (SECOND, "returned")] {
        assert_eq!(
            count(
                &url,
                "SELECT count(*) FROM audit WHERE action = 'claim.review' AND actor = $1 \
                 AND subject = $2 AND detail->>'to' = $3",
                &[&actor, &id, &to],
            ),
            1,
            "{actor} {to}"
        );
    }
}

#[test]
fn next_claim_gives_each_member_of_staff_a_different_one() {
    let server = TestPostgres::start();
    let (_url, serving) = desk(&server, 3);
    let address = serving.1.as_str();
    let first = signed_in(address, FIRST);
    let second = signed_in(address, SECOND);
    let next = |staff| {
        let answer = call(address, Some(staff), true, "assoc_next", &json!({}));
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.json()
    };
    let mine = next(&first);
    let theirs = next(&second);
    assert!(mine.is_string() && theirs.is_string(), "{mine} {theirs}");
    assert_ne!(mine, theirs);
    let third = next(&second);
    assert!(third.is_string());
    assert_ne!(third, mine);
}

#[test]
fn nothing_runs_without_a_session_and_its_csrf_token() {
    let server = TestPostgres::start();
    let (url, serving) = desk(&server, 1);
    let address = serving.1.as_str();
    let staff = signed_in(address, FIRST);
    let row =
        call(address, Some(&staff), true, "assoc_table", &json!({})).json()["rows"][0].clone();
    let review = json!({"id": row["id"], "status": "checked", "seen": row["review_version"]});

    let nobody = call(address, None, true, "assoc_review", &review);
    assert_eq!(nobody.status, 401);
    assert_eq!(nobody.json()["code"], "E_SIGNED_OUT");
    let no_token = call(address, Some(&staff), false, "assoc_review", &review);
    assert_eq!(no_token.status, 403);
    assert_eq!(no_token.json()["code"], "E_CSRF");
    let wrong_token = support::Staff {
        csrf: "0".repeat(staff.csrf.len()),
        ..staff.clone()
    };
    assert_eq!(
        call(address, Some(&wrong_token), true, "assoc_review", &review).status,
        403
    );
    // A command of the window's own (its files, its key) is not served.
    for command in ["assoc_take_in", "assoc_backup", "claim_save", "no_such"] {
        let answer = call(address, Some(&staff), true, command, &json!({}));
        assert_eq!(answer.status, 404, "{command}");
    }
    // A body that is not JSON, or not the command's request.
    let raw = exchange(
        address,
        &format!(
            "POST /api/assoc_table HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\
             Cookie: {}\r\nX-ClaimDesk-CSRF: {}",
            staff.cookie, staff.csrf
        ),
        b"{{{",
    );
    assert_eq!(raw.status, 400);
    let wrong = call(
        address,
        Some(&staff),
        true,
        "assoc_review",
        &json!({"id": 5}),
    );
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.json()["code"], "E_PAYLOAD");
    // None of it moved anything (the intake's own row aside).
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM audit WHERE action = 'claim.review' AND actor <> 'intake'",
            &[]
        ),
        0
    );
    assert_eq!(
        call(address, Some(&staff), true, "assoc_review", &review).status,
        200,
        "the same move with the session and its token goes through"
    );
}

#[test]
fn the_page_is_served_with_the_windows_policy() {
    let server = TestPostgres::start();
    let (_url, serving) = desk(&server, 1);
    for path in ["/", "/js/api.js", "/css/app.css"] {
        let answer = exchange(&serving.1, &format!("GET {path} HTTP/1.1"), b"");
        assert_eq!(answer.status, 200, "{path}");
        let policy = answer
            .headers
            .lines()
            .find_map(|line| line.strip_prefix("content-security-policy: "))
            .unwrap_or_else(|| panic!("{path}: no policy in {}", answer.headers));
        assert!(policy.contains("connect-src 'self'"), "{policy}");
        assert!(!policy.contains("ipc:"), "{policy}");
    }
    let page = exchange(&serving.1, "GET / HTTP/1.1", b"");
    assert!(String::from_utf8_lossy(&page.body).contains("<html"));
}

/// `POST /v1/desk/take-in` of `body` named `name`, as `staff`.
fn upload(
    address: &str,
    staff: &support::Staff,
    csrf: bool,
    content_type: &str,
    name: &str,
    body: &[u8],
) -> support::Answer {
    let mut head = format!(
        "POST /v1/desk/take-in HTTP/1.1\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         X-ClaimDesk-File-Name: {name}\r\nCookie: {}",
        body.len(),
        staff.cookie
    );
    if csrf {
        head.push_str(&format!("\r\nX-ClaimDesk-CSRF: {}", staff.csrf));
    }
    exchange(address, &head, body)
}

#[test]
fn an_upload_is_the_desktops_intake_of_one_file_as_the_staffs() {
    let server = TestPostgres::start();
    let (url, serving) = desk(&server, 0);
    let address = serving.1.as_str();
    let staff = signed_in(address, FIRST);
    let body = bundle(1..3);

    let refused = upload(address, &staff, false, "application/zip", "a.zip", &body);
    assert_eq!(refused.status, 403);
    assert_eq!(count(&url, "SELECT count(*) FROM received", &[]), 0);

    // The name as the browser sends it: percent-encoded UTF-8.
    let name = "%EB%AC%B6%EC%9D%8C.zip"; // 묶음.zip
    let first = upload(address, &staff, true, "application/zip", name, &body);
    assert_eq!(
        first.status,
        200,
        "{}",
        String::from_utf8_lossy(&first.body)
    );
    let report = first.json();
    assert_eq!(report["files"], 1);
    assert_eq!(report["count"]["received"], 2);
    assert_eq!(report["problems"], json!([]));
    // Taken in as theirs: one audit row a claim kept.
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM audit WHERE action = 'claim.received' AND actor = $1",
            &[&FIRST]
        ),
        2
    );
    let again = upload(address, &staff, true, "application/zip", name, &body).json();
    assert_eq!(again["count"]["received"], 0);
    assert_eq!(again["count"]["already"], 2);

    // A claim that is not one: refused in the report, by the name it was
    // sent under (its last part only), and nothing kept.
    let broken = upload(
        address,
        &staff,
        true,
        "application/json",
        "..%2F..%2F%EA%B0%80%EA%B2%8C.json",
        br#"{"hello": "world"}"#,
    );
    assert_eq!(
        broken.status,
        200,
        "{}",
        String::from_utf8_lossy(&broken.body)
    );
    let report = broken.json();
    assert_eq!(report["count"]["received"], 0);
    let problem = report["problems"][0]["message"].as_str().unwrap();
    assert!(problem.contains("가게.json"), "{problem}");
    assert!(!problem.contains(".."), "{problem}");
    assert_eq!(count(&url, "SELECT count(*) FROM received", &[]), 2);

    // Too large for its kind: refused before it is read.
    let head = format!(
        "POST /v1/desk/take-in HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\
         Cookie: {}\r\nX-ClaimDesk-CSRF: {}",
        staff.cookie, staff.csrf
    );
    assert_eq!(exchange(address, &head, b"").status, 413);
}

#[test]
fn the_table_is_a_download_for_staff_with_their_token() {
    let server = TestPostgres::start();
    let (_url, serving) = desk(&server, 3);
    let address = serving.1.as_str();
    let staff = signed_in(address, FIRST);
    let get = |path: &str, csrf: bool| {
        let mut head = format!("GET {path} HTTP/1.1\r\nCookie: {}", staff.cookie);
        if csrf {
            head.push_str(&format!("\r\nX-ClaimDesk-CSRF: {}", staff.csrf));
        }
        exchange(address, &head, b"")
    };
    assert_eq!(get("/v1/desk/export/csv", false).status, 403);
    assert_eq!(get("/v1/desk/export/html", true).status, 404);

    let csv = get("/v1/desk/export/csv", true);
    assert_eq!(csv.status, 200);
    assert!(csv
        .headers
        .contains("content-type: text/csv; charset=utf-8"));
    assert!(csv
        .headers
        .contains("content-disposition: attachment; filename=\"claims.csv\""));
    // UTF-8 with its mark, for Excel; a heading line and a line a claim.
    assert!(csv.body.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(csv.body[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert_eq!(text.matches("행복케이크 망원점").count(), 3, "{text}");

    let xlsx = get("/v1/desk/export/xlsx", true);
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK"));
}

#[test]
fn erase_now_is_the_staff_members_and_the_audit_says_so_not_what() {
    let server = TestPostgres::start();
    let (url, serving) = desk(&server, 1);
    let address = serving.1.as_str();
    let staff = signed_in(address, FIRST);
    let id = call(address, Some(&staff), true, "assoc_table", &json!({})).json()["rows"][0]["id"]
        .clone();
    let document = |staff| {
        call(
            address,
            Some(staff),
            true,
            "assoc_claim",
            &json!({"id": id}),
        )
        .json()["document"]["lost_orders"]
            .to_string()
    };
    assert!(
        document(&staff).contains("customer_name"),
        "the bundle's masked names"
    );
    let erased = call(
        address,
        Some(&staff),
        true,
        "assoc_erase_customers",
        &json!({"id": id}),
    );
    assert_eq!(
        erased.status,
        200,
        "{}",
        String::from_utf8_lossy(&erased.body)
    );
    assert!(erased.json()["customer_details_erased_at"].is_string());
    let after = document(&staff);
    assert!(
        !after.contains("customer_name") && !after.contains("customer_phone"),
        "{after}"
    );
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM audit WHERE action = 'claim.customers_erased' AND actor = $1 \
             AND detail::text NOT LIKE '%010-%'",
            &[&FIRST]
        ),
        1
    );
}

#[test]
fn past_ten_thousand_matches_the_total_is_the_estimate_and_said_so() {
    let server = TestPostgres::start();
    let (url, serving) = desk(&server, 0);
    let address = serving.1.as_str();
    for shops in [1..6001, 6001..12001] {
        assert_eq!(
            submit(address, "application/zip", &bundle(shops)).status,
            200
        );
    }
    // What autovacuum does after a bulk intake, at once.
    block_on(async { client(&url).await.batch_execute("ANALYZE").await.unwrap() });
    let staff = signed_in(address, FIRST);
    let table = |query: serde_json::Value| {
        let answer = call(address, Some(&staff), true, "assoc_table", &query);
        assert_eq!(answer.status, 200);
        answer.json()
    };
    let all = table(json!({}));
    assert_eq!(all["estimated"], true);
    let total = all["total"].as_u64().unwrap();
    assert!((10_000..=14_000).contains(&total), "{total}");
    // The pages reach the end whatever the estimate said.
    assert_eq!(
        table(json!({"offset": 11_900}))["rows"]
            .as_array()
            .unwrap()
            .len(),
        100
    );
    assert_eq!(
        table(json!({"offset": 12_000}))["rows"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // A search that finds a few is counted.
    let one = table(json!({"text": "CD-2026-004321"}));
    assert_eq!(one["estimated"], false);
    assert_eq!(one["total"], 1);
}
