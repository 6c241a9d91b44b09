//! The holiday advice on the sales step, as the owner meets it (issue 36):
//! every Kakao 2022 claim compared with the week before meets 한글날 and
//! its substitute holiday. The advice says what switching to the
//! holiday-free comparison costs before she presses it (the days it adds,
//! the amount now and after); after it, what is missing, in the same place,
//! with the way back. Driven with the keyboard (Tab to the button, Enter)
//! and the clipboard, as she would.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{app_binary, headless, repository, within, Error, Sandbox, Session};
use serde_json::{json, Value};

const ENTER: char = '\u{E007}';

fn example() -> Value {
    let path = repository().join("tests/fixtures/examples/kakao-cake-prior-week.claim.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The amount `claimdesk validate` claims for `claim`, as the window writes
/// it (`1,314,400원`).
fn claimed_by_the_engine(sandbox: &Sandbox, claim: &Value, name: &str) -> String {
    let path = sandbox.root.join(name);
    std::fs::write(&path, serde_json::to_vec(claim).unwrap()).unwrap();
    let output = headless(&sandbox.data_dir())
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let won = report["totals"]["claimed"].as_i64().unwrap();
    let digits = won.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped}원")
}

/// The advice box's words: its text, its lines, which button it offers and
/// where the keyboard's focus is.
async fn advice(session: &Session) -> Result<Value, Error> {
    Ok(session
        .client
        .execute(
            "const box = document.getElementById('baseline-holiday');
             return {
               shown: !box.hidden,
               text: document.getElementById('baseline-holiday-text').textContent,
               lines: [...box.querySelectorAll('li')].map((li) => li.textContent),
               offers: [...box.querySelectorAll('button')].filter((b) => !b.hidden).map((b) => b.id),
               focus: document.activeElement?.id ?? '',
               method: document.querySelector(\"input[name='baseline-method']:checked\")?.value,
               claimed: document.getElementById('live-claimed')?.textContent,
               rows: document.querySelectorAll('#sales-rows tr').length,
             };",
            vec![],
        )
        .await?)
}

#[tokio::test]
async fn the_holiday_advice_says_what_the_switch_costs_and_offers_the_way_back() -> Result<(), Error>
{
    within(240, async {
        let sandbox = Sandbox::new("holiday");
        // Her claim as she typed it: the period and the week before only.
        let full = example();
        let mut typed = full.clone();
        let rows: Vec<Value> = typed["daily_sales"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| row["date"].as_str().unwrap() >= "2022-10-08")
            .cloned()
            .collect();
        typed["daily_sales"] = Value::Array(rows);
        let path = sandbox.root.join("typed.claim.json");
        std::fs::write(&path, serde_json::to_vec(&typed).unwrap()).unwrap();
        sandbox.cli(&["import", path.to_str().unwrap()]);
        let prior_week = claimed_by_the_engine(&sandbox, &typed, "prior.json");
        let mut averaged = full.clone();
        averaged["baseline"] = json!({"method": "average_weeks"});
        let average = claimed_by_the_engine(&sandbox, &averaged, "average.json");
        assert_ne!(prior_week, average);

        let mut session = Session::start_in("holiday", &app_binary(), sandbox).await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        session.show_view("claims").await?;
        session.open_first_listed_claim().await?;
        session.click("step-nav-sales").await?;
        session
            .eventually(
                "!document.getElementById('baseline-holiday').hidden && document.querySelectorAll('#baseline-holiday li').length === 3",
                10,
            )
            .await?;

        // Before: what the switch costs, with both buttons' worth of facts.
        let before = advice(&session).await?;
        assert!(before["text"].as_str().unwrap().contains("공휴일이 2일"), "{before}");
        assert_eq!(
            before["lines"],
            json!([
                format!("지금 청구 금액: {prior_week}"),
                "바꾸면 매출을 더 입력할 날: 21일 (2022년 9월 17일(토)~2022년 10월 7일(금) 사이)",
                "바꾼 뒤 청구 금액: 그 날들의 매출을 넣으면 계산됩니다.",
            ]),
            "{before}"
        );
        assert_eq!(before["offers"], json!(["baseline-holiday-switch"]));
        assert_eq!(before["rows"], json!(14));
        session.screenshot("holiday-offer").await?;

        // She presses it (keyboard): the box stays and says what is missing,
        // with the way back under her focus.
        session.press("baseline-holiday-switch", &[ENTER]).await?;
        session
            .eventually(
                "document.getElementById('baseline-holiday-text').textContent.includes('바꿨습니다') &&
                 document.querySelectorAll('#sales-rows tr').length === 35",
                10,
            )
            .await?;
        let after = advice(&session).await?;
        assert_eq!(after["shown"], json!(true), "{after}");
        assert_eq!(
            after["text"],
            json!("‘이전 몇 주 같은 요일의 평균과 비교’로 바꿨습니다.")
        );
        assert_eq!(
            after["lines"],
            json!([
                "아직 매출이 없는 날이 21일 있습니다 (2022년 9월 17일(토)~2022년 10월 7일(금) 사이). 아래 표 위쪽에 더해진 날들입니다. 모두 넣으면 청구 금액이 계산됩니다.",
                format!("‘전주 같은 요일과 비교’로 셈하면 {prior_week}입니다."),
            ]),
            "{after}"
        );
        assert_eq!(after["offers"], json!(["baseline-holiday-back"]));
        assert_eq!(after["focus"], json!("baseline-holiday-back"));
        assert_eq!(after["method"], json!("average_weeks"));
        session.screenshot("holiday-switched").await?;

        // The three weeks pasted from her sales book: the amount is known,
        // said in the same place, and the same as the running total.
        let weeks: String = full["daily_sales"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| ("2022-09-17".."2022-10-08").contains(&row["date"].as_str().unwrap()))
            .map(|row| format!("{}\r\n", row["amount"]))
            .collect();
        session.paste("sales-2022-09-17", &weeks).await?;
        let known = format!("이 방법으로 셈한 청구 금액: {average}");
        session
            .eventually(
                &format!(
                    "document.querySelector('#baseline-holiday li')?.textContent === {}",
                    json!(known)
                ),
                10,
            )
            .await?;
        assert_eq!(advice(&session).await?["claimed"], json!(average));

        // And back, in the same place: the week-before amount again, and
        // the offer now costs no typing and names the amount after.
        session.press("baseline-holiday-back", &[ENTER]).await?;
        session
            .eventually(
                "document.querySelector(\"input[name='baseline-method']:checked\")?.value === 'prior_week' &&
                 !document.getElementById('baseline-holiday-switch').hidden &&
                 document.querySelectorAll('#baseline-holiday li').length === 3",
                10,
            )
            .await?;
        let back = advice(&session).await?;
        assert_eq!(
            back["lines"],
            json!([
                format!("지금 청구 금액: {prior_week}"),
                "바꿔도 더 입력할 날은 없습니다.",
                format!("바꾼 뒤 청구 금액: {average}"),
            ]),
            "{back}"
        );
        assert_eq!(back["focus"], json!("baseline-method"), "{back}");
        session.close().await
    })
    .await
}
