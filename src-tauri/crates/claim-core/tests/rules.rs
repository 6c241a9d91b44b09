//! Every rule of the contract, one behaviour per test, through the public API
//! (`assess` + `Report`), the way the CLI and the window use it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use serde_json::{json, Value};

#[test]
fn the_base_claim_is_valid_with_its_two_holiday_warnings() {
    let report = report(&kakao_claim());
    assert_eq!(errors(&report), vec![]);
    assert_eq!(report["valid"], true);
    assert_eq!(
        warnings(&report),
        vec![pair("W_BASELINE_HOLIDAY", "baseline"); 2]
    );
    assert_eq!(total(&report, "baseline"), Some(700_000));
    assert_eq!(total(&report, "actual"), Some(420_000));
    assert_eq!(total(&report, "sales_drop"), Some(280_000));
    assert_eq!(total(&report, "lost_orders"), Some(45_000));
    assert_eq!(total(&report, "extra_costs"), Some(33_000));
    assert_eq!(total(&report, "revenue_loss"), Some(280_000));
    assert_eq!(total(&report, "claimed"), Some(313_000));
    assert_eq!(total(&report, "drop_rate_bp"), Some(4_000));
    assert_eq!(report["totals"]["profit_loss_estimate"], Value::Null);
    assert_eq!(
        report["compensation"],
        json!({"tier_amount": 30_000, "individual_review": false})
    );
}

// ---- §2 shapes -------------------------------------------------------------

#[test]
fn required_fields_missing_null_or_blank() {
    let mut claim = kakao_claim();
    remove(&mut claim, "/business/name");
    set(&mut claim, "/business/representative", Value::Null);
    set(&mut claim, "/business/registration_number", json!("   "));
    remove(&mut claim, "/business/phone");
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![
            pair("E_REQUIRED", "business.name"),
            pair("E_REQUIRED", "business.representative"),
            pair("E_REQUIRED", "business.registration_number"),
            pair("E_REQUIRED", "business.phone"),
        ]
    );
    assert_eq!(
        messages(&report, "E_REQUIRED")[2],
        "사업자등록번호를 입력해 주세요."
    );
}

#[test]
fn a_missing_or_non_object_business_is_one_required_error() {
    for business in [
        None,
        Some(json!("행복케이크")),
        Some(json!([])),
        Some(Value::Null),
    ] {
        let mut claim = kakao_claim();
        match business {
            None => remove(&mut claim, "/business"),
            Some(value) => set(&mut claim, "/business", value),
        }
        assert_eq!(
            errors(&report(&claim)),
            vec![pair("E_REQUIRED", "business")]
        );
    }
}

#[test]
fn incident_required_rules() {
    let mut claim = kakao_claim();
    remove(&mut claim, "/incident");
    assert!(errors(&report(&claim)).contains(&pair("E_REQUIRED", "incident")));
    set_incident(&mut claim, json!({}));
    assert!(errors(&report(&claim)).contains(&pair("E_REQUIRED", "incident")));
    set_incident(&mut claim, json!({"start": "2022-10-15T15:30+09:00"}));
    let only_start = report(&claim);
    assert!(errors(&only_start).contains(&pair("E_REQUIRED", "incident.end")));
    assert_eq!(count(&only_start, "E_REQUIRED"), 1);
    set_incident(&mut claim, json!({"end": "2022-10-20T23:00+09:00"}));
    assert!(errors(&report(&claim)).contains(&pair("E_REQUIRED", "incident.start")));
    set_incident(
        &mut claim,
        json!({"start": "2022-10-15T15:30+09:00", "end": "2022-10-20T23:00+09:00"}),
    );
    assert_eq!(count(&report(&claim), "E_REQUIRED"), 0);
}

fn set_incident(claim: &mut Value, incident: Value) {
    claim
        .as_object_mut()
        .unwrap()
        .insert("incident".into(), incident);
}

#[test]
fn wrong_json_types_get_the_code_of_what_they_should_be() {
    let mut claim = kakao_claim();
    set(&mut claim, "/daily_sales/0/amount", json!("100000"));
    set(&mut claim, "/daily_sales/1/date", json!(20220902));
    set(&mut claim, "/business/industry", json!(3));
    set(&mut claim, "/baseline/method", json!(["prior_week"]));
    claim["margin_bp"] = json!("35%");
    set(&mut claim, "/business/name", json!(123));
    set(&mut claim, "/affected_services/0/paid", json!("yes"));
    set(&mut claim, "/business/bank", json!("국민은행"));
    set(&mut claim, "/lost_orders/0/ref", json!(17));
    let report = report(&claim);
    let errors = errors(&report);
    for expected in [
        pair("E_AMOUNT_INVALID", "daily_sales[0].amount"),
        pair("E_DATE_INVALID", "daily_sales[1].date"),
        pair("E_CODE_UNKNOWN", "business.industry"),
        pair("E_CODE_UNKNOWN", "baseline.method"),
        pair("E_MARGIN_INVALID", "margin_bp"),
        pair("E_TYPE_INVALID", "business.name"),
        pair("E_TYPE_INVALID", "affected_services[0].paid"),
        pair("E_TYPE_INVALID", "business.bank"),
        pair("E_TYPE_INVALID", "lost_orders[0].ref"),
    ] {
        assert!(errors.contains(&expected), "{expected:?} not in {errors:?}");
    }
    // A field of the wrong type is then absent, without a second E_REQUIRED.
    assert!(!errors.contains(&pair("E_REQUIRED", "business.name")));
    assert_eq!(errors.len(), 9, "{errors:?}");
}

#[test]
fn wrong_types_of_lists_and_items() {
    let mut claim = kakao_claim();
    claim["daily_sales"] = json!({"2022-10-15": 1});
    set(
        &mut claim,
        "/lost_orders",
        json!(["A-1", {"at": "2022-10-15T18:20+09:00", "amount": 1}, 3]),
    );
    claim["evidence"] = json!("all attached");
    let report = report(&claim);
    let errors = errors(&report);
    assert_eq!(
        errors,
        vec![
            pair("E_TYPE_INVALID", "daily_sales"),
            pair("E_TYPE_INVALID", "lost_orders[0]"),
            pair("E_TYPE_INVALID", "lost_orders[2]"),
            pair("E_TYPE_INVALID", "evidence"),
        ]
    );
    // The list that is not a list counts as empty: no sales data.
    assert_eq!(count(&report, "W_NO_SALES_DATA"), 1);
    // An evidence list that is not a list is empty: every kind is missing.
    assert_eq!(count(&report, "W_EVIDENCE_MISSING"), 4);
}

