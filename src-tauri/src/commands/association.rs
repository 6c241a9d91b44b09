//! The association's commands: each reads its payload and calls
//! `app::association` or the desk. An intake runs on its own; the window
//! asks how far it is (`assoc_progress`) and can cancel it (`assoc_cancel`),
//! in which case nothing of it is kept.

use super::chosen::Purpose;
use super::error::{CommandError, CommandResult, WindowError};
use super::payload::{
    self, AssocAnswersRequest, AssocClaimRequest, AssocExportRequest, AssocNoteRequest,
    AssocReceiptRequest, AssocReviewRequest, AssocTableRequest, Empty, FileRequest, FilesRequest,
    IdRequest, LangRequest,
};
use super::Surface;
use crate::app::association::{self, TableFormat};
use crate::app::AppError;
use claim_assoc::desk::{AssocDesk, Desk, ReceivedClaim, Review, SqliteStore, Store};
use claim_assoc::intake::{IntakeProgress, IntakeReport};
use claim_assoc::stats::Stats;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Where the association's review commands find their desk: the window's
/// own SQLite desk ([`Surface`]), or the association server's PostgreSQL for
/// the member of staff signed in to the request. The commands written
/// against it are served by both (`desk_commands!`).
pub trait DeskAt {
    type Store: Store;
    /// Runs `work` on the desk, its moves logged as the caller's.
    fn with_desk<T>(
        &self,
        work: impl FnOnce(&mut Desk<Self::Store>) -> CommandResult<T>,
    ) -> CommandResult<T>;
    /// The incidents the page names claims by (the built-in ones and those
    /// imported where it runs).
    fn known_incidents(&self) -> claim_core::Incidents;
}

impl DeskAt for Surface {
    type Store = SqliteStore;
    fn with_desk<T>(
        &self,
        work: impl FnOnce(&mut AssocDesk) -> CommandResult<T>,
    ) -> CommandResult<T> {
        self.association.with_desk(|desk, _| work(desk))
    }

    fn known_incidents(&self) -> claim_core::Incidents {
        self.shop.known_incidents()
    }
}

/// The association's desk, opened on first use, and the intake under way.
pub struct AssociationState {
    data_dir: Result<PathBuf, CommandError>,
    desk: Mutex<Option<AssocDesk>>,
    progress: Mutex<Option<IntakeProgress>>,
    cancel: AtomicBool,
    /// The signing key file the staff chose in this run (never kept: the
    /// secret stays where the association keeps it).
    signing_key: Mutex<Option<PathBuf>>,
    /// The receipt PDFs written in this run, by received claim, to open.
    receipts: Mutex<HashMap<String, PathBuf>>,
}

impl AssociationState {
    pub fn new(data_dir: Result<PathBuf, AppError>) -> AssociationState {
        AssociationState {
            data_dir: data_dir.map_err(CommandError::from),
            desk: Mutex::new(None),
            progress: Mutex::new(None),
            cancel: AtomicBool::new(false),
            signing_key: Mutex::new(None),
            receipts: Mutex::new(HashMap::new()),
        }
    }

    fn signing_key(&self) -> CommandResult<PathBuf> {
        self.chosen_or_remembered_key()?
            .ok_or_else(|| WindowError::NoSigningKey.into())
    }

    /// The key chosen in this run, else the one remembered from the last
    /// (its file still a secret key where it was).
    fn chosen_or_remembered_key(&self) -> CommandResult<Option<PathBuf>> {
        let mut chosen = self.signing_key.lock()?;
        if chosen.is_none() {
            if let Ok(dir) = &self.data_dir {
                *chosen = association::remembered_signing_key(dir).map(|(path, _)| path);
            }
        }
        Ok(chosen.clone())
    }

