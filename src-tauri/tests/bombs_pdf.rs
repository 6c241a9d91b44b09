//! The class test of the PDF reader (issue 35): any PDF up to the reader's
//! 50 MB is read or refused within 300 MB, and `claimdesk import-pdf` ends
//! with 0, 1 or 2, never a signal. Bombs are generated from a real claim
//! PDF with incremental updates appended (as a PDF editor saves): object
//! streams each under the per-stream limit, arrays nested past any stack,
//! and many small objects. Also: a worker stopped for memory or time is
//! `E_FILE_TOO_COMPLEX`, and an association intake loses only that file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ended_cleanly, fixture, run_in, run_measured, succeeded, MEMORY_CEILING_MB};
use proptest::prelude::*;
use std::io::Write;
use std::path::Path;

const MB: usize = 1024 * 1024;

/// A claim PDF made by the binary under test.
fn claim_pdf(dir: &Path) -> Vec<u8> {
    let claim = fixture("examples/kakao-cake-prior-week.claim.json");
    let out = dir.join("claim.pdf");
    succeeded(&run_in(
        dir,
        &["pdf", claim.to_str().unwrap(), "-o", out.to_str().unwrap()],
    ));
    std::fs::read(out).unwrap()
}

/// `base` with an incremental update appended that adds `object` as object
/// `number`, its trailer pointing back to the one before.
fn with_update(base: &[u8], number: u32, object: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(base);
    let previous: usize = text[text.rfind("startxref").unwrap() + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // The catalog of the first trailer stays the root.
    let root_at = text.find("/Root ").unwrap() + 6;
    let root: String = text[root_at..].chars().take_while(|c| *c != 'R').collect();
    let mut out = base.to_vec();
    let at = out.len();
    out.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
    out.extend_from_slice(object);
    out.extend_from_slice(b"\nendobj\n");
    let xref = out.len();
    out.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{number} 1\n{at:010} 00000 n \ntrailer\n<</Size {}/Root {root}R/Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n",
            number + 1
        )
        .as_bytes(),
    );
    out
}

/// An object stream of one string object of `megabytes` MB, compressed.
fn object_stream(inner: u32, megabytes: usize) -> Vec<u8> {
    let header = format!("{inner} 0 ");
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(header.as_bytes()).unwrap();
    encoder.write_all(b"(").unwrap();
    encoder.write_all(&vec![b'x'; megabytes * MB]).unwrap();
    encoder.write_all(b")").unwrap();
    let packed = encoder.finish().unwrap();
    let mut object = format!(
        "<</Type/ObjStm/N 1/First {}/Filter/FlateDecode/Length {}>>\nstream\n",
        header.len(),
        packed.len()
    )
    .into_bytes();
    object.extend_from_slice(&packed);
    object.extend_from_slice(b"\nendstream");
    object
}

