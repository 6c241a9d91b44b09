//! Issue 38: a claim moved elsewhere while the staff look at it (the
//! command line on the same data, as a second desk would): their move, made
//! on the copy they read, is refused with when it changed, and the claim
//! shows as it is now. Nothing is overwritten unseen.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{repository, within, Error, Session};

#[tokio::test]
async fn a_move_on_a_claim_changed_meanwhile_is_refused_and_the_claim_shows_as_it_is(
) -> Result<(), Error> {
    within(120, async {
        let session = Session::start("assoc-stale").await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        session.click("first-run-association").await?;
        session
            .eventually("!document.getElementById('view-assoc').hidden", 10)
            .await?;
        let claim = repository().join("tests/fixtures/examples/kakao-cake-prior-week.claim.json");
        session.sandbox.answer_next_dialog(&[&claim]);
        session.click("assoc-take-in").await?;
        session
            .eventually(
                "document.querySelectorAll('#assoc-rows tr').length === 1",
                30,
            )
            .await?;
        session.open_assoc_row("true").await?;
        session
            .eventually("!document.getElementById('assoc-detail').hidden", 10)
            .await?;

        // Meanwhile it is checked elsewhere.
        let listed: serde_json::Value =
            serde_json::from_str(&session.sandbox.cli(&["assoc", "list", "--json"]))?;
        let id = listed[0]["id"].as_str().unwrap().to_owned();
        session.sandbox.cli(&["assoc", "review", &id, "checked"]);

        // The staff return it, on the copy they read.
        session
            .type_into("assoc-note", "통장 사본이 없습니다")
            .await?;
        session.click("assoc-move-returned").await?;
        let said = session
            .eventually(
                "!document.getElementById('app-error').hidden &&
                 document.getElementById('app-error').innerText",
                10,
            )
            .await?;
        let said = said.as_str().unwrap_or_default().to_owned();
        assert!(said.contains("이 청구서가 먼저 바뀌었습니다"), "{said}");
        // Shown as it is now: checked, as the other desk left it.
        session
            .eventually(
                "document.getElementById('assoc-detail').innerText.includes('검토 상태: 확인함')",
                10,
            )
            .await?;
        let kept: serde_json::Value =
            serde_json::from_str(&session.sandbox.cli(&["assoc", "list", "--json"]))?;
        assert_eq!(kept[0]["review"], "checked", "nothing overwritten");

        // Read again, the move goes through.
        session
            .type_into("assoc-note", "통장 사본이 없습니다")
            .await?;
        session.click("assoc-move-returned").await?;
        session
            .eventually(
                "document.getElementById('assoc-detail').innerText.includes('검토 상태: 반려')",
                10,
            )
            .await?;
        let kept: serde_json::Value =
            serde_json::from_str(&session.sandbox.cli(&["assoc", "list", "--json"]))?;
        assert_eq!(kept[0]["review"], "returned");
        Ok(())
    })
    .await
}
