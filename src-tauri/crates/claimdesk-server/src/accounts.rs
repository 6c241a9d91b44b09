//! Admins manage the staff's accounts from their browsers, as
//! `claimdesk-server user …` does on the server's command line:
//! - `GET /v1/staff`: every account (name, role, disabled);
//! - `POST /v1/staff`: a new account `{name, role, password}`;
//! - `POST /v1/staff/{name}/disable`: the account can no longer sign in, and
//!   its sessions end at their next request.
//!
//! Each needs a live session and its CSRF token (the list too: it is the
//! staff's names), and the admin's role: a member of staff is refused with
//! 403 before anything is read. Every change is an audit row by the admin
//! who made it (`staff.add`, `staff.disable`). No password reaches the log
//! or an answer.

use crate::serve::{database_away, failure, language, Served};
use crate::staff::{self, Role, StaffError, MAX_PASSWORD};
use axum::extract::{Path as RoutePath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use claim_core::FailureCode;
use std::sync::Arc;

/// The most a new account's body may be: a name, a role and a password.
pub const ACCOUNT_BYTES: usize = 4 * 1024 + MAX_PASSWORD * 4;

/// A new account, as the admin's page sends it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NewAccount {
    name: String,
    role: String,
    password: String,
}

/// The admin signed in with the request, or the answer that refuses it:
/// 401 or 403 (no session, no CSRF token, or not an admin).
async fn admin_of(
    served: &Served,
    headers: &HeaderMap,
) -> Result<crate::session::Signed, Response> {
    let signed = crate::desk::staff_of(served, headers).await?;
    if signed.role == Role::Admin {
        return Ok(signed);
    }
    Err(failure(
        StatusCode::FORBIDDEN,
        FailureCode::AdminOnly,
        crate::serve::said(
            language(headers),
            "직원 계정은 관리자만 관리할 수 있습니다.",
            "Only an admin manages the staff's accounts.",
        ),
    ))
}

/// A refusal of the staff's rules, as the page reads it.
fn refused(error: &StaffError, headers: &HeaderMap) -> Response {
    let status = match error {
        StaffError::Database(_) => return database_away(),
        StaffError::Hash => StatusCode::INTERNAL_SERVER_ERROR,
        StaffError::Exists(_) => StatusCode::CONFLICT,
        StaffError::Unknown(_) => StatusCode::NOT_FOUND,
        StaffError::Name | StaffError::PasswordLength | StaffError::OwnAccount => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    failure(status, error.code(), error.message(language(headers)))
}

fn accounts_json(accounts: &[staff::Account]) -> serde_json::Value {
    serde_json::Value::Array(
        accounts
            .iter()
            .map(|account| {
                serde_json::json!({
                    "name": account.name,
                    "role": account.role,
                    "disabled": account.disabled,
                })
            })
            .collect(),
    )
}

/// `GET /v1/staff`.
pub async fn list(State(served): State<Arc<Served>>, headers: HeaderMap) -> Response {
    if let Err(refusal) = admin_of(&served, &headers).await {
        return refusal;
    }
    let Ok(client) = crate::serve::database(&served).await else {
        return database_away();
    };
    accounts_now(&client, StatusCode::OK, &headers).await
}

/// `POST /v1/staff`: 201 with the accounts as they now are.
pub async fn add(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let admin = match admin_of(&served, &headers).await {
        Ok(admin) => admin,
        Err(refusal) => return refusal,
    };
    let Ok(account) = serde_json::from_slice::<NewAccount>(&body) else {
        let malformed = claimdesk::commands::payload::malformed();
        return failure(StatusCode::BAD_REQUEST, malformed.code, malformed.message);
    };
    let Some(role) = Role::parse(&account.role) else {
        return failure(
            StatusCode::UNPROCESSABLE_ENTITY,
            FailureCode::StaffRole,
            crate::serve::said(
                language(&headers),
                "역할은 직원이나 관리자 가운데 하나를 고르세요.",
                "Choose staff or admin as the role.",
            ),
        );
    };
    let Ok(mut client) = crate::serve::database(&served).await else {
        return database_away();
    };
    let name = account.name.trim();
    match staff::add(&mut client, name, role, &account.password, &admin.name).await {
        Ok(()) => accounts_now(&client, StatusCode::CREATED, &headers).await,
        Err(error) => refused(&error, &headers),
    }
}

/// The accounts as they are now, answered with `status`.
async fn accounts_now(
    client: &tokio_postgres::Client,
    status: StatusCode,
    headers: &HeaderMap,
) -> Response {
    match staff::list(client).await {
        Ok(accounts) => (status, Json(accounts_json(&accounts))).into_response(),
        Err(error) => refused(&error, headers),
    }
}

/// `POST /v1/staff/{name}/disable`: the accounts as they now are.
pub async fn disable(
    State(served): State<Arc<Served>>,
    RoutePath(name): RoutePath<String>,
    headers: HeaderMap,
) -> Response {
    let admin = match admin_of(&served, &headers).await {
        Ok(admin) => admin,
        Err(refusal) => return refusal,
    };
    let Ok(mut client) = crate::serve::database(&served).await else {
        return database_away();
    };
    match staff::disable(&mut client, &name, &admin.name).await {
        Ok(()) => accounts_now(&client, StatusCode::OK, &headers).await,
        Err(error) => refused(&error, &headers),
    }
}
