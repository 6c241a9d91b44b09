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
//! - the page and its answers carry the window's CSP (`connect-src 'self'`).

use crate::serve::{csrf_refused, database_away, failure, signed, Served};
use crate::store::PgStore;
use axum::body::Bytes;
use axum::extract::{Path as RoutePath, State};
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
        let mut desk = Desk::new(store);
        desk.set_actor(Some(self.name.clone()));
        let answer = work(&mut desk);
        // A connection that failed is dropped, not kept for the next.
        if !matches!(&answer, Err(error) if error.code == FailureCode::AssocUnavailable) {
            self.served.keep(desk.into_store());
        }
        answer
    }

    fn known_incidents(&self) -> claim_core::Incidents {
        // The built-in ones: the server imports none of its own yet.
        claim_core::Incidents::built_in()
    }
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
    let signed = match signed(&served, &headers).await {
        Ok((_, _, signed)) => signed,
        Err(response) => return response,
    };
    if let Some(refused) = csrf_refused(&headers, &signed) {
        return refused;
    }
    if !DESK_COMMANDS.contains(&name.as_str()) {
        let malformed = claimdesk::commands::payload::malformed();
        return failure(StatusCode::NOT_FOUND, malformed.code, malformed.message);
    }
    let lang = headers
        .get(claimdesk::http_host::LANG_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(claim_core::Lang::parse);
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
        Ok(Some(Ok(value))) => axum::Json(value).into_response(),
        Ok(Some(Err(error))) => {
            let status = match error.code {
                // Someone else moved it first: the page reloads the claim.
                FailureCode::AssocStale => StatusCode::CONFLICT,
                FailureCode::AssocUnavailable => return database_away(),
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            failure(status, error.code, error.message)
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            FailureCode::Internal,
            "서버 내부 오류입니다.".to_owned(),
        ),
    }
}
