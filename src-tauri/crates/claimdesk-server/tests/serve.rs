//! `claimdesk-server serve`: plain HTTP on loopback only, `/healthz` saying
//! whether the database answers, as it comes and goes, and the machine door
//! `POST /v1/submissions`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::io::{Read, Write};
use std::process::Command;
use support::{serve, TestPostgres};

fn health(address: &str) -> u16 {
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer[9..12].parse().unwrap()
}

#[test]
fn health_follows_the_database_and_only_loopback_is_served() {
    let database = TestPostgres::start();
    database.create_database("association");
    let serving = serve(&database.url("association"));
    assert_eq!(health(&serving.1), 200);
    database.stop();
    assert_eq!(health(&serving.1), 503);
    database.start_again();
    assert_eq!(health(&serving.1), 200);

    let out = Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
        .args([
            "serve",
            "--db",
            &database.url("association"),
            "--listen",
            "0.0.0.0:0",
            "--key",
        ])
        .arg(serving.2.path().join("association.key"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs TLS"));
    assert!(out.stdout.is_empty(), "nothing listened");
}

#[test]
fn the_servers_clock_is_the_apps() {
    let database = TestPostgres::start();
    let url = support::schema_database(&database, "clocked");
    let serving = support::serve_with(&url, &[("CLAIMDESK_CLOCK", "2030-01-02T03:04:05Z")]);
    let answer = support::submit(&serving.1, "application/zip", &support::bundle(1..3));
    assert_eq!(answer.status, 200);
    assert_eq!(
        support::count(
            &url,
            "SELECT count(*) FROM received WHERE received_at LIKE '2030-01-02T03:0%'",
            &[]
        ),
        2
    );
    // A clock that is not an instant is refused, never ignored.
    let out = Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
        .env("CLAIMDESK_CLOCK", "next tuesday")
        .args(["serve", "--db", &url, "--key"])
        .arg(serving.2.path().join("association.key"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CLAIMDESK_CLOCK"));
    assert!(out.stdout.is_empty(), "nothing listened");
}
