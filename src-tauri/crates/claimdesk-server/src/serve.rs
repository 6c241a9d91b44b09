//! `claimdesk-server serve`: the server's HTTP side.
//! - `GET /healthz`: 200 once the database answers, 503 while it does not.
//! - `POST /v1/submissions`: the machine door shops' apps will use. One
//!   bundle, claim PDF or claim JSON as the body, taken in by claim-assoc's
//!   rules (`submission`) over the PostgreSQL store, answered claim by
//!   claim with signed receipts. Bounded as the desk's intake is: a body
//!   over its kind's limit is refused before it is read past the limit; a
//!   body is read within a time; a few are taken in at once and the rest
//!   are told to come back (503 with `Retry-After`). Nothing a body says
//!   reaches the log.
//!
//! - `POST /v1/sign-in`, `GET /v1/me`, `POST /v1/sign-out`: staff sign in
//!   (`session`): an HttpOnly, SameSite=Strict cookie, and a CSRF token the
//!   page sends back (`x-claimdesk-csrf`) with every change.
//!
//! - `POST /api/<command>` and the page itself: the staff's desk in their
//!   browsers (`desk`).
//!
//! - `GET|POST /v1/staff`, `POST /v1/staff/{name}/disable`: admins manage
//!   the staff's accounts (`accounts`).

use crate::store::PgStore;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use claim_assoc::desk::{Desk, DeskError};
use claim_assoc::reply::Signer;
use claim_assoc::submission::{take_in_submission, Kind, SubmissionAnswer, SubmittedOutcome};
use claim_core::{Failure, FailureCode, Lang};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0} is not a loopback address: an address other than 127.0.0.1 or ::1 needs TLS (--tls-cert and --tls-key)")]
    NotLoopback(SocketAddr),
    #[error("{address}: {error}")]
    Listen {
        address: SocketAddr,
        error: std::io::Error,
    },
}

/// Whether the server may listen on `address`, with TLS (`tls`) or
/// without: plain HTTP on loopback only.
pub fn check_listen(address: SocketAddr, tls: bool) -> Result<(), ServeError> {
    if tls || address.ip().is_loopback() {
        Ok(())
    } else {
        Err(ServeError::NotLoopback(address))
    }
}

/// The secret key in `file`, made by `claimdesk incident keygen` (base64
/// of 32 bytes on one line), read no further than a key file is long.
pub fn read_secret_key(file: &std::path::Path) -> Result<[u8; 32], String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(file)
        .and_then(|opened| opened.take(1024).read_to_string(&mut text))
        .ok()
        .and_then(|_| claim_core::signature::parse_secret_key(&text))
        .ok_or_else(|| {
            format!(
                "{}: not a secret key file made by `claimdesk incident keygen`",
                file.display()
            )
        })
}

/// Submissions taken in at once; more are told to come back. Each holds a
/// database connection and its body on disk (up to a bundle's 512 MiB).
pub const SUBMISSIONS_AT_ONCE: usize = 8;

/// How long a body may take to arrive (a 512 MiB bundle at 1 MB/s).
pub const BODY_TIME: Duration = Duration::from_secs(600);

/// What a client is told to wait before trying again, in seconds.
const RETRY_AFTER: &str = "5";

/// What the server serves with.
pub struct Served {
    /// The database's connection string: the health check connects anew,
    /// so it says 200 again as soon as a restarted database answers.
    db: String,
    /// The association's signing key and the name it signs as.
    pub(crate) secret_key: [u8; 32],
    pub(crate) issuer: String,
    /// Connections that answered, kept for the next submission.
    idle: Mutex<Vec<PgStore>>,
    submissions: Arc<tokio::sync::Semaphore>,
    /// The app's page (`ui/`), served to the staff's browsers.
    ui: std::path::PathBuf,
    /// Served over TLS: the session cookie is `Secure`.
    tls: bool,
    /// This program, which reads claim PDFs in a worker process of its own.
    worker: std::path::PathBuf,
}

