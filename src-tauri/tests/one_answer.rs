//! The command line and the window give one answer. Each case runs through
//! the `claimdesk` binary and through the use case the window's command
//! calls (`claimdesk::app`, with what the window passes), and compares.
//! These are the cases where they used to disagree.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_core::{ClaimId, Failure, Lang};
use claimdesk::app;
use common::{fixture, run_in, succeeded};
use std::path::Path;

fn document(path: &Path) -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// A claim for an imported incident: `validate FILE` checks it against the
/// data folder's incidents, as the window's live assessment does.
#[test]
fn a_claim_for_an_imported_incident_is_valid_on_both_sides() {
    let shop = tempfile::tempdir().unwrap();
    let claim = fixture("incidents/drill-2026-11.claim.json");
    let signed = fixture("incidents/drill-2026-11.signed.json");
    succeeded(&run_in(
        shop.path(),
        &["incident", "import", signed.to_str().unwrap()],
    ));

    let printed = run_in(shop.path(), &["validate", claim.to_str().unwrap()]);
    assert_eq!(
        printed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&printed.stdout)
    );
    let cli: serde_json::Value = serde_json::from_slice(&printed.stdout).unwrap();

    // What the window's claim_assess answers for the same document.
    let store = app::claims::open_store(shop.path()).unwrap();
    let window = app::assessment::assess(
        &document(&claim),
        Lang::Ko,
        store.known_incidents(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    );
    assert_eq!(serde_json::to_value(&window.report).unwrap(), cli);
    assert_eq!(cli["valid"], true);

    // And the PDF of the file knows the incident too.
    let pdf = shop.path().join("drill.pdf");
    succeeded(&run_in(
        shop.path(),
        &["pdf", claim.to_str().unwrap(), "-o", pdf.to_str().unwrap()],
    ));
    // Without the data folder's incidents the same file has errors.
    let elsewhere = tempfile::tempdir().unwrap();
    let refused = run_in(elsewhere.path(), &["validate", claim.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        !elsewhere.path().join(claim_store::DATABASE_FILE).exists(),
        "validating a file makes no store"
    );
}

/// A sales file's days go into a claim by one rule: a day replaces every
/// row of its date, other days stay, and only the dates the claim's
/// comparison uses are put in.
#[test]
fn a_sales_file_goes_into_a_claim_the_same_way() {
    common::read_files_with_the_binary_under_test();
    let shop = tempfile::tempdir().unwrap();
    let mut claim = document(&fixture("examples/kakao-cake-prior-week.claim.json"));
    // A repeated row for a date the file brings, and a day the file does not.
    claim["daily_sales"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"date": "2022-10-15", "amount": 1}));
    let claim_file = shop.path().join("claim.json");
    std::fs::write(&claim_file, serde_json::to_vec(&claim).unwrap()).unwrap();
    let id = succeeded(&run_in(
        shop.path(),
        &["import", claim_file.to_str().unwrap()],
    ))
    .trim()
    .to_owned();
    // The file also covers a day far from the outage.
    let sales = shop.path().join("sales.csv");
    std::fs::write(
        &sales,
        "일자,매출액\n2022-10-15,410000\n2022-10-16,380000\n2022-08-01,999999\n",
    )
    .unwrap();

    let said = succeeded(&run_in(
        shop.path(),
        &["import-sales", sales.to_str().unwrap(), "--claim", &id],
    ));
    assert!(said.contains("2일의 매출을 넣었습니다"), "{said}");
    assert!(said.contains("1일은 넣지 않았습니다"), "{said}");
    let store = app::claims::open_store(shop.path()).unwrap();
    let cli = store.claim(&id).unwrap().document["daily_sales"].clone();

    // The window: the preview's days, put into the document it holds.
    let (import, _) = app::sales::preview(&sales, None, Lang::Ko).unwrap();
    let days = import
        .days
        .iter()
        .map(|day| (day.date, claim_import::DayValue::Amount(day.amount)))
        .collect();
    let put = app::sales::put_days(claim.clone(), days, store.known_incidents());
    assert_eq!((put.put, put.left_out), (2, 1));
    assert_eq!(
        serde_json::Value::Array(put.document["daily_sales"].as_array().unwrap().clone(),),
        cli
    );
    let rows = cli.as_array().unwrap();
    let of = |date: &str| rows.iter().filter(|row| row["date"] == date).count();
    assert_eq!(
        of("2022-10-15"),
        1,
        "the repeated row went with the old one"
    );
    assert_eq!(
        of("2022-08-01"),
        0,
        "a day the claim does not use is left out"
    );
    assert_eq!(of("2022-10-08"), 1, "a day the file does not bring stays");
}

