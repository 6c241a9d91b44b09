//! Helpers shared by the integration tests: a valid claim to start from, and
//! ways to look at a report.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use claim_core::{assess_value, Lang, Report};
use serde_json::{json, Value};

pub fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Daily sales rows for every date from `from` to `to`, amount by date.
pub fn sales(from: &str, to: &str, amount: impl Fn(NaiveDate) -> i64) -> Vec<Value> {
    d(from)
        .iter_days()
        .take_while(|day| *day <= d(to))
        .map(|day| json!({"date": day.to_string(), "amount": amount(day)}))
        .collect()
}

/// A valid Kakao claim: 100,000원 a day before the outage, 60,000원 during
/// the default period (15–21 Oct 2022), all evidence attached.
pub fn kakao_claim() -> Value {
    json!({
        "format": "claimdesk.claim/1",
        "business": {
            "name": "행복케이크",
            "representative": "김민지",
            "registration_number": "120-81-47521",
            "industry": "food",
            "region": "seoul",
            "phone": "010-1234-5678",
            "email": "cake@example.kr",
            "bank": {"name": "국민은행", "account": "123456-01-234567", "holder": "김민지"}
        },
        "incident": {"preset": "kakao-2022-10"},
        "baseline": {"method": "prior_week"},
        "affected_services": [{"service": "talk_channel", "paid": false}],
        "daily_sales": sales("2022-09-01", "2022-10-21", |day| if day >= d("2022-10-15") { 60_000 } else { 100_000 }),
        "lost_orders": [
            {"ref": "A-1", "at": "2022-10-15T18:20:00+09:00", "service": "talk_channel", "amount": 45_000,
             "customer_name": "이수진", "customer_phone": "010-2222-3333"}
        ],
        "extra_costs": [{"date": "2022-10-16", "description": "대체 문자 발송비", "amount": 33_000}],
        "evidence": [
            {"kind": "small_business_certificate"}, {"kind": "sales_proof"},
            {"kind": "service_use_proof"}, {"kind": "bank_account_copy"}
        ]
    })
}

pub fn report_of(claim: &Value, lang: Lang) -> Value {
    let object = claim.as_object().expect("claims in tests are objects");
    let (_, assessment) = assess_value(object);
    serde_json::to_value(Report::new(&assessment, lang)).unwrap()
}

pub fn report(claim: &Value) -> Value {
    report_of(claim, Lang::Ko)
}

/// `(code, path)` of every error, in report order.
pub fn errors(report: &Value) -> Vec<(String, String)> {
    pairs(&report["errors"])
}

pub fn warnings(report: &Value) -> Vec<(String, String)> {
    pairs(&report["warnings"])
}

fn pairs(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_owned(),
                p["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub fn pair(code: &str, path: &str) -> (String, String) {
    (code.to_owned(), path.to_owned())
}

/// How many problems with `code` (errors and warnings together).
pub fn count(report: &Value, code: &str) -> usize {
    errors(report)
        .iter()
        .chain(warnings(report).iter())
        .filter(|(c, _)| c == code)
        .count()
}

/// The messages of every problem with `code`.
pub fn messages(report: &Value, code: &str) -> Vec<String> {
    ["errors", "warnings"]
        .iter()
        .flat_map(|list| report[*list].as_array().unwrap().iter())
        .filter(|p| p["code"] == code)
        .map(|p| p["message"].as_str().unwrap().to_owned())
        .collect()
}

/// Sets `value` at a JSON pointer (`/business/phone`); the last key is
/// added if missing, the path to it must exist.
pub fn set(claim: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = if parent.is_empty() {
        &mut *claim
    } else {
        claim
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("no {parent}"))
    };
    match parent {
        Value::Object(object) => {
            object.insert(key.to_owned(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        _ => panic!("{pointer} is inside a scalar"),
    }
}

/// Removes the field at a JSON pointer.
pub fn remove(claim: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = if parent.is_empty() {
        &mut *claim
    } else {
        claim.pointer_mut(parent).unwrap()
    };
    parent.as_object_mut().unwrap().remove(key);
}

pub fn total(report: &Value, key: &str) -> Option<i64> {
    report["totals"][key].as_i64()
}

/// The dates of the report's day rows.
pub fn day_dates(report: &Value) -> Vec<String> {
    report["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| day["date"].as_str().unwrap().to_owned())
        .collect()
}
