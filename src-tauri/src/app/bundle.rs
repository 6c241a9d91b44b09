//! The owner's side of the association bundle: chosen stored claims, each
//! with its PDF (a draft PDF for a claim that still has errors), written as
//! one `claimdesk.bundle/1` file, whole or not at all, and each export
//! audited. For the command line and the window alike.

use crate::app::pdf::{options, stored_claim, PdfChoices};
use crate::app::{AppError, AppResult};
use claim_core::{ClaimId, Lang};
use claim_exchange::bundle::{write_bundle, OutgoingClaim};
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

pub fn make_bundle(
    store: &mut Store,
    ids: &[ClaimId],
    out: &Path,
    include_customer_details: bool,
    lang: Lang,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<BundleMade> {
    let written = |reason: String| AppError::Write {
        path: out.display().to_string(),
        reason,
    };
    let (bytes, drafts) = bundle_bytes(store, ids, include_customer_details, lang, at).map_err(
        |error| match error {
            BundleFailure::App(error) => error,
            BundleFailure::Write(reason) => written(reason),
        },
    )?;
    // With customer details, the bundle is the owner's alone to read.
    crate::app::files::write_whole_as(out, &bytes, include_customer_details)
        .map_err(|error| AppError::write(out, &error))?;
    let sha256 = claim_store::sha256_hex(&bytes);
    for id in ids {
        store.record_export(id.as_str(), &sha256)?;
    }
    Ok(BundleMade {
        path: out.display().to_string(),
        claims: ids.len(),
        drafts,
        sha256,
    })
}

/// Why a bundle's bytes could not be made.
pub(crate) enum BundleFailure {
    App(AppError),
    /// The ZIP could not be written (in memory): the reason.
    Write(String),
}

impl From<AppError> for BundleFailure {
    fn from(error: AppError) -> BundleFailure {
        BundleFailure::App(error)
    }
}

/// The bundle of stored claims `ids`, each with its PDF (a draft PDF for
/// a claim that still has errors), as bytes; and how many went as drafts.
/// What a file holds and what is sent online are the same bytes.
pub(crate) fn bundle_bytes(
    store: &Store,
    ids: &[ClaimId],
    include_customer_details: bool,
    lang: Lang,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(Vec<u8>, usize), BundleFailure> {
    let mut claims = Vec::new();
    let mut drafts = 0;
    for id in ids {
        let (document, number, photos) = stored_claim(store, id)?;
        let summary = store.claim(id.as_str()).map_err(AppError::from)?.summary;
        let choices = PdfChoices {
            lang,
            // A claim that still has errors goes with a draft PDF.
            draft: summary.error_count > 0,
            at,
            include_customer_details,
            font: None,
        };
        let mut pdf_options = options(&choices, store.known_incidents());
        pdf_options.number = Some(number.clone());
        drafts += usize::from(choices.draft);
        let rendered =
            claim_pdf::render(&document, &photos, &pdf_options).map_err(AppError::from)?;
        claims.push(OutgoingClaim {
            document,
            number,
            status: summary.status.code().to_owned(),
            updated_at: summary.updated_at,
            pdf: Some(rendered.bytes),
        });
    }
    let created_at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let bytes = write_bundle(
        std::io::Cursor::new(Vec::new()),
        &claims,
        &created_at,
        include_customer_details,
    )
    .map_err(|error| BundleFailure::Write(error.to_string()))?
    .into_inner();
    Ok((bytes, drafts))
}
