//! A 10,000-row card-terminal CSV read into day totals (target ≤ 100 ms).
//! `cargo bench -p claim-import --bench import`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};

fn card_terminal_csv(rows: usize) -> Vec<u8> {
    let mut text = String::from("거래일시,카드사,승인번호,승인금액,구분\n");
    for i in 0..rows {
        let day = 1 + i % 28;
        let amount = 5_000 + (i * 137) % 90_000;
        let kind = if i % 50 == 0 { "취소" } else { "승인" };
        text.push_str(&format!(
            "2022-10-{day:02} {:02}:{:02}:11,신한카드,{i:08},\"{},{:03}\",{kind}\n",
            i % 24,
            i % 60,
            amount / 1000,
            amount % 1000
        ));
    }
    text.into_bytes()
}

fn bench(c: &mut Criterion) {
    let csv = card_terminal_csv(10_000);
    let imported = claim_import::read_sales(&csv, None).unwrap();
    assert_eq!(imported.days.len(), 28);
    assert!(imported.rejected.is_empty());
    c.bench_function("card terminal CSV, 10,000 rows", |b| {
        b.iter(|| claim_import::read_sales(std::hint::black_box(&csv), None).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
