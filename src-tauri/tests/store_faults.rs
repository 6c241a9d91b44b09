//! The store under the faults a shop PC meets: a process killed mid-save and
//! two processes writing at once (the window and the command line).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::claimdesk_binary;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/examples")
        .join(format!("{name}.claim.json"))
}

fn import(data_dir: &Path) -> Command {
    let mut command = Command::new(claimdesk_binary());
    command
        .args(["import", example("kakao-cake-prior-week").to_str().unwrap()])
        .env("CLAIMDESK_DATA_DIR", data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn stored_ids(data_dir: &Path) -> HashSet<String> {
    let output = Command::new(claimdesk_binary())
        .args(["list", "--json"])
        .env("CLAIMDESK_DATA_DIR", data_dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect()
}

fn integrity(data_dir: &Path) -> String {
    let conn = rusqlite::Connection::open(data_dir.join(claim_store::DATABASE_FILE)).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap()
}

/// 100 rounds: start a save, SIGKILL it at a random moment of its life (the
/// binary's own save time is measured first, so a slower binary such as the
/// release app, which loads WebKit's libraries, gets later kills). Whatever
/// was acknowledged (an id printed) must be there in full; the file must open
/// and pass `integrity_check`; no half claim may appear.
#[test]
fn a_save_killed_at_any_moment_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let mut timings: Vec<Duration> = (0..3)
        .map(|_| {
            let started = std::time::Instant::now();
            assert!(import(dir.path()).output().unwrap().status.success());
            started.elapsed()
        })
        .collect();
    timings.sort();
    let save_micros = u64::try_from(timings[1].as_micros()).unwrap().max(1_000);
    let mut acknowledged: HashSet<String> = stored_ids(dir.path());
    let mut seed: u64 = 0x2022_1015;
    for _ in 0..100 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_micros((seed >> 33) % (save_micros * 12 / 10));
        let mut child = import(dir.path()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let output = child.wait_with_output().unwrap();
        if output.status.success() {
            let id = String::from_utf8(output.stdout).unwrap().trim().to_owned();
            assert!(!id.is_empty());
            acknowledged.insert(id);
        }
    }
    // The kills must really have landed both before and after saves finished.
    let finished = acknowledged.len() - 3;
    eprintln!(
        "{finished} of 100 saves acknowledged before the kill (a save takes {save_micros} µs)"
    );
    assert!((1..=99).contains(&finished), "{finished} acknowledged");
    assert_eq!(integrity(dir.path()), "ok");
    let stored = stored_ids(dir.path());
    assert!(
        acknowledged.is_subset(&stored),
        "lost: {:?}",
        acknowledged.difference(&stored).collect::<Vec<_>>()
    );
    // Every stored claim is whole: its document parses and carries its orders.
    let store = claim_store::Store::open(dir.path()).unwrap();
    for id in &stored {
        let claim = store.claim(id).unwrap();
        assert_eq!(claim.document["lost_orders"].as_array().unwrap().len(), 3);
        assert_eq!(claim.summary.claimed, Some(1_314_400));
    }
}

/// Two processes saving at the same time queue on the lock: every save
/// succeeds and none is lost.
#[test]
fn two_writers_at_once_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    // Create the database first, as the running app would have.
    assert!(import(dir.path()).output().unwrap().status.success());
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let dir = dir.path().to_owned();
            std::thread::spawn(move || {
                (0..25)
                    .map(|_| {
                        let output = import(&dir).output().unwrap();
                        assert!(
                            output.status.success(),
                            "{}",
                            String::from_utf8_lossy(&output.stderr)
                        );
                        String::from_utf8(output.stdout).unwrap().trim().to_owned()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let ids: Vec<String> = writers
        .into_iter()
        .flat_map(|writer| writer.join().unwrap())
        .collect();
    assert_eq!(ids.len(), 50);
    let stored = stored_ids(dir.path());
    assert_eq!(stored.len(), 51);
    assert!(ids.iter().all(|id| stored.contains(id)));
    assert_eq!(integrity(dir.path()), "ok");
}
