//! Making a claim's PDF from a stored claim or a claim file, for the command
//! line and the window alike: gather the document and its evidence photos,
//! render, write the file whole or not at all, audit the export.

use crate::files::{read_limited, ReadFailure};
use claim_core::Lang;
use claim_pdf::{EvidenceFile, FontChoice, Options, PdfError, Rendered};
use claim_store::{Store, StoreError};
use std::path::Path;

/// Why a PDF was not made.
#[derive(Debug)]
pub enum PdfFailure {
    Read(ReadFailure),
    Json(String),
    Store(StoreError),
    Pdf(PdfError),
    Write {
        path: String,
        reason: String,
    },
    /// The PDF's claim is already in the store (importing it would replace
    /// the owner's copy with the masked one that left the shop).
    AlreadyStored {
        number: String,
    },
}

impl PdfFailure {
    pub fn code(&self) -> &'static str {
        match self {
            PdfFailure::Read(ReadFailure::TooLarge { .. }) => "E_FILE_TOO_LARGE",
            PdfFailure::Read(_) => "E_FILE_READ",
            PdfFailure::Json(_) => "E_DOCUMENT",
            PdfFailure::Store(error) => error.code(),
            PdfFailure::Pdf(error) => error.code(),
            PdfFailure::Write { .. } => "E_FILE_WRITE",
            PdfFailure::AlreadyStored { .. } => "E_CLAIM_EXISTS",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            PdfFailure::Read(failure) => failure.claim_message(lang),
            PdfFailure::Json(message) => message.clone(),
            PdfFailure::Store(error) => error.to_string(),
            PdfFailure::Pdf(error) => error.to_string(),
            PdfFailure::Write { path, reason } => match lang {
                Lang::Ko => format!("PDF 파일을 쓸 수 없습니다: {path} ({reason})"),
                Lang::En => format!("cannot write the PDF: {path} ({reason})"),
            },
            PdfFailure::AlreadyStored { number } => match lang {
                Lang::Ko => format!("이 PDF의 청구서({number})는 이미 저장되어 있습니다. 저장된 청구서를 그대로 두었습니다."),
                Lang::En => format!("this PDF's claim ({number}) is already stored; the stored claim was left as it is"),
            },
        }
    }
}

/// A claim document read from a `claimdesk.claim/1` file.
pub fn document_from_file(file: &Path) -> Result<serde_json::Value, PdfFailure> {
    let bytes = crate::files::read_claim_file(file).map_err(PdfFailure::Read)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    claim_core::read_document(bytes).map_err(|error| PdfFailure::Json(error.message(Lang::Ko)))?;
    serde_json::from_slice(bytes).map_err(|error| PdfFailure::Json(error.to_string()))
}

/// A stored claim's document, number and evidence photos.
pub fn stored_claim(
    store: &Store,
    id: &str,
) -> Result<(serde_json::Value, String, Vec<EvidenceFile>), PdfFailure> {
    let claim = store.claim(id).map_err(PdfFailure::Store)?;
    let mut photos = Vec::new();
    for entry in store.evidence(id).map_err(PdfFailure::Store)? {
        if entry.media_type.starts_with("image/") {
            let bytes = store
                .evidence_bytes(&entry.sha256)
                .map_err(PdfFailure::Store)?;
            photos.push(EvidenceFile {
                sha256: entry.sha256,
                bytes,
            });
        }
    }
    Ok((claim.document, claim.summary.number, photos))
}

/// Renders and writes `out` whole (through a temporary file beside it).
pub fn write_pdf(
    document: &serde_json::Value,
    evidence: &[EvidenceFile],
    options: &Options,
    out: &Path,
) -> Result<Rendered, PdfFailure> {
    let rendered = claim_pdf::render(document, evidence, options).map_err(PdfFailure::Pdf)?;
    crate::files::write_whole(out, &rendered.bytes).map_err(|error| PdfFailure::Write {
        path: out.display().to_string(),
        reason: error.to_string(),
    })?;
    Ok(rendered)
}

/// Default options for `lang` at the clock `at`, knowing `presets`.
pub fn options(
    lang: Lang,
    at: chrono::DateTime<chrono::Utc>,
    presets: &claim_core::Presets,
) -> Options {
    Options {
        presets: presets.clone(),
        lang,
        draft: false,
        at,
        include_customer_details: false,
        number: None,
        font: FontChoice::System,
    }
}

/// The largest PDF `import-pdf` reads (one with many evidence photos is
/// large; a claim PDF without them is under 200 KB).
pub const MAX_PDF_BYTES: usize = 200 * 1024 * 1024;

/// Stores the claim attached to the ClaimDesk PDF `file`, unless a claim
/// with its id is already stored.
pub fn import_attached(
    store: &mut Store,
    file: &Path,
) -> Result<claim_store::ClaimSummary, PdfFailure> {
    let bytes = read_limited(file, MAX_PDF_BYTES).map_err(PdfFailure::Read)?;
    let json = claim_pdf::read_attached_claim(&bytes).map_err(PdfFailure::Pdf)?;
    let id = serde_json::from_slice::<serde_json::Value>(&json)
        .ok()
        .and_then(|value| {
            value
                .get("id")
                .and_then(|id| id.as_str())
                .map(str::to_owned)
        });
    if let Some(existing) = id.and_then(|id| store.claim(&id).ok()) {
        return Err(PdfFailure::AlreadyStored {
            number: existing.summary.number,
        });
    }
    store.save_claim(&json).map_err(PdfFailure::Store)
}
