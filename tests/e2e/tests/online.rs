//! Issue 39 in the window (WebKit) and in Chromium: the owner chooses a
//! claim in the list and submits it online. Before anything goes she is
//! told what (masked) and to whom (the name of the key that signed the
//! definition, and the server's address); the receipt comes back and the
//! claim shows as submitted with its number and time in Korea. With the
//! server down the claim waits ("보내기 대기 중"), and once the server is
//! back, 다시 보내기 sends it. The staff return the first claim at the
//! desk; 연합회 회신 확인 brings the return, with its reason, to the list
//! and to the top of the claim's editor.
//!
//! Needs `claimdesk-server` built (`cargo test -p claimdesk-server` builds
//! it) and Debian's PostgreSQL; the server runs on a PostgreSQL of the
//! test's own on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_core::signature::{public_key_text, secret_key_text, sign_definition};
use claimdesk_e2e::{repository, server_binary, within, Error, Sandbox, Session};
use claimdesk_test_postgres::TestPostgres;
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The server's receipt key, and the association's incident key.
const SERVER_KEY: [u8; 32] = [9; 32];
const INCIDENT_KEY: [u8; 32] = [5; 32];
/// The name the owner trusted the incident key under (what she is told).
const SIGNER: &str = "연합회 장애 정의 키";

/// The server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `claimdesk-server serve` on `listen`, signing receipts with
/// [`SERVER_KEY`]; the server and its address.
fn serve(db: &str, keys: &Path, listen: &str) -> (Server, String) {
    let key = keys.join("association.key");
    std::fs::write(&key, secret_key_text(&SERVER_KEY)).unwrap();
    let mut child = Command::new(server_binary())
        .args(["serve", "--db", db, "--listen", listen, "--key"])
        .arg(&key)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("{}: {error}", server_binary().display()));
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    (Server(child), address)
}

/// The association's server on a PostgreSQL of the test's own, its schema
/// made: the database, its URL, the folder of the server's key, the
/// server, and its address.
fn association(name: &str) -> (TestPostgres, String, std::path::PathBuf, Server, String) {
    let postgres = TestPostgres::start();
    postgres.create_database("association");
    let db = postgres.url("association");
    let init = Command::new(server_binary())
        .args(["init", "--db", &db])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let keys = tempfile_dir(&format!("{name}-keys"));
    let (server, address) = serve(&db, &keys, "127.0.0.1:0");
    (postgres, db, keys, server, address)
}

/// The drill's definition naming the server at `address`, signed.
fn definition(address: &str) -> Vec<u8> {
    let mut definition: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repository().join("tests/fixtures/incidents/drill-2026-11.incident.json"))
            .unwrap(),
    )
    .unwrap();
    definition["submit"] = serde_json::json!({
        "url": format!("http://{address}"),
        "server_key": public_key_text(&SERVER_KEY),
    });
    sign_definition(
        &serde_json::to_vec_pretty(&definition).unwrap(),
        &INCIDENT_KEY,
    )
    .unwrap()
}

/// Stores shop `shop`'s drill claim in the sandbox; its id.
fn claim(sandbox: &Sandbox, shop: usize) -> String {
    let mut claim: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repository().join("tests/fixtures/incidents/drill-2026-11.claim.json"))
            .unwrap(),
    )
    .unwrap();
    let id = format!("0192f5c4-7d2a-7b3c-9f1e-{shop:012}");
    claim["id"] = id.clone().into();
    claim["business"]["registration_number"] = claim_assoc::suite::shop_number(shop).into();
    let file = sandbox.root.join(format!("claim-{shop}.json"));
    std::fs::write(&file, serde_json::to_vec(&claim).unwrap()).unwrap();
    sandbox.cli(&["import", file.to_str().unwrap()]);
    id
}

