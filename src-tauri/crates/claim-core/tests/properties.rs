//! Properties that hold for every input: nothing panics on arbitrary JSON or
//! bytes, and for valid claims the totals obey the contract's arithmetic and
//! do not depend on the order of rows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_core::{assess_document, assess_value, Lang, Report};
use common::{d, kakao_claim, sales};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Field names and values of the claim format, so that arbitrary documents
/// reach deep into the rules instead of stopping at the first missing field.
const KEYS: &[&str] = &[
    "format",
    "business",
    "name",
    "representative",
    "registration_number",
    "phone",
    "email",
    "industry",
    "region",
    "bank",
    "incident",
    "preset",
    "start",
    "end",
    "period",
    "from",
    "to",
    "baseline",
    "method",
    "weeks",
    "reference",
    "affected_services",
    "service",
    "paid",
    "daily_sales",
    "date",
    "amount",
    "lost_orders",
    "ref",
    "at",
    "extra_costs",
    "margin_bp",
    "evidence",
    "kind",
];
const WORDS: &[&str] = &[
    "claimdesk.claim/1",
    "kakao-2022-10",
    "kt-2021-10",
    "prior_week",
    "average_weeks",
    "best_week",
    "2022-10-15",
    "2022-10-21",
    "2022-09-03",
    "2018-12-31",
    "2028-01-01",
    "2022-10-15T15:30+09:00",
    "2022-10-20T23:00:00Z",
    "2022-10-16T12:00:00-05:00",
    "120-81-47521",
    "010-1234-5678",
    "talk_channel",
    "pay",
    "sales_proof",
    "food",
    "seoul",
    "",
    " ",
    "0",
    "-1",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0i64..2_000_000).prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..10).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn check_report_of(object: &Map<String, Value>) {
    let (_, assessment) = assess_value(object);
    for lang in [Lang::Ko, Lang::En] {
        let report = Report::new(&assessment, lang);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(report.valid, report.errors.is_empty());
        assert!(json["totals"].is_object());
    }
    let totals = &assessment.totals;
    if let (Some(claimed), Some(loss), Some(costs)) =
        (totals.claimed, totals.revenue_loss, totals.extra_costs)
    {
        assert_eq!(Some(claimed), loss.checked_add(costs));
    }
    if let (Some(drop), Some(baseline)) = (totals.sales_drop, totals.baseline) {
        assert!(drop <= baseline || baseline.get() < 0);
        assert!(drop.get() >= 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = assess_document(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        let text = value.to_string();
        let _ = assess_document(text.as_bytes());
        if let Value::Object(mut object) = value {
            check_report_of(&object);
            object.insert("format".into(), json!("claimdesk.claim/1"));
            let _ = assess_document(Value::Object(object).to_string().as_bytes());
        }
    }

    /// A real claim with one field anywhere in it replaced by anything.
    #[test]
    fn a_claim_with_any_field_replaced_never_panics(
        pointer in prop::sample::select(vec![
            "/business", "/business/name", "/business/registration_number", "/business/phone",
            "/business/email", "/business/bank", "/incident", "/incident/preset", "/incident/start",
            "/incident/end", "/period", "/baseline", "/baseline/method", "/baseline/weeks",
            "/baseline/reference", "/affected_services", "/affected_services/0", "/daily_sales",
            "/daily_sales/0", "/daily_sales/47/amount", "/daily_sales/48/date", "/lost_orders",
            "/lost_orders/0", "/lost_orders/0/at", "/lost_orders/0/amount", "/lost_orders/0/ref",
            "/extra_costs", "/extra_costs/0/amount", "/margin_bp", "/evidence", "/evidence/0/kind",
        ]),
        value in json_value(),
        method in prop::sample::select(vec!["prior_week", "average_weeks", "best_week"]),
    ) {
        let mut claim = kakao_claim();
        claim["baseline"] = json!({"method": method});
        common::set(&mut claim, pointer, value);
        check_report_of(claim.as_object().unwrap());
    }
}

/// A valid Kakao claim with random sales, orders, costs and method.
fn valid_claim() -> impl Strategy<Value = Value> {
    let days = sales("2022-09-01", "2022-10-21", |_| 0).len();
    let window_seconds = (d("2022-10-20") - d("2022-10-15")).num_seconds() + 7.5 as i64 * 3600;
    (
        prop::collection::vec(0i64..3_000_000, days),
        prop::collection::vec(
            (
                0..=window_seconds,
                1i64..2_000_000,
                prop::option::of(0u8..3),
            ),
            0..30,
        ),
        prop::collection::vec(0i64..500_000, 0..5),
        prop::sample::select(vec![
            json!({"method": "prior_week"}),
            json!({"method": "average_weeks", "weeks": 3}),
            json!({"method": "best_week"}),
        ]),
        prop::option::of(1i64..=10_000),
    )
        .prop_map(|(amounts, orders, costs, baseline, margin)| {
            let mut claim = kakao_claim();
            let mut rows = sales("2022-09-01", "2022-10-21", |_| 0);
            for (row, amount) in rows.iter_mut().zip(amounts) {
                row["amount"] = json!(amount);
            }
            claim["daily_sales"] = json!(rows);
            let start = chrono::DateTime::parse_from_rfc3339("2022-10-15T15:30:00+09:00").unwrap();
            claim["lost_orders"] = json!(orders
                .iter()
                .enumerate()
                .map(|(i, (offset, amount, service))| {
                    let at = start + chrono::Duration::seconds(*offset);
                    let mut order =
                        json!({"ref": format!("R-{i}"), "at": at.to_rfc3339(), "amount": amount});
                    if let Some(service) = service {
                        order["service"] =
                            json!(["talk_channel", "pay", "other"][usize::from(*service)]);
                    }
                    order
                })
                .collect::<Vec<_>>());
            claim["extra_costs"] = json!(costs
                .iter()
                .map(|amount| json!({"amount": amount}))
                .collect::<Vec<_>>());
            claim["baseline"] = baseline;
            if let Some(margin) = margin {
                claim["margin_bp"] = json!(margin);
            }
            claim
        })
}

fn shuffled(list: &Value, order: &[usize]) -> Value {
    let items = list.as_array().unwrap();
    let mut keyed: Vec<(usize, &Value)> = order.iter().copied().zip(items.iter()).collect();
    keyed.sort_by_key(|(key, _)| *key);
    Value::Array(keyed.into_iter().map(|(_, item)| item.clone()).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn valid_claims_obey_the_arithmetic_and_ignore_row_order(
        claim in valid_claim(),
        sales_order in prop::collection::vec(any::<usize>(), 51),
        orders_order in prop::collection::vec(any::<usize>(), 30),
    ) {
        let (_, assessment) = assess_value(claim.as_object().unwrap());
        let report = Report::new(&assessment, Lang::Ko);
        prop_assert!(report.valid, "{:?}", report.errors);
        let totals = assessment.totals;
        let claimed = totals.claimed.unwrap();
        prop_assert_eq!(Some(claimed), totals.revenue_loss.unwrap().checked_add(totals.extra_costs.unwrap()));
        prop_assert!(totals.sales_drop.unwrap() <= totals.baseline.unwrap());
        prop_assert!(totals.sales_drop.unwrap().get() >= 0);
        if let Some(rate) = totals.drop_rate_bp {
            prop_assert!((0..=10_000).contains(&rate));
        }

        let mut reordered = claim.clone();
        reordered["daily_sales"] = shuffled(&claim["daily_sales"], &sales_order);
        let n = claim["lost_orders"].as_array().unwrap().len();
        reordered["lost_orders"] = shuffled(&claim["lost_orders"], &orders_order[..n]);
        let (_, again) = assess_value(reordered.as_object().unwrap());
        prop_assert_eq!(again.totals, assessment.totals);
        prop_assert_eq!(again.days, assessment.days);
        prop_assert_eq!(again.compensation, assessment.compensation);
    }
}
