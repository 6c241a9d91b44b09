//! The shop's commands. Each reads its payload, calls one use case of
//! `app` and answers with its result or `{code, message}`. Nothing here
//! logs what a claim holds.

use super::chosen::Purpose;
use super::error::{CommandError, CommandResult, WindowError};
use super::payload::{
    self, AssessRequest, BundleRequest, BusinessRequest, CheckBusinessRequest, ClaimListRequest,
    DocumentRequest, Empty, EvidenceRemoveRequest, EvidenceRequest, ExportRequest, FileRequest,
    IdRequest, IncidentTimeRequest, LangRequest, OrderTimeRequest, PageErrorRequest, PageTimings,
    PdfRequest, RegistrationNumberRequest, SalesPasteRequest, SalesPreviewRequest, SalesPutRequest,
    SalesTypeRequest, StatusRequest,
};
use super::Surface;
use crate::app::{self, AppError};
use claim_core::codes::{EvidenceKind, Vocabulary};
use claim_core::field::{self, RegistrationNumberFeedback};
use claim_store::{BusinessProfile, ClaimFilter, ClaimSummary, EvidenceEntry, Status, Store};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The shop's store as the window holds it: open, or why it could not be
/// opened (the window still starts, so the owner can restore a backup).
pub struct ShopState {
    data_dir: Result<PathBuf, CommandError>,
    /// `None` until the first command that needs the store opens it. The page
    /// asks at once, but on a worker thread (the commands are async): the
    /// window paints while the store opens and migrates, instead of after.
    store: Mutex<Option<Result<Store, CommandError>>>,
    /// The PDFs this window made: the only files it may ask the system to
    /// open, so the window cannot be used to launch anything else.
    made_pdfs: Mutex<HashSet<PathBuf>>,
    /// The bundles this window made: only their folder is ever opened.
    made_bundles: Mutex<HashSet<PathBuf>>,
}

type StoreSlot<'a> = std::sync::MutexGuard<'a, Option<Result<Store, CommandError>>>;

impl ShopState {
    /// The state before anything is opened: costs the window's start nothing.
    pub fn new(data_dir: Result<PathBuf, AppError>) -> ShopState {
        ShopState {
            data_dir: data_dir.map_err(CommandError::from),
            store: Mutex::new(None),
            made_pdfs: Mutex::new(HashSet::new()),
            made_bundles: Mutex::new(HashSet::new()),
        }
    }

    /// Opens the store as any host opens it for the day's work
    /// (`app::claims::open_for_work`).
    fn open(data_dir: &Result<PathBuf, CommandError>) -> Result<Store, CommandError> {
        let store = match data_dir {
            Ok(dir) => app::claims::open_for_work(dir).map_err(CommandError::from),
            Err(error) => Err(error.clone()),
        };
        if let Err(error) = &store {
            log::error!("the store did not open: {}", error.code);
        }
        store
    }

    /// The store, opened by this call if it is the first to need it (a
    /// caller meanwhile waits on the lock).
    fn opened(&self) -> CommandResult<StoreSlot<'_>> {
        let mut slot = self.store.lock()?;
        if slot.is_none() {
            *slot = Some(Self::open(&self.data_dir));
        }
        Ok(slot)
    }

    /// The incidents claims may name: the store's (built in and imported),
    /// or the built-in ones while the store is not open.
    fn known_incidents(&self) -> claim_core::Incidents {
        self.opened()
            .ok()
            .and_then(|slot| {
                slot.as_ref()
                    .and_then(|store| store.as_ref().ok())
                    .map(app::claims::known_incidents)
            })
            .unwrap_or_default()
    }

    fn data_dir(&self) -> CommandResult<&Path> {
        self.data_dir.as_deref().map_err(Clone::clone)
    }

    /// Runs `work` on the open store, one caller at a time.
    fn with_store<T>(&self, work: impl FnOnce(&mut Store) -> CommandResult<T>) -> CommandResult<T> {
        match &mut *self.opened()? {
            Some(Ok(store)) => work(store),
            Some(Err(error)) => Err(error.clone()),
            None => Err(WindowError::Internal.into()),
        }
    }

    fn made(&self, path: &Path) -> CommandResult<()> {
        self.made_pdfs.lock()?.insert(path.to_owned());
        Ok(())
    }

    fn made_bundle(&self, path: &Path) -> CommandResult<()> {
        self.made_bundles.lock()?.insert(path.to_owned());
        Ok(())
    }

    /// The folder holding `path`, if this window made that file (a PDF or
    /// a bundle): the folders it may show, and no others.
    fn folder_of_made<'p>(&self, path: &'p Path) -> CommandResult<&'p Path> {
        let made =
            self.made_pdfs.lock()?.contains(path) || self.made_bundles.lock()?.contains(path);
        match path.parent() {
            Some(folder) if made => Ok(folder),
            _ => Err(WindowError::NotMadeHere.into()),
        }
    }

    /// `path` if this window made it: the window opens nothing else.
    fn made_pdf<'p>(&self, path: &'p Path) -> CommandResult<&'p Path> {
        if self.made_pdfs.lock()?.contains(path) {
            Ok(path)
        } else {
            Err(WindowError::NotMadeHere.into())
        }
    }
}

