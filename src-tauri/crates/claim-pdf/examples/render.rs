//! `cargo run -p claim-pdf --example render -- CLAIM.json OUT.pdf [en] [draft]`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&args[1]).unwrap()).unwrap();
    let options = claim_pdf::Options {
        lang: if args.iter().any(|a| a == "en") {
            claim_core::Lang::En
        } else {
            claim_core::Lang::Ko
        },
        draft: args.iter().any(|a| a == "draft"),
        at: chrono::DateTime::parse_from_rfc3339("2026-11-25T14:05:00+09:00")
            .unwrap()
            .to_utc(),
        include_customer_details: false,
        number: Some("CD-2026-000017".into()),
        font: claim_pdf::FontChoice::System,
    };
    let evidence: Vec<claim_pdf::EvidenceFile> = args
        .iter()
        .filter(|a| a.ends_with(".jpg") || a.ends_with(".png"))
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            claim_pdf::EvidenceFile {
                sha256: claim_pdf::sha256_hex(&bytes),
                bytes,
            }
        })
        .collect();
    let loops: usize = std::env::var("LOOPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    for _ in 0..loops {
        let _ = claim_pdf::render(&document, &evidence, &options);
    }
    let started = std::time::Instant::now();
    let rendered = claim_pdf::render(&document, &evidence, &options).unwrap();
    eprintln!(
        "{} pages, {} bytes, {:?}",
        rendered.pages,
        rendered.bytes.len(),
        started.elapsed()
    );
    std::fs::write(&args[2], rendered.bytes).unwrap();
}