#[test]
fn required_fields_inside_list_items() {
    let mut claim = kakao_claim();
    remove(&mut claim, "/daily_sales/2/date");
    remove(&mut claim, "/daily_sales/3/amount");
    remove(&mut claim, "/lost_orders/0/at");
    remove(&mut claim, "/lost_orders/0/amount");
    remove(&mut claim, "/extra_costs/0/amount");
    remove(&mut claim, "/affected_services/0/service");
    set(&mut claim, "/evidence/0", json!({"file_name": "cert.pdf"}));
    let errors = errors(&report(&claim));
    assert_eq!(
        errors,
        vec![
            pair("E_REQUIRED", "affected_services[0].service"),
            pair("E_REQUIRED", "daily_sales[2].date"),
            pair("E_REQUIRED", "daily_sales[3].amount"),
            pair("E_REQUIRED", "lost_orders[0].at"),
            pair("E_REQUIRED", "lost_orders[0].amount"),
            pair("E_REQUIRED", "extra_costs[0].amount"),
            pair("E_REQUIRED", "evidence[0].kind"),
        ]
    );
}

#[test]
fn absent_or_null_lists_are_empty_and_unknown_fields_are_ignored() {
    let mut claim = kakao_claim();
    claim["daily_sales"] = Value::Null;
    remove(&mut claim, "/extra_costs");
    claim["pos_vendor"] = json!({"anything": [1, 2, 3]});
    set(&mut claim, "/business/fax", json!(12345));
    let report = report(&claim);
    assert_eq!(errors(&report), vec![]);
    assert_eq!(
        warnings(&report),
        vec![pair("W_NO_SALES_DATA", "daily_sales")]
    );
    assert_eq!(total(&report, "extra_costs"), Some(0));
    assert_eq!(total(&report, "claimed"), Some(45_000));
}

#[test]
fn money_is_whole_won_within_the_limit() {
    let accepted = [
        json!(0),
        json!(410000.0),
        json!(100_000_000_000_i64),
        json!(1e11),
    ];
    let refused = [
        json!(410000.5),
        json!(-1),
        json!(100_000_000_001_i64),
        json!("410000"),
        json!(1e300),
        json!(u64::MAX),
        json!(true),
    ];
    for amount in accepted {
        let mut claim = kakao_claim();
        set(&mut claim, "/extra_costs/0/amount", amount.clone());
        assert_eq!(errors(&report(&claim)), vec![], "{amount}");
    }
    for amount in refused {
        let mut claim = kakao_claim();
        set(&mut claim, "/extra_costs/0/amount", amount.clone());
        assert_eq!(
            errors(&report(&claim)),
            vec![pair("E_AMOUNT_INVALID", "extra_costs[0].amount")],
            "{amount}"
        );
    }
}

#[test]
fn a_lost_order_must_be_at_least_one_won() {
    let mut claim = kakao_claim();
    set(&mut claim, "/lost_orders/0/amount", json!(0));
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![pair("E_AMOUNT_INVALID", "lost_orders[0].amount")]
    );
    // The invalid amount is left out of the sum.
    assert_eq!(total(&report, "lost_orders"), Some(0));
}

#[test]
fn dates_and_instants_must_exist_and_instants_need_an_offset() {
    let mut claim = kakao_claim();
    set(&mut claim, "/extra_costs/0/date", json!("2022-02-30"));
    set(
        &mut claim,
        "/lost_orders/0/at",
        json!("2022-10-15T18:20:00"),
    );
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![
            pair("E_DATE_INVALID", "lost_orders[0].at"),
            pair("E_DATE_INVALID", "extra_costs[0].date")
        ]
    );
    assert!(messages(&report, "E_DATE_INVALID")[0].contains("+09:00"));
}

#[test]
fn unknown_codes_at_their_paths() {
    let mut claim = kakao_claim();
    set(&mut claim, "/business/region", json!("tokyo"));
    set(
        &mut claim,
        "/affected_services/0/service",
        json!("TalkChannel"),
    );
    set(&mut claim, "/lost_orders/0/service", json!("phone"));
    set(&mut claim, "/evidence/3/kind", json!("bankbook"));
    set(&mut claim, "/baseline/method", json!("last_year"));
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![
            pair("E_CODE_UNKNOWN", "business.region"),
            pair("E_CODE_UNKNOWN", "baseline.method"),
            pair("E_CODE_UNKNOWN", "affected_services[0].service"),
            pair("E_CODE_UNKNOWN", "lost_orders[0].service"),
            pair("E_CODE_UNKNOWN", "evidence[3].kind"),
        ]
    );
    // An unknown method leaves the baseline unknown rather than guessed.
    assert_eq!(total(&report, "baseline"), None);
    // The message lists the choices.
    assert!(messages(&report, "E_CODE_UNKNOWN")[0].contains("seoul(서울)"));
}

#[test]
fn margin_and_the_profit_estimate() {
    for bad in [
        json!(0),
        json!(10_001),
        json!(35.5),
        json!("3500"),
        json!(-3500),
    ] {
        let mut claim = kakao_claim();
        claim["margin_bp"] = bad.clone();
        let report = report(&claim);
        assert_eq!(
            errors(&report),
            vec![pair("E_MARGIN_INVALID", "margin_bp")],
            "{bad}"
        );
        assert_eq!(report["totals"]["profit_loss_estimate"], Value::Null);
    }
    let mut claim = kakao_claim();
    claim["margin_bp"] = json!(3333);
    // floor(280,000 × 3333 / 10000) = floor(93,324) = 93,324.
    assert_eq!(total(&report(&claim), "profit_loss_estimate"), Some(93_324));
    claim["margin_bp"] = json!(1);
    assert_eq!(total(&report(&claim), "profit_loss_estimate"), Some(28));
    claim["margin_bp"] = json!(10_000);
    assert_eq!(
        total(&report(&claim), "profit_loss_estimate"),
        Some(280_000)
    );
    // floor, not round: 1,281,400 × 3 / 10000 = 384.42.
    let mut small = kakao_claim();
    small["margin_bp"] = json!(7);
    assert_eq!(total(&report(&small), "profit_loss_estimate"), Some(196));
}

// ---- §3 incidents and the period -------------------------------------------

#[test]
fn unknown_preset() {
    let mut claim = kakao_claim();
    set(&mut claim, "/incident/preset", json!("kakao-2023"));
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![pair("E_PRESET_UNKNOWN", "incident.preset")]
    );
    assert!(report.get("compensation").is_none());
    assert_eq!(report["days"], json!([]));
}

#[test]
fn incident_range() {
    let custom = |start: &str, end: &str| {
        let mut claim = kakao_claim();
        set_incident(&mut claim, json!({"start": start, "end": end}));
        claim["period"] = json!({"from": "2022-10-15", "to": "2022-10-21"});
        claim
    };
    let same = report(&custom("2022-10-15T15:30+09:00", "2022-10-15T15:30+09:00"));
    assert!(errors(&same).contains(&pair("E_INCIDENT_RANGE", "incident")));
    let backwards = report(&custom("2022-10-16T00:00+09:00", "2022-10-15T00:00+09:00"));
    assert!(errors(&backwards).contains(&pair("E_INCIDENT_RANGE", "incident")));
    // Exactly 31 × 24 hours is allowed, one minute more is not.
    let longest = report(&custom("2022-10-01T00:00+09:00", "2022-11-01T00:00+09:00"));
    assert_eq!(count(&longest, "E_INCIDENT_RANGE"), 0);
    let too_long = report(&custom("2022-10-01T00:00+09:00", "2022-11-01T00:01+09:00"));
    assert_eq!(
        errors(&too_long),
        vec![pair("E_INCIDENT_RANGE", "incident")]
    );
}

