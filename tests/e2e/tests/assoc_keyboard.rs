//! The association's desk by keyboard, with data as the association gets it
//! (issue 36, item 12): 300 claims from 21 shops, three pages of the table.
//! From the search box one ↓ reaches the table; ↓ past the last row turns
//! to the next page's first row and ↑ back; 다음 쪽 shows the new page's
//! top; and Esc on a confirmation puts the focus back where it was, so the
//! Alt shortcuts keep working.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{app_binary, repository, within, Error, Sandbox, Session};
use serde_json::{json, Value};

const ARROW_DOWN: char = '\u{E015}';
const ARROW_UP: char = '\u{E013}';
const END: char = '\u{E010}';
const ENTER: char = '\u{E007}';
const ESCAPE: char = '\u{E00C}';
const ALT: char = '\u{E00A}';

/// A valid registration number for shop `n` (the checksum of spec §6).
fn registration_number(n: usize) -> String {
    let mut digits: Vec<u32> = format!("{:09}", 100_000_000 + n * 7)
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    digits[3] = 8;
    let weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() + digits[8] * 5 / 10;
    digits.push((10 - sum % 10) % 10);
    let text: String = digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap())
        .collect();
    format!("{}-{}-{}", &text[..3], &text[3..5], &text[5..])
}

/// 300 claim files from 21 shops (each shop's claims distinct, as when a
/// shop files for several outages' weeks or corrects and resends).
fn three_hundred_from_twenty_one(folder: &std::path::Path) {
    let template: Value = serde_json::from_slice(
        &std::fs::read(
            repository().join("tests/fixtures/examples/kakao-cake-prior-week.claim.json"),
        )
        .unwrap(),
    )
    .unwrap();
    std::fs::create_dir_all(folder).unwrap();
    for index in 0..300 {
        let shop = index % 21;
        let mut claim = template.clone();
        claim["id"] = format!("0192f5c4-0000-7000-8000-{index:012}").into();
        claim["business"]["registration_number"] = registration_number(shop).into();
        claim["business"]["name"] = format!("망원동 가게 {shop}").into();
        claim["daily_sales"][0]["amount"] = (400_000 + index * 1_000).into();
        std::fs::write(
            folder.join(format!("claim-{index:03}.json")),
            serde_json::to_vec(&claim).unwrap(),
        )
        .unwrap();
    }
}

async fn focused(session: &Session) -> Result<Value, Error> {
    Ok(session
        .client
        .execute(
            "const el = document.activeElement;
             const rows = [...document.querySelectorAll('#assoc-rows tr')];
             return {id: el.id, row: rows.indexOf(el), page: document.getElementById('assoc-page').textContent};",
            vec![],
        )
        .await?)
}

#[tokio::test]
async fn staff_work_three_hundred_claims_by_keyboard() -> Result<(), Error> {
    within(300, async {
        let sandbox = Sandbox::new("assoc-keyboard");
        let folder = sandbox.root.join("received");
        three_hundred_from_twenty_one(&folder);
        sandbox.cli(&["assoc", "import", folder.to_str().unwrap()]);
        let mut session = Session::start_in("assoc-keyboard", &app_binary(), sandbox).await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        session.set_viewport(1366, 768).await?;
        session
            .eventually("!document.getElementById('view-assoc').hidden", 10)
            .await?;
        // Every claim, the ones newer ones replaced too: three pages. The
        // box is among the folded conditions.
        session.click("assoc-more-filters-summary").await?;
        session
            .eventually("document.getElementById('assoc-more-filters').open", 5)
            .await?;
        session.click("assoc-show-all").await?;
        session
            .eventually(
                "document.querySelectorAll('#assoc-rows tr').length === 100 &&
                 document.getElementById('assoc-page').textContent.includes('300')",
                20,
            )
            .await?;

        // From the search box, one ↓ is the table's first row.
        session.press("assoc-search", &[ARROW_DOWN]).await?;
        let at = focused(&session).await?;
        assert_eq!(at["row"], json!(0), "{at}");

        // End, then ↓ past the last row: the next page's first row.
        session.press_here(&[END]).await?;
        assert_eq!(focused(&session).await?["row"], json!(99));
        let first_page = focused(&session).await?["page"].clone();
        session.press_here(&[ARROW_DOWN]).await?;
        session
            .eventually(
                &format!(
                    "document.getElementById('assoc-page').textContent !== {first_page} &&
                     [...document.querySelectorAll('#assoc-rows tr')].indexOf(document.activeElement) === 0"
                ),
                10,
            )
            .await?;
        let second = focused(&session).await?;
        assert!(second["page"].as_str().unwrap().contains("101–200"), "{second}");
        // ↑ above the first row: the previous page's last.
        session.press_here(&[ARROW_UP]).await?;
        session
            .eventually(
                &format!(
                    "document.getElementById('assoc-page').textContent === {first_page} &&
                     [...document.querySelectorAll('#assoc-rows tr')].indexOf(document.activeElement) === 99"
                ),
                10,
            )
            .await?;

        // 다음 쪽 at the bottom of a long page: the new page's top in view.
        session
            .client
            .execute(
                "const body = document.getElementById('app-body'); body.scrollTop = body.scrollHeight;",
                vec![],
            )
            .await?;
        session.click("assoc-page-next").await?;
        session
            .eventually(
                "document.getElementById('assoc-page').textContent.includes('101–200') &&
                 document.getElementById('assoc-count').getBoundingClientRect().top >= 0 &&
                 document.getElementById('assoc-count').getBoundingClientRect().top < window.innerHeight / 2",
                10,
            )
            .await?;
        session.screenshot("page-two-top").await?;

        // A claim opened by keyboard; 보상 요청 전달 (Alt+2) is asked first;
        // Esc answers no and the focus goes back, so Alt+2 asks again.
        session.press("assoc-search", &[ARROW_DOWN]).await?;
        session.press_here(&[ENTER]).await?;
        session
            .eventually("!document.getElementById('assoc-detail').hidden", 10)
            .await?;
        // Checked first (Alt+1: a claim without errors is not asked).
        session.press("assoc-detail-title", &[ALT, '1']).await?;
        session
            .eventually(
                "!document.getElementById('assoc-move-forwarded').disabled && !document.getElementById('assoc-detail-saved').hidden",
                5,
            )
            .await?;
        session.press("assoc-detail-title", &[ALT, '2']).await?;
        session
            .eventually(
                "!document.getElementById('assoc-confirm').hidden && document.activeElement.id === 'assoc-confirm-no'",
                5,
            )
            .await?;
        session.press_here(&[ESCAPE]).await?;
        let back = session
            .eventually(
                "document.getElementById('assoc-confirm').hidden && document.activeElement.id",
                5,
            )
            .await?;
        assert_eq!(back, json!("assoc-detail-title"), "the focus went to {back}");
        session.press_here(&[ALT, '2']).await?;
        session
            .eventually("!document.getElementById('assoc-confirm').hidden", 5)
            .await?;
        session.press_here(&[ESCAPE]).await?;
        session.press_here(&[ESCAPE]).await?;
        session
            .eventually("!document.getElementById('assoc-list').hidden", 5)
            .await?;
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.close().await
    })
    .await
}
