//! The class test of the readers that stay in the app's own process (issue
//! 35 §1: byte-bounded, so they may, if this holds): the association's
//! answers and receipts (64 MB, signed), incident definitions (1 MB) and
//! backups (SQLite, under SQLite's own heap limit). Any such file up to its
//! limit is read or refused within 300 MB, and the command ends with 0, 1
//! or 2, never a signal. Bombs are generated: nesting, files of tiny
//! tokens, the largest file a trusted key could sign, and SQLite files
//! whose schema or pages are built to take the memory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ended_cleanly, run_in, run_measured, succeeded, MEMORY_CEILING_MB};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const MB: usize = 1024 * 1024;

/// A shop that trusts a key for answers: (shop folder, the key's secret).
fn shop_trusting_a_key() -> (tempfile::TempDir, [u8; 32]) {
    let shop = tempfile::tempdir().unwrap();
    let key = shop.path().join("association.key");
    let public = succeeded(&run_in(
        shop.path(),
        &["incident", "keygen", "-o", key.to_str().unwrap()],
    ))
    .trim()
    .to_owned();
    succeeded(&run_in(
        shop.path(),
        &[
            "incident",
            "trust-key",
            &public,
            "--name",
            "연합회",
            "--for",
            "answers",
        ],
    ));
    let secret = claimdesk::app::incidents::read_secret_key(&key).unwrap();
    (shop, secret)
}

/// `text` repeated to `bytes`.
fn repeated(text: &str, bytes: usize) -> String {
    text.repeat(bytes / text.len().max(1))
}

/// An answers file of `kind` at `scale` (1 to 4), up to its 64 MB limit.
fn answers_bomb(kind: usize, scale: usize, secret: &[u8; 32]) -> Vec<u8> {
    use claim_core::answer::{sign, SIGNED_ANSWERS_FORMAT};
    let signed = |payload: &[u8]| sign(SIGNED_ANSWERS_FORMAT, payload, secret);
    match kind {
        // The envelope nested deep.
        0 => repeated("[", scale * 15 * MB).into_bytes(),
        // An envelope of millions of tiny members.
        1 => format!("{{{}\"x\":1}}", repeated("\"a\":1,", scale * 15 * MB)).into_bytes(),
        // Signed by the trusted key: as many answers as fit (a long reason
        // each), all about claims not here.
        2 => {
            let answer = |n: usize| {
                serde_json::json!({
                    "claim_id": format!("0192f5c4-0000-7000-8000-{n:012}"),
                    "claim_number": format!("CD-2026-{:06}", n % 1_000_000),
                    "registration_number": "1208147521",
                    "status": "returned",
                    "reason": "서류가 빠졌습니다. ".repeat(20),
                    "at": "2026-12-01T00:00:00Z",
                    "claim_sha256": "ab".repeat(32),
                    "receipt_number": null,
                })
            };
            // Base64 takes a third more: 11 MB of payload a step (44 MB is
            // 59 MB in the envelope, under its 64 MB).
            let each = serde_json::to_vec(&answer(0)).unwrap().len() + 1;
            let count = (scale * 11 * MB / each).min(claim_core::answer::MAX_ANSWERS);
            let payload = serde_json::to_vec(&serde_json::json!({
                "format": "claimdesk.answers/1",
                "issued_at": "2026-12-02T00:00:00Z",
                "issuer": "연합회",
                "answers": (0..count).map(answer).collect::<Vec<_>>(),
            }))
            .unwrap();
            signed(&payload)
        }
        // Signed: a payload nested deep.
        3 => signed(repeated("[", scale * 10 * MB).as_bytes()),
        // Signed: an answers array of millions of empty objects.
        _ => signed(
            format!(
                "{{\"format\":\"claimdesk.answers/1\",\"issued_at\":\"2026-12-02T00:00:00Z\",\"issuer\":\"x\",\"answers\":[{}{{}}]}}",
                repeated("{},", scale * 10 * MB)
            )
            .as_bytes(),
        ),
    }
}

/// An incident definition of `kind` at `scale`, up to its 1 MB limit.
fn definition_bomb(kind: usize, scale: usize) -> Vec<u8> {
    let room = scale * 250 * 1024;
    match kind {
        0 => repeated("{\"a\":", room).into_bytes(),
        1 => format!(
            "{{\"format\":\"claimdesk.incident/1\",\"services\":[{}{{}}]}}",
            repeated("{\"service\":\"talk_channel\"},", room)
        )
        .into_bytes(),
        _ => format!(
            "{{\"format\":\"claimdesk.incident/1\",\"id\":\"{}\"}}",
            repeated("가", room)
        )
        .into_bytes(),
    }
}