#[test]
fn an_override_beside_a_preset_moves_the_window_and_the_default_period() {
    let mut claim = kakao_claim();
    // Service came back early for this shop: on the 17th at 12:00.
    set(
        &mut claim,
        "/incident/end",
        json!("2022-10-17T12:00:00+09:00"),
    );
    let report = report(&claim);
    assert_eq!(
        day_dates(&report),
        vec!["2022-10-15", "2022-10-16", "2022-10-17"]
    );
    // The incident's tiers and required evidence stay.
    assert!(report["compensation"].is_object());
    let mut no_evidence = claim.clone();
    no_evidence["evidence"] = json!([]);
    assert_eq!(
        count(&common::report(&no_evidence), "W_EVIDENCE_MISSING"),
        4
    );
    // An order after the new end is outside the incident.
    let mut late = claim.clone();
    set(
        &mut late,
        "/lost_orders/0/at",
        json!("2022-10-17T12:00:01+09:00"),
    );
    assert_eq!(
        errors(&common::report(&late)),
        vec![pair("E_ORDER_OUTSIDE_INCIDENT", "lost_orders[0].at")]
    );
}

#[test]
fn a_custom_incident_runs_its_period_over_its_local_dates() {
    let mut claim = kakao_claim();
    // 2022-10-14T16:00Z is 10-15 01:00 in Korea; 2022-10-16T14:59Z is 10-16 23:59.
    set_incident(
        &mut claim,
        json!({"start": "2022-10-14T16:00:00Z", "end": "2022-10-16T14:59:00Z"}),
    );
    set(
        &mut claim,
        "/lost_orders/0/at",
        json!("2022-10-15T18:20:00+09:00"),
    );
    let report = report(&claim);
    assert_eq!(day_dates(&report), vec!["2022-10-15", "2022-10-16"]);
    assert!(report.get("compensation").is_none());
    // A custom incident asks only for the two documents every claim should carry.
    let mut bare = claim.clone();
    bare["evidence"] = json!([]);
    assert_eq!(count(&common::report(&bare), "W_EVIDENCE_MISSING"), 2);
}

#[test]
fn period_range() {
    let with_period = |from: &str, to: &str| {
        let mut claim = kakao_claim();
        claim["period"] = json!({"from": from, "to": to});
        report(&claim)
    };
    assert_eq!(
        errors(&with_period("2022-10-21", "2022-10-15")),
        vec![pair("E_PERIOD_RANGE", "period")]
    );
    // 31 days counting both ends is the longest period.
    assert_eq!(
        count(&with_period("2022-10-01", "2022-10-31"), "E_PERIOD_RANGE"),
        0
    );
    let too_long = with_period("2022-09-30", "2022-10-31");
    assert_eq!(count(&too_long, "E_PERIOD_RANGE"), 1);
    assert_eq!(too_long["days"], json!([]));
    // No day in common with the incident's dates (15–20 Oct in Korea).
    assert_eq!(
        errors(&with_period("2022-10-01", "2022-10-14")),
        vec![pair("E_PERIOD_RANGE", "period")]
    );
    assert_eq!(
        count(&with_period("2022-10-01", "2022-10-15"), "E_PERIOD_RANGE"),
        0
    );
    assert_eq!(
        count(&with_period("2022-10-20", "2022-10-26"), "E_PERIOD_RANGE"),
        0
    );
    assert_eq!(
        errors(&with_period("2022-10-21", "2022-10-27")),
        vec![pair("E_PERIOD_RANGE", "period")]
    );
}

#[test]
fn period_ends_missing_or_not_dates() {
    let mut claim = kakao_claim();
    claim["period"] = json!({"from": "2022-10-15"});
    assert_eq!(
        errors(&report(&claim)),
        vec![pair("E_DATE_INVALID", "period.to")]
    );
    claim["period"] = json!({"from": "15/10/2022", "to": 20221021});
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![
            pair("E_DATE_INVALID", "period.from"),
            pair("E_DATE_INVALID", "period.to")
        ]
    );
    assert_eq!(report["days"], json!([]));
}

// ---- §4 the baseline ---------------------------------------------------------

#[test]
fn a_repeated_date_is_reported_on_the_second_row_and_the_first_counts() {
    let mut claim = kakao_claim();
    let rows = claim["daily_sales"].as_array_mut().unwrap();
    rows.push(json!({"date": "2022-10-15", "amount": 999_999}));
    rows.push(json!({"date": "2022-10-15", "amount": 1}));
    let last = rows.len() - 1;
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![
            pair(
                "E_SALES_DUPLICATE_DATE",
                &format!("daily_sales[{}].date", last - 1)
            ),
            pair(
                "E_SALES_DUPLICATE_DATE",
                &format!("daily_sales[{last}].date")
            ),
        ]
    );
    assert_eq!(report["days"][0]["actual"], 60_000);
}

#[test]
fn every_missing_period_day_is_named() {
    let mut claim = kakao_claim();
    claim["daily_sales"] = json!(sales("2022-09-01", "2022-10-21", |_| 100_000)
        .into_iter()
        .filter(|row| row["date"] != "2022-10-17" && row["date"] != "2022-10-19")
        .collect::<Vec<_>>());
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![pair("E_SALES_MISSING", "daily_sales"); 2]
    );
    let messages = messages(&report, "E_SALES_MISSING");
    assert!(
        messages[0].contains("2022년 10월 17일(월)"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("2022년 10월 19일(수)"),
        "{}",
        messages[1]
    );
    // Totals that need a missing day are unknown, the days that exist are shown.
    assert_eq!(total(&report, "actual"), None);
    assert_eq!(total(&report, "sales_drop"), None);
    assert_eq!(report["days"][2]["actual"], Value::Null);
    assert_eq!(report["days"][3]["actual"], 100_000);
}

#[test]
fn a_row_with_a_bad_amount_counts_as_no_row() {
    let mut claim = kakao_claim();
    let index = claim["daily_sales"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["date"] == "2022-10-18")
        .unwrap();
    set(
        &mut claim,
        &format!("/daily_sales/{index}/amount"),
        json!(-5),
    );
    let report = report(&claim);
    let mut errors = errors(&report);
    errors.sort();
    assert_eq!(
        errors,
        vec![
            pair("E_AMOUNT_INVALID", &format!("daily_sales[{index}].amount")),
            pair("E_SALES_MISSING", "daily_sales")
        ]
    );
}

