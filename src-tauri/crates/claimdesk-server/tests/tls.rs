//! `claimdesk-server serve --tls-cert --tls-key`: HTTPS through rustls. A
//! client that trusts the certificate is served; one that does not refuses
//! it; plain HTTP gets nothing; the session cookie is `Secure`; a client
//! that opens a connection and says nothing holds up no one else; a file
//! that is no certificate or key is refused by name before anything
//! listens. Certificates are made with Debian's `openssl`, checked with
//! `curl` (both on loopback only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claimdesk_server::staff::{self, Role};
use std::path::Path;
use std::process::Command;
use support::{block_on, client, schema_database, try_exchange, TestPostgres, PASSWORD, SECRET};

/// A self-signed certificate for 127.0.0.1 and its key, in `folder`.
fn certificate(folder: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (cert, key) = (folder.join("cert.pem"), folder.join("key.pem"));
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=ClaimDesk test"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("Debian's openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (cert, key)
}

/// `curl` with `args`: its exit code and what it printed (headers and body).
fn curl(args: &[&str]) -> (i32, String) {
    let out = Command::new("curl")
        .args(["--silent", "--show-error", "--include", "--max-time", "20"])
        .args(args)
        .output()
        .expect("curl");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn https_is_served_to_a_client_that_trusts_the_certificate_and_to_no_one_else() {
    let server = TestPostgres::start();
    let url = schema_database(&server, "association");
    block_on(async {
        staff::add(
            &mut client(&url).await,
            "kim",
            Role::Staff,
            PASSWORD,
            "test",
        )
        .await
        .unwrap();
    });
    let folder = tempfile::tempdir().unwrap();
    let (cert, key) = certificate(folder.path());
    let serving = support::serve_as(
        &url,
        &[],
        &[
            "--tls-cert".as_ref(),
            cert.as_os_str(),
            "--tls-key".as_ref(),
            key.as_os_str(),
        ],
    );
    assert_eq!(serving.3, "https");
    let address = serving.1.clone();
    let cert_arg = cert.to_str().unwrap();
    let health = format!("https://{address}/healthz");

    // Connections that say nothing, held open: they keep no one waiting.
    let idle: Vec<std::net::TcpStream> = (0..5)
        .map(|_| std::net::TcpStream::connect(&address).unwrap())
        .collect();
    let (code, said) = curl(&["--cacert", cert_arg, &health]);
    assert_eq!(code, 0, "{said}");
    assert!(said.starts_with("HTTP/1.1 200"), "{said}");
    drop(idle);

    // Not trusted: curl refuses the certificate (60: peer certificate).
    let (code, said) = curl(&[&health]);
    assert_eq!(code, 60, "{said}");
    // Plain HTTP to the TLS port: no HTTP answer.
    assert!(try_exchange(&address, "GET /healthz HTTP/1.1", b"").is_none());

    // Signed in over TLS, the session cookie is Secure.
    let (code, said) = curl(&[
        "--cacert",
        cert_arg,
        "-H",
        "content-type: application/json",
        "--data",
        &format!(r#"{{"name": "kim", "password": "{PASSWORD}"}}"#),
        &format!("https://{address}/v1/sign-in"),
    ]);
    assert_eq!(code, 0, "{said}");
    let cookie = said
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("set-cookie:"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
}

#[test]
fn a_file_that_is_no_certificate_or_key_is_refused_by_name_before_listening() {
    let folder = tempfile::tempdir().unwrap();
    let (cert, key) = certificate(folder.path());
    let secret = folder.path().join("association.key");
    std::fs::write(&secret, claim_core::signature::secret_key_text(&SECRET)).unwrap();
    let junk = folder.path().join("junk.pem");
    std::fs::write(&junk, "not a certificate\n").unwrap();
    let empty = folder.path().join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let missing = folder.path().join("missing.pem");
    for (cert, key, named) in [
        (&junk, &key, "junk.pem"),
        (&empty, &key, "empty.pem"),
        (&cert, &junk, "junk.pem"),
        (&missing, &key, "missing.pem"),
        // The certificate as its own key.
        (&cert, &cert, "cert.pem"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
            .args(["serve", "--db", "postgres://nobody@127.0.0.1:1/none"])
            .args(["--listen", "127.0.0.1:0", "--key"])
            .arg(&secret)
            .arg("--tls-cert")
            .arg(cert)
            .arg("--tls-key")
            .arg(key)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(said.contains(named), "{named}: {said}");
        assert!(out.stdout.is_empty(), "nothing listened: {said}");
    }
    // One without the other is refused by the command line itself.
    let out = Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
        .args([
            "serve",
            "--db",
            "postgres://nobody@127.0.0.1:1/none",
            "--key",
        ])
        .arg(&secret)
        .arg("--tls-cert")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--tls-key"));
}

#[test]
fn only_loopback_may_go_without_tls() {
    use claimdesk_server::serve::check_listen;
    let everywhere: std::net::SocketAddr = "0.0.0.0:8470".parse().unwrap();
    let lan: std::net::SocketAddr = "192.168.0.10:8470".parse().unwrap();
    let loopback: std::net::SocketAddr = "127.0.0.1:8470".parse().unwrap();
    let loopback6: std::net::SocketAddr = "[::1]:8470".parse().unwrap();
    for address in [everywhere, lan] {
        assert!(check_listen(address, false).is_err(), "{address}");
        assert!(check_listen(address, true).is_ok(), "{address}");
    }
    for address in [loopback, loopback6] {
        assert!(check_listen(address, false).is_ok(), "{address}");
    }
}
