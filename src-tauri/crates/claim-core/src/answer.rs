//! What the association sends back to a shop: the receipt (접수증) for one
//! claim it took in, and the answers (회신), the review of each claim.
//! Both come signed with the association's Ed25519 key (the key and trust
//! list of incident definitions), because the shop acts on them: a receipt
//! marks its claim handed in, an answer can reopen it with a reason to read.
//!
//! ```json
//! {
//!   "format": "claimdesk.signed-receipt/1",          // or claimdesk.signed-answers/1
//!   "public_key": "<base64 of the 32-byte Ed25519 public key>",
//!   "signature": "<base64 of the 64-byte signature over the payload's bytes>",
//!   "payload": "<base64 of the claimdesk.receipt/1 (or claimdesk.answers/1) JSON>"
//! }
//! ```
//!
//! As with definitions the signature covers the payload's exact bytes. Unlike
//! a definition, a receipt or an answer that does not verify against a
//! trusted key is refused: an unverified one would be worth nothing.
//!
//! Pure: the caller reads the file (bounded) and gives the trusted keys.

use crate::signature::{fingerprint, TrustedKey};
use crate::status::Review;
use crate::Lang;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Receipts issued now: with the association's own number for the claim
/// (`intake_number`, `RX-2026-000123`).
pub const RECEIPT_FORMAT: &str = "claimdesk.receipt/2";
/// Receipts issued before the association numbered what it received: still
/// read.
pub const RECEIPT_FORMAT_V1: &str = "claimdesk.receipt/1";
pub const SIGNED_RECEIPT_FORMAT: &str = "claimdesk.signed-receipt/1";
/// The association's record of every shop's answers.
pub const ANSWERS_FORMAT: &str = "claimdesk.answers/1";
/// Answers meant for one shop, named by its `shop` member (the business's
/// registration number, digits): every answer is about that business.
pub const SHOP_ANSWERS_FORMAT: &str = "claimdesk.answers/2";
pub const SIGNED_ANSWERS_FORMAT: &str = "claimdesk.signed-answers/1";

/// A receipt file is a few hundred bytes; an answers file for 100,000 claims
/// with a reason each stays well under this.
pub const MAX_RECEIPT_BYTES: usize = 64 * 1024;
pub const MAX_ANSWERS_BYTES: usize = 64 * 1024 * 1024;
/// Answers in one file (one per claim the association holds).
pub const MAX_ANSWERS: usize = 200_000;
/// A reason is a few sentences to the owner.
pub const MAX_REASON_CHARS: usize = 2_000;

/// The receipt: the association's word that it took in this claim, with
/// this content, at this time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub format: String,
    /// The association's own number (`RC-2026-000001`).
    pub receipt_number: String,
    /// The association's number for the claim it received, the same for
    /// every version of it (`RX-2026-000123`); `/2` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intake_number: Option<String>,
    /// The claim's id (UUID) and the shop's number for it.
    pub claim_id: String,
    pub claim_number: Option<String>,
    /// Digits only.
    pub registration_number: String,
    pub business_name: Option<String>,
    /// The amount claimed, in won, as the association computed it.
    pub claimed: Option<i64>,
    /// When the association received the claim and issued the receipt
    /// (RFC 3339, UTC).
    pub received_at: String,
    pub issued_at: String,
    /// SHA-256 (hex) of the claim as received: its line in the bundle.
    pub claim_sha256: String,
    /// Who issued it (as the key is named at the association).
    pub issuer: String,
}

/// One claim's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub claim_id: String,
    pub claim_number: Option<String>,
    pub registration_number: String,
    pub status: Review,
    /// Why it was returned (required then), or the staff's note.
    pub reason: Option<String>,
    /// When the review last moved (RFC 3339, UTC).
    pub at: String,
    /// SHA-256 (hex) of the claim the answer is about, as received.
    pub claim_sha256: String,
    pub receipt_number: Option<String>,
}

/// The answers file: the review of every claim (of one shop or of all).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub format: String,
    /// The business the file is for (`claimdesk.answers/2` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
    pub issued_at: String,
    pub issuer: String,
    pub answers: Vec<Answer>,
}