#[test]
fn prior_week_needs_the_day_a_week_before() {
    let mut claim = kakao_claim();
    claim["daily_sales"] = json!(sales("2022-10-10", "2022-10-21", |_| 50_000));
    let report = report(&claim);
    // 15–21 Oct compare with 8–14 Oct; 8 and 9 Oct are missing.
    assert_eq!(
        errors(&report),
        vec![pair("E_BASELINE_MISSING", "daily_sales"); 2]
    );
    let messages = messages(&report, "E_BASELINE_MISSING");
    assert!(
        messages[0].contains("2022년 10월 15일(토)") && messages[0].contains("2022년 10월 8일(토)")
    );
    assert_eq!(report["days"][0]["baseline"], Value::Null);
    assert_eq!(report["days"][0]["drop"], Value::Null);
    assert_eq!(report["days"][2]["baseline"], 50_000);
    assert_eq!(report["days"][2]["drop"], 0);
    assert_eq!(total(&report, "baseline"), None);
}

#[test]
fn prior_week_on_a_substitute_holiday_warns_with_both_dates() {
    let report = report(&kakao_claim());
    let messages = messages(&report, "W_BASELINE_HOLIDAY");
    assert_eq!(
        messages[1],
        "2022년 10월 17일(월)과 비교하는 전주 2022년 10월 10일(월)은 대체공휴일(한글날)이라 전주 비교가 왜곡될 수 있습니다."
    );
    assert!(
        messages[0].contains("2022년 10월 16일(일)") && messages[0].contains("2022년 10월 9일(일)")
    );
    assert!(messages[0].contains("한글날"));
    let english = report_of(&kakao_claim(), claim_core::Lang::En);
    let english = common::messages(&english, "W_BASELINE_HOLIDAY");
    assert!(
        english[1].contains("Mon 10 Oct 2022") && english[1].contains("Mon 17 Oct 2022"),
        "{}",
        english[1]
    );
}

#[test]
fn a_holiday_inside_the_period_warns_too() {
    // KT 2021: period Mon 25 Oct 2021; a custom period over 3–5 Oct 2021 with
    // 4 Oct (개천절 substitute) inside it compares with 27 Sep (no holiday).
    let mut claim = kakao_claim();
    set_incident(
        &mut claim,
        json!({"start": "2021-10-03T00:00+09:00", "end": "2021-10-05T23:00+09:00"}),
    );
    claim["daily_sales"] = json!(sales("2021-09-20", "2021-10-05", |_| 100_000));
    claim["lost_orders"] = json!([]);
    let report = report(&claim);
    // 3 Oct (Sun, 개천절) vs 26 Sep; 4 Oct (substitute) vs 27 Sep; 5 Oct vs 28 Sep.
    assert_eq!(count(&report, "W_BASELINE_HOLIDAY"), 2);
    assert_eq!(report["days"][1]["holiday"], true);
    assert_eq!(report["days"][2]["holiday"], false);
    assert!(messages(&report, "W_BASELINE_HOLIDAY")[1]
        .starts_with("2021년 10월 4일(월)은 대체공휴일(개천절)"));
}

#[test]
fn prior_week_inside_the_incident_warns_once_per_day() {
    let mut claim = kakao_claim();
    claim["period"] = json!({"from": "2022-10-15", "to": "2022-10-28"});
    claim["daily_sales"] = json!(sales("2022-10-08", "2022-10-28", |_| 70_000));
    let report = report(&claim);
    // 22–27 Oct compare with 15–20 Oct, the incident's dates in Korea; 28 Oct with 21 Oct.
    assert_eq!(count(&report, "W_BASELINE_IN_INCIDENT"), 6);
    assert!(warnings(&report).contains(&pair("W_BASELINE_IN_INCIDENT", "baseline")));
}

#[test]
fn average_weeks_skips_holidays_incident_days_and_missing_rows() {
    let mut claim = kakao_claim();
    claim["baseline"] = json!({"method": "average_weeks", "weeks": 3});
    claim["period"] = json!({"from": "2022-10-17", "to": "2022-10-24"});
    let mut rows = sales("2022-09-01", "2022-10-24", |day| {
        match day.to_string().as_str() {
            "2022-10-03" => 900_000, // 개천절: skipped
            "2022-09-26" => 100_000,
            "2022-09-19" => 200_001,
            _ => 50_000,
        }
    });
    // No row for 2022-10-10 (a holiday anyway) nor 2022-09-13.
    rows.retain(|row| row["date"] != "2022-10-10" && row["date"] != "2022-09-13");
    claim["daily_sales"] = json!(rows);
    let report = report(&claim);
    // Mon 24 Oct: 17 Oct lies in the incident's dates, 10 and 3 Oct are
    // holidays: nothing is left.
    assert_eq!(
        errors(&report),
        vec![pair("E_BASELINE_MISSING", "daily_sales")]
    );
    assert!(messages(&report, "E_BASELINE_MISSING")[0].contains("2022년 10월 24일(월)"));
    assert_eq!(report["days"][7]["baseline"], Value::Null);
    assert_eq!(total(&report, "baseline"), None);
    // Mon 17 Oct: candidates 10 Oct (holiday), 3 Oct (holiday), 26 Sep → 100,000.
    assert_eq!(report["days"][0]["baseline"], 100_000);
    // Tue 18 Oct: 11 Oct, 4 Oct, 27 Sep, all 50,000.
    assert_eq!(report["days"][1]["baseline"], 50_000);
    // Sat 22 Oct: 15 Oct lies in the incident; 8 Oct and 1 Oct → 50,000.
    assert_eq!(report["days"][5]["baseline"], 50_000);
    // No warnings about holidays: average_weeks leaves them out instead.
    assert_eq!(count(&report, "W_BASELINE_HOLIDAY"), 0);
}

#[test]
fn average_weeks_floors_the_mean_and_skips_incident_days() {
    let mut claim = kakao_claim();
    claim["baseline"] = json!({"method": "average_weeks", "weeks": 2});
    claim["period"] = json!({"from": "2022-10-20", "to": "2022-10-26"});
    claim["daily_sales"] = json!(sales("2022-10-01", "2022-10-28", |day| {
        match day.to_string().as_str() {
            "2022-10-08" => 100_000,
            "2022-10-01" => 100_001,
            "2022-10-15" => 1, // inside the incident: skipped
            _ => 10_000,
        }
    }));
    let report = report(&claim);
    // Sat 22 Oct (row 2) with 2 weeks: 15 Oct lies in the incident, so 8 Oct alone.
    assert_eq!(report["days"][2]["baseline"], 100_000);
    let mut three = claim.clone();
    three["baseline"]["weeks"] = json!(3);
    // With 3 weeks: 8 Oct and 1 Oct → floor(200,001 / 2) = 100,000 (not 100,000.5).
    assert_eq!(common::report(&three)["days"][2]["baseline"], 100_000);
    let mut odd = three.clone();
    let index = odd["daily_sales"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["date"] == "2022-10-01")
        .unwrap();
    odd["daily_sales"][index]["amount"] = json!(100_002);
    // floor(200,002 / 2) = 100,001.
    assert_eq!(common::report(&odd)["days"][2]["baseline"], 100_001);
}

