//! The association's intake at the 2022 scale and beyond:
//! - 2,117 claims (the real count) in bundles: take in, settle duplicates,
//!   compute the statistics (target ≤ 2 s);
//! - 100,000 claims (target ≤ 60 s) in flat memory: the peak memory of the
//!   intake itself is measured for 20,000 and for 100,000 claims.
//!
//! `cargo bench -p claim-assoc --bench intake` (unoptimised, as `cargo test
//! --all-targets` runs it: 300 claims, a smoke test).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_assoc::bundle::{write_bundle, OutgoingClaim};
use claim_assoc::desk::AssocDesk;
use claim_assoc::intake::take_in_files;
use claim_core::Lang;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

const INDUSTRIES: [&str; 6] = [
    "food",
    "service",
    "transport",
    "retail",
    "manufacturing",
    "other",
];
const REGIONS: [&str; 5] = ["seoul", "busan", "gyeonggi", "daegu", "jeju"];

/// A valid registration number for shop `n` (the checksum of spec §6).
fn registration_number(n: usize) -> String {
    let mut digits: Vec<u32> = format!("{:09}", 100_000_000 + n * 7)
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    digits[3] = 8; // a corporate type code, like 120-81-…
    let weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() + digits[8] * 5 / 10;
    digits.push((10 - sum % 10) % 10);
    let text: String = digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap())
        .collect();
    format!("{}-{}-{}", &text[..3], &text[3..5], &text[5..])
}

fn claim(template: &serde_json::Value, index: usize) -> serde_json::Value {
    let mut claim = template.clone();
    // One shop in twenty files twice (a corrected claim).
    let shop = if index % 20 == 19 { index - 7 } else { index };
    claim["id"] = format!("0192f5c4-0000-7000-8000-{index:012}").into();
    claim["business"]["registration_number"] = registration_number(shop).into();
    claim["business"]["name"] = format!("가게 {shop}").into();
    claim["business"]["industry"] = INDUSTRIES[shop % INDUSTRIES.len()].into();
    claim["business"]["region"] = REGIONS[shop % REGIONS.len()].into();
    for (day, row) in claim["daily_sales"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        row["amount"] = (300_000 + ((index * 37 + day * 11) % 400) * 1_000).into();
    }
    claim
}

/// Bundles of 2,000 claims each in `dir` (made one at a time, so making
/// them does not raise the memory the intake is measured against).
fn bundles(dir: &Path, claims: usize) -> Vec<PathBuf> {
    let path = format!(
        "{}/../../../tests/fixtures/examples/kakao-cake-prior-week.claim.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let template: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut files = Vec::new();
    for (number, start) in (0..claims).step_by(2_000).enumerate() {
        let outgoing: Vec<OutgoingClaim> = (start..claims.min(start + 2_000))
            .map(|index| OutgoingClaim {
                document: claim(&template, index),
                number: format!("CD-2026-{index:06}"),
                status: "exported".into(),
                updated_at: format!("2026-11-{:02}T00:00:00Z", 1 + index % 28),
                pdf: None,
            })
            .collect();
        let file = dir.join(format!("bundle-{number:03}.zip"));
        let out = std::fs::File::create(&file).unwrap();
        write_bundle(out, &outgoing, "2026-11-25T00:00:00Z", false).unwrap();
        files.push(file);
    }
    files
}

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

fn run(claims: usize) -> (f64, f64, Option<f64>, usize, usize) {
    let files_dir = tempfile::tempdir().unwrap();
    let desk_dir = tempfile::tempdir().unwrap();
    let files = bundles(files_dir.path(), claims);
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
    (
        intake,
        total,
        peak_mb(),
        stats.claims,
        report.count.superseded,
    )
}

fn main() {
    // `cargo test --all-targets` builds benchmarks unoptimised and runs them
    // without arguments: there, a smoke test only.
    if cfg!(debug_assertions) || std::env::args().any(|arg| arg == "--test") {
        let (_, _, _, current, superseded) = run(300);
        assert_eq!(current + superseded, 300);
        println!("intake smoke test: 300 claims, {superseded} replaced by a newer one");
        return;
    }
    let (intake, total, peak, current, superseded) = run(2_117);
    println!(
        "2,117 claims: intake {:.2} s, with statistics {:.2} s (target ≤ 2 s); {current} current, {superseded} replaced; peak {:.0} MB",
        intake,
        total,
        peak.unwrap_or(f64::NAN)
    );
    for claims in [20_000, 100_000] {
        let (intake, total, peak, current, _) = run(claims);
        println!(
            "{claims} claims: intake {intake:.1} s, with statistics {total:.1} s (target for 100,000: ≤ 60 s); {current} current; peak memory during intake {:.0} MB",
            peak.unwrap_or(f64::NAN)
        );
    }
}