/// When the process started, to log how long the window took to be ready.
pub struct Started {
    pub at: Instant,
    pub reported: AtomicBool,
}

/// Feedback on a registration number as the owner types it.
pub fn check_registration_number(
    _: &Surface,
    request: RegistrationNumberRequest,
) -> CommandResult<RegistrationNumberFeedback> {
    let feedback = field::registration_number(&request.text.0, request.lang.0);
    // The number itself is not logged: only whether it passed.
    log::debug!("registration number checked: valid={}", feedback.valid);
    Ok(feedback)
}

/// Called by the UI once its first screen is painted: the start-up work
/// that nothing on screen waits for (the daily backup) begins now, so it
/// does not compete with the first paint.
pub fn window_ready(at: &Surface, timings: PageTimings) -> CommandResult<()> {
    let started = &at.started;
    let shop = &at.shop;
    if !started.reported.swap(true, Ordering::SeqCst) {
        let ready = started.at.elapsed();
        // The start on the wall clock the page's `timeOrigin` is read on.
        let started_epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .ok()
            .and_then(|now| now.checked_sub(ready))
            .map_or(f64::NAN, |at| at.as_secs_f64() * 1000.0);
        match timings.after_start(started_epoch_ms) {
            Some(page) => log::info!(
                "window ready {} ms after start (the page: loading from {} ms, HTML read at {}, scripts run at {}, painted at {})",
                ready.as_millis(),
                page.page_loading,
                page.html_parsed,
                page.scripts_ran,
                page.painted
            ),
            None => log::info!("window ready {} ms after start", ready.as_millis()),
        }
        if let Ok(dir) = shop.data_dir() {
            app::claims::start_daily_backups(dir.to_owned());
        }
    }
    Ok(())
}

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

/// Imports an evidence file into the store and attaches it to a claim.
pub fn evidence_add(
    at: &Surface,
    EvidenceRequest {
        claim_id,
        kind,
        file: token,
    }: EvidenceRequest,
) -> CommandResult<EvidenceEntry> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::Evidence])?;
    let kind = EvidenceKind::from_code(&kind).ok_or_else(payload::malformed)?;
    shop.with_store(|store| {
        Ok(app::claims::add_evidence(
            store,
            claim_id.as_str(),
            kind,
            &file,
        )?)
    })
}

/// Detaches an attached evidence file from a claim (the wrong file picked).
pub fn evidence_remove(
    at: &Surface,
    EvidenceRemoveRequest {
        claim_id,
        kind,
        sha256,
    }: EvidenceRemoveRequest,
) -> CommandResult<()> {
    let shop = &at.shop;
    let kind = EvidenceKind::from_code(&kind).ok_or_else(payload::malformed)?;
    shop.with_store(|store| {
        Ok(app::claims::remove_evidence(
            store,
            claim_id.as_str(),
            kind,
            &sha256.0,
        )?)
    })
}

/// What a sales file the owner picked gives (day totals, unreadable rows,
/// the columns used), before anything is applied: the window shows it and
/// the owner decides.
pub fn sales_preview(
    at: &Surface,
    SalesPreviewRequest {
        file: token,
        document,
        date_column,
        amount_column,
        lang,
    }: SalesPreviewRequest,
) -> CommandResult<app::sales::Preview> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SalesFile])?;
    let choice = date_column
        .zip(amount_column)
        .map(|(date, amount)| claim_import::ColumnChoice {
            date: date.0,
            amount: amount.0,
        });
    let (_, preview) = app::sales::preview(&file, choice.as_ref(), lang.0)?;
    Ok(match document {
        Some(document) => preview.for_claim(&document, &shop.known_incidents()),
        None => preview,
    })
}

/// Puts a sales file's days into the claim being edited, by the same rule
/// as `claimdesk import-sales --claim`; the window saves what comes back.
pub fn sales_put(
    at: &Surface,
    SalesPutRequest { document, days }: SalesPutRequest,
) -> CommandResult<app::sales::SalesPut> {
    let shop = &at.shop;
    let values = days
        .0
        .into_iter()
        .map(|day| (day.date.0, claim_import::DayValue::Amount(day.amount)))
        .collect();
    Ok(app::sales::put_days(
        document,
        values,
        &shop.known_incidents(),
    ))
}

