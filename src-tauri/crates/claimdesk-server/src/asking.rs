//! Shops hear back: `GET /v1/nonce` and `GET /v1/answers`.
//!
//! A claim sent online carries its business's public key (the
//! `ClaimDesk-Shop-Key` header of `POST /v1/submissions`); the first key that
//! sends a claim id is bound to it, and only a request signed with that key
//! reads the claim's answers. A registration number alone reads nothing: it
//! is printed on every receipt.
//!
//! A request signs a nonce issued here (kept [`NONCE_MINUTES`] minutes,
//! taken once) with the cursor it asks from (`claim_core::asking`): a
//! request seen on the way cannot be sent again, and the shop PC's clock,
//! often wrong, is never read. A key no claim is bound to gets an empty,
//! signed answer, the same as a key whose claims have no news: the server
//! does not tell which keys it knows.
//!
//! Invariants (tests keep them): a nonce answers one request; a request
//! whose signature is not its key's, over its nonce and cursor, reads
//! nothing and spends no nonce; a claim's binding never moves to another
//! key.

use crate::serve::{database, database_away, failure, language, said, Served};
use axum::extract::State;
use axum::http::Uri;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use claim_assoc::reply::Signer;
use claim_core::asking::{check_request, KEY_HEADER, NONCE_HEADER, SIGNATURE_HEADER};
use claim_core::signature::{parse_public_key, public_key_base64};
use claim_core::FailureCode;
use std::collections::HashSet;
use std::sync::Arc;

/// How long a nonce may wait for its request.
pub const NONCE_MINUTES: i32 = 5;

/// The most nonces waiting at once: far more than every shop asking in the
/// same five minutes, and a bound on what a stranger asking for nonces
/// in a loop can make the table hold.
pub const MAX_WAITING_NONCES: i64 = 50_000;

/// Binds each of `claim_ids` to `public_key` (base64), unless it is bound
/// already (to this key or to another: the first stays).
pub async fn bind(
    client: &tokio_postgres::Client,
    claim_ids: &[String],
    public_key: &str,
) -> Result<(), tokio_postgres::Error> {
    for claim_id in claim_ids {
        client
            .execute(
                "INSERT INTO shop_key (claim_id, public_key, bound_at) VALUES ($1, $2, now())
                 ON CONFLICT (claim_id) DO NOTHING",
                &[claim_id, &public_key],
            )
            .await?;
    }
    Ok(())
}

/// The claim ids bound to `public_key`.
pub async fn claims_of(
    client: &tokio_postgres::Client,
    public_key: &str,
) -> Result<HashSet<String>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT claim_id FROM shop_key WHERE public_key = $1",
            &[&public_key],
        )
        .await?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

/// A new nonce, or `None` while too many wait. Old ones go first.
pub async fn issue_nonce(
    client: &tokio_postgres::Client,
) -> Result<Option<String>, tokio_postgres::Error> {
    client
        .execute(
            "DELETE FROM asking_nonce WHERE issued_at < now() - make_interval(mins => $1)",
            &[&NONCE_MINUTES],
        )
        .await?;
    let waiting: i64 = client
        .query_one("SELECT count(*) FROM asking_nonce", &[])
        .await?
        .get(0);
    if waiting >= MAX_WAITING_NONCES {
        return Ok(None);
    }
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        return Ok(None);
    }
    let nonce = URL_SAFE_NO_PAD.encode(bytes);
    client
        .execute(
            "INSERT INTO asking_nonce (nonce, issued_at) VALUES ($1, now())",
            &[&nonce],
        )
        .await?;
    Ok(Some(nonce))
}

/// Takes `nonce`: true once, when it was issued here within its minutes.
pub async fn take_nonce(
    client: &tokio_postgres::Client,
    nonce: &str,
) -> Result<bool, tokio_postgres::Error> {
    let taken = client
        .execute(
            "DELETE FROM asking_nonce
              WHERE nonce = $1 AND issued_at >= now() - make_interval(mins => $2)",
            &[&nonce, &NONCE_MINUTES],
        )
        .await?;
    Ok(taken == 1)
}

/// A submission's `ClaimDesk-Shop-Key` header that holds no public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAKey;

