//! The test host as the Chromium suite starts it: its two lines, its desk
//! and language, and a refused port. `cargo test -p claimdesk-testhost`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Host {
    child: Child,
    url: String,
    token_line: String,
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data: &std::path::Path, args: &[&str]) -> Host {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimdesk-testhost"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("CLAIMDESK_CLOCK", "2026-11-26T10:00:00+09:00")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut url, mut token_line) = (String::new(), String::new());
    out.read_line(&mut url).unwrap();
    out.read_line(&mut token_line).unwrap();
    Host {
        child,
        url: url.trim().to_owned(),
        token_line: token_line.trim().to_owned(),
    }
}

/// `POST /api/<command>` as the page sends it: (status, body).
fn call(host: &Host, command: &str, body: &str) -> (u16, String) {
    let origin = host.url.split("/#").next().unwrap();
    let address = origin.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "POST /api/{command} HTTP/1.1\r\nHost: {address}\r\nOrigin: {origin}\r\n{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        host.token_line,
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

#[test]
fn it_prints_its_url_and_token_and_opens_as_the_desk_asked() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("new/data");
    let host = start(
        &data,
        &["--port", "0", "--desk", "association", "--lang", "en"],
    );
    // Line 1 opens the page; line 2 is the header a direct call needs.
    let (origin, fragment) = host.url.split_once("/#").unwrap();
    assert!(origin.starts_with("http://127.0.0.1:"), "{}", host.url);
    let token = fragment
        .strip_prefix("token=")
        .and_then(|rest| rest.strip_suffix("&lang=en"))
        .unwrap();
    assert_eq!(token.len(), 32);
    assert_eq!(host.token_line, format!("x-claimdesk-token: {token}"));
    assert!(data.is_dir(), "the data folder is made");
    let (status, body) = call(&host, "desk_get", "{}");
    assert_eq!((status, body.as_str()), (200, r#"{"desk":"association"}"#));
    // Failures in the language asked for.
    let (status, body) = call(&host, "claim_get", r#"{"id":"none"}"#);
    assert_eq!(status, 422);
    assert!(
        body.contains("E_CLAIM_NOT_FOUND") && body.contains("claim"),
        "{body}"
    );
}

#[test]
fn the_owners_desk_is_the_default_and_a_taken_port_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let host = start(dir.path(), &[]);
    let (status, body) = call(&host, "desk_get", "{}");
    assert_eq!((status, body.as_str()), (200, r#"{"desk":"owner"}"#));
    let port = host
        .url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    let second = Command::new(env!("CARGO_BIN_EXE_claimdesk-testhost"))
        .arg("--data-dir")
        .arg(dir.path().join("other"))
        .args(["--port", port])
        .output()
        .unwrap();
    assert!(!second.status.success());
    assert!(
        second.stdout.is_empty(),
        "no URL printed for a port it does not have"
    );
    assert!(
        String::from_utf8_lossy(&second.stderr).contains(&format!("127.0.0.1:{port}")),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
}
