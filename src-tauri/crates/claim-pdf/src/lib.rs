//! # claim-pdf
//!
//! The claim document: a Korean (or English) PDF a clerk can read in a minute,
//! with the `claimdesk.claim/1` JSON attached so a machine can read it too. No
//! Tauri, no store: it is given a claim document (and the evidence files it
//! should show) and returns bytes.
//!
//! Invariants:
//! - every number on the page comes from `claim_core`'s assessment of the
//!   same document that is attached, so page and attachment never disagree;
//! - customer names and phones are masked on the page and in the attachment
//!   unless the owner opts in (`include_customer_details`);
//! - the same document, options and clock give the same bytes: no random ids,
//!   no "now" but the `at` given;
//! - nothing is drawn past a page's margin; a character the font lacks is
//!   replaced by a visible one, never dropped.

mod attach;
#[cfg(feature = "write")]
mod document;
#[cfg(feature = "write")]
pub mod font;
#[cfg(feature = "write")]
mod layout;
#[cfg(feature = "write")]
mod notice;
#[cfg(feature = "write")]
mod photo;
mod qr;
#[cfg(feature = "write")]
mod receipt;
#[cfg(feature = "write")]
mod unhinted;

pub use attach::{read_attached_claim, ATTACHMENT_NAME};
#[cfg(feature = "write")]
pub use font::FontChoice;
#[cfg(feature = "write")]
pub use notice::render_notice;
#[cfg(feature = "write")]
pub use photo::{MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE};
#[cfg(feature = "write")]
pub use receipt::render_receipt;

#[cfg(feature = "write")]
use chrono::{DateTime, Utc};
use claim_core::report::ReportProblem;
use claim_core::Lang;
use std::path::PathBuf;

// The messages are the same for every host: each host adds its own way out
// (the command line's `--font`), never named here.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[cfg_attr(
        windows,
        error("한글 글꼴을 찾을 수 없습니다. Windows의 글꼴 폴더(C:\\Windows\\Fonts)에 '맑은 고딕'(malgun.ttf)이 있는지 확인해 주세요.")
    )]
    #[cfg_attr(
        not(windows),
        error("한글 글꼴을 찾을 수 없습니다. 나눔고딕을 설치해 주세요(Debian/Ubuntu: sudo apt install fonts-nanum).")
    )]
    NoHangulFont,
    #[error("글꼴을 읽을 수 없습니다: {0}")]
    FontUnreadable(String),
    #[error("글꼴 파일을 읽을 수 없습니다: {0}")]
    FontFile(PathBuf),
    #[error("이 글꼴에는 한글이 없습니다: {0}. 나눔고딕 같은 한글 글꼴을 골라 주세요.")]
    FontWithoutHangul(PathBuf),
    #[error("청구서에 오류가 {} 건 있어 PDF를 만들지 않았습니다. 오류를 고치거나 초안(--draft)으로 만들어 주세요.", .0.len())]
    HasErrors(Vec<ReportProblem>),
    #[error("청구서 파일이 아닙니다: {0}")]
    Document(String),
    #[error("PDF 파일이 아닙니다.")]
    NotAPdf,
    #[error("이 PDF에는 ClaimDesk 청구서(claim.json)가 첨부되어 있지 않습니다.")]
    NoAttachedClaim,
    /// Two attached claims, one (or what leads to it, or a page) put there
    /// by an incremental update after ClaimDesk wrote the PDF, or a first
    /// page whose QR code does not name the attached claim: the pages a
    /// clerk reads may say another claim than the one attached.
    #[error("이 PDF는 ClaimDesk가 만든 뒤 첨부된 청구서(claim.json)나 쪽이 바뀌었거나, 청구서가 두 개이거나, 첫 쪽의 QR 코드가 첨부된 청구서와 맞지 않아 받지 않았습니다. 보이는 내용과 첨부된 내용이 다를 수 있습니다. ClaimDesk에서 PDF를 다시 만들어 보내 달라고 해 주세요.")]
    ClaimAltered,
    /// A stream of the PDF (or its attached claim) inflates past the limit:
    /// a "decompression bomb" is refused before it fills the memory.
    #[error("PDF 안의 내용이 풀었을 때 너무 커서({limit_mb}MB 넘게) 읽지 않았습니다. ClaimDesk가 만든 PDF가 맞는지 확인해 주세요.")]
    TooLarge { limit_mb: usize },
    #[error("PDF를 만드는 중 내부 오류가 났습니다: {0}")]
    Internal(String),
    /// Reading the PDF was stopped: the worker process that read it ran
    /// out of the memory or time it may use (see [`claim_core::TooComplex`]).
    #[error("{}", claim_core::Failure::message(&claim_core::TooComplex, Lang::Ko))]
    TooComplex,
}

