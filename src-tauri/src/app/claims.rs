//! The shop's store: opening it, claims in and out, backups. For the
//! command line and the window alike.

use crate::app::files::read_claim_file;
use crate::app::{AppError, AppResult};
use claim_store::{
    AuditEntry, BusinessProfile, ClaimFilter, ClaimSummary, ErasureReason, EvidenceEntry,
    ExportReceipt, Status, Store, StoreError,
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

/// The store in `dir` as a host opens it for the day's work, once per
/// start: checked whole (a store damaged inside is treated as one that does
/// not open, so the newest backup is offered: [`backup_to_offer`]), then
/// customer details whose retention time has passed are erased, in the
/// shop's store and the association's desk, before anything reads them. A
/// sweep that fails keeps nothing closed: it is logged and tried again at
/// the next start.
pub fn open_for_work(dir: &Path) -> AppResult<Store> {
    let mut store = open_checked_store(dir)?;
    match crate::app::lifecycle::erase_expired(&mut store, dir, crate::app::clock::now()) {
        Ok(erased) => log::info!(
            "retention: customer details erased from {} shop and {} association claims",
            erased.shop,
            erased.association
        ),
        Err(error) => log::warn!(
            "retention sweep failed: {}",
            claim_core::Failure::code(&error)
        ),
    }
    Ok(store)
}

/// The automatic backup of every data file on the first start of a
/// (Korean) day ([`daily_backups`]), on its own connection and thread so
/// that nothing on screen waits for it.
pub fn start_daily_backups(dir: PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("daily-backup".into())
        .spawn(move || {
            for (data_file, outcome) in daily_backups(&dir, crate::app::clock::today_in_korea()) {
                match outcome {
                    Ok(Some(file)) => {
                        log::info!("daily backup of {data_file} written: {}", file.display())
                    }
                    Ok(None) => log::info!("today's backup of {data_file} already exists"),
                    Err(error) => log::warn!(
                        "daily backup of {data_file} failed: {}",
                        claim_core::Failure::code(&error)
                    ),
                }
            }
        });
    if spawned.is_err() {
        log::warn!("daily backup could not start");
    }
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

/// The report of the claim file `file` (spec §7), with the incidents the
/// data folder `dir` knows (none is made when it has none; without one, the
/// built-in incidents): what `claimdesk validate` prints, and any host's
/// check of a file.
pub fn validate_file(
    file: &Path,
    dir: Option<&Path>,
    lang: claim_core::Lang,
) -> AppResult<claim_core::Report> {
    let bytes = read_claim_file(file)?;
    let incidents = incidents_of(dir)?;
    claim_core::assess_document_with(&bytes, &incidents)
        .map(|(_, assessment)| claim_core::Report::new(&assessment, lang))
        .map_err(AppError::NotAClaim)
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

/// Whether a failure to open the store (known by its code, as a host keeps
/// it) is about the file itself, so that restoring a backup is what helps:
/// not a folder in use, read-only or full, where a restore would only make
/// things worse.
pub fn restoring_helps_for(code: claim_core::FailureCode) -> bool {
    use claim_core::FailureCode as Code;
    matches!(
        code,
        Code::StoreCorrupt | Code::StoreNotADatabase | Code::StoreNewerSchema
    )
}

/// The backup to offer when the store in `dir` failed to open with `code`:
/// the newest, when restoring is what helps; else none. One policy for the
/// command line and the window.
pub fn backup_to_offer(dir: &Path, code: claim_core::FailureCode) -> Option<PathBuf> {
    if restoring_helps_for(code) {
        latest_backup(dir)
    } else {
        None
    }
}

/// The day's automatic backup of every data file in `dir`: the shop's
/// store and, where this folder is also the association's, its desk. Each
/// file's outcome, in that order: the new copy, `None` when today's exists.
/// (`every_data_file_has_a_daily_backup` fails when a data file is left
/// out.)
pub fn daily_backups(
    dir: &Path,
    today: chrono::NaiveDate,
) -> Vec<(&'static str, AppResult<Option<PathBuf>>)> {
    let backups = claim_store::backup_dir(dir);
    let shop = crate::app::clock::open_store(dir)
        .and_then(|store| store.daily_backup(&backups, today))
        .map_err(AppError::from);
    let mut made = vec![(claim_store::DATABASE_FILE, shop)];
    if dir.join(claim_assoc::desk::ASSOCIATION_FILE).exists() {
        let association = claim_assoc::desk::AssocDesk::open(dir)
            .and_then(|desk| desk.daily_backup(&backups, today))
            .map_err(AppError::from);
        made.push((claim_assoc::desk::ASSOCIATION_FILE, association));
    }
    made
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

// The owner's edits of the claims and profiles she keeps: each one use case
// for every host (the window, the command line), so none reaches the store
// itself.

/// Saves a claim being typed (a draft; its number given on first save).
pub fn save_claim(store: &mut Store, document: &[u8]) -> AppResult<ClaimSummary> {
    Ok(store.save_claim(document)?)
}

/// Moves a claim to `status` (handed in, withdrawn, back to a draft).
pub fn set_status(store: &mut Store, id: &str, status: Status) -> AppResult<ClaimSummary> {
    Ok(store.set_status(id, status)?)
}

/// A new draft copied from claim `id`, its documents kept.
pub fn duplicate(store: &mut Store, id: &str) -> AppResult<ClaimSummary> {
    Ok(store.duplicate_claim(id)?)
}

/// Deletes claim `id` (the backups keep it).
pub fn delete(store: &mut Store, id: &str) -> AppResult<()> {
    Ok(store.delete_claim(id)?)
}

/// Detaches the evidence file `sha256` of `kind` from claim `id`.
pub fn remove_evidence(
    store: &mut Store,
    id: &str,
    kind: claim_core::codes::EvidenceKind,
    sha256: &str,
) -> AppResult<()> {
    Ok(store.remove_evidence(id, kind, sha256)?)
}

/// The business profiles kept on this computer.
pub fn businesses(store: &Store) -> AppResult<Vec<BusinessProfile>> {
    Ok(store.businesses()?)
}

/// Saves a business profile as typed.
pub fn save_business(
    store: &mut Store,
    business: &serde_json::Value,
) -> AppResult<BusinessProfile> {
    Ok(store.save_business(business)?)
}

/// The owner's "erase now": claim `id`'s customer names and phones go, in
/// the store and its copies. Whether there was anything to erase.
pub fn erase_customers(store: &mut Store, id: &str) -> AppResult<bool> {
    Ok(store.erase_customer_details(id, ErasureReason::Owner, crate::app::clock::now())?)
}

/// The incidents the store knows (built in and imported), to assess with.
pub fn known_incidents(store: &Store) -> claim_core::Incidents {
    store.known_incidents().clone()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    /// Issue 36: the association's file was left out of the daily backup
    /// while the log said "daily backup written". Every SQLite file the app
    /// keeps in a data folder used as both desks gets its copy.
    /// One policy for both hosts (issue 37): the newest backup is offered
    /// when the store itself is damaged, foreign or newer, never when the
    /// folder is in use, read-only or full.
    #[test]
    fn a_backup_is_offered_only_when_restoring_helps() {
        use claim_core::FailureCode as Code;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        store
            .daily_backup(&claim_store::backup_dir(dir.path()), today)
            .unwrap();
        drop(store);
        let newest = latest_backup(dir.path()).unwrap();
        for code in [
            Code::StoreCorrupt,
            Code::StoreNotADatabase,
            Code::StoreNewerSchema,
        ] {
            assert_eq!(
                backup_to_offer(dir.path(), code).as_ref(),
                Some(&newest),
                "{code:?}"
            );
        }
        for code in [
            Code::StoreInUse,
            Code::StoreReadOnly,
            Code::StoreDiskFull,
            Code::DataDir,
        ] {
            assert_eq!(backup_to_offer(dir.path(), code), None, "{code:?}");
        }
        // No backup: nothing to offer, whatever the failure.
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(backup_to_offer(empty.path(), Code::StoreCorrupt), None);
    }

    #[test]
    fn every_data_file_has_a_daily_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let example = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/examples/kakao-cake-prior-week.claim.json"
        ))
        .unwrap();
        store.save_claim(&example).unwrap();
        drop(store);
        let mut desk = crate::app::association::open_desk(dir.path()).unwrap();
        let document: serde_json::Value = serde_json::from_slice(&example).unwrap();
        desk.take_in(
            vec![claim_assoc::desk::Incoming {
                document: document.as_object().unwrap().clone(),
                origin: claim_assoc::desk::Origin {
                    source: "test".into(),
                    made_at: None,
                    pdf: None,
                    number: None,
                    customer_details_included: false,
                },
            }],
            &|_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
        drop(desk);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let made = daily_backups(dir.path(), today);
        let backed_up: Vec<&str> = made
            .iter()
            .map(|(file, outcome)| {
                assert!(matches!(outcome, Ok(Some(_))), "{file}: {outcome:?}");
                *file
            })
            .collect();
        let mut data_files: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sqlite3"))
            .collect();
        data_files.sort();
        let mut backed_up: Vec<String> = backed_up.into_iter().map(str::to_owned).collect();
        backed_up.sort();
        assert_eq!(backed_up, data_files, "a data file has no daily backup");
        // Each copy is there, under its own name; a second run makes none.
        let copies = std::fs::read_dir(claim_store::backup_dir(dir.path()))
            .unwrap()
            .count();
        assert_eq!(copies, data_files.len());
        assert!(daily_backups(dir.path(), today)
            .iter()
            .all(|(_, outcome)| matches!(outcome, Ok(None))));
    }

    /// Issue 37: how a host opens the store for the day's work is decided
    /// here once: customer details past their retention time are gone
    /// before anything reads them.
    #[test]
    fn opening_for_work_erases_customer_details_past_their_time() {
        let dir = tempfile::tempdir().unwrap();
        let example = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/examples/kakao-cake-prior-week.claim.json");
        let mut store = Store::open(dir.path()).unwrap();
        // Settled in 2020: its retention time has long passed by now.
        store.set_clock(
            claim_store::Clock::starting_at(
                chrono::DateTime::parse_from_rfc3339("2020-03-02T10:00:00+09:00")
                    .unwrap()
                    .to_utc(),
            )
            .unwrap(),
        );
        let saved = store.save_claim(&std::fs::read(example).unwrap()).unwrap();
        let mut moved = Err(String::new());
        for to in [
            Status::Ready,
            Status::Exported,
            Status::Submitted,
            Status::Settled,
        ] {
            moved = store.set_status(&saved.id, to).map_err(|e| e.to_string());
        }
        assert_eq!(moved.unwrap().status, Status::Settled);
        let customers = |store: &Store| -> Vec<serde_json::Value> {
            let claim = store.claim(&saved.id).unwrap();
            claim.document["lost_orders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|order| order["customer_name"].clone())
                .collect()
        };
        assert!(customers(&store).iter().any(|name| name.is_string()));
        drop(store);
        let store = open_for_work(dir.path()).unwrap();
        assert!(
            customers(&store).iter().all(serde_json::Value::is_null),
            "{:?}",
            customers(&store)
        );
    }
}