impl std::fmt::Debug for Served {
    /// Never the key, never the connection string (it may hold a password).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Served")
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl Served {
    pub fn new(db: String, secret_key: [u8; 32], issuer: String, ui: std::path::PathBuf) -> Served {
        Served {
            db,
            secret_key,
            issuer,
            idle: Mutex::new(Vec::new()),
            submissions: Arc::new(tokio::sync::Semaphore::new(SUBMISSIONS_AT_ONCE)),
            ui,
            tls: false,
            worker: std::env::current_exe()
                .unwrap_or_else(|_| std::path::PathBuf::from("claimdesk-server")),
        }
    }

    /// Reads the claim the PDF `bytes` carries, in a worker process.
    pub(crate) fn read_pdf_claim(&self, bytes: &[u8]) -> Result<Vec<u8>, claim_pdf::PdfError> {
        claimdesk::app::worker::read_attached_claim_in(&self.worker, bytes)
    }

    /// Served over TLS (the session cookie is then `Secure`).
    pub fn over_tls(mut self) -> Served {
        self.tls = true;
        self
    }

    /// A connection: one kept, else a new one.
    pub(crate) fn store(&self) -> Result<PgStore, DeskError> {
        let kept = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match kept {
            Some(store) if store.answers() => Ok(store),
            _ => PgStore::connect(&self.db),
        }
    }

    /// The desk over `store`: the app's clock, and the incidents claims
    /// are checked against (the built-in ones and those published here).
    pub(crate) fn desk(&self, store: PgStore) -> Result<Desk<PgStore>, DeskError> {
        let published = store.published_definitions()?;
        let mut desk = Desk::new(store);
        desk.set_clock(claimdesk::app::clock::app());
        desk.set_incidents(crate::incidents::incidents_of(
            published.iter().map(Vec::as_slice),
            &self.issuer,
        ));
        Ok(desk)
    }

    pub(crate) fn keep(&self, store: PgStore) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < SUBMISSIONS_AT_ONCE {
                idle.push(store);
            }
        }
    }
}

/// The routes, every answer with the window's CSP.
pub fn router(served: Served) -> Router {
    let page = tower_http::services::ServeDir::new(&served.ui);
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/api/{command}",
            post(crate::desk::command).layer(axum::extract::DefaultBodyLimit::max(
                claimdesk::http_host::BODY_LIMIT,
            )),
        )
        .route("/v1/submissions", post(submission))
        .route("/v1/incidents", get(incidents))
        .route("/v1/nonce", get(crate::asking::nonce))
        .route("/v1/answers", get(crate::asking::answers))
        .route(
            "/v1/sign-in",
            post(sign_in).layer(axum::extract::DefaultBodyLimit::max(SIGN_IN_BYTES)),
        )
        .route("/v1/me", get(me))
        .route("/v1/desk/take-in", post(crate::desk::take_in))
        .route("/v1/desk/export/{format}", get(crate::desk::export))
        .route("/v1/sign-out", post(sign_out))
        .route(
            "/v1/staff",
            get(crate::accounts::list).post(crate::accounts::add).layer(
                axum::extract::DefaultBodyLimit::max(crate::accounts::ACCOUNT_BYTES),
            ),
        )
        .route("/v1/staff/{name}/disable", post(crate::accounts::disable))
        .with_state(Arc::new(served))
        .fallback_service(page);
    let csp = claimdesk::http_host::window_csp();
    // The policy is made from the window's own configuration, and always
    // is a header value; were it not, the stricter one.
    claimdesk::http_host::with_page_headers(routes.clone(), &csp).unwrap_or_else(|_| {
        claimdesk::http_host::with_page_headers(routes, "default-src 'self'").unwrap_or_default()
    })
}

/// The most a sign-in's body may be: a name and a password.
const SIGN_IN_BYTES: usize = 16 * 1024;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "claimdesk_session";

/// The header the page sends its session's CSRF token in.
pub const CSRF_HEADER: &str = "x-claimdesk-csrf";

/// The database does not answer: 503, with when to try again.
pub(crate) fn database_away() -> Response {
    let away = DeskError::Unavailable;
    failure(
        StatusCode::SERVICE_UNAVAILABLE,
        away.code(),
        away.message(Lang::Ko),
    )
}

/// A connection for the staff's requests, its driver beside it.
pub(crate) async fn database(served: &Served) -> Result<tokio_postgres::Client, Response> {
    match tokio_postgres::connect(&served.db, tokio_postgres::NoTls).await {
        Ok((client, connection)) => {
            tokio::spawn(connection);
            Ok(client)
        }
        Err(_) => Err(database_away()),
    }
}

/// The session token the request's cookie holds.
fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, token)| token.to_owned())
        .filter(|token| !token.is_empty() && token.len() <= 128)
}

/// The cookie that holds `token`: `Secure` when served over TLS (over
/// plain HTTP, on loopback only, a browser would not send it back then).
fn session_cookie(token: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("claimdesk_session=; Max-Age=0"))
}