#[test]
fn average_weeks_with_nothing_left_is_missing_per_day() {
    let mut claim = kakao_claim();
    claim["baseline"] = json!({"method": "average_weeks", "weeks": 1});
    claim["daily_sales"] = json!(sales("2022-10-15", "2022-10-21", |_| 10_000));
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![pair("E_BASELINE_MISSING", "daily_sales"); 7]
    );
    assert_eq!(total(&report, "baseline"), None);
}

#[test]
fn average_weeks_count_must_be_one_to_eight() {
    for bad in [json!(0), json!(9), json!(4.5), json!("4"), json!(-1)] {
        let mut claim = kakao_claim();
        claim["baseline"] = json!({"method": "average_weeks", "weeks": bad});
        let report = report(&claim);
        assert_eq!(
            errors(&report),
            vec![pair("E_BASELINE_INVALID", "baseline.weeks")],
            "{bad}"
        );
        assert_eq!(total(&report, "baseline"), None);
    }
    let mut claim = kakao_claim();
    claim["baseline"] = json!({"method": "average_weeks", "weeks": 8});
    assert_eq!(errors(&report(&claim)), vec![]);
    // The default is 4 weeks.
    claim["baseline"] = json!({"method": "average_weeks"});
    assert_eq!(total(&report(&claim), "baseline"), Some(700_000));
}

#[test]
fn best_week_takes_the_largest_complete_week() {
    let mut claim = kakao_claim();
    claim["baseline"] = json!({"method": "best_week"});
    // Reference (incident): 3 Sep .. 14 Oct. The week of Sat 17 Sep is the best
    // but has a hole on the 20th, so the week of Sat 24 Sep wins.
    let mut rows = sales("2022-09-01", "2022-10-21", |day| {
        match day.to_string().as_str() {
            "2022-09-17" => 500_000,
            "2022-09-24" => 300_000,
            d if d >= "2022-10-15" => 60_000,
            _ => 100_000,
        }
    });
    rows.retain(|row| row["date"] != "2022-09-20");
    claim["daily_sales"] = json!(rows);
    let report = report(&claim);
    assert_eq!(errors(&report), vec![]);
    assert_eq!(total(&report, "baseline"), Some(900_000));
    assert_eq!(total(&report, "sales_drop"), Some(480_000));
    for day in report["days"].as_array().unwrap() {
        assert_eq!(day["baseline"], Value::Null);
        assert_eq!(day["drop"], Value::Null);
        assert!(day["actual"].is_i64());
    }
    // Weeks with holidays count, as in Kakao's rule: no holiday warnings.
    assert_eq!(count(&report, "W_BASELINE_HOLIDAY"), 0);
}

#[test]
fn best_week_needs_seven_days() {
    let mut claim = kakao_claim();
    claim["baseline"] = json!({"method": "best_week"});
    claim["period"] = json!({"from": "2022-10-15", "to": "2022-10-20"});
    let report = report(&claim);
    assert_eq!(errors(&report), vec![pair("E_METHOD_PERIOD", "period")]);
    assert_eq!(total(&report, "baseline"), None);
    assert_eq!(report["days"].as_array().unwrap().len(), 6);
}

#[test]
fn best_week_reference_rules() {
    let mut claim = kakao_claim();
    claim["baseline"] =
        json!({"method": "best_week", "reference": {"from": "2022-10-14", "to": "2022-09-03"}});
    assert_eq!(
        errors(&report(&claim)),
        vec![pair("E_BASELINE_INVALID", "baseline.reference")]
    );
    claim["baseline"] = json!({"method": "best_week", "reference": {"from": "2022-10-14"}});
    assert_eq!(
        errors(&report(&claim)),
        vec![pair("E_DATE_INVALID", "baseline.reference.to")]
    );
    // A reference with no complete week starting on a Saturday.
    claim["baseline"] =
        json!({"method": "best_week", "reference": {"from": "2022-10-09", "to": "2022-10-14"}});
    let none = report(&claim);
    assert_eq!(
        errors(&none),
        vec![pair("E_BASELINE_MISSING", "baseline.reference")]
    );
    assert!(messages(&none, "E_BASELINE_MISSING")[0].contains("토요일"));
    // An explicit reference replaces the incident's.
    claim["baseline"] =
        json!({"method": "best_week", "reference": {"from": "2022-10-08", "to": "2022-10-14"}});
    assert_eq!(total(&report(&claim), "baseline"), Some(700_000));
}

#[test]
fn best_week_without_a_preset_looks_42_days_back() {
    let mut claim = kakao_claim();
    set_incident(
        &mut claim,
        json!({"start": "2022-10-15T15:30+09:00", "end": "2022-10-20T23:00+09:00"}),
    );
    claim["period"] = json!({"from": "2022-10-15", "to": "2022-10-21"});
    claim["baseline"] = json!({"method": "best_week"});
    // 42 days before 15 Oct: 3 Sep .. 14 Oct. A huge week on 27 Aug is outside it.
    claim["daily_sales"] = json!(sales("2022-08-20", "2022-10-21", |day| {
        match day.to_string().as_str() {
            "2022-08-27" => 9_000_000,
            "2022-09-03" => 200_000,
            d if d >= "2022-10-15" => 60_000,
            _ => 100_000,
        }
    }));
    assert_eq!(total(&report(&claim), "baseline"), Some(800_000));
}

#[test]
fn days_outside_the_calendar_warn_once() {
    let mut claim = kakao_claim();
    set_incident(
        &mut claim,
        json!({"start": "2028-03-04T10:00+09:00", "end": "2028-03-05T10:00+09:00"}),
    );
    claim["daily_sales"] = json!(sales("2028-02-20", "2028-03-05", |_| 10_000));
    claim["lost_orders"] = json!([]);
    let report = report(&claim);
    assert_eq!(
        warnings(&report)
            .iter()
            .filter(|(c, _)| c == "W_CALENDAR_RANGE")
            .count(),
        1
    );
    assert!(warnings(&report).contains(&pair("W_CALENDAR_RANGE", "baseline")));
    // Early January 2019 compares with late December 2018.
    let mut early = kakao_claim();
    set_incident(
        &mut early,
        json!({"start": "2019-01-02T10:00+09:00", "end": "2019-01-03T10:00+09:00"}),
    );
    early["daily_sales"] = json!(sales("2018-12-20", "2019-01-03", |_| 10_000));
    early["lost_orders"] = json!([]);
    assert_eq!(count(&common::report(&early), "W_CALENDAR_RANGE"), 1);
    // Inside the calendar: no warning.
    assert_eq!(
        count(&common::report(&kakao_claim()), "W_CALENDAR_RANGE"),
        0
    );
}

