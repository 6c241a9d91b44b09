//! The staff who sign in: a name, a role, an argon2id hash of the password
//! (never the password), and whether the account is disabled. Every change
//! writes its audit row in the same transaction.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use tokio_postgres::Client;

/// The shortest password taken: long enough that a guess is no attack.
pub const MIN_PASSWORD: usize = 10;
/// The longest: hashing is bounded like everything else from outside.
pub const MAX_PASSWORD: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Staff,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "staff" => Some(Role::Staff),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// One account as listed (no hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    pub role: String,
    pub disabled: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("the database could not be used: {0}")]
    Database(#[from] tokio_postgres::Error),
    #[error("a name is 1 to 64 letters, digits, '.', '-' or '_'")]
    Name,
    #[error("a password is {MIN_PASSWORD} to {MAX_PASSWORD} characters")]
    PasswordLength,
    #[error("the password could not be hashed")]
    Hash,
    #[error("there is already an account named {0}")]
    Exists(String),
    #[error("there is no account named {0}")]
    Unknown(String),
    /// Whoever is signed in cannot lock themselves out: another admin (or
    /// the command line) disables an admin's account.
    #[error("an admin cannot disable their own account")]
    OwnAccount,
}

impl StaffError {
    /// The failure's code, as the page branches on it.
    pub fn code(&self) -> claim_core::FailureCode {
        use claim_core::FailureCode;
        match self {
            StaffError::Database(_) | StaffError::Hash => FailureCode::Internal,
            StaffError::Name => FailureCode::StaffName,
            StaffError::PasswordLength => FailureCode::StaffPassword,
            StaffError::Exists(_) => FailureCode::StaffExists,
            StaffError::Unknown(_) => FailureCode::StaffUnknown,
            StaffError::OwnAccount => FailureCode::StaffSelf,
        }
    }

    /// What the admin reads on the page, in `lang`. A name is staff's, not
    /// a customer's: it may be said back.
    pub fn message(&self, lang: claim_core::Lang) -> String {
        use claim_core::Lang::{En, Ko};
        match (self, lang) {
            (StaffError::Database(_) | StaffError::Hash, Ko) => {
                "계정을 저장하지 못했습니다. 잠시 뒤 다시 해 주세요.".to_owned()
            }
            (StaffError::Database(_) | StaffError::Hash, En) => {
                "The account could not be saved. Try again shortly.".to_owned()
            }
            (StaffError::Name, Ko) => {
                "이름은 글자, 숫자, '.', '-', '_'로 64자까지 적을 수 있습니다(띄어쓰기 없이)."
                    .to_owned()
            }
            (StaffError::Name, En) => {
                "A name is up to 64 letters, digits, '.', '-' or '_' (no spaces).".to_owned()
            }
            (StaffError::PasswordLength, Ko) => {
                format!("비밀번호는 {MIN_PASSWORD}자 이상이어야 합니다.")
            }
            (StaffError::PasswordLength, En) => {
                format!("A password is at least {MIN_PASSWORD} characters.")
            }
            (StaffError::Exists(name), Ko) => {
                format!("'{name}' 계정이 이미 있습니다. 다른 이름을 적어 주세요.")
            }
            (StaffError::Exists(name), En) => {
                format!("There is already an account named '{name}'. Choose another name.")
            }
            (StaffError::Unknown(name), Ko) => format!("'{name}' 계정이 없습니다."),
            (StaffError::Unknown(name), En) => format!("There is no account named '{name}'."),
            (StaffError::OwnAccount, Ko) => {
                "로그인한 자기 계정은 중지할 수 없습니다. 다른 관리자에게 부탁해 주세요.".to_owned()
            }
            (StaffError::OwnAccount, En) => {
                "You cannot disable the account you are signed in with: ask another admin."
                    .to_owned()
            }
        }
    }
}

fn check_name(name: &str) -> Result<(), StaffError> {
    let fits = (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if fits {
        Ok(())
    } else {
        Err(StaffError::Name)
    }
}

/// The argon2id hash (PHC string, salt included) of `password`.
pub fn hash_password(password: &str) -> Result<String, StaffError> {
    let length = password.chars().count();
    if !(MIN_PASSWORD..=MAX_PASSWORD).contains(&length) {
        return Err(StaffError::PasswordLength);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|_| StaffError::Hash)
}

/// Whether `password` is the one `hash` was made from.
pub fn password_matches(hash: &str, password: &str) -> bool {
    password.len() <= MAX_PASSWORD * 4
        && PasswordHash::new(hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
}

/// Adds an account; `actor` is who did it (in the audit).
pub async fn add(
    client: &mut Client,
    name: &str,
    role: Role,
    password: &str,
    actor: &str,
) -> Result<(), StaffError> {
    check_name(name)?;
    let hash = hash_password(password)?;
    let transaction = client.transaction().await?;
    let inserted = transaction
        .execute(
            "INSERT INTO staff (id, name, role, password_hash, created_at)
             VALUES ($1, $2, $3, $4, now()) ON CONFLICT (name) DO NOTHING",
            &[&uuid::Uuid::now_v7(), &name, &role.as_str(), &hash],
        )
        .await?;
    if inserted == 0 {
        return Err(StaffError::Exists(name.to_owned()));
    }
    transaction
        .execute(
            "INSERT INTO audit (at, actor, action, subject, detail)
             VALUES (now(), $1, 'staff.add', $2, jsonb_build_object('role', $3::text))",
            &[&actor, &name, &role.as_str()],
        )
        .await?;
    transaction.commit().await?;
    Ok(())
}

/// Every account, by name.
pub async fn list(client: &Client) -> Result<Vec<Account>, StaffError> {
    Ok(client
        .query(
            "SELECT name, role, disabled_at IS NOT NULL FROM staff ORDER BY name",
            &[],
        )
        .await?
        .iter()
        .map(|row| Account {
            name: row.get(0),
            role: row.get(1),
            disabled: row.get(2),
        })
        .collect())
}

/// Disables an account (it can no longer sign in, and its sessions end at
/// their next request); kept for the audit. `actor` cannot be `name`.
pub async fn disable(client: &mut Client, name: &str, actor: &str) -> Result<(), StaffError> {
    if name == actor {
        return Err(StaffError::OwnAccount);
    }
    let transaction = client.transaction().await?;
    let changed = transaction
        .execute(
            "UPDATE staff SET disabled_at = coalesce(disabled_at, now()) WHERE name = $1",
            &[&name],
        )
        .await?;
    if changed == 0 {
        return Err(StaffError::Unknown(name.to_owned()));
    }
    transaction
        .execute(
            "INSERT INTO audit (at, actor, action, subject) VALUES (now(), $1, 'staff.disable', $2)",
            &[&actor, &name],
        )
        .await?;
    transaction.commit().await?;
    Ok(())
}