/// Why a receipt or answers file is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("the file is larger than a {what} file can be")]
    TooLarge { what: &'static str },
    #[error("the file is not a ClaimDesk {what} file")]
    NotOurs { what: &'static str },
    #[error("{field}: {problem}")]
    Field {
        /// `receipt` or `answers`.
        what: &'static str,
        field: String,
        problem: &'static str,
    },
    #[error("signed with a key this app does not trust ({fingerprint})")]
    UnknownKey { fingerprint: String },
    /// Signed with a key trusted only to vouch for incident definitions.
    #[error("signed with {name}'s key ({fingerprint}), which is trusted for incident definitions only, not to answer for the association")]
    KeyNotForAnswers { name: String, fingerprint: String },
    #[error("the signature does not match the file: it was changed after signing")]
    BadSignature,
}

impl AnswerError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AnswerError::TooLarge { what }, Lang::Ko) => {
                format!("{}로 보기에 너무 큰 파일입니다.", kind_ko(what))
            }
            (AnswerError::TooLarge { what }, Lang::En) => {
                format!("The file is too large to be a {what} file.")
            }
            (AnswerError::NotOurs { what }, Lang::Ko) => {
                format!("ClaimDesk {}이 아닙니다.", kind_ko(what))
            }
            (AnswerError::NotOurs { what }, Lang::En) => {
                format!("The file is not a ClaimDesk {what} file.")
            }
            (AnswerError::Field { field, problem, .. }, Lang::Ko) => {
                format!("파일의 {field} 값이 올바르지 않습니다 ({problem}).")
            }
            (AnswerError::Field { field, problem, .. }, Lang::En) => {
                format!("The file's {field} is not valid ({problem}).")
            }
            (AnswerError::UnknownKey { fingerprint }, Lang::Ko) => format!(
                "신뢰하는 연합회 키로 서명되지 않은 파일입니다 (키 지문 {fingerprint}). 연합회에서 받은 파일인지 확인하세요."
            ),
            (AnswerError::UnknownKey { fingerprint }, Lang::En) => format!(
                "The file is not signed with a key this app trusts (fingerprint {fingerprint}). Check that it came from the association."
            ),
            (AnswerError::KeyNotForAnswers { name, fingerprint }, Lang::Ko) => format!(
                "'{name}' 키(지문 {fingerprint})는 장애 정의를 확인하는 데만 믿도록 추가된 키라, 연합회의 접수증·회신으로 받지 않았습니다. 연합회의 키라면 '장애·개인정보'의 서명 키에서 '접수증·회신도 확인'으로 다시 추가해 주세요."
            ),
            (AnswerError::KeyNotForAnswers { name, fingerprint }, Lang::En) => format!(
                "The key '{name}' ({fingerprint}) is trusted for incident definitions only, so it cannot answer for the association. If it is the association's key, add it again for receipts and answers too."
            ),
            (AnswerError::BadSignature, Lang::Ko) => {
                "서명이 파일 내용과 맞지 않습니다. 서명한 뒤에 파일이 바뀌었습니다.".into()
            }
            (AnswerError::BadSignature, Lang::En) => {
                "The signature does not match the file: it was changed after signing.".into()
            }
        }
    }
}

impl crate::Failure for AnswerError {
    fn code(&self) -> crate::FailureCode {
        use crate::FailureCode;
        match self {
            AnswerError::TooLarge { .. } => FailureCode::FileTooLarge,
            AnswerError::NotOurs { what: "receipt" } => FailureCode::ReceiptFile,
            AnswerError::NotOurs { .. } => FailureCode::AnswersFile,
            AnswerError::Field {
                what: "receipt", ..
            } => FailureCode::ReceiptFile,
            AnswerError::Field { .. } => FailureCode::AnswersFile,
            AnswerError::UnknownKey { .. } | AnswerError::KeyNotForAnswers { .. } => {
                FailureCode::SignatureUntrusted
            }
            AnswerError::BadSignature => FailureCode::SignatureBad,
        }
    }

    fn message(&self, lang: Lang) -> String {
        AnswerError::message(self, lang)
    }
}

