//! The staff's desk in their browsers: the app's page (`ui/`) and the
//! association's review commands (`claimdesk::commands::DESK_COMMANDS`),
//! served as the window's HTTP host serves them (`POST /api/<command>`, the
//! same JSON and `{code, message}`), over this server's PostgreSQL and as
//! the member of staff signed in.
//!
//! Invariants (tested in `tests/desk.rs`):
//! - a command needs a live session and its CSRF token, checked before the
//!   body is read; without them it is 401 or 403 and nothing runs;
//! - every move is the signed-in staff's (their name in the review log and
//!   the audit), never a name the page sends;
//! - a move on an outdated copy is 409 with who moved it and when;
//! - an upload (`POST /v1/desk/take-in`) is the desktop's intake of one
//!   file, received as a submission is (streamed to a private folder,
//!   within its kind's limit), answered with the desktop's report;
//! - the table's export is a download (`GET /v1/desk/export/{format}`),
//!   behind the session and its token as a change is;
//! - the page and its answers carry the window's CSP (`connect-src 'self'`).

use crate::serve::{csrf_refused, database_away, failure, receive, signed, Served};
use crate::store::PgStore;
use axum::body::Bytes;
use axum::extract::{Path as RoutePath, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use claim_assoc::desk::{Desk, DeskError};
use claim_core::{Failure, FailureCode};
use claimdesk::commands::error::{CommandError, CommandResult};
use claimdesk::commands::{call_desk, DeskAt, DESK_COMMANDS};
use std::sync::Arc;

/// The desk as one member of staff works it: a connection from the
/// server's idle ones, the moves logged as theirs.
struct StaffDesk<'a> {
    served: &'a Served,
    name: String,
}

impl DeskAt for StaffDesk<'_> {
    type Store = PgStore;

    fn with_desk<T>(
        &self,
        work: impl FnOnce(&mut Desk<PgStore>) -> CommandResult<T>,
    ) -> CommandResult<T> {
        let store = self.served.store().map_err(|error| desk_failure(&error))?;
        let mut desk = self
            .served
            .desk(store)
            .map_err(|error| desk_failure(&error))?;
        desk.set_actor(Some(self.name.clone()));
        let answer = work(&mut desk);
        // A connection that failed is dropped, not kept for the next.
        if !matches!(&answer, Err(error) if error.code == FailureCode::AssocUnavailable) {
            self.served.keep(desk.into_store());
        }
        answer
    }

    fn known_incidents(&self) -> claim_core::Incidents {
        // The built-in ones and those published here; with the database
        // away, the built-in ones (what needs the rest fails on its own).
        self.served
            .store()
            .and_then(|store| self.served.desk(store))
            .map(|desk| {
                let incidents = desk.known_incidents().clone();
                self.served.keep(desk.into_store());
                incidents
            })
            .unwrap_or_else(|_| claim_core::Incidents::built_in())
    }
}

/// The member of staff a request comes from: a live session and its CSRF
/// token, checked before anything of the request is read; else the answer
/// that refuses it (401 or 403).
pub(crate) async fn staff_of(
    served: &Served,
    headers: &HeaderMap,
) -> Result<crate::session::Signed, Response> {
    let (_, _, signed) = signed(served, headers).await?;
    match csrf_refused(headers, &signed) {
        Some(refused) => Err(refused),
        None => Ok(signed),
    }
}

/// The language the page asks its answers in, as the window's pages do.
fn page_lang(headers: &HeaderMap) -> Option<claim_core::Lang> {
    headers
        .get(claimdesk::http_host::LANG_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(claim_core::Lang::parse)
}

fn desk_failure(error: &DeskError) -> CommandError {
    CommandError {
        code: error.code(),
        message: error.message(claimdesk::commands::error::window_lang()),
    }
}

/// `POST /api/{command}`: one of the desk's commands for the signed-in
/// member of staff.
pub async fn command(
    State(served): State<Arc<Served>>,
    RoutePath(name): RoutePath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let signed = match staff_of(&served, &headers).await {
        Ok(signed) => signed,
        Err(refused) => return refused,
    };
    if !DESK_COMMANDS.contains(&name.as_str()) {
        let malformed = claimdesk::commands::payload::malformed();
        return failure(StatusCode::NOT_FOUND, malformed.code, malformed.message);
    }
    let lang = page_lang(&headers);
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&body) else {
        let raw = claimdesk::commands::payload::refuse_raw();
        return failure(StatusCode::BAD_REQUEST, raw.code, raw.message);
    };
    let worker = Arc::clone(&served);
    let answer = tokio::task::spawn_blocking(move || {
        let desk = StaffDesk {
            served: &worker,
            name: signed.name,
        };
        call_desk(&desk, &name, &body, lang)
    })
    .await;
    match answer {
        Ok(Some(answer)) => answered(answer),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => stopped(),
    }
}

