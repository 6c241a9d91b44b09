//! How a shop asks a server for its answers (`GET /v1/answers`): with the
//! business's own Ed25519 key, the one whose public half went with its
//! submissions, over a nonce the server issued (`GET /v1/nonce`) and the
//! cursor asked from. The server keeps each nonce for a few minutes and
//! takes it once, so a request seen on the way cannot be sent again; and
//! nothing depends on the shop PC's clock, which is often wrong.
//!
//! What is signed is [`ASKING_FORMAT`], the nonce and the cursor, one a
//! line: the exact bytes both sides build with [`signed_text`].
//!
//! Pure: the caller keeps the key and talks to the network.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

pub const ASKING_FORMAT: &str = "claimdesk.answers-request/1";

/// The request headers, in the order a reader expects them.
pub const KEY_HEADER: &str = "ClaimDesk-Shop-Key";
pub const NONCE_HEADER: &str = "ClaimDesk-Nonce";
pub const SIGNATURE_HEADER: &str = "ClaimDesk-Signature";

/// A nonce is 32 random bytes in base64url: 43 characters. A cursor is an
/// instant (RFC 3339). Anything longer is no request of ours.
pub const MAX_NONCE_CHARS: usize = 64;
pub const MAX_CURSOR_CHARS: usize = 64;

/// The bytes signed for a request from `since` (empty: from the start).
pub fn signed_text(nonce: &str, since: &str) -> Vec<u8> {
    format!("{ASKING_FORMAT}\n{nonce}\n{since}").into_bytes()
}

/// The three header values of a request signed with `secret_key`: public
/// key and signature in base64, and the nonce as given.
pub fn sign_request(secret_key: &[u8; 32], nonce: &str, since: &str) -> Signed {
    let signing = SigningKey::from_bytes(secret_key);
    Signed {
        key: BASE64.encode(signing.verifying_key().as_bytes()),
        signature: BASE64.encode(signing.sign(&signed_text(nonce, since)).to_bytes()),
    }
}

/// A request's key and signature, base64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    pub key: String,
    pub signature: String,
}

/// Why a request is not taken as the key's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AskingRefused {
    #[error("the request's key, nonce or cursor is missing or not well formed")]
    Malformed,
    #[error("the request's signature is not its key's over this nonce and cursor")]
    BadSignature,
}

/// The key that signed a request, when `signature` is its signature over
/// `nonce` and `since` (base64 key and signature as sent).
pub fn check_request(
    key: &str,
    nonce: &str,
    since: &str,
    signature: &str,
) -> Result<VerifyingKey, AskingRefused> {
    if nonce.is_empty()
        || nonce.len() > MAX_NONCE_CHARS
        || since.len() > MAX_CURSOR_CHARS
        || !nonce
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        || since.chars().any(char::is_control)
    {
        return Err(AskingRefused::Malformed);
    }
    let key: [u8; 32] = decoded(key)?;
    let signature: [u8; 64] = decoded(signature)?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| AskingRefused::Malformed)?;
    key.verify(
        &signed_text(nonce, since),
        &Signature::from_bytes(&signature),
    )
    .map_err(|_| AskingRefused::BadSignature)?;
    Ok(key)
}

fn decoded<const N: usize>(text: &str) -> Result<[u8; N], AskingRefused> {
    // Base64 of 64 bytes is 88 characters: a longer text is not decoded.
    if text.len() > 128 {
        return Err(AskingRefused::Malformed);
    }
    BASE64
        .decode(text)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(AskingRefused::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SECRET: [u8; 32] = [7; 32];

    #[test]
    fn a_signed_request_is_its_keys_and_no_other() {
        let signed = sign_request(&SECRET, "abc_DEF-123", "2026-12-01T00:00:00Z");
        let key = check_request(
            &signed.key,
            "abc_DEF-123",
            "2026-12-01T00:00:00Z",
            &signed.signature,
        )
        .unwrap();
        assert_eq!(BASE64.encode(key.as_bytes()), signed.key);
        // Another nonce or cursor: the signature is not over them.
        assert_eq!(
            check_request(
                &signed.key,
                "abc_DEF-124",
                "2026-12-01T00:00:00Z",
                &signed.signature
            ),
            Err(AskingRefused::BadSignature)
        );
        assert_eq!(
            check_request(&signed.key, "abc_DEF-123", "", &signed.signature),
            Err(AskingRefused::BadSignature)
        );
        // Another key claimed for the same signature.
        let other = sign_request(&[8; 32], "abc_DEF-123", "2026-12-01T00:00:00Z");
        assert_eq!(
            check_request(
                &other.key,
                "abc_DEF-123",
                "2026-12-01T00:00:00Z",
                &signed.signature
            ),
            Err(AskingRefused::BadSignature)
        );
    }

    #[test]
    fn a_nonce_that_could_carry_another_line_is_refused() {
        let signed = sign_request(&SECRET, "a\nb", "");
        assert_eq!(
            check_request(&signed.key, "a\nb", "", &signed.signature),
            Err(AskingRefused::Malformed)
        );
        assert_eq!(
            check_request(&signed.key, "", "", &signed.signature),
            Err(AskingRefused::Malformed)
        );
    }

    proptest! {
        /// Whatever the headers hold, a check answers and never accepts a
        /// request its key did not sign.
        #[test]
        fn any_headers_are_refused_or_are_the_keys(
            key in "[A-Za-z0-9+/=]{0,100}",
            nonce in "\\PC{0,80}",
            since in "\\PC{0,80}",
            signature in "[A-Za-z0-9+/=]{0,130}",
        ) {
            if let Ok(found) = check_request(&key, &nonce, &since, &signature) {
                let signature: [u8; 64] = BASE64.decode(&signature).unwrap().try_into().unwrap();
                prop_assert!(found.verify(&signed_text(&nonce, &since), &Signature::from_bytes(&signature)).is_ok());
            }
        }

        /// A signed request changed in any one byte of its signature fails.
        #[test]
        fn a_changed_signature_fails(at in 0usize..64, flip in 1u8..=255) {
            let signed = sign_request(&SECRET, "nonce", "");
            let mut bytes = BASE64.decode(&signed.signature).unwrap();
            bytes[at] ^= flip;
            prop_assert!(check_request(&signed.key, "nonce", "", &BASE64.encode(bytes)).is_err());
        }
    }
}
