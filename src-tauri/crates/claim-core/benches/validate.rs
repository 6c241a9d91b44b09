//! Validate a claim with 62 days of sales and 1,000 lost orders, from its JSON
//! bytes to the rendered report (what `claimdesk validate` does minus file IO).
//! Target (issue #2): ≤ 1 ms median in release on the 2-core dev machine.
//!
//! Run: `cargo bench -p claim-core --bench validate`

use chrono::{Duration, NaiveDate};
use claim_core::{assess_document, Lang, Report};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use std::hint::black_box;

fn claim(method: serde_json::Value, period: Option<(&str, &str)>) -> Vec<u8> {
    let first = NaiveDate::from_ymd_opt(2022, 8, 31).unwrap_or_default();
    let daily_sales: Vec<_> = (0..62)
        .map(|i| {
            let date = first + Duration::days(i);
            json!({"date": date.to_string(), "amount": 300_000 + (i * 7_919) % 500_000})
        })
        .collect();
    let start =
        chrono::DateTime::parse_from_rfc3339("2022-10-15T15:30:00+09:00").unwrap_or_default();
    let lost_orders: Vec<_> = (0..1_000)
        .map(|i| {
            json!({
                "ref": format!("KC-{i:04}"),
                "at": (start + Duration::minutes(i * 7)).to_rfc3339(),
                "service": if i % 3 == 0 { "pay" } else { "talk_channel" },
                "amount": 10_000 + (i * 1_013) % 90_000,
                "customer_name": "김민지",
                "customer_phone": "010-2222-3333",
                "note": "생일 케이크 주문 확인 불가"
            })
        })
        .collect();
    let mut claim = json!({
        "format": "claimdesk.claim/1",
        "business": {"name": "행복케이크", "representative": "김민지", "registration_number": "120-81-47521",
                     "industry": "food", "region": "seoul", "phone": "010-1234-5678", "email": "cake@example.kr"},
        "incident": {"preset": "kakao-2022-10"},
        "baseline": method,
        "affected_services": [{"service": "talk_channel", "paid": false}],
        "daily_sales": daily_sales,
        "lost_orders": lost_orders,
        "extra_costs": [{"date": "2022-10-16", "description": "대체 문자 발송비", "amount": 33_000}],
        "margin_bp": 3500,
        "evidence": [{"kind": "sales_proof"}, {"kind": "service_use_proof"}]
    });
    if let Some((from, to)) = period {
        claim["period"] = json!({"from": from, "to": to});
    }
    serde_json::to_vec(&claim).unwrap_or_default()
}

fn validate(bytes: &[u8]) -> Report {
    match assess_document(bytes) {
        Ok((_, assessment)) => Report::new(&assessment, Lang::Ko),
        Err(error) => unreachable_document(error),
    }
}

#[cold]
fn unreachable_document(error: claim_core::DocumentError) -> Report {
    // The bench's own claim is always a document; say so loudly if not.
    eprintln!("bench claim rejected: {error:?}");
    std::process::exit(1)
}

fn bench(c: &mut Criterion) {
    let cases = [
        (
            "prior_week, 31-day period",
            claim(
                json!({"method": "prior_week"}),
                Some(("2022-10-01", "2022-10-31")),
            ),
        ),
        (
            "average_weeks(4), 31-day period",
            claim(
                json!({"method": "average_weeks", "weeks": 4}),
                Some(("2022-10-01", "2022-10-31")),
            ),
        ),
        (
            "best_week, 7-day period",
            claim(json!({"method": "best_week"}), None),
        ),
    ];
    let mut group = c.benchmark_group("validate 62 days + 1000 orders");
    for (name, bytes) in &cases {
        // Guard: the bench measures the real thing, a claim that is fully computed.
        let report = validate(bytes);
        assert!(
            report.totals.claimed.is_some(),
            "{name}: {:?}",
            report.errors
        );
        assert_eq!(
            report.totals.lost_orders.map(|w| w.get()),
            Some((0..1_000).map(|i| 10_000 + (i * 1_013) % 90_000).sum())
        );
        group.bench_function(*name, |b| b.iter(|| validate(black_box(bytes))));
    }
    let bytes = &cases[0].1;
    // Where the time goes, step by step (prior_week case).
    group.bench_function("step 1: read_document (JSON tree)", |b| {
        b.iter(|| claim_core::read_document(black_box(bytes)).is_ok())
    });
    let object = claim_core::read_document(bytes).unwrap_or_default();
    group.bench_function("step 2: parse_claim", |b| {
        b.iter(|| claim_core::parse::parse_claim(black_box(&object)))
    });
    let (claim, assessment) = claim_core::assess(&object);
    group.bench_function("step 3: evaluate", |b| {
        b.iter(|| claim_core::evaluate(black_box(&claim)))
    });
    group.bench_function("step 4: Report::new", |b| {
        b.iter(|| Report::new(black_box(&assessment), Lang::Ko))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