    /// Closes the desk (it is opened again when next needed): a restore in
    /// this folder waits for every open desk and store.
    pub(super) fn close_desk(&self) -> CommandResult<()> {
        *self.desk.lock()? = None;
        Ok(())
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
pub fn assoc_take_in(
    at: &Surface,
    FilesRequest { files, lang }: FilesRequest,
) -> CommandResult<IntakeReport> {
    let state = &at.association;
    let chosen = &at.chosen;
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
pub fn assoc_progress(at: &Surface, _: Empty) -> CommandResult<Option<IntakeProgress>> {
    let state = &at.association;
    Ok(*state.progress.lock()?)
}

/// Cancels the intake under way: nothing of it is kept.
pub fn assoc_cancel(at: &Surface, _: Empty) -> CommandResult<()> {
    let state = &at.association;
    state.cancel.store(true, Ordering::SeqCst);
    Ok(())
}

pub fn assoc_claim<A: DeskAt>(
    at: &A,
    AssocClaimRequest { id, lang }: AssocClaimRequest,
) -> CommandResult<association::ClaimForDecision> {
    at.with_desk(|desk| Ok(association::claim_for_decision(desk, id.as_str(), lang.0)?))
}

/// One page of the staff's work table.
pub fn assoc_table<A: DeskAt>(
    at: &A,
    request: AssocTableRequest,
) -> CommandResult<association::ListedPage> {
    let text = |value: Option<payload::BoundedText>| {
        value
            .map(|text| text.0.trim().to_owned())
            .filter(|text| !text.is_empty())
    };
    let review = match request.review.as_deref() {
        None | Some("") => None,
        Some(code) => Some(Review::from_code(code).ok_or_else(|| unknown_review(code))?),
    };
    let sort = match request.sort.as_deref() {
        None | Some("") => claim_assoc::table::SortColumn::default(),
        Some(code) => {
            claim_assoc::table::SortColumn::from_code(code).ok_or_else(payload::malformed)?
        }
    };
    let query = claim_assoc::table::TableQuery {
        text: text(request.text),
        review,
        errors: request.errors,
        missing_documents: request.missing_documents,
        region: text(request.region),
        industry: text(request.industry),
        service: text(request.service),
        claimed_at_least: request.claimed_at_least,
        claimed_at_most: request.claimed_at_most,
        all: request.all,
        sort,
        descending: request.descending,
        offset: request.offset,
        limit: request.limit,
    };
    at.with_desk(|desk| Ok(association::table(desk, &query, request.lang.0)?))
}

/// Opens the PDF a received claim came with, in the desktop's viewer (a
/// copy in the desk's folder, cleared when the desk opens).
pub fn assoc_pdf_open(at: &Surface, IdRequest { id }: IdRequest) -> CommandResult<()> {
    let state = &at.association;
    let path = state.with_desk(|desk, dir| {
        association::received_pdf_copy(desk, dir, id.as_str())?
            .ok_or_else(|| WindowError::NotMadeHere.into())
    })?;
    at.open_on_desktop(&path)
}

/// The signing key file the staff chose (checked: a secret key), for the
/// receipts and answers of this run. Its public key's fingerprint.
pub fn assoc_signing_key(
    at: &Surface,
    FileRequest { file: token }: FileRequest,
) -> CommandResult<SigningKeyState> {
    let state = &at.association;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SigningKey])?;
    let secret = crate::app::incidents::read_secret_key(&file)?;
    *state.signing_key.lock()? = Some(file.clone());
    // Where it is, for the next start (never its content). Not remembered
    // is no failure: the key works for this run.
    if let Ok(dir) = &state.data_dir {
        if let Err(error) = association::remember_signing_key(dir, &file) {
            log::warn!("the signing key's place was not remembered: {error}");
        }
    }
    Ok(SigningKeyState::of(&file, &secret))
}

/// The signing key chosen in this run, if any.
pub fn assoc_signing_key_get(at: &Surface, _: Empty) -> CommandResult<Option<SigningKeyState>> {
    let state = &at.association;
    let Some(file) = state.chosen_or_remembered_key()? else {
        return Ok(None);
    };
    let secret = crate::app::incidents::read_secret_key(&file)?;
    Ok(Some(SigningKeyState::of(&file, &secret)))
}

/// The chosen key as the staff see it: the file's name and the fingerprint
/// shops compare.
#[derive(Serialize)]
pub struct SigningKeyState {
    name: String,
    fingerprint: String,
}

impl SigningKeyState {
    fn of(file: &std::path::Path, secret: &[u8; 32]) -> SigningKeyState {
        SigningKeyState {
            name: file
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            fingerprint: claim_core::signature::TrustedKey::of_secret("", secret).fingerprint(),
        }
    }
}

/// Issues the receipt of a received claim: its PDF where the staff chose,
/// the signed file (`.receipt.json`) beside it.
pub fn assoc_receipt(
    at: &Surface,
    AssocReceiptRequest { id, file: token }: AssocReceiptRequest,
) -> CommandResult<crate::app::reply::ReceiptIssued> {
    let state = &at.association;
    let chosen = &at.chosen;
    let pdf = chosen.path(&token, &[Purpose::SaveReceipt])?;
    let key = state.signing_key()?;
    let signed = pdf.with_extension("receipt.json");
    let issued = state.with_desk(|desk, _| {
        Ok(crate::app::reply::issue_receipt(
            desk,
            id.as_str(),
            &key,
            claim_core::signature::ISSUER_NAME,
            &signed,
            Some((&pdf, &claim_pdf::FontChoice::System)),
            crate::app::clock::now(),
        )?)
    })?;
    state.receipts.lock()?.insert(id.as_str().to_owned(), pdf);
    Ok(issued)
}

/// Opens the receipt PDF written in this run for a received claim.
pub fn assoc_receipt_open(at: &Surface, IdRequest { id }: IdRequest) -> CommandResult<()> {
    let state = &at.association;
    let path = state
        .receipts
        .lock()?
        .get(id.as_str())
        .cloned()
        .ok_or(WindowError::NotMadeHere)?;
    at.open_on_desktop(&path)
}

/// Writes the answers of every current claim (or one business's).
pub fn assoc_answers(
    at: &Surface,
    AssocAnswersRequest { file: token, shop }: AssocAnswersRequest,
) -> CommandResult<crate::app::reply::AnswersWritten> {
    let state = &at.association;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SaveAnswers])?;
    let key = state.signing_key()?;
    let shop = shop
        .map(|text| text.0.trim().to_owned())
        .filter(|text| !text.is_empty());
    state.with_desk(|desk, _| {
        Ok(crate::app::reply::export_answers(
            desk,
            shop.as_deref(),
            &key,
            claim_core::signature::ISSUER_NAME,
            &file,
            crate::app::clock::now(),
        )?)
    })
}