fn kind_ko(what: &str) -> &'static str {
    if what == "receipt" {
        "접수증 파일"
    } else {
        "회신 파일"
    }
}

/// A field of a receipt that is not valid (see [`AnswerError::of`]).
fn field(field: impl Into<String>, problem: &'static str) -> AnswerError {
    AnswerError::Field {
        what: "receipt",
        field: field.into(),
        problem,
    }
}

impl AnswerError {
    /// The same error, said of a `what` file.
    fn of(self, what: &'static str) -> AnswerError {
        match self {
            AnswerError::Field { field, problem, .. } => AnswerError::Field {
                what,
                field,
                problem,
            },
            other => other,
        }
    }
}

/// A payload signed in its envelope, and whose key verified it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified<T> {
    pub content: T,
    pub signer: String,
    pub fingerprint: String,
}

/// `payload` signed with `secret_key` in an envelope of `envelope_format`
/// ([`SIGNED_RECEIPT_FORMAT`] or [`SIGNED_ANSWERS_FORMAT`]).
pub fn sign(envelope_format: &str, payload: &[u8], secret_key: &[u8; 32]) -> Vec<u8> {
    let signing = SigningKey::from_bytes(secret_key);
    let envelope = serde_json::json!({
        "format": envelope_format,
        "public_key": BASE64.encode(signing.verifying_key().as_bytes()),
        "signature": BASE64.encode(signing.sign(payload).to_bytes()),
        "payload": BASE64.encode(payload),
    });
    let mut text = serde_json::to_vec_pretty(&envelope).unwrap_or_default();
    text.push(b'\n');
    text
}

/// Opens an envelope of `envelope_format`: the payload's bytes and the
/// trusted key that signed them, or why not.
fn open(
    bytes: &[u8],
    envelope_format: &str,
    what: &'static str,
    max: usize,
    keys: &[TrustedKey],
) -> Result<(Vec<u8>, &'static str, TrustedKey), AnswerError> {
    if bytes.len() > max {
        return Err(AnswerError::TooLarge { what });
    }
    let trimmed = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(Value::Object(envelope)) = serde_json::from_slice::<Value>(trimmed) else {
        return Err(AnswerError::NotOurs { what });
    };
    if envelope.get("format").and_then(Value::as_str) != Some(envelope_format) {
        return Err(AnswerError::NotOurs { what });
    }
    let decoded = |name: &str| -> Result<Vec<u8>, AnswerError> {
        envelope
            .get(name)
            .and_then(Value::as_str)
            .and_then(|text| BASE64.decode(text).ok())
            .ok_or_else(|| field(name, "base64 expected").of(what))
    };
    let key: [u8; 32] = decoded("public_key")?
        .try_into()
        .map_err(|_| field("public_key", "32 bytes expected").of(what))?;
    let signature: [u8; 64] = decoded("signature")?
        .try_into()
        .map_err(|_| field("signature", "64 bytes expected").of(what))?;
    let payload = decoded("payload")?;
    let key =
        VerifyingKey::from_bytes(&key).map_err(|_| field("public_key", "not a key").of(what))?;
    let Some(trusted) = keys.iter().find(|trusted| trusted.key == key) else {
        return Err(AnswerError::UnknownKey {
            fingerprint: fingerprint(&key),
        });
    };
    if !trusted.uses.answers() {
        return Err(AnswerError::KeyNotForAnswers {
            name: trusted.name.clone(),
            fingerprint: fingerprint(&key),
        });
    }
    trusted
        .key
        .verify_strict(&payload, &Signature::from_bytes(&signature))
        .map_err(|_| AnswerError::BadSignature)?;
    Ok((payload, what, trusted.clone()))
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_instant(text: &str) -> bool {
    crate::dates::parse_instant(text).is_some()
}

/// A short label typed by a program (numbers like `CD-2026-000001`): no
/// control characters, at most 40 characters.
fn is_label(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= 40 && crate::text::shows_plainly(text, false)
}

/// A name a person typed: at most 200 characters, no control characters.
fn is_name(text: &str) -> bool {
    text.chars().count() <= 200 && crate::text::shows_plainly(text, false)
}

fn check_claim_reference(
    at: &str,
    claim_id: &str,
    claim_number: Option<&str>,
    registration_number: &str,
    claim_sha256: &str,
) -> Result<(), AnswerError> {
    if crate::ClaimId::parse(claim_id).is_none() {
        return Err(field(format!("{at}claim_id"), "a UUID expected"));
    }
    if claim_number.is_some_and(|number| !is_label(number)) {
        return Err(field(format!("{at}claim_number"), "a short label expected"));
    }
    if registration_number.len() != 10 || !registration_number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(field(
            format!("{at}registration_number"),
            "10 digits expected",
        ));
    }
    if !is_sha256_hex(claim_sha256) {
        return Err(field(format!("{at}claim_sha256"), "64 hex digits expected"));
    }
    Ok(())
}

