//! Moving one desk's claims into another store, as they are: the desktop's
//! `association.sqlite3` into the server's PostgreSQL (`claimdesk-server
//! import-desk`). Every claim keeps its id, numbers, review, log, PDF and
//! receipt; the counters go on after the highest number moved. Written
//! once, over any two stores.
//!
//! Run twice, the second run changes nothing. Into a store that holds
//! claims of its own it is refused: the desk's numbers (RX-…, RC-…) were
//! given to shops, and the store's own would name other claims the same.

use crate::desk::{Desk, DeskError, Store};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// What a copy did.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct Copied {
    /// Claims copied now.
    pub claims: usize,
    /// Claims the store held already (an earlier run).
    pub already: usize,
    pub receipts: usize,
    pub log_lines: usize,
}

/// The year and count of a number `PREFIX-<year>-<n>`.
fn year_and_count(number: &str) -> Option<(i32, i64)> {
    let mut parts = number.rsplitn(3, '-');
    let count = parts.next()?.parse().ok()?;
    let year = parts.next()?.parse().ok()?;
    Some((year, count))
}

/// Raises `highest`'s count for the number's year to the number's.
fn note_number(highest: &mut BTreeMap<i32, i64>, number: Option<&str>) {
    if let Some((year, count)) = number.and_then(year_and_count) {
        let at = highest.entry(year).or_insert(0);
        *at = (*at).max(count);
    }
}

/// Copies every claim of `from` into `to`, in one transaction of `to`'s.
pub fn copy_desk<S: Store, T: Store>(
    from: &Desk<S>,
    to: &mut Desk<T>,
) -> Result<Copied, DeskError> {
    let claims = from.list(true)?;
    let ours: HashSet<&str> = claims.iter().map(|claim| claim.id.as_str()).collect();
    let others = to
        .list(true)?
        .into_iter()
        .filter(|claim| !ours.contains(claim.id.as_str()))
        .count();
    if others > 0 {
        return Err(DeskError::HoldsOthers { claims: others });
    }
    let mut copied = Copied::default();
    let mut intake_numbers = BTreeMap::new();
    let mut receipt_numbers = BTreeMap::new();
    let mut ledger = to.store.begin()?;
    let mut moved = Vec::new();
    for claim in &claims {
        note_number(&mut intake_numbers, claim.intake_number.as_deref());
        let text = held_text(from, &claim.id)?;
        let pdf = if claim.has_pdf {
            from.pdf(&claim.id)?
        } else {
            None
        };
        if !ledger.import_claim(claim, &text, pdf.as_deref())? {
            copied.already += 1;
            continue;
        }
        copied.claims += 1;
        for entry in from.review_log(&claim.id)? {
            ledger.import_log(&claim.id, &entry)?;
            copied.log_lines += 1;
        }
        if let Some(file) = from.receipt_file(&claim.id)? {
            let number = from.receipt_number(&claim.id)?.unwrap_or_default();
            let issued_at = claim_core::answer::Receipt::open_own(&file)
                .map(|kept| kept.content.issued_at)
                .map_err(|_| DeskError::Schema)?;
            note_number(&mut receipt_numbers, Some(&number));
            ledger.keep_receipt(&number, &claim.id, &issued_at, &file)?;
            copied.receipts += 1;
        }
        moved.push(claim);
    }
    // Every row is there now: what replaces what can point to it.
    for claim in moved {
        if claim.superseded_by.is_some() {
            ledger.set_superseded_by(&claim.id, claim.superseded_by.as_deref())?;
        }
    }
    for (year, count) in intake_numbers {
        ledger.raise_intake_number(year, count)?;
    }
    for (year, count) in receipt_numbers {
        ledger.raise_receipt_number(year, count)?;
    }
    ledger.commit()?;
    Ok(copied)
}

/// The claim's JSON text as kept.
fn held_text<S: Store>(desk: &Desk<S>, id: &str) -> Result<String, DeskError> {
    desk.store.begin()?.document(id)?.ok_or(DeskError::NotFound)
}
