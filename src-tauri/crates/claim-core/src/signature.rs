//! Signed incident definitions, `claimdesk.signed-incident/1`: how a shop
//! can tell a definition the association issued from one anybody wrote.
//!
//! ```json
//! {
//!   "format": "claimdesk.signed-incident/1",
//!   "public_key": "<base64 of the 32-byte Ed25519 public key>",
//!   "signature": "<base64 of the 64-byte Ed25519 signature>",
//!   "definition": "<base64 of the claimdesk.incident/1 file, byte for byte>"
//! }
//! ```
//!
//! The signature covers the definition's exact bytes, so there is nothing to
//! canonicalise and any changed byte fails. The envelope names its key so an
//! owner can be told which key signed a file the app does not trust.
//!
//! A file that is not signed, is signed by a key the app does not trust, or
//! whose signature does not match can still be used: it is *unverified*, and
//! says so wherever it appears. A definition that does not read is refused.

use crate::definition::{DefinitionError, DefinitionProblem, IncidentDefinition};
pub use crate::verification::{UnverifiedReason, Verification};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde_json::Value;

pub const SIGNED_FORMAT: &str = "claimdesk.signed-incident/1";

/// The association's public key, shipped with the app. Its secret half is
/// kept by the association, never in this repository.
pub const ISSUER_KEY: &str = include_str!("../incidents/issuer-key.txt");
pub const ISSUER_NAME: &str = "소상공인연합회";

/// A key's name as it will be shown: without control, bidirectional or
/// zero-width characters (which could make one name look like another, or
/// reorder the label it sits in), spaces trimmed.
pub fn key_name(name: &str) -> String {
    name.chars()
        .filter(|&ch| !is_hidden_char(ch))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A character that shows nothing or moves what surrounds it (see
/// [`crate::text::is_hidden_char`]).
pub fn is_hidden_char(ch: char) -> bool {
    crate::text::is_hidden_char(ch)
}

/// Whether a name reads as the shipped issuer's, whatever its spacing,
/// case, Unicode form (NFKC) or invisible characters.
pub fn names_the_issuer(name: &str) -> bool {
    crate::text::comparable_name(name) == crate::text::comparable_name(ISSUER_NAME)
}

/// The most characters a key's name may have.
pub const MAX_KEY_NAME_CHARS: usize = 60;

/// What a trusted key vouches for. A key trusted to vouch for incident
/// definitions (a chamber of commerce passing on an outage's rules) cannot
/// answer for the association: only a key trusted for answers verifies
/// receipts and answers files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyUse {
    Incidents,
    Answers,
    Both,
}

impl KeyUse {
    pub const ALL: [KeyUse; 3] = [KeyUse::Incidents, KeyUse::Answers, KeyUse::Both];

    pub fn code(self) -> &'static str {
        match self {
            KeyUse::Incidents => "incidents",
            KeyUse::Answers => "answers",
            KeyUse::Both => "both",
        }
    }

    pub fn from_code(code: &str) -> Option<KeyUse> {
        KeyUse::ALL
            .into_iter()
            .find(|key_use| key_use.code() == code)
    }

    /// It verifies incident definitions.
    pub fn incidents(self) -> bool {
        matches!(self, KeyUse::Incidents | KeyUse::Both)
    }

    /// It verifies the association's receipts and answers.
    pub fn answers(self) -> bool {
        matches!(self, KeyUse::Answers | KeyUse::Both)
    }
}

/// A public key whose signatures the app accepts, and whose it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedKey {
    pub name: String,
    pub key: VerifyingKey,
    /// Shipped with the app (cannot be removed) or added by the owner.
    pub shipped: bool,
    /// What it vouches for (the shipped key: both).
    pub uses: KeyUse,
}

impl TrustedKey {
    /// The shipped issuer key, and then the owner's.
    pub fn shipped() -> Vec<TrustedKey> {
        parse_public_key(ISSUER_KEY)
            .map(|key| TrustedKey {
                name: ISSUER_NAME.to_owned(),
                key,
                shipped: true,
                uses: KeyUse::Both,
            })
            .into_iter()
            .collect()
    }

    /// A short fingerprint to read aloud or compare on paper.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.key)
    }
}

impl TrustedKey {
    /// The public half of `secret_key`, trusted under `name` (the signer's
    /// own view of what it signs).
    pub fn of_secret(name: &str, secret_key: &[u8; 32]) -> TrustedKey {
        TrustedKey {
            name: name.to_owned(),
            key: SigningKey::from_bytes(secret_key).verifying_key(),
            shipped: false,
            uses: KeyUse::Both,
        }
    }
}

/// The first 8 bytes of the key in hex, in groups of four.
pub fn fingerprint(key: &VerifyingKey) -> String {
    key.as_bytes()[..8]
        .chunks(2)
        .map(|pair| format!("{:02X}{:02X}", pair[0], pair[1]))
        .collect::<Vec<_>>()
        .join("-")
}

/// A public key as key files and the envelope write it.
pub fn public_key_base64(key: &VerifyingKey) -> String {
    BASE64.encode(key.as_bytes())
}

