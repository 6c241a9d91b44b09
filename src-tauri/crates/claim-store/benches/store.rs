//! Store speed targets (issue #4): save a claim with 1,000 lost orders and 62
//! days of sales ≤ 5 ms; list 10,000 stored claims ≤ 30 ms; open ≤ 50 ms.
//! Run: `cargo bench -p claim-store --bench store`

use claim_store::{ClaimFilter, Store};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use serde_json::json;
use std::hint::black_box;

fn big_claim() -> Vec<u8> {
    let first = chrono::NaiveDate::from_ymd_opt(2022, 8, 31).unwrap_or_default();
    let daily_sales: Vec<_> = (0..62)
        .map(|i| json!({"date": (first + chrono::Duration::days(i)).to_string(), "amount": 300_000 + (i * 7_919) % 500_000}))
        .collect();
    let start =
        chrono::DateTime::parse_from_rfc3339("2022-10-15T15:30:00+09:00").unwrap_or_default();
    let lost_orders: Vec<_> = (0..1_000)
        .map(|i| {
            json!({"ref": format!("KC-{i:04}"), "at": (start + chrono::Duration::minutes(i * 7)).to_rfc3339(),
                   "service": "talk_channel", "amount": 10_000 + (i * 1_013) % 90_000,
                   "customer_name": "김민지", "customer_phone": "010-2222-3333"})
        })
        .collect();
    serde_json::to_vec(&json!({
        "format": "claimdesk.claim/1",
        "business": {"name": "행복케이크", "representative": "김민지", "registration_number": "120-81-47521", "phone": "010-1234-5678"},
        "incident": {"preset": "kakao-2022-10"},
        "period": {"from": "2022-10-01", "to": "2022-10-31"},
        "daily_sales": daily_sales,
        "lost_orders": lost_orders,
    }))
    .unwrap_or_default()
}

fn small_claim(i: usize) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "format": "claimdesk.claim/1",
        "business": {"name": format!("가게 {i}"), "representative": "김민지", "registration_number": "120-81-47521", "phone": "010-1234-5678"},
        "incident": {"preset": "kakao-2022-10"},
        "lost_orders": [{"at": "2022-10-16T12:00+09:00", "amount": 10_000 + i}],
    }))
    .unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let Ok(dir) = tempfile::tempdir() else { return };
    let Ok(mut store) = Store::open(dir.path()) else {
        return;
    };
    let claim = big_claim();
    let mut group = c.benchmark_group("store");
    group.bench_function("save a new claim (62 days, 1000 orders)", |b| {
        b.iter(|| {
            store
                .save_claim(black_box(&claim))
                .map(|saved| saved.claimed)
        })
    });

    // The autosave path: the same claim saved again with a change, as the
    // owner types (two versions, alternating, so every save is a real edit).
    let Ok(stored) = store.save_claim(&claim) else {
        return;
    };
    let versions: Vec<Vec<u8>> = ["A", "B"]
        .iter()
        .filter_map(|text| {
            let mut value: serde_json::Value = serde_json::from_slice(&claim).ok()?;
            value["id"] = serde_json::Value::String(stored.id.clone());
            value["narrative"] = serde_json::Value::String((*text).to_owned());
            serde_json::to_vec(&value).ok()
        })
        .collect();
    let mut turn = 0usize;
    group.bench_function(
        "save an edit of a stored claim (62 days, 1000 orders)",
        |b| {
            b.iter(|| {
                turn += 1;
                store
                    .save_claim(black_box(&versions[turn % versions.len()]))
                    .map(|saved| saved.claimed)
            })
        },
    );

    let Ok(many) = tempfile::tempdir() else {
        return;
    };
    let Ok(mut full) = Store::open(many.path()) else {
        return;
    };
    for i in 0..10_000 {
        if full.save_claim(&small_claim(i)).is_err() {
            return;
        }
    }
    group.bench_function("list 10,000 claims", |b| {
        b.iter(|| {
            full.list(black_box(&ClaimFilter::default()))
                .map(|claims| claims.len())
        })
    });
    drop(full);
    group.bench_function("open a store of 10,000 claims", |b| {
        b.iter_batched(
            || (),
            |()| Store::open(many.path()).is_ok(),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
