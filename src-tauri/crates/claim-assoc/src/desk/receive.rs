//! Keeping received claims: one intake is one transaction; cancelled or
//! failed, nothing of it stays. Each claim is fingerprinted (a claim
//! received twice is kept once), numbered, held when the staff must decide,
//! and settled among its business's claims.

use super::held::{document_of, held_changes, log_held};
use super::store::{IntakeNumber, Ledger, NewClaim, Store};
use super::supersede::{current_of, group_of, other_sender, settle_group, Group, Member};
use super::{believed_made_at, now, Desk, DeskError};
use crate::facts::{facts, ClaimFacts};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};

/// One claim arriving, already parsed: its document and where it came from.
#[derive(Debug)]
pub struct Incoming {
    pub document: serde_json::Map<String, serde_json::Value>,
    pub origin: Origin,
}

/// What one intake did.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct IntakeCount {
    /// New claims kept.
    pub received: usize,
    /// Exactly the same claim as one already received: not kept twice.
    pub already: usize,
    /// Received claims that a newer one (same business, same outage) replaces.
    pub superseded: usize,
    /// New claims that would replace the current one but change its bank
    /// account, representative or phone: waiting for the staff.
    pub held: usize,
    /// New claims for a business another sender already claims for, with
    /// another bank account, representative or phone (no shared claim id):
    /// neither is current until the staff decide.
    pub two_senders: usize,
}

/// Where a claim came from and what its file says of it: when the shop
/// last changed it, its PDF and its number.
#[derive(Debug)]
pub struct Origin {
    /// File name and member (`묶음.zip › claims.jsonl 3번째 줄`), never a folder.
    pub source: String,
    pub made_at: Option<String>,
    pub pdf: Option<Vec<u8>>,
    /// The shop's claim number (`CD-2026-000001`), when the file says.
    pub number: Option<String>,
    /// The bundle's manifest says `"customer_details": "included"`.
    pub customer_details_included: bool,
}

/// A claim made ready to keep: all that does not need the store (its text
/// as kept, fingerprint and facts), so that an intake can prepare one claim
/// on another thread while the store writes the one before.
#[derive(Debug)]
pub struct Prepared {
    origin: Origin,
    text: String,
    sha: String,
    facts: ClaimFacts,
    /// Its line in a bundle's claims.jsonl.
    line: Option<usize>,
}

impl Prepared {
    /// From a document already parsed (a caller that holds one).
    pub fn new(incoming: Incoming, incidents: &claim_core::Incidents) -> Prepared {
        let Incoming { document, origin } = incoming;
        let text = serde_json::to_string(&document).unwrap_or_default();
        let facts = facts(&document, incidents);
        Prepared::with_text(origin, text, facts)
    }

    /// From a claim's JSON as it arrived, parsed once: checked as the spec's
    /// envelope says ([`claim_core::read_document`]), assessed, and kept as
    /// the same text [`Prepared::new`] would keep for it. Parsing it a
    /// second time into a `serde_json::Value` was a third of the time an
    /// intake spent reading a bundle.
    pub fn from_json(
        json: &[u8],
        origin: Origin,
        incidents: &claim_core::Incidents,
    ) -> Result<Prepared, claim_core::DocumentError> {
        let document = claim_core::read_document(json)?;
        let facts = crate::facts::facts_of_object(&document, incidents);
        let text = serde_json::to_string(&document).unwrap_or_default();
        Ok(Prepared::with_text(origin, text, facts))
    }

    fn with_text(origin: Origin, text: String, facts: ClaimFacts) -> Prepared {
        let sha = crate::bundle::sha256_hex(text.as_bytes());
        Prepared {
            origin,
            text,
            sha,
            facts,
            line: None,
        }
    }

    /// The same claim, read from line `line` of a bundle.
    #[must_use]
    pub fn at_line(self, line: usize) -> Prepared {
        Prepared {
            line: Some(line),
            ..self
        }
    }
}

/// What became of one claim an intake added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Kept (current, or an older version of the current claim).
    Received,
    /// Exactly this claim was kept before: nothing new.
    Unchanged,
    /// Kept and current in place of an earlier claim of the business.
    Replaced,
    /// Kept, waiting for the staff (a held change, two senders).
    Held,
}

