//! Hangul typed through an input method, in both engines (issue 37). An
//! Enter or Tab pressed while a syllable is still being composed belongs to
//! the input method: Chromium (WebView2, the shop PC's window) sends its
//! keydown with `isComposing` before the commit, WebKit after it with
//! keyCode 229. Such a key must not move the focus, submit or act; the
//! composed text arrives once, and the key then acts once.
//!
//! `CLAIMDESK_E2E_ENGINE=chromium cargo test -p claimdesk-e2e --test composition`
//! (Chromium composes for real through the DevTools protocol), or under
//! `xvfb-run` for WebKit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{app_binary, repository, within, Error, Sandbox, Session};
use serde_json::{json, Value};

/// Empties the field `id` and leaves the caret in it, as select-all and
/// Backspace do.
async fn emptied(session: &Session, id: &str) -> Result<(), Error> {
    session.click(id).await?;
    session
        .client
        .active_element()
        .await?
        .send_keys("\u{E009}a\u{E000}\u{E003}")
        .await?;
    session
        .eventually(&format!("document.getElementById('{id}').value === ''"), 5)
        .await?;
    Ok(())
}

async fn typed(session: &Session, text: &str) -> Result<(), Error> {
    session
        .client
        .active_element()
        .await?
        .send_keys(text)
        .await?;
    Ok(())
}

