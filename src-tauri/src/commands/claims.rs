//! Claims: the list, one claim, saving, moving, importing and exporting, its PDF and the bundle for the association. Each command reads its request, calls `app` and answers.

use super::chosen::Purpose;
use super::error::{CommandError, CommandResult, WindowError};
use super::payload::{
    self, AssessRequest, BundleRequest, ClaimListRequest, DocumentRequest, Empty, ExportRequest,
    FileRequest, IdRequest, PdfRequest, StatusRequest,
};
use super::Surface;
use crate::app;
use claim_store::{ClaimFilter, ClaimSummary, Status};
use serde::Serialize;

fn status_from(code: &str) -> CommandResult<Status> {
    Status::from_code(code).ok_or_else(payload::malformed)
}

/// Whether the store is open, and if not, why and which backup to offer.
#[derive(Serialize)]
pub struct StoreState {
    ready: bool,
    error: Option<CommandError>,
    data_dir: Option<String>,
    /// The newest automatic backup, to show.
    latest_backup: Option<String>,
    /// The token that restores it (`backup_restore`), as if the owner had
    /// chosen it: the app found it in its own folder.
    latest_backup_token: Option<String>,
}

pub fn store_status(at: &Surface, _: Empty) -> CommandResult<StoreState> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let error = shop
        .opened()?
        .as_ref()
        .and_then(|store| store.as_ref().err())
        .cloned();
    let data_dir = shop.data_dir().ok();
    // Offered as the command line offers it: when restoring is what helps.
    let latest_backup = match (&error, data_dir) {
        (Some(error), Some(dir)) => app::claims::backup_to_offer(dir, error.code),
        _ => None,
    };
    Ok(StoreState {
        ready: error.is_none(),
        error,
        data_dir: data_dir.map(|dir| dir.display().to_string()),
        latest_backup: latest_backup
            .as_ref()
            .map(|path| path.display().to_string()),
        latest_backup_token: latest_backup
            .map(|path| chosen.keep(Purpose::BackupToRestore, vec![path]))
            .and_then(|mut given| given.pop())
            .map(|given| given.token),
    })
}

pub fn claims_list(at: &Surface, request: ClaimListRequest) -> CommandResult<Vec<ClaimSummary>> {
    let shop = &at.shop;
    let filter = ClaimFilter {
        status: request.status.as_deref().map(status_from).transpose()?,
        incident: request.incident.map(|text| text.0),
        business_id: request.business_id.map(|id| id.as_str().to_owned()),
        text: request.text.map(|text| text.0),
        order: match request.order.as_deref() {
            None | Some("newest") => claim_store::ClaimOrder::Newest,
            Some("deadline") => claim_store::ClaimOrder::Deadline,
            Some(_) => return Err(payload::malformed()),
        },
    };
    shop.with_store(|store| Ok(app::claims::list(store, &filter)?))
}

pub fn claim_get(
    at: &Surface,
    IdRequest { id }: IdRequest,
) -> CommandResult<app::claims::WholeClaim> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::claims::whole_claim(store, id.as_str())?))
}

/// Saves a draft as the owner types: durable once this returns.
pub fn claim_save(
    at: &Surface,
    DocumentRequest { document }: DocumentRequest,
) -> CommandResult<ClaimSummary> {
    let shop = &at.shop;
    let bytes = serde_json::to_vec(&document).map_err(|_| WindowError::Internal)?;
    shop.with_store(|store| {
        let saved = app::claims::save_claim(store, &bytes)?;
        log::info!(
            "claim {} saved ({} errors)",
            saved.number,
            saved.error_count
        );
        Ok(saved)
    })
}

pub fn claim_set_status(
    at: &Surface,
    StatusRequest { id, status }: StatusRequest,
) -> CommandResult<ClaimSummary> {
    let shop = &at.shop;
    let status = status_from(&status)?;
    shop.with_store(|store| {
        let moved = app::claims::set_status(store, id.as_str(), status)?;
        log::info!("claim {} is now {}", moved.number, status.code());
        Ok(moved)
    })
}

pub fn claim_duplicate(at: &Surface, IdRequest { id }: IdRequest) -> CommandResult<ClaimSummary> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::claims::duplicate(store, id.as_str())?))
}

pub fn claim_delete(at: &Surface, IdRequest { id }: IdRequest) -> CommandResult<()> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::claims::delete(store, id.as_str())?))
}

