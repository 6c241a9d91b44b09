//! Store speed targets (issue #4): save a claim with 1,000 lost orders and 62
//! days of sales ≤ 5 ms; list 10,000 stored claims ≤ 30 ms; open ≤ 50 ms.
//! Issue 8: the same list in deadline order; the retention sweep every start
//! runs over 10,000 claims (nothing due), and once with 1,000 due.
//! Run: `cargo bench -p claim-store --bench store`

use claim_store::{ClaimFilter, ClaimOrder, Status, Store};
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
    let mut withdrawn = Vec::new();
    for i in 0..10_000 {
        let Ok(saved) = full.save_claim(&small_claim(i)) else {
            return;
        };
        // Every tenth claim is withdrawn, with a customer to erase later.
        if i % 10 == 0 {
            withdrawn.push(saved.id);
        }
    }
    for id in &withdrawn {
        let Ok(claim) = full.claim(id) else { return };
        let mut document = claim.document;
        document["lost_orders"][0]["customer_name"] = json!("김민지");
        document["lost_orders"][0]["customer_phone"] = json!("010-2222-3333");
        let Ok(bytes) = serde_json::to_vec(&document) else {
            return;
        };
        if full.save_claim(&bytes).is_err() || full.set_status(id, Status::Withdrawn).is_err() {
            return;
        }
    }
    group.bench_function("list 10,000 claims", |b| {
        b.iter(|| {
            full.list(black_box(&ClaimFilter::default()))
                .map(|claims| claims.len())
        })
    });
    group.bench_function("list 10,000 claims, nearest deadline first", |b| {
        let filter = ClaimFilter {
            order: ClaimOrder::Deadline,
            ..ClaimFilter::default()
        };
        b.iter(|| full.list(black_box(&filter)).map(|claims| claims.len()))
    });
    let now = chrono::Utc::now();
    group.bench_function("retention sweep of 10,000 claims, nothing due", |b| {
        b.iter(|| {
            full.erase_expired(black_box(now))
                .map(|erased| erased.len())
        })
    });
    // Once, destructively: 1,000 withdrawn claims past their 90 days.
    let started = std::time::Instant::now();
    let erased = full.erase_expired(now + chrono::Duration::days(91));
    eprintln!(
        "retention sweep erasing {} of 10,000 claims: {:.1} ms",
        erased.map(|erased| erased.len()).unwrap_or(0),
        started.elapsed().as_secs_f64() * 1000.0
    );
    drop(full);
    group.bench_function("open a store of 10,000 claims", |b| {
        b.iter_batched(
            || (),
            |()| Store::open(many.path()).is_ok(),
            BatchSize::PerIteration,
        )
    });
    // What the window adds to its start (issue 35 §5): the whole-file check.
    let Ok(opened) = Store::open(many.path()) else {
        return;
    };
    group.bench_function("integrity check of a store of 10,000 claims", |b| {
        b.iter(|| opened.check_integrity().is_ok())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
