//! The targets of the claim PDF: a 2-page claim ≤ 10 ms and ≤ 80 KB, a
//! 500-order claim ≤ 50 ms; font discovery and parsing once per process
//! (measured separately, and outside the per-document numbers).
//! `cargo bench -p claim-pdf --bench render`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_pdf::{render, FontChoice, Options};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use std::hint::black_box;

fn example(name: &str) -> Value {
    let path = format!(
        "{}/../../../tests/fixtures/examples/{name}.claim.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn many_orders(orders: usize) -> Value {
    let mut claim = example("kakao-cake-prior-week");
    claim["lost_orders"] = Value::Array(
        (0..orders)
            .map(|i| {
                json!({"ref": format!("R-{i:04}"), "at": "2022-10-16T10:00:00+09:00",
                       "service": "talk_channel", "amount": 1000 + i as i64,
                       "customer_name": "홍길동", "customer_phone": "010-9876-5432"})
            })
            .collect(),
    );
    claim
}

fn bench(c: &mut Criterion) {
    let options = Options {
        lang: claim_core::Lang::Ko,
        draft: false,
        at: "2026-11-25T05:05:00Z".parse().unwrap(),
        include_customer_details: false,
        number: Some("CD-2026-000017".into()),
        font: FontChoice::System,
        incidents: claim_core::Incidents::built_in(),
    };
    let started = std::time::Instant::now();
    claim_pdf::font::fonts(&FontChoice::System).unwrap();
    eprintln!(
        "font discovery and parsing (once per process): {:?}",
        started.elapsed()
    );

    let two_pages = example("orders-only-no-sales");
    let three_pages = example("kakao-cake-prior-week");
    let five_hundred = many_orders(500);
    for (name, claim) in [
        ("2-page", &two_pages),
        ("3-page", &three_pages),
        ("500-order", &five_hundred),
    ] {
        let rendered = render(claim, &[], &options).unwrap();
        eprintln!(
            "{name} claim: {} pages, {} bytes",
            rendered.pages,
            rendered.bytes.len()
        );
    }
    let mut group = c.benchmark_group("pdf");
    group.bench_function("2-page claim (orders only)", |b| {
        b.iter(|| render(black_box(&two_pages), &[], &options).map(|r| r.bytes.len()))
    });
    group.bench_function("3-page claim (sales, orders, costs)", |b| {
        b.iter(|| render(black_box(&three_pages), &[], &options).map(|r| r.bytes.len()))
    });
    group.sample_size(20);
    group.bench_function("500-order claim", |b| {
        b.iter(|| render(black_box(&five_hundred), &[], &options).map(|r| r.bytes.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