/// Stores a `claimdesk.claim/1` file (an exported copy, or one from
/// another shop PC).
pub fn claim_import(
    at: &Surface,
    FileRequest { file: token }: FileRequest,
) -> CommandResult<ClaimSummary> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::ClaimFile])?;
    shop.with_store(|store| Ok(app::claims::import_file(store, &file)?))
}

pub fn claim_export(
    at: &Surface,
    ExportRequest { id, file: token }: ExportRequest,
) -> CommandResult<claim_store::ExportReceipt> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SaveClaimExport])?;
    shop.with_store(|store| {
        let receipt = app::claims::export(store, id.as_str(), &file)?;
        log::info!(
            "claim {} exported (sha256 {})",
            receipt.number,
            receipt.sha256
        );
        Ok(receipt)
    })
}

/// The live assessment of the claim being typed: the report, the three
/// baseline methods side by side and the dates the sales grid needs. No
/// store: it answers for whatever the window holds, saved or not.
pub fn claim_assess(
    at: &Surface,
    AssessRequest { document, lang }: AssessRequest,
) -> CommandResult<app::assessment::Assessed> {
    let shop = &at.shop;
    Ok(app::assessment::assess(
        &document,
        lang.0,
        &shop.known_incidents(),
        app::clock::today_in_korea(),
    ))
}

/// Makes the claim's PDF at the path the owner chose, and records it (a
/// final PDF files the claim). A claim with errors is refused
/// (`E_CLAIM_HAS_ERRORS`, the errors in the message) unless it is a draft.
pub fn claim_pdf(at: &Surface, request: PdfRequest) -> CommandResult<app::pdf::PdfMade> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&request.file, &[Purpose::SaveClaimPdf])?;
    let choices = app::pdf::PdfChoices {
        lang: request.lang.0,
        draft: request.draft,
        at: app::clock::now(),
        include_customer_details: request.include_customer_details,
        font: None,
    };
    let made = shop.with_store(|store| {
        Ok(app::pdf::stored_claim_pdf(
            store,
            &request.id.claim_id()?,
            &choices,
            &file,
        )?)
    })?;
    log::info!("claim PDF made ({} pages)", made.pages);
    shop.made(&file)?;
    Ok(made)
}

/// Opens a PDF this window made in the system's PDF viewer.
pub fn claim_pdf_open(
    at: &Surface,
    payload::MadePdfRequest { path }: payload::MadePdfRequest,
) -> CommandResult<()> {
    let shop = &at.shop;
    at.open_on_desktop(shop.made_pdf(&path.0)?)
}

/// Opens the folder holding a PDF or a bundle this window made (the
/// desktop's file manager), so the owner finds the file to attach or copy.
pub fn claim_pdf_folder(
    at: &Surface,
    payload::MadePdfRequest { path }: payload::MadePdfRequest,
) -> CommandResult<()> {
    let shop = &at.shop;
    at.open_on_desktop(shop.folder_of_made(&path.0)?)
}

/// One bundle of the chosen claims for the association (PDFs included;
/// customer details masked unless the owner opted in).
pub fn claims_bundle(
    at: &Surface,
    BundleRequest {
        ids,
        file: token,
        include_customer_details,
        lang,
    }: BundleRequest,
) -> CommandResult<app::bundle::BundleMade> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SaveBundle])?;
    if ids.is_empty() {
        return Err(payload::malformed());
    }
    let ids = ids
        .iter()
        .map(payload::Id::claim_id)
        .collect::<Result<Vec<claim_core::ClaimId>, _>>()?;
    shop.with_store(|store| {
        let made = app::bundle::make_bundle(
            store,
            &ids,
            &file,
            include_customer_details,
            lang.0,
            app::clock::now(),
        )?;
        log::info!(
            "bundle of {} claims made (sha256 {})",
            made.claims,
            made.sha256
        );
        // Its folder may be opened, as a PDF's is (the file itself is not).
        shop.made_bundle(&file)?;
        Ok(made)
    })
}

/// Stores the claim attached to a ClaimDesk PDF (not over a stored one).
pub fn claim_import_pdf(
    at: &Surface,
    FileRequest { file: token }: FileRequest,
) -> CommandResult<ClaimSummary> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::ClaimPdf])?;
    shop.with_store(|store| Ok(app::pdf::import_attached(store, &file)?))
}
