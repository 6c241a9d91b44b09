//! Association mode in the real window: a shop's bundle, a loose claim file
//! and a stray file taken in at once; the charts; the table with what to
//! check; the review of one claim (a return needs its reason); the export.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{cli_in, repository, within, Error, Session};
use std::path::Path;

/// The shop's side, on a data directory of its own: two claims bundled.
fn shop_bundle(dir: &Path) -> std::path::PathBuf {
    let shop = dir.join("shop-data");
    let run = |args: &[&str]| cli_in(&shop, args).trim().to_owned();
    let example =
        |name: &str| repository().join(format!("tests/fixtures/examples/{name}.claim.json"));
    let cake = run(&["import", example("kakao-cake-prior-week").to_str().unwrap()]);
    let broken = run(&[
        "import",
        example("invalid-several-errors").to_str().unwrap(),
    ]);
    let bundle = dir.join("망원동-묶음.zip");
    run(&["bundle", &cake, &broken, "-o", bundle.to_str().unwrap()]);
    bundle
}

fn text(value: &serde_json::Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_association_takes_in_reviews_and_exports_claims() -> Result<(), Error> {
    within(240, async {
        let mut session = Session::start("assoc").await?;
        session.eventually("document.body.dataset.started === 'true'", 20).await?;
        let files = session.sandbox.root.join("received");
        std::fs::create_dir_all(&files)?;
        let bundle = shop_bundle(&files);
        let loose = repository().join("tests/fixtures/examples/orders-only-no-sales.claim.json");
        let stray = files.join("메모.json");
        std::fs::write(&stray, "{\"hello\": 1}")?;

        // Issue 18: a first start offers the association's desk; chosen,
        // it opens on the intake, and the owner's views are not offered.
        let intake_offered = session
            .client
            .find(fantoccini::Locator::Id("nav-assoc"))
            .await?
            .is_displayed()
            .await?;
        assert!(!intake_offered, "the owner's desk shows the association's intake");
        session.click("first-run-association").await?;
        session.eventually("!document.getElementById('view-assoc').hidden", 10).await?;
        let menu = session
            .eventually(
                "[...document.querySelectorAll('#app-nav [data-view]')].filter((b) => !b.hidden).map((b) => b.id).join(',')",
                5,
            )
            .await?;
        assert_eq!(menu, serde_json::json!("nav-assoc,nav-incidents"));
        session.sandbox.answer_next_dialog(&[&bundle, &loose, &stray]);
        session.click("assoc-take-in").await?;
        let result = session
            .eventually(
                "!document.getElementById('assoc-result').hidden &&
                 document.getElementById('assoc-result').innerText",
                30,
            )
            .await?;
        let result = text(&result);
        assert!(result.contains("파일 3개를 받았습니다: 새 청구서 3건"), "{result}");
        assert!(result.contains("새 청구서로 바뀐 것 1건"), "{result}");
        // Issue 19: what could not be taken in is apart, in red, by file name.
        let failed = session
            .eventually(
                "!document.getElementById('assoc-failed').hidden &&
                 document.getElementById('assoc-failed').innerText",
                5,
            )
            .await?;
        assert!(text(&failed).contains("메모.json:"), "{failed}");
        assert!(!result.contains("메모.json"), "{result}");

        // The table: the newest claim per business and outage, with what to check.
        let rows: Vec<Vec<String>> = serde_json::from_value(
            session
                .eventually(
                    "document.querySelectorAll('#assoc-rows tr').length === 2 &&
                     [...document.querySelectorAll('#assoc-rows tr')].map((tr) =>
                       [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()))",
                    10,
                )
                .await?,
        )?;
        assert!(rows.iter().any(|cells| cells[5].contains("오류 5")), "{rows:?}");
        // The association's own number leads each row, unique (issue 36);
        // the shop's number stays beside the business. The time received
        // (Korea time) is a column.
        assert!(rows.iter().all(|cells| cells[0].starts_with("RX-")), "{rows:?}");
        assert_ne!(rows[0][0], rows[1][0]);
        assert!(rows.iter().any(|cells| cells[1].contains("CD-")), "{rows:?}");
        // Searched by that number, one claim.
        session.type_into("assoc-search", &rows[1][0]).await?;
        session
            .eventually(
                &format!(
                    "document.querySelectorAll('#assoc-rows tr').length === 1 &&
                     document.querySelector('#assoc-rows td').innerText.trim() === {}",
                    serde_json::json!(rows[1][0])
                ),
                10,
            )
            .await?;
        session
            .client
            .execute(
                "const search = document.getElementById('assoc-search');
                 search.value = '';
                 search.dispatchEvent(new Event('input'));",
                vec![],
            )
            .await?;
        session
            .eventually("document.querySelectorAll('#assoc-rows tr').length === 2", 10)
            .await?;
        assert!(rows.iter().all(|cells| !cells[2].contains('T')), "{rows:?}");
        // The charts, in their own tab, each with a description for screen
        // readers.
        session.click("assoc-tab-stats").await?;
        let charts: Vec<String> = serde_json::from_value(
            session
                .eventually(
                    "document.querySelectorAll('#assoc-charts figure .chart__rows').length === 6 &&
                     [...document.querySelectorAll('#assoc-charts .chart__rows')].map((rows) => rows.getAttribute('aria-label'))",
                    10,
                )
                .await?,
        )?;
        assert!(charts[0].starts_with("업종별: 음식"), "{charts:?}");
        // Every label is whole: none cut at its chart's edge (issue 36,
        // item 13: the tier's "개별 심사 대상 (50만 원 초과)" was).
        let cut: Vec<String> = serde_json::from_value(
            session
                .client
                .execute(
                    "return [...document.querySelectorAll('#assoc-charts .chart__label')].filter((label) => {
                       const box = label.closest('figure').getBoundingClientRect();
                       const r = label.getBoundingClientRect();
                       return label.scrollWidth > label.clientWidth + 1 || r.left < box.left || r.right > box.right;
                     }).map((label) => label.textContent);",
                    vec![],
                )
                .await?,
        )?;
        assert!(cut.is_empty(), "labels cut: {cut:?}");
        assert!(
            charts.iter().any(|chart| chart.contains("개별 심사")),
            "a long tier label is among them: {charts:?}"
        );
        session.screenshot("statistics").await?;
        session.click("assoc-tab-table").await?;
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.screenshot("received").await?;

        // The cake shop's claim: the JSON file replaced the bundle's.
        session
            .open_assoc_row("tr.cells[1].innerText.includes('105-23-45674')")
            .await?;
        let replaced = session
            .eventually(
                "!document.getElementById('assoc-detail').hidden &&
                 document.getElementById('assoc-replaced').innerText",
                10,
            )
            .await?;
        assert!(text(&replaced).contains("망원동-묶음.zip"), "{replaced}");
        // What changed, in the form's words with the values (issue 19).
        assert!(text(&replaced).contains("매출:"), "{replaced}");
        assert!(!text(&replaced).contains("daily_sales"), "{replaced}");
        // Issue 36, item 13: the daily sales as the staff compare them (the
        // weekday, which days are compared, the drop), and the decision
        // after the facts it is made on.
        let sales = session
            .eventually("document.getElementById('assoc-sales').innerText", 5)
            .await?;
        for expected in ["2022년 10월 15일(토)", "피해 기간", "비교하는 날", "한글날", "비교 매출", "감소"] {
            assert!(text(&sales).contains(expected), "{expected} in {sales}");
        }
        assert!(!text(&sales).contains("2022-10-15"), "no bare dates: {sales}");
        let order = session
            .client
            .execute(
                "const before = (a, b) => Boolean(document.getElementById(a).compareDocumentPosition(document.getElementById(b)) & Node.DOCUMENT_POSITION_FOLLOWING);
                 return [before('assoc-problems-box', 'assoc-review-buttons'), before('assoc-detail-facts', 'assoc-review-buttons')];",
                vec![],
            )
            .await?;
        assert_eq!(order, serde_json::json!([true, true]), "review after the problems and facts");
        // Returning a claim needs the reason the shop will be told.
        session.click("assoc-move-returned").await?;
        session
            .eventually(
                "document.activeElement.id === 'assoc-note' &&
                 !document.getElementById('assoc-note-error').hidden",
                10,
            )
            .await?;
        session.type_into("assoc-note", "통장 사본이 없습니다").await?;
        session.click("assoc-move-returned").await?;
        session
            .eventually(
                "[...document.querySelectorAll('#assoc-rows tr')].some((tr) => tr.innerText.includes('반려'))",
                10,
            )
            .await?;
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.screenshot("returned").await?;

        // "Erase now", confirmed in place: the detail then says when. The
        // return above left its own notice ("저장했습니다."), so the wait is
        // for the erasure's notice, which only this action shows.
        session.click("assoc-erase").await?;
        session.click("assoc-erase-yes").await?;
        let erased = session
            .eventually(
                "!document.getElementById('assoc-detail-saved').hidden &&
                 document.getElementById('assoc-detail-saved-text').textContent ===
                   '이 청구서의 고객 이름과 전화번호를 지웠습니다.' &&
                 document.getElementById('assoc-detail-facts').innerText",
                10,
            )
            .await?;
        assert!(text(&erased).contains("고객 정보 지움"), "{erased}");
        assert!(session.client.find(fantoccini::Locator::Id("assoc-erase")).await.is_err());

        // The table for Excel.
        let csv = session.sandbox.root.join("접수.csv");
        session.sandbox.answer_next_dialog(&[&csv]);
        session.click("assoc-export-csv").await?;
        session
            .eventually("document.getElementById('assoc-result').innerText.includes('내보냈습니다')", 10)
            .await?;
        let written = std::fs::read(&csv)?;
        assert!(written.starts_with("\u{feff}연합회 번호,청구 번호,상호".as_bytes()));
        let written = String::from_utf8(written)?;
        assert!(written.contains("통장 사본이 없습니다") && written.contains("반려"), "{written}");

        // Issue 36: the association's work backed up from its desk: a file
        // the association's restore takes, with every claim in it.
        let backup = session.sandbox.root.join("연합회 백업.sqlite3");
        session.sandbox.answer_next_dialog(&[&backup]);
        session.click("assoc-backup").await?;
        let said = session
            .eventually(
                "document.getElementById('assoc-result').innerText.includes('모두 백업했습니다') &&
                 document.getElementById('assoc-result').innerText",
                10,
            )
            .await?;
        assert!(text(&said).contains(backup.to_str().unwrap()), "{said}");
        let elsewhere = session.sandbox.root.join("restored-association");
        let restored = claimdesk_e2e::cli_in(&elsewhere, &["assoc", "restore", backup.to_str().unwrap()]);
        // Every claim received, the ones newer ones replaced too.
        let listed: serde_json::Value =
            serde_json::from_str(&session.sandbox.cli(&["assoc", "list", "--all", "--json"]))?;
        let listed = listed.as_array().unwrap().len();
        assert!(listed >= 2);
        assert!(
            restored.contains(&format!("받은 청구서 {listed}건")),
            "{restored} vs {listed} received"
        );

        // Issue 35: a loose file for the cake shop with another account, from
        // no shared history (no claim id): two senders for one business.
        // Both are flagged and neither is used until the staff decide.
        let mut moved: serde_json::Value = serde_json::from_slice(&std::fs::read(
            repository().join("tests/fixtures/examples/orders-only-no-sales.claim.json"),
        )?)?;
        moved["business"]["bank"]["account"] = "999-99-999999".into();
        moved["narrative"] = "계좌를 바꿨습니다".into();
        let moved_file = files.join("계좌변경.json");
        std::fs::write(&moved_file, serde_json::to_vec(&moved)?)?;
        session.sandbox.answer_next_dialog(&[&moved_file]);
        session.click("assoc-take-in").await?;
        let result = session
            .eventually(
                "document.getElementById('assoc-result').innerText.includes('새 청구서 1건') &&
                 [...document.querySelectorAll('#assoc-rows tr')]
                   .filter((tr) => tr.innerText.includes('두 곳에서 청구함')).length === 2 &&
                 document.getElementById('assoc-result').innerText",
                30,
            )
            .await?;
        assert!(text(&result).contains("같은 사업장을 두 곳에서 청구함"), "{result}");
        // The table for Excel leaves the business out until decided, and says so.
        let waiting_csv = session.sandbox.root.join("접수-확인중.csv");
        session.sandbox.answer_next_dialog(&[&waiting_csv]);
        session.click("assoc-export-csv").await?;
        session
            .eventually(
                "document.getElementById('assoc-result').innerText.includes('표에서 빠졌습니다')",
                10,
            )
            .await?;
        let written = String::from_utf8(std::fs::read(&waiting_csv)?)?;
        assert!(!written.contains("105-23-45674"), "{written}");
        session
            .open_assoc_row("tr.cells[5].innerText.includes('두 곳에서 청구함')")
            .await?;
        let held = session
            .eventually(
                "!document.getElementById('assoc-held-box').hidden &&
                 document.getElementById('assoc-held-title').textContent === '같은 사업장을 두 곳에서 청구함' &&
                 document.getElementById('assoc-held-changes').innerText",
                10,
            )
            .await?;
        let held = text(&held);
        assert!(
            [
                "계좌번호: 다른 곳의 청구서 123456-01-234567 · 이 청구서 999-99-999999",
                "계좌번호: 다른 곳의 청구서 999-99-999999 · 이 청구서 123456-01-234567",
            ]
            .contains(&held.trim()),
            "{held}"
        );
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.screenshot("two-senders").await?;
        session.click("assoc-held-apply").await?;
        session
            .eventually(
                "document.getElementById('assoc-held-box').hidden &&
                 document.getElementById('assoc-detail-saved').textContent.includes('사업장의 청구서로 반영했습니다') &&
                 ![...document.querySelectorAll('#assoc-rows tr')].some((tr) => tr.innerText.includes('두 곳에서 청구함')) &&
                 [...document.querySelectorAll('#assoc-rows tr')].filter((tr) => tr.innerText.includes('105-23-45674')).length === 1",
                10,
            )
            .await?;
        session.close().await
    })
    .await
}