impl Receipt {
    fn check(&self) -> Result<(), AnswerError> {
        match (self.format.as_str(), self.intake_number.as_deref()) {
            (RECEIPT_FORMAT_V1, None) => {}
            (RECEIPT_FORMAT_V1, Some(_)) => {
                return Err(field(
                    "intake_number",
                    "only a claimdesk.receipt/2 file carries it",
                ));
            }
            (RECEIPT_FORMAT, Some(number)) if is_label(number) => {}
            (RECEIPT_FORMAT, _) => {
                return Err(field("intake_number", "a short label expected"));
            }
            _ => return Err(AnswerError::NotOurs { what: "receipt" }),
        }
        if !is_label(&self.receipt_number) {
            return Err(field("receipt_number", "a short label expected"));
        }
        check_claim_reference(
            "",
            &self.claim_id,
            self.claim_number.as_deref(),
            &self.registration_number,
            &self.claim_sha256,
        )?;
        if self.claimed.is_some_and(|won| won < 0) {
            return Err(field("claimed", "whole won, not negative"));
        }
        if self
            .business_name
            .as_deref()
            .is_some_and(|name| !is_name(name))
        {
            return Err(field("business_name", "a name of at most 200 characters"));
        }
        for (name, value) in [
            ("received_at", &self.received_at),
            ("issued_at", &self.issued_at),
        ] {
            if !is_instant(value) {
                return Err(field(name, "an RFC 3339 time expected"));
            }
        }
        if !is_name(&self.issuer) {
            return Err(field("issuer", "a name of at most 200 characters"));
        }
        Ok(())
    }

    /// The association's side: the signed receipt file.
    pub fn sign(&self, secret_key: &[u8; 32]) -> Result<Vec<u8>, AnswerError> {
        self.check()?;
        let payload = serde_json::to_vec_pretty(self).unwrap_or_default();
        Ok(sign(SIGNED_RECEIPT_FORMAT, &payload, secret_key))
    }

    /// The issuer's own copy, read back with the key it names (the desk
    /// kept it as signed; which keys a shop trusts is not the question).
    pub fn open_own(bytes: &[u8]) -> Result<Verified<Receipt>, AnswerError> {
        let named = serde_json::from_slice::<Value>(bytes)
            .ok()
            .and_then(|envelope| {
                envelope
                    .get("public_key")
                    .and_then(Value::as_str)
                    .and_then(crate::signature::parse_public_key)
            })
            .ok_or(AnswerError::NotOurs { what: "receipt" })?;
        Receipt::open(
            bytes,
            &[TrustedKey {
                name: String::new(),
                key: named,
                shipped: false,
                uses: crate::signature::KeyUse::Answers,
            }],
        )
    }

    /// The shop's side: a receipt file, verified against `keys`.
    pub fn open(bytes: &[u8], keys: &[TrustedKey]) -> Result<Verified<Receipt>, AnswerError> {
        let (payload, what, key) = open(
            bytes,
            SIGNED_RECEIPT_FORMAT,
            "receipt",
            MAX_RECEIPT_BYTES,
            keys,
        )?;
        let receipt: Receipt =
            serde_json::from_slice(&payload).map_err(|_| AnswerError::NotOurs { what })?;
        receipt.check()?;
        Ok(Verified {
            content: receipt,
            signer: key.name.clone(),
            fingerprint: key.fingerprint(),
        })
    }
}