/// Chooses claim `id` in the list and asks to submit it online; waits for
/// the question, its answer `focused` (`claims-submit-yes`, or `-no` when
/// the owner is warned).
async fn ask_to_submit(session: &Session, id: &str, focused: &str) -> Result<(), Error> {
    session
        .eventually(
            &format!("document.querySelector('#claims-rows tr[data-id=\"{id}\"] .claims__select')"),
            20,
        )
        .await?;
    session
        .click_css(&format!(
            "#claims-rows tr[data-id=\"{id}\"] .claims__select"
        ))
        .await?;
    session.click("claims-submit").await?;
    session
        .eventually(
            &format!(
                "!document.getElementById('claims-submit-confirm').hidden &&
                 document.activeElement.id === '{focused}'"
            ),
            20,
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_claim_is_submitted_online_and_one_that_waited_goes_when_the_server_is_back(
) -> Result<(), Error> {
    within(300, async {
        let (_postgres, db, keys, server, address) = association("online");

        let sandbox = Sandbox::new("online");
        let signed = sandbox.root.join("drill.signed.json");
        std::fs::write(&signed, definition(&address)).unwrap();
        sandbox.cli(&["incident", "import", signed.to_str().unwrap()]);
        let first = claim(&sandbox, 1);
        let second = claim(&sandbox, 2);
        let mut session = Session::start_in("online", &claimdesk_e2e::app_binary(), sandbox).await?;
        session.eventually("document.body.dataset.started === 'true'", 30).await?;
        session.show_view("claims").await?;

        // The definition's key is not trusted yet: the owner is warned that
        // nobody vouches for the destination, and says no.
        ask_to_submit(&session, &first, "claims-submit-no").await?;
        let to = session.text("#claims-submit-to").await?;
        assert!(to.contains(&address) && to.contains("확인되지 않음"), "{to}");
        session
            .eventually("!document.getElementById('claims-submit-unverified').hidden", 5)
            .await?;
        session.screenshot("sending-unverified").await?;
        session.click("claims-submit-no").await?;
        session
            .eventually(
                "document.getElementById('claims-submit-confirm').hidden &&
                 document.activeElement.id === 'claims-submit'",
                10,
            )
            .await?;
        // She trusts the association's key (as its letter says); the claim
        // stays chosen.
        session.sandbox.cli(&[
            "incident",
            "trust-key",
            &public_key_text(&INCIDENT_KEY),
            "--name",
            SIGNER,
        ]);

        // What goes and to whom, before anything is sent.
        session.click("claims-submit").await?;
        session
            .eventually(
                "!document.getElementById('claims-submit-confirm').hidden &&
                 document.activeElement.id === 'claims-submit-yes'",
                20,
            )
            .await?;
        let to = session.text("#claims-submit-to").await?;
        assert!(to.contains(SIGNER) && to.contains(&address) && to.contains("확인됨"), "{to}");
        let what = session.text("#claims-submit-what").await?;
        assert!(what.contains("1건") && what.contains("가림"), "{what}");
        assert!(session.client.execute(
            "return document.getElementById('claims-submit-unverified').hidden;",
            vec![],
        ).await? == serde_json::json!(true));
        let violations = session.accessibility_violations().await?;
        assert!(violations.is_empty(), "{violations:?}");
        session.screenshot("sending-asked").await?;

        session.click("claims-submit-yes").await?;
        let line = session
            .eventually(
                "document.querySelector('#claims-submit-results .online-results__received')?.textContent",
                30,
            )
            .await?;
        let line = line.as_str().unwrap_or_default().to_owned();
        assert!(line.contains("접수됨 RC-") && line.contains("KST"), "{line}");
        session
            .eventually(
                &format!(
                    "document.querySelector('#claims-rows tr[data-id=\"{first}\"] .status--submitted') &&
                     document.querySelector('#claims-rows tr[data-id=\"{first}\"] .claims__receipt')"
                ),
                20,
            )
            .await?;
        session.screenshot("received").await?;

        // The server goes away: the second claim waits, and says so.
        drop(server);
        // The first is still chosen: only the second this time.
        session
            .click_css(&format!("#claims-rows tr[data-id=\"{first}\"] .claims__select"))
            .await?;
        ask_to_submit(&session, &second, "claims-submit-yes").await?;
        session.click("claims-submit-yes").await?;
        let waiting = session
            .eventually(
                "document.querySelector('#claims-submit-results .online-results__waiting')?.textContent",
                60,
            )
            .await?;
        assert!(
            waiting.as_str().unwrap_or_default().contains("보내기 대기 중"),
            "{waiting}"
        );
        session
            .eventually(
                &format!(
                    "document.querySelector('#claims-rows tr[data-id=\"{second}\"] .claims__waiting') &&
                     !document.getElementById('claims-send-waiting').hidden"
                ),
                20,
            )
            .await?;
        session.screenshot("waiting").await?;

        // Back where it was: 다시 보내기 sends what waited.
        let (_server, _) = serve(&db, &keys, &address);
        session.click("claims-send-waiting").await?;
        session
            .eventually(
                &format!(
                    "document.querySelector('#claims-rows tr[data-id=\"{second}\"] .status--submitted') &&
                     !document.querySelector('#claims-rows tr[data-id=\"{second}\"] .claims__waiting') &&
                     document.getElementById('claims-send-waiting').hidden"
                ),
                60,
            )
            .await?;
        let results = session.text("#claims-submit-results").await?;
        assert!(results.contains("접수됨 RC-"), "{results}");
        session.screenshot("sent-again").await?;

        // The staff return the first claim with a reason; the owner asks
        // for answers (from the keyboard), and hears it.
        staff_return(&db, &address, 1, REASON);
        session.press("claims-answers-fetch", &['\u{E007}']).await?;
        let said = session
            .eventually(
                "document.activeElement.id === 'claims-answers-status' &&
                 document.getElementById('claims-answers-list').innerText",
                60,
            )
            .await?;
        let said = said.as_str().unwrap_or_default().to_owned();
        assert!(said.contains(REASON) && said.contains("돌려보냄"), "{said}");
        // Both claims moved: the first returned, the second received (the
        // first the app heard of it).
        let status = session.text("#claims-answers-status").await?;
        assert!(status.contains("2건이 바뀌었습니다"), "{status}");
        assert!(said.contains("연합회 접수됨"), "{said}");
        session
            .eventually(
                &format!(
                    "!document.querySelector('#claims-rows tr[data-id=\"{first}\"] .status--submitted')"
                ),
                20,
            )
            .await?;
        session.screenshot("returned").await?;
        // The claim opens with the reason at the top of its editor.
        session
            .click_css(&format!("#claims-rows tr[data-id=\"{first}\"] button"))
            .await?;
        session
            .eventually("!document.getElementById('view-editor').hidden", 10)
            .await?;
        let top = session
            .eventually(
                "(() => { const box = document.getElementById('editor-returned');
                  return box && !box.hidden && box.innerText; })()",
                20,
            )
            .await?;
        assert!(top.as_str().unwrap_or_default().contains(REASON), "{top}");
        session.screenshot("returned-editor").await?;
        // Beside the PDF in its review step: the same claim goes online
        // again, through the claim list's question (what, to whom).
        session.click("step-nav-review").await?;
        session
            .eventually("!document.getElementById('editor-online').hidden", 20)
            .await?;
        session.click("editor-submit-online").await?;
        session
            .eventually(
                &format!(
                    "!document.getElementById('view-claims').hidden &&
                     !document.getElementById('claims-submit-confirm').hidden &&
                     document.activeElement.id === 'claims-submit-yes' &&
                     document.querySelector('#claims-rows tr[data-id=\"{first}\"] .claims__select').checked &&
                     document.querySelectorAll('#claims-rows .claims__select:checked').length === 1"
                ),
                20,
            )
            .await?;
        let what = session.text("#claims-submit-what").await?;
        assert!(what.contains("1건"), "{what}");
        session.click("claims-submit-no").await?;
        // Asked again, nothing new.
        session.show_view("claims").await?;
        session.click("claims-answers-fetch").await?;
        session
            .eventually(
                "document.getElementById('claims-answers-status').innerText.includes('새 회신이 없습니다')",
                60,
            )
            .await?;
        session.close().await
    })
    .await
}

