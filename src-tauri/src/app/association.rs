//! The association's side, for the command line and the window alike: its
//! desk (`association.sqlite3`) checking claims against the incidents of
//! this machine's store, taking files in, and the table written out.

use crate::app::files::write_private;
use crate::app::{AppError, AppResult};
use claim_assoc::desk::AssocDesk;
use claim_assoc::intake::{IntakeProgress, IntakeReport};
use claim_core::Lang;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Where a received PDF is copied to be opened in the desktop's viewer.
pub const OPENED_FOLDER: &str = "opened-pdf";

/// The association desk in `dir`, checking claims against the incidents
/// imported into this machine's store besides the built-in ones.
pub fn open_desk(dir: &Path) -> AppResult<AssocDesk> {
    // Copies of received PDFs opened in a viewer last time go: the claims
    // keep their PDFs, and a copy must not outlive an erasure.
    let _ = std::fs::remove_dir_all(dir.join(OPENED_FOLDER));
    let incidents = crate::app::claims::incidents_of(Some(dir))?;
    let mut desk = AssocDesk::open(dir)?;
    desk.set_incidents(incidents);
    // The app's clock ($CLAIMDESK_CLOCK): receipts, reviews and answers
    // are dated by one clock.
    desk.set_clock(crate::app::clock::app());
    Ok(desk)
}

/// Writes all the association's data (received claims, their PDFs, reviews,
/// answers) to `file`, whole or not at all.
pub fn backup(desk: &AssocDesk, file: &Path) -> AppResult<()> {
    Ok(desk.backup_to(file)?)
}

/// Replaces the association's data in `dir` with the backup `file` (what it
/// replaces is kept aside); how many claims the restored data holds.
pub fn restore(dir: &Path, file: &Path) -> AppResult<usize> {
    let desk = AssocDesk::restore(dir, file)?;
    Ok(desk.list(true)?.len())
}

/// Takes in `paths` (a folder stands for its files); incidents imported
/// since the desk opened count too. Each PDF's claim is read in a worker
/// process: a PDF that takes too much is refused alone.
pub fn take_in(
    desk: &mut AssocDesk,
    dir: &Path,
    paths: &[PathBuf],
    lang: Lang,
    progress: &dyn Fn(IntakeProgress),
    cancel: &AtomicBool,
) -> AppResult<IntakeReport> {
    desk.set_incidents(crate::app::claims::incidents_of(Some(dir))?);
    Ok(claim_assoc::intake::take_in_files_reading(
        desk,
        paths,
        lang,
        progress,
        cancel,
        &crate::app::worker::read_attached_claim,
    )?)
}

/// A received claim as the window lists it: with its compensation tier
/// worded from its incident's scale.
#[derive(Debug, serde::Serialize)]
pub struct ListedClaim {
    #[serde(flatten)]
    pub claim: claim_assoc::desk::ReceivedClaim,
    pub tier_label: String,
}

/// The received claims (`all`: the replaced ones too), each tier named.
pub fn list(desk: &AssocDesk, all: bool, lang: Lang) -> AppResult<Vec<ListedClaim>> {
    Ok(desk
        .list(all)?
        .into_iter()
        .map(|claim| ListedClaim {
            tier_label: claim_assoc::stats::tier_label(desk.known_incidents(), &claim.facts, lang),
            claim,
        })
        .collect())
}

/// A page of the staff's work table, each tier named.
#[derive(Debug, serde::Serialize)]
pub struct ListedPage {
    pub total: u64,
    pub offset: u64,
    pub rows: Vec<ListedClaim>,
}

/// One page of the work table for `query`.
pub fn table(
    desk: &AssocDesk,
    query: &claim_assoc::table::TableQuery,
    lang: Lang,
) -> AppResult<ListedPage> {
    let page = desk.table(query)?;
    Ok(ListedPage {
        total: page.total,
        offset: page.offset,
        rows: page
            .rows
            .into_iter()
            .map(|claim| ListedClaim {
                tier_label: claim_assoc::stats::tier_label(
                    desk.known_incidents(),
                    &claim.facts,
                    lang,
                ),
                claim,
            })
            .collect(),
    })
}

/// A received claim as the staff decide on it: its facts, the document as
/// received, the rules engine's errors and warnings in the staff's words,
/// its review log and receipt, the older claims it replaces with what
/// changed, and a held change.
#[derive(Debug, serde::Serialize)]
pub struct ClaimForDecision {
    pub claim: ListedClaim,
    pub document: serde_json::Map<String, serde_json::Value>,
    pub errors: Vec<claim_core::report::ReportProblem>,
    pub warnings: Vec<claim_core::report::ReportProblem>,
    pub review_log: Vec<claim_assoc::desk::ReviewEntry>,
    pub receipt_number: Option<String>,
    pub replaced: Vec<ReplacedClaim>,
    pub held: Vec<claim_assoc::desk::HeldChange>,
}

/// An older claim of the same business and outage, and what changed since.
#[derive(Debug, serde::Serialize)]
pub struct ReplacedClaim {
    pub claim: claim_assoc::desk::ReceivedClaim,
    pub changes: Vec<String>,
}

pub fn claim_for_decision(desk: &AssocDesk, id: &str, lang: Lang) -> AppResult<ClaimForDecision> {
    let claim = desk.get(id)?;
    let document = desk.document(id)?;
    let (_, assessment) = claim_core::assess_value_with(&document, desk.known_incidents());
    let report = claim_core::Report::new(&assessment, lang);
    Ok(ClaimForDecision {
        claim: ListedClaim {
            tier_label: claim_assoc::stats::tier_label(desk.known_incidents(), &claim.facts, lang),
            claim,
        },
        document,
        errors: report.errors,
        warnings: report.warnings,
        review_log: desk.review_log(id)?,
        receipt_number: desk.receipt_number(id)?,
        replaced: desk
            .replaced(id, lang)?
            .into_iter()
            .map(|(claim, changes)| ReplacedClaim { claim, changes })
            .collect(),
        held: desk.held_comparison(id, lang)?,
    })
}

/// How the table is written out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// UTF-8 with a BOM, which Korean Excel needs to show Hangul.
    Csv,
    Xlsx,
}

/// Writes the current claims' table as `format` to `out`, whole.
pub fn export_table(
    desk: &AssocDesk,
    format: TableFormat,
    lang: Lang,
    out: &Path,
) -> AppResult<()> {
    let exported = match format {
        TableFormat::Csv => claim_assoc::stats::write_csv(desk, Vec::new(), lang),
        TableFormat::Xlsx => claim_assoc::stats::write_xlsx(desk, lang),
    };
    let bytes = exported.map_err(|error| match error {
        claim_assoc::stats::ExportError::Desk(error) => AppError::Desk(error),
        claim_assoc::stats::ExportError::Write(reason) => AppError::Write {
            path: out.display().to_string(),
            reason,
        },
    })?;
    // The table holds names, phones and accounts as received.
    write_private(out, &bytes).map_err(|error| AppError::write(out, &error))
}