/// The staff's decision on a held change: applied (the claim becomes
/// current) or dismissed (the current claim stays).
pub fn assoc_decide_held<A: DeskAt>(
    at: &A,
    payload::AssocHeldRequest { id, apply }: payload::AssocHeldRequest,
) -> CommandResult<ReceivedClaim> {
    at.with_desk(|desk| Ok(association::decide_held(desk, id.as_str(), apply)?))
}

pub fn assoc_review<A: DeskAt>(
    at: &A,
    AssocReviewRequest {
        id,
        status,
        note,
        seen,
    }: AssocReviewRequest,
) -> CommandResult<ReceivedClaim> {
    let to = Review::from_code(&status).ok_or_else(|| unknown_review(&status))?;
    let note = note.map(|note| note.0);
    at.with_desk(|desk| {
        Ok(association::review(
            desk,
            id.as_str(),
            to,
            note.as_deref(),
            seen,
        )?)
    })
}

/// A staff note on a received claim, without moving its review.
pub fn assoc_note<A: DeskAt>(
    at: &A,
    AssocNoteRequest { id, note }: AssocNoteRequest,
) -> CommandResult<ReceivedClaim> {
    at.with_desk(|desk| Ok(association::note(desk, id.as_str(), &note.0)?))
}

/// 다음 청구서: the oldest claim still waiting for its first review and
/// not being read by another member of staff, now held for the caller for
/// [`association::NEXT_CLAIM_HOLD`]; null when none is left.
pub fn assoc_next<A: DeskAt>(at: &A, _: Empty) -> CommandResult<Option<String>> {
    at.with_desk(|desk| Ok(association::next_claim(desk)?))
}

/// The staff's "erase now": a received claim's customer names and phones go
/// (and its PDF, if it showed them in full).
pub fn assoc_erase_customers<A: DeskAt>(
    at: &A,
    IdRequest { id }: IdRequest,
) -> CommandResult<ReceivedClaim> {
    at.with_desk(|desk| Ok(association::erase_customers(desk, id.as_str())?))
}

pub fn assoc_stats<A: DeskAt>(at: &A, LangRequest { lang }: LangRequest) -> CommandResult<Stats> {
    at.with_desk(|desk| Ok(association::stats(desk, lang.0)?))
}

/// "Back up now" of the association's data (every received claim, PDF,
/// review and answer) into the file chosen (purpose save_backup).
pub fn assoc_backup(
    at: &Surface,
    super::payload::FileRequest { file: token }: super::payload::FileRequest,
) -> CommandResult<String> {
    let state = &at.association;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SaveBackup])?;
    state.with_desk(|desk, _| Ok(association::backup(desk, &file)?))?;
    log::info!("manual backup of the association's data written");
    Ok(file.display().to_string())
}

/// Writes the table as CSV (UTF-8 with BOM) or XLSX, whole or not at all.
pub fn assoc_export(
    at: &Surface,
    AssocExportRequest {
        file: token,
        format,
        lang,
    }: AssocExportRequest,
) -> CommandResult<String> {
    let state = &at.association;
    let chosen = &at.chosen;
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

/// A review the desk does not know: the command line's code for it
/// (`E_ASSOC_REVIEW`), not a malformed request; the text shortened, as the
/// page may send anything.
fn unknown_review(status: &str) -> CommandError {
    AppError::UnknownReview(status.chars().take(40).collect()).into()
}
