//! The HTTP host of the command surface (feature `http-host`, no Tauri): the
//! same commands the window registers, served as `POST /api/<command>` with
//! the same JSON requests and the same `{code, message}` failures, and the
//! page itself (`ui/`) beside them. The Chromium end-to-end suite drives the
//! real backend through it (`tests/testhost`), and the association's server
//! reuses it with its own [`Gate`] and store folder.
//!
//! Invariants (tested in `tests/http_host.rs`):
//! - it listens on 127.0.0.1 only ([`bind_loopback`]);
//! - the page and `/favicon.ico` need no token; a command needs what the
//!   [`Gate`] admits, and anything else is answered 403 before its body is
//!   read;
//! - every answer carries the window's CSP with `connect-src 'self'`;
//! - a body over [`BODY_LIMIT`] is refused, never buffered.

use crate::commands::error::CommandError;
use crate::commands::{payload, Dialog, Host, Surface};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path as RoutePath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use claim_core::Lang;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The header a call names the page's language in (as in the window).
pub const LANG_HEADER: &str = "x-claimdesk-lang";
/// The header the per-run token travels in.
pub const TOKEN_HEADER: &str = "x-claimdesk-token";
/// The largest request body a command is given: a claim document with
/// every day and order the payload checks allow fits many times over.
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// Who may call a command: the test host's per-run token, or the
/// association server's sign-in.
pub trait Gate: Send + Sync + 'static {
    fn admits(&self, headers: &HeaderMap) -> bool;
}

/// The test host's gate: the per-run token in [`TOKEN_HEADER`] and the
/// host's own `Origin` (a page of another site cannot call, even with the
/// token copied into it).
#[derive(Debug)]
pub struct TokenGate {
    token: String,
    origin: String,
}

impl TokenGate {
    /// Admits calls carrying `token` from `origin` (`http://127.0.0.1:PORT`).
    pub fn new(token: String, origin: String) -> TokenGate {
        TokenGate { token, origin }
    }

    /// A fresh token: 128 random bits in hex.
    pub fn random_token() -> Result<String, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
    }
}

impl Gate for TokenGate {
    fn admits(&self, headers: &HeaderMap) -> bool {
        let given = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        // Compared in full whatever the first difference: the time taken
        // says nothing of how much of the token was right.
        let same = |a: &str, b: &str| {
            a.len() == b.len()
                && a.bytes()
                    .zip(b.bytes())
                    .fold(0u8, |differs, (x, y)| differs | (x ^ y))
                    == 0
        };
        given(TOKEN_HEADER).is_some_and(|token| same(token, &self.token))
            && given(header::ORIGIN.as_str()) == Some(self.origin.as_str())
    }
}

/// The host's side of the dialogs and the opener: no system dialog (a test
/// answers through `CLAIMDESK_DIALOG_ANSWERS`, and a dialog with no answer
/// is cancelled); the desktop's opener (`xdg-open`) for what the page
/// asks to open.
#[derive(Debug, Default)]
pub struct LoopbackHost;

impl Host for LoopbackHost {
    fn pick(&self, _: &Dialog<'_>) -> Option<Vec<PathBuf>> {
        None
    }

    fn open(&self, path: &Path) -> Result<(), String> {
        if cfg!(unix) {
            std::process::Command::new("xdg-open")
                .arg(path)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .map_err(|error| error.to_string())
                .and_then(|status| {
                    status
                        .success()
                        .then_some(())
                        .ok_or_else(|| format!("xdg-open ended with {status}"))
                })
        } else {
            Err("no desktop opener in the HTTP host".to_owned())
        }
    }
}

/// The window's content security policy (`tauri.conf.json`), with
/// `connect-src 'self'`: the page here calls its own origin, not Tauri's IPC.
pub fn window_csp() -> String {
    let conf: serde_json::Value =
        serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap_or_default();
    let mut directives = Vec::new();
    if let Some(csp) = conf["app"]["security"]["csp"].as_object() {
        for (name, value) in csp {
            let value = if name == "connect-src" {
                "'self'"
            } else {
                value.as_str().unwrap_or("'none'")
            };
            directives.push(format!("{name} {value}"));
        }
    }
    if directives.is_empty() {
        // The file always has one; never serve a page with no policy.
        directives.push("default-src 'self'".to_owned());
    }
    directives.join("; ")
}

struct Served {
    surface: Arc<Surface>,
    gate: Arc<dyn Gate>,
}

/// The routes: `POST /api/<command>`, `/favicon.ico` and the page from
/// `ui`, every answer with `csp`.
pub fn router(
    surface: Surface,
    gate: impl Gate,
    ui: &Path,
    favicon: &'static [u8],
    csp: &str,
) -> Result<Router, header::InvalidHeaderValue> {
    let served = Arc::new(Served {
        surface: Arc::new(surface),
        gate: Arc::new(gate),
    });
    let router = Router::new()
        .route("/api/{command}", post(command))
        .route(
            "/favicon.ico",
            get(move || async move { ([(header::CONTENT_TYPE, "image/x-icon")], favicon) }),
        )
        .with_state(served)
        .fallback_service(ServeDir::new(ui))
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    with_page_headers(router, csp)
}

/// `router` with the headers every answer of a page's host carries: the
/// content security policy `csp`, no sniffing, no caching (the page and its
/// answers change with every build and every move).
pub fn with_page_headers(router: Router, csp: &str) -> Result<Router, header::InvalidHeaderValue> {
    Ok(router
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(csp)?,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        )))
}

/// A listener on 127.0.0.1 (never another address): `port` 0 picks a free one.
pub async fn bind_loopback(port: u16) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port)).await
}

/// Serves `router` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router).await
}

fn failure(status: StatusCode, error: CommandError) -> Response {
    (status, axum::Json(error)).into_response()
}

async fn command(
    State(served): State<Arc<Served>>,
    RoutePath(name): RoutePath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !served.gate.admits(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let lang = headers
        .get(LANG_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(Lang::parse);
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return failure(StatusCode::BAD_REQUEST, payload::refuse_raw());
    };
    let surface = Arc::clone(&served.surface);
    // Commands block (the store, files, the PDF): off the async workers.
    let answer = tokio::task::spawn_blocking(move || surface.call(&name, &body, lang)).await;
    match answer {
        Ok(Some(Ok(value))) => axum::Json(value).into_response(),
        Ok(Some(Err(error))) => failure(StatusCode::UNPROCESSABLE_ENTITY, error),
        Ok(None) => failure(StatusCode::NOT_FOUND, payload::malformed()),
        Err(_) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            crate::commands::error::WindowError::Internal.into(),
        ),
    }
}
