//! The owner's side of the association bundle: chosen stored claims, each
//! with its PDF (a draft PDF for a claim that still has errors), written as
//! one `claimdesk.bundle/1` file, whole or not at all, and each export
//! audited. For the command line and the window alike.

use crate::claim_pdf::{options, stored_claim, PdfFailure};
use claim_assoc::bundle::{write_bundle, OutgoingClaim};
use claim_core::Lang;
use claim_store::Store;
use serde::Serialize;
use std::path::Path;

/// What a bundle holds once written.
#[derive(Debug, Serialize)]
pub struct BundleMade {
    pub path: String,
    pub claims: usize,
    /// Claims sent with a draft PDF (they still have errors).
    pub drafts: usize,
    pub sha256: String,
}

#[derive(Debug)]
pub struct BundleFailure {
    pub code: &'static str,
    pub message: String,
}

impl From<PdfFailure> for BundleFailure {
    fn from(failure: PdfFailure) -> BundleFailure {
        BundleFailure {
            code: failure.code(),
            message: failure.message(Lang::Ko),
        }
    }
}

pub fn make_bundle(
    store: &mut Store,
    ids: &[String],
    out: &Path,
    include_customer_details: bool,
    lang: Lang,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<BundleMade, BundleFailure> {
    let mut claims = Vec::new();
    let mut drafts = 0;
    for id in ids {
        let (document, number, photos) = stored_claim(store, id)?;
        let summary = store
            .claim(id)
            .map_err(|error| BundleFailure {
                code: error.code(),
                message: error.to_string(),
            })?
            .summary;
        let mut pdf_options = options(lang, at, store.presets());
        pdf_options.number = Some(number.clone());
        pdf_options.include_customer_details = include_customer_details;
        pdf_options.draft = summary.error_count > 0;
        drafts += usize::from(pdf_options.draft);
        let rendered =
            claim_pdf::render(&document, &photos, &pdf_options).map_err(PdfFailure::Pdf)?;
        claims.push(OutgoingClaim {
            document,
            number,
            status: summary.status.code().to_owned(),
            updated_at: summary.updated_at,
            pdf: Some(rendered.bytes),
        });
    }
    let written = |reason: String| BundleFailure {
        code: "E_FILE_WRITE",
        message: format!("묶음 파일을 쓸 수 없습니다: {} ({reason})", out.display()),
    };
    let created_at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let bytes = write_bundle(
        std::io::Cursor::new(Vec::new()),
        &claims,
        &created_at,
        include_customer_details,
    )
    .map_err(|error| written(error.to_string()))?
    .into_inner();
    crate::files::write_whole(out, &bytes).map_err(|error| written(error.to_string()))?;
    let sha256 = claim_store::sha256_hex(&bytes);
    for id in ids {
        store
            .record_export(id, &sha256)
            .map_err(|error| BundleFailure {
                code: error.code(),
                message: error.to_string(),
            })?;
    }
    Ok(BundleMade {
        path: out.display().to_string(),
        claims: claims.len(),
        drafts,
        sha256,
    })
}
