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
use claim_core::Lang;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

// The shared fixtures: a valid registration number for shop `n`, bundles of
// claims made from an example.
#[path = "../tests/common/mod.rs"]
mod common;
use common::{bundles, example, table_queries};

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