/// A final PDF of a stored claim files it (ready or draft → exported) on
/// both sides; a draft PDF only records the export.
#[test]
fn a_final_pdf_files_the_claim_on_both_sides() {
    let example = fixture("examples/kakao-cake-prior-week.claim.json");
    let cli_dir = tempfile::tempdir().unwrap();
    let id = succeeded(&run_in(
        cli_dir.path(),
        &["import", example.to_str().unwrap()],
    ))
    .trim()
    .to_owned();
    let pdf = cli_dir.path().join("claim.pdf");
    succeeded(&run_in(
        cli_dir.path(),
        &["pdf", &id, "-o", pdf.to_str().unwrap()],
    ));
    let cli_store = app::claims::open_store(cli_dir.path()).unwrap();

    let window_dir = tempfile::tempdir().unwrap();
    let mut window_store = app::claims::open_store(window_dir.path()).unwrap();
    let saved = window_store
        .save_claim(&std::fs::read(&example).unwrap())
        .unwrap();
    let choices = app::pdf::PdfChoices {
        lang: Lang::Ko,
        draft: false,
        at: app::clock::now(),
        include_customer_details: false,
        font: None,
    };
    let made = app::pdf::stored_claim_pdf(
        &mut window_store,
        &ClaimId::parse(&saved.id).unwrap(),
        &choices,
        &window_dir.path().join("claim.pdf"),
    )
    .unwrap();

    let cli_status = cli_store.claim(&id).unwrap().summary.status;
    assert_eq!(cli_status, claim_store::Status::Exported);
    assert_eq!(made.status, Some(cli_status));
    let events = |store: &claim_store::Store, id: &str| -> Vec<(String, Option<String>)> {
        store
            .audit(id)
            .unwrap()
            .into_iter()
            .map(|entry| (entry.event, entry.to_status))
            .collect()
    };
    assert_eq!(events(&cli_store, &id), events(&window_store, &saved.id));

    // A draft PDF leaves the status as it is.
    let draft = app::pdf::PdfChoices {
        draft: true,
        ..choices
    };
    let again = app::pdf::stored_claim_pdf(
        &mut window_store,
        &ClaimId::parse(&saved.id).unwrap(),
        &draft,
        &window_dir.path().join("draft.pdf"),
    )
    .unwrap();
    assert_eq!(again.status, None);
}

/// A claim whose `id` is not an id (not a UUID) gets one the store can find
/// it under, so its PDF imported twice is stored once.
#[test]
fn a_claim_without_a_proper_id_is_stored_once_from_its_pdf() {
    common::read_files_with_the_binary_under_test();
    let shop = tempfile::tempdir().unwrap();
    let mut claim = document(&fixture("examples/kakao-cake-prior-week.claim.json"));
    claim.insert("id".into(), "CLAIM-1".into());
    let file = shop.path().join("claim.json");
    std::fs::write(&file, serde_json::to_vec(&claim).unwrap()).unwrap();
    let pdf = shop.path().join("claim.pdf");
    succeeded(&run_in(
        shop.path(),
        &["pdf", file.to_str().unwrap(), "-o", pdf.to_str().unwrap()],
    ));
    let first = succeeded(&run_in(shop.path(), &["import-pdf", pdf.to_str().unwrap()]));
    assert!(ClaimId::parse(first.trim()).is_some(), "{first}");
    let second = run_in(shop.path(), &["import-pdf", pdf.to_str().unwrap()]);
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("E_CLAIM_EXISTS"));
    // The window's import of the same PDF is refused the same way.
    let mut store = app::claims::open_store(shop.path()).unwrap();
    let refused = app::pdf::import_attached(&mut store, &pdf).unwrap_err();
    assert_eq!(refused.code(), "E_CLAIM_EXISTS");
    assert_eq!(store.list(&Default::default()).unwrap().len(), 1);
}

/// A failure keeps its own code on both sides: an association file that is
/// not a database is the desk's code, not a catch-all.
#[test]
fn a_failure_keeps_its_code_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(claim_assoc::desk::ASSOCIATION_FILE),
        b"not a database at all, but long enough to be read as a header....",
    )
    .unwrap();
    let printed = run_in(dir.path(), &["assoc", "list"]);
    assert_eq!(printed.status.code(), Some(2));
    let said = String::from_utf8_lossy(&printed.stderr).into_owned();
    let window = app::association::open_desk(dir.path()).unwrap_err();
    let code = window.code();
    assert!(code.as_str().starts_with("E_ASSOC_"), "{code}");
    assert!(said.contains(code.as_str()), "{said}");
    assert!(said.contains(&window.message(Lang::Ko)), "{said}");
}