/// The drill's definition as incident `id` titled `title`, naming no
/// server, signed with the association's incident key.
fn another_definition(id: &str, title: &str) -> Vec<u8> {
    let mut definition: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repository().join("tests/fixtures/incidents/drill-2026-11.incident.json"))
            .unwrap(),
    )
    .unwrap();
    definition["id"] = id.into();
    definition["title"]["ko"] = title.into();
    sign_definition(
        &serde_json::to_vec_pretty(&definition).unwrap(),
        &INCIDENT_KEY,
    )
    .unwrap()
}

/// `claimdesk-server incident publish` of `file` into `db`.
fn publish(db: &str, folder: &Path, name: &str, file: &[u8]) {
    let path = folder.join(name);
    std::fs::write(&path, file).unwrap();
    let published = Command::new(server_binary())
        .args(["incident", "publish"])
        .arg(&path)
        .args(["--db", db])
        .output()
        .unwrap();
    assert!(
        published.status.success(),
        "{}",
        String::from_utf8_lossy(&published.stderr)
    );
}

#[tokio::test]
async fn new_incidents_from_the_server_are_offered_and_taken_only_when_the_owner_says_so(
) -> Result<(), Error> {
    within(240, async {
        let (_postgres, db, keys, _server, address) = association("offers");

        let sandbox = Sandbox::new("offers");
        sandbox.cli(&[
            "incident",
            "trust-key",
            &public_key_text(&INCIDENT_KEY),
            "--name",
            SIGNER,
        ]);
        let signed = sandbox.root.join("drill.signed.json");
        std::fs::write(&signed, definition(&address)).unwrap();
        sandbox.cli(&["incident", "import", signed.to_str().unwrap()]);
        // Published before the app opens: offered at start.
        publish(&db, &keys, "december.json", &another_definition("drill-2026-12", "12월 시험 장애"));
        let mut session = Session::start_in("offers", &claimdesk_e2e::app_binary(), sandbox).await?;
        session.eventually("document.body.dataset.started === 'true'", 30).await?;
        session.show_view("incidents").await?;
        let offered = session
            .eventually(
                "document.querySelector('#incident-offers-list li[data-id=\"drill-2026-12\"]')?.innerText",
                30,
            )
            .await?;
        let offered = offered.as_str().unwrap_or_default().to_owned();
        assert!(
            offered.contains("12월 시험 장애") && offered.contains(&format!("서명 확인됨 ({SIGNER})")),
            "{offered}"
        );
        // Offered, not added.
        assert!(session.client.execute(
            "return document.querySelector('#incidents-rows tr[data-id=\"drill-2026-12\"]') === null;",
            vec![],
        ).await? == serde_json::json!(true));
        let violations = session.accessibility_violations().await?;
        assert!(violations.is_empty(), "{violations:?}");
        session.screenshot("offered").await?;

        // Another one published while the app runs: 새 장애 정의 확인.
        publish(&db, &keys, "fourteen.json", &another_definition("drill-2026-14", "14차 시험 장애"));
        session.click("incident-offers-fetch").await?;
        session
            .eventually(
                "document.querySelector('#incident-offers-list li[data-id=\"drill-2026-14\"]') !== null",
                30,
            )
            .await?;
        // The owner takes the first.
        session
            .click_css("#incident-offers-list li[data-id=\"drill-2026-12\"] button")
            .await?;
        session
            .eventually(
                "document.querySelector('#incidents-rows tr[data-id=\"drill-2026-12\"]') !== null &&
                 document.querySelector('#incident-offers-list li[data-id=\"drill-2026-12\"]') === null &&
                 document.activeElement.id === 'incident-imported'",
                30,
            )
            .await?;
        let notice = session.text("#incident-imported").await?;
        assert!(notice.contains("12월 시험 장애"), "{notice}");
        let left = session.text("#incident-offers-status").await?;
        assert!(left.contains("1개"), "{left}");
        // The other stays offered, not added.
        assert!(session.client.execute(
            "return document.querySelector('#incidents-rows tr[data-id=\"drill-2026-14\"]') === null &&
                    document.querySelector('#incident-offers-list li[data-id=\"drill-2026-14\"]') !== null;",
            vec![],
        ).await? == serde_json::json!(true));
        session.screenshot("taken").await?;
        session.close().await
    })
    .await
}

