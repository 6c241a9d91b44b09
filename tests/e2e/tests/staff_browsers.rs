//! Issue 38: the association's desk in the staff's browsers. One
//! `claimdesk-server` on a PostgreSQL of the test's own, two members of
//! staff signed in from two headless Chromiums (the engine of Chrome and
//! Edge on their PCs):
//! - each signs in with their own name (typed in Hangul) and password, and
//!   a wrong password is refused on the form;
//! - files chosen in the browser are uploaded and taken in, with the
//!   desktop's report (a file that is no claim named in it);
//! - the table's CSV export is a download the browser saves;
//! - 다음 청구서 gives each a different claim;
//! - a move made on a claim the other has just moved is refused with the
//!   other's name, and the claim shows as it is now; nothing is overwritten;
//! - signed out, the desk is gone and the sign-in form is back;
//! - the admin (the second) alone sees 직원 계정: makes an account, which
//!   signs in at once in the other browser, then disables it (asked first),
//!   and that browser is signed out at its next step.
//!
//! Chromium only (`.ci/test` leaves it out of the WebKit run): needs
//! `claimdesk-server` built (`cargo test -p claimdesk-server` builds it),
//! chromedriver, and Debian's PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{repository, server_binary, within, Error, Session};
use claimdesk_test_postgres::TestPostgres;
use std::io::{BufRead, Read, Write};
use std::process::{Child, Command, Stdio};

const FIRST: &str = "김민지";
const SECOND: &str = "이서준";
const PASSWORD: &str = "correct horse battery";

