//! The owner's first start, as a walkthrough found it (issue 36, item 5):
//! 새 청구서 만들기 with no business sends her to the profile and says why;
//! the errors of an empty 저장 clear as she fills the fields, without
//! another 저장; the profile says plainly that it is kept only by 저장; and
//! 다른 사업장 추가 (or the chooser) over typed, unsaved text asks first.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{within, Error, Session};
use serde_json::{json, Value};

async fn save(session: &Session) -> Result<(), Error> {
    session
        .click_css("#business-form button[type=submit]")
        .await
}

/// The ids of the fields marked in error, and the summary's lines.
async fn errors(session: &Session) -> Result<Value, Error> {
    Ok(session
        .client
        .execute(
            "return {
               fields: [...document.querySelectorAll('#business-form [aria-invalid=\"true\"]')].map((el) => el.id),
               summary: document.getElementById('error-summary').hidden ? null
                 : document.querySelector('.error-summary__title').textContent,
               lines: document.querySelectorAll('#error-summary-list li').length,
             };",
            vec![],
        )
        .await?)
}

async fn shown(session: &Session, id: &str) -> Result<bool, Error> {
    Ok(session
        .client
        .execute(
            "return !document.getElementById(arguments[0]).hidden;",
            vec![json!(id)],
        )
        .await?
        == json!(true))
}

#[tokio::test]
async fn the_first_start_guides_keeps_and_asks() -> Result<(), Error> {
    within(180, async {
        let mut session = Session::start("first-start").await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;

        // 새 청구서 만들기 before any business: to the profile, told why.
        session.show_view("claims").await?;
        session.click("claims-new").await?;
        let sent = session
            .eventually(
                "!document.getElementById('view-business').hidden &&
                 !document.getElementById('business-needed').hidden &&
                 document.activeElement.id === 'business-name' &&
                 document.getElementById('business-needed').textContent",
                10,
            )
            .await?;
        assert!(sent.as_str().unwrap().contains("먼저 아래에 사업장 정보를"), "{sent}");
        assert!(!shown(&session, "view-editor").await?);

        // An empty 저장: every required field in error.
        save(&session).await?;
        session
            .eventually("!document.getElementById('error-summary').hidden", 10)
            .await?;
        let empty = errors(&session).await?;
        let marked: Vec<String> = serde_json::from_value(empty["fields"].clone())?;
        assert!(marked.contains(&"business-name".to_owned()), "{empty}");
        assert!(marked.len() >= 4, "{empty}");

        // Filled one by one, each error goes as its field is put right.
        session.type_into("business-name", "행복케이크 망원점").await?;
        session
            .eventually(
                "document.getElementById('business-name').getAttribute('aria-invalid') === null &&
                 !document.querySelector('#error-summary-list a[data-field=\"business-name\"]')",
                5,
            )
            .await?;
        let after_one = errors(&session).await?;
        assert_eq!(
            after_one["lines"],
            json!(marked.len() - 1),
            "only the name's line goes: {after_one}"
        );
        // What is typed is not kept until 저장: said beside the button.
        assert!(shown(&session, "business-unsaved").await?);
        session.type_into("representative", "김민지").await?;
        session.type_into("registration-number", "105-23-45674").await?;
        session.select("industry", "food").await?;
        session.select("region", "seoul").await?;
        session.type_into("phone", "010-1234-5678").await?;
        session.type_into("bank-name", "국민은행").await?;
        session.type_into("bank-account", "123456-01-234567").await?;
        session.type_into("bank-holder", "김민지").await?;
        let resolved = session
            .eventually(
                "document.querySelectorAll('#business-form [aria-invalid=\"true\"]').length === 0 &&
                 document.querySelector('.error-summary__title').textContent",
                10,
            )
            .await?;
        assert_eq!(resolved, json!("모두 고쳤습니다. 이어서 입력하세요."));
        session.screenshot("errors-cleared-while-typing").await?;

        // 다른 사업장 추가 over all that: asked first; "go back" keeps it.
        session.click("business-new").await?;
        session
            .eventually(
                "!document.getElementById('business-discard').hidden &&
                 document.activeElement.id === 'business-discard-no'",
                5,
            )
            .await?;
        session.screenshot("asked-before-emptying").await?;
        session.click("business-discard-no").await?;
        let kept = session
            .eventually(
                "document.getElementById('business-discard').hidden &&
                 document.activeElement.id === 'business-new' &&
                 document.getElementById('business-name').value",
                5,
            )
            .await?;
        assert_eq!(kept, json!("행복케이크 망원점"));

        // Saved: nothing unsaved; the note that led here goes.
        save(&session).await?;
        session
            .eventually("!document.getElementById('business-saved').hidden", 10)
            .await?;
        assert!(!shown(&session, "business-unsaved").await?);
        assert!(!shown(&session, "business-needed").await?);
        // Saved and unchanged: 다른 사업장 추가 empties at once.
        session.click("business-new").await?;
        session
            .eventually(
                "document.getElementById('business-name').value === '' &&
                 document.getElementById('business-discard').hidden",
                5,
            )
            .await?;

        // A second business half typed, then the chooser: asked first;
        // agreeing shows the saved one, and the half-typed one is gone.
        session.type_into("business-name", "행복케이크 합정점").await?;
        let saved_id = session
            .client
            .execute(
                "return document.querySelector('#business-choice option[value]:not([value=\"\"])').value;",
                vec![],
            )
            .await?;
        session
            .select("business-choice", saved_id.as_str().unwrap())
            .await?;
        session
            .eventually(
                "!document.getElementById('business-discard').hidden &&
                 document.getElementById('business-name').value === '행복케이크 합정점' &&
                 document.getElementById('business-choice').value === ''",
                5,
            )
            .await?;
        session.click("business-discard-yes").await?;
        session
            .eventually(
                "document.getElementById('business-discard').hidden &&
                 document.getElementById('business-name').value === '행복케이크 망원점' &&
                 document.getElementById('business-unsaved').hidden",
                5,
            )
            .await?;
        // And a claim can now be made from it.
        session.click("nav-claims").await?;
        session.click("claims-new").await?;
        session
            .eventually("!document.getElementById('view-editor').hidden", 10)
            .await?;
        session.close().await
    })
    .await
}