/// A bomb of `kind` made from `base`, `size` its scale.
fn pdf_bomb(base: &[u8], kind: usize, size: usize) -> Vec<u8> {
    match kind {
        // `size` object streams of 15 MB, one update each.
        0 => (0..size).fold(base.to_vec(), |bytes, n| {
            let n = u32::try_from(n).unwrap();
            with_update(&bytes, 9_000 + n, &object_stream(8_000 + n, 15))
        }),
        // Arrays nested `size` MB deep.
        1 => with_update(base, 9_000, &b"[".repeat(size * MB)),
        // A dictionary of `size` MB of small entries.
        _ => {
            let mut object = b"<<".to_vec();
            for n in 0..size * MB / 12 {
                object.extend_from_slice(format!("/K{n} [0]").as_bytes());
            }
            object.extend_from_slice(b">>");
            with_update(base, 9_000, &object)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_pdf_is_read_or_refused_within_the_ceiling(kind in 0usize..3, size in 1usize..=12) {
        let dir = tempfile::tempdir().unwrap();
        let bomb = pdf_bomb(&claim_pdf(dir.path()), kind, size);
        let path = dir.path().join("bomb.pdf");
        std::fs::write(&path, &bomb).unwrap();
        let (output, peak) = run_measured(dir.path(), &["import-pdf", path.to_str().unwrap()]);
        prop_assert!(peak < MEMORY_CEILING_MB, "kind {kind} size {size}: {peak} MB");
        prop_assert!(
            ended_cleanly(&output),
            "kind {kind} size {size}: {:?} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The largest of each kind, with the peak printed for the note.
#[test]
fn the_largest_pdf_bombs_stay_under_the_ceiling() {
    let dir = tempfile::tempdir().unwrap();
    let base = claim_pdf(dir.path());
    let mut largest = 0;
    for (kind, size) in [(0, 40), (1, 48), (2, 40)] {
        let bomb = pdf_bomb(&base, kind, size);
        assert!(bomb.len() <= 50 * MB, "{kind}: {} bytes", bomb.len());
        let path = dir.path().join(format!("largest-{kind}.pdf"));
        std::fs::write(&path, bomb).unwrap();
        let (output, peak) = run_measured(dir.path(), &["import-pdf", path.to_str().unwrap()]);
        let said = String::from_utf8_lossy(&output.stderr);
        println!(
            "largest-{kind}.pdf: {peak} MB, exit {:?}: {}",
            output.status.code(),
            said.trim()
        );
        assert!(ended_cleanly(&output), "{kind}: {:?}", output.status);
        assert!(peak < MEMORY_CEILING_MB, "{kind}: {peak} MB");
        // Read (lopdf skips an object it cannot parse), or refused with a code.
        assert!(output.status.success() || said.contains("(E_"), "{said}");
        largest = largest.max(peak);
    }
    println!("PDF reader: the largest command took {largest} MB");
}

/// Runs `claimdesk ARGS` with the worker's limits set to `limits`.
fn run_limited(dir: &Path, limits: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(common::claimdesk_binary())
        .args(args)
        .env("CLAIMDESK_DATA_DIR", dir)
        .env("CLAIMDESK_WORKER_LIMITS", limits)
        .env_remove("DISPLAY")
        .output()
        .unwrap()
}

/// A worker that runs out of memory, or past the wall clock, is stopped:
/// the command says `E_FILE_TOO_COMPLEX` in words and ends with 2, and
/// the same file reads with the usual limits.
#[test]
fn a_worker_stopped_for_memory_or_time_is_a_clean_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("claim.pdf");
    std::fs::write(&pdf, claim_pdf(dir.path())).unwrap();
    let sales = dir.path().join("매출.csv");
    let rows: String = (0..90_000)
        .map(|n| format!("2022-10-{:02},{}\n", 1 + n % 28, 1000 + n))
        .collect();
    std::fs::write(&sales, format!("일자,매출액\n{rows}")).unwrap();
    let sales_args = vec!["import-sales", "--dry-run", sales.to_str().unwrap()];
    let pdf_args = vec!["import-pdf", pdf.to_str().unwrap()];
    for (limits, why, commands) in [
        ("4,20,30000", "memory", vec![&sales_args]),
        ("256,20,0", "the wall clock", vec![&sales_args, &pdf_args]),
    ] {
        for args in commands {
            let output = run_limited(dir.path(), limits, args);
            let said = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{why} {args:?}: {said}");
            assert!(
                said.contains("너무 크거나 복잡해서 읽지 않았습니다")
                    && said.contains("(E_FILE_TOO_COMPLEX)"),
                "{why} {args:?}: {said}"
            );
        }
    }
    succeeded(&run_in(
        dir.path(),
        &["import-sales", "--dry-run", sales.to_str().unwrap()],
    ));
    succeeded(&run_in(dir.path(), &["import-pdf", pdf.to_str().unwrap()]));
}

/// An intake of several files where one PDF's worker is stopped: that file
/// is listed with its code, and the others are taken in.
#[test]
fn an_intake_loses_only_the_file_whose_worker_was_stopped() {
    let shop = tempfile::tempdir().unwrap();
    let base = claim_pdf(shop.path());
    let desk = tempfile::tempdir().unwrap();
    let good = desk.path().join("a-good.pdf");
    std::fs::write(&good, &base).unwrap();
    let json = desk.path().join("b-claim.json");
    std::fs::copy(fixture("examples/kakao-cake-best-week.claim.json"), &json).unwrap();
    // Two object streams of 15 MB: within the reader's own budget, past
    // the 40 MB the worker is given here, so the worker is stopped.
    let bomb = desk.path().join("c-bomb.pdf");
    std::fs::write(&bomb, pdf_bomb(&base, 0, 2)).unwrap();
    let output = run_limited(
        desk.path(),
        "40,20,30000",
        &[
            "assoc",
            "import",
            good.to_str().unwrap(),
            json.to_str().unwrap(),
            bomb.to_str().unwrap(),
            "--json",
        ],
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(ended_cleanly(&output), "{:?}", output.status);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(report["count"]["received"], 2, "{report}");
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{report}");
    assert_eq!(problems[0]["file"], "c-bomb.pdf");
    assert_eq!(problems[0]["code"], "E_FILE_TOO_COMPLEX");
    assert!(
        !said.contains("a-good.pdf") && !said.contains("b-claim.json"),
        "{said}"
    );
}