/// The association's list names each claim's tier from its incident's own
/// scale, in `assoc list --json` as in the window's list.
#[test]
fn the_association_list_names_tiers_alike() {
    let dir = tempfile::tempdir().unwrap();
    let signed = fixture("incidents/drill-2026-11.signed.json");
    succeeded(&run_in(
        dir.path(),
        &["incident", "import", signed.to_str().unwrap()],
    ));
    let claim = fixture("incidents/drill-2026-11.claim.json");
    let taken = run_in(dir.path(), &["assoc", "import", claim.to_str().unwrap()]);
    assert_eq!(taken.status.code(), Some(0));
    let cli: serde_json::Value = serde_json::from_str(&succeeded(&run_in(
        dir.path(),
        &["assoc", "list", "--json"],
    )))
    .unwrap();
    let desk = app::association::open_desk(dir.path()).unwrap();
    let window = app::association::list(&desk, false, Lang::Ko).unwrap();
    assert_eq!(serde_json::to_value(&window).unwrap(), cli);
    let label = cli[0]["tier_label"].as_str().unwrap();
    assert!(label.ends_with("만 원 이하 손실)"), "{label}");
    assert_ne!(cli[0]["tier"], "none");
}

/// What the owner types into a grid cell goes in by the rule a paste and a
/// sales file use (one reader, one put), and the preview of a file counts
/// the days the put takes.
#[test]
fn a_typed_cell_a_pasted_cell_and_the_preview_agree() {
    common::read_files_with_the_binary_under_test();
    let claim = document(&fixture("examples/kakao-cake-prior-week.claim.json"));
    let incidents = claim_core::Incidents::built_in();
    let day = chrono::NaiveDate::from_ymd_opt(2022, 10, 15).unwrap();
    let rows = |put: &app::sales::SalesPut| put.document["daily_sales"].clone();
    for text in ["(5,000)", "410,000원", "12,5", "  "] {
        let typed = app::sales::type_day(claim.clone(), day, text, &incidents);
        let pasted = app::sales::paste(claim.clone(), day, text, &incidents);
        if text.trim().is_empty() {
            // An empty paste puts nothing; an emptied cell clears its day.
            assert_eq!(pasted.put, 0);
            assert!(!rows(&typed)
                .as_array()
                .unwrap()
                .iter()
                .any(|row| row["date"] == "2022-10-15"));
        } else {
            assert_eq!(rows(&typed), rows(&pasted), "{text}");
        }
    }
    // Text that is no amount stays, for the rules to report at the day.
    let typed = app::sales::type_day(claim.clone(), day, "12,5", &incidents);
    let (_, assessment) = claim_core::assess_value_with(&typed.document, &incidents);
    assert!(assessment
        .problems
        .iter()
        .any(|problem| problem.path.to_string().starts_with("daily_sales")));
    // A day off the grid is left out, typed or not.
    let far = chrono::NaiveDate::from_ymd_opt(2022, 8, 1).unwrap();
    let off = app::sales::type_day(claim.clone(), far, "1000", &incidents);
    assert_eq!((off.put, off.left_out), (0, 1));

    let shop = tempfile::tempdir().unwrap();
    let sales = shop.path().join("sales.csv");
    std::fs::write(
        &sales,
        "일자,매출액\n2022-10-15,410000\n2022-10-16,380000\n2022-08-01,999999\n",
    )
    .unwrap();
    let (import, preview) = app::sales::preview(&sales, None, Lang::Ko).unwrap();
    let preview = preview.for_claim(&claim, &incidents);
    let days = import
        .days
        .iter()
        .map(|day| (day.date, claim_import::DayValue::Amount(day.amount)))
        .collect();
    let put = app::sales::put_days(claim.clone(), days, &incidents);
    assert_eq!(preview.on_grid, Some(put.put));
    let marked: Vec<(String, Option<bool>)> = preview
        .days
        .iter()
        .map(|day| (day.date.clone(), day.on_grid))
        .collect();
    assert_eq!(
        marked,
        [
            ("2022-08-01".to_owned(), Some(false)),
            ("2022-10-15".to_owned(), Some(true)),
            ("2022-10-16".to_owned(), Some(true)),
        ]
    );
}
