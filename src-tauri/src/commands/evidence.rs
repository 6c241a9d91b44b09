//! The documents attached to a claim. Each command reads its request, calls `app` and answers.

use super::chosen::Purpose;
use super::error::CommandResult;
use super::payload::{self, EvidenceRemoveRequest, EvidenceRequest};
use super::Surface;
use crate::app;
use claim_core::codes::{EvidenceKind, Vocabulary};
use claim_store::EvidenceEntry;

/// Imports an evidence file into the store and attaches it to a claim.
pub fn evidence_add(
    at: &Surface,
    EvidenceRequest {
        claim_id,
        kind,
        file: token,
    }: EvidenceRequest,
) -> CommandResult<EvidenceEntry> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::Evidence])?;
    let kind = EvidenceKind::from_code(&kind).ok_or_else(payload::malformed)?;
    shop.with_store(|store| {
        Ok(app::claims::add_evidence(
            store,
            claim_id.as_str(),
            kind,
            &file,
        )?)
    })
}

/// Detaches an attached evidence file from a claim (the wrong file picked).
pub fn evidence_remove(
    at: &Surface,
    EvidenceRemoveRequest {
        claim_id,
        kind,
        sha256,
    }: EvidenceRemoveRequest,
) -> CommandResult<()> {
    let shop = &at.shop;
    let kind = EvidenceKind::from_code(&kind).ok_or_else(payload::malformed)?;
    shop.with_store(|store| {
        Ok(app::claims::remove_evidence(
            store,
            claim_id.as_str(),
            kind,
            &sha256.0,
        )?)
    })
}
