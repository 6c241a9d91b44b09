//! The claim list as an owner uses it: claims stored earlier are listed with
//! their number, business, outage, status and amount; withdraw, filter by
//! status, search, duplicate and delete (confirmed in place) all work.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{app_binary, repository, within, Error, Sandbox, Session};
use fantoccini::Locator;
use std::time::{Duration, Instant};

fn import(sandbox: &Sandbox, example: &str) -> String {
    let file = repository().join(format!("tests/fixtures/examples/{example}.claim.json"));
    sandbox
        .cli(&["import", file.to_str().unwrap()])
        .trim()
        .to_owned()
}

/// The list's rows as (number, status, amount) once it has `expected` rows
/// (read in one go: the list re-renders as it refreshes).
async fn rows(session: &Session, expected: usize) -> Result<Vec<(String, String, String)>, Error> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = session
            .client
            .execute(
                "return [...document.querySelectorAll('#claims-rows tr')].map((tr) =>
                   [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()));",
                vec![],
            )
            .await?;
        let found: Vec<Vec<String>> = serde_json::from_value(found)?;
        if found.len() == expected {
            return Ok(found
                .into_iter()
                // The status cell's first line (a second names missing documents).
                .map(|cells| {
                    let status = cells[6]
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_owned();
                    (cells[1].clone(), status, cells[7].clone())
                })
                .collect());
        }
        if Instant::now() > deadline {
            return Err(format!("{} rows, expected {expected}", found.len()).into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks the button `label` in the row of claim `number`, opening the
/// row's "더 보기" menu first when the button is in it.
async fn click_in_row(session: &Session, number: &str, label: &str) -> Result<(), Error> {
    let row = session
        .client
        .find(Locator::XPath(&format!(
            "//tr[td[2][normalize-space()='{number}']]"
        )))
        .await
        .map_err(|error| format!("no row {number}: {error}"))?;
    let in_menu = row
        .find(Locator::XPath(&format!(
            ".//details[not(@open)][.//button[normalize-space()='{label}']]/summary"
        )))
        .await;
    if let Ok(summary) = in_menu {
        summary.click().await?;
    }
    row.find(Locator::XPath(&format!(
        ".//button[normalize-space()='{label}']"
    )))
    .await
    .map_err(|error| format!("no button '{label}' in row {number}: {error}"))?
    .click()
    .await
    .map_err(|error| format!("button '{label}' in row {number} not clicked: {error}"))?;
    Ok(())
}

#[tokio::test]
async fn the_claim_list_lists_filters_duplicates_withdraws_and_deletes() -> Result<(), Error> {
    within(180, async {
        let sandbox = Sandbox::new("claim-list");
        import(&sandbox, "kakao-cake-prior-week");
        import(&sandbox, "orders-only-no-sales");
        let mut session = Session::start_in("claim-list", &app_binary(), sandbox).await?;
        // A first start with claims but no profile opens the profile; the
        // navigation leads to the list.
        let saved = session
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 import('/js/api.js').then((api) => api.saveBusiness({name: '행복케이크 망원점', registration_number: '105-23-45674'}))
                   .then(done, (e) => done(String(e)));",
                vec![],
            )
            .await?;
        assert!(saved["id"].is_string(), "{saved}");
        session.client.find(Locator::Id("nav-claims")).await?.click().await?;
        let listed = rows(&session, 2).await?;
        assert!(listed.iter().all(|(number, status, _)| number.starts_with("CD-") && status == "작성 중"), "{listed:?}");
        assert!(listed.iter().any(|(_, _, amount)| amount == "1,314,400원"), "{listed:?}");
        let current = session.client.find(Locator::Id("nav-claims")).await?.attr("aria-current").await?;
        assert_eq!(current.as_deref(), Some("page"));
        session.screenshot("list").await?;

        let (cake, _, _) = listed.iter().find(|(_, _, amount)| amount == "1,314,400원").cloned().unwrap();
        click_in_row(&session, &cake, "청구 취소").await?;
        // Asked once more, in place; then withdrawn.
        click_in_row(&session, &cake, "예, 청구를 취소합니다").await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = rows(&session, 2).await?;
            if now.iter().any(|(number, status, _)| *number == cake && status == "청구 취소함") {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!("not withdrawn: {now:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Filter by status.
        session
            .client
            .execute(
                "const s = document.getElementById('claims-status'); s.value = 'withdrawn'; s.dispatchEvent(new Event('change'));",
                vec![],
            )
            .await?;
        let withdrawn = rows(&session, 1).await?;
        assert_eq!(withdrawn[0].0, cake);
        session
            .client
            .execute(
                "const s = document.getElementById('claims-status'); s.value = ''; s.dispatchEvent(new Event('change'));",
                vec![],
            )
            .await?;
        rows(&session, 2).await?;
        // Search by claim number.
        let search = session.client.find(Locator::Id("claims-search")).await?;
        search.send_keys(&cake).await?;
        assert_eq!(rows(&session, 1).await?[0].0, cake);
        search.clear().await?;
        session
            .client
            .execute("document.getElementById('claims-search').dispatchEvent(new Event('input'));", vec![])
            .await?;
        rows(&session, 2).await?;
        // Duplicate: a new draft.
        click_in_row(&session, &cake, "복제").await?;
        let three = rows(&session, 3).await?;
        assert_eq!(three.iter().filter(|(_, status, _)| status == "작성 중").count(), 2);
        // Delete, confirmed in place.
        click_in_row(&session, &cake, "삭제").await?;
        let question = session.client.find(Locator::Css(".claims__confirm")).await?.text().await?;
        assert!(question.contains(&cake), "{question}");
        session.screenshot("confirm-delete").await?;
        click_in_row(&session, &cake, "삭제합니다").await?;
        let left = rows(&session, 2).await?;
        assert!(left.iter().all(|(number, _, _)| *number != cake), "{left:?}");
        let count = session.client.find(Locator::Id("claims-count")).await?.text().await?;
        assert_eq!(count, "청구서 2건");
        session.close().await
    })
    .await
}

#[tokio::test]
async fn chosen_claims_go_to_the_association_as_one_bundle() -> Result<(), Error> {
    within(180, async {
        let sandbox = Sandbox::new("claim-bundle");
        import(&sandbox, "kakao-cake-prior-week");
        import(&sandbox, "invalid-several-errors");
        import(&sandbox, "orders-only-no-sales");
        let mut session = Session::start_in("claim-bundle", &app_binary(), sandbox).await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        session.click("nav-claims").await?;
        let listed = rows(&session, 3).await?;
        // Kakao 2022's reports closed on 1 Nov 2022: each row says so, and
        // the box of deadlines to hurry for stays away (issue 36).
        let cells = session
            .client
            .execute(
                "return [...document.querySelectorAll('#claims-rows .deadline')].map((cell) => cell.innerText.replace(/\\s+/g, ' '));",
                vec![],
            )
            .await?;
        assert_eq!(
            cells,
            serde_json::json!(vec!["2022년 11월 1일(화) 접수 마감 지남"; 3]),
            "{cells}"
        );
        assert_eq!(
            session
                .client
                .execute("return document.getElementById('claims-deadline-warning').hidden;", vec![])
                .await?,
            serde_json::json!(true)
        );
        // Nothing chosen: said in the summary and beside the button.
        session.click("claims-bundle").await?;
        let summary = session
            .eventually(
                "document.activeElement.id === 'error-summary' &&
                 document.getElementById('claims-bundle-error').innerText",
                10,
            )
            .await?;
        assert!(
            summary.as_str().unwrap().contains("하나 이상 고르세요"),
            "{summary}"
        );
        // The two newest claims chosen: the orders-only claim and the one with errors.
        for (number, _, _) in &listed[..2] {
            session
                .client
                .find(Locator::XPath(&format!(
                    "//tr[td[2][normalize-space()='{number}']]//input[@type='checkbox']"
                )))
                .await?
                .click()
                .await?;
        }
        let bundle = session.sandbox.root.join("연합회-묶음.zip");
        session.sandbox.answer_next_dialog(&[&bundle]);
        session.click("claims-bundle").await?;
        let made = session
            .eventually(
                "!document.getElementById('claims-bundle-made').hidden &&
                 document.getElementById('claims-bundle-made').innerText",
                30,
            )
            .await?;
        let made = made.as_str().unwrap().to_owned();
        assert!(
            made.contains("청구서 2건을 제출 파일 하나로 모았습니다"),
            "{made}"
        );
        assert!(made.contains("초안 PDF"), "{made}");
        // As after a PDF (issue 36): the folder one click away, and what
        // to do with the file next.
        let next = session
            .eventually(
                "!document.getElementById('claims-bundle-next').hidden &&
                 document.getElementById('claims-bundle-hand-in').innerText",
                5,
            )
            .await?;
        let next = next.as_str().unwrap();
        assert!(next.contains("이 파일 하나를 연합회에 보내세요") && next.contains("접수증"), "{next}");
        session.click("claims-bundle-folder").await?;
        assert_eq!(
            session.sandbox.opened_at_least(1).await,
            [session.sandbox.root.to_str().unwrap().to_owned()]
        );
        session.screenshot("after-the-bundle").await?;
        // The association's side reads it: two claims, customer names masked.
        let association = session.sandbox.root.join("association");
        let output = claimdesk_e2e::headless(&association)
            .args(["assoc", "import", bundle.to_str().unwrap(), "--json"])
            .output()?;
        let report: serde_json::Value = serde_json::from_slice(&output.stdout)?;
        assert_eq!(report["count"]["received"], 2, "{report}");
        assert!(
            report["problems"].as_array().unwrap().is_empty(),
            "{report}"
        );
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.close().await
    })
    .await
}
