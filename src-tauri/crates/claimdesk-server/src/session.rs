//! Staff signing in: argon2id passwords, a lock-out after repeated
//! failures, and sessions that end when idle or old. A session is a random
//! token the browser keeps in an HttpOnly, SameSite=Strict cookie; only its
//! SHA-256 is stored. Each session has a CSRF token of its own that the
//! page sends back in a header with every change. Every sign-in, refusal,
//! lock-out and sign-out is a row of the audit, in its transaction.
//!
//! Times come from the caller (the server's clock), so tests move them.

use crate::staff::{password_matches, Role, MAX_PASSWORD};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use tokio_postgres::Client;

/// Failed sign-ins in a row that lock an account.
pub const MAX_FAILURES: i32 = 5;
/// How long a locked account stays locked.
pub const LOCKED_FOR: Duration = Duration::minutes(15);
/// A session unused this long has ended.
pub const IDLE: Duration = Duration::minutes(30);
/// A session this old has ended, however used.
pub const LONGEST: Duration = Duration::hours(12);

/// Who a session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub name: String,
    pub role: Role,
    /// The token the page sends back with every change.
    pub csrf: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// A wrong name or password, or a disabled account: one answer for
    /// all, so that names cannot be told apart.
    #[error("the name or password is not right")]
    Refused,
    #[error("the account is locked until {until}")]
    Locked { until: DateTime<Utc> },
    #[error("the database could not be used: {0}")]
    Database(#[from] tokio_postgres::Error),
    #[error("no random token could be made")]
    Random,
}

/// A new random token: 256 bits, hex.
fn random_token() -> Result<String, SignInError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| SignInError::Random)?;
    Ok(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What the database keeps of a session token.
fn stored(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A hash to check a password against when there is no account: the same
/// work either way, so the time taken does not tell that a name is unknown.
const NO_ACCOUNT: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$WuO9VkBnvvl0yNzlTSiXN2kjk1KSMNpLbiJ7Ca8h6bI";

/// Signs `name` in with `password` at `now`: the session's token (for the
/// cookie) and who it is.
pub async fn sign_in(
    client: &mut Client,
    name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(String, Signed), SignInError> {
    if password.len() > MAX_PASSWORD * 4 {
        return Err(SignInError::Refused);
    }
    let transaction = client.transaction().await?;
    let account = transaction
        .query_opt(
            "SELECT id, role, password_hash, disabled_at IS NOT NULL, failed_sign_ins, locked_until
             FROM staff WHERE name = $1 FOR UPDATE",
            &[&name],
        )
        .await?;
    let Some(account) = account else {
        let _ = password_matches(NO_ACCOUNT, password);
        return Err(SignInError::Refused);
    };
    let id: uuid::Uuid = account.get(0);
    let role: String = account.get(1);
    let hash: String = account.get(2);
    let disabled: bool = account.get(3);
    let failed: i32 = account.get(4);
    let locked_until: Option<DateTime<Utc>> = account.get(5);
    if let Some(until) = locked_until.filter(|until| *until > now) {
        return Err(SignInError::Locked { until });
    }
    let audit = |action: &'static str| {
        (
            "INSERT INTO audit (at, actor, action, subject) VALUES ($1, $2, $3, $2)",
            action,
        )
    };
    if disabled || !password_matches(&hash, password) {
        let failed = failed + 1;
        let locks = failed >= MAX_FAILURES;
        let (sql, action) = audit(if locks {
            "staff.locked"
        } else {
            "staff.sign_in_refused"
        });
        transaction
            .execute(
                "UPDATE staff SET failed_sign_ins = $2, locked_until = $3 WHERE id = $1",
                &[
                    &id,
                    &(if locks { 0 } else { failed }),
                    &(locks.then(|| now + LOCKED_FOR)),
                ],
            )
            .await?;
        transaction.execute(sql, &[&now, &name, &action]).await?;
        transaction.commit().await?;
        return Err(SignInError::Refused);
    }
    let role = Role::parse(&role).unwrap_or(Role::Staff);
    let (token, csrf) = (random_token()?, random_token()?);
    transaction
        .execute(
            "UPDATE staff SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1",
            &[&id],
        )
        .await?;
    transaction
        .execute(
            "INSERT INTO session (token_sha256, staff_id, csrf, created_at, seen_at)
             VALUES ($1, $2, $3, $4, $4)",
            &[&stored(&token), &id, &csrf, &now],
        )
        .await?;
    let (sql, action) = audit("staff.sign_in");
    transaction.execute(sql, &[&now, &name, &action]).await?;
    transaction.commit().await?;
    Ok((
        token,
        Signed {
            name: name.to_owned(),
            role,
            csrf,
        },
    ))
}

/// Who the session `token` is at `now`, if it has not ended (and the
/// account is not disabled); its idle time starts again.
pub async fn session(
    client: &Client,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Signed>, tokio_postgres::Error> {
    let row = client
        .query_opt(
            "UPDATE session SET seen_at = $2
             FROM staff
             WHERE session.token_sha256 = $1 AND staff.id = session.staff_id
               AND staff.disabled_at IS NULL
               AND session.seen_at > $3 AND session.created_at > $4
             RETURNING staff.name, staff.role, session.csrf",
            &[&stored(token), &now, &(now - IDLE), &(now - LONGEST)],
        )
        .await?;
    Ok(row.map(|row| Signed {
        name: row.get(0),
        role: Role::parse(row.get(1)).unwrap_or(Role::Staff),
        csrf: row.get(2),
    }))
}

/// Ends the session `token` (of `name`, for the audit).
pub async fn sign_out(
    client: &mut Client,
    token: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), tokio_postgres::Error> {
    let transaction = client.transaction().await?;
    transaction
        .execute(
            "DELETE FROM session WHERE token_sha256 = $1",
            &[&stored(token)],
        )
        .await?;
    transaction
        .execute(
            "INSERT INTO audit (at, actor, action, subject) VALUES ($1, $2, 'staff.sign_out', $2)",
            &[&now, &name],
        )
        .await?;
    transaction.commit().await
}

/// Whether `sent` is the session's CSRF token (compared in constant time).
pub fn csrf_matches(signed: &Signed, sent: &str) -> bool {
    let (a, b) = (signed.csrf.as_bytes(), sent.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
