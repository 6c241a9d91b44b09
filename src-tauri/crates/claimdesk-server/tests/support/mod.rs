//! What the server's tests share: a PostgreSQL of their own
//! (`claimdesk-test-postgres`), the server running, and its HTTP answers.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

pub use claimdesk_test_postgres::TestPostgres;

/// A connection to `url`, its driver running beside it.
pub async fn client(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

/// `claimdesk-server serve` running: the child, its address, and the
/// folder of its key.
/// The child, its address, the folder of its key, and the scheme it
/// listens with (`http`, or `https` with TLS).
pub struct Serving(pub Child, pub String, pub tempfile::TempDir, pub String);

/// The association's key the server signs with in these tests.
pub const SECRET: [u8; 32] = [9; 32];

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Serves the database `url` on a free loopback port, signing with
/// [`SECRET`].
pub fn serve(url: &str) -> Serving {
    serve_with(url, &[])
}

/// [`serve`] with the environment variables `env` set for the server.
pub fn serve_with(url: &str, env: &[(&str, &str)]) -> Serving {
    serve_as(url, env, &[])
}

/// [`serve_with`] and these `args` after the usual ones (`--tls-cert …`);
/// the address is the one the server prints, whatever its scheme.
pub fn serve_as(url: &str, env: &[(&str, &str)], args: &[&std::ffi::OsStr]) -> Serving {
    serve_listening(url, "127.0.0.1:0", env, args)
}

/// [`serve_as`] on `listen` (`127.0.0.1:PORT`: a server that comes back
/// where it was).
pub fn serve_listening(
    url: &str,
    listen: &str,
    env: &[(&str, &str)],
    args: &[&std::ffi::OsStr],
) -> Serving {
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("association.key");
    std::fs::write(&key, claim_core::signature::secret_key_text(&SECRET)).unwrap();
    // CLAIMDESK_SERVER_BIN: another build of it (the installed package's).
    // The installed one serves the page the package installed.
    let installed = std::env::var_os("CLAIMDESK_SERVER_BIN");
    let mut command = Command::new(
        installed
            .clone()
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_claimdesk-server").into()),
    );
    command
        .args(["serve", "--db", url, "--listen", listen, "--key"])
        .arg(&key);
    if installed.is_none() {
        command
            .arg("--ui")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../ui"));
    }
    command.envs(env.iter().copied()).args(args);
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let (scheme, address) = line
        .trim()
        .strip_prefix("listening on ")
        .and_then(|url| url.split_once("://"))
        .unwrap_or_else(|| panic!("{line}"));
    Serving(child, address.to_owned(), keys, scheme.to_owned())
}

/// An answer: status, headers (lower-case names), body.
pub struct Answer {
    pub status: u16,
    pub headers: String,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&self.body)))
    }
}

/// Sends `head` (request line and headers, without the blank line) and
/// `body` on a connection of its own; reads the whole answer.
pub fn exchange(address: &str, head: &str, body: &[u8]) -> Answer {
    try_exchange(address, head, body).expect("an answer")
}

/// [`exchange`], or `None` when no whole answer came (a server killed).
pub fn try_exchange(address: &str, head: &str, body: &[u8]) -> Option<Answer> {
    let mut stream = std::net::TcpStream::connect(address).ok()?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .ok()?;
    write!(
        stream,
        "{head}\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    // A server that answers before reading it all may close early.
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let split = answer.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&answer[..split]).to_ascii_lowercase();
    Some(Answer {
        status: head.get(9..12)?.parse().ok()?,
        headers: head,
        body: answer[split + 4..].to_vec(),
    })
}

/// Runs `future` to its end on a runtime of its own (the tests are not
/// async; the server's schema and staff functions are).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// A new database `name` on `server` with the server's schema: its URL.
pub fn schema_database(server: &TestPostgres, name: &str) -> String {
    server.create_database(name);
    let url = server.url(name);
    block_on(async {
        claimdesk_server::schema::init(&mut client(&url).await)
            .await
            .unwrap();
    });
    url
}

/// The one number `sql` answers on `url` (a `count(*)`).
pub fn count(url: &str, sql: &str, params: &[&(dyn tokio_postgres::types::ToSql + Sync)]) -> i64 {
    block_on(async {
        client(url)
            .await
            .query_one(sql, params)
            .await
            .unwrap()
            .get(0)
    })
}

