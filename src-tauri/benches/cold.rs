//! The headless commands as whole processes, cold, the way an owner's one
//! PDF or an association's script over thousands of files pays for them
//! (issue 21): `validate` ≤ 5 ms and `pdf` ≤ 20 ms on the public example,
//! a 500-order `pdf` ≤ 60 ms, font discovery included; `assoc import` of
//! the 2,117 claims of 2022 ≤ 0.5 s and of 100,000 ≤ 10 s, into a new
//! association desk, with its peak memory. Each command runs once to warm
//! the page cache, then `RUNS` times (default 15; the 100,000-claim intake 3
//! times); min, median and max of the wall time are printed.
//!
//! `cargo bench -p claimdesk --no-default-features --bench cold` times the
//! headless program cargo builds for it; `CLAIMDESK_BIN` picks another (the
//! console program `tauri build` made, the installed one).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// The binary under test ($CLAIMDESK_BIN, else this build's) and the
// fixtures, as the command-line tests find them.
#[path = "../tests/common/mod.rs"]
mod common;
use common::{claimdesk_binary, fixture};
// The association's bundles of claims, as its intake bench makes them.
#[path = "../crates/claim-assoc/tests/common/mod.rs"]
mod assoc_fixtures;

/// Runs `args` `runs` times after one warm-up; the wall times, sorted.
fn time(args: &[&str], runs: usize) -> Vec<Duration> {
    let run = || {
        let started = Instant::now();
        let status = Command::new(claimdesk_binary())
            .args(args)
            .env("SOURCE_DATE_EPOCH", "1764046800")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("the binary starts");
        let took = started.elapsed();
        assert!(status.success(), "{args:?} failed: {status}");
        took
    };
    run();
    let mut times: Vec<Duration> = (0..runs).map(|_| run()).collect();
    times.sort();
    times
}

/// `claimdesk assoc import` of `files` into a new desk, `runs` times after
/// one warm-up: the wall times, sorted, and the largest peak resident memory
/// (MB) of a run.
fn time_intake(files: &[PathBuf], claims: usize, runs: usize) -> (Vec<Duration>, f64) {
    let run = || {
        let desk = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let mut child = Command::new(claimdesk_binary())
            .args(["assoc", "import", "--json"])
            .args(files)
            .env("CLAIMDESK_DATA_DIR", desk.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        // Read on its own thread: a full pipe would stop the child.
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut out = String::new();
            std::io::Read::read_to_string(&mut stdout, &mut out).unwrap();
            out
        });
        let (status, peak_kb) = wait_with_peak(child);
        let out = reader.join().unwrap();
        let took = started.elapsed();
        assert!(status.success(), "assoc import failed: {status}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["count"]["received"], claims, "{report}");
        (took, peak_kb as f64 / 1024.0)
    };
    run();
    let (mut times, peaks): (Vec<Duration>, Vec<f64>) = (0..runs).map(|_| run()).unzip();
    times.sort();
    (times, peaks.into_iter().fold(0.0, f64::max))
}

/// Waits for `child` and returns its status and its peak resident memory
/// in kB, read from /proc while it runs (the peak only grows; Linux).
fn wait_with_peak(mut child: std::process::Child) -> (std::process::ExitStatus, u64) {
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status, peak_kb);
        }
        let hwm = std::fs::read_to_string(&status_file).ok().and_then(|text| {
            let line = text.lines().find(|line| line.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        });
        peak_kb = peak_kb.max(hwm.unwrap_or(0));
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn bundles(dir: &Path, claims: usize) -> Vec<PathBuf> {
    let example = fixture("examples/kakao-cake-prior-week.claim.json");
    let template: serde_json::Value =
        serde_json::from_slice(&std::fs::read(example).unwrap()).unwrap();
    let dir = dir.join(claims.to_string());
    std::fs::create_dir_all(&dir).unwrap();
    assoc_fixtures::bundles(&dir, &template, claims)
}

fn report(name: &str, times: &[Duration], target_ms: f64) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    println!(
        "{name:<28} min {:>6.1} ms  median {median:>6.1} ms  max {:>6.1} ms  (target ≤ {target_ms} ms: {})",
        ms(times[0]),
        ms(times[times.len() - 1]),
        if median <= target_ms { "met" } else { "NOT met" }
    );
}

fn main() {
    // `cargo test --benches` passes flags; the bench only runs under `cargo bench`.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    let out = tempfile::tempdir().unwrap();
    let example = fixture("examples/kakao-cake-prior-week.claim.json");
    let example = example.to_str().unwrap();

    let mut claim: serde_json::Value =
        serde_json::from_slice(&std::fs::read(example).unwrap()).unwrap();
    claim["lost_orders"] = (0..500)
        .map(|i| {
            serde_json::json!({"ref": format!("R-{i:04}"), "at": "2022-10-16T10:00:00+09:00",
                "service": "talk_channel", "amount": 1000 + i,
                "customer_name": "홍길동", "customer_phone": "010-9876-5432"})
        })
        .collect();
    let many = out.path().join("500-orders.claim.json");
    std::fs::write(&many, serde_json::to_vec(&claim).unwrap()).unwrap();
    let pdf = out.path().join("out.pdf");
    let pdf = pdf.to_str().unwrap();

    println!("{}", claimdesk_binary().display());
    report(
        "validate (example)",
        &time(&["validate", example], runs),
        5.0,
    );
    report(
        "pdf (example)",
        &time(&["pdf", example, "-o", pdf], runs),
        20.0,
    );
    let size = std::fs::metadata(pdf).unwrap().len();
    println!(
        "{:<28} {size} bytes ({:.1} KB; target ≤ 60 KB)",
        "the example's PDF",
        size as f64 / 1000.0
    );
    let many = many.to_str().unwrap();
    report(
        "pdf (500 orders)",
        &time(&["pdf", many, "-o", pdf], runs),
        60.0,
    );

    for (claims, runs, target_ms) in [(2_117, runs, 500.0), (100_000, 3, 10_000.0)] {
        let files = bundles(out.path(), claims);
        let (times, peak_mb) = time_intake(&files, claims, runs);
        report(
            &format!("assoc import ({claims} claims)"),
            &times,
            target_ms,
        );
        println!("{:<28} peak memory {peak_mb:.0} MB", "");
    }
}
