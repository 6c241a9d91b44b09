//! The association's side, for the command line and the window alike: its
//! desk (`association.sqlite3`) checking claims against the incidents of
//! this machine's store, taking files in, and the table written out.

use crate::app::files::write_private;
use crate::app::{AppError, AppResult};
use claim_assoc::desk::{AssocDesk, Desk, ReceivedClaim, Review, Store};
use claim_assoc::intake::{IntakeProgress, IntakeReport};
use claim_core::Lang;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Where a received PDF is copied to be opened in the desktop's viewer.
pub const OPENED_FOLDER: &str = "opened-pdf";

/// The association desk in `dir`, checking claims against the incidents
/// imported into this machine's store besides the built-in ones.
/// Where the association's signing key file is, remembered in the data
/// folder so the staff need not choose it at every start. The path only:
/// the secret stays in its file, where the association keeps it.
pub const SIGNING_KEY_PATH_FILE: &str = "signing-key-path.txt";

/// Remembers `key` (a file already checked to hold a secret key) as the
/// signing key for the next start.
pub fn remember_signing_key(dir: &Path, key: &Path) -> AppResult<()> {
    let file = dir.join(SIGNING_KEY_PATH_FILE);
    write_private(&file, key.to_string_lossy().as_bytes()).map_err(|error| AppError::Write {
        path: file.display().to_string(),
        reason: error.to_string(),
    })
}

