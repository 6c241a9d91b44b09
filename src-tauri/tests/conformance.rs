#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Conformance with the contract's examples: every `*.claim.json` goes through
//! the engine (in process) and the `claimdesk validate` binary, and both must
//! give what its `*.expected.json` says (see the examples' README for what
//! must match).
//!
//! The examples are kept in `tests/fixtures/examples/`, and the contract's
//! own (`../shared/examples/` beside the repository, as CI has it, or where
//! `CLAIMDESK_SHARED_EXAMPLES` points) are checked too: a changed contract
//! cannot pass unnoticed, and a missing one fails rather than passing by
//! testing less.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::claimdesk_binary;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The contract's examples: beside the repository, or where
/// `CLAIMDESK_SHARED_EXAMPLES` says. Not there is a failure.
fn shared_examples() -> PathBuf {
    let shared = std::env::var_os("CLAIMDESK_SHARED_EXAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join("../shared/examples"));
    assert!(
        shared.is_dir(),
        "the contract's examples are not at {} (clone the repository beside ../shared, or set CLAIMDESK_SHARED_EXAMPLES)",
        shared.display()
    );
    shared
}

fn example_dirs() -> Vec<PathBuf> {
    vec![
        repository().join("tests/fixtures/examples"),
        shared_examples(),
    ]
}

fn examples(dir: &Path) -> Vec<(String, PathBuf, Value)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if let Some(stem) = name.strip_suffix(".claim.json") {
            let expected_path = dir.join(format!("{stem}.expected.json"));
            let expected: Value =
                serde_json::from_slice(&std::fs::read(&expected_path).unwrap()).unwrap();
            found.push((stem.to_owned(), path, expected));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(found.len() >= 5, "examples missing in {}", dir.display());
    found
}

fn error_set(report: &Value) -> BTreeSet<(String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_owned(),
                e["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn warning_counts(report: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for warning in report["warnings"].as_array().unwrap() {
        *counts
            .entry(warning["code"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    counts
}

fn day_rows(report: &Value) -> Vec<Value> {
    report["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| {
            let mut row = serde_json::Map::new();
            for key in ["date", "weekday", "holiday", "actual", "baseline", "drop"] {
                row.insert(key.to_owned(), day[key].clone());
            }
            Value::Object(row)
        })
        .collect()
}

/// Compares what the examples' README says must match.
fn assert_conforms(name: &str, exit: i32, report: &Value, expected: &Value) {
    let want = &expected["report"];
    assert_eq!(
        exit,
        expected["exit"].as_i64().unwrap() as i32,
        "{name}: exit code"
    );
    assert_eq!(report["valid"], want["valid"], "{name}: valid");
    assert_eq!(error_set(report), error_set(want), "{name}: errors");
    assert_eq!(
        warning_counts(report),
        warning_counts(want),
        "{name}: warnings"
    );
    // Every message is a sentence, never a bare code.
    for problem in report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .chain(report["warnings"].as_array().unwrap())
    {
        let message = problem["message"].as_str().unwrap();
        assert!(
            message.len() > 20 && !message.starts_with("E_") && !message.starts_with("W_"),
            "{name}: {message}"
        );
    }
    if want["valid"] == Value::Bool(true) {
        assert_eq!(report["totals"], want["totals"], "{name}: totals");
        assert_eq!(day_rows(report), day_rows(want), "{name}: days");
        assert_eq!(
            report.get("compensation"),
            want.get("compensation"),
            "{name}: compensation"
        );
    }
}

#[test]
fn examples_through_the_engine() {
    for dir in example_dirs() {
        for (name, path, expected) in examples(&dir) {
            let bytes = std::fs::read(&path).unwrap();
            let (_, assessment) = claim_core::assess_document(&bytes).unwrap();
            let report = claim_core::Report::new(&assessment, claim_core::Lang::Ko);
            let exit = if report.valid { 0 } else { 1 };
            assert_conforms(
                &name,
                exit,
                &serde_json::to_value(&report).unwrap(),
                &expected,
            );
        }
    }
}

#[test]
fn examples_through_the_binary() {
    for dir in example_dirs() {
        for (name, path, expected) in examples(&dir) {
            for lang in ["ko", "en"] {
                let output = Command::new(claimdesk_binary())
                    .args(["validate", path.to_str().unwrap(), "--lang", lang])
                    .output()
                    .unwrap();
                assert!(
                    output.stderr.is_empty(),
                    "{name}: stderr {:?}",
                    String::from_utf8_lossy(&output.stderr)
                );
                let report: Value = serde_json::from_slice(&output.stdout).unwrap();
                assert_conforms(&name, output.status.code().unwrap(), &report, &expected);
            }
        }
    }
}

#[test]
fn the_fixture_copy_matches_the_shared_contract() {
    let shared = shared_examples();
    let listed = examples(&shared);
    assert!(!listed.is_empty(), "no examples in {}", shared.display());
    for (name, path, _) in listed {
        let copy = repository()
            .join("tests/fixtures/examples")
            .join(path.file_name().unwrap());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(&copy).unwrap(),
            "{name} differs from shared"
        );
    }
}