/// What the staff write when they return the first claim.
const REASON: &str = "통장 사본이 필요합니다.";

/// The staff's password in this test.
const PASSWORD: &str = "desk-password-2026";

/// One HTTP exchange with the server at `address`: the answer's head
/// (lower case) and body.
fn exchange(address: &str, head: &str, body: &[u8]) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "{head}\r\nHost: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    (head.to_ascii_lowercase(), body.to_owned())
}

/// A member of staff (added to `db` now) signs in at `address` and returns
/// shop `shop`'s claim with `reason`, as the desk's page would.
fn staff_return(db: &str, address: &str, shop: usize, reason: &str) {
    use std::io::Write;
    let mut add = Command::new(server_binary())
        .args(["user", "add", "kim", "--role", "staff", "--db", db])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(add.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(add.wait().unwrap().success());
    let sign_in = serde_json::json!({"name": "kim", "password": PASSWORD}).to_string();
    let (head, body) = exchange(
        address,
        "POST /v1/sign-in HTTP/1.1\r\nContent-Type: application/json",
        sign_in.as_bytes(),
    );
    assert!(head.starts_with("http/1.1 200"), "{head}{body}");
    let cookie = head
        .lines()
        .find_map(|line| line.strip_prefix("set-cookie: "))
        .and_then(|line| line.split(';').next())
        .unwrap()
        .to_owned();
    let csrf = serde_json::from_str::<serde_json::Value>(&body).unwrap()["csrf"]
        .as_str()
        .unwrap()
        .to_owned();
    let call = |command: &str, body: serde_json::Value| {
        let (head, answer) = exchange(
            address,
            &format!(
                "POST /api/{command} HTTP/1.1\r\nContent-Type: application/json\r\n\
                 Cookie: {cookie}\r\nX-ClaimDesk-CSRF: {csrf}"
            ),
            body.to_string().as_bytes(),
        );
        assert!(
            head.starts_with("http/1.1 200"),
            "{command}: {head}{answer}"
        );
        serde_json::from_str::<serde_json::Value>(&answer).unwrap()
    };
    let number: String = claim_assoc::suite::shop_number(shop)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let table = call("assoc_table", serde_json::json!({}));
    let row = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["registration_number"] == number.as_str())
        .unwrap_or_else(|| panic!("{table}"))
        .clone();
    call(
        "assoc_review",
        serde_json::json!({"id": row["id"], "status": "returned", "note": reason, "seen": row["review_version"]}),
    );
}

/// A folder of the test's own under the system's temporary folder.
fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("claimdesk-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
