//! The shop's store: opening it, claims in and out, backups. For the
//! command line and the window alike.

use crate::app::files::read_claim_file;
use crate::app::{AppError, AppResult};
use claim_store::{
    AuditEntry, ClaimFilter, ClaimSummary, EvidenceEntry, ExportReceipt, Store, StoreError,
};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Opens the store in `dir` on the app's clock.
pub fn open_store(dir: &Path) -> AppResult<Store> {
    Ok(crate::app::clock::open_store(dir)?)
}

/// The store in `dir`, checked whole (`PRAGMA integrity_check`): what the
/// window opens once per start, so that a store damaged inside is found
/// before the owner works on it and the newest backup is offered.
pub fn open_checked_store(dir: &Path) -> AppResult<Store> {
    let store = open_store(dir)?;
    store.check_integrity()?;
    Ok(store)
}

/// The store in `dir` if one has been made there, else none (a command
/// that only reads a file must not create a data folder).
pub fn existing_store(dir: &Path) -> AppResult<Option<Store>> {
    if dir.join(claim_store::DATABASE_FILE).exists() {
        open_store(dir).map(Some)
    } else {
        Ok(None)
    }
}

/// The incidents claims are checked with on this machine: the store's
/// (built in and imported) when `dir` holds one, else the built-in ones.
pub fn incidents_of(dir: Option<&Path>) -> AppResult<claim_core::Incidents> {
    let store = match dir {
        Some(dir) => existing_store(dir)?,
        None => None,
    };
    Ok(store.map_or_else(claim_core::Incidents::built_in, |store| {
        store.known_incidents().clone()
    }))
}

/// Whether a failure to open the store is about the file itself, so that
/// restoring a backup is what helps.
pub fn restoring_helps(error: &AppError) -> bool {
    matches!(
        error,
        AppError::Store(
            StoreError::Corrupt { .. }
                | StoreError::NotADatabase { .. }
                | StoreError::NewerSchema { .. }
        )
    )
}

/// The newest automatic backup in `dir`, if there is one.
pub fn latest_backup(dir: &Path) -> Option<PathBuf> {
    claim_store::daily_backups(&claim_store::backup_dir(dir))
        .ok()
        .and_then(|backups| backups.into_iter().next())
}

/// Stores a `claimdesk.claim/1` file (an exported copy, or one from
/// another shop PC).
/// Stores the claim file `file` as a new claim. A file whose `id` is
/// already stored is refused (`E_CLAIM_EXISTS`) and the stored claim left as
/// it is: a line from a bundle or another copy, with the customers masked,
/// must never replace the owner's own claim.
pub fn import_file(store: &mut Store, file: &Path) -> AppResult<ClaimSummary> {
    let bytes = read_claim_file(file)?;
    refuse_if_stored(store, &bytes)?;
    Ok(store.save_claim(&bytes)?)
}

/// `E_CLAIM_EXISTS` when the claim JSON names the id of a stored claim.
pub fn refuse_if_stored(store: &Store, json: &[u8]) -> AppResult<()> {
    match claim_core::ClaimId::of_json(json).and_then(|id| store.claim(id.as_str()).ok()) {
        Some(existing) => Err(AppError::AlreadyStored {
            number: existing.summary.number,
        }),
        None => Ok(()),
    }
}

pub fn list(store: &Store, filter: &ClaimFilter) -> AppResult<Vec<ClaimSummary>> {
    Ok(store.list(filter)?)
}

/// Writes the owner's copy (customer details as entered), whole or not at
/// all, and audits its hash.
pub fn export(store: &mut Store, id: &str, output: &Path) -> AppResult<ExportReceipt> {
    Ok(store.export_claim(id, output)?)
}

pub fn backup(store: &Store, file: &Path) -> AppResult<()> {
    Ok(store.backup_to(file)?)
}

/// Replaces the store in `dir` with the backup `file` (the data it replaces
/// is kept aside); the restored store and how many claims it holds.
pub fn restore(dir: &Path, file: &Path) -> AppResult<(Store, usize)> {
    let store = crate::app::clock::restore_store(dir, file)?;
    let claims = store.list(&ClaimFilter::default())?.len();
    Ok((store, claims))
}

/// One whole claim: its list row, the document as entered, its evidence and
/// its audit trail.
#[derive(Debug, Serialize)]
pub struct WholeClaim {
    pub summary: ClaimSummary,
    pub document: serde_json::Value,
    pub evidence: Vec<EvidenceEntry>,
    pub audit: Vec<AuditEntry>,
    /// The day (Korea time, `YYYY-MM-DD`) the retention time erases its
    /// customer details: a settled or withdrawn claim still holding some.
    pub customer_details_erased_on: Option<String>,
}

pub fn whole_claim(store: &Store, id: &str) -> AppResult<WholeClaim> {
    let claim = store.claim(id)?;
    Ok(WholeClaim {
        evidence: store.evidence(id)?,
        audit: store.audit(id)?,
        customer_details_erased_on: store
            .customer_details_erased_on(id)?
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(&at).ok())
            .map(|at| claim_core::dates::kst_date(at).to_string()),
        summary: claim.summary,
        document: claim.document,
    })
}

/// Imports an evidence file into the store and attaches it to a claim.
pub fn add_evidence(
    store: &mut Store,
    claim_id: &str,
    kind: claim_core::codes::EvidenceKind,
    file: &Path,
) -> AppResult<EvidenceEntry> {
    use crate::app::files::{read_limited, ReadFailure};
    let bytes =
        read_limited(file, claim_store::MAX_EVIDENCE_BYTES).map_err(|failure| match failure {
            ReadFailure::TooLarge { bytes } => AppError::Store(StoreError::EvidenceTooLarge {
                megabytes: bytes.div_ceil(1024 * 1024),
            }),
            other => AppError::Read(other),
        })?;
    let file_name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(store.add_evidence(claim_id, kind, &file_name, &bytes)?)
}
