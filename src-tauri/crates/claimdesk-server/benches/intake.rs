//! The association's intake on PostgreSQL at a national outage's scale:
//! `CLAIMS` claims (default 1,000,000; one shop in twenty files twice) in
//! bundles of 2,000, each bundle one intake as the desk or a submission
//! takes it in, on a PostgreSQL the bench starts (Debian's binaries, on
//! 127.0.0.1). Prints the time, claims a second, the bench process's peak
//! memory at each tenth (flat: the intake streams); then each kind of the
//! staff's work-table query (claim-assoc's shared set) as the median of 11.
//! Targets: 1,000,000 within 5 minutes on the 2-core machine, each query
//! within 50 ms.
//!
//! `cargo bench -p claimdesk-server --bench intake` (`CLAIMS=20000` for a
//! quick look; `WORKERS=N` intakes at once, default 2).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../claim-assoc/tests/common/mod.rs"]
mod common;
#[path = "../tests/support/mod.rs"]
mod support;

use claim_assoc::desk::Desk;
use claim_assoc::intake::take_in_files;
use claimdesk_server::store::PgStore;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let claims: usize = std::env::var("CLAIMS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1_000_000);
    let server = support::TestPostgres::start();
    server.create_database("bench");
    let url = server.url("bench");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            claimdesk_server::schema::init(&mut support::client(&url).await)
                .await
                .unwrap();
        });
    let files = tempfile::tempdir().unwrap();
    let template = serde_json::Value::Object(common::example("kakao-cake-prior-week"));
    let made = Instant::now();
    let bundles = common::bundles(files.path(), &template, claims);
    eprintln!(
        "{} bundles of {claims} claims made in {:.1} s",
        bundles.len(),
        made.elapsed().as_secs_f64()
    );
    let workers: usize = std::env::var("WORKERS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(2);
    // Each worker takes the next bundle, one intake each, on a connection
    // of its own: as the server takes submissions, several at once.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let received = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    let tenth = (bundles.len() / 10).max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut desk = Desk::new(PgStore::connect(&url).unwrap());
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(bundle) = bundles.get(index) else {
                        break;
                    };
                    let report = take_in_files(
                        &mut desk,
                        std::slice::from_ref(bundle),
                        claim_core::Lang::Ko,
                        &|_| {},
                        &AtomicBool::new(false),
                    )
                    .unwrap();
                    assert!(report.problems.is_empty(), "{:?}", report.problems);
                    let total = received
                        .fetch_add(report.count.received, std::sync::atomic::Ordering::Relaxed)
                        + report.count.received;
                    if (index + 1).is_multiple_of(tenth) {
                        let seconds = started.elapsed().as_secs_f64();
                        println!(
                            "{total:>9} claims taken in: {seconds:>7.1} s, {:>6.0} claims/s, peak {:.0} MB",
                            total as f64 / seconds,
                            peak_mb()
                        );
                    }
                }
            });
        }
    });
    let received = received.into_inner();
    let desk = Desk::new(PgStore::connect(&url).unwrap());
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(received, claims);
    println!(
        "intake of {claims} claims into PostgreSQL, {workers} intakes at once: {seconds:.1} s ({:.0} claims/s); peak {:.0} MB",
        claims as f64 / seconds,
        peak_mb()
    );
    // What autovacuum does on its own after a bulk load, done now: the
    // planner's statistics and the visibility map for index-only counts.
    let vacuumed = Instant::now();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            support::client(&url)
                .await
                .batch_execute("VACUUM ANALYZE")
                .await
                .unwrap();
        });
    println!("VACUUM ANALYZE: {:.1} s", vacuumed.elapsed().as_secs_f64());
    for (query, median) in common::table_queries(&desk, claims) {
        println!("  {query:<40} {median:>7.1} ms");
    }
}
