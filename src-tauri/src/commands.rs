//! The commands the window calls on the store. Thin glue: each reads its
//! payload (`payload`), does one thing through `claim_store`, and answers
//! with a result or `{code, message}`. Nothing here logs what a claim holds.

use crate::files::{read_limited, ReadFailure};
use crate::payload::{
    self, AssessRequest, BundleRequest, BusinessRequest, CheckBusinessRequest, ClaimListRequest,
    CommandError, DocumentRequest, Empty, EvidenceRemoveRequest, EvidenceRequest, ExportRequest,
    IdRequest, LangRequest, PathRequest, PdfRequest, SalesPreviewRequest, StatusRequest,
};
use claim_core::codes::{EvidenceKind, Vocabulary};
use claim_core::Lang;
use claim_store::{
    AuditEntry, BusinessProfile, ClaimFilter, ClaimSummary, EvidenceEntry, ExportReceipt, Status,
    Store, StoreError, MAX_EVIDENCE_BYTES,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

/// The store as the window sees it: open, or why it could not be opened (the
/// window still starts, so the owner can restore a backup).
pub struct Desk {
    data_dir: Result<PathBuf, CommandError>,
    store: Mutex<Result<Store, CommandError>>,
    /// The PDFs this window made: the only files it may ask the system to
    /// open, so the window cannot be used to launch anything else.
    made_pdfs: Mutex<HashSet<PathBuf>>,
}

impl Desk {
    pub fn open(data_dir: Result<PathBuf, String>) -> Desk {
        let data_dir = data_dir.map_err(|message| CommandError {
            code: "E_DATA_DIR",
            message,
        });
        let mut store = match &data_dir {
            Ok(dir) => crate::clock::open_store(dir).map_err(|error| store_error(&error)),
            Err(error) => Err(error.clone()),
        };
        if let Err(error) = &store {
            log::error!("the store did not open: {}", error.code);
        }
        // Customer details whose retention time has passed go at start.
        if let (Ok(store), Ok(dir)) = (&mut store, &data_dir) {
            match crate::lifecycle::erase_expired(store, dir, crate::clock::now()) {
                Ok(erased) => log::info!(
                    "retention: customer details erased from {} shop and {} association claims",
                    erased.shop,
                    erased.association
                ),
                Err(message) => log::warn!("retention sweep failed: {message}"),
            }
        }
        Desk {
            data_dir,
            store: Mutex::new(store),
            made_pdfs: Mutex::new(HashSet::new()),
        }
    }

    /// The incidents claims may name: the store's (built in and imported),
    /// or the built-in ones while the store is not open.
    fn presets(&self) -> claim_core::Presets {
        self.store
            .lock()
            .ok()
            .and_then(|slot| slot.as_ref().ok().map(|store| store.presets().clone()))
            .unwrap_or_default()
    }

    fn data_dir(&self) -> Result<&Path, CommandError> {
        self.data_dir.as_deref().map_err(Clone::clone)
    }

    /// Runs `work` on the open store, one caller at a time.
    fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let mut slot = self.store.lock().map_err(|_| internal())?;
        match &mut *slot {
            Ok(store) => work(store),
            Err(error) => Err(error.clone()),
        }
    }
}

fn internal() -> CommandError {
    CommandError {
        code: "E_INTERNAL",
        message: "프로그램 내부 오류입니다. ClaimDesk를 다시 시작해 주세요. (Internal error: please restart ClaimDesk.)".to_owned(),
    }
}

/// Store errors carry their stable code and a message with no claim content.
pub fn store_error(error: &StoreError) -> CommandError {
    CommandError {
        code: error.code(),
        message: error.to_string(),
    }
}

pub fn read_body<T: DeserializeOwned>(request: &Request<'_>) -> Result<T, CommandError> {
    match request.body() {
        InvokeBody::Json(body) => payload::read(body),
        InvokeBody::Raw(_) => Err(payload::refuse_raw()),
    }
}

fn from_store<T>(result: Result<T, StoreError>) -> Result<T, CommandError> {
    result.map_err(|error| store_error(&error))
}

fn status_from(code: &str) -> Result<Status, CommandError> {
    Status::from_code(code).ok_or_else(payload::malformed)
}

