//! The association's intake at the 2022 scale and beyond:
//! - 2,117 claims (the real count) in bundles: take in, settle duplicates,
//!   compute the statistics (target ≤ 2 s);
//! - 100,000 claims (target ≤ 60 s) in flat memory: the peak memory of the
//!   intake itself is measured for 20,000 and for 100,000 claims;
//! - the staff's work table over them: each kind of query (a page by each
//!   order, a deep page, searches, filters) timed as the median of 11 runs
//!   (target ≤ 50 ms a query at 100,000).
//!
//! `cargo bench -p claim-assoc --bench intake` (unoptimised, as `cargo test
//! --all-targets` runs it: 300 claims, a smoke test).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_assoc::desk::AssocDesk;
use claim_assoc::intake::take_in_files;
use claim_assoc::table::{SortColumn, TableQuery};
use claim_core::Lang;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

// The shared fixtures: a valid registration number for shop `n`, bundles of
// claims made from an example.
#[path = "../tests/common/mod.rs"]
mod common;
use common::{bundles, example, registration_number};

/// Peak resident memory since the last reset, in MB (Linux).
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn reset_peak() {
    // "5" resets the peak resident set size (Linux ≥ 4.0).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Each kind of table query over `desk` (holding `claims` claims) and its
/// median time in milliseconds over 11 runs.
fn table_queries(desk: &AssocDesk, claims: usize) -> Vec<(String, f64)> {
    let shop = claims / 2;
    // An association number a staff member would search: one of a current
    // claim in the middle of the table (a replaced one is not listed).
    let middle = desk
        .table(&TableQuery {
            sort: SortColumn::Name,
            offset: (claims / 2) as u64,
            limit: 1,
            ..TableQuery::default()
        })
        .unwrap();
    let intake_number = middle.rows[0].intake_number.clone().unwrap();
    let queries = [
        (
            "first page, newest first",
            TableQuery {
                descending: true,
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "by amount, largest first",
            TableQuery {
                sort: SortColumn::Claimed,
                descending: true,
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "by name, a page in the middle",
            TableQuery {
                sort: SortColumn::Name,
                offset: (claims / 2) as u64,
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "by association number (RX-)",
            TableQuery {
                sort: SortColumn::Number,
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "by review status",
            TableQuery {
                sort: SortColumn::Review,
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "search a name",
            TableQuery {
                text: Some(format!("가게 {shop}")),
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "search a registration number",
            TableQuery {
                text: Some(registration_number(shop)),
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "search an association number",
            TableQuery {
                text: Some(intake_number.clone()),
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "search a shop's claim number",
            TableQuery {
                text: Some(format!("CD-2026-{shop:06}")),
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "Busan, food, by amount",
            TableQuery {
                region: Some("busan".into()),
                industry: Some("food".into()),
                sort: SortColumn::Claimed,
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "missing documents or errors filter",
            TableQuery {
                missing_documents: Some(false),
                errors: Some(false),
                service: Some("talk_channel".into()),
                limit: 100,
                ..TableQuery::default()
            },
        ),
        (
            "an amount range",
            TableQuery {
                claimed_at_least: Some(1_000_000),
                claimed_at_most: Some(1_500_000),
                limit: 100,
                ..TableQuery::default()
            },
        ),
    ];
    queries
        .into_iter()
        .map(|(name, query)| {
            let mut times: Vec<f64> = (0..11)
                .map(|_| {
                    let start = Instant::now();
                    let page = desk.table(&query).unwrap();
                    assert!(page.total > 0, "{name}: nothing found");
                    start.elapsed().as_secs_f64() * 1_000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            (name.to_owned(), times[5])
        })
        .collect()
}

/// What one run measured.
struct Run {
    /// Seconds to take the files in, and with the statistics after.
    intake: f64,
    total: f64,
    /// Peak resident memory during the intake, in MB.
    peak: Option<f64>,
    current: usize,
    superseded: usize,
    /// Each table query and its median in milliseconds.
    queries: Vec<(String, f64)>,
}

fn run(claims: usize) -> Run {
    let files_dir = tempfile::tempdir().unwrap();
    let desk_dir = tempfile::tempdir().unwrap();
    let template = serde_json::Value::Object(example("kakao-cake-prior-week"));
    let files = bundles(files_dir.path(), &template, claims);
    let mut desk = AssocDesk::open(desk_dir.path()).unwrap();
    reset_peak();
    let start = Instant::now();
    let report = take_in_files(
        &mut desk,
        &files,
        Lang::Ko,
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let intake = start.elapsed().as_secs_f64();
    let stats = claim_assoc::stats::stats(&desk, Lang::Ko).unwrap();
    let total = start.elapsed().as_secs_f64();
    assert!(report.problems.is_empty(), "{:?}", report.problems.first());
    assert_eq!(report.count.received, claims);
    let peak = peak_mb();
    let queries = table_queries(&desk, claims);
    drop(desk);
    // To look at the table with the sqlite3 shell:
    // CLAIMDESK_BENCH_KEEP=/tmp/keep cargo bench … keeps each desk there.
    if let Some(keep) = std::env::var_os("CLAIMDESK_BENCH_KEEP") {
        let to = Path::new(&keep).join(format!("association-{claims}.sqlite3"));
        let _ = std::fs::create_dir_all(Path::new(&keep));
        std::fs::copy(desk_dir.path().join("association.sqlite3"), to).unwrap();
    }
    Run {
        intake,
        total,
        peak,
        current: stats.claims,
        superseded: report.count.superseded,
        queries,
    }
}

fn main() {
    // `cargo test --all-targets` builds benchmarks unoptimised and runs them
    // without arguments: there, a smoke test only.
    if cfg!(debug_assertions) || std::env::args().any(|arg| arg == "--test") {
        let Run {
            current,
            superseded,
            ..
        } = run(300);
        assert_eq!(current + superseded, 300);
        println!("intake smoke test: 300 claims, {superseded} replaced by a newer one");
        return;
    }
    let Run {
        intake,
        total,
        peak,
        current,
        superseded,
        ..
    } = run(2_117);
    println!(
        "2,117 claims: intake {:.2} s, with statistics {:.2} s (target ≤ 2 s); {current} current, {superseded} replaced; peak {:.0} MB",
        intake,
        total,
        peak.unwrap_or(f64::NAN)
    );
    for claims in [20_000, 100_000] {
        let Run {
            intake,
            total,
            peak,
            current,
            queries,
            ..
        } = run(claims);
        println!(
            "{claims} claims: intake {intake:.1} s, with statistics {total:.1} s (target for 100,000: ≤ 60 s); {current} current; peak memory during intake {:.0} MB",
            peak.unwrap_or(f64::NAN)
        );
        for (name, median) in queries {
            println!("  work table, {name}: {median:.1} ms (median of 11; target ≤ 50 ms)");
        }
    }
}