impl Answers {
    fn check(&self) -> Result<(), AnswerError> {
        self.check_fields().map_err(|error| error.of("answers"))
    }

    fn check_fields(&self) -> Result<(), AnswerError> {
        match (self.format.as_str(), self.shop.as_deref()) {
            (ANSWERS_FORMAT, None) => {}
            (ANSWERS_FORMAT, Some(_)) => {
                return Err(field(
                    "shop",
                    "only a claimdesk.answers/2 file names a shop",
                ));
            }
            (SHOP_ANSWERS_FORMAT, Some(shop))
                if shop.len() == 10 && shop.bytes().all(|b| b.is_ascii_digit()) => {}
            (SHOP_ANSWERS_FORMAT, _) => {
                return Err(field(
                    "shop",
                    "the business's 10-digit registration number expected",
                ));
            }
            _ => return Err(AnswerError::NotOurs { what: "answers" }),
        }
        if !is_instant(&self.issued_at) {
            return Err(field("issued_at", "an RFC 3339 time expected"));
        }
        if self.answers.len() > MAX_ANSWERS {
            return Err(AnswerError::TooLarge { what: "answers" });
        }
        let issued_at = crate::dates::parse_instant(&self.issued_at);
        let mut claims = std::collections::HashSet::with_capacity(self.answers.len());
        for (index, answer) in self.answers.iter().enumerate() {
            let at = format!("answers[{index}].");
            check_claim_reference(
                &at,
                &answer.claim_id,
                answer.claim_number.as_deref(),
                &answer.registration_number,
                &answer.claim_sha256,
            )?;
            // A file for one shop answers for that business alone.
            if self
                .shop
                .as_deref()
                .is_some_and(|shop| shop != answer.registration_number)
            {
                return Err(field(
                    format!("{at}registration_number"),
                    "another business than the file's shop",
                ));
            }
            let Some(moved_at) = crate::dates::parse_instant(&answer.at) else {
                return Err(field(format!("{at}at"), "an RFC 3339 time expected"));
            };
            // A review cannot have moved after the file saying so was made.
            if issued_at.is_some_and(|issued_at| moved_at > issued_at) {
                return Err(field(format!("{at}at"), "after the file's issued_at"));
            }
            // One answer per claim: two would each move it, in file order.
            if !claims.insert(answer.claim_id.as_str()) {
                return Err(field(
                    format!("{at}claim_id"),
                    "a claim answered twice in one file",
                ));
            }
            if answer
                .receipt_number
                .as_deref()
                .is_some_and(|number| !is_label(number))
            {
                return Err(field(
                    format!("{at}receipt_number"),
                    "a short label expected",
                ));
            }
            match answer.reason.as_deref() {
                Some(reason) if reason.chars().count() > MAX_REASON_CHARS => {
                    return Err(field(format!("{at}reason"), "at most 2,000 characters"));
                }
                Some(reason) if !crate::text::shows_plainly(reason, true) => {
                    return Err(field(
                        format!("{at}reason"),
                        "control, format, invisible characters or piled marks",
                    ));
                }
                None | Some("") if answer.status == Review::Returned => {
                    return Err(field(
                        format!("{at}reason"),
                        "a returned claim needs its reason",
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The association's side: the signed answers file.
    pub fn sign(&self, secret_key: &[u8; 32]) -> Result<Vec<u8>, AnswerError> {
        self.check()?;
        let payload = serde_json::to_vec(self).unwrap_or_default();
        Ok(sign(SIGNED_ANSWERS_FORMAT, &payload, secret_key))
    }

    /// The shop's side: an answers file, verified against `keys`.
    pub fn open(bytes: &[u8], keys: &[TrustedKey]) -> Result<Verified<Answers>, AnswerError> {
        let (payload, what, key) = open(
            bytes,
            SIGNED_ANSWERS_FORMAT,
            "answers",
            MAX_ANSWERS_BYTES,
            keys,
        )?;
        let answers: Answers =
            serde_json::from_slice(&payload).map_err(|_| AnswerError::NotOurs { what })?;
        answers.check()?;
        Ok(Verified {
            content: answers,
            signer: key.name.clone(),
            fingerprint: key.fingerprint(),
        })
    }
}