/// Whether the store is open, and if not, why and which backup to offer.
#[derive(Serialize)]
pub struct StoreState {
    ready: bool,
    error: Option<CommandError>,
    data_dir: Option<String>,
    latest_backup: Option<String>,
}

#[tauri::command(async)]
pub fn store_status(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<StoreState, CommandError> {
    let _: Empty = read_body(&request)?;
    let error = desk
        .store
        .lock()
        .map_err(|_| internal())?
        .as_ref()
        .err()
        .cloned();
    let data_dir = desk.data_dir().ok();
    let latest_backup = data_dir
        .and_then(|dir| claim_store::daily_backups(&claim_store::backup_dir(dir)).ok())
        .and_then(|backups| backups.into_iter().next())
        .map(|path| path.display().to_string());
    Ok(StoreState {
        ready: error.is_none(),
        error,
        data_dir: data_dir.map(|dir| dir.display().to_string()),
        latest_backup,
    })
}

#[tauri::command(async)]
pub fn claims_list(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<Vec<ClaimSummary>, CommandError> {
    let request: ClaimListRequest = read_body(&request)?;
    let filter = ClaimFilter {
        status: request.status.as_deref().map(status_from).transpose()?,
        incident: request.incident.map(|text| text.0),
        business_id: request.business_id.map(|id| id.0),
        text: request.text.map(|text| text.0),
        order: match request.order.as_deref() {
            None | Some("newest") => claim_store::ClaimOrder::Newest,
            Some("deadline") => claim_store::ClaimOrder::Deadline,
            Some(_) => return Err(payload::malformed()),
        },
    };
    desk.with_store(|store| from_store(store.list(&filter)))
}

/// One whole claim: its list row, the document as entered, its evidence and
/// its audit trail.
#[derive(Serialize)]
pub struct WholeClaim {
    summary: ClaimSummary,
    document: serde_json::Value,
    evidence: Vec<EvidenceEntry>,
    audit: Vec<AuditEntry>,
    /// The day (Korea time, `YYYY-MM-DD`) the retention time erases its
    /// customer details: a settled or withdrawn claim still holding some.
    customer_details_erased_on: Option<String>,
}

#[tauri::command(async)]
pub fn claim_get(request: Request<'_>, desk: State<'_, Desk>) -> Result<WholeClaim, CommandError> {
    let IdRequest { id } = read_body(&request)?;
    desk.with_store(|store| {
        let claim = from_store(store.claim(&id.0))?;
        Ok(WholeClaim {
            evidence: from_store(store.evidence(&id.0))?,
            audit: from_store(store.audit(&id.0))?,
            customer_details_erased_on: from_store(store.customer_details_erased_on(&id.0))?
                .and_then(|at| chrono::DateTime::parse_from_rfc3339(&at).ok())
                .map(|at| claim_core::dates::kst_date(at).to_string()),
            summary: claim.summary,
            document: claim.document,
        })
    })
}

/// Saves a draft as the owner types: durable once this returns.
#[tauri::command(async)]
pub fn claim_save(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<ClaimSummary, CommandError> {
    let DocumentRequest { document } = read_body(&request)?;
    let bytes = serde_json::to_vec(&document).map_err(|_| internal())?;
    desk.with_store(|store| {
        let saved = from_store(store.save_claim(&bytes))?;
        log::info!(
            "claim {} saved ({} errors)",
            saved.number,
            saved.error_count
        );
        Ok(saved)
    })
}

#[tauri::command(async)]
pub fn claim_set_status(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<ClaimSummary, CommandError> {
    let StatusRequest { id, status } = read_body(&request)?;
    let status = status_from(&status)?;
    desk.with_store(|store| {
        let moved = from_store(store.set_status(&id.0, status))?;
        log::info!("claim {} is now {}", moved.number, status.code());
        Ok(moved)
    })
}

#[tauri::command(async)]
pub fn claim_duplicate(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<ClaimSummary, CommandError> {
    let IdRequest { id } = read_body(&request)?;
    desk.with_store(|store| from_store(store.duplicate_claim(&id.0)))
}

#[tauri::command(async)]
pub fn claim_delete(request: Request<'_>, desk: State<'_, Desk>) -> Result<(), CommandError> {
    let IdRequest { id } = read_body(&request)?;
    desk.with_store(|store| from_store(store.delete_claim(&id.0)))
}

/// A file the owner picked could not be read.
fn read_error(failure: &ReadFailure) -> CommandError {
    CommandError {
        code: "E_FILE_READ",
        message: failure.message(Lang::Ko),
    }
}

/// Stores a `claimdesk.claim/1` file (an exported copy, or one from
/// another shop PC).
#[tauri::command(async)]
pub fn claim_import(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<ClaimSummary, CommandError> {
    let PathRequest { path } = read_body(&request)?;
    let bytes = crate::files::read_claim_file(&path.0).map_err(|failure| CommandError {
        code: match failure {
            ReadFailure::TooLarge { .. } => "E_FILE_TOO_LARGE",
            ReadFailure::Io { .. } => "E_FILE_READ",
        },
        message: failure.claim_message(Lang::Ko),
    })?;
    desk.with_store(|store| from_store(store.save_claim(&bytes)))
}

#[tauri::command(async)]
pub fn claim_export(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<ExportReceipt, CommandError> {
    let ExportRequest { id, path } = read_body(&request)?;
    desk.with_store(|store| {
        let receipt = from_store(store.export_claim(&id.0, &path.0))?;
        log::info!(
            "claim {} exported (sha256 {})",
            receipt.number,
            receipt.sha256
        );
        Ok(receipt)
    })
}

/// Imports an evidence file into the store and attaches it to a claim.
#[tauri::command(async)]
pub fn evidence_add(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<EvidenceEntry, CommandError> {
    let EvidenceRequest {
        claim_id,
        kind,
        path,
    } = read_body(&request)?;
    let kind = EvidenceKind::from_code(&kind).ok_or_else(payload::malformed)?;
    let bytes = read_limited(&path.0, MAX_EVIDENCE_BYTES).map_err(|failure| match failure {
        ReadFailure::TooLarge { bytes } => store_error(&StoreError::EvidenceTooLarge {
            megabytes: bytes.div_ceil(1024 * 1024),
        }),
        ReadFailure::Io { .. } => read_error(&failure),
    })?;
    let file_name = path
        .0
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    desk.with_store(|store| from_store(store.add_evidence(&claim_id.0, kind, &file_name, &bytes)))
}

/// What a sales file the owner picked gives (day totals, unreadable rows,
/// the columns used), before anything is applied: the window shows it and
/// the owner decides.
#[tauri::command(async)]
pub fn sales_preview(request: Request<'_>) -> Result<crate::sales_file::Preview, CommandError> {
    let SalesPreviewRequest {
        path,
        date_column,
        amount_column,
        lang,
    } = read_body(&request)?;
    let choice = date_column
        .zip(amount_column)
        .map(|(date, amount)| claim_import::ColumnChoice {
            date: date.0,
            amount: amount.0,
        });
    crate::sales_file::preview(&path.0, choice.as_ref(), lang.0)
        .map(|(_, preview)| preview)
        .map_err(|failure| CommandError {
            code: failure.code,
            message: failure.message,
        })
}

/// Detaches an attached evidence file from a claim (the wrong file picked).
#[tauri::command(async)]
pub fn evidence_remove(request: Request<'_>, desk: State<'_, Desk>) -> Result<(), CommandError> {
    let EvidenceRemoveRequest {
        claim_id,
        kind,
        sha256,
    } = read_body(&request)?;
    let kind = EvidenceKind::from_code(&kind).ok_or_else(payload::malformed)?;
    desk.with_store(|store| from_store(store.remove_evidence(&claim_id.0, kind, &sha256.0)))
}

#[tauri::command(async)]
pub fn business_list(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<Vec<BusinessProfile>, CommandError> {
    let _: Empty = read_body(&request)?;
    desk.with_store(|store| from_store(store.businesses()))
}

#[tauri::command(async)]
pub fn business_save(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<BusinessProfile, CommandError> {
    let BusinessRequest { business } = read_body(&request)?;
    desk.with_store(|store| from_store(store.save_business(&business)))
}

/// The live assessment of the claim being typed: the report, the three
/// baseline methods side by side and the dates the sales grid needs. No
/// store: it answers for whatever the window holds, saved or not.
#[tauri::command(async)]
pub fn claim_assess(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<crate::desk_data::Assessed, CommandError> {
    let AssessRequest { document, lang } = read_body(&request)?;
    Ok(crate::desk_data::assess(
        &document,
        lang.0,
        &desk.presets(),
        crate::clock::today_in_korea(),
    ))
}

/// The problems of a business profile form, field by field, from the rules.
#[tauri::command(async)]
pub fn check_business(
    request: Request<'_>,
) -> Result<Vec<crate::desk_data::FieldError>, CommandError> {
    let CheckBusinessRequest { business, lang } = read_body(&request)?;
    Ok(crate::desk_data::check_business(&business, lang.0))
}

/// Presets and vocabularies with their labels.
#[tauri::command(async)]
pub fn reference_data(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<crate::desk_data::ReferenceData, CommandError> {
    let LangRequest { lang } = read_body(&request)?;
    Ok(crate::desk_data::reference_data(lang.0, &desk.presets()))
}

/// The incidents, built in and imported, with their verification and deadlines.
#[tauri::command(async)]
pub fn incidents_list(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<Vec<claim_store::IncidentEntry>, CommandError> {
    let _: Empty = read_body(&request)?;
    desk.with_store(|store| from_store(store.incidents()))
}

/// Imports the definition file the owner chose in the system dialog.
#[tauri::command(async)]
pub fn incident_import(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<claim_store::ImportedIncident, CommandError> {
    let payload::IncidentImportRequest { path, lang } = read_body(&request)?;
    let bytes = read_limited(&path.0, 1024 * 1024).map_err(|failure| read_error(&failure))?;
    desk.with_store(|store| {
        let imported = store
            .import_incident(&bytes)
            .map_err(|error| CommandError {
                code: error.code(),
                message: error.message(lang.0),
            })?;
        log::info!(
            "incident {} imported ({})",
            imported.incident.id,
            imported.incident.verification.code()
        );
        Ok(imported)
    })
}

/// The signing keys whose incident definitions show as verified.
#[tauri::command(async)]
pub fn keys_list(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<Vec<claim_store::KeyEntry>, CommandError> {
    let _: Empty = read_body(&request)?;
    desk.with_store(|store| from_store(store.keys()))
}

/// Trusts another signing key; definitions already imported are checked
/// against it at once.
#[tauri::command(async)]
pub fn key_trust(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<claim_store::KeyEntry, CommandError> {
    let payload::TrustKeyRequest { public_key, name } = read_body(&request)?;
    desk.with_store(|store| {
        let key = from_store(store.trust_key(&public_key.0, &name.0))?;
        log::info!("signing key {} trusted", key.fingerprint);
        Ok(key)
    })
}

/// The owner's "erase now": the claim's customer names and phones go.
#[tauri::command(async)]
pub fn claim_erase_customers(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<bool, CommandError> {
    let IdRequest { id } = read_body(&request)?;
    desk.with_store(|store| {
        from_store(store.erase_customer_details(
            &id.0,
            claim_store::ErasureReason::Owner,
            crate::clock::now(),
        ))
    })
}

/// The retention setting and when this claim's details will be erased.
#[derive(Serialize)]
pub struct RetentionState {
    days: u32,
}

#[tauri::command(async)]
pub fn retention_get(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<RetentionState, CommandError> {
    let _: Empty = read_body(&request)?;
    desk.with_store(|store| {
        Ok(RetentionState {
            days: from_store(store.retention_days())?,
        })
    })
}

#[tauri::command(async)]
pub fn retention_set(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<RetentionState, CommandError> {
    let payload::RetentionRequest { days } = read_body(&request)?;
    desk.with_store(|store| {
        from_store(store.set_retention_days(days))?;
        Ok(RetentionState { days })
    })
}

/// The customer notice, to show on screen.
#[tauri::command(async)]
pub fn customer_notice(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<claim_core::privacy::CustomerNotice, CommandError> {
    let LangRequest { lang } = read_body(&request)?;
    notice_of(&desk, lang.0)
}

fn notice_of(desk: &Desk, lang: Lang) -> Result<claim_core::privacy::CustomerNotice, CommandError> {
    desk.with_store(|store| {
        crate::lifecycle::customer_notice(store, lang).map_err(|message| CommandError {
            code: "E_STORE",
            message,
        })
    })
}

/// The customer notice as a printable PDF at the path the owner chose; it
/// opens in the system viewer like a claim PDF.
#[tauri::command(async)]
pub fn customer_notice_pdf(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<String, CommandError> {
    let payload::NoticePdfRequest { path, lang } = read_body(&request)?;
    let notice = notice_of(&desk, lang.0)?;
    let bytes =
        claim_pdf::render_notice(&notice, crate::clock::now(), &claim_pdf::FontChoice::System)
            .map_err(|error| CommandError {
                code: error.code(),
                message: error.to_string(),
            })?;
    crate::files::write_whole(&path.0, &bytes).map_err(|error| CommandError {
        code: "E_FILE_WRITE",
        message: format!("파일을 쓸 수 없습니다: {} ({error})", path.0.display()),
    })?;
    desk.made_pdfs
        .lock()
        .map_err(|_| internal())?
        .insert(path.0.clone());
    Ok(path.0.display().to_string())
}

/// What making a PDF gave.
#[derive(Serialize)]
pub struct PdfMade {
    path: String,
    pages: usize,
    sha256: String,
    /// The claim's status after a final PDF (`exported`, or `submitted` for
    /// another copy of a submitted claim); null for a draft PDF.
    status: Option<Status>,
}

/// Makes the claim's PDF at the path the owner chose and audits the export.
/// A claim with errors is refused (`E_CLAIM_HAS_ERRORS`, the errors in the
/// message) unless it is a draft.
#[tauri::command(async)]
pub fn claim_pdf(request: Request<'_>, desk: State<'_, Desk>) -> Result<PdfMade, CommandError> {
    use crate::claim_pdf::{options, stored_claim, write_pdf, PdfFailure};
    let request: PdfRequest = read_body(&request)?;
    let lang = request.lang.0;
    let failure = |failure: PdfFailure| match failure {
        PdfFailure::Pdf(claim_pdf::PdfError::HasErrors(errors)) => CommandError {
            code: "E_CLAIM_HAS_ERRORS",
            message: std::iter::once(claim_pdf::PdfError::HasErrors(errors.clone()).to_string())
                .chain(errors.iter().map(|error| error.message.clone()))
                .collect::<Vec<_>>()
                .join("\n"),
        },
        other => CommandError {
            code: other.code(),
            message: other.message(lang),
        },
    };
    desk.with_store(|store| {
        let (document, number, evidence) = stored_claim(store, &request.id.0).map_err(failure)?;
        let mut options = options(lang, crate::clock::now(), store.presets());
        options.number = Some(number.clone());
        options.draft = request.draft;
        options.include_customer_details = request.include_customer_details;
        let rendered =
            write_pdf(&document, &evidence, &options, &request.path.0).map_err(failure)?;
        let sha256 = claim_store::sha256_hex(&rendered.bytes);
        let status = if request.draft {
            from_store(store.record_export(&request.id.0, &sha256))?;
            None
        } else {
            Some(from_store(store.record_filed_pdf(&request.id.0, &sha256))?.status)
        };
        log::info!("claim {number} PDF made ({} pages)", rendered.pages);
        desk.made_pdfs
            .lock()
            .map_err(|_| internal())?
            .insert(request.path.0.clone());
        Ok(PdfMade {
            path: request.path.0.display().to_string(),
            pages: rendered.pages,
            sha256,
            status,
        })
    })
}

/// Opens a PDF this window made in the system's PDF viewer.
#[tauri::command(async)]
pub fn claim_pdf_open(request: Request<'_>, desk: State<'_, Desk>) -> Result<(), CommandError> {
    let PathRequest { path } = read_body(&request)?;
    let made = desk
        .made_pdfs
        .lock()
        .map_err(|_| internal())?
        .contains(&path.0);
    if !made {
        return Err(CommandError {
            code: "E_PDF_NOT_MADE_HERE",
            message: "이 창에서 만든 PDF만 열 수 있습니다.".to_owned(),
        });
    }
    tauri_plugin_opener::open_path(&path.0, None::<&str>).map_err(|error| {
        // The path is the owner's own choice of file, not customer data.
        log::warn!("the PDF viewer did not start: {error}");
        CommandError {
            code: "E_VIEWER",
            message: format!(
                "PDF는 만들어졌지만 여는 프로그램을 실행하지 못했습니다. 파일을 직접 열어 주세요: {}",
                path.0.display()
            ),
        }
    })
}

/// One bundle of the chosen claims for the association (PDFs included;
/// customer details masked unless the owner opted in).
#[tauri::command(async)]
pub fn claims_bundle(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<crate::bundle_out::BundleMade, CommandError> {
    let BundleRequest {
        ids,
        path,
        include_customer_details,
        lang,
    } = read_body(&request)?;
    if ids.is_empty() {
        return Err(payload::malformed());
    }
    let ids: Vec<String> = ids.into_iter().map(|id| id.0).collect();
    desk.with_store(|store| {
        let made = crate::bundle_out::make_bundle(
            store,
            &ids,
            &path.0,
            include_customer_details,
            lang.0,
            crate::clock::now(),
        )
        .map_err(|failure| CommandError {
            code: failure.code,
            message: failure.message,
        })?;
        log::info!(
            "bundle of {} claims made (sha256 {})",
            made.claims,
            made.sha256
        );
        Ok(made)
    })
}

/// Stores the claim attached to a ClaimDesk PDF (not over a stored one).
#[tauri::command(async)]
pub fn claim_import_pdf(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<ClaimSummary, CommandError> {
    let PathRequest { path } = read_body(&request)?;
    desk.with_store(|store| {
        crate::claim_pdf::import_attached(store, &path.0).map_err(|failure| CommandError {
            code: failure.code(),
            message: failure.message(Lang::Ko),
        })
    })
}

/// "Back up now" to a file the owner chose.
#[derive(Serialize)]
pub struct BackupDone {
    path: String,
}

#[tauri::command(async)]
pub fn backup_now(request: Request<'_>, desk: State<'_, Desk>) -> Result<BackupDone, CommandError> {
    let PathRequest { path } = read_body(&request)?;
    desk.with_store(|store| {
        from_store(store.backup_to(&path.0))?;
        log::info!("manual backup written");
        Ok(BackupDone {
            path: path.0.display().to_string(),
        })
    })
}

#[derive(Serialize)]
pub struct Restored {
    claims: usize,
}

/// Replaces the store with a backup. Works also when the store could not be
/// opened: that is when an owner needs it most.
#[tauri::command(async)]
pub fn backup_restore(
    request: Request<'_>,
    desk: State<'_, Desk>,
) -> Result<Restored, CommandError> {
    let PathRequest { path } = read_body(&request)?;
    let dir = desk.data_dir()?.to_owned();
    let mut slot = desk.store.lock().map_err(|_| internal())?;
    // Close the current connection before its file is replaced.
    *slot = Err(internal());
    match crate::clock::restore_store(&dir, &path.0) {
        Ok(store) => {
            let claims = from_store(store.list(&ClaimFilter::default()))?.len();
            *slot = Ok(store);
            log::info!("restored a backup with {claims} claims");
            Ok(Restored { claims })
        }
        Err(error) => {
            // The data is as it was: open it again as it is.
            *slot = crate::clock::open_store(&dir).map_err(|error| store_error(&error));
            Err(store_error(&error))
        }
    }
}

/// The automatic backup on the first start of a (Korean) day, made on its
/// own connection and thread so the window does not wait for it.
pub fn start_daily_backup(data_dir: &Result<PathBuf, String>) {
    let Ok(dir) = data_dir.clone() else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("daily-backup".into())
        .spawn(move || {
            let outcome = crate::clock::open_store(&dir).and_then(|store| {
                store.daily_backup(
                    &claim_store::backup_dir(&dir),
                    crate::clock::today_in_korea(),
                )
            });
            match outcome {
                Ok(Some(file)) => log::info!("daily backup written: {}", file.display()),
                Ok(None) => log::info!("today's backup already exists"),
                Err(error) => log::warn!("daily backup failed: {}", error.code()),
            }
        });
    if spawned.is_err() {
        log::warn!("daily backup could not start");
    }
}
