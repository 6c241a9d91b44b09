//! The association's commands: each reads its payload and calls
//! `app::association` or the desk. An intake runs on its own; the window
//! asks how far it is (`assoc_progress`) and can cancel it (`assoc_cancel`),
//! in which case nothing of it is kept.

use super::chosen::{ChosenFiles, Purpose};
use super::error::{CommandError, CommandResult, WindowError};
use super::payload::{
    self, AssocExportRequest, AssocListRequest, AssocNoteRequest, AssocReviewRequest, Empty,
    FilesRequest, IdRequest, LangRequest,
};
use super::read_body;
use crate::app::association::{self, TableFormat};
use crate::app::AppError;
use claim_assoc::desk::{AssocDesk, ReceivedClaim, Review};
use claim_assoc::intake::{IntakeProgress, IntakeReport};
use claim_assoc::stats::Stats;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tauri::ipc::Request;
use tauri::State;

/// The association's desk, opened on first use, and the intake under way.
pub struct AssociationState {
    data_dir: Result<PathBuf, CommandError>,
    desk: Mutex<Option<AssocDesk>>,
    progress: Mutex<Option<IntakeProgress>>,
    cancel: AtomicBool,
}

impl AssociationState {
    pub fn new(data_dir: Result<PathBuf, AppError>) -> AssociationState {
        AssociationState {
            data_dir: data_dir.map_err(CommandError::from),
            desk: Mutex::new(None),
            progress: Mutex::new(None),
            cancel: AtomicBool::new(false),
        }
    }

    fn with_desk<T>(
        &self,
        work: impl FnOnce(&mut AssocDesk, &std::path::Path) -> CommandResult<T>,
    ) -> CommandResult<T> {
        let dir = self.data_dir.as_ref().map_err(Clone::clone)?;
        let mut slot = self.desk.lock()?;
        if slot.is_none() {
            *slot = Some(association::open_desk(dir)?);
        }
        match slot.as_mut() {
            Some(desk) => work(desk, dir),
            None => Err(WindowError::Internal.into()),
        }
    }
}

/// Takes in the files the staff picked; answers when the intake is over.
#[tauri::command(async)]
pub fn assoc_take_in(
    request: Request<'_>,
    state: State<'_, AssociationState>,
    chosen: State<'_, ChosenFiles>,
) -> CommandResult<IntakeReport> {
    let FilesRequest { files, lang } = read_body(&request)?;
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|token| chosen.path(token, &[Purpose::AssocIntake]))
        .collect::<Result<_, _>>()?;
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
    let report = state.with_desk(|desk, dir| {
        Ok(association::take_in(
            desk,
            dir,
            &paths,
            lang.0,
            &progress,
            &state.cancel,
        )?)
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
    state: State<'_, AssociationState>,
) -> CommandResult<Option<IntakeProgress>> {
    let _: Empty = read_body(&request)?;
    Ok(*state.progress.lock()?)
}

/// Cancels the intake under way: nothing of it is kept.
#[tauri::command(async)]
pub fn assoc_cancel(request: Request<'_>, state: State<'_, AssociationState>) -> CommandResult<()> {
    let _: Empty = read_body(&request)?;
    state.cancel.store(true, Ordering::SeqCst);
    Ok(())
}

#[tauri::command(async)]
pub fn assoc_list(
    request: Request<'_>,
    state: State<'_, AssociationState>,
) -> CommandResult<Vec<association::ListedClaim>> {
    let AssocListRequest { all, lang } = read_body(&request)?;
    state.with_desk(|desk, _| Ok(association::list(desk, all, lang.0)?))
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
    /// What it would change of the current claim's bank account,
    /// representative or phone, when it waits for the staff.
    held: Vec<claim_assoc::desk::HeldChange>,
}

#[tauri::command(async)]
pub fn assoc_claim(
    request: Request<'_>,
    state: State<'_, AssociationState>,
) -> CommandResult<AssocClaim> {
    let IdRequest { id } = read_body(&request)?;
    state.with_desk(|desk, _| {
        let claim = desk.get(id.as_str())?;
        let replaced = desk
            .replaced(id.as_str())?
            .into_iter()
            .map(|(claim, differences)| Replaced { claim, differences })
            .collect();
        let held = desk.held_comparison(id.as_str(), claim_core::Lang::Ko)?;
        Ok(AssocClaim {
            claim,
            replaced,
            held,
        })
    })
}

/// The staff's decision on a held change: applied (the claim becomes
/// current) or dismissed (the current claim stays).
#[tauri::command(async)]
pub fn assoc_decide_held(
    request: Request<'_>,
    state: State<'_, AssociationState>,
) -> CommandResult<ReceivedClaim> {
    let payload::AssocHeldRequest { id, apply } = read_body(&request)?;
    state.with_desk(|desk, _| Ok(desk.decide_held(id.as_str(), apply)?))
}

#[tauri::command(async)]
pub fn assoc_review(
    request: Request<'_>,
    state: State<'_, AssociationState>,
) -> CommandResult<ReceivedClaim> {
    let AssocReviewRequest { id, status, note } = read_body(&request)?;
    let to = Review::from_code(&status).ok_or_else(payload::malformed)?;
    let note = note.map(|note| note.0);
    state.with_desk(|desk, _| Ok(desk.review(id.as_str(), to, note.as_deref())?))
}

/// A staff note on a received claim, without moving its review.
#[tauri::command(async)]
pub fn assoc_note(
    request: Request<'_>,
    state: State<'_, AssociationState>,
) -> CommandResult<ReceivedClaim> {
    let AssocNoteRequest { id, note } = read_body(&request)?;
    state.with_desk(|desk, _| Ok(desk.note(id.as_str(), &note.0)?))
}

/// The staff's "erase now": a received claim's customer names and phones go
/// (and its PDF, if it showed them in full).
#[tauri::command(async)]
pub fn assoc_erase_customers(
    request: Request<'_>,
    state: State<'_, AssociationState>,
) -> CommandResult<ReceivedClaim> {
    let IdRequest { id } = read_body(&request)?;
    state.with_desk(|desk, _| {
        desk.erase_customer_details(id.as_str())?;
        Ok(desk.get(id.as_str())?)
    })
}

#[tauri::command(async)]
pub fn assoc_stats(
    request: Request<'_>,
    state: State<'_, AssociationState>,
) -> CommandResult<Stats> {
    let LangRequest { lang } = read_body(&request)?;
    state.with_desk(|desk, _| Ok(claim_assoc::stats::stats(desk, lang.0)?))
}

/// Writes the table as CSV (UTF-8 with BOM) or XLSX, whole or not at all.
#[tauri::command(async)]
pub fn assoc_export(
    request: Request<'_>,
    state: State<'_, AssociationState>,
    chosen: State<'_, ChosenFiles>,
) -> CommandResult<String> {
    let AssocExportRequest {
        file: token,
        format,
        lang,
    } = read_body(&request)?;
    let format = match format.as_str() {
        "csv" => TableFormat::Csv,
        "xlsx" => TableFormat::Xlsx,
        _ => return Err(payload::malformed()),
    };
    let purpose = match format {
        TableFormat::Csv => Purpose::SaveTableCsv,
        TableFormat::Xlsx => Purpose::SaveTableXlsx,
    };
    let file = chosen.path(&token, &[purpose])?;
    state.with_desk(|desk, _| Ok(association::export_table(desk, format, lang.0, &file)?))?;
    Ok(file.display().to_string())
}
