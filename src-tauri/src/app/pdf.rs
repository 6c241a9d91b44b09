//! Making a claim's PDF, for the command line and the window alike: from a
//! stored claim or a claim file, with the incidents of this machine's store,
//! written whole or not at all. One rule for what a PDF does to a stored
//! claim: a draft PDF is recorded as an export; a final one files the claim
//! (`ready` → `exported`, with the PDF's SHA-256 in its audit trail).

use crate::app::files::{read_claim_file, read_limited};
use crate::app::{AppError, AppResult};
use claim_core::{Incidents, Lang};
use claim_pdf::{EvidenceFile, FontChoice, Options, Rendered};
use claim_store::{ClaimId, Status, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How a PDF should come out.
#[derive(Clone, Debug)]
pub struct PdfChoices {
    pub lang: Lang,
    /// Marks every page "초안 / DRAFT" and allows a claim with errors.
    pub draft: bool,
    /// The document's one time.
    pub at: chrono::DateTime<chrono::Utc>,
    /// The owner's opt-in to print customer names and phones unmasked.
    pub include_customer_details: bool,
    /// A font file instead of the system's.
    pub font: Option<PathBuf>,
}

/// What making a PDF gave.
#[derive(Debug, Serialize)]
pub struct PdfMade {
    pub path: String,
    pub pages: usize,
    pub sha256: String,
    /// A stored claim's status after its PDF (`exported` after a final PDF
    /// of a ready claim); null for a draft PDF or a claim file.
    pub status: Option<Status>,
}

/// A claim document read from a `claimdesk.claim/1` file.
pub fn document_from_file(file: &Path) -> AppResult<serde_json::Value> {
    let bytes = read_claim_file(file)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    claim_core::read_document(bytes).map_err(AppError::NotAClaim)?;
    serde_json::from_slice(bytes)
        .map_err(|error| AppError::Store(claim_store::StoreError::Document(error.to_string())))
}

/// A stored claim's document, number and evidence photos.
pub fn stored_claim(
    store: &Store,
    id: &ClaimId,
) -> AppResult<(serde_json::Value, String, Vec<EvidenceFile>)> {
    let claim = store.claim(id.as_str())?;
    let mut photos = Vec::new();
    for entry in store.evidence(id.as_str())? {
        if entry.media_type.starts_with("image/") {
            let bytes = store.evidence_bytes(&entry.sha256)?;
            photos.push(EvidenceFile {
                sha256: entry.sha256,
                bytes,
            });
        }
    }
    Ok((claim.document, claim.summary.number, photos))
}

/// The renderer's options for `choices`, knowing `incidents`.
pub fn options(choices: &PdfChoices, incidents: &Incidents) -> Options {
    Options {
        incidents: incidents.clone(),
        lang: choices.lang,
        draft: choices.draft,
        at: choices.at,
        include_customer_details: choices.include_customer_details,
        number: None,
        font: choices
            .font
            .clone()
            .map_or(FontChoice::System, FontChoice::File),
    }
}

/// Renders and writes `out` whole (through a temporary file beside it).
fn write_pdf(
    document: &serde_json::Value,
    evidence: &[EvidenceFile],
    options: &Options,
    out: &Path,
) -> AppResult<Rendered> {
    let rendered = claim_pdf::render(document, evidence, options)?;
    // A PDF with customer details shown is the owner's alone to read.
    crate::app::files::write_whole_as(out, &rendered.bytes, options.include_customer_details)
        .map_err(|error| AppError::write(out, &error))?;
    Ok(rendered)
}

/// The PDF of the stored claim `id` at `out`; the store records it (a
/// final PDF files the claim).
pub fn stored_claim_pdf(
    store: &mut Store,
    id: &ClaimId,
    choices: &PdfChoices,
    out: &Path,
) -> AppResult<PdfMade> {
    let (document, number, evidence) = stored_claim(store, id)?;
    let mut options = options(choices, store.known_incidents());
    options.number = Some(number);
    let rendered = write_pdf(&document, &evidence, &options, out)?;
    let sha256 = claim_store::sha256_hex(&rendered.bytes);
    let status = if choices.draft {
        store.record_export(id.as_str(), &sha256)?;
        None
    } else {
        Some(store.record_filed_pdf(id.as_str(), &sha256)?.status)
    };
    Ok(PdfMade {
        path: out.display().to_string(),
        pages: rendered.pages,
        sha256,
        status,
    })
}

/// The PDF of the claim file `file` at `out`, checked against `incidents`
/// (this machine's incidents). Nothing is recorded: the claim is not stored.
pub fn claim_file_pdf(
    file: &Path,
    incidents: &Incidents,
    choices: &PdfChoices,
    out: &Path,
) -> AppResult<PdfMade> {
    let document = document_from_file(file)?;
    let rendered = write_pdf(&document, &[], &options(choices, incidents), out)?;
    Ok(PdfMade {
        path: out.display().to_string(),
        pages: rendered.pages,
        sha256: claim_store::sha256_hex(&rendered.bytes),
        status: None,
    })
}

/// The largest PDF `import-pdf` reads, before it is read at all (a claim PDF
/// without photos is under 200 KB; one with many is a few MB).
pub const MAX_PDF_BYTES: usize = 50 * 1024 * 1024;

/// Stores the claim attached to the ClaimDesk PDF `file`, unless a claim
/// with its id is already stored.
pub fn import_attached(store: &mut Store, file: &Path) -> AppResult<claim_store::ClaimSummary> {
    let bytes = read_limited(file, MAX_PDF_BYTES).map_err(AppError::Read)?;
    // Read in a worker process: a PDF is a stranger's file.
    let json = crate::app::worker::read_attached_claim(&bytes)?;
    crate::app::claims::refuse_if_stored(store, &json)?;
    Ok(store.save_claim(&json)?)
}