/// The signing key file remembered from an earlier run, if it is still a
/// secret key where it was. A key moved, deleted or replaced by something
/// else is forgotten quietly: the staff choose it again.
pub fn remembered_signing_key(dir: &Path) -> Option<(PathBuf, [u8; 32])> {
    use std::io::Read;
    let file = std::fs::File::open(dir.join(SIGNING_KEY_PATH_FILE)).ok()?;
    let mut text = String::new();
    // A path, not a document: anything longer is not ours.
    file.take(8 * 1024).read_to_string(&mut text).ok()?;
    let path = PathBuf::from(text.trim_end_matches(['\n', '\r']));
    if path.as_os_str().is_empty() || !path.is_absolute() {
        return None;
    }
    let secret = crate::app::incidents::read_secret_key(&path).ok()?;
    Some((path, secret))
}

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
pub fn take_in<S: Store>(
    desk: &mut Desk<S>,
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
pub fn list<S: Store>(desk: &Desk<S>, all: bool, lang: Lang) -> AppResult<Vec<ListedClaim>> {
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
    /// `total` is an estimate (the server's PostgreSQL, past tens of
    /// thousands of matches): the page says 약 N건.
    pub estimated: bool,
    pub offset: u64,
    pub rows: Vec<ListedClaim>,
}

/// One page of the work table for `query`.
pub fn table<S: Store>(
    desk: &Desk<S>,
    query: &claim_assoc::table::TableQuery,
    lang: Lang,
) -> AppResult<ListedPage> {
    let page = desk.table(query)?;
    Ok(ListedPage {
        total: page.total,
        estimated: page.estimated,
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
    /// The daily sales as the staff compare them: each day with its
    /// weekday, whether it is of the period or compared with, and the
    /// baseline and drop the rules found for it.
    pub sales: Vec<SalesLine>,
}

/// One day of a received claim's sales, in the detail.
#[derive(Debug, serde::Serialize, PartialEq, Eq)]
pub struct SalesLine {
    pub date: String,
    /// `2022년 10월 15일(토)` / `Sat 15 Oct 2022`.
    pub label: String,
    pub holiday: Option<&'static str>,
    /// `period` (a day of the claim period), `compared` (a day the period
    /// is compared with) or `unused` (given, but no method here reads it).
    pub role: &'static str,
    pub amount: Option<i64>,
    pub baseline: Option<i64>,
    pub drop: Option<i64>,
}

/// The sales lines of `document` as assessed: the days the rules need, in
/// date order, then any other day the shop gave.
fn sales_lines(
    document: &serde_json::Map<String, serde_json::Value>,
    claim: &claim_core::claim::Claim,
    assessment: &claim_core::Assessment,
    lang: Lang,
) -> Vec<SalesLine> {
    use std::collections::BTreeMap;
    let given: BTreeMap<chrono::NaiveDate, Option<i64>> = document
        .get("daily_sales")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|row| {
            let date = claim_core::dates::parse_date(row.get("date")?.as_str()?)?;
            Some((date, row.get("amount").and_then(serde_json::Value::as_i64)))
        })
        .collect();
    let needed: BTreeMap<chrono::NaiveDate, bool> = claim_core::sales_dates(claim, assessment)
        .into_iter()
        .map(|day| (day.date, day.in_period))
        .collect();
    let computed: BTreeMap<chrono::NaiveDate, &claim_core::rules::DayRow> =
        assessment.days.iter().map(|day| (day.date, day)).collect();
    let mut dates: Vec<chrono::NaiveDate> = needed.keys().chain(given.keys()).copied().collect();
    dates.sort_unstable();
    dates.dedup();
    // The days the rules read first, in date order; the rest after.
    dates.sort_by_key(|date| !needed.contains_key(date));
    dates
        .into_iter()
        .map(|date| {
            let day = computed.get(&date);
            SalesLine {
                date: date.to_string(),
                label: claim_core::messages::format_date(date, lang),
                holiday: claim_core::calendar::holiday_on(date).map(|h| match lang {
                    Lang::Ko => h.name_ko,
                    Lang::En => h.name_en,
                }),
                role: match needed.get(&date) {
                    Some(true) => "period",
                    Some(false) => "compared",
                    None => "unused",
                },
                amount: given.get(&date).copied().flatten(),
                baseline: day.and_then(|d| d.baseline).map(|w| w.get()),
                drop: day.and_then(|d| d.drop).map(|w| w.get()),
            }
        })
        .collect()
}

/// An older claim of the same business and outage, and what changed since.
#[derive(Debug, serde::Serialize)]
pub struct ReplacedClaim {
    pub claim: claim_assoc::desk::ReceivedClaim,
    pub changes: Vec<String>,
}

pub fn claim_for_decision<S: Store>(
    desk: &Desk<S>,
    id: &str,
    lang: Lang,
) -> AppResult<ClaimForDecision> {
    let claim = desk.get(id)?;
    let document = desk.document(id)?;
    let (assessed, assessment) = claim_core::assess_value_with(&document, desk.known_incidents());
    let report = claim_core::Report::new(&assessment, lang);
    let sales = sales_lines(&document, &assessed, &assessment, lang);
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
        sales,
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
pub fn export_table<S: Store>(
    desk: &Desk<S>,
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

// The staff's moves on a received claim: one use case each for every host.

/// Moves claim `id`'s review to `to`, with the staff's note (a return needs
/// its reason); refused when `seen`, the claim's review version as the
/// staff read it, is not the claim's now.
pub fn review<S: Store>(
    desk: &mut Desk<S>,
    id: &str,
    to: Review,
    note: Option<&str>,
    seen: Option<i64>,
) -> AppResult<ReceivedClaim> {
    Ok(desk.review_seen(id, to, note, seen)?)
}

/// A staff note on claim `id`, its review unmoved.
pub fn note<S: Store>(desk: &mut Desk<S>, id: &str, note: &str) -> AppResult<ReceivedClaim> {
    Ok(desk.note(id, note)?)
}

/// What a held claim would change, in `lang`.
pub fn held_changes<S: Store>(
    desk: &Desk<S>,
    id: &str,
    lang: Lang,
) -> AppResult<Vec<claim_assoc::desk::HeldChange>> {
    Ok(desk.held_comparison(id, lang)?)
}

/// The statistics of the current claims, labelled in `lang`.
pub fn stats<S: Store>(desk: &Desk<S>, lang: Lang) -> AppResult<claim_assoc::stats::Stats> {
    Ok(claim_assoc::stats::stats(desk, lang)?)
}

/// How long 다음 청구서 keeps a claim for the one who asked for it, before
/// anyone else may be given it.
pub const NEXT_CLAIM_HOLD: chrono::Duration = chrono::Duration::minutes(15);

/// 다음 청구서 for the desk's actor: the id of the claim it is now given.
pub fn next_claim<S: Store>(desk: &mut Desk<S>) -> AppResult<Option<String>> {
    Ok(desk.next_claim(NEXT_CLAIM_HOLD)?.map(|claim| claim.id))
}

/// The staff's decision on a held change: applied or dismissed.
pub fn decide_held<S: Store>(
    desk: &mut Desk<S>,
    id: &str,
    apply: bool,
) -> AppResult<ReceivedClaim> {
    Ok(desk.decide_held(id, apply)?)
}

/// The staff's "erase now" on claim `id`: its customer names and phones go
/// (and its PDF, if it showed them in full). The claim as it is after.
pub fn erase_customers<S: Store>(desk: &mut Desk<S>, id: &str) -> AppResult<ReceivedClaim> {
    desk.erase_customer_details(id)?;
    Ok(desk.get(id)?)
}

/// The PDF claim `id` came with, copied into the desk's folder (`dir`,
/// cleared when the desk opens) to open in the desktop's viewer; None when
/// it came without one.
pub fn received_pdf_copy(desk: &AssocDesk, dir: &Path, id: &str) -> AppResult<Option<PathBuf>> {
    let Some(pdf) = desk.pdf(id)? else {
        return Ok(None);
    };
    let folder = dir.join(OPENED_FOLDER);
    claim_store::database::make_private_dir(&folder, "")
        .map_err(|error| AppError::write(&folder, &error))?;
    let path = folder.join(format!("{id}.pdf"));
    write_private(&path, &pdf).map_err(|error| AppError::write(&path, &error))?;
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    /// Issue 36, item 13: the signing key's place is remembered for the
    /// next start, never its content; a key moved, replaced or a place file
    /// tampered with is forgotten, not a failure.
    #[test]
    fn the_signing_keys_place_is_remembered_and_only_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let keys = tempfile::tempdir().unwrap();
        assert!(remembered_signing_key(dir.path()).is_none());
        let key = keys.path().join("연합회 서명 키.key");
        crate::app::incidents::keygen(&key).unwrap();
        let secret = crate::app::incidents::read_secret_key(&key).unwrap();
        remember_signing_key(dir.path(), &key).unwrap();
        let (path, remembered) = remembered_signing_key(dir.path()).unwrap();
        assert_eq!((path.as_path(), remembered), (key.as_path(), secret));
        let kept = std::fs::read_to_string(dir.path().join(SIGNING_KEY_PATH_FILE)).unwrap();
        let key_text = std::fs::read_to_string(&key).unwrap();
        assert!(!kept.contains(key_text.trim()), "the secret is not copied");
        // The key replaced by something else where it was: forgotten.
        std::fs::write(&key, "not a key").unwrap();
        assert!(remembered_signing_key(dir.path()).is_none());
        std::fs::remove_file(&key).unwrap();
        assert!(remembered_signing_key(dir.path()).is_none());
        // A place file that is no path of ours: relative, empty, or huge.
        for junk in ["key.key".to_owned(), String::new(), "/".repeat(100_000)] {
            std::fs::write(dir.path().join(SIGNING_KEY_PATH_FILE), junk).unwrap();
            assert!(remembered_signing_key(dir.path()).is_none());
        }
    }

    /// Issue 36, item 13: the detail shows the sales as the staff compare
    /// them, not as bare dates: the days the rules read first, each with
    /// its weekday, its part and, for the period, the baseline and drop.
    #[test]
    fn the_sales_in_the_detail_say_the_weekday_the_comparison_and_the_drop() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/examples/kakao-cake-prior-week.claim.json"
        ))
        .unwrap();
        let document: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&bytes).unwrap();
        let incidents = claim_core::incident::Incidents::built_in();
        let (claim, assessment) = claim_core::assess_value_with(&document, &incidents);
        let lines = sales_lines(&document, &claim, &assessment, Lang::Ko);
        let roles: Vec<&str> = lines.iter().map(|line| line.role).collect();
        assert_eq!(roles[..7], ["compared"; 7]);
        assert_eq!(roles[7..14], ["period"; 7]);
        assert!(
            roles[14..].iter().all(|role| *role == "unused"),
            "{roles:?}"
        );
        // Every day the shop gave is there once.
        assert_eq!(
            lines.len(),
            document["daily_sales"].as_array().unwrap().len()
        );
        let first_day = &lines[7];
        assert_eq!(
            (
                first_day.label.as_str(),
                first_day.amount,
                first_day.baseline,
                first_day.drop
            ),
            (
                "2022년 10월 15일(토)",
                Some(410_000),
                Some(988_800),
                Some(578_800)
            )
        );
        let hangul_day = &lines[1];
        assert_eq!(
            (hangul_day.date.as_str(), hangul_day.holiday),
            ("2022-10-09", Some("한글날"))
        );
        assert_eq!(
            hangul_day.drop, None,
            "a compared day has no drop of its own"
        );
    }
}