/// Puts what the owner typed into one cell of the sales grid into the
/// claim being edited, read as a pasted cell is.
pub fn sales_type(
    at: &Surface,
    SalesTypeRequest {
        document,
        date,
        text,
    }: SalesTypeRequest,
) -> CommandResult<app::sales::SalesPut> {
    let shop = &at.shop;
    Ok(app::sales::type_day(
        document,
        date.0,
        &text.0,
        &shop.known_incidents(),
    ))
}

/// The page's own fault (an uncaught error, an unhandled rejection), into
/// the log: its kind and where it happened, never its message (which may
/// quote what the owner typed). The end-to-end tests fail on any.
pub fn page_error(
    _: &Surface,
    PageErrorRequest { kind, at }: PageErrorRequest,
) -> CommandResult<()> {
    log::error!("page error: {} at {}", kind.0, at.0);
    Ok(())
}

/// Puts what the owner typed as her own outage's start or end into the
/// claim being edited, read in Rust (`3월 2일 오전 11시 10분`).
pub fn incident_time_type(
    at: &Surface,
    IncidentTimeRequest {
        document,
        end,
        text,
    }: IncidentTimeRequest,
) -> CommandResult<serde_json::Map<String, serde_json::Value>> {
    let shop = &at.shop;
    Ok(app::orders::type_outage_time(
        document,
        end,
        &text.0,
        &shop.known_incidents(),
    ))
}

/// Puts what the owner typed as a lost order's time into the claim being
/// edited, read in Rust against the claim's outage (`10월 16일 오후 2시`).
pub fn order_time_type(
    at: &Surface,
    OrderTimeRequest {
        document,
        index,
        text,
    }: OrderTimeRequest,
) -> CommandResult<serde_json::Map<String, serde_json::Value>> {
    let shop = &at.shop;
    Ok(app::orders::type_time(
        document,
        index,
        &text.0,
        &shop.known_incidents(),
    ))
}

/// Reads cells pasted into the sales grid (the same readers as a sales
/// file) and puts them into the claim being edited.
pub fn sales_paste(
    at: &Surface,
    SalesPasteRequest {
        document,
        start,
        text,
    }: SalesPasteRequest,
) -> CommandResult<app::sales::SalesPut> {
    let shop = &at.shop;
    Ok(app::sales::paste(
        document,
        start.0,
        &text.0,
        &shop.known_incidents(),
    ))
}

pub fn business_list(at: &Surface, _: Empty) -> CommandResult<Vec<BusinessProfile>> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::claims::businesses(store)?))
}

pub fn business_save(
    at: &Surface,
    BusinessRequest { business }: BusinessRequest,
) -> CommandResult<BusinessProfile> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::claims::save_business(store, &business)?))
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

/// The problems of a business profile form, field by field, from the rules.
pub fn check_business(
    _: &Surface,
    CheckBusinessRequest { business, lang }: CheckBusinessRequest,
) -> CommandResult<app::assessment::BusinessCheck> {
    Ok(app::assessment::check_business(&business, lang.0))
}

/// Incidents and vocabularies with their labels.
pub fn reference_data(
    at: &Surface,
    LangRequest { lang }: LangRequest,
) -> CommandResult<app::assessment::ReferenceData> {
    let shop = &at.shop;
    Ok(app::assessment::reference_data(
        lang.0,
        &shop.known_incidents(),
    ))
}

/// The incidents, built in and imported, with their verification and deadlines.
pub fn incidents_list(at: &Surface, _: Empty) -> CommandResult<Vec<claim_store::IncidentEntry>> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::incidents::list(store)?))
}

/// Imports the definition file the owner chose in the system dialog.
pub fn incident_import(
    at: &Surface,
    payload::IncidentImportRequest {
        file: token,
        lang: _,
    }: payload::IncidentImportRequest,
) -> CommandResult<claim_store::ImportedIncident> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::IncidentDefinition])?;
    shop.with_store(|store| {
        let imported = app::incidents::import(store, &file)?;
        log::info!(
            "incident {} imported ({})",
            imported.incident.id,
            imported.incident.verification.code()
        );
        Ok(imported)
    })
}

/// The signing keys whose incident definitions show as verified.
pub fn keys_list(at: &Surface, _: Empty) -> CommandResult<Vec<claim_store::KeyEntry>> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::incidents::keys(store)?))
}

/// Trusts another signing key; definitions already imported are checked
/// against it at once.
pub fn key_trust(
    at: &Surface,
    payload::TrustKeyRequest {
        public_key,
        name,
        uses,
    }: payload::TrustKeyRequest,
) -> CommandResult<claim_store::KeyEntry> {
    let shop = &at.shop;
    shop.with_store(|store| {
        let key = app::incidents::trust_key(store, &public_key.0, &name.0, uses.0)?;
        log::info!("signing key {} trusted", key.fingerprint);
        Ok(key)
    })
}

