//! A second claim for the same business and outage (issue 36, item 7): the
//! association counts only the newest, so choosing the outage on a new
//! claim says so before the claim is made, and offers the first one to
//! open or to copy (its documents with it); "anyway" still makes it.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{app_binary, repository, within, Error, Sandbox, Session};
use serde_json::{json, Value};

async fn stored_claims(session: &Session) -> Result<usize, Error> {
    let listed = session.api("listClaims", json!([{}])).await?.unwrap();
    Ok(listed.as_array().unwrap().len())
}

#[tokio::test]
async fn a_second_claim_for_the_same_outage_is_asked_before_it_is_made() -> Result<(), Error> {
    within(180, async {
        let sandbox = Sandbox::new("second-claim");
        let example = repository().join("tests/fixtures/examples/kakao-cake-prior-week.claim.json");
        sandbox.cli(&["import", example.to_str().unwrap()]);
        let claim: Value = serde_json::from_slice(&std::fs::read(&example)?)?;
        let mut session = Session::start_in("second-claim", &app_binary(), sandbox).await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        session
            .api("saveBusiness", json!([claim["business"]]))
            .await?
            .map_err(|error| format!("saveBusiness: {error}"))?;
        let first = session.api("listClaims", json!([{}])).await?.unwrap()[0].clone();
        // Its documents, so that a copy can be seen to keep them.
        assert!(!claim["evidence"].as_array().unwrap().is_empty());

        // A new claim, Kakao chosen: asked, nothing made yet, the choice
        // not taken.
        session.new_claim_choosing_the_first_incident().await?;
        let asked = session
            .eventually(
                "!document.getElementById('incident-second').hidden &&
                 document.activeElement.id === 'incident-second-open' &&
                 document.getElementById('incident-second-text').textContent",
                10,
            )
            .await?;
        let asked = asked.as_str().unwrap();
        for part in [
            first["number"].as_str().unwrap(),
            "가장 나중에 받은 것만",
            "카카오",
        ] {
            assert!(asked.contains(part), "{part}: {asked}");
        }
        assert_eq!(
            session
                .client
                .execute(
                    "return document.getElementById('incident-choice').checked;",
                    vec![]
                )
                .await?,
            json!(false)
        );
        assert_eq!(stored_claims(&session).await?, 1);
        session.screenshot("second-claim-asked").await?;

        // Open the first: the editor holds it.
        session.click("incident-second-open").await?;
        session
            .eventually(
                &format!(
                    "document.getElementById('incident-second').hidden &&
                     document.querySelector('.editor-meta__number')?.textContent.includes({})",
                    json!(first["number"])
                ),
                10,
            )
            .await?;
        assert_eq!(stored_claims(&session).await?, 1);

        // Copy it: a second claim, its documents kept.
        session.new_claim_choosing_the_first_incident().await?;
        session
            .eventually("!document.getElementById('incident-second').hidden", 10)
            .await?;
        session.click("incident-second-copy").await?;
        session
            .eventually(
                &format!(
                    "document.querySelector('.editor-meta__number')?.textContent !== '' &&
                     !document.querySelector('.editor-meta__number')?.textContent.includes({})",
                    json!(first["number"])
                ),
                10,
            )
            .await?;
        let listed = session.api("listClaims", json!([{}])).await?.unwrap();
        let listed = listed.as_array().unwrap();
        assert_eq!(listed.len(), 2);
        let copy = listed.iter().find(|c| c["id"] != first["id"]).unwrap();
        let whole = session.api("getClaim", json!([copy["id"]])).await?.unwrap();
        assert_eq!(
            whole["document"]["evidence"], claim["evidence"],
            "the copy keeps the documents"
        );

        // Anyway: the choice taken, the claim made on its first save.
        session.new_claim_choosing_the_first_incident().await?;
        session
            .eventually("!document.getElementById('incident-second').hidden", 10)
            .await?;
        session.click("incident-second-anyway").await?;
        session
            .eventually(
                "document.getElementById('incident-second').hidden &&
                 document.getElementById('incident-choice').checked &&
                 document.getElementById('editor-saved').dataset.state === 'saved'",
                10,
            )
            .await?;
        assert_eq!(stored_claims(&session).await?, 3);
        session.close().await
    })
    .await
}
