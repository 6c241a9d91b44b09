//! Where a claim is in its life, and what an owner may do with it there:
//! the one rule the store enforces, the list shows and the window offers.

use serde::Serialize;

/// Where a claim is in its life: `draft → ready → exported → submitted →
/// settled`, or `withdrawn`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Ready,
    Exported,
    Submitted,
    Settled,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Ready,
        Status::Exported,
        Status::Submitted,
        Status::Settled,
        Status::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Ready => "ready",
            Status::Exported => "exported",
            Status::Submitted => "submitted",
            Status::Settled => "settled",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }

    /// A claim can be edited until it is submitted; editing a ready or
    /// exported claim puts it back to draft.
    pub fn is_editable(self) -> bool {
        matches!(self, Status::Draft | Status::Ready | Status::Exported)
    }

    /// The moves an owner can make. Going back to edit is allowed until the
    /// claim is submitted; a settled or withdrawn claim is closed.
    pub fn can_become(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Draft, Ready)
                | (Ready, Draft)
                | (Ready, Exported)
                | (Exported, Draft)
                | (Exported, Ready)
                | (Exported, Exported)
                | (Exported, Submitted)
                | (Submitted, Settled)
                | (Draft | Ready | Exported | Submitted, Withdrawn)
        )
    }
}

impl Status {
    /// When the filing deadline should be pointed out: only while the claim
    /// is still open (an owner cannot act on a submitted or closed one).
    pub fn deadline_warning(self, days_left: i64) -> DeadlineWarning {
        match days_left {
            _ if !self.is_editable() => DeadlineWarning::None,
            days if days < 0 => DeadlineWarning::Passed,
            0 => DeadlineWarning::Today,
            days if days <= DEADLINE_SOON_DAYS => DeadlineWarning::Soon,
            _ => DeadlineWarning::None,
        }
    }
}

/// How near a claim's filing deadline is, for the list and the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineWarning {
    None,
    /// Within [`DEADLINE_SOON_DAYS`] days.
    Soon,
    Today,
    Passed,
}

/// The list warns of a filing deadline this many days ahead.
pub const DEADLINE_SOON_DAYS: i64 = 14;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_moves_only_as_its_life_allows() {
        use Status::*;
        assert!(Exported.can_become(Submitted));
        for from in [Draft, Ready, Submitted, Settled, Withdrawn] {
            assert!(!from.can_become(Submitted), "{from:?}");
        }
        assert!(!Settled.can_become(Withdrawn) && !Withdrawn.can_become(Draft));
        assert_eq!(Status::from_code("exported"), Some(Exported));
    }

    #[test]
    fn the_deadline_is_pointed_out_only_while_the_claim_is_open() {
        assert_eq!(Status::Draft.deadline_warning(14), DeadlineWarning::Soon);
        assert_eq!(Status::Draft.deadline_warning(15), DeadlineWarning::None);
        assert_eq!(Status::Exported.deadline_warning(0), DeadlineWarning::Today);
        assert_eq!(Status::Ready.deadline_warning(-1), DeadlineWarning::Passed);
        assert_eq!(
            Status::Submitted.deadline_warning(-1),
            DeadlineWarning::None
        );
    }
}
