//! The window's association mode: thin glue over `claim_assoc`. An intake
//! runs on its own; the window asks how far it is (`assoc_progress`) and can
//! cancel it (`assoc_cancel`), in which case nothing of it is kept.

use crate::commands::read_body;
use crate::payload::{
    self, AssocExportRequest, AssocListRequest, AssocNoteRequest, AssocReviewRequest, CommandError,
    Empty, IdRequest, LangRequest, PathsRequest,
};
use claim_assoc::desk::{AssocDesk, DeskError, ReceivedClaim, Review};
use claim_assoc::intake::{IntakeProgress, IntakeReport};
use claim_assoc::stats::Stats;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tauri::ipc::Request;
use tauri::State;

/// The association's desk, opened on first use, and the intake under way.
pub struct AssocState {
    data_dir: Result<PathBuf, String>,
    desk: Mutex<Option<AssocDesk>>,
    progress: Mutex<Option<IntakeProgress>>,
    cancel: AtomicBool,
}

impl AssocState {
    pub fn new(data_dir: Result<PathBuf, String>) -> AssocState {
        AssocState {
            data_dir,
            desk: Mutex::new(None),
            progress: Mutex::new(None),
            cancel: AtomicBool::new(false),
        }
    }

    fn with_desk<T>(
        &self,
        work: impl FnOnce(&mut AssocDesk) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let mut slot = self.desk.lock().map_err(|_| busy())?;
        if slot.is_none() {
            let dir = self.data_dir.as_ref().map_err(|message| CommandError {
                code: "E_DATA_DIR",
                message: message.clone(),
            })?;
            *slot =
                Some(
                    crate::lifecycle::open_assoc_desk(dir).map_err(|message| CommandError {
                        code: "E_ASSOC_OPEN",
                        message,
                    })?,
                );
        }
        match slot.as_mut() {
            Some(desk) => work(desk),
            None => Err(busy()),
        }
    }
}

fn busy() -> CommandError {
    CommandError {
        code: "E_INTERNAL",
        message: "연합회 자료를 열 수 없습니다. ClaimDesk를 다시 시작해 주세요.".to_owned(),
    }
}

fn desk_error(error: &DeskError) -> CommandError {
    CommandError {
        code: error.code(),
        message: error.message(claim_core::Lang::Ko),
    }
}

