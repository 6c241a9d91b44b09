//! One submission through the machine door (`POST /v1/submissions` at the
//! association's server): a bundle, a claim PDF or a claim JSON, taken in
//! as one intake by the same rules as the desk's, each claim answered with
//! what became of it and, when kept, its signed receipt.
//!
//! Sending the same body again is a safe retry: every claim is `unchanged`
//! and its receipt is the same file, byte for byte.

use crate::desk::{Desk, DeskError, Outcome, Store};
use crate::intake::{take_in_files_observed, PdfClaimReader};
use crate::reply::Signer;
use claim_core::{Failure, Lang};
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// What a submission's body says it is (its `Content-Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `application/zip`: a `claimdesk.bundle/1`.
    Bundle,
    /// `application/pdf`: a ClaimDesk PDF, through the claim it carries.
    Pdf,
    /// `application/json`: one claim.
    Json,
}

impl Kind {
    /// The kind of a `Content-Type` (its parameters ignored), if one.
    pub fn of_content_type(content_type: &str) -> Option<Kind> {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/zip" => Some(Kind::Bundle),
            "application/pdf" => Some(Kind::Pdf),
            "application/json" => Some(Kind::Json),
            _ => None,
        }
    }

    /// The most bytes a body of this kind may have: as the desk's intake
    /// reads a file of it.
    pub fn limit(self) -> u64 {
        match self {
            Kind::Bundle => crate::bundle::MAX_BUNDLE_BYTES,
            Kind::Pdf => crate::intake::MAX_PDF_BYTES,
            Kind::Json => u64::try_from(claim_core::MAX_CLAIM_BYTES).unwrap_or(u64::MAX),
        }
    }

    /// Whether a body beginning with `head` is what it says it is (the
    /// intake tells files apart by their content; a body must not be
    /// taken as another kind than it was sent as).
    pub fn matches(self, head: &[u8]) -> bool {
        let zip = crate::bundle::looks_like_zip(head);
        let pdf = head.starts_with(b"%PDF");
        match self {
            Kind::Bundle => zip,
            Kind::Pdf => pdf,
            Kind::Json => !zip && !pdf,
        }
    }
}

/// What became of one claim of a submission (or one line that was none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmittedOutcome {
    Received,
    Unchanged,
    Replaced,
    Held,
    Refused,
}

impl From<Outcome> for SubmittedOutcome {
    fn from(outcome: Outcome) -> SubmittedOutcome {
        match outcome {
            Outcome::Received => SubmittedOutcome::Received,
            Outcome::Unchanged => SubmittedOutcome::Unchanged,
            Outcome::Replaced => SubmittedOutcome::Replaced,
            Outcome::Held => SubmittedOutcome::Held,
        }
    }
}

/// One line of a submission's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubmittedClaim {
    pub claim_id: Option<String>,
    /// Its line in the bundle (none for a PDF or a JSON file).
    pub line: Option<usize>,
    pub outcome: SubmittedOutcome,
    /// Why it was refused, or why a kept claim has no receipt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The signed receipt file, as the shop keeps it (its exact text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
}

/// A submission's answer: a line per claim, in the body's order; refused
/// lines past the intake's limit of problems are counted, not listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubmissionAnswer {
    pub results: Vec<SubmittedClaim>,
    #[serde(skip_serializing_if = "is_zero")]
    pub left_off: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// Takes in the submission in `file` (already checked to be `kind`, within
/// its limit) in one intake, then issues (or finds) the receipt of every
/// claim kept. A store failure keeps nothing and is the caller's to say
/// (a retry is safe); a claim that cannot be read is a `refused` line.
pub fn take_in_submission<S: Store>(
    desk: &mut Desk<S>,
    file: &Path,
    lang: Lang,
    signer: &Signer<'_>,
    read_pdf: PdfClaimReader<'_>,
) -> Result<SubmissionAnswer, DeskError> {
    let (report, added) = take_in_files_observed(
        desk,
        &[file.to_path_buf()],
        lang,
        &|_| {},
        &AtomicBool::new(false),
        read_pdf,
        true,
    )?;
    let mut results = Vec::with_capacity(added.len() + report.problems.len());
    for claim in added {
        let (receipt, code, message) =
            match desk.issue_receipt(&claim.id, signer, desk.clock().now()) {
                Ok(issued) => (
                    Some(String::from_utf8_lossy(&issued.file).into_owned()),
                    None,
                    None,
                ),
                // Kept, but no receipt names it (no claim id or
                // registration number): said, not hidden.
                Err(error @ DeskError::NotReceiptable) => {
                    (None, Some(error.code().as_str()), Some(error.message(lang)))
                }
                Err(error) => return Err(error),
            };
        results.push(SubmittedClaim {
            claim_id: claim.claim_id,
            line: claim.line,
            outcome: claim.outcome.into(),
            code,
            message,
            receipt,
        });
    }
    for problem in report.problems {
        results.push(SubmittedClaim {
            claim_id: None,
            line: problem.line,
            outcome: SubmittedOutcome::Refused,
            code: Some(problem.code.as_str()),
            message: Some(problem.message),
            receipt: None,
        });
    }
    // In the body's order; what no line names (a whole file) last.
    results.sort_by_key(|result| result.line.unwrap_or(usize::MAX));
    Ok(SubmissionAnswer {
        results,
        left_off: report.problems_left_off,
    })
}