#[test]
fn the_drop_is_netted_over_the_period() {
    let mut claim = kakao_claim();
    // A gain on Thursday the 20th offsets part of the other days' drop.
    claim["daily_sales"] = json!(sales("2022-10-08", "2022-10-21", |day| {
        match day.to_string().as_str() {
            "2022-10-20" => 400_000,
            d if d >= "2022-10-15" => 60_000,
            _ => 100_000,
        }
    }));
    let report = report(&claim);
    assert_eq!(report["days"][5]["drop"], -300_000);
    // 6 × 40,000 − 300,000 = −60,000 → the drop is 0, with a warning.
    assert_eq!(total(&report, "sales_drop"), Some(0));
    assert_eq!(total(&report, "revenue_loss"), Some(0));
    assert_eq!(total(&report, "claimed"), Some(33_000));
    assert_eq!(total(&report, "drop_rate_bp"), Some(0));
    assert!(warnings(&report).contains(&pair("W_NO_DROP", "daily_sales")));
    assert!(warnings(&report).contains(&pair("W_ORDERS_EXCEED_DROP", "lost_orders")));
    assert_eq!(
        report["compensation"],
        json!({"tier_amount": null, "individual_review": false})
    );
}

#[test]
fn drop_rate_is_unknown_when_the_baseline_is_zero() {
    let mut claim = kakao_claim();
    claim["daily_sales"] = json!(sales("2022-10-08", "2022-10-21", |_| 0));
    let report = report(&claim);
    assert_eq!(total(&report, "baseline"), Some(0));
    assert_eq!(total(&report, "drop_rate_bp"), None);
}

// ---- §5 lost orders, costs, totals ---------------------------------------------

#[test]
fn orders_at_exactly_the_start_and_end_are_inside() {
    for (at, inside) in [
        ("2022-10-15T15:30:00+09:00", true),
        ("2022-10-15T06:30:00Z", true),
        ("2022-10-15T01:30:00-05:00", true),
        ("2022-10-20T23:00:00+09:00", true),
        ("2022-10-20T14:00Z", true),
        ("2022-10-15T15:29:59+09:00", false),
        ("2022-10-15T06:29:59.999Z", false),
        ("2022-10-20T23:00:00.001+09:00", false),
        ("2022-10-21T00:00:00+09:00", false),
        ("2022-10-20T09:00:00-05:00", true),
        ("2022-10-20T09:00:01-05:00", false),
    ] {
        let mut claim = kakao_claim();
        set(&mut claim, "/lost_orders/0/at", json!(at));
        let outside = errors(&report(&claim))
            .contains(&pair("E_ORDER_OUTSIDE_INCIDENT", "lost_orders[0].at"));
        assert_eq!(!outside, inside, "{at}");
    }
}

#[test]
fn repeated_order_refs_are_reported_on_each_repeat() {
    let mut claim = kakao_claim();
    let order = |reference: &str| json!({"ref": reference, "at": "2022-10-16T12:00+09:00", "amount": 10_000});
    claim["lost_orders"] = json!([
        order("A-1"),
        order("A-2"),
        order("A-1"),
        order(""),
        order(""),
        order("A-1")
    ]);
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![
            pair("E_ORDER_DUPLICATE_REF", "lost_orders[2].ref"),
            pair("E_ORDER_DUPLICATE_REF", "lost_orders[5].ref")
        ]
    );
    assert!(messages(&report, "E_ORDER_DUPLICATE_REF")[0]
        .starts_with("놓친 주문 3번째 줄의 주문 번호가 1번째 줄의"));
}

#[test]
fn orders_support_the_drop_and_are_not_added_to_it() {
    let mut claim = kakao_claim();
    let order = json!({"at": "2022-10-16T12:00+09:00", "amount": 300_000});
    claim["lost_orders"] = json!([order.clone(), order]);
    let report = report(&claim);
    assert_eq!(total(&report, "lost_orders"), Some(600_000));
    assert_eq!(total(&report, "revenue_loss"), Some(280_000));
    assert_eq!(total(&report, "claimed"), Some(313_000));
    assert_eq!(count(&report, "W_ORDERS_EXCEED_DROP"), 1);
    assert!(messages(&report, "W_ORDERS_EXCEED_DROP")[0].contains("600,000원"));
}

#[test]
fn without_sales_the_orders_are_the_loss() {
    let mut claim = kakao_claim();
    remove(&mut claim, "/daily_sales");
    let report = report(&claim);
    assert_eq!(
        warnings(&report),
        vec![pair("W_NO_SALES_DATA", "daily_sales")]
    );
    assert_eq!(total(&report, "revenue_loss"), Some(45_000));
    assert_eq!(total(&report, "claimed"), Some(78_000));
    assert_eq!(total(&report, "baseline"), None);
    assert_eq!(total(&report, "drop_rate_bp"), None);
    // No sales: the holiday checks of the comparison are not made.
    assert_eq!(count(&report, "W_BASELINE_HOLIDAY"), 0);
}

#[test]
fn nothing_to_claim() {
    let mut claim = kakao_claim();
    remove(&mut claim, "/daily_sales");
    remove(&mut claim, "/lost_orders");
    claim["extra_costs"] = json!([]);
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![pair("E_NOTHING_CLAIMED", "daily_sales")]
    );
    // Costs alone are a claim.
    claim["extra_costs"] = json!([{"amount": 50_000}]);
    let report = common::report(&claim);
    assert_eq!(errors(&report), vec![]);
    assert_eq!(total(&report, "claimed"), Some(50_000));
    assert_eq!(total(&report, "revenue_loss"), Some(0));
    assert_eq!(
        report["compensation"],
        json!({"tier_amount": null, "individual_review": false})
    );
}

#[test]
fn sums_above_the_limit_are_refused_not_overflowed() {
    let mut claim = kakao_claim();
    remove(&mut claim, "/daily_sales");
    let order = json!({"at": "2022-10-16T12:00+09:00", "amount": 100_000_000_000_i64});
    claim["lost_orders"] = json!([order.clone(), order]);
    let cost = json!({"amount": 60_000_000_000_i64});
    claim["extra_costs"] = json!([cost.clone(), cost]);
    let report = report(&claim);
    assert_eq!(
        errors(&report),
        vec![
            pair("E_AMOUNT_INVALID", "lost_orders"),
            pair("E_AMOUNT_INVALID", "extra_costs")
        ]
    );
    for key in ["lost_orders", "extra_costs", "revenue_loss", "claimed"] {
        assert_eq!(report["totals"][key], Value::Null, "{key}");
    }
    // Exactly at the limit is fine.
    claim["lost_orders"] = json!([{"at": "2022-10-16T12:00+09:00", "amount": 100_000_000_000_i64}]);
    claim["extra_costs"] = json!([]);
    let report = common::report(&claim);
    assert_eq!(errors(&report), vec![]);
    assert_eq!(total(&report, "claimed"), Some(100_000_000_000));
    assert_eq!(
        report["compensation"],
        json!({"tier_amount": null, "individual_review": true})
    );
}

#[test]
fn the_largest_sales_never_overflow() {
    let mut claim = kakao_claim();
    claim["period"] = json!({"from": "2022-10-01", "to": "2022-10-31"});
    claim["daily_sales"] = json!(sales("2022-09-01", "2022-10-31", |_| 100_000_000_000));
    claim["margin_bp"] = json!(10_000);
    let report = report(&claim);
    assert_eq!(total(&report, "actual"), Some(3_100_000_000_000));
    assert_eq!(total(&report, "sales_drop"), Some(0));
}