/// A public key as written in a key file or the envelope: base64 of 32 bytes.
pub fn parse_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes = BASE64.decode(text.trim()).ok()?;
    let bytes: [u8; 32] = bytes.try_into().ok()?;
    // A small-order key: signatures under it can be made without its
    // secret, so it vouches for nothing.
    VerifyingKey::from_bytes(&bytes)
        .ok()
        .filter(|key| !key.is_weak())
}

/// A definition file as opened: the definition, the exact bytes it was read
/// from, and whether it is the association's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenedDefinition {
    pub definition: IncidentDefinition,
    /// The `claimdesk.incident/1` bytes (inside the envelope, if signed).
    pub definition_bytes: Vec<u8>,
    pub verification: Verification,
    /// The key the envelope names, if signed.
    pub signed_with: Option<VerifyingKey>,
}

fn envelope_error(field: &str, problem: DefinitionProblem) -> DefinitionError {
    DefinitionError {
        field: field.to_owned(),
        problem,
    }
}

fn base64_field(
    object: &serde_json::Map<String, Value>,
    key: &str,
) -> Result<Vec<u8>, DefinitionError> {
    let text = object
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| envelope_error(key, DefinitionProblem::Missing))?;
    BASE64
        .decode(text)
        .map_err(|_| envelope_error(key, DefinitionProblem::WrongType))
}

/// Opens a definition file, signed or not, and checks it against the keys.
pub fn open_definition(
    bytes: &[u8],
    keys: &[TrustedKey],
) -> Result<OpenedDefinition, DefinitionError> {
    let trimmed = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let envelope = match serde_json::from_slice::<Value>(trimmed) {
        Ok(Value::Object(object))
            if object.get("format").and_then(Value::as_str) == Some(SIGNED_FORMAT) =>
        {
            object
        }
        // Not an envelope: a plain definition (or not one at all, which
        // reading it will say).
        _ => {
            return Ok(OpenedDefinition {
                definition: IncidentDefinition::read(bytes)?,
                definition_bytes: bytes.to_vec(),
                verification: Verification::Unverified {
                    reason: UnverifiedReason::NotSigned,
                },
                signed_with: None,
            })
        }
    };
    let definition_bytes = base64_field(&envelope, "definition")?;
    let definition = IncidentDefinition::read(&definition_bytes)?;
    let key_bytes: [u8; 32] = base64_field(&envelope, "public_key")?
        .try_into()
        .map_err(|_| envelope_error("public_key", DefinitionProblem::WrongType))?;
    let signature_bytes: [u8; 64] = base64_field(&envelope, "signature")?
        .try_into()
        .map_err(|_| envelope_error("signature", DefinitionProblem::WrongType))?;
    let signed_with = VerifyingKey::from_bytes(&key_bytes).ok();
    let signature = Signature::from_bytes(&signature_bytes);
    let verification = match signed_with.as_ref().and_then(|key| {
        keys.iter()
            .find(|trusted| trusted.key == *key && trusted.uses.incidents())
    }) {
        None => Verification::Unverified {
            reason: UnverifiedReason::UnknownKey,
        },
        Some(trusted) => match trusted.key.verify_strict(&definition_bytes, &signature) {
            Ok(()) => Verification::Verified {
                signer: trusted.name.clone(),
                fingerprint: trusted.fingerprint(),
                shipped: trusted.shipped,
            },
            Err(_) => Verification::Unverified {
                reason: UnverifiedReason::BadSignature,
            },
        },
    };
    Ok(OpenedDefinition {
        definition,
        definition_bytes,
        verification,
        signed_with,
    })
}

/// The association's side: wraps a definition file in a signed envelope.
/// The definition must read (nobody should sign a file shops will refuse).
pub fn sign_definition(
    definition_bytes: &[u8],
    secret_key: &[u8; 32],
) -> Result<Vec<u8>, DefinitionError> {
    IncidentDefinition::read(definition_bytes)?;
    let signing = SigningKey::from_bytes(secret_key);
    let signature = signing.sign(definition_bytes);
    let envelope = serde_json::json!({
        "format": SIGNED_FORMAT,
        "public_key": BASE64.encode(signing.verifying_key().as_bytes()),
        "signature": BASE64.encode(signature.to_bytes()),
        "definition": BASE64.encode(definition_bytes),
    });
    let mut text = serde_json::to_vec_pretty(&envelope)
        .map_err(|_| envelope_error("(file)", DefinitionProblem::NotJson))?;
    text.push(b'\n');
    Ok(text)
}

/// The public key of a secret key, as written in key files.
pub fn public_key_text(secret_key: &[u8; 32]) -> String {
    BASE64.encode(
        SigningKey::from_bytes(secret_key)
            .verifying_key()
            .as_bytes(),
    )
}

/// A secret key as written in a key file: base64 of 32 bytes.
pub fn parse_secret_key(text: &str) -> Option<[u8; 32]> {
    BASE64.decode(text.trim()).ok()?.try_into().ok()
}

pub fn secret_key_text(secret_key: &[u8; 32]) -> String {
    BASE64.encode(secret_key)
}