/// The password of the staff these tests add.
pub const PASSWORD: &str = "correct horse battery";

pub fn sign_in(address: &str, name: &str, password: &str) -> Answer {
    let body =
        serde_json::to_vec(&serde_json::json!({"name": name, "password": password})).unwrap();
    exchange(
        address,
        &format!(
            "POST /v1/sign-in HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}",
            body.len()
        ),
        &body,
    )
}

/// The session cookie an answer sets (`name=value`), and its attributes.
pub fn cookie(answer: &Answer) -> (String, String) {
    let line = answer
        .headers
        .lines()
        .find_map(|line| line.strip_prefix("set-cookie: "))
        .unwrap_or_else(|| panic!("no cookie: {}", answer.headers))
        .to_owned();
    let pair = line.split(';').next().unwrap().to_owned();
    (pair, line)
}

/// A member of staff signed in: the session's cookie and CSRF token.
#[derive(Debug, Clone)]
pub struct Staff {
    pub cookie: String,
    pub csrf: String,
}

/// Signs `name` in with [`PASSWORD`].
pub fn signed_in(address: &str, name: &str) -> Staff {
    let answer = sign_in(address, name, PASSWORD);
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    Staff {
        cookie: cookie(&answer).0,
        csrf: answer.json()["csrf"].as_str().unwrap().to_owned(),
    }
}

/// `POST /api/<command>` with `body`, as `staff` (their cookie, and their
/// CSRF token unless `csrf` is false) or as nobody.
pub fn call(
    address: &str,
    staff: Option<&Staff>,
    csrf: bool,
    command: &str,
    body: &serde_json::Value,
) -> Answer {
    request(
        address,
        staff,
        csrf,
        "POST",
        &format!("/api/{command}"),
        Some(body),
    )
}

/// `method path` with `body` (JSON, if any), as `staff` (their cookie, and
/// their CSRF token unless `csrf` is false) or as nobody.
pub fn request(
    address: &str,
    staff: Option<&Staff>,
    csrf: bool,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> Answer {
    let body = body
        .map(|body| serde_json::to_vec(body).unwrap())
        .unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}",
        body.len()
    );
    if let Some(staff) = staff {
        head.push_str(&format!("\r\nCookie: {}", staff.cookie));
        if csrf {
            head.push_str(&format!("\r\nX-ClaimDesk-CSRF: {}", staff.csrf));
        }
    }
    exchange(address, &head, &body)
}

/// A database with the server's schema and two accounts: `kim` (staff)
/// and `lee` (admin), both with [`PASSWORD`]. Its URL.
pub fn staff_database(server: &TestPostgres) -> String {
    let url = schema_database(server, "association");
    block_on(async {
        let mut db = client(&url).await;
        for (name, role) in [
            ("kim", claimdesk_server::staff::Role::Staff),
            ("lee", claimdesk_server::staff::Role::Admin),
        ] {
            claimdesk_server::staff::add(&mut db, name, role, PASSWORD, "test")
                .await
                .unwrap();
        }
    });
    url
}

/// The business key the shop in these tests sends with: its secret.
pub const SHOP_SECRET: [u8; 32] = [3; 32];

/// `POST /v1/submissions` of `body` as `content_type`, sent with the key of
/// [`SHOP_SECRET`].
pub fn submit(address: &str, content_type: &str, body: &[u8]) -> Answer {
    submit_as(address, content_type, body, Some(&SHOP_SECRET))
}

/// `POST /v1/submissions` as the business whose secret key is `shop` (or
/// with no key).
pub fn submit_as(
    address: &str,
    content_type: &str,
    body: &[u8],
    shop: Option<&[u8; 32]>,
) -> Answer {
    let key = shop
        .map(|secret| {
            format!(
                "\r\nClaimDesk-Shop-Key: {}",
                claim_core::signature::public_key_text(secret)
            )
        })
        .unwrap_or_default();
    exchange(
        address,
        &format!(
            "POST /v1/submissions HTTP/1.1\r\nContent-Type: {content_type}\r\nContent-Length: {}{key}",
            body.len()
        ),
        body,
    )
}

/// A bundle of `shops` shops' claims (the same bytes each time).
pub fn bundle(shops: std::ops::Range<usize>) -> Vec<u8> {
    claim_assoc::suite::bundle_of_shops(shops)
}
