//! Held changes: a newer claim that would change where the money goes or
//! who answers for the claim, and two senders for one business, wait for
//! the staff's decision.

use super::store::{Ledger, Store};
use super::supersede::{current_of, group_of, other_sender, settle_duplicates, Member};
use super::{now, Desk, DeskError, ReceivedClaim, ReviewEntry};
use serde::Serialize;

/// The members of `business` a newer claim may not change without the
/// staff: where the money goes and who answers for the claim. A forged
/// bundle needs only a shop's public registration number.
pub const HELD_FIELDS: [&str; 5] = [
    "/business/bank/name",
    "/business/bank/account",
    "/business/bank/holder",
    "/business/representative",
    "/business/phone",
];

/// What the staff decided about a held change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeldState {
    /// Waiting: the claim it would replace stays current.
    Held,
    /// Made current by the staff.
    Applied,
    /// Kept as an older claim; the one before it stays current.
    Dismissed,
}

impl HeldState {
    /// As the stores keep it.
    pub fn code(self) -> &'static str {
        match self {
            HeldState::Held => "held",
            HeldState::Applied => "applied",
            HeldState::Dismissed => "dismissed",
        }
    }

    pub fn from_code(code: &str) -> Option<HeldState> {
        [HeldState::Held, HeldState::Applied, HeldState::Dismissed]
            .into_iter()
            .find(|state| state.code() == code)
    }
}

/// A held member as the staff read it.
pub fn held_field_label(pointer: &str, lang: claim_core::Lang) -> &'static str {
    use claim_core::Lang::{En, Ko};
    match (pointer, lang) {
        ("/business/bank/name", Ko) => "은행",
        ("/business/bank/name", En) => "bank",
        ("/business/bank/account", Ko) => "계좌번호",
        ("/business/bank/account", En) => "account number",
        ("/business/bank/holder", Ko) => "예금주",
        ("/business/bank/holder", En) => "account holder",
        ("/business/representative", Ko) => "대표자",
        ("/business/representative", En) => "representative",
        (_, Ko) => "연락처",
        (_, En) => "phone",
    }
}

/// One held member: what the current claim says and what the held one would
/// make it (the business's own details, not a customer's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeldChange {
    pub field: &'static str,
    pub label: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The held members `newer` changes from `current` (of [`HELD_FIELDS`]).
pub fn held_changes(
    current: &serde_json::Map<String, serde_json::Value>,
    newer: &serde_json::Map<String, serde_json::Value>,
) -> Vec<&'static str> {
    let (current, newer) = (
        serde_json::Value::Object(current.clone()),
        serde_json::Value::Object(newer.clone()),
    );
    HELD_FIELDS
        .into_iter()
        .filter(|pointer| current.pointer(pointer) != newer.pointer(pointer))
        .collect()
}

/// A received claim's document, by its id.
pub(super) fn document_of(
    ledger: &mut dyn Ledger,
    id: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, DeskError> {
    let text = ledger.document(id)?.ok_or(DeskError::NotFound)?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

/// A review-log line for a held claim's state, its review unmoved.
pub(super) fn log_held(
    ledger: &mut dyn Ledger,
    id: &str,
    at: &str,
    note: &str,
    actor: Option<&str>,
) -> Result<(), DeskError> {
    let review = ledger.claim(id)?.ok_or(DeskError::NotFound)?.review;
    ledger.log(
        id,
        &ReviewEntry {
            at: at.to_owned(),
            from: review.code().to_owned(),
            to: review.code().to_owned(),
            note: Some(note.to_owned()),
            actor: actor.map(str::to_owned),
        },
    )
}

impl<S: Store> Desk<S> {
    /// What a held claim would change, against the claim current now, or
    /// for a second sender, against the other sender's claim (empty when it
    /// is not held).
    pub fn held_comparison(
        &self,
        id: &str,
        lang: claim_core::Lang,
    ) -> Result<Vec<HeldChange>, DeskError> {
        let mut ledger = self.store.begin()?;
        let claim = ledger.claim(id)?.ok_or(DeskError::NotFound)?;
        if claim.held_state != Some(HeldState::Held) {
            return Ok(Vec::new());
        }
        let group = group_of(ledger.as_mut(), &claim.facts)?;
        let other = if claim.two_senders {
            other_sender(&group, id)
        } else {
            current_of(&group, Some(id))
        };
        let Some(other) = other else {
            return Ok(Vec::new());
        };
        let text = |document: &serde_json::Map<String, serde_json::Value>, pointer: &str| {
            serde_json::Value::Object(document.clone())
                .pointer(pointer)
                .and_then(|value| value.as_str().map(str::to_owned))
        };
        let before = document_of(ledger.as_mut(), &other)?;
        let after = document_of(ledger.as_mut(), id)?;
        Ok(held_changes(&before, &after)
            .into_iter()
            .map(|field| HeldChange {
                field,
                label: held_field_label(field, lang),
                before: text(&before, field),
                after: text(&after, field),
            })
            .collect())
    }

    /// The staff's decision on a held claim.
    ///
    /// A held change: `apply` makes it current (as the newest of its
    /// business and outage), else it is kept as an older claim and the
    /// current one stays.
    ///
    /// A second sender: `apply` decides that this sender is the business,
    /// so every claim of the other senders is set aside; else this sender's
    /// claims are set aside, and when one sender is left waiting, it is
    /// the business's.
    pub fn decide_held(&mut self, id: &str, apply: bool) -> Result<ReceivedClaim, DeskError> {
        let at = now(self.clock);
        let actor = self.actor.as_deref();
        let mut ledger = self.store.begin()?;
        ledger.lock_claim(id)?;
        let claim = ledger.claim(id)?.ok_or(DeskError::NotFound)?;
        if claim.held_state != Some(HeldState::Held) {
            return Err(DeskError::NotHeld);
        }
        let set = |ledger: &mut dyn Ledger, id: &str, to: HeldState, note: &str| {
            ledger.set_held_state(id, to)?;
            log_held(ledger, id, &at, note, actor)
        };
        if claim.two_senders {
            let group = group_of(ledger.as_mut(), &claim.facts)?;
            let Some(decided) = group.iter().find(|member| member.id == id) else {
                return Err(DeskError::NotFound);
            };
            let of_this_sender =
                |member: &Member| member.id == decided.id || member.same_line(decided);
            let (chosen, set_aside): (Vec<&Member>, Vec<&Member>) = group
                .iter()
                .filter(|member| member.held != Some(HeldState::Dismissed))
                .partition(|member| of_this_sender(member) == apply);
            for member in set_aside {
                set(
                    ledger.as_mut(),
                    &member.id,
                    HeldState::Dismissed,
                    "two senders set aside",
                )?;
            }
            let waiting: Vec<&Member> = chosen.into_iter().filter(|m| m.contested()).collect();
            let lines_left = waiting
                .iter()
                .filter(|member| {
                    !waiting
                        .iter()
                        .any(|other| other.id < member.id && other.same_line(member))
                })
                .count();
            // Chosen, or the only sender left: its waiting claims may be
            // current again (the newest of them becomes so).
            if apply || lines_left == 1 {
                for member in waiting {
                    set(
                        ledger.as_mut(),
                        &member.id,
                        HeldState::Applied,
                        "two senders chosen",
                    )?;
                }
            }
        } else {
            let to = if apply {
                HeldState::Applied
            } else {
                HeldState::Dismissed
            };
            set(
                ledger.as_mut(),
                id,
                to,
                &format!("held change {}", to.code()),
            )?;
        }
        settle_duplicates(ledger.as_mut(), &claim.facts)?;
        ledger.commit()?;
        self.get(id)
    }
}