/// A SQLite file offered as a backup, of `kind` at `scale`, written to
/// `path`: a schema of many wide tables, many rows, or our own schema's
/// version with a table of wide rows beside it.
fn backup_bomb(kind: usize, scale: usize, path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;")
        .unwrap();
    match kind {
        // Tables of a thousand columns, each with a long default: SQLite
        // holds the whole schema in memory once it reads the file.
        0 => {
            let columns: Vec<String> = (0..1000)
                .map(|c| format!("c{c} TEXT DEFAULT '{}'", "x".repeat(200)))
                .collect();
            let columns = columns.join(",");
            for table in 0..scale * 300 {
                conn.execute_batch(&format!("CREATE TABLE t{table} ({columns});"))
                    .unwrap();
            }
            conn.execute_batch("PRAGMA user_version = 1;").unwrap();
        }
        // Millions of small rows.
        1 => {
            conn.execute_batch(&format!(
                "CREATE TABLE claim (id TEXT);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})
                 INSERT INTO claim SELECT printf('%012d', i) FROM n;
                 PRAGMA user_version = 1;",
                scale * 1_000_000
            ))
            .unwrap();
        }
        // Rows of megabytes.
        _ => {
            conn.execute_batch(&format!(
                "CREATE TABLE claim (id TEXT, document TEXT);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})
                 INSERT INTO claim SELECT i, zeroblob(8 * 1024 * 1024) FROM n;
                 PRAGMA user_version = 1;",
                scale * 10
            ))
            .unwrap();
        }
    }
    conn.execute_batch("COMMIT;").unwrap();
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_answers_file_is_read_or_refused_within_the_ceiling(kind in 0usize..5, scale in 1usize..=4) {
        let (shop, secret) = shop_trusting_a_key();
        let path = write(shop.path(), "answers.json", &answers_bomb(kind, scale, &secret));
        let (output, peak) = run_measured(shop.path(), &["import-answer", path.to_str().unwrap()]);
        prop_assert!(peak < MEMORY_CEILING_MB, "kind {kind} scale {scale}: {peak} MB");
        prop_assert!(ended_cleanly(&output), "kind {kind} scale {scale}: {:?}", output.status);
    }

    #[test]
    fn any_definition_is_read_or_refused_within_the_ceiling(kind in 0usize..3, scale in 1usize..=4) {
        let shop = tempfile::tempdir().unwrap();
        let path = write(shop.path(), "incident.json", &definition_bomb(kind, scale));
        let (output, peak) = run_measured(shop.path(), &["incident", "import", path.to_str().unwrap()]);
        prop_assert!(peak < MEMORY_CEILING_MB, "kind {kind} scale {scale}: {peak} MB");
        prop_assert!(ended_cleanly(&output), "kind {kind} scale {scale}: {:?}", output.status);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_backup_is_restored_or_refused_within_the_ceiling(kind in 0usize..3, scale in 1usize..=2) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backup.sqlite3");
        backup_bomb(kind, scale, &path);
        let data = dir.path().join("data");
        let (output, peak) = run_measured(&data, &["restore", path.to_str().unwrap()]);
        prop_assert!(peak < MEMORY_CEILING_MB, "kind {kind} scale {scale}: {peak} MB");
        prop_assert!(ended_cleanly(&output), "kind {kind} scale {scale}: {:?}", output.status);
        // None is a ClaimDesk backup: refused, the data folder as it was.
        prop_assert_eq!(output.status.code(), Some(2));
    }
}

/// The largest of each kind, with the peak printed for the note.
#[test]
fn the_largest_in_process_bombs_stay_under_the_ceiling() {
    let (shop, secret) = shop_trusting_a_key();
    let mut largest = Vec::new();
    let mut measure = |what: String, data: &Path, args: &[&str]| {
        let (output, peak) = run_measured(data, args);
        let said = String::from_utf8_lossy(&output.stderr);
        println!(
            "{what}: {peak} MB, exit {:?}: {}",
            output.status.code(),
            said.lines().next().unwrap_or_default()
        );
        assert!(ended_cleanly(&output), "{what}: {:?}", output.status);
        assert!(peak < MEMORY_CEILING_MB, "{what}: {peak} MB");
        largest.push((peak, what));
    };
    for kind in 0..5 {
        let path = write(
            shop.path(),
            &format!("answers-{kind}.json"),
            &answers_bomb(kind, 4, &secret),
        );
        assert!(std::fs::metadata(&path).unwrap().len() <= 64 * MB as u64);
        measure(
            format!("answers-{kind}"),
            shop.path(),
            &["import-answer", path.to_str().unwrap()],
        );
    }
    for kind in 0..3 {
        let path = write(
            shop.path(),
            &format!("incident-{kind}.json"),
            &definition_bomb(kind, 4),
        );
        measure(
            format!("incident-{kind}"),
            shop.path(),
            &["incident", "import", path.to_str().unwrap()],
        );
    }
    let dir = tempfile::tempdir().unwrap();
    for (kind, scale) in [(0, 7), (1, 3), (2, 4)] {
        let path = dir.path().join(format!("backup-{kind}.sqlite3"));
        backup_bomb(kind, scale, &path);
        let data = dir.path().join(format!("data-{kind}"));
        measure(
            format!(
                "backup-{kind} ({} MB)",
                std::fs::metadata(&path).unwrap().len() / MB as u64
            ),
            &data,
            &["restore", path.to_str().unwrap()],
        );
    }
    largest.sort();
    println!(
        "in-process readers: the largest command took {:?}",
        largest.last()
    );
}
