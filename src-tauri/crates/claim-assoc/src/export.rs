//! Every claim the association holds now, as JSON Lines, for DuckDB, Spark
//! or the statistics office: one object a line, the current claims and
//! those two senders wait with, in the order they arrived. Written once
//! for every store; streamed, so a million claims take flat memory.
//!
//! A claim leaves the association as it leaves the shop: customer names
//! and phones masked (in their fields and in free text) unless the shop's
//! bundle said the owner opted in, and nothing of them once erased.

use crate::desk::{Desk, HeldState, Store};
use crate::stats::ExportError;
use serde::Serialize;
use std::io::Write;

/// One line of the export.
#[derive(Serialize)]
struct Line<'a> {
    intake_number: Option<&'a str>,
    claim_id: Option<&'a str>,
    claim: serde_json::Value,
    /// Of the claim as received (before any masking here).
    claim_sha256: &'a str,
    review: &'static str,
    received_at: &'a str,
    /// `included` (the owner opted in), `masked`, or `erased` (retention).
    customer_details: &'static str,
    /// Two senders claim its business: neither is current until the staff
    /// decide.
    contested: bool,
}

/// Writes the export to `out`; how many lines.
pub fn write_jsonl<S: Store, W: Write>(desk: &Desk<S>, out: W) -> Result<(W, usize), ExportError> {
    let write = |e: &dyn std::fmt::Display| ExportError::Write(e.to_string());
    let mut out = std::io::BufWriter::new(out);
    let mut lines = 0usize;
    let mut failure = None;
    desk.for_each_exported(|claim, document| {
        if failure.is_some() {
            return;
        }
        let document = serde_json::Value::Object(document);
        let (customer_details, claim_json) = if claim.customer_details_erased_at.is_some() {
            ("erased", claim_core::privacy::outgoing(&document, false))
        } else if claim.customer_details_included {
            ("included", document)
        } else {
            ("masked", claim_core::privacy::outgoing(&document, false))
        };
        let line = Line {
            intake_number: claim.intake_number.as_deref(),
            claim_id: claim.facts.claim_id.as_deref(),
            claim: claim_json,
            claim_sha256: &claim.document_sha256,
            review: claim.review.code(),
            received_at: &claim.received_at,
            customer_details,
            contested: claim.two_senders && claim.held_state == Some(HeldState::Held),
        };
        let written = serde_json::to_writer(&mut out, &line)
            .map_err(|e| write(&e))
            .and_then(|()| out.write_all(b"\n").map_err(|e| write(&e)));
        match written {
            Ok(()) => lines += 1,
            Err(error) => failure = Some(error),
        }
    })?;
    if let Some(error) = failure {
        return Err(error);
    }
    let out = out.into_inner().map_err(|e| write(&e.error()))?;
    Ok((out, lines))
}