/// The stored claim (the first listed), once `ready` (JavaScript over
/// `claim`, its document) holds.
async fn stored_when(session: &Session, ready: &str) -> Result<Value, Error> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let listed = session.api("listClaims", json!([{}])).await?.unwrap();
        let id = listed[0]["id"].clone();
        let claim = session.api("getClaim", json!([id])).await?.unwrap();
        let holds = session
            .client
            .execute(
                &format!("const claim = arguments[0]; return Boolean({ready});"),
                vec![claim["document"].clone()],
            )
            .await?;
        if holds == Value::Bool(true) {
            return Ok(claim["document"].clone());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("never stored ({ready}): {}", claim["document"]).into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

fn amount_on(document: &Value, date: &str) -> Option<i64> {
    document["daily_sales"]
        .as_array()?
        .iter()
        .find(|row| row["date"] == date)?
        .get("amount")?
        .as_i64()
}

#[tokio::test]
async fn hangul_in_the_sales_grid_and_a_lost_order_arrives_once_and_keys_act_once(
) -> Result<(), Error> {
    within(240, async {
        let sandbox = Sandbox::new("composition-editor");
        let example = repository().join("tests/fixtures/examples/kakao-cake-prior-week.claim.json");
        sandbox.cli(&["import", example.to_str().unwrap()]);
        let mut session = Session::start_in("composition-editor", &app_binary(), sandbox).await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        session.show_view("claims").await?;
        session.open_first_listed_claim().await?;
        session.click("step-nav-sales").await?;
        session
            .eventually("document.getElementById('sales-2022-10-17') !== null", 10)
            .await?;

        // "39만8800" then Enter: the syllable is committed by the digits
        // after it; Enter goes down one day.
        emptied(&session, "sales-2022-10-17").await?;
        typed(&session, "39").await?;
        session.compose(&[&["ㅁ", "마", "만"]], None).await?;
        typed(&session, "8800").await?;
        typed(&session, "\u{E007}").await?;
        session
            .eventually("document.activeElement.id === 'sales-2022-10-18'", 5)
            .await?;
        // "5만" with Enter pressed while 만 is still being composed: the
        // input method's Enter does nothing, the Enter after it goes down
        // one day (not two), and 만 is in the amount once.
        emptied(&session, "sales-2022-10-18").await?;
        typed(&session, "5").await?;
        session.compose(&[&["ㅁ", "마", "만"]], Some("Enter")).await?;
        let focus = session
            .eventually(
                "document.activeElement.id === 'sales-2022-10-19' && document.activeElement.id",
                5,
            )
            .await;
        let where_now = session
            .client
            .execute(
                "return document.activeElement.id + ' | ' + document.getElementById('sales-2022-10-18').value;",
                vec![],
            )
            .await?;
        assert!(focus.is_ok(), "after 5만 + Enter while composing: {where_now}");
        let document = stored_when(
            &session,
            "claim.daily_sales.some((r) => r.date === '2022-10-18' && r.amount === 50000)",
        )
        .await?;
        assert_eq!(amount_on(&document, "2022-10-17"), Some(398_800));
        assert_eq!(amount_on(&document, "2022-10-18"), Some(50_000));
        // Leaving the cell shows the amount as read.
        let shown = "return ['sales-2022-10-17', 'sales-2022-10-18'].map((id) => document.getElementById(id).value);";
        if let Err(error) = session
            .eventually(
                "document.getElementById('sales-2022-10-17').value === '398,800' &&
                 document.getElementById('sales-2022-10-18').value === '50,000'",
                10,
            )
            .await
        {
            let values = session.client.execute(shown, vec![]).await?;
            return Err(format!("{error}; the cells show {values}").into());
        }
        session.screenshot("sales-composed").await?;

        // A customer's name, and Tab pressed while 지 is being composed: the
        // focus moves one field (to the phone), the name is 김민지 once.
        session.click("step-nav-orders").await?;
        session
            .eventually("document.getElementById('order-0-customer_name') !== null", 10)
            .await?;
        emptied(&session, "order-0-customer_name").await?;
        session
            .compose(&[&["ㄱ", "기", "김"], &["ㅁ", "미", "민"], &["ㅈ", "지"]], Some("Tab"))
            .await?;
        let moved = session
            .eventually(
                "document.activeElement.id === 'order-0-customer_phone' && document.activeElement.id",
                5,
            )
            .await;
        let where_now = session
            .client
            .execute(
                "return document.activeElement.id + ' | ' + document.getElementById('order-0-customer_name').value;",
                vec![],
            )
            .await?;
        assert!(moved.is_ok(), "after 김민지 + Tab while composing: {where_now}");
        let document = stored_when(
            &session,
            "claim.lost_orders[0].customer_name === '김민지'",
        )
        .await?;
        assert_eq!(document["lost_orders"][0]["customer_name"], "김민지");
        session.screenshot("order-name-composed").await?;
        session.close().await
    })
    .await
}

#[tokio::test]
async fn enter_while_composing_the_business_name_saves_it_once_and_whole() -> Result<(), Error> {
    within(180, async {
        let session = Session::start("composition-business").await?;
        session
            .eventually(
                "!document.getElementById('business-form').closest('[hidden]')",
                20,
            )
            .await?;
        session.type_the_cake_shop("행복케이크 망원").await?;
        // Back to the name, its last syllable composed, and Enter (which
        // saves the form) pressed before the input method let go of it.
        session.click("business-name").await?;
        session
            .client
            .execute(
                "const field = document.getElementById('business-name');
                 field.setSelectionRange(field.value.length, field.value.length);",
                vec![],
            )
            .await?;
        session
            .compose(&[&["ㅈ", "저", "점"]], Some("Enter"))
            .await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let businesses = loop {
            let listed = session.api("listBusinesses", json!([])).await?.unwrap();
            if listed.as_array().is_some_and(|all| !all.is_empty())
                || std::time::Instant::now() > deadline
            {
                break listed;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        let names: Vec<&str> = businesses
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|business| business["name"].as_str())
            .collect();
        assert_eq!(names, ["행복케이크 망원점"], "{businesses}");
        session.close().await
    })
    .await
}

/// Claims from three shops, two of them in 합정, as the association gets
/// them: JSON files imported by the command line.
fn three_shops(folder: &std::path::Path) {
    let template: Value = serde_json::from_slice(
        &std::fs::read(
            repository().join("tests/fixtures/examples/kakao-cake-prior-week.claim.json"),
        )
        .unwrap(),
    )
    .unwrap();
    std::fs::create_dir_all(folder).unwrap();
    // Valid registration numbers (spec §6 checksum), one per shop.
    for (index, (name, number)) in [
        ("합정 꽃집", "105-23-45674"),
        ("망원 카페", "120-81-47521"),
        ("합정 빵집", "220-81-62517"),
    ]
    .iter()
    .enumerate()
    {
        let mut claim = template.clone();
        claim["id"] = format!("0192f5c4-0000-7000-8000-{index:012}").into();
        claim["business"]["name"] = (*name).into();
        claim["business"]["registration_number"] = (*number).into();
        std::fs::write(
            folder.join(format!("claim-{index}.json")),
            serde_json::to_vec(&claim).unwrap(),
        )
        .unwrap();
    }
}

#[tokio::test]
async fn the_associations_search_waits_for_the_syllable_and_its_keys_act_once() -> Result<(), Error>
{
    within(180, async {
        let sandbox = Sandbox::new("composition-assoc");
        let folder = sandbox.root.join("received");
        three_shops(&folder);
        sandbox.cli(&["assoc", "import", folder.to_str().unwrap()]);
        let mut session = Session::start_in("composition-assoc", &app_binary(), sandbox).await?;
        session
            .eventually(
                "!document.getElementById('view-assoc').hidden &&
                 document.querySelectorAll('#assoc-rows tr').length === 3",
                20,
            )
            .await?;
        // 합정 with Enter (the search form's submit) pressed while 정 is
        // being composed: the table is searched for 합정, once committed.
        session.click("assoc-search").await?;
        session
            .compose(&[&["ㅎ", "하", "합"], &["ㅈ", "저", "정"]], Some("Enter"))
            .await?;
        let rows = session
            .eventually(
                "document.getElementById('assoc-search').value === '합정' &&
                 document.querySelectorAll('#assoc-rows tr').length === 2 &&
                 [...document.querySelectorAll('#assoc-rows tr')].map((tr) => tr.innerText).join('|')",
                10,
            )
            .await?;
        let rows = rows.as_str().unwrap_or_default().to_owned();
        assert!(rows.contains("합정 꽃집") && rows.contains("합정 빵집") && !rows.contains("망원"), "{rows}");
        // ↓ pressed while a syllable is composed belongs to the input
        // method; the ↓ after it is the table's first row, not its second.
        session
            .client
            .execute("document.getElementById('assoc-search').value = '';", vec![])
            .await?;
        session.click("assoc-search").await?;
        session.compose(&[&["ㅎ", "하", "합"]], Some("ArrowDown")).await?;
        session
            .eventually(
                "[...document.querySelectorAll('#assoc-rows tr')].indexOf(document.activeElement) >= 0",
                10,
            )
            .await?;
        let at = session
            .client
            .execute(
                "return [...document.querySelectorAll('#assoc-rows tr')].indexOf(document.activeElement);",
                vec![],
            )
            .await?;
        assert_eq!(at, json!(0), "the focus went past the first row");
        assert_eq!(
            session
                .client
                .execute("return document.getElementById('assoc-search').value;", vec![])
                .await?,
            json!("합")
        );
        session.screenshot("assoc-search-composed").await?;
        session.close().await
    })
    .await
}
