//! Which claim of a business is current: the newest of its claims for an
//! outage, unless the staff must decide first (a held change, two senders).

use super::store::Ledger;
use super::{believed_made_at, DeskError, HeldState};
use crate::facts::ClaimFacts;

/// One claim of a business's group (one business, one outage).
#[derive(Debug)]
pub(super) struct Member {
    pub(super) id: String,
    /// The shop's own claim id: versions of one claim share it (its line).
    /// A claim without one shares its line with no other.
    line: Option<String>,
    /// When the shop changed it, as believed.
    made_at: Option<String>,
    pub(super) held: Option<HeldState>,
    two_senders: bool,
    superseded_by: Option<String>,
}

impl Member {
    /// Not waiting for the staff and not set aside by them.
    fn may_be_current(&self) -> bool {
        !matches!(self.held, Some(HeldState::Held | HeldState::Dismissed))
    }

    /// Waiting because another sender claims the business.
    pub(super) fn contested(&self) -> bool {
        self.two_senders && self.held == Some(HeldState::Held)
    }

    pub(super) fn same_line(&self, other: &Member) -> bool {
        self.line.is_some() && self.line == other.line
    }
}

/// The claims of one business for one outage, in arrival order.
pub(super) type Group = Vec<Member>;

pub(super) fn group_of(ledger: &mut dyn Ledger, facts: &ClaimFacts) -> Result<Group, DeskError> {
    let (Some(number), Some(incident)) = (&facts.registration_number, &facts.incident) else {
        return Ok(Vec::new());
    };
    Ok(ledger
        .group(number, incident)?
        .into_iter()
        .map(|row| Member {
            // Rows kept before times were checked are checked here.
            made_at: believed_made_at(row.made_at.as_deref(), &row.received_at),
            id: row.id,
            line: row.claim_id,
            held: row.held_state,
            two_senders: row.two_senders,
            superseded_by: row.superseded_by,
        })
        .collect())
}

/// The newest of the members `keep` keeps. Newest: the latest time the
/// shop changed it (when the files say), else the latest to arrive; later
/// arrival wins ties.
fn newest(group: &Group, keep: impl Fn(&Member) -> bool) -> Option<&Member> {
    group
        .iter()
        .enumerate()
        .filter(|(_, member)| keep(member))
        .max_by(|(i, a), (j, b)| match (&a.made_at, &b.made_at) {
            (Some(x), Some(y)) => x.cmp(y).then(i.cmp(j)),
            _ => i.cmp(j),
        })
        .map(|(_, member)| member)
}

/// The claim current now, leaving out `except`: none while two senders
/// wait for the staff.
pub(super) fn current_of(group: &Group, except: Option<&str>) -> Option<String> {
    if group.iter().any(Member::contested) {
        return None;
    }
    newest(group, |member| {
        member.may_be_current() && Some(member.id.as_str()) != except
    })
    .map(|member| member.id.clone())
}

/// The claim a contested one is compared with: the newest claim of
/// another line still waiting, else the current one.
pub(super) fn other_sender(group: &Group, id: &str) -> Option<String> {
    let member = group.iter().find(|member| member.id == id)?;
    newest(group, |other| {
        other.contested() && other.id != id && !other.same_line(member)
    })
    .map(|other| other.id.clone())
    .or_else(|| current_of(group, Some(id)))
}

/// What each claim of one business for one outage points to, and how many
/// were newly replaced.
///
/// Normally the newest claim that may be current stays current and the
/// others point to it; a held change points nowhere (it waits, listed, out
/// of the statistics). While two senders wait, nothing is current: each
/// line's newest waiting claim points nowhere and every other claim points
/// to its own line's, or to the newest waiting one.
pub(super) fn settle_duplicates(
    ledger: &mut dyn Ledger,
    facts: &ClaimFacts,
) -> Result<usize, DeskError> {
    let group = group_of(ledger, facts)?;
    settle_group(ledger, group)
}

/// [`settle_duplicates`] of a group as just read.
pub(super) fn settle_group(ledger: &mut dyn Ledger, group: Group) -> Result<usize, DeskError> {
    if group.len() < 2 {
        return Ok(0);
    }
    let wanted: Vec<Option<String>> = if group.iter().any(Member::contested) {
        let head_of = |member: &Member| {
            newest(&group, |other| {
                other.contested() && (other.id == member.id || other.same_line(member))
            })
        };
        let newest_waiting = newest(&group, Member::contested).map(|m| m.id.clone());
        group
            .iter()
            .map(|member| match head_of(member) {
                Some(head) if head.id == member.id => None,
                Some(head) => Some(head.id.clone()),
                None if member.held == Some(HeldState::Held) => None,
                None => newest_waiting.clone(),
            })
            .collect()
    } else {
        let Some(current) = current_of(&group, None) else {
            return Ok(0);
        };
        group
            .iter()
            .map(|member| {
                (member.id != current && member.held != Some(HeldState::Held))
                    .then(|| current.clone())
            })
            .collect()
    };
    let mut newly = 0;
    for (member, wanted) in group.iter().zip(wanted) {
        if member.superseded_by != wanted {
            if member.superseded_by.is_none() {
                newly += 1;
            }
            ledger.set_superseded_by(&member.id, wanted.as_deref())?;
        }
    }
    Ok(newly)
}