#[derive(serde::Deserialize)]
struct SignInRequest {
    name: String,
    password: String,
}

fn signed_json(signed: &crate::session::Signed) -> serde_json::Value {
    serde_json::json!({
        "name": signed.name,
        "role": signed.role.as_str(),
        "csrf": signed.csrf,
    })
}

async fn sign_in(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
    Json(request): Json<SignInRequest>,
) -> Response {
    use crate::session::SignInError;
    let lang = language(&headers);
    let mut client = match database(&served).await {
        Ok(client) => client,
        Err(response) => return response,
    };
    let now = claimdesk::app::clock::now();
    match crate::session::sign_in(&mut client, &request.name, &request.password, now).await {
        Ok((token, signed)) => {
            let mut response = (StatusCode::OK, Json(signed_json(&signed))).into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&token, crate::session::LONGEST.num_seconds(), served.tls),
            );
            response
        }
        Err(SignInError::Refused) => failure(
            StatusCode::UNAUTHORIZED,
            FailureCode::SignInRefused,
            said(
                lang,
                "이름이나 비밀번호가 맞지 않습니다.",
                "The name or the password is not right.",
            ),
        ),
        Err(SignInError::Locked { until }) => {
            let mut response = failure(StatusCode::TOO_MANY_REQUESTS, FailureCode::SignInLocked, {
                let at = claim_assoc::stats::kst_minute(&claim_core::dates::stored_instant(until));
                match lang {
                    Lang::Ko => format!("비밀번호가 여러 번 틀려 {at}까지 잠겼습니다."),
                    Lang::En => {
                        format!("Too many wrong passwords: the account is locked until {at} (KST).")
                    }
                }
            });
            let wait = (until - now).num_seconds().max(1);
            if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        Err(_) => database_away(),
    }
}

/// The signed-in member of staff of a request, or the answer to give.
pub(crate) async fn signed(
    served: &Served,
    headers: &HeaderMap,
) -> Result<(tokio_postgres::Client, String, crate::session::Signed), Response> {
    let signed_out = || {
        failure(
            StatusCode::UNAUTHORIZED,
            FailureCode::SignedOut,
            said(
                language(headers),
                "로그인이 끝났습니다. 다시 로그인해 주세요.",
                "Your session has ended: sign in again.",
            ),
        )
    };
    let token = session_token(headers).ok_or_else(signed_out)?;
    let client = database(served).await?;
    match crate::session::session(&client, &token, claimdesk::app::clock::now()).await {
        Ok(Some(signed)) => Ok((client, token, signed)),
        Ok(None) => Err(signed_out()),
        Err(_) => Err(database_away()),
    }
}

async fn me(State(served): State<Arc<Served>>, headers: HeaderMap) -> Response {
    match signed(&served, &headers).await {
        Ok((_, _, signed)) => (StatusCode::OK, Json(signed_json(&signed))).into_response(),
        Err(response) => response,
    }
}

/// Whether a change request carries the session's CSRF token.
pub(crate) fn csrf_refused(
    headers: &HeaderMap,
    signed: &crate::session::Signed,
) -> Option<Response> {
    let sent = headers
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    (!crate::session::csrf_matches(signed, sent)).then(|| {
        failure(
            StatusCode::FORBIDDEN,
            FailureCode::Csrf,
            said(
                language(headers),
                "이 요청은 ClaimDesk 화면에서 온 것이 아닙니다.",
                "This request did not come from ClaimDesk's page.",
            ),
        )
    })
}

async fn sign_out(State(served): State<Arc<Served>>, headers: HeaderMap) -> Response {
    let (mut client, token, signed) = match signed(&served, &headers).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if let Some(refused) = csrf_refused(&headers, &signed) {
        return refused;
    }
    match crate::session::sign_out(
        &mut client,
        &token,
        &signed.name,
        claimdesk::app::clock::now(),
    )
    .await
    {
        Ok(()) => {
            let mut response = StatusCode::NO_CONTENT.into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, session_cookie("", 0, served.tls));
            response
        }
        Err(_) => database_away(),
    }
}

