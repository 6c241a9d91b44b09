//! The largest inputs a claim PDF accepts, timed and with their peak memory
//! (the ceiling is 300 MB for any accepted input): a claim at the 2,000
//! lost-order limit, and evidence PNGs of 2,000 × 2,000 px (shown as they
//! are) and 11,000 × 11,000 px (read row by row, scaled to 1,834 px).
//! `cargo bench -p claim-pdf --bench ceilings` (each case is run five times
//! in this process; min/median/max are printed).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_pdf::{render, EvidenceFile, FontChoice, Options};
use serde_json::{json, Value};
use std::time::Instant;

fn example() -> Value {
    let path = format!(
        "{}/../../../tests/fixtures/examples/kakao-cake-prior-week.claim.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Peak resident memory since the last reset, in MB (Linux).
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn reset_peak() {
    // "5" resets the peak resident set size (Linux ≥ 4.0).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A PNG `side` px square: gradients, with a little noise when `noisy` (a
/// photo's compressibility; without it a screenshot's).
fn png(side: u32, noisy: bool) -> Vec<u8> {
    // Written to a file: the stream writer holds on to what it writes to.
    let file = tempfile::NamedTempFile::new().unwrap();
    {
        let mut encoder = png::Encoder::new(file.reopen().unwrap(), side, side);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        if noisy {
            encoder.set_compression(png::Compression::Fast);
        } else {
            // Each row is the one above plus one: "Up" leaves only ones to store.
            encoder.set_filter(png::Filter::Up);
        }
        let mut writer = encoder
            .write_header()
            .unwrap()
            .into_stream_writer()
            .unwrap();
        let mut state = 0x2545_F491u32;
        let mut row = vec![0u8; side as usize * 3];
        for y in 0..side {
            for (x, byte) in row.iter_mut().enumerate() {
                // Gradients with a little noise: a screenshot's compressibility.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let noise = if noisy { state as u8 & 0x07 } else { 0 };
                *byte = ((x as u32 / 3 + y) % 256) as u8 ^ noise;
            }
            std::io::Write::write_all(&mut writer, &row).unwrap();
        }
        writer.finish().unwrap();
    }
    std::fs::read(file.path()).unwrap()
}

fn main() {
    // `cargo test --all-targets` runs this once as a smoke test (a debug
    // build, without `--bench`): one run of the small cases.
    let measuring = std::env::args().any(|arg| arg == "--bench");
    let runs = if measuring { 5 } else { 1 };
    let options = Options {
        lang: claim_core::Lang::Ko,
        draft: false,
        at: "2026-11-25T05:05:00Z".parse().unwrap(),
        include_customer_details: false,
        number: Some("CD-2026-000017".into()),
        font: FontChoice::System,
        incidents: claim_core::Incidents::built_in(),
    };
    claim_pdf::font::fonts(&FontChoice::System).unwrap();

    let mut orders = example();
    let limit = claim_core::report::MAX_LIST_ENTRIES
        .iter()
        .find(|(list, _)| *list == "lost_orders")
        .unwrap()
        .1;
    orders["lost_orders"] = Value::Array(
        (0..limit)
            .map(|i| {
                json!({"ref": format!("R-{i:04}"), "at": "2022-10-16T10:00:00+09:00",
                       "service": "talk_channel", "amount": 1000 + i as i64,
                       "customer_name": "홍길동", "customer_phone": "010-9876-5432"})
            })
            .collect(),
    );
    let with_photo = |bytes: Vec<u8>| {
        let sha256 = claim_pdf::sha256_hex(&bytes);
        let mut claim = example();
        claim["evidence"] =
            json!([{"kind": "service_use_proof", "file_name": "화면.png", "sha256": sha256}]);
        (claim, vec![EvidenceFile { sha256, bytes }])
    };
    type Case<'a> = (String, Box<dyn Fn() -> (Value, Vec<EvidenceFile>) + 'a>);
    // Each made when its turn comes, so one case's input is not in the next
    // one's peak.
    let cases: Vec<Case> = vec![
        (
            format!("{limit} lost orders"),
            Box::new(|| (orders.clone(), vec![])),
        ),
        (
            "a 2,000 × 2,000 px photo PNG".into(),
            Box::new(|| with_photo(png(2_000, true))),
        ),
        (
            "an 11,000 × 11,000 px screenshot PNG".into(),
            Box::new(|| with_photo(png(11_000, false))),
        ),
    ];
    for (name, make) in cases.iter().take(if measuring { 3 } else { 2 }) {
        let (claim, files) = make();
        let (claim, files) = (&claim, &files);
        reset_peak();
        let before = peak_mb();
        let input: usize = files.iter().map(|f| f.bytes.len()).sum();
        let mut times = Vec::new();
        let mut peaks = Vec::new();
        let mut size = 0;
        for _ in 0..runs {
            reset_peak();
            let started = Instant::now();
            let rendered = render(claim, files, &options).unwrap();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            peaks.push(peak_mb());
            size = rendered.bytes.len();
        }
        times.sort_by(f64::total_cmp);
        peaks.sort_by(f64::total_cmp);
        println!(
            "{name}: {:.0}/{:.0}/{:.0} ms (min/median/max), peak {:.0}/{:.0}/{:.0} MB (of which {before:.0} MB before rendering), evidence {} KB, PDF {} KB",
            times[0], times[runs / 2], times[runs - 1], peaks[0], peaks[runs / 2], peaks[runs - 1], input / 1024, size / 1024
        );
    }
}
