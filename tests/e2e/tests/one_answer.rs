//! The window and the command line give one answer, on the same data
//! folder: the window's commands (through the UI's own `js/api.js`, real
//! IPC) and `claimdesk …` headless, side by side, for the cases where they
//! used to disagree: a claim for an imported incident, a sales file put
//! into a claim, a final PDF, and a failure's language.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{headless, repository, within, Error, Session};
use fantoccini::Locator;
use serde_json::{json, Value};

fn fixture(path: &str) -> std::path::PathBuf {
    repository().join("tests/fixtures").join(path)
}

fn document(path: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixture(path)).unwrap()).unwrap()
}

async fn ok(session: &Session, function: &str, args: Value) -> Result<Value, Error> {
    session
        .api(function, args)
        .await?
        .map_err(|error| format!("api.{function} rejected: {error}").into())
}

#[tokio::test]
async fn the_window_and_the_command_line_agree() -> Result<(), Error> {
    within(150, async {
        let session = Session::start("one-answer").await?;
        let data = session.sandbox.data_dir();

        // A claim for an incident imported in the window: the window's live
        // assessment and `claimdesk validate FILE` give the same report.
        let signed = fixture("incidents/drill-2026-11.signed.json");
        let signed = session.choose("incident_definition", &signed).await?;
        ok(&session, "importIncident", json!([signed, "ko"])).await?;
        let claim_file = fixture("incidents/drill-2026-11.claim.json");
        let window = ok(
            &session,
            "assessClaim",
            json!([document("incidents/drill-2026-11.claim.json"), "ko"]),
        )
        .await?;
        let printed = headless(&data)
            .args(["validate", claim_file.to_str().unwrap()])
            .output()?;
        assert_eq!(
            printed.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&printed.stdout)
        );
        let cli: Value = serde_json::from_slice(&printed.stdout)?;
        assert_eq!(window["report"], cli);
        assert_eq!(cli["valid"], true);

        // A sales file into a claim: the window's rule and the command
        // line's give the same days.
        let mut claim = document("examples/kakao-cake-prior-week.claim.json");
        claim["daily_sales"]
            .as_array_mut()
            .unwrap()
            .push(json!({"date": "2022-10-15", "amount": 1}));
        let saved = ok(&session, "saveClaim", json!([claim.clone()])).await?;
        let id = saved["id"].as_str().unwrap().to_owned();
        let stored = ok(&session, "getClaim", json!([id])).await?;
        let sales = session.sandbox.root.join("sales.csv");
        std::fs::write(
            &sales,
            "일자,매출액\n2022-10-15,410000\n2022-10-16,380000\n2022-08-01,999999\n",
        )?;
        let sales_token = session.choose("sales_file", &sales).await?;
        let preview = ok(&session, "previewSales", json!([sales_token, "ko"])).await?;
        let put = ok(
            &session,
            "putSales",
            json!([stored["document"], preview["days"]]),
        )
        .await?;
        assert_eq!(
            (put["put"].as_u64(), put["left_out"].as_u64()),
            (Some(2), Some(1))
        );
        let said = claimdesk_e2e::cli_in(
            &data,
            &["import-sales", sales.to_str().unwrap(), "--claim", &id],
        );
        assert!(said.contains("2일의 매출을 넣었습니다"), "{said}");
        let after = ok(&session, "getClaim", json!([id])).await?;
        assert_eq!(
            after["document"]["daily_sales"],
            put["document"]["daily_sales"]
        );

        // A final PDF files the claim from either side.
        let second = ok(&session, "duplicateClaim", json!([id])).await?;
        let second_id = second["id"].as_str().unwrap().to_owned();
        let pdf = session.sandbox.root.join("window.pdf");
        let pdf_token = session.choose("save_claim_pdf", &pdf).await?;
        let made = ok(&session, "makeClaimPdf", json!([id, pdf_token])).await?;
        assert_eq!(made["status"], "exported");
        let cli_pdf = session.sandbox.root.join("cli.pdf");
        claimdesk_e2e::cli_in(&data, &["pdf", &second_id, "-o", cli_pdf.to_str().unwrap()]);
        let listed: Value =
            serde_json::from_str(&claimdesk_e2e::cli_in(&data, &["list", "--json"]))?;
        let status_of = |wanted: &str| {
            listed
                .as_array()
                .unwrap()
                .iter()
                .find(|row| row["id"] == wanted)
                .map(|row| row["status"].clone())
        };
        assert_eq!(status_of(&id), Some(json!("exported")));
        assert_eq!(status_of(&second_id), Some(json!("exported")));

        // A failure reads in the window's language, with its own code.
        session
            .client
            .find(Locator::Id("language-switch"))
            .await?
            .click()
            .await?;
        session
            .eventually("document.documentElement.lang === 'en'", 5)
            .await?;
        let missing = session
            .api("getClaim", json!(["01936f2e-8a4b-7c3d-9e5f-0a1b2c3d4e5f"]))
            .await?
            .expect_err("no such claim");
        assert_eq!(missing["code"], "E_CLAIM_NOT_FOUND");
        assert_eq!(missing["message"], "The claim cannot be found.");
        session.close().await
    })
    .await
}