/// A command's answer as the page reads it: its JSON, or `{code, message}`
/// with a status that says what kind of refusal it is.
fn answered(answer: CommandResult<serde_json::Value>) -> Response {
    match answer {
        Ok(value) => axum::Json(value).into_response(),
        Err(error) => {
            let status = match error.code {
                // Someone else moved it first: the page reloads the claim.
                FailureCode::AssocStale => StatusCode::CONFLICT,
                FailureCode::AssocUnavailable => return database_away(),
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            failure(status, error.code, error.message)
        }
    }
}

fn stopped() -> Response {
    failure(
        StatusCode::INTERNAL_SERVER_ERROR,
        FailureCode::Internal,
        "서버 내부 오류입니다. (Internal error in the server.)".to_owned(),
    )
}

/// The header an upload names its file in (percent-encoded UTF-8), for
/// the report.
pub const FILE_NAME_HEADER: &str = "x-claimdesk-file-name";

/// `POST /v1/desk/take-in`: one file a member of staff uploaded
/// (a bundle, claim PDF or claim JSON, its `Content-Type` saying which),
/// taken in as the desktop takes in a file it is given, as theirs; the
/// answer is the desktop's intake report.
pub async fn take_in(State(served): State<Arc<Served>>, request: Request) -> Response {
    let signed = match staff_of(&served, request.headers()).await {
        Ok(signed) => signed,
        Err(refused) => return refused,
    };
    let lang = page_lang(request.headers()).unwrap_or(claim_core::Lang::Ko);
    let given = request
        .headers()
        .get(FILE_NAME_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(|text| percent_encoding::percent_decode_str(text).decode_utf8_lossy());
    let name = upload_name(given.as_deref());
    let received = match receive(&served, request, lang, &name).await {
        Ok(received) => received,
        Err(refused) => return refused,
    };
    let worker = Arc::clone(&served);
    let answer = tokio::task::spawn_blocking(move || {
        let desk = StaffDesk {
            served: &worker,
            name: signed.name,
        };
        let report = desk.with_desk(|desk| {
            claim_assoc::intake::take_in_files_reading(
                desk,
                std::slice::from_ref(&received.file),
                lang,
                &|_| {},
                &std::sync::atomic::AtomicBool::new(false),
                &|bytes| worker.read_pdf_claim(bytes),
            )
            .map_err(|error| desk_failure(&error))
        });
        drop(received);
        report.and_then(|report| {
            serde_json::to_value(report).map_err(|_| desk_failure(&DeskError::Unavailable))
        })
    })
    .await;
    match answer {
        Ok(answer) => answered(answer),
        Err(_) => stopped(),
    }
}

/// `GET /v1/desk/export/{csv|xlsx}`: the current claims' table, as the
/// window's 표 내보내기 writes it, for the browser to save (a download).
/// Needs the session's CSRF token too: the table holds names, phones and
/// accounts as received.
pub async fn export(
    State(served): State<Arc<Served>>,
    RoutePath(format): RoutePath<String>,
    headers: HeaderMap,
) -> Response {
    let signed = match staff_of(&served, &headers).await {
        Ok(signed) => signed,
        Err(refused) => return refused,
    };
    let (csv, content_type) = match format.as_str() {
        "csv" => (true, "text/csv; charset=utf-8"),
        "xlsx" => (
            false,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let lang = page_lang(&headers).unwrap_or(claim_core::Lang::Ko);
    let worker = Arc::clone(&served);
    let table = tokio::task::spawn_blocking(move || {
        let desk = StaffDesk {
            served: &worker,
            name: signed.name,
        };
        desk.with_desk(|desk| {
            let written = if csv {
                claim_assoc::stats::write_csv(desk, Vec::new(), lang)
            } else {
                claim_assoc::stats::write_xlsx(desk, lang)
            };
            written.map_err(|error| match error {
                claim_assoc::stats::ExportError::Desk(error) => desk_failure(&error),
                claim_assoc::stats::ExportError::Write(_) => desk_failure(&DeskError::Unavailable),
            })
        })
    })
    .await;
    match table {
        Ok(Ok(bytes)) => (
            [
                (axum::http::header::CONTENT_TYPE, content_type.to_owned()),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"claims.{format}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(error)) => answered(Err(error)),
        Err(_) => stopped(),
    }
}

/// The name an upload is kept (and reported) under: the last part of what
/// the page sent, without control characters, at most 100 characters;
/// `upload` when nothing of it is left.
fn upload_name(given: Option<&str>) -> String {
    let last = given
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let kept: String = last.chars().filter(|c| !c.is_control()).take(100).collect();
    let kept = kept.trim();
    if kept.is_empty() || kept.chars().all(|c| c == '.') {
        "upload".to_owned()
    } else {
        kept.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::upload_name;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the page sends, the name stays one file inside the
        /// upload's own folder.
        #[test]
        fn an_uploads_name_is_one_plain_file_name(given in any::<Option<String>>()) {
            let name = upload_name(given.as_deref());
            prop_assert!(!name.is_empty() && name.chars().count() <= 100);
            prop_assert!(!name.contains(['/', '\\']));
            prop_assert!(!name.chars().any(char::is_control));
            prop_assert!(!name.chars().all(|c| c == '.'));
            let path = std::path::Path::new("/upload").join(&name);
            prop_assert_eq!(path.parent(), Some(std::path::Path::new("/upload")));
        }
    }

    #[test]
    fn a_name_keeps_what_the_staff_would_recognise() {
        assert_eq!(
            upload_name(Some("C:\\묶음\\케이크 가게.zip")),
            "케이크 가게.zip"
        );
        assert_eq!(upload_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(upload_name(Some("..")), "upload");
        assert_eq!(upload_name(Some("a\u{0}b\nc.pdf")), "abc.pdf");
        assert_eq!(upload_name(None), "upload");
    }
}
