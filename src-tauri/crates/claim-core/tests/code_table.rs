//! Spec §7's table, row by row: for each code, a claim that has the problem
//! once (or the stated number of times), and the path it must be reported at.
//! A final check makes sure no code of the table is left without its row.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_core::codes::Code;
use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// (code, how to break the base claim, the path, how many times).
type Row = (&'static str, fn(&mut Value), &'static str, usize);

fn rows() -> Vec<Row> {
    vec![
        (
            "E_REQUIRED",
            |c| remove(c, "/business/representative"),
            "business.representative",
            1,
        ),
        ("E_REQUIRED", |c| remove(c, "/business"), "business", 1),
        ("E_REQUIRED", |c| remove(c, "/incident"), "incident", 1),
        (
            "E_TYPE_INVALID",
            |c| set(c, "/business/address", json!(12)),
            "business.address",
            1,
        ),
        (
            "E_CODE_UNKNOWN",
            |c| set(c, "/business/industry", json!("bakery")),
            "business.industry",
            1,
        ),
        (
            "E_AMOUNT_INVALID",
            |c| set(c, "/extra_costs/0/amount", json!(1.5)),
            "extra_costs[0].amount",
            1,
        ),
        (
            "E_AMOUNT_INVALID",
            |c| c["extra_costs"] = json!([{"amount": 100_000_000_000_i64}, {"amount": 1}]),
            "extra_costs",
            1,
        ),
        (
            "E_DATE_INVALID",
            |c| set(c, "/extra_costs/0/date", json!("2022-10-32")),
            "extra_costs[0].date",
            1,
        ),
        (
            "E_MARGIN_INVALID",
            |c| c["margin_bp"] = json!(10_001),
            "margin_bp",
            1,
        ),
        (
            "E_BRN_FORMAT",
            |c| set(c, "/business/registration_number", json!("12-34")),
            "business.registration_number",
            1,
        ),
        (
            "E_BRN_CHECKSUM",
            |c| set(c, "/business/registration_number", json!("120-81-47522")),
            "business.registration_number",
            1,
        ),
        (
            "E_PHONE_FORMAT",
            |c| set(c, "/business/phone", json!("1234")),
            "business.phone",
            1,
        ),
        (
            "E_EMAIL_FORMAT",
            |c| set(c, "/business/email", json!("cake")),
            "business.email",
            1,
        ),
        (
            "E_PRESET_UNKNOWN",
            |c| set(c, "/incident/preset", json!("kakao")),
            "incident.preset",
            1,
        ),
        (
            "E_INCIDENT_RANGE",
            |c| set(c, "/incident/end", json!("2022-10-15T15:00+09:00")),
            "incident",
            1,
        ),
        (
            "E_OWN_OUTAGE_RANGE",
            |c| set(c, "/incident/start", json!("2022-10-15T15:29:59+09:00")),
            "incident.start",
            1,
        ),
        (
            "E_OWN_OUTAGE_RANGE",
            |c| set(c, "/incident/end", json!("2022-10-20T14:00:01Z")),
            "incident.end",
            1,
        ),
        (
            "E_PERIOD_RANGE",
            |c| c["period"] = json!({"from": "2022-10-21", "to": "2022-10-15"}),
            "period",
            1,
        ),
        (
            "E_METHOD_PERIOD",
            |c| {
                c["baseline"] = json!({"method": "best_week"});
                c["period"] = json!({"from": "2022-10-15", "to": "2022-10-22"});
            },
            "period",
            1,
        ),
        (
            "E_BASELINE_INVALID",
            |c| c["baseline"] = json!({"method": "average_weeks", "weeks": 12}),
            "baseline.weeks",
            1,
        ),
        (
            "E_BASELINE_INVALID",
            |c| c["baseline"] = json!({"method": "best_week", "reference": {"from": "2022-10-02", "to": "2022-10-01"}}),
            "baseline.reference",
            1,
        ),
        (
            "E_SALES_DUPLICATE_DATE",
            |c| {
                let rows = c["daily_sales"].as_array_mut().unwrap();
                rows.insert(1, json!({"date": "2022-09-01", "amount": 5}));
            },
            "daily_sales[1].date",
            1,
        ),
        (
            "E_SALES_MISSING",
            |c| c["daily_sales"] = json!(sales("2022-09-01", "2022-10-17", |_| 1)),
            "daily_sales",
            4,
        ),
        (
            "E_BASELINE_MISSING",
            |c| c["daily_sales"] = json!(sales("2022-10-11", "2022-10-21", |_| 1)),
            "daily_sales",
            3,
        ),
        (
            "E_BASELINE_MISSING",
            |c| {
                c["baseline"] = json!({"method": "best_week"});
                c["daily_sales"] = json!(sales("2022-10-15", "2022-10-21", |_| 1));
            },
            "baseline.reference",
            1,
        ),
        (
            "E_ORDER_OUTSIDE_INCIDENT",
            |c| set(c, "/lost_orders/0/at", json!("2022-10-15T15:29+09:00")),
            "lost_orders[0].at",
            1,
        ),
        (
            "E_ORDER_DUPLICATE_REF",
            |c| {
                let order = c["lost_orders"][0].clone();
                c["lost_orders"].as_array_mut().unwrap().push(order);
            },
            "lost_orders[1].ref",
            1,
        ),
        (
            "E_NOTHING_CLAIMED",
            |c| {
                remove(c, "/daily_sales");
                remove(c, "/lost_orders");
                remove(c, "/extra_costs");
            },
            "daily_sales",
            1,
        ),
        ("W_BASELINE_HOLIDAY", |_| {}, "baseline", 2),
        (
            "W_BASELINE_IN_INCIDENT",
            |c| {
                c["period"] = json!({"from": "2022-10-20", "to": "2022-10-28"});
                c["daily_sales"] = json!(sales("2022-10-13", "2022-10-28", |_| 1));
            },
            "baseline",
            6,
        ),
        (
            "W_CALENDAR_RANGE",
            |c| {
                set(
                    c,
                    "/incident",
                    json!({"start": "2030-01-02T09:00Z", "end": "2030-01-03T09:00Z"}),
                );
                c["daily_sales"] = json!(sales("2029-12-20", "2030-01-03", |_| 1));
                c["lost_orders"] = json!([]);
            },
            "baseline",
            1,
        ),
        (
            "W_NO_SALES_DATA",
            |c| remove(c, "/daily_sales"),
            "daily_sales",
            1,
        ),
        (
            "W_NO_DROP",
            |c| c["daily_sales"] = json!(sales("2022-09-01", "2022-10-21", |_| 1)),
            "daily_sales",
            1,
        ),
        (
            "W_ORDERS_EXCEED_DROP",
            |c| set(c, "/lost_orders/0/amount", json!(280_001)),
            "lost_orders",
            1,
        ),
        (
            "W_SERVICES_EMPTY",
            |c| remove(c, "/affected_services"),
            "affected_services",
            1,
        ),
        (
            "W_BANK_HOLDER",
            |c| set(c, "/business/bank/holder", json!("이수진")),
            "business.bank.holder",
            1,
        ),
        (
            "W_BANK_ACCOUNT_FORMAT",
            |c| set(c, "/business/bank/account", json!("123-456")),
            "business.bank.account",
            1,
        ),
        (
            "W_EVIDENCE_MISSING",
            |c| c["evidence"] = json!([{"kind": "sales_proof"}]),
            "evidence",
            3,
        ),
    ]
}

#[test]
fn every_code_at_its_path_as_often_as_the_table_says() {
    for (code, break_it, path, times) in rows() {
        let mut claim = kakao_claim();
        break_it(&mut claim);
        let report = report(&claim);
        let found: Vec<(String, String)> = errors(&report)
            .into_iter()
            .chain(warnings(&report))
            .filter(|(c, _)| c == code)
            .collect();
        assert_eq!(
            found,
            vec![pair(code, path); times],
            "{code} at {path}: {:#}",
            report
        );
        let list = if code.starts_with("E_") {
            "errors"
        } else {
            "warnings"
        };
        assert!(
            report[list]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["code"] == code),
            "{code} in {list}"
        );
        if code.starts_with("E_") {
            assert_eq!(report["valid"], false, "{code}");
        }
    }
}

#[test]
fn the_table_covers_every_code() {
    let covered: BTreeSet<&str> = rows().iter().map(|row| row.0).collect();
    let all: BTreeSet<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(covered, all);
}
