//! The registry of failure codes: one code per kind of failure, each
//! spelled as the UI and scripts match it, none the same as a claim
//! problem's code (spec §7), each with what it means.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_core::codes::Code;
use claim_core::FailureCode;
use std::collections::BTreeSet;

#[test]
fn every_code_is_spelled_once_and_means_something() {
    let mut seen = BTreeSet::new();
    for code in FailureCode::ALL {
        let text = code.as_str();
        assert!(seen.insert(text), "{text} twice");
        assert!(
            text.starts_with("E_")
                && text.len() > 2
                && text.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'),
            "{text}"
        );
        assert!(!code.meaning().is_empty(), "{text} has no meaning");
        assert_eq!(FailureCode::parse(text), Some(*code));
        assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(text));
    }
    assert_eq!(FailureCode::parse("E_NO_SUCH_FAILURE"), None);
}

#[test]
fn no_failure_code_is_a_claim_problem_code() {
    let problems: BTreeSet<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
    for code in FailureCode::ALL {
        assert!(
            !problems.contains(code.as_str()),
            "{} is also a spec §7 code",
            code.as_str()
        );
    }
}
