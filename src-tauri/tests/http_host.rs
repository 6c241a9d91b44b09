//! The HTTP host (feature `http-host`): the window's commands over
//! `POST /api/<command>` on 127.0.0.1, gated by the per-run token and the
//! host's own origin, with the window's answers and failures.
//! `cargo test -p claimdesk --no-default-features --features http-host --test http_host`
#![cfg(feature = "http-host")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk::commands::Surface;
use claimdesk::http_host::{self, LoopbackHost, TokenGate, BODY_LIMIT};
use proptest::prelude::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

const FAVICON: &[u8] = b"\x00\x00\x01\x00icon";

/// A running host on a fresh data folder, and the token it admits.
struct Running {
    address: SocketAddr,
    token: String,
    _runtime: tokio::runtime::Runtime,
    _data: tempfile::TempDir,
}

impl Running {
    fn start() -> Running {
        let data = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let token = TokenGate::random_token().unwrap();
        let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
        let surface = Surface::new(
            Ok(data.path().to_owned()),
            Box::new(LoopbackHost),
            std::time::Instant::now(),
        );
        let listener = runtime.block_on(http_host::bind_loopback(0)).unwrap();
        let address = listener.local_addr().unwrap();
        let router = http_host::router(
            surface,
            TokenGate::new(token.clone(), format!("http://{address}")),
            &ui,
            FAVICON,
            &http_host::window_csp(),
        )
        .unwrap();
        runtime.spawn(http_host::serve(listener, router));
        Running {
            address,
            token,
            _runtime: runtime,
            _data: data,
        }
    }

    fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Sends one HTTP/1.1 request and reads the whole answer: (status,
    /// headers in lower case, body).
    fn send(&self, request: &[u8]) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream.write_all(request).unwrap();
        let mut answer = Vec::new();
        // A host that answers early (a refused body) may close before the
        // whole request is written; what it answered is still read.
        let _ = stream.read_to_end(&mut answer);
        let split = answer
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no answer head in {:?}", String::from_utf8_lossy(&answer)));
        let head = String::from_utf8_lossy(&answer[..split]).to_lowercase();
        let status = head[9..12].parse().unwrap();
        (status, head, answer[split + 4..].to_vec())
    }

    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        self.send(
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.address
            )
            .as_bytes(),
        )
    }

    /// `POST /api/<command>` with `headers` (each `name: value`).
    fn post(&self, command: &str, headers: &[String], body: &[u8]) -> (u16, String, Vec<u8>) {
        let mut request = format!(
            "POST /api/{command} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.address,
            body.len()
        );
        for header in headers {
            request.push_str(header);
            request.push_str("\r\n");
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(body);
        self.send(&bytes)
    }

    /// The headers the page sends: its token and its own origin.
    fn admitted(&self) -> Vec<String> {
        vec![
            format!("x-claimdesk-token: {}", self.token),
            format!("Origin: {}", self.origin()),
        ]
    }

    fn call(&self, command: &str, body: &str) -> (u16, serde_json::Value) {
        let (status, _, body) = self.post(command, &self.admitted(), body.as_bytes());
        (
            status,
            serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        )
    }
}

#[test]
fn it_listens_on_loopback_only_and_serves_the_page_without_a_token() {
    let host = Running::start();
    assert!(host.address.ip().is_loopback(), "{}", host.address);
    let (status, head, body) = host.get("/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("<script type=\"module\""));
    // The window's policy, but calls go to the page's own origin.
    let csp = head
        .lines()
        .find_map(|line| line.strip_prefix("content-security-policy: "))
        .expect("a CSP on the page");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("object-src 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("ipc:"), "{csp}");
    let (status, head, body) = host.get("/favicon.ico");
    assert_eq!((status, body.as_slice()), (200, FAVICON));
    assert!(head.contains("content-type: image/x-icon"));
    let (status, _, _) = host.get("/js/api.js");
    assert_eq!(status, 200);
}

#[test]
fn nothing_outside_the_page_folder_is_served() {
    let host = Running::start();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/js/../../Cargo.toml",
        "/..%2fCargo.toml",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
    ] {
        let (status, _, body) = host.get(path);
        assert_ne!(
            status,
            200,
            "{path} served: {}",
            String::from_utf8_lossy(&body)
        );
    }
}

#[test]
fn a_command_needs_the_token_and_the_hosts_own_origin() {
    let host = Running::start();
    let token = format!("x-claimdesk-token: {}", host.token);
    let origin = format!("Origin: {}", host.origin());
    let wrong_token = format!("x-claimdesk-token: {}", "0".repeat(host.token.len()));
    for headers in [
        vec![],
        vec![token.clone()],
        vec![origin.clone()],
        vec![wrong_token, origin.clone()],
        vec![token.clone(), "Origin: http://evil.example".to_owned()],
        vec![token.clone(), "Origin: null".to_owned()],
        vec![
            token.clone(),
            format!("Origin: http://localhost:{}", host.address.port()),
        ],
    ] {
        let (status, _, _) = host.post("claims_list", &headers, b"{}");
        assert_eq!(status, 403, "admitted with {headers:?}");
    }
    let (status, body) = host.call("claims_list", "{}");
    assert_eq!((status, body), (200, serde_json::json!([])));
}

#[test]
fn answers_and_failures_are_the_windows() {
    let host = Running::start();
    // A command's failure: its own code and words, in the call's language.
    let (status, error) = host.call("claim_get", r#"{"id":"not-a-uuid"}"#);
    assert_eq!(status, 422);
    assert_eq!(error["code"], "E_CLAIM_NOT_FOUND");
    assert_eq!(error["message"], "청구서를 찾을 수 없습니다.");
    let mut english = host.admitted();
    english.push("x-claimdesk-lang: en".to_owned());
    let (_, _, body) = host.post("claim_get", &english, br#"{"id":"not-a-uuid"}"#);
    let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["code"], "E_CLAIM_NOT_FOUND");
    assert!(
        error["message"].as_str().unwrap().contains("claim"),
        "{error}"
    );
    // A request that is not the command's, or not JSON, or no command.
    let (status, error) = host.call("claims_list", r#"{"order":"sideways"}"#);
    assert_eq!((status, error["code"].as_str()), (422, Some("E_PAYLOAD")));
    let (status, error) = host.call("claims_list", "{not json");
    assert_eq!((status, error["code"].as_str()), (400, Some("E_PAYLOAD")));
    let (status, error) = host.call("rm_rf", "{}");
    assert_eq!((status, error["code"].as_str()), (404, Some("E_PAYLOAD")));
    // A command with an answer of its own: the rules engine's feedback.
    let (status, business) = host.call(
        "check_registration_number",
        r#"{"text":"123-45-67891","lang":"ko"}"#,
    );
    assert_eq!(status, 200);
    assert!(business.get("valid").is_some(), "{business}");
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let host = Running::start();
    let body = vec![b' '; BODY_LIMIT + 1];
    let (status, _, _) = host.post("claims_list", &host.admitted(), &body);
    assert_eq!(status, 413);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any token but the host's is refused, whatever it shares with it.
    #[test]
    fn any_other_token_is_refused(keep in 0usize..32, tail in "[0-9a-f]{0,40}") {
        let host = Running::start();
        let guess = format!("{}{}", &host.token[..keep.min(host.token.len())], tail);
        prop_assume!(guess != host.token);
        let headers = vec![
            format!("x-claimdesk-token: {guess}"),
            format!("Origin: {}", host.origin()),
        ];
        let (status, _, _) = host.post("claims_list", &headers, b"{}");
        prop_assert_eq!(status, 403);
    }
}