/// PDF messages are Korean (they name fonts and files, which read the same
/// in English); the codes are stable.
impl claim_core::Failure for PdfError {
    fn code(&self) -> claim_core::FailureCode {
        use claim_core::FailureCode;
        match self {
            PdfError::NoHangulFont => FailureCode::FontMissing,
            PdfError::FontUnreadable(_) | PdfError::FontFile(_) => FailureCode::FontUnreadable,
            PdfError::FontWithoutHangul(_) => FailureCode::FontNoHangul,
            PdfError::HasErrors(_) => FailureCode::ClaimHasErrors,
            PdfError::Document(_) => FailureCode::Document,
            PdfError::NotAPdf => FailureCode::NotAPdf,
            PdfError::NoAttachedClaim => FailureCode::PdfNoClaim,
            PdfError::ClaimAltered => FailureCode::PdfClaimAltered,
            PdfError::TooLarge { .. } => FailureCode::FileTooLarge,
            PdfError::Internal(_) => FailureCode::PdfInternal,
            PdfError::TooComplex => FailureCode::FileTooComplex,
        }
    }

    /// A claim with errors lists them under the sentence, one a line.
    fn message(&self, lang: Lang) -> String {
        match self {
            PdfError::TooComplex => claim_core::TooComplex.message(lang),
            PdfError::HasErrors(errors) => std::iter::once(self.to_string())
                .chain(errors.iter().map(|problem| problem.message.clone()))
                .collect::<Vec<_>>()
                .join("\n"),
            other => other.to_string(),
        }
    }
}

#[cfg(feature = "write")]
/// An evidence file the document should show (images become pages).
#[derive(Clone, Debug)]
pub struct EvidenceFile {
    pub sha256: String,
    pub bytes: Vec<u8>,
}

#[cfg(feature = "write")]
#[derive(Clone, Debug)]
pub struct Options {
    pub lang: Lang,
    /// Marks every page "초안 / DRAFT" and allows a claim with errors.
    pub draft: bool,
    /// The one clock value the document's dates come from.
    pub at: DateTime<Utc>,
    /// The owner's opt-in to show customer names and phones unmasked.
    pub include_customer_details: bool,
    /// The store's claim number (`CD-2022-000017`), when there is one.
    pub number: Option<String>,
    pub font: FontChoice,
    /// The incidents the claim may name (built in and imported); the PDF
    /// states an imported one's verification and filing deadline.
    pub incidents: claim_core::Incidents,
}

#[cfg(feature = "write")]
/// What was made.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// The claim's id: its own, or one derived from its content.
    pub claim_id: String,
    /// SHA-256 (hex) of the attached canonical JSON, as the QR code holds it.
    pub json_sha256: String,
    pub pages: usize,
}

#[cfg(feature = "write")]
pub use document::attached_json;

#[cfg(feature = "write")]
/// Makes the claim PDF of `document` (a `claimdesk.claim/1` object).
pub fn render(
    document: &serde_json::Value,
    evidence: &[EvidenceFile],
    options: &Options,
) -> Result<Rendered, PdfError> {
    document::render(document, evidence, options)
}

/// SHA-256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
