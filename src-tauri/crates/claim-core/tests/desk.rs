//! What the claim desk shows while the owner types: which dates the sales
//! grid needs, and what each baseline method would give.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_core::{assess_value, compare_methods, sales_dates};
use common::{d, kakao_claim};
use serde_json::{json, Value};

fn dates(claim: &Value) -> Vec<claim_core::SalesDate> {
    let (parsed, assessment) = assess_value(claim.as_object().unwrap());
    sales_dates(&parsed, &assessment)
}

#[test]
fn prior_week_needs_the_period_and_the_week_before() {
    let mut claim = kakao_claim();
    claim["baseline"] = json!({"method": "prior_week"});
    let rows = dates(&claim);
    assert_eq!(rows.len(), 14);
    assert_eq!(rows.first().unwrap().date, d("2022-10-08"));
    assert_eq!(rows.last().unwrap().date, d("2022-10-21"));
    assert_eq!(rows.iter().filter(|row| row.in_period).count(), 7);
    assert!(rows
        .iter()
        .all(|row| row.in_period == (row.date >= d("2022-10-15"))));
    let hangul_day = rows.iter().find(|row| row.date == d("2022-10-09")).unwrap();
    assert_eq!(hangul_day.holiday.unwrap().name_ko, "한글날");
    let substitute = rows.iter().find(|row| row.date == d("2022-10-10")).unwrap();
    assert!(substitute.holiday.is_some());
    assert!(rows
        .iter()
        .find(|row| row.date == d("2022-10-11"))
        .unwrap()
        .holiday
        .is_none());
}

#[test]
fn average_weeks_needs_as_many_weeks_back_as_asked() {
    let mut claim = kakao_claim();
    claim["baseline"] = json!({"method": "average_weeks", "weeks": 3});
    let rows = dates(&claim);
    assert_eq!(rows.len(), 7 + 21);
    assert_eq!(rows.first().unwrap().date, d("2022-09-24"));
    claim["baseline"] = json!({"method": "average_weeks"});
    assert_eq!(dates(&claim).len(), 7 + 28, "4 weeks by default");
}

#[test]
fn best_week_needs_the_reference_range() {
    let mut claim = kakao_claim();
    claim["baseline"] =
        json!({"method": "best_week", "reference": {"from": "2022-09-01", "to": "2022-09-30"}});
    let rows = dates(&claim);
    assert_eq!(rows.len(), 30 + 7);
    assert!(rows
        .iter()
        .filter(|row| !row.in_period)
        .all(|row| row.date.to_string().starts_with("2022-09")));
}

#[test]
fn an_unknown_period_needs_nothing_yet() {
    let mut claim = kakao_claim();
    claim["incident"] = json!({});
    claim.as_object_mut().unwrap().remove("period");
    assert!(dates(&claim).is_empty());
}

#[test]
fn each_method_gives_what_the_claim_would_with_that_method() {
    let claim = kakao_claim();
    let compared = compare_methods(
        claim.as_object().unwrap(),
        &claim_core::Incidents::built_in(),
    );
    assert_eq!(
        compared.iter().map(|m| m.method).collect::<Vec<_>>(),
        vec!["prior_week", "average_weeks", "best_week"]
    );
    for method in &compared {
        let mut with_method = claim.clone();
        with_method["baseline"] = json!({"method": method.method});
        let (_, assessment) = assess_value(with_method.as_object().unwrap());
        assert_eq!(
            method.baseline, assessment.totals.baseline,
            "{}",
            method.method
        );
        assert_eq!(
            method.sales_drop, assessment.totals.sales_drop,
            "{}",
            method.method
        );
        assert_eq!(
            method.claimed, assessment.totals.claimed,
            "{}",
            method.method
        );
        assert!(method.usable, "{} should be usable", method.method);
    }
    // Sales only from the week before: average_weeks (4 weeks back) lacks
    // what it needs; best_week still has one whole week (8–14 Oct) in the
    // incident's reference range.
    let mut short = claim.clone();
    let rows: Vec<Value> = short["daily_sales"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["date"].as_str().unwrap() >= "2022-10-08")
        .cloned()
        .collect();
    short["daily_sales"] = Value::Array(rows);
    let compared = compare_methods(
        short.as_object().unwrap(),
        &claim_core::Incidents::built_in(),
    );
    let usable: Vec<(&str, bool)> = compared.iter().map(|m| (m.method, m.usable)).collect();
    assert_eq!(
        usable,
        vec![
            ("prior_week", true),
            ("average_weeks", false),
            ("best_week", true)
        ]
    );
    // What each would ask of her: nothing for the week before; for the
    // four-week average, the three weeks before it (17 Sep – 7 Oct).
    let without: Vec<(&str, usize, Option<String>, Option<String>)> = compared
        .iter()
        .map(|m| {
            (
                m.method,
                m.without_sales.len(),
                m.without_sales.first().map(ToString::to_string),
                m.without_sales.last().map(ToString::to_string),
            )
        })
        .collect();
    assert_eq!(without[0], ("prior_week", 0, None, None));
    assert_eq!(
        without[1],
        (
            "average_weeks",
            21,
            Some("2022-09-17".to_owned()),
            Some("2022-10-07".to_owned())
        )
    );
    // Every day each method needs and lacks is one its grid shows.
    for method in &compared {
        let mut with_method = short.clone();
        with_method["baseline"] = json!({"method": method.method});
        let grid: Vec<String> = dates(&with_method)
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        for date in &method.without_sales {
            assert!(grid.contains(&date.to_string()), "{} {date}", method.method);
        }
    }
}
