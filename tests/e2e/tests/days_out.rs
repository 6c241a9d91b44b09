//! Issue 20 in the window: a claim for an association's incident that pays
//! by days out (spec §3.1). The owner says when her own service came back;
//! the running total shows the days and the step; an end after the
//! incident's is refused beside the field; the sales step says it is
//! optional; the PDF states her outage, the days and the tier.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{app_binary, repository, within, Error, Sandbox, Session};
use serde_json::Value;
use std::process::Command;

/// The public half of the test key (`[7; 32]`) the fixture is signed with.
const TEST_PUBLIC_KEY: &str = "6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=";

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// The running total's value for the term `id` (`live-days-out`).
async fn live(session: &Session, id: &str, expected: &str) -> Result<String, Error> {
    let value = session
        .eventually(
            &format!(
                "document.getElementById('{id}')?.textContent.includes('{expected}') &&
                 document.getElementById('{id}').textContent"
            ),
            10,
        )
        .await?;
    Ok(text(&value))
}

#[tokio::test]
async fn a_shop_out_for_days_claims_by_its_own_outage() -> Result<(), Error> {
    within(240, async {
        let sandbox = Sandbox::new("days-out");
        let fixtures = repository().join("tests/fixtures/incidents");
        sandbox.cli(&[
            "incident",
            "trust-key",
            TEST_PUBLIC_KEY,
            "--name",
            "시험 키",
        ]);
        sandbox.cli(&[
            "incident",
            "import",
            fixtures
                .join("exchange-fire-2026.signed.json")
                .to_str()
                .unwrap(),
        ]);
        // The laundry's claim: nothing but its outage, back on 5 Mar 09:00.
        sandbox.cli(&[
            "import",
            fixtures
                .join("exchange-fire-2026.claim.json")
                .to_str()
                .unwrap(),
        ]);
        let mut session = Session::start_in("days-out", &app_binary(), sandbox).await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        session.click("nav-claims").await?;
        session
            .eventually(
                "document.querySelectorAll('#claims-rows tr').length === 1",
                10,
            )
            .await?;
        session.open_first_listed_claim().await?;

        // The incident says how it pays, in its definition's words.
        let rule = session
            .eventually(
                "document.getElementById('incident-choice-item-hint')?.textContent",
                10,
            )
            .await?;
        assert!(
            text(&rule).contains("보상: 장애 일수에 따라 40만 원 (1~2일), 80만 원 (3~4일)"),
            "{rule}"
        );
        // The outage step: her own times, beside the incident's.
        let own = session
            .eventually(
                "!document.getElementById('incident-own-field').hidden &&
                 document.getElementById('incident-own').checked &&
                 !document.getElementById('incident-custom').hidden &&
                 document.getElementById('incident-end').value",
                10,
            )
            .await?;
        assert_eq!(text(&own), "2026-03-05 09:00");
        let label = session
            .eventually(
                "document.getElementById('incident-end-label').textContent",
                5,
            )
            .await?;
        assert_eq!(text(&label), "우리 가게가 복구된 때");
        // 2 Mar 11:10 to 5 Mar 09:00: 3 days out, the 3–4 day step.
        assert_eq!(live(&session, "live-days-out", "3일").await?, "3일");
        let tier = live(&session, "live-tier", "80만 원").await?;
        assert_eq!(tier, "80만 원 (3~4일)");
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.screenshot("own-outage").await?;

        // Back after the incident ended: refused beside the field when she
        // moves on (다음), as every step's errors are.
        session
            .type_into("incident-end", "2026-03-09 18:01")
            .await?;
        session.click_css("#step-incident [data-next]").await?;
        let error = session
            .eventually(
                "!document.getElementById('incident-end-error').hidden &&
                 document.getElementById('incident-end-error').textContent",
                10,
            )
            .await?;
        assert!(
            text(&error).contains("2026년 3월 9일") && text(&error).contains("복구된 시각"),
            "{error}"
        );
        let described = session
            .eventually(
                "document.getElementById('incident-end').getAttribute('aria-describedby')",
                5,
            )
            .await?;
        assert!(
            text(&described).contains("incident-end-error"),
            "{described}"
        );
        assert_eq!(
            live(&session, "live-days-out", "확인").await?,
            "장애 시간을 확인해 주세요"
        );
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.screenshot("own-outage-too-late").await?;

        // Words the app cannot read as a time: said back in her words,
        // never as the stored form (issue 36, item 6).
        session.type_into("incident-end", "다음날 아침").await?;
        let unread = session
            .eventually(
                "document.getElementById('incident-end-error').textContent.includes('다음날 아침') &&
                 document.getElementById('incident-end-error').textContent",
                10,
            )
            .await?;
        assert!(!text(&unread).contains("+09:00") && !text(&unread).contains('T'), "{unread}");

        // Back the next morning, written as she would (a day inside the
        // outage, in Korean): under a day, the first step.
        session.type_into("incident-end", "3일 오전 9시").await?;
        session
            .eventually("document.getElementById('incident-end-error').hidden", 10)
            .await?;
        assert_eq!(live(&session, "live-days-out", "1일").await?, "1일");
        assert_eq!(
            live(&session, "live-tier", "40만 원").await?,
            "40만 원 (1~2일)"
        );

        // Sales are optional for this incident, and say so.
        session.click("step-nav-sales").await?;
        let optional = session
            .eventually(
                "!document.getElementById('step-sales').hidden &&
                 !document.getElementById('sales-optional').hidden &&
                 document.getElementById('sales-optional').textContent",
                10,
            )
            .await?;
        assert!(text(&optional).contains("장애 일수로 보상"), "{optional}");

        // The review has no errors; the PDF states it all.
        session.click("step-nav-review").await?;
        session
            .eventually(
                "!document.getElementById('step-review').hidden &&
                 document.getElementById('review-days-out')?.textContent === '1일'",
                10,
            )
            .await?;
        let pdf = session.sandbox.root.join("아현세탁.pdf");
        session.sandbox.answer_next_dialog(&[&pdf]);
        session.click("make-pdf").await?;
        session
            .eventually("!document.getElementById('pdf-made').hidden", 20)
            .await?;
        let printed = Command::new("pdftotext").arg(&pdf).arg("-").output()?;
        let printed: String = String::from_utf8(printed.stdout)?
            .split_whitespace()
            .collect();
        for expected in [
            "우리가게장애시간",
            "2026년3월3일(화)09:00",
            "장애일수",
            "1일(24시간마다",
            "40만원(1~2일)",
            "장애일수보상400,000원",
        ] {
            assert!(printed.contains(expected), "{expected} in {printed}");
        }
        session.close().await
    })
    .await
}
