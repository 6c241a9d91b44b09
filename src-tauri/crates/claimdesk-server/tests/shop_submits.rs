//! A shop's app submits online (`claimdesk submit`) to the real server on
//! a PostgreSQL of the test's own: the address and the server's key come
//! from the incident definition the association signed; the receipt comes
//! back verified and kept; a lost answer, a server down, slow or failing,
//! and a killed app lose nothing; a receipt signed by another key, or an
//! unverified destination, never marks a claim submitted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claim_core::signature::{public_key_text, sign_definition};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{count, schema_database, serve, serve_listening, TestPostgres, SECRET};

/// The association's incident key (not the server's receipt key).
const INCIDENT_KEY: [u8; 32] = [5; 32];

/// The console program of the app, built beside this test (`cargo build
/// -p claimdesk --no-default-features`), or `$CLAIMDESK_BIN`.
fn claimdesk() -> PathBuf {
    if let Some(bin) = std::env::var_os("CLAIMDESK_BIN") {
        return bin.into();
    }
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join(format!("claimdesk{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} is not built: cargo build -p claimdesk --no-default-features",
        bin.display()
    );
    bin
}

fn run(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(claimdesk())
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../../tests/fixtures/incidents/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The drill's definition, naming `url` and `server_key` to submit to,
/// signed with the association's incident key.
fn definition(url: &str, server_key: &[u8; 32]) -> Vec<u8> {
    let mut definition: serde_json::Value =
        serde_json::from_slice(&fixture("drill-2026-11.incident.json")).unwrap();
    definition["submit"] = serde_json::json!({
        "url": url,
        "server_key": public_key_text(server_key),
    });
    sign_definition(
        &serde_json::to_vec_pretty(&definition).unwrap(),
        &INCIDENT_KEY,
    )
    .unwrap()
}

/// A shop's data folder: the definition imported (its key trusted when
/// `trusted`), and shop `shop`'s drill claim stored. Its claim id.
fn shop(folder: &Path, shop: usize, signed: &[u8], trusted: bool) -> String {
    if trusted {
        let key = public_key_text(&INCIDENT_KEY);
        let trust = run(
            folder,
            &[
                "incident",
                "trust-key",
                &key,
                "--name",
                "연합회 장애 정의 키 (시험)",
            ],
            &[],
        );
        assert!(trust.status.success(), "{}", said(&trust));
    }
    let file = folder.join("drill.signed.json");
    std::fs::write(&file, signed).unwrap();
    let imported = run(folder, &["incident", "import", file.to_str().unwrap()], &[]);
    assert!(imported.status.success(), "{}", said(&imported));
    let mut claim: serde_json::Value =
        serde_json::from_slice(&fixture("drill-2026-11.claim.json")).unwrap();
    let id = format!("0192f5c4-7d2a-7b3c-9f1e-{shop:012}");
    claim["id"] = id.clone().into();
    claim["business"]["registration_number"] = claim_assoc::suite::shop_number(shop).into();
    let file = folder.join("claim.json");
    std::fs::write(&file, serde_json::to_vec(&claim).unwrap()).unwrap();
    let stored = run(folder, &["import", file.to_str().unwrap()], &[]);
    assert!(stored.status.success(), "{}", said(&stored));
    id
}

/// The claim as `claimdesk list --json` shows it.
fn listed(folder: &Path, id: &str) -> serde_json::Value {
    let output = run(folder, &["list", "--json"], &[]);
    assert!(output.status.success(), "{}", said(&output));
    let claims: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    claims
        .as_array()
        .unwrap()
        .iter()
        .find(|claim| claim["id"] == id)
        .cloned()
        .unwrap()
}

fn received_at_server(db: &str, id: &str) -> i64 {
    count(
        db,
        "SELECT count(*) FROM received WHERE claim_id = $1",
        &[&id],
    )
}

/// Reads one HTTP request (head and `Content-Length` body) off `stream`.
fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = Vec::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if let Some(value) = line
            .to_ascii_lowercase()
            .strip_prefix("content-length:")
            .map(str::trim)
        {
            length = value.parse().unwrap();
        }
        let end = line == "\r\n";
        head.extend_from_slice(line.as_bytes());
        if end {
            break;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    head.extend_from_slice(&body);
    head
}

#[test]
fn a_claim_goes_in_with_one_command_and_its_receipt_comes_back_verified() {
    let server = TestPostgres::start();
    let db = schema_database(&server, "door");
    let serving = serve(&db);
    let url = format!("http://{}", serving.1);
    let signed = definition(&url, &SECRET);
    let folder = tempfile::tempdir().unwrap();
    let id = shop(folder.path(), 1, &signed, true);

    let sent = run(folder.path(), &["submit", &id], &[]);
    assert_eq!(sent.status.code(), Some(0), "{}", said(&sent));
    assert!(said(&sent).contains("접수됨 RC-"), "{}", said(&sent));
    let claim = listed(folder.path(), &id);
    assert_eq!(claim["status"], "submitted", "{claim}");
    assert!(claim["receipt_number"].as_str().unwrap().starts_with("RC-"));
    assert_eq!(claim["waiting"], false);
    assert_eq!(received_at_server(&db, &id), 1);

    // Sent again: the same receipt, nothing kept twice.
    let again = run(folder.path(), &["submit", &id, "--json"], &[]);
    assert_eq!(again.status.code(), Some(0), "{}", said(&again));
    let line: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(line["outcome"], "received", "{line}");
    assert_eq!(line["unchanged"], true, "{line}");
    assert_eq!(line["receipt_number"], claim["receipt_number"]);
    assert_eq!(received_at_server(&db, &id), 1);
}

#[test]
fn no_destination_an_unverified_one_or_another_servers_receipt_marks_nothing() {
    let server = TestPostgres::start();
    let db = schema_database(&server, "refusals");
    let serving = serve(&db);
    let url = format!("http://{}", serving.1);

    // The definition is not verified here (its key is not trusted): refused
    // until the owner says to send anyway.
    let unverified = tempfile::tempdir().unwrap();
    let id = shop(unverified.path(), 2, &definition(&url, &SECRET), false);
    let refused = run(unverified.path(), &["submit", &id], &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    assert!(
        said(&refused).contains("E_SUBMIT_UNVERIFIED"),
        "{}",
        said(&refused)
    );
    assert_eq!(received_at_server(&db, &id), 0);
    let anyway = run(unverified.path(), &["submit", &id, "--to-unverified"], &[]);
    assert_eq!(anyway.status.code(), Some(0), "{}", said(&anyway));

    // The definition names another server key than the one the server
    // signs with: its receipt is refused, the claim not marked.
    let other_key = tempfile::tempdir().unwrap();
    let id = shop(other_key.path(), 3, &definition(&url, &[7; 32]), true);
    let before = listed(other_key.path(), &id)["status"].clone();
    let looked_alike = run(other_key.path(), &["submit", &id], &[]);
    assert_eq!(
        looked_alike.status.code(),
        Some(1),
        "{}",
        said(&looked_alike)
    );
    assert!(
        said(&looked_alike).contains("E_SUBMIT_RECEIPT_INVALID"),
        "{}",
        said(&looked_alike)
    );
    let claim = listed(other_key.path(), &id);
    assert_eq!(claim["status"], before, "{claim}");
    assert!(claim["receipt_number"].is_null(), "{claim}");
    assert_eq!(claim["waiting"], false, "{claim}");

    // A claim for a built-in incident: no address to send to.
    let built_in = tempfile::tempdir().unwrap();
    let mut claim: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!(
            "{}/../../../tests/fixtures/examples/kakao-cake-prior-week.claim.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    claim["id"] = "0192f5c4-7d2a-7b3c-9f1e-000000000004".into();
    let file = built_in.path().join("claim.json");
    std::fs::write(&file, serde_json::to_vec(&claim).unwrap()).unwrap();
    assert!(
        run(built_in.path(), &["import", file.to_str().unwrap()], &[])
            .status
            .success()
    );
    let nowhere = run(
        built_in.path(),
        &["submit", "0192f5c4-7d2a-7b3c-9f1e-000000000004"],
        &[],
    );
    assert_eq!(nowhere.status.code(), Some(1), "{}", said(&nowhere));
    assert!(
        said(&nowhere).contains("E_SUBMIT_NO_ADDRESS"),
        "{}",
        said(&nowhere)
    );
}

#[test]
fn a_lost_answer_is_sent_again_and_kept_once() {
    let server = TestPostgres::start();
    let db = schema_database(&server, "lost");
    let serving = serve(&db);
    // Between the shop and the server: the first answer never reaches the
    // shop (the connection drops after the server answered); later ones do.
    let relay = TcpListener::bind("127.0.0.1:0").unwrap();
    let relay_address = relay.local_addr().unwrap();
    let upstream = serving.1.clone();
    std::thread::spawn(move || {
        for (n, stream) in relay.incoming().enumerate() {
            let Ok(mut shop) = stream else { return };
            let request = read_request(&mut shop);
            let mut server = TcpStream::connect(&upstream).unwrap();
            // One exchange per connection: the server closes after it.
            let line_end = request.windows(2).position(|pair| pair == b"\r\n").unwrap() + 2;
            server.write_all(&request[..line_end]).unwrap();
            server.write_all(b"Connection: close\r\n").unwrap();
            server.write_all(&request[line_end..]).unwrap();
            let mut answer = Vec::new();
            server.read_to_end(&mut answer).unwrap();
            if n > 0 {
                shop.write_all(&answer).unwrap();
            }
        }
    });
    let folder = tempfile::tempdir().unwrap();
    let id = shop(
        folder.path(),
        5,
        &definition(&format!("http://{relay_address}"), &SECRET),
        true,
    );
    let sent = run(folder.path(), &["submit", &id, "--json"], &[]);
    assert_eq!(sent.status.code(), Some(0), "{}", said(&sent));
    let line: serde_json::Value = serde_json::from_slice(&sent.stdout).unwrap();
    // The server had it from the first attempt: the retry is "unchanged".
    assert_eq!(line["unchanged"], true, "{line}");
    assert_eq!(listed(folder.path(), &id)["status"], "submitted");
    assert_eq!(received_at_server(&db, &id), 1);
}

#[test]
fn down_slow_failing_or_killed_the_claim_waits_and_goes_when_the_server_is_back() {
    let server = TestPostgres::start();
    let db = schema_database(&server, "faults");
    // Where the server will be: a port held by a stand-in first.
    let stand_in = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = stand_in.local_addr().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let id = shop(
        folder.path(),
        6,
        &definition(&format!("http://{address}"), &SECRET),
        true,
    );
    let quick = [("CLAIMDESK_NETWORK_TIMEOUT_SECONDS", "2")];

    // Slow: it takes the request and never answers. The app is killed
    // while it waits; the bundle was kept before it was sent.
    let (took, request_arrived) = std::sync::mpsc::channel();
    let (let_go, released) = std::sync::mpsc::channel::<()>();
    let holding = stand_in.try_clone().unwrap();
    let holder = std::thread::spawn(move || {
        let (mut stream, _) = holding.accept().unwrap();
        drop(holding);
        read_request(&mut stream);
        took.send(()).unwrap();
        // Held open, unanswered, until the test lets go.
        let _ = released.recv();
        drop(stream);
    });
    let mut app = Command::new(claimdesk())
        .args(["submit", &id, "--data-dir"])
        .arg(folder.path())
        .env("CLAIMDESK_NETWORK_TIMEOUT_SECONDS", "30")
        .spawn()
        .unwrap();
    request_arrived
        .recv_timeout(std::time::Duration::from_secs(30))
        .unwrap();
    app.kill().unwrap();
    app.wait().unwrap();
    let claim = listed(folder.path(), &id);
    assert_eq!(claim["waiting"], true, "{claim}");
    assert_ne!(claim["status"], "submitted", "{claim}");

    // Slow again, with a timeout the test can wait for: still waiting.
    let slow = run(folder.path(), &["submit"], &quick);
    assert_eq!(slow.status.code(), Some(2), "{}", said(&slow));
    assert!(said(&slow).contains("보내기 대기 중"), "{}", said(&slow));
    let_go.send(()).unwrap();
    holder.join().unwrap();

    // Failing: 500 to everything.
    let failing = stand_in.try_clone().unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = std::sync::Arc::clone(&stop);
    failing.set_nonblocking(true).unwrap();
    let answering = std::thread::spawn(move || {
        while !stopped.load(std::sync::atomic::Ordering::SeqCst) {
            match failing.accept() {
                Ok((mut stream, _)) => {
                    stream.set_nonblocking(false).unwrap();
                    read_request(&mut stream);
                    let _ = stream.write_all(
                        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    });
    let failed = run(folder.path(), &["submit"], &quick);
    assert_eq!(failed.status.code(), Some(2), "{}", said(&failed));
    assert!(said(&failed).contains("HTTP 500"), "{}", said(&failed));
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    answering.join().unwrap();
    drop(stand_in);

    // Down: nothing listens there.
    let down = run(folder.path(), &["submit"], &quick);
    assert_eq!(down.status.code(), Some(2), "{}", said(&down));
    assert_eq!(received_at_server(&db, &id), 0);
    assert_eq!(listed(folder.path(), &id)["waiting"], true);

    // The server is back where it was: what waited goes, once.
    let _serving = serve_listening(&db, &address.to_string(), &[], &[]);
    let back = run(folder.path(), &["submit"], &quick);
    assert_eq!(back.status.code(), Some(0), "{}", said(&back));
    let claim = listed(folder.path(), &id);
    assert_eq!(claim["status"], "submitted", "{claim}");
    assert_eq!(claim["waiting"], false, "{claim}");
    assert_eq!(received_at_server(&db, &id), 1);
}

/// `openssl ARGS` in `folder`, which must succeed.
fn openssl(folder: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(folder)
        .output()
        .expect("Debian's openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The association's own CA and, signed by it, the server's certificate
/// for 127.0.0.1: (ca.pem, cert.pem, key.pem) in `folder`.
fn association_ca(folder: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let curve = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    openssl(
        folder,
        &[
            &["req", "-x509"][..],
            &curve,
            &["-days", "2", "-subj", "/CN=ClaimDesk test CA"],
            &[
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
            ],
        ]
        .concat(),
    );
    openssl(
        folder,
        &[
            &["req"][..],
            &curve,
            &[
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                "key.pem",
                "-out",
                "server.csr",
            ],
        ]
        .concat(),
    );
    std::fs::write(
        folder.join("server.ext"),
        "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        folder,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "cert.pem",
        ],
    );
    (
        folder.join("ca.pem"),
        folder.join("cert.pem"),
        folder.join("key.pem"),
    )
}

#[test]
fn a_server_whose_ca_is_not_trusted_is_refused_until_the_owner_adds_it() {
    let server = TestPostgres::start();
    let db = schema_database(&server, "tls");
    let certificates = tempfile::tempdir().unwrap();
    let (ca, cert, key) = association_ca(certificates.path());
    let serving = support::serve_as(
        &db,
        &[],
        &[
            "--tls-cert".as_ref(),
            cert.as_os_str(),
            "--tls-key".as_ref(),
            key.as_os_str(),
        ],
    );
    assert_eq!(serving.3, "https");
    let folder = tempfile::tempdir().unwrap();
    let id = shop(
        folder.path(),
        7,
        &definition(&format!("https://{}", serving.1), &SECRET),
        true,
    );

    // The association's CA is not among the system's: refused, saying what
    // to do; nothing reached the server, and the claim waits.
    let refused = run(folder.path(), &["submit", &id], &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", said(&refused));
    let words = said(&refused);
    assert!(
        words.contains("E_SUBMIT_CERTIFICATE") && words.contains("extra-ca.pem"),
        "{words}"
    );
    assert_eq!(received_at_server(&db, &id), 0);

    // Its IT puts the CA in the data folder: the claim goes.
    std::fs::copy(&ca, folder.path().join("extra-ca.pem")).unwrap();
    let sent = run(folder.path(), &["submit"], &[]);
    assert_eq!(sent.status.code(), Some(0), "{}", said(&sent));
    assert_eq!(listed(folder.path(), &id)["status"], "submitted");
    assert_eq!(received_at_server(&db, &id), 1);
}

/// The staff at the desk move shop `shop`'s current claim to `status`
/// (with `note`), through the server's own API as a signed-in member.
fn review_at_desk(address: &str, shop: usize, status: &str, note: Option<&str>) {
    let staff = support::signed_in(address, "kim");
    let table = support::call(
        address,
        Some(&staff),
        true,
        "assoc_table",
        &serde_json::json!({}),
    );
    let table = table.json();
    let number: String = claim_assoc::suite::shop_number(shop)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let row = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["registration_number"] == number.as_str())
        .unwrap_or_else(|| panic!("{table}"))
        .clone();
    let moved = support::call(
        address,
        Some(&staff),
        true,
        "assoc_review",
        &serde_json::json!({"id": row["id"], "status": status, "note": note, "seen": row["review_version"]}),
    );
    assert_eq!(
        moved.status,
        200,
        "{}",
        String::from_utf8_lossy(&moved.body)
    );
}

#[test]
fn a_returned_claim_is_heard_back_corrected_and_the_correction_replaces_the_first() {
    let server = TestPostgres::start();
    let db = support::staff_database(&server);
    let serving = serve(&db);
    let address = serving.1.clone();
    let url = format!("http://{address}");
    let signed = definition(&url, &SECRET);
    // The association publishes the definition at its server, so the
    // intake knows the incident (and which claims are one business's).
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &signed).unwrap();
    let published = Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
        .args(["incident", "publish"])
        .arg(file.path())
        .args(["--db", &db])
        .output()
        .unwrap();
    assert!(published.status.success(), "{}", said(&published));
    // Shop 1's PC, shop 2's PC, and a third PC holding a copy of shop 1's
    // claim (the same id and content) that sends it too.
    let (one, two, copy) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let id = shop(one.path(), 1, &signed, true);
    let other = shop(two.path(), 2, &signed, true);
    assert_eq!(shop(copy.path(), 1, &signed, true), id);
    // Nothing sent yet: no key, no server to ask.
    let early = run(one.path(), &["answers", "fetch"], &[]);
    assert_eq!(early.status.code(), Some(0), "{}", said(&early));
    assert!(
        said(&early).contains("회신을 물을 서버가 없습니다"),
        "{}",
        said(&early)
    );
    for (folder, claim) in [(&one, &id), (&two, &other), (&copy, &id)] {
        let sent = run(folder.path(), &["submit", claim], &[]);
        assert_eq!(sent.status.code(), Some(0), "{}", said(&sent));
    }
    assert_eq!(received_at_server(&db, &id), 1);

    // Nothing reviewed yet: each PC hears its claims received, nothing moves.
    let quiet = run(one.path(), &["answers", "fetch", "--json"], &[]);
    assert_eq!(quiet.status.code(), Some(0), "{}", said(&quiet));
    let heard: serde_json::Value = serde_json::from_slice(&quiet.stdout).unwrap();
    assert_eq!(heard["kind"], "answers", "{heard}");
    assert_eq!(heard["url"], url.as_str());
    assert_eq!(listed(one.path(), &id)["status"], "submitted");

    review_at_desk(&address, 1, "returned", Some("통장 사본이 필요합니다."));

    // Shop 1 hears it: the claim is open again, with the reason. Its PC's
    // clock is a month behind the server's (shop PCs' often are): the
    // answer, fresh by the server's nonce, is taken all the same.
    let back = run(
        one.path(),
        &["answers", "fetch"],
        &[("CLAIMDESK_CLOCK", "2026-11-09T09:00:00+09:00")],
    );
    assert_eq!(back.status.code(), Some(0), "{}", said(&back));
    assert!(said(&back).contains("회신 1건 반영"), "{}", said(&back));
    assert!(
        said(&back).contains("returned: 통장 사본이 필요합니다."),
        "{}",
        said(&back)
    );
    assert_eq!(
        listed(one.path(), &id)["status"],
        "draft",
        "open for editing again"
    );
    // Asked again: nothing new moves.
    let again = run(one.path(), &["answers", "fetch"], &[]);
    assert!(said(&again).contains("회신 0건 반영"), "{}", said(&again));
    // Shop 2's key reads its own claim alone; the copy's key, sent second,
    // reads nothing of shop 1's: neither PC hears the reason.
    for folder in [&two, &copy] {
        let theirs = run(folder.path(), &["answers", "fetch"], &[]);
        assert_eq!(theirs.status.code(), Some(0), "{}", said(&theirs));
        assert!(!said(&theirs).contains("통장 사본"), "{}", said(&theirs));
    }
    assert_eq!(listed(copy.path(), &id)["status"], "submitted");
    assert_eq!(listed(two.path(), &other)["status"], "submitted");

    // Shop 1 corrects the claim (as the window saves an edit) and sends it
    // again: the server keeps the correction in place of the first.
    let mut store = claim_store::Store::open(one.path()).unwrap();
    let mut corrected = store.claim(&id).unwrap().document;
    corrected["narrative"] = "통장 사본을 붙였습니다.".into();
    store.save_claim(corrected.to_string().as_bytes()).unwrap();
    drop(store);
    let resent = run(one.path(), &["submit", &id, "--json"], &[]);
    assert_eq!(resent.status.code(), Some(0), "{}", said(&resent));
    assert_eq!(received_at_server(&db, &id), 2, "{}", said(&resent));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM received WHERE claim_id = $1 AND superseded_by IS NULL",
            &[&id],
        ),
        1,
        "the correction replaces the first: {}",
        said(&resent)
    );
    review_at_desk(&address, 1, "checked", None);
    let checked = run(one.path(), &["answers", "fetch", "--json"], &[]);
    let heard: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(heard["applied"][0]["status"], "checked", "{heard}");
    assert_eq!(listed(one.path(), &id)["status"], "submitted");
}

#[test]
fn answers_not_signed_by_the_definitions_server_key_move_nothing() {
    // A stand-in server: nonces, and an answers file about the shop's claim
    // saying "returned", signed by a key that is not the definition's.
    let server = TestPostgres::start();
    let db = schema_database(&server, "forged");
    let serving = serve(&db);
    let real = format!("http://{}", serving.1);
    let folder = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let fake = format!("http://{}", listener.local_addr().unwrap());
    let id = shop(folder.path(), 1, &definition(&real, &SECRET), true);
    let sent = run(folder.path(), &["submit", &id], &[]);
    assert_eq!(sent.status.code(), Some(0), "{}", said(&sent));
    // The shop now follows a definition naming the stand-in with the real
    // server's key (a newer file of the same incident).
    let mut moved: serde_json::Value =
        serde_json::from_slice(&fixture("drill-2026-11.incident.json")).unwrap();
    moved["submit"] = serde_json::json!({"url": fake, "server_key": public_key_text(&SECRET)});
    let file = folder.path().join("moved.signed.json");
    std::fs::write(
        &file,
        sign_definition(&serde_json::to_vec_pretty(&moved).unwrap(), &INCIDENT_KEY).unwrap(),
    )
    .unwrap();
    let imported = run(
        folder.path(),
        &["incident", "import", file.to_str().unwrap()],
        &[],
    );
    assert!(imported.status.success(), "{}", said(&imported));
    let claim: serde_json::Value = listed(folder.path(), &id);
    let document = claim_store::Store::open(folder.path())
        .unwrap()
        .claim(&id)
        .unwrap()
        .document;
    let line = claim_exchange::bundle::claim_line(&document, false).unwrap();
    let answers = claim_core::answer::Answers {
        format: claim_core::answer::ANSWERS_FORMAT.to_owned(),
        shop: None,
        issued_at: "2026-12-01T00:00:00Z".to_owned(),
        issuer: "가짜".to_owned(),
        answers: vec![claim_core::answer::Answer {
            claim_id: id.clone(),
            claim_number: Some(claim["number"].as_str().unwrap().to_owned()),
            registration_number: claim_assoc::suite::shop_number(1)
                .chars()
                .filter(char::is_ascii_digit)
                .collect(),
            status: claim_core::status::Review::Returned,
            reason: Some("가짜 반려".to_owned()),
            at: "2026-12-01T00:00:00Z".to_owned(),
            claim_sha256: claim_store::sha256_hex(line.as_bytes()),
            receipt_number: None,
        }],
    };
    let forged = answers.sign(&[77; 32]).unwrap();
    let stand_in = std::thread::spawn(move || {
        for _ in 0..2 {
            let (mut stream, _) = listener.accept().unwrap();
            let request = String::from_utf8_lossy(&read_request(&mut stream)).into_owned();
            let body = if request.starts_with("GET /v1/nonce") {
                br#"{"nonce":"abc"}"#.to_vec()
            } else {
                forged.clone()
            };
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .unwrap();
            stream.write_all(&body).unwrap();
        }
    });
    let fetched = run(folder.path(), &["answers", "fetch"], &[]);
    stand_in.join().unwrap();
    assert_eq!(fetched.status.code(), Some(1), "{}", said(&fetched));
    assert!(
        said(&fetched).contains("E_SIGNATURE_UNTRUSTED"),
        "{}",
        said(&fetched)
    );
    assert_eq!(listed(folder.path(), &id)["status"], "submitted");
}

#[test]
fn new_incidents_are_offered_from_the_server_and_added_only_when_asked() {
    let server = TestPostgres::start();
    let db = schema_database(&server, "offers");
    let serving = serve(&db);
    let url = format!("http://{}", serving.1);
    let held = definition(&url, &SECRET);
    let folder = tempfile::tempdir().unwrap();
    shop(folder.path(), 1, &held, true);
    let publish = |file: &[u8]| {
        let path = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(path.path(), file).unwrap();
        let published = Command::new(env!("CARGO_BIN_EXE_claimdesk-server"))
            .args(["incident", "publish"])
            .arg(path.path())
            .args(["--db", &db])
            .output()
            .unwrap();
        assert!(published.status.success(), "{}", said(&published));
    };
    let next = |id: &str, title: &str, key: &[u8; 32]| {
        let mut definition: serde_json::Value =
            serde_json::from_slice(&fixture("drill-2026-11.incident.json")).unwrap();
        definition["id"] = id.into();
        definition["title"]["ko"] = title.into();
        sign_definition(&serde_json::to_vec_pretty(&definition).unwrap(), key).unwrap()
    };
    // The one this PC holds, a new one signed by the key it trusts, and one
    // signed by a key it does not know.
    publish(&held);
    publish(&next("drill-2026-12", "12월 시험 장애", &INCIDENT_KEY));
    publish(&next("drill-2026-13", "모르는 키의 장애", &[6; 32]));

    let fetched = run(folder.path(), &["incident", "fetch"], &[]);
    assert_eq!(fetched.status.code(), Some(0), "{}", said(&fetched));
    let text = said(&fetched);
    assert!(
        text.contains(
            "새 장애 정의: 12월 시험 장애 (drill-2026-12), 서명 확인됨: 연합회 장애 정의 키 (시험)"
        ),
        "{text}"
    );
    assert!(text.contains("(drill-2026-13), 서명 확인 안 됨"), "{text}");
    assert!(
        !text.contains("drill-2026-11"),
        "the one held is not offered: {text}"
    );
    // Offered, not added.
    let listed = |folder: &Path| {
        let out = run(folder, &["incident", "list", "--json"], &[]);
        assert!(out.status.success(), "{}", said(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(!listed(folder.path()).contains("drill-2026-12"));

    // Taken when the owner names it; what was not named stays offered.
    let taken = run(
        folder.path(),
        &["incident", "fetch", "--import", "drill-2026-12"],
        &[],
    );
    assert_eq!(taken.status.code(), Some(0), "{}", said(&taken));
    let list = listed(folder.path());
    assert!(
        list.contains("drill-2026-12") && !list.contains("drill-2026-13"),
        "{list}"
    );
    let again = said(&run(folder.path(), &["incident", "fetch"], &[]));
    assert!(
        !again.contains("drill-2026-12") && again.contains("drill-2026-13"),
        "{again}"
    );
    // An incident no server offers: refused by name, nothing added.
    let gone = run(
        folder.path(),
        &["incident", "fetch", "--import", "drill-2099-01"],
        &[],
    );
    assert_ne!(gone.status.code(), Some(0));
    assert!(
        said(&gone).contains("E_INCIDENT_NOT_OFFERED"),
        "{}",
        said(&gone)
    );
}
