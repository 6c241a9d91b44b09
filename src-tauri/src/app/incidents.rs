//! Incidents the association issues and the keys that vouch for them, for
//! the command line and the window alike: importing a definition file,
//! trusting a key; and, on the association's side, making a key and
//! signing a definition.

use crate::app::files::{read_limited, write_whole};
use crate::app::{AppError, AppResult};
use claim_core::signature::{parse_secret_key, public_key_text, secret_key_text, sign_definition};
use claim_store::{ImportedIncident, IncidentEntry, KeyEntry, KeyUse, Store};
use std::path::Path;

/// The largest definition file read (a real one is a few KB).
pub const MAX_DEFINITION_BYTES: usize = 1024 * 1024;

/// Imports the definition file `file` (signed or not) into the store.
pub fn import(store: &mut Store, file: &Path) -> AppResult<ImportedIncident> {
    let bytes = read_limited(file, MAX_DEFINITION_BYTES).map_err(AppError::Read)?;
    Ok(store.import_incident(&bytes)?)
}

/// Signs the definition file `file` with the secret key in `key`, written
/// whole to `out`.
pub fn sign(file: &Path, key: &Path, out: &Path) -> AppResult<()> {
    let secret = read_secret_key(key)?;
    let definition = read_limited(file, MAX_DEFINITION_BYTES).map_err(AppError::Read)?;
    let signed = sign_definition(&definition, &secret).map_err(AppError::Definition)?;
    write_whole(out, &signed).map_err(|error| AppError::write(out, &error))
}

/// The secret key in the key file `key` (made by `incident keygen`: base64
/// of 32 bytes on one line; read no further than a key file can be long).
pub fn read_secret_key(key: &Path) -> AppResult<[u8; 32]> {
    read_limited(key, 1024)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| parse_secret_key(&text))
        .ok_or_else(|| {
            let name = key.file_name().map_or_else(
                || key.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            AppError::SigningKey(format!("서명 키 파일이 아닙니다: {name}"))
        })
}

/// A new secret key, written only if the file does not exist yet (never
/// over another key), readable by its owner alone. Returns the public key,
/// to give to shops.
pub fn keygen(out: &Path) -> AppResult<String> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|error| AppError::SigningKey(format!("난수를 얻지 못했습니다: {error}")))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(out)
        .map_err(|error| AppError::write(out, &error))?;
    std::io::Write::write_all(
        &mut file,
        format!("{}\n", secret_key_text(&secret)).as_bytes(),
    )
    .and_then(|()| file.sync_all())
    .map_err(|error| AppError::write(out, &error))?;
    Ok(public_key_text(&secret))
}

/// The incidents on this computer, with their verification and deadlines.
pub fn list(store: &Store) -> AppResult<Vec<IncidentEntry>> {
    Ok(store.incidents()?)
}

/// The signing keys trusted here, the shipped one first.
pub fn keys(store: &Store) -> AppResult<Vec<KeyEntry>> {
    Ok(store.keys()?)
}

/// Trusts `public_key` as `name` for `uses`; definitions imported before
/// are checked against it at once.
pub fn trust_key(
    store: &mut Store,
    public_key: &str,
    name: &str,
    uses: KeyUse,
) -> AppResult<KeyEntry> {
    Ok(store.trust_key(public_key, name, uses)?)
}