#[test]
fn compensation_tiers_through_the_report() {
    for (loss, tier, review) in [
        (300_000, json!(30_000), false),
        (300_001, json!(50_000), false),
        (500_000, json!(50_000), false),
        (500_001, Value::Null, true),
        (1, json!(30_000), false),
    ] {
        let mut claim = kakao_claim();
        remove(&mut claim, "/daily_sales");
        claim["lost_orders"] = json!([{"at": "2022-10-16T12:00+09:00", "amount": loss}]);
        let report = report(&claim);
        assert_eq!(
            report["compensation"],
            json!({"tier_amount": tier, "individual_review": review}),
            "{loss}"
        );
    }
    let mut kt = kakao_claim();
    set(&mut kt, "/incident/preset", json!("kt-2021-10"));
    remove(&mut kt, "/daily_sales");
    kt["lost_orders"] = json!([{"at": "2021-10-25T11:30+09:00", "amount": 20_000}]);
    let report = report(&kt);
    assert!(report.get("compensation").is_none());
    assert_eq!(errors(&report), vec![]);
    // KT asks only for the two documents every claim should carry: all present.
    assert_eq!(count(&report, "W_EVIDENCE_MISSING"), 0);
    assert_eq!(report["days"].as_array().unwrap().len(), 1);
}

// ---- §6 other checks ---------------------------------------------------------

#[test]
fn registration_number_checks() {
    for (number, code) in [
        ("120-81-47521", None),
        ("1208147521", None),
        ("120 81 47521", None),
        ("123-45-67890", Some("E_BRN_CHECKSUM")),
        ("120-81-4752", Some("E_BRN_FORMAT")),
        ("120-81-47521-1", Some("E_BRN_FORMAT")),
        ("120.81.47521", Some("E_BRN_FORMAT")),
        ("일이공-81-47521", Some("E_BRN_FORMAT")),
    ] {
        let mut claim = kakao_claim();
        set(&mut claim, "/business/registration_number", json!(number));
        let expected: Vec<_> = code
            .map(|c| pair(c, "business.registration_number"))
            .into_iter()
            .collect();
        assert_eq!(errors(&report(&claim)), expected, "{number}");
    }
}

#[test]
fn phone_and_email_checks() {
    for (phone, ok) in [
        ("010-1234-5678", true),
        ("02-123-4567", true),
        ("(02) 1234-5678", true),
        ("031 123 4567", true),
        ("0212345", false),
        ("010-1234-56789", false),
        ("10-1234-5678", false),
        ("+82-10-1234-5678", false),
        ("010.1234.5678", false),
    ] {
        let mut claim = kakao_claim();
        set(&mut claim, "/business/phone", json!(phone));
        assert_eq!(errors(&report(&claim)).is_empty(), ok, "{phone}");
    }
    for (email, ok) in [
        ("cake@example.kr", true),
        ("a.b+c@mail.co.kr", true),
        ("cake@localhost", false),
        ("cake.example.kr", false),
        ("@example.kr", false),
        ("cake@@example.kr", false),
        ("cake@example.", false),
        ("ca ke@example.kr", false),
        ("", true), // blank is absent, and email is optional
    ] {
        let mut claim = kakao_claim();
        set(&mut claim, "/business/email", json!(email));
        let errors = errors(&report(&claim));
        assert_eq!(errors.is_empty(), ok, "{email}: {errors:?}");
        if !ok {
            assert_eq!(errors, vec![pair("E_EMAIL_FORMAT", "business.email")]);
        }
    }
}

/// A sales day's amount that does not read is named by its date, as the
/// grid shows it, not by a row number; a row without a date keeps its row.
#[test]
fn a_sales_amount_problem_names_its_day() {
    let mut claim = kakao_claim();
    set(&mut claim, "/daily_sales/2/amount", json!("39만 팔천"));
    let said = messages(&report(&claim), "E_AMOUNT_INVALID");
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].starts_with("2022년 9월 3일(토) 매출은"), "{said:?}");
    assert!(
        !said[0].contains("번째 줄") && !said[0].contains("쉼표"),
        "{said:?}"
    );
    let said = messages(&report_of(&claim, claim_core::Lang::En), "E_AMOUNT_INVALID");
    assert!(
        said[0].starts_with("The sales of Sat 3 Sep 2022"),
        "{said:?}"
    );
    remove(&mut claim, "/daily_sales/2/date");
    let said = messages(&report(&claim), "E_AMOUNT_INVALID");
    assert!(said[0].starts_with("일별 매출 3번째 줄의"), "{said:?}");
}

/// Spec §6, `W_BANK_HOLDER`: the holder compared with the representative
/// and the business name, without whitespace and company marks.
#[test]
fn the_account_holder_is_the_representative_or_the_business() {
    let holder_warnings = |representative: Value, name: Value, holder: Value| {
        let mut claim = kakao_claim();
        set(&mut claim, "/business/representative", representative);
        set(&mut claim, "/business/name", name);
        set(&mut claim, "/business/bank/holder", holder);
        let report = report(&claim);
        let found: Vec<(String, String)> = warnings(&report)
            .into_iter()
            .filter(|(code, _)| code == "W_BANK_HOLDER")
            .collect();
        assert!(found.len() <= 1, "one at most: {found:?}");
        !found.is_empty()
    };
    for (representative, name, holder, warned) in [
        ("김민지", "행복케이크", "김민지", false),
        ("김민지", "행복케이크", "김 민지", false),
        ("김민지", "행복케이크", "행복케이크", false),
        ("김민지", "행복케이크", "주식회사 행복케이크", false),
        ("김민지", "행복케이크", "(주)행복케이크", false),
        ("김민지", "행복케이크", "㈜ 행복케이크", false),
        ("김민지", "행복케이크", "유한회사 행복케이크", false),
        ("김민지", "행복케이크", "행복케이크(유)", false),
        ("김민지", "주식회사 행복케이크", "행복케이크", false),
        ("김민지", "행복케이크", "\t행복\u{3000}케이크 ", false),
        ("김민지", "행복케이크", "이수진", true),
        ("김민지", "행복케이크 망원점", "행복케이크", true),
        ("김민지", "행복케이크", "김민", true),
        ("김민지", "행복케이크", "(주)", true),
    ] {
        assert_eq!(
            holder_warnings(json!(representative), json!(name), json!(holder)),
            warned,
            "{representative} / {name} / {holder}"
        );
    }
    // A blank holder is not checked; nor is one with nobody to compare.
    assert!(!holder_warnings(
        json!("김민지"),
        json!("행복케이크"),
        json!("  ")
    ));
    assert!(!holder_warnings(json!(" "), json!(""), json!("이수진")));
    // Only the one that is there is compared.
    assert!(!holder_warnings(
        json!(""),
        json!("행복케이크"),
        json!("행복케이크")
    ));
    assert!(holder_warnings(
        json!(""),
        json!("행복케이크"),
        json!("김민지")
    ));
    assert!(!holder_warnings(
        json!("김민지"),
        json!(null),
        json!("김민지")
    ));
    // It is a warning: the claim stays valid, and the message names no one.
    let mut claim = kakao_claim();
    set(&mut claim, "/business/bank/holder", json!("이수진"));
    let report = report(&claim);
    assert_eq!(report["valid"], true);
    let said = messages(&report, "W_BANK_HOLDER");
    assert!(said[0].contains("예금주"), "{said:?}");
    assert!(
        !said[0].contains("이수진") && !said[0].contains("김민지"),
        "{said:?}"
    );
}

