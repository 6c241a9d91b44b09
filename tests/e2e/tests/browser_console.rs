//! What only Chromium can be asked, so these run in the Chromium run alone
//! (`.ci/test` leaves this file out of the WebKit run): the page's console.
//!
//! `CLAIMDESK_E2E_ENGINE=chromium cargo test -p claimdesk-e2e --test browser_console`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{within, Engine, Error, Session};
use serde_json::json;

/// The page served by the test host starts in Chromium with nothing in its
/// console: no resource that failed to load (the favicon included), no
/// refusal of the CSP, no error. (The window has no such console to read:
/// there the page's own faults reach the log, above.)
#[tokio::test]
async fn the_page_starts_in_chromium_with_a_clean_console() -> Result<(), Error> {
    if Engine::of_run() != Engine::Chromium {
        return Err("a Chromium test: CLAIMDESK_E2E_ENGINE=chromium".into());
    }
    within(60, async {
        let session = Session::start("clean-console").await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        // A failing call is a console error too: one command, answered.
        let answer = session.api("listClaims", json!([{}])).await?;
        assert_eq!(answer, Ok(json!([])));
        let errors = session.console_errors().await?;
        assert!(errors.is_empty(), "the console at start: {errors:#?}");
        session.close().await
    })
    .await
}
