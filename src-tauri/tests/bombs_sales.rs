//! The class test of the sales-file reader (issue 35): any file up to the
//! reader's size limit is read or refused within 300 MB, and the command
//! ends with 0, 1 or 2, never a signal. Bombs are generated: rows, columns
//! and one endless row for CSV; shared strings and sparse cells for XLSX.
//! Each runs `claimdesk import-sales --dry-run`, whose reading happens in
//! its worker process, and the command's peak memory (worker included) is
//! measured.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ended_cleanly, run_measured, MEMORY_CEILING_MB};
use proptest::prelude::*;

const MB: usize = 1024 * 1024;
const HEAD: &str = "일자,매출액\n2022-10-15,398800\n";

/// A CSV bomb of about `megabytes` MB (at most the reader's 50 MB).
fn csv_bomb(kind: usize, megabytes: usize) -> Vec<u8> {
    let size = megabytes * MB - HEAD.len();
    let body = match kind {
        // Rows: line breaks alone.
        0 => "\n".repeat(size),
        // Columns: one endless row of delimiters.
        1 => ",".repeat(size),
        // One endless cell, quoted so no line break ends it.
        2 => format!("\"{}\"", "가".repeat(size / 3 - 1)),
        // Cells: short rows of many empty cells each.
        3 => format!("{}\n", ",".repeat(200)).repeat(size / 202),
        // Long cells in short rows.
        _ => format!("2022-10-16,{}\n", "9".repeat(9_000)).repeat(size / 9_012),
    };
    format!("{HEAD}{body}").into_bytes()
}

/// An XLSX bomb: a long shared string named by `cells` cells, or cells
/// far apart (sparse: a few cells, a huge range).
fn xlsx_bomb(kind: usize, cells: u32) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "일자").unwrap();
    sheet.write_string(0, 1, "매출액").unwrap();
    sheet.write_string(1, 0, "2022-10-15").unwrap();
    sheet.write_number(1, 1, 398_800.0).unwrap();
    let long = "가".repeat(9_999);
    for n in 0..cells {
        match kind {
            0 => sheet.write_string(2 + n, 2, &long).map(|_| ()),
            1 => sheet
                .write_string(2 + n * 97 % 1_048_000, (n * 31 % 16_000) as u16, "x")
                .map(|_| ()),
            _ => sheet
                .write_string(2 + n / 250, (n % 250) as u16, &long[..30])
                .map(|_| ()),
        }
        .unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_sales_file_is_read_or_refused_within_the_ceiling(
        csv in (0usize..5, 1usize..=49),
        xlsx in (0usize..3, 1u32..20_000),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("bomb.csv", csv_bomb(csv.0, csv.1)),
            ("bomb.xlsx", xlsx_bomb(xlsx.0, xlsx.1)),
        ];
        for (name, bytes) in files {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let (output, peak) =
                run_measured(dir.path(), &["import-sales", "--dry-run", path.to_str().unwrap()]);
            prop_assert!(peak < MEMORY_CEILING_MB, "{name} ({csv:?} {xlsx:?}): {peak} MB");
            prop_assert!(
                ended_cleanly(&output),
                "{name} ({csv:?} {xlsx:?}, {} bytes): {:?} {}",
                bytes.len(),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

/// The largest bomb of each kind, at the reader's size limit (or far past
/// what a sheet may hold), with the peak printed for the note.
#[test]
fn the_largest_bombs_stay_under_the_ceiling() {
    let dir = tempfile::tempdir().unwrap();
    let mut largest = 0;
    let mut run = |name: String, bytes: Vec<u8>| {
        let path = dir.path().join(&name);
        std::fs::write(&path, bytes).unwrap();
        let (output, peak) = run_measured(
            dir.path(),
            &["import-sales", "--dry-run", path.to_str().unwrap()],
        );
        println!(
            "{name}: {peak} MB, exit {:?}: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
        assert!(ended_cleanly(&output), "{name}: {:?}", output.status);
        assert!(peak < MEMORY_CEILING_MB, "{name}: {peak} MB");
        largest = largest.max(peak);
    };
    for kind in 0..5 {
        run(format!("largest-{kind}.csv"), csv_bomb(kind, 50));
    }
    for (kind, cells) in [(0, 60_000), (1, 60_000), (2, 400_000)] {
        run(format!("largest-{kind}.xlsx"), xlsx_bomb(kind, cells));
    }
    println!("sales reader: the largest command took {largest} MB");
}