/// The server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `claimdesk-server ARGS` to its end, `stdin` its input; its output.
fn server_command(args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(server_binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{}: {error}", server_binary().display()));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "claimdesk-server {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A database with the server's schema and two staff (the second an admin),
/// served with the
/// repository's page, holding `shops` claims: the server and its address.
fn association(postgres: &TestPostgres, keys: &std::path::Path, shops: usize) -> (Server, String) {
    postgres.create_database("association");
    let url = postgres.url("association");
    server_command(&["init", "--db", &url], "");
    for (name, role) in [(FIRST, "staff"), (SECOND, "admin")] {
        server_command(
            &["user", "add", name, "--role", role, "--db", &url],
            &format!("{PASSWORD}\n"),
        );
    }
    let key = keys.join("association.key");
    std::fs::write(&key, claim_core::signature::secret_key_text(&[7; 32])).unwrap();
    let mut child = Command::new(server_binary())
        .args(["serve", "--db", &url, "--listen", "127.0.0.1:0", "--key"])
        .arg(&key)
        .arg("--ui")
        .arg(repository().join("ui"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let server = Server(child);
    let address = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    // The claims arrive through the server's own door.
    let body = claim_assoc::suite::bundle_of_shops(1..shops + 1);
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "POST /v1/submissions HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/zip\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    (server, address)
}

/// Signs `name` in on the page's form, as they would.
async fn sign_in(session: &Session, name: &str, password: &str) -> Result<(), Error> {
    session
        .eventually(
            "document.body.dataset.started === 'true' &&
             !document.getElementById('view-sign-in').hidden",
            20,
        )
        .await?;
    session.type_into("sign-in-name", name).await?;
    session.type_into("sign-in-password", password).await?;
    session.click("sign-in-submit").await
}

/// Presses 다음 청구서; the id of the claim it opened.
async fn next_claim(session: &Session) -> Result<String, Error> {
    let detail_open = session
        .client
        .execute(
            "return !document.getElementById('assoc-detail').hidden;",
            vec![],
        )
        .await?;
    if detail_open == serde_json::json!(true) {
        session.click("assoc-back").await?;
    }
    session.click("assoc-next-claim").await?;
    let id = session
        .eventually(
            "!document.getElementById('assoc-detail').hidden &&
             document.getElementById('assoc-detail').dataset.id",
            10,
        )
        .await?;
    Ok(id.as_str().unwrap_or_default().to_owned())
}

/// Presses the first button in the row of account `name` on 직원 계정,
/// then waits until the row says `said`.
async fn press_in_row_until(session: &Session, name: &str, said: &str) -> Result<(), Error> {
    let row = format!("#staff-rows tr[data-name='{name}']");
    session.click_css(&format!("{row} button")).await?;
    session
        .eventually(
            &format!("document.querySelector(\"{row}\").innerText.includes('{said}')"),
            10,
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn two_staff_in_two_browsers_work_one_desk_and_neither_overwrites_the_other(
) -> Result<(), Error> {
    within(240, async {
        let postgres = TestPostgres::start();
        let keys = std::env::temp_dir().join(format!("staff-keys-{}", std::process::id()));
        std::fs::create_dir_all(&keys)?;
        let (_server, address) = association(&postgres, &keys, 3);
        let page = format!("http://{address}/");
        let mut first = Session::open_page("staff-first", &page).await?;
        let mut second = Session::open_page("staff-second", &page).await?;

        // A wrong password is said on the form; nothing of the desk shows.
        sign_in(&first, FIRST, "not the password").await?;
        let said = first
            .eventually(
                "!document.getElementById('sign-in-failed').hidden &&
                 document.getElementById('sign-in-failed').innerText",
                10,
            )
            .await?;
        assert!(
            said.as_str().unwrap_or_default().contains("비밀번호"),
            "{said}"
        );
        assert_eq!(
            first
                .client
                .execute(
                    "return document.getElementById('view-assoc').hidden;",
                    vec![]
                )
                .await?,
            serde_json::json!(true)
        );

        for (session, name) in [(&first, FIRST), (&second, SECOND)] {
            sign_in(session, name, PASSWORD).await?;
            session
                .eventually(
                    "!document.getElementById('view-assoc').hidden &&
                     document.querySelectorAll('#assoc-rows tr').length >= 3",
                    20,
                )
                .await?;
            let shown = session.text("#staff-name").await?;
            assert!(shown.contains(name), "{shown}");
            // What only the desktop's window does is not offered here.
            let hidden = session
                .client
                .execute(
                    "return ['assoc-backup', 'assoc-key-choose', 'nav-incidents', 'desk-switch']
                       .every((id) => document.getElementById(id).offsetParent === null);",
                    vec![],
                )
                .await?;
            assert_eq!(hidden, serde_json::json!(true));
            // 직원 계정 is the admin's alone.
            let accounts_shown = session
                .client
                .execute(
                    "return document.getElementById('nav-staff').offsetParent !== null;",
                    vec![],
                )
                .await?;
            assert_eq!(accounts_shown, serde_json::json!(name == SECOND), "{name}");
        }
        first.screenshot("signed-in").await?;

        // 파일 받기: the browser's chooser (WebDriver gives it the paths),
        // a bundle of two more shops and a file that is no claim.
        let bundle = keys.join("두 가게.zip");
        std::fs::write(&bundle, claim_assoc::suite::bundle_of_shops(4..6))?;
        let broken = keys.join("broken.json");
        std::fs::write(&broken, br#"{"hello": "world"}"#)?;
        let chooser = first
            .client
            .find(fantoccini::Locator::Id("assoc-upload"))
            .await?;
        chooser
            .send_keys(&format!("{}\n{}", bundle.display(), broken.display()))
            .await?;
        first
            .eventually(
                "!document.getElementById('assoc-result').hidden &&
                 document.querySelectorAll('#assoc-rows tr').length === 5",
                30,
            )
            .await?;
        let said = first.text("#assoc-result-text").await?;
        assert!(said.contains("2"), "{said}");
        let problems = first.text("#assoc-problems").await?;
        assert!(problems.contains("broken.json"), "{problems}");
        assert!(!problems.contains("두 가게.zip"), "{problems}");
        first.screenshot("uploaded").await?;

        // 표 내보내기 (CSV): a download, into the folder the browser saves to.
        let downloads = keys.join("downloads");
        std::fs::create_dir_all(&downloads)?;
        first
            .devtools(
                "Browser.setDownloadBehavior",
                serde_json::json!({"behavior": "allow", "downloadPath": downloads}),
            )
            .await?;
        first.click("assoc-export-csv").await?;
        let said = first
            .eventually(
                "document.getElementById('assoc-result-text').innerText.includes('내려받았습니다')
                 && document.getElementById('assoc-result-text').innerText",
                20,
            )
            .await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let saved = loop {
            let found = std::fs::read_dir(&downloads)?
                .flatten()
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|ext| ext == "csv"));
            if let Some(found) = found {
                break found;
            }
            assert!(std::time::Instant::now() < deadline, "no CSV saved: {said}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        let name = saved.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            said.as_str().unwrap_or_default().contains(&name),
            "{said} {name}"
        );
        assert!(name.starts_with("연합회 접수"), "{name}");
        let table = std::fs::read_to_string(&saved)?;
        // A heading and the five claims, the phones masked as received.
        assert_eq!(table.lines().count(), 6, "{table}");
        assert!(table.contains("010-****-5678"), "{table}");

        // 다음 청구서: a different claim for each.
        let mine = next_claim(&first).await?;
        let theirs = next_claim(&second).await?;
        assert!(!mine.is_empty() && !theirs.is_empty());
        assert_ne!(mine, theirs, "both were given the same claim");

        // Both on the first member's claim; the first returns it.
        // Back to the list, read anew (with the uploaded claims).
        second.click("assoc-back").await?;
        second
            .eventually(
                "document.querySelectorAll('#assoc-rows tr').length === 5",
                10,
            )
            .await?;
        second
            .open_assoc_row(&format!("tr.dataset.id === '{mine}'"))
            .await?;
        first
            .type_into("assoc-note", "통장 사본이 없습니다")
            .await?;
        first.click("assoc-move-returned").await?;
        first
            .eventually(
                "document.getElementById('assoc-detail').innerText.includes('검토 상태: 반려')",
                10,
            )
            .await?;

        // The second, on the copy they read, sends it on as checked.
        second.click("assoc-move-checked").await?;
        let confirm = second
            .client
            .execute(
                "return !document.getElementById('assoc-confirm').hidden;",
                vec![],
            )
            .await?;
        if confirm == serde_json::json!(true) {
            second.click("assoc-confirm-yes").await?;
        }
        let said = second
            .eventually(
                "!document.getElementById('app-error').hidden &&
                 document.getElementById('app-error').innerText",
                10,
            )
            .await?;
        let said = said.as_str().unwrap_or_default().to_owned();
        assert!(said.contains(&format!("{FIRST}님이")), "{said}");
        // Shown as it is now: returned, as the first left it.
        second
            .eventually(
                "document.getElementById('assoc-detail').innerText.includes('검토 상태: 반려')",
                10,
            )
            .await?;
        second.screenshot("refused-stale").await?;

        // Signed out: the sign-in form, and the desk's commands refused.
        first.click("sign-out").await?;
        first
            .eventually(
                "!document.getElementById('view-sign-in').hidden &&
                 document.getElementById('view-assoc').hidden",
                10,
            )
            .await?;

        // The admin makes an account for a new member of staff: a short
        // password is refused beside its field, then the account is made.
        const NEW: &str = "박지훈";
        const NEW_PASSWORD: &str = "박지훈의 첫 비밀번호";
        second.click("nav-staff").await?;
        second
            .eventually(
                "!document.getElementById('view-staff').hidden &&
                 document.querySelectorAll('#staff-rows tr').length === 2",
                10,
            )
            .await?;
        // The refusal said on the desk stayed there: it is not about this
        // screen.
        let stale_said = second
            .client
            .execute(
                "return document.getElementById('app-error').hidden;",
                vec![],
            )
            .await?;
        assert_eq!(stale_said, serde_json::json!(true));
        second.type_into("staff-add-name", NEW).await?;
        second.type_into("staff-add-password", "짧은것").await?;
        second.click("staff-add-submit").await?;
        let refused = second
            .eventually(
                "!document.getElementById('staff-add-password-error').hidden &&
                 document.getElementById('staff-add-password-error').innerText",
                10,
            )
            .await?;
        assert!(
            refused.as_str().unwrap_or_default().contains("10자"),
            "{refused}"
        );
        second.type_into("staff-add-password", NEW_PASSWORD).await?;
        second.click("staff-add-submit").await?;
        second
            .eventually(
                &format!(
                    "document.querySelectorAll('#staff-rows tr').length === 3 &&
                     document.getElementById('staff-done').innerText.includes('{NEW}')"
                ),
                10,
            )
            .await?;
        second.screenshot("staff-accounts").await?;

        // The new member signs in at once, in the first browser.
        sign_in(&first, NEW, NEW_PASSWORD).await?;
        first
            .eventually(
                "!document.getElementById('view-assoc').hidden &&
                 document.querySelectorAll('#assoc-rows tr').length === 5",
                20,
            )
            .await?;

        // The admin disables it (asked in its row first); the first
        // browser's next step finds the session ended.
        press_in_row_until(&second, NEW, "중지할까요").await?;
        press_in_row_until(&second, NEW, "사용 중지됨").await?;
        first.click("assoc-next-claim").await?;
        first
            .eventually(
                "!document.getElementById('view-sign-in').hidden &&
                 document.getElementById('sign-in-failed').innerText.includes('다시 로그인')",
                10,
            )
            .await?;
        let _ = std::fs::remove_dir_all(&keys);
        Ok(())
    })
    .await
}
