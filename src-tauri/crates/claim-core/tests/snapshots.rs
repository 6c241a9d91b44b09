//! The owner-facing wording of a whole report, reviewed as a snapshot: a
//! change to any message shows up in review as a diff of
//! `tests/snapshots/*.snap` (accept with `cargo insta review`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_core::{assess_document, Lang, Report};

fn report(name: &str, lang: Lang) -> Report {
    let path = format!(
        "{}/../../../tests/fixtures/examples/{name}.claim.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let (_, assessment) = assess_document(&std::fs::read(path).unwrap()).unwrap();
    Report::new(&assessment, lang)
}

#[test]
fn several_errors_in_korean() {
    insta::assert_json_snapshot!(report("invalid-several-errors", Lang::Ko));
}

#[test]
fn several_errors_in_english() {
    insta::assert_json_snapshot!(report("invalid-several-errors", Lang::En));
}