/// One claim an intake added, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Added {
    /// The received claim it is kept as (for `unchanged`: the one before).
    pub id: String,
    /// The shop's claim id.
    pub claim_id: Option<String>,
    /// Its line in a bundle.
    pub line: Option<usize>,
    pub outcome: Outcome,
}

/// One intake in progress (see [`Desk::intake`]).
pub struct Intake<'a> {
    ledger: Box<dyn Ledger + 'a>,
    incidents: &'a claim_core::Incidents,
    received_at: String,
    cancel: &'a AtomicBool,
    count: IntakeCount,
    /// The desk's actor: whose intake this is.
    actor: Option<&'a str>,
    /// What became of each claim, when asked ([`Intake::keep_outcomes`]).
    outcomes: Option<Vec<Added>>,
}

impl std::fmt::Debug for Intake<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake")
            .field("received_at", &self.received_at)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

impl<'a> Intake<'a> {
    /// The incidents claims are assessed against (to prepare them with).
    pub fn incidents(&self) -> &'a claim_core::Incidents {
        self.incidents
    }

    /// Adds one claim; the id it is kept under, or `None` when exactly this
    /// claim was already received. Refused once the intake is cancelled.
    pub fn add(&mut self, incoming: Incoming) -> Result<Option<String>, DeskError> {
        let prepared = Prepared::new(incoming, self.incidents);
        self.add_prepared(prepared)
    }

    /// Records what becomes of each claim added from now on (a
    /// submission answers for each).
    pub fn keep_outcomes(&mut self) {
        self.outcomes.get_or_insert_with(Vec::new);
    }

    /// What became of each claim added since [`Intake::keep_outcomes`].
    pub fn outcomes(&self) -> &[Added] {
        self.outcomes.as_deref().unwrap_or_default()
    }

    /// [`Intake::add`] of a claim already prepared.
    pub fn add_prepared(&mut self, prepared: Prepared) -> Result<Option<String>, DeskError> {
        let added = self.add_with_outcome(prepared)?;
        let kept = (added.outcome != Outcome::Unchanged).then(|| added.id.clone());
        if let Some(outcomes) = &mut self.outcomes {
            outcomes.push(added);
        }
        Ok(kept)
    }

    fn add_with_outcome(&mut self, prepared: Prepared) -> Result<Added, DeskError> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(DeskError::Cancelled);
        }
        let Prepared {
            origin,
            text,
            sha,
            facts,
            line,
        } = prepared;
        if let Some(before) = self.ledger.received_as(&sha)? {
            self.count.already += 1;
            return Ok(Added {
                id: before,
                claim_id: facts.claim_id,
                line,
                outcome: Outcome::Unchanged,
            });
        }
        let id = uuid::Uuid::now_v7().to_string();
        let intake_number = self.intake_number_for(facts.claim_id.as_deref())?;
        let made_at = believed_made_at(origin.made_at.as_deref(), &self.received_at);
        let kept = self.ledger.insert(&NewClaim {
            id: &id,
            facts: &facts,
            text: &text,
            sha: &sha,
            source: &origin.source,
            made_at: made_at.as_deref(),
            received_at: &self.received_at,
            pdf: origin.pdf.as_deref(),
            claim_number: origin.number.as_deref(),
            customer_details_included: origin.customer_details_included,
            intake_number: &intake_number,
            received_by: self.actor,
        })?;
        if !kept {
            // Another intake kept the very same claim meanwhile.
            self.count.already += 1;
            return Ok(Added {
                id: self.ledger.received_as(&sha)?.unwrap_or_default(),
                claim_id: facts.claim_id,
                line,
                outcome: Outcome::Unchanged,
            });
        }
        self.count.received += 1;
        let waiting_before = self.count.held + self.count.two_senders;
        let unchanged = self.hold_what_the_staff_must_decide(&id, &text, &facts)?;
        let group = match unchanged {
            Some(group) => group,
            None => group_of(self.ledger.as_mut(), &facts)?,
        };
        let replaced = settle_group(self.ledger.as_mut(), group)?;
        self.count.superseded += replaced;
        let outcome = if self.count.held + self.count.two_senders > waiting_before {
            Outcome::Held
        } else if replaced > 0
            && self
                .ledger
                .claim(&id)?
                .is_some_and(|kept| kept.superseded_by.is_none())
        {
            Outcome::Replaced
        } else {
            Outcome::Received
        };
        Ok(Added {
            id,
            claim_id: facts.claim_id,
            line,
            outcome,
        })
    }

    /// The association's number for a claim of `claim_id`: the one its
    /// earlier versions got, else the next of the intake's year (Korea
    /// time).
    fn intake_number_for(&mut self, claim_id: Option<&str>) -> Result<String, DeskError> {
        let year = claim_core::dates::parse_instant(&self.received_at)
            .map(|at| chrono::Datelike::year(&at.with_timezone(&claim_core::dates::KST)))
            .unwrap_or(1970);
        Ok(match self.ledger.intake_number(claim_id, year)? {
            IntakeNumber::OfLine(number) => number,
            IntakeNumber::Next(next) => format!("RX-{year}-{next:06}"),
        })
    }

    /// A new claim that would change where the money goes or who answers
    /// for the claim waits for the staff. From the claim's own line (a
    /// later version of the shop's claim) it is a held change; from another
    /// line it is a second sender, and the current claim waits beside it,
    /// whichever is newer: a stranger who knows a shop's public
    /// registration number must not become current by arriving first, nor
    /// by dating the file early. While two senders wait, every new claim of
    /// the business waits with them.
    fn hold_what_the_staff_must_decide(
        &mut self,
        id: &str,
        text: &str,
        facts: &ClaimFacts,
    ) -> Result<Option<Group>, DeskError> {
        let ledger = self.ledger.as_mut();
        let group = group_of(ledger, facts)?;
        let Some(arrived) = group.iter().find(|member| member.id == id) else {
            return Ok(Some(group));
        };
        let document = || serde_json::from_str(text).unwrap_or_default();
        if group.iter().any(Member::contested) {
            let changes = match other_sender(&group, id) {
                Some(other) => held_changes(&document_of(ledger, &other)?, &document()),
                None => Vec::new(),
            };
            ledger.hold(id, &changes, true)?;
            self.count.two_senders += 1;
            return Ok(None);
        }
        let Some(current) = current_of(&group, Some(id)) else {
            return Ok(Some(group));
        };
        let changes = held_changes(&document_of(ledger, &current)?, &document());
        if changes.is_empty() {
            return Ok(Some(group));
        }
        let current_member = group.iter().find(|member| member.id == current);
        if !current_member.is_some_and(|member| member.same_line(arrived)) {
            ledger.hold(id, &changes, true)?;
            ledger.hold(&current, &changes, true)?;
            log_held(
                ledger,
                &current,
                &self.received_at,
                "two senders held",
                None,
            )?;
            self.count.two_senders += 1;
            Ok(None)
        } else if current_of(&group, None).as_deref() == Some(id) {
            ledger.hold(id, &changes, false)?;
            self.count.held += 1;
            Ok(None)
        } else {
            Ok(Some(group))
        }
    }

    /// Keeps a claim's PDF (read after its claim, from the same bundle).
    pub fn attach_pdf(&mut self, id: &str, pdf: &[u8]) -> Result<(), DeskError> {
        self.ledger.attach_pdf(id, pdf)
    }

    /// Keeps everything added; unless cancelled meanwhile.
    pub fn commit(self) -> Result<IntakeCount, DeskError> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(DeskError::Cancelled);
        }
        self.ledger.commit()?;
        Ok(self.count)
    }
}

/// Progress of a long intake: claims handled so far.
pub type Progress<'a> = &'a dyn Fn(usize);

impl<S: Store> Desk<S> {
    /// Starts an intake: one transaction, kept only by [`Intake::commit`];
    /// dropped, cancelled or failed, nothing of it stays.
    pub fn intake<'a>(&'a mut self, cancel: &'a AtomicBool) -> Result<Intake<'a>, DeskError> {
        Ok(Intake {
            ledger: self.store.begin()?,
            incidents: &self.incidents,
            received_at: now(self.clock),
            cancel,
            count: IntakeCount::default(),
            actor: self.actor.as_deref(),
            outcomes: None,
        })
    }

    /// Takes in `claims` in one intake (see [`Desk::intake`]).
    pub fn take_in(
        &mut self,
        claims: impl IntoIterator<Item = Incoming>,
        progress: Progress<'_>,
        cancel: &AtomicBool,
    ) -> Result<IntakeCount, DeskError> {
        let mut intake = self.intake(cancel)?;
        for (handled, incoming) in claims.into_iter().enumerate() {
            intake.add(incoming)?;
            progress(handled + 1);
        }
        intake.commit()
    }
}
