//! The class test of the bundle reader (issue 35), which reads in the
//! app's own process (streaming, every member bounded): any bundle up to
//! its limits is taken in or refused within 300 MB, and `claimdesk assoc
//! import` ends with 0, 1 or 2, never a signal. Bombs are generated: many
//! lines, members that inflate far past the bundle's 512 MB, lines nested
//! deep, endless lines, and many members named in the manifest.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ended_cleanly, run_measured, MEMORY_CEILING_MB};
use proptest::prelude::*;
use std::io::Write;

const MB: usize = 1024 * 1024;

/// A manifest naming `lines` lines (each with a made-up fingerprint) and,
/// when `pdfs`, a PDF member for each.
fn manifest(lines: usize, pdfs: bool) -> Vec<u8> {
    let claims: Vec<serde_json::Value> = (1..=lines)
        .map(|line| {
            serde_json::json!({
                "id": format!("0192f5c4-0000-7000-8000-{line:012}"),
                "number": format!("CD-2026-{line:06}"),
                "status": "exported",
                "updated_at": "2026-11-20T01:02:03Z",
                "line": line,
                "json_sha256": "0".repeat(64),
                "pdf": pdfs.then(|| format!("pdf/claim-{line}.pdf")),
                "pdf_sha256": pdfs.then(|| "0".repeat(64)),
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "format": "claimdesk.bundle/1",
        "created_at": "2026-11-25T00:00:00Z",
        "customer_details": "masked",
        "claims": claims,
    }))
    .unwrap()
}

/// A bundle of `kind` at `scale`, written member by member (deflated: a
/// few megabytes that inflate to far more).
fn bundle_bomb(kind: usize, scale: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let member =
        |zip: &mut zip::ZipWriter<_>, name: &str, write: &mut dyn FnMut(&mut dyn Write)| {
            zip.start_file(name, options).unwrap();
            write(zip);
        };
    let repeat = |out: &mut dyn Write, piece: &[u8], bytes: usize| {
        let chunk = piece.repeat((MB / piece.len()).max(1));
        let mut left = bytes;
        while left > 0 {
            let now = left.min(chunk.len());
            out.write_all(&chunk[..now]).unwrap();
            left -= now;
        }
    };
    match kind {
        // Many lines: `scale` × 10,000 short ones, none a claim.
        0 => {
            let lines = scale * 10_000;
            member(&mut zip, "manifest.json", &mut |out| {
                out.write_all(&manifest(0, false)).unwrap()
            });
            member(&mut zip, "claims.jsonl", &mut |out| {
                repeat(out, b"{\"a\":1}\n", lines * 8)
            });
        }
        // A member inflating past the whole bundle's budget.
        1 => {
            member(&mut zip, "manifest.json", &mut |out| {
                out.write_all(&manifest(1, false)).unwrap()
            });
            member(&mut zip, "claims.jsonl", &mut |out| {
                repeat(out, b" ", (400 + scale * 40) * MB)
            });
        }
        // Lines nested deep, each a few megabytes.
        2 => {
            member(&mut zip, "manifest.json", &mut |out| {
                out.write_all(&manifest(scale, false)).unwrap()
            });
            member(&mut zip, "claims.jsonl", &mut |out| {
                for _ in 0..scale {
                    repeat(out, b"[", 4 * MB);
                    out.write_all(b"\n").unwrap();
                }
            });
        }
        // One endless line (no line break).
        3 => {
            member(&mut zip, "manifest.json", &mut |out| {
                out.write_all(&manifest(1, false)).unwrap()
            });
            member(&mut zip, "claims.jsonl", &mut |out| {
                repeat(out, b"\"x", scale * 20 * MB)
            });
        }
        // Many members named in the manifest, each a PDF of megabytes.
        _ => {
            let count = scale * 20;
            // 20 PDFs of 19 MB are 380 MB unpacked; 40 pass the bundle's 512 MB.
            member(&mut zip, "manifest.json", &mut |out| {
                out.write_all(&manifest(count, true)).unwrap()
            });
            member(&mut zip, "claims.jsonl", &mut |out| {
                repeat(out, b"{\"b\":2}\n", count * 8)
            });
            for line in 1..=count {
                member(&mut zip, &format!("pdf/claim-{line}.pdf"), &mut |out| {
                    repeat(out, b"%PDF-1.7 ", 19 * MB)
                });
            }
        }
    }
    zip.finish().unwrap().into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bundle_is_taken_in_or_refused_within_the_ceiling(kind in 0usize..5, scale in 1usize..=2) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.zip");
        std::fs::write(&path, bundle_bomb(kind, scale)).unwrap();
        let (output, peak) = run_measured(dir.path(), &["assoc", "import", path.to_str().unwrap()]);
        prop_assert!(peak < MEMORY_CEILING_MB, "kind {kind} scale {scale}: {peak} MB");
        prop_assert!(
            ended_cleanly(&output),
            "kind {kind} scale {scale}: {:?} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The largest of each kind, with the peak printed for the note.
#[test]
fn the_largest_bundle_bombs_stay_under_the_ceiling() {
    let dir = tempfile::tempdir().unwrap();
    let mut largest = 0;
    for (kind, scale) in [(0, 20), (1, 4), (2, 8), (3, 8), (4, 2)] {
        let path = dir.path().join(format!("largest-{kind}.zip"));
        std::fs::write(&path, bundle_bomb(kind, scale)).unwrap();
        let (output, peak) = run_measured(dir.path(), &["assoc", "import", path.to_str().unwrap()]);
        let said = String::from_utf8_lossy(&output.stdout);
        let said = said.lines().next().unwrap_or_default();
        println!(
            "largest-{kind}.zip: {peak} MB, exit {:?}: {said}",
            output.status.code()
        );
        assert!(ended_cleanly(&output), "{kind}: {:?}", output.status);
        assert!(peak < MEMORY_CEILING_MB, "{kind}: {peak} MB");
        largest = largest.max(peak);
    }
    println!("bundle reader: the largest command took {largest} MB");
}