/// Takes in the files the staff picked; answers when the intake is over.
#[tauri::command(async)]
pub fn assoc_take_in(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<IntakeReport, CommandError> {
    let PathsRequest { paths, lang } = read_body(&request)?;
    let paths: Vec<PathBuf> = paths.into_iter().map(|path| path.0).collect();
    state.cancel.store(false, Ordering::SeqCst);
    let progress = |step: IntakeProgress| {
        if let Ok(mut slot) = state.progress.lock() {
            *slot = Some(step);
        }
    };
    progress(IntakeProgress {
        files_done: 0,
        files: paths.len(),
        claims: 0,
    });
    let report = state.with_desk(|desk| {
        // Incidents imported since the desk opened count too.
        if let Ok(Ok(store)) = state.data_dir.as_deref().map(crate::clock::open_store) {
            desk.set_presets(store.presets().clone());
        }
        claim_assoc::intake::take_in_files(desk, &paths, lang.0, &progress, &state.cancel)
            .map_err(|error| desk_error(&error))
    });
    if let Ok(mut slot) = state.progress.lock() {
        *slot = None;
    }
    let report = report?;
    log::info!(
        "association intake: {} files, {} new, {} already, {} problems",
        report.files,
        report.count.received,
        report.count.already,
        report.problems.len()
    );
    Ok(report)
}

/// How far the intake under way is (null when none is).
#[tauri::command(async)]
pub fn assoc_progress(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<Option<IntakeProgress>, CommandError> {
    let _: Empty = read_body(&request)?;
    Ok(*state.progress.lock().map_err(|_| busy())?)
}

/// Cancels the intake under way: nothing of it is kept.
#[tauri::command(async)]
pub fn assoc_cancel(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<(), CommandError> {
    let _: Empty = read_body(&request)?;
    state.cancel.store(true, Ordering::SeqCst);
    Ok(())
}

#[tauri::command(async)]
pub fn assoc_list(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<Vec<ReceivedClaim>, CommandError> {
    let AssocListRequest { all } = read_body(&request)?;
    state.with_desk(|desk| desk.list(all).map_err(|error| desk_error(&error)))
}

/// An older claim of the same business and outage, and what differs.
#[derive(Serialize)]
pub struct Replaced {
    claim: ReceivedClaim,
    differences: Vec<String>,
}

#[derive(Serialize)]
pub struct AssocClaim {
    claim: ReceivedClaim,
    replaced: Vec<Replaced>,
}

#[tauri::command(async)]
pub fn assoc_claim(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<AssocClaim, CommandError> {
    let IdRequest { id } = read_body(&request)?;
    state.with_desk(|desk| {
        let claim = desk.get(&id.0).map_err(|error| desk_error(&error))?;
        let replaced = desk
            .replaced(&id.0)
            .map_err(|error| desk_error(&error))?
            .into_iter()
            .map(|(claim, differences)| Replaced { claim, differences })
            .collect();
        Ok(AssocClaim { claim, replaced })
    })
}

#[tauri::command(async)]
pub fn assoc_review(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<ReceivedClaim, CommandError> {
    let AssocReviewRequest { id, status, note } = read_body(&request)?;
    let to = Review::from_code(&status).ok_or_else(payload::malformed)?;
    let note = note.map(|note| note.0);
    state.with_desk(|desk| {
        desk.review(&id.0, to, note.as_deref())
            .map_err(|error| desk_error(&error))
    })
}

/// A staff note on a received claim, without moving its review.
#[tauri::command(async)]
pub fn assoc_note(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<ReceivedClaim, CommandError> {
    let AssocNoteRequest { id, note } = read_body(&request)?;
    state.with_desk(|desk| {
        desk.note(&id.0, &note.0)
            .map_err(|error| desk_error(&error))
    })
}

/// The staff's "erase now": a received claim's customer names and phones go
/// (and its PDF, if it showed them in full).
#[tauri::command(async)]
pub fn assoc_erase_customers(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<ReceivedClaim, CommandError> {
    let IdRequest { id } = read_body(&request)?;
    state.with_desk(|desk| {
        desk.erase_customer_details(&id.0)
            .and_then(|_| desk.get(&id.0))
            .map_err(|error| desk_error(&error))
    })
}

#[tauri::command(async)]
pub fn assoc_stats(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<Stats, CommandError> {
    let LangRequest { lang } = read_body(&request)?;
    state.with_desk(|desk| {
        claim_assoc::stats::stats(desk, lang.0).map_err(|error| desk_error(&error))
    })
}

/// Writes the table as CSV (UTF-8 with BOM) or XLSX, whole or not at all.
#[tauri::command(async)]
pub fn assoc_export(
    request: Request<'_>,
    state: State<'_, AssocState>,
) -> Result<String, CommandError> {
    let AssocExportRequest { path, format, lang } = read_body(&request)?;
    let bytes = state.with_desk(|desk| {
        let exported = match format.as_str() {
            "csv" => claim_assoc::stats::write_csv(desk, Vec::new(), lang.0),
            "xlsx" => claim_assoc::stats::write_xlsx(desk, lang.0),
            _ => return Err(payload::malformed()),
        };
        exported.map_err(|error| CommandError {
            code: "E_FILE_WRITE",
            message: error.to_string(),
        })
    })?;
    crate::files::write_whole(&path.0, &bytes).map_err(|error| CommandError {
        code: "E_FILE_WRITE",
        message: format!("파일을 쓸 수 없습니다: {} ({error})", path.0.display()),
    })?;
    Ok(path.0.display().to_string())
}