/// The public key a submission names (`ClaimDesk-Shop-Key`), in the one
/// form it is kept in; `Err` when the header is there but holds no key.
pub fn submitted_key(headers: &HeaderMap) -> Result<Option<String>, NotAKey> {
    let Some(value) = headers.get(KEY_HEADER) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .filter(|text| text.len() <= 64)
        .and_then(parse_public_key)
        .map(|key| Some(public_key_base64(&key)))
        .ok_or(NotAKey)
}

/// `GET /v1/nonce`: `{"nonce": …}`.
pub async fn nonce(State(served): State<Arc<Served>>, headers: HeaderMap) -> Response {
    let lang = language(&headers);
    let client = match database(&served).await {
        Ok(client) => client,
        Err(refused) => return refused,
    };
    match issue_nonce(&client).await {
        Ok(Some(nonce)) => Json(serde_json::json!({ "nonce": nonce })).into_response(),
        Ok(None) => failure(
            StatusCode::SERVICE_UNAVAILABLE,
            FailureCode::AskingBusy,
            said(
                lang,
                "지금 회신을 묻는 요청이 많습니다. 몇 분 뒤에 다시 확인해 주세요.",
                "Too many requests for answers are open; ask again in a few minutes.",
            ),
        ),
        Err(_) => database_away(),
    }
}

/// `GET /v1/answers?since=…`, signed: the answers about the claims the
/// key sent, as a signed `claimdesk.answers/1` file.
pub async fn answers(State(served): State<Arc<Served>>, uri: Uri, headers: HeaderMap) -> Response {
    let lang = language(&headers);
    // The cursor, the one query parameter read (the last, when repeated).
    let since = url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .filter(|(name, _)| name == "since")
        .map(|(_, value)| value.into_owned())
        .last()
        .unwrap_or_default();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let nonce = header(NONCE_HEADER);
    let refused = |code: FailureCode, ko: &str, en: &str| {
        failure(StatusCode::UNAUTHORIZED, code, said(lang, ko, en))
    };
    let Ok(key) = check_request(
        &header(KEY_HEADER),
        &nonce,
        &since,
        &header(SIGNATURE_HEADER),
    ) else {
        return refused(
            FailureCode::AskingRefused,
            "회신 요청의 서명이 맞지 않습니다.",
            "The request for answers is not signed by the key it names.",
        );
    };
    let since_instant = if since.is_empty() {
        None
    } else {
        match claim_core::dates::parse_instant(&since) {
            Some(instant) => Some(instant.with_timezone(&chrono::Utc)),
            None => {
                return failure(
                    StatusCode::BAD_REQUEST,
                    FailureCode::AskingRefused,
                    said(
                        lang,
                        "회신 요청의 since 값이 시각이 아닙니다.",
                        "The request's since is not an instant.",
                    ),
                )
            }
        }
    };
    let client = match database(&served).await {
        Ok(client) => client,
        Err(refused) => return refused,
    };
    match take_nonce(&client, &nonce).await {
        Ok(true) => {}
        Ok(false) => {
            return refused(
                FailureCode::AskingNonce,
                "이미 쓰였거나 오래된 요청입니다. 다시 확인해 주세요.",
                "The request's nonce is unknown, used or too old; ask again.",
            )
        }
        Err(_) => return database_away(),
    }
    let claim_ids = match claims_of(&client, &public_key_base64(&key)).await {
        Ok(ids) => ids,
        Err(_) => return database_away(),
    };
    drop(client);
    let worker = Arc::clone(&served);
    let work = tokio::task::spawn_blocking(move || {
        let served = worker;
        let desk = served.desk(served.store()?)?;
        let signer = Signer {
            secret_key: &served.secret_key,
            issuer: &served.issuer,
        };
        let answered = desk.answers_about(
            &claim_ids,
            since_instant,
            &signer,
            claimdesk::app::clock::now(),
        );
        served.keep(desk.into_store());
        answered.map(|(_, file)| file)
    });
    match work.await {
        Ok(Ok(file)) => (
            StatusCode::OK,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            file,
        )
            .into_response(),
        _ => database_away(),
    }
}
