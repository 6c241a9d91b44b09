//! Whether an incident definition is the association's: built in, signed by
//! a trusted key, or unverified and why. A leaf, so that the definition, the
//! signature check and the incidents can all name it.

use serde::Serialize;

/// Whether a definition is the association's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verification {
    /// Compiled into the app.
    BuiltIn,
    /// Signed by a trusted key: whose (as named), its fingerprint, and
    /// whether it is the key shipped with the app (only that one may replace
    /// a built-in incident).
    Verified {
        signer: String,
        fingerprint: String,
        shipped: bool,
    },
    /// Usable, but nobody vouches for it.
    Unverified { reason: UnverifiedReason },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnverifiedReason {
    NotSigned,
    UnknownKey,
    BadSignature,
}

impl Verification {
    pub fn is_trusted(&self) -> bool {
        !matches!(self, Verification::Unverified { .. })
    }

    pub fn code(&self) -> &'static str {
        match self {
            Verification::BuiltIn => "built_in",
            Verification::Verified { .. } => "verified",
            Verification::Unverified { .. } => "unverified",
        }
    }

    /// What the owner reads beside the incident (and the PDF prints).
    pub fn label(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, Ko};
        match (self, lang) {
            (Verification::BuiltIn, Ko) => "앱에 포함된 장애 정의".into(),
            (Verification::BuiltIn, En) => "built into the app".into(),
            // The fingerprint too: a name is whatever the owner typed, the
            // fingerprint is what can be compared with the association's.
            (
                Verification::Verified {
                    signer,
                    fingerprint,
                    ..
                },
                Ko,
            ) => format!("서명 확인됨: {signer} (키 {fingerprint})"),
            (
                Verification::Verified {
                    signer,
                    fingerprint,
                    ..
                },
                En,
            ) => format!("signature verified: {signer} (key {fingerprint})"),
            (Verification::Unverified { reason }, Ko) => format!(
                "확인되지 않은 장애 정의 ({})",
                match reason {
                    UnverifiedReason::NotSigned => "서명 없음",
                    UnverifiedReason::UnknownKey => "신뢰하지 않는 키로 서명됨",
                    UnverifiedReason::BadSignature => "서명이 내용과 맞지 않음",
                }
            ),
            (Verification::Unverified { reason }, En) => format!(
                "UNVERIFIED incident definition ({})",
                match reason {
                    UnverifiedReason::NotSigned => "not signed",
                    UnverifiedReason::UnknownKey => "signed by a key this app does not trust",
                    UnverifiedReason::BadSignature => "the signature does not match the content",
                }
            ),
        }
    }
}