/// The owner's "erase now": the claim's customer names and phones go.
pub fn claim_erase_customers(at: &Surface, IdRequest { id }: IdRequest) -> CommandResult<bool> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::claims::erase_customers(store, id.as_str())?))
}

/// The retention setting.
#[derive(Serialize)]
pub struct RetentionState {
    days: u32,
}

pub fn retention_get(at: &Surface, _: Empty) -> CommandResult<RetentionState> {
    let shop = &at.shop;
    shop.with_store(|store| {
        Ok(RetentionState {
            days: app::lifecycle::retention(store, None)?,
        })
    })
}

pub fn retention_set(
    at: &Surface,
    payload::RetentionRequest { days }: payload::RetentionRequest,
) -> CommandResult<RetentionState> {
    let shop = &at.shop;
    shop.with_store(|store| {
        Ok(RetentionState {
            days: app::lifecycle::retention(store, Some(days))?,
        })
    })
}

/// The desk the window opens as (owner or association).
#[derive(Serialize)]
pub struct DeskState {
    desk: claim_store::Desk,
}

pub fn desk_get(at: &Surface, _: Empty) -> CommandResult<DeskState> {
    let shop = &at.shop;
    let dir = shop.data_dir()?.to_owned();
    shop.with_store(|store| {
        Ok(DeskState {
            desk: app::lifecycle::desk(store, &dir, None)?,
        })
    })
}

pub fn desk_set(
    at: &Surface,
    payload::DeskRequest { desk }: payload::DeskRequest,
) -> CommandResult<DeskState> {
    let shop = &at.shop;
    let dir = shop.data_dir()?.to_owned();
    shop.with_store(|store| {
        Ok(DeskState {
            desk: app::lifecycle::desk(store, &dir, Some(desk))?,
        })
    })
}

/// The customer notice, to show on screen.
pub fn customer_notice(
    at: &Surface,
    LangRequest { lang }: LangRequest,
) -> CommandResult<claim_core::privacy::CustomerNotice> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::lifecycle::customer_notice(store, lang.0)?))
}

/// The customer notice as a printable PDF at the path the owner chose; it
/// opens in the system viewer like a claim PDF.
pub fn customer_notice_pdf(
    at: &Surface,
    payload::NoticePdfRequest { file: token, lang }: payload::NoticePdfRequest,
) -> CommandResult<String> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SaveNotice])?;
    shop.with_store(|store| Ok(app::lifecycle::customer_notice_pdf(store, lang.0, &file)?))?;
    shop.made(&file)?;
    Ok(file.display().to_string())
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

/// Imports a receipt or answers file the association sent: verified, for
/// claims here, then each claim moves (submitted, or open again with the
/// association's reason).
pub fn reply_import(
    at: &Surface,
    FileRequest { file: token }: FileRequest,
) -> CommandResult<app::reply::ReplyImported> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::Reply])?;
    shop.with_store(|store| Ok(app::reply::import_reply(store, &file)?))
}

/// "Back up now" to a file the owner chose.
#[derive(Serialize)]
pub struct BackupDone {
    path: String,
}

pub fn backup_now(
    at: &Surface,
    FileRequest { file: token }: FileRequest,
) -> CommandResult<BackupDone> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SaveBackup])?;
    shop.with_store(|store| {
        app::claims::backup(store, &file)?;
        log::info!("manual backup written");
        Ok(BackupDone {
            path: file.display().to_string(),
        })
    })
}

#[derive(Serialize)]
pub struct Restored {
    claims: usize,
}

/// Replaces the store with a backup. Works also when the store could not be
/// opened: that is when an owner needs it most.
pub fn backup_restore(
    at: &Surface,
    FileRequest { file: token }: FileRequest,
) -> CommandResult<Restored> {
    let shop = &at.shop;
    let association = &at.association;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::BackupToRestore])?;
    let dir = shop.data_dir()?.to_owned();
    // The association's desk in this folder holds its lock too.
    association.close_desk()?;
    let mut slot = shop.store.lock()?;
    // Close the current connection before its file is replaced.
    *slot = Some(Err(WindowError::Internal.into()));
    match app::claims::restore(&dir, &file) {
        Ok((store, claims)) => {
            *slot = Some(Ok(store));
            log::info!("restored a backup with {claims} claims");
            Ok(Restored { claims })
        }
        Err(error) => {
            // The data is as it was: open it again as it is.
            *slot = Some(app::claims::open_store(&dir).map_err(CommandError::from));
            Err(error.into())
        }
    }
}