async fn healthz(State(served): State<Arc<Served>>) -> StatusCode {
    let check = async {
        let (client, connection) =
            tokio_postgres::connect(&served.db, tokio_postgres::NoTls).await?;
        let driver = tokio::spawn(connection);
        let answered = client.simple_query("SELECT 1").await.map(drop);
        drop(client);
        let _ = driver.await;
        answered
    };
    match tokio::time::timeout(std::time::Duration::from_secs(2), check).await {
        Ok(Ok(())) => StatusCode::OK,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// A failure as the door answers it: `{code, message}`.
pub(crate) fn failure(status: StatusCode, code: FailureCode, message: String) -> Response {
    let mut response = (
        status,
        Json(serde_json::json!({ "code": code.as_str(), "message": message })),
    )
        .into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
    }
    response
}

/// The sentence `ko` or `en`, as `lang` asks.
pub(crate) fn said(lang: Lang, ko: &str, en: &str) -> String {
    match lang {
        Lang::Ko => ko.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// The language of the answer's sentences: the page's own (the header its
/// calls carry) when it names one, else English when the client asks for it
/// first, else Korean.
pub(crate) fn language(headers: &HeaderMap) -> Lang {
    if let Some(lang) = headers
        .get(claimdesk::http_host::LANG_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(Lang::parse)
    {
        return lang;
    }
    let asked = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if asked.trim_start().to_ascii_lowercase().starts_with("en") {
        Lang::En
    } else {
        Lang::Ko
    }
}

/// Why a body was not taken in before the intake began.
enum Unread {
    TooLarge,
    Broken,
    Disk,
}

/// Streams the body into `file`, never past `limit` bytes; the first bytes
/// are kept to check the body is what it says.
async fn spool(body: Body, file: &std::path::Path, limit: u64) -> Result<Vec<u8>, Unread> {
    use futures_util::StreamExt;
    let mut out = tokio::fs::File::create(file)
        .await
        .map_err(|_| Unread::Disk)?;
    let mut stream = body.into_data_stream();
    let mut written: u64 = 0;
    let mut head = Vec::with_capacity(8);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| Unread::Broken)?;
        written = written.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        if written > limit {
            return Err(Unread::TooLarge);
        }
        if head.len() < 8 {
            head.extend(chunk.iter().take(8 - head.len()));
        }
        out.write_all(&chunk).await.map_err(|_| Unread::Disk)?;
    }
    out.flush().await.map_err(|_| Unread::Disk)?;
    Ok(head)
}

/// A body received whole into a private folder, within its kind's limit
/// and time; the door's turn held while it is taken in.
pub(crate) struct Received {
    pub(crate) file: std::path::PathBuf,
    /// Removed (with the file) when the intake is over.
    _folder: tempfile::TempDir,
    _turn: tokio::sync::OwnedSemaphorePermit,
}

/// Receives the body of `request` into a private folder as the file `name`
/// (its kind from the `Content-Type`), or the answer that refuses it.
pub(crate) async fn receive(
    served: &Arc<Served>,
    request: Request,
    lang: Lang,
    name: &str,
) -> Result<Received, Response> {
    let say = |ko: &str, en: &str| said(lang, ko, en);
    let Some(kind) = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(Kind::of_content_type)
    else {
        return Err(failure(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            FailureCode::SubmitContentType,
            say(
                "묶음(application/zip), 청구서 PDF(application/pdf) 또는 청구서 JSON(application/json)만 받습니다.",
                "Send a bundle (application/zip), a claim PDF (application/pdf) or a claim JSON (application/json).",
            ),
        ));
    };
    let too_large = || {
        failure(
            StatusCode::PAYLOAD_TOO_LARGE,
            FailureCode::SubmitTooLarge,
            say(
                "보낸 파일이 한 번에 받을 수 있는 크기를 넘습니다.",
                "The file is larger than one submission may be.",
            ),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<u64>().ok());
    if declared.is_some_and(|length| length > kind.limit()) {
        return Err(too_large());
    }
    let Ok(turn) = Arc::clone(&served.submissions).try_acquire_owned() else {
        return Err(failure(
            StatusCode::SERVICE_UNAVAILABLE,
            FailureCode::SubmitBusy,
            say(
                "지금 받는 청구서가 많습니다. 잠시 뒤에 다시 보내 주세요.",
                "Many submissions are arriving; send again shortly.",
            ),
        ));
    };
    let Ok(folder) = tempfile::tempdir() else {
        return Err(failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            FailureCode::SubmitDisk,
            say(
                "서버가 파일을 받아 둘 수 없습니다.",
                "The server cannot hold the file.",
            ),
        ));
    };
    let file = folder.path().join(name);
    let body = request.into_body();
    let head = match tokio::time::timeout(BODY_TIME, spool(body, &file, kind.limit())).await {
        Ok(Ok(head)) => head,
        Ok(Err(Unread::TooLarge)) => return Err(too_large()),
        Ok(Err(Unread::Disk)) => {
            return Err(failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                FailureCode::SubmitDisk,
                say(
                    "서버가 파일을 받아 둘 수 없습니다.",
                    "The server cannot hold the file.",
                ),
            ))
        }
        Ok(Err(Unread::Broken)) => {
            return Err(failure(
                StatusCode::BAD_REQUEST,
                FailureCode::SubmitUnreadable,
                say(
                    "보낸 내용을 끝까지 받지 못했습니다.",
                    "The body did not arrive whole.",
                ),
            ))
        }
        Err(_) => {
            return Err(failure(
                StatusCode::REQUEST_TIMEOUT,
                FailureCode::SubmitSlow,
                say(
                    "보낸 내용이 제시간에 다 오지 않았습니다. 다시 보내 주세요.",
                    "The body did not arrive in time; send it again.",
                ),
            ))
        }
    };
    if head.is_empty() || !kind.matches(&head) {
        return Err(failure(
            StatusCode::BAD_REQUEST,
            FailureCode::SubmitUnreadable,
            say(
                "보낸 내용이 Content-Type이 말하는 파일이 아닙니다.",
                "The body is not the kind of file its Content-Type says.",
            ),
        ));
    }
    Ok(Received {
        file,
        _folder: folder,
        _turn: turn,
    })
}

/// `GET /v1/incidents`: every published definition, as signed. Public:
/// the same files the association hands out on paper or its site.
async fn incidents(State(served): State<Arc<Served>>) -> Response {
    let client = match database(&served).await {
        Ok(client) => client,
        Err(refused) => return refused,
    };
    match crate::incidents::published(&client).await {
        Ok(files) => Json(serde_json::json!({ "incidents": files })).into_response(),
        Err(_) => database_away(),
    }
}

async fn submission(State(served): State<Arc<Served>>, request: Request) -> Response {
    let lang = language(request.headers());
    // The business's key, to bind what is kept to it: a header that holds
    // no key is refused before the body is read.
    let Ok(shop_key) = crate::asking::submitted_key(request.headers()) else {
        return failure(
            StatusCode::BAD_REQUEST,
            FailureCode::AskingRefused,
            said(
                lang,
                "보낸 가게 키(ClaimDesk-Shop-Key)가 올바른 공개 키가 아닙니다.",
                "The shop's key (ClaimDesk-Shop-Key) is not a public key.",
            ),
        );
    };
    let name = match request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(Kind::of_content_type)
    {
        Some(Kind::Bundle) => "submission.zip",
        Some(Kind::Pdf) => "submission.pdf",
        _ => "submission.json",
    };
    let received = match receive(&served, request, lang, name).await {
        Ok(received) => received,
        Err(refused) => return refused,
    };
    let worker = Arc::clone(&served);
    let work = tokio::task::spawn_blocking(move || {
        let served = worker;
        let mut desk = served.desk(served.store()?)?;
        let signer = Signer {
            secret_key: &served.secret_key,
            issuer: &served.issuer,
        };
        let answer = take_in_submission(&mut desk, &received.file, lang, &signer, &|bytes| {
            served.read_pdf_claim(bytes)
        });
        if !matches!(answer, Err(DeskError::Unavailable)) {
            served.keep(desk.into_store());
        }
        drop(received);
        answer
    });
    let answer: Result<SubmissionAnswer, DeskError> = match work.await {
        Ok(answer) => answer,
        Err(_) => Err(DeskError::Database("the intake stopped".into())),
    };
    if let (Ok(answer), Some(key)) = (&answer, &shop_key) {
        let kept: Vec<String> = answer
            .results
            .iter()
            .filter(|result| result.outcome != SubmittedOutcome::Refused)
            .filter_map(|result| result.claim_id.clone())
            .collect();
        // Unbound, the shop could not hear back: the claim is kept, and
        // the retry the 503 asks for is `unchanged` and binds it.
        let bound = match database(&served).await {
            Ok(client) => crate::asking::bind(&client, &kept, key).await.is_ok(),
            Err(_) => false,
        };
        if !bound {
            return database_away();
        }
    }
    match answer {
        Ok(answer) => (StatusCode::OK, Json(answer)).into_response(),
        Err(error @ DeskError::Unavailable) => failure(
            StatusCode::SERVICE_UNAVAILABLE,
            error.code(),
            error.message(lang),
        ),
        Err(error) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            error.code(),
            error.message(lang),
        ),
    }
}