/// Spec §6, `W_BANK_ACCOUNT_FORMAT`: digits, hyphens and spaces only, 10 to
/// 14 digits.
#[test]
fn the_account_number_has_ten_to_fourteen_digits() {
    for (account, warned) in [
        ("123456-01-234567", false),
        ("1234567890", false),     // 10
        ("123456789", true),       // 9
        ("12345678901234", false), // 14
        ("123456789012345", true), // 15
        ("123 456 7890", false),
        ("--1234567890--", false),
        ("123456-01-23456a", true),
        ("123456.01.234567", true),
        ("１２３４５６０１２３４５６７", true), // full-width digits are not digits
        ("123456-01-234567\t", true),
        ("", false),    // blank: not checked
        ("   ", false), // blank: not checked
    ] {
        let mut claim = kakao_claim();
        set(&mut claim, "/business/bank/account", json!(account));
        let report = report(&claim);
        let found: Vec<(String, String)> = warnings(&report)
            .into_iter()
            .filter(|(code, _)| code == "W_BANK_ACCOUNT_FORMAT")
            .collect();
        let expected = if warned {
            vec![pair("W_BANK_ACCOUNT_FORMAT", "business.bank.account")]
        } else {
            vec![]
        };
        assert_eq!(found, expected, "{account:?}");
        assert_eq!(report["valid"], true, "a warning only: {account:?}");
    }
    let mut claim = kakao_claim();
    set(&mut claim, "/business/bank/account", json!("123456789"));
    let said = messages(&report(&claim), "W_BANK_ACCOUNT_FORMAT");
    assert!(
        said[0].contains("9자리") && said[0].contains("10~14"),
        "{said:?}"
    );
    let said = messages(
        &report_of(&claim, claim_core::Lang::En),
        "W_BANK_ACCOUNT_FORMAT",
    );
    assert!(said[0].contains("9 digits"), "{said:?}");
}

#[test]
fn services_and_evidence_warnings() {
    let mut claim = kakao_claim();
    claim["affected_services"] = json!([]);
    claim["evidence"] = json!([{"kind": "sales_proof"}, {"kind": "other"}]);
    let report = report(&claim);
    assert_eq!(count(&report, "W_SERVICES_EMPTY"), 1);
    assert_eq!(count(&report, "W_EVIDENCE_MISSING"), 3);
    let messages = messages(&report, "W_EVIDENCE_MISSING");
    assert!(
        messages.iter().any(|m| m.contains("'통장 사본'이")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("'소상공인 확인서'가")),
        "{messages:?}"
    );
}

// ---- §7 the report -------------------------------------------------------------

#[test]
fn every_problem_is_reported_at_once() {
    let mut claim = kakao_claim();
    set(
        &mut claim,
        "/business/registration_number",
        json!("123-45-67890"),
    );
    set(&mut claim, "/business/phone", json!("12345"));
    set(&mut claim, "/business/email", json!("nope"));
    claim["margin_bp"] = json!(0);
    set(
        &mut claim,
        "/lost_orders/0/at",
        json!("2022-10-22T10:00+09:00"),
    );
    set(&mut claim, "/extra_costs/0/amount", json!(-1));
    claim["affected_services"] = json!([]);
    let report = report(&claim);
    assert_eq!(errors(&report).len(), 6, "{:#}", report["errors"]);
    assert_eq!(report["valid"], false);
    // Totals stay informative.
    assert_eq!(total(&report, "sales_drop"), Some(280_000));
}

#[test]
fn messages_never_carry_customer_details() {
    let mut claim = kakao_claim();
    set(
        &mut claim,
        "/lost_orders/0/at",
        json!("이수진 010-2222-3333"),
    );
    set(&mut claim, "/lost_orders/0/amount", json!("010-2222-3333"));
    set(
        &mut claim,
        "/lost_orders/0/customer_name",
        json!(["이수진"]),
    );
    set(&mut claim, "/business/industry", json!("이수진"));
    for lang in [claim_core::Lang::Ko, claim_core::Lang::En] {
        let text = report_of(&claim, lang).to_string();
        assert!(!text.contains("이수진") && !text.contains("2222"), "{text}");
    }
}

#[test]
fn english_messages_are_english() {
    let mut claim = kakao_claim();
    remove(&mut claim, "/business/phone");
    let report = report_of(&claim, claim_core::Lang::En);
    let message = report["errors"][0]["message"].as_str().unwrap();
    assert_eq!(message, "Please fill in the phone number.");
    assert!(report["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .is_ascii());
}

/// Each list of a claim has a ceiling, told before anything is assessed; at
/// the ceiling the claim is read as always.
#[test]
fn a_list_longer_than_a_claim_holds_is_refused_naming_the_list() {
    use claim_core::{read_document, DocumentError, Failure};
    for (list, limit) in claim_core::report::MAX_LIST_ENTRIES {
        let mut claim = kakao_claim();
        let entry = claim[list].as_array().unwrap()[0].clone();
        claim[list] = Value::Array(vec![entry.clone(); limit]);
        let at_limit = serde_json::to_vec(&claim).unwrap();
        assert!(read_document(&at_limit).is_ok(), "{list} at {limit}");
        claim[list] = Value::Array(vec![entry; limit + 1]);
        let over = serde_json::to_vec(&claim).unwrap();
        let error = read_document(&over).unwrap_err();
        assert_eq!(
            error,
            DocumentError::TooManyEntries {
                list,
                count: limit + 1,
                limit
            },
            "{list}"
        );
        assert_eq!(error.code().as_str(), "E_CLAIM_TOO_MANY_ENTRIES");
        // The file path the CLI and the store take says so too.
        assert!(claim_core::assess_document(&over).is_err(), "{list}");
    }
    let mut claim = kakao_claim();
    let order = claim["lost_orders"][0].clone();
    claim["lost_orders"] = Value::Array(vec![order; 2_001]);
    let message = read_document(&serde_json::to_vec(&claim).unwrap())
        .unwrap_err()
        .message(claim_core::Lang::Ko);
    assert_eq!(
        message,
        "놓친 주문 2,001건: 청구서 하나에는 2,000건까지 적을 수 있습니다. 나머지 주문은 POS나 배달앱의 주문 목록 파일을 증빙 서류로 첨부해 보여 주세요."
    );
    // No customer's name or phone in it.
    assert!(!message.contains("이수진") && !message.contains("2222"));
}
