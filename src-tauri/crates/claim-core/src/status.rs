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

/// What the association sent back that may move a claim: a receipt, or an
/// answer's review status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FromAssociation {
    /// A receipt for the content the claim holds now.
    Receipt {
        /// The receipt kept before for this very content, imported again
        /// after the association returned the claim: it proves a handing
        /// in the return has since undone.
        before_return: bool,
    },
    Received,
    Checked,
    Forwarded,
    Returned,
}

impl Status {
    /// Where a claim moves when `event` arrives from the association (its
    /// signature and content already checked), or `None` when it stays.
    /// One table for receipts and answers, beside [`Status::can_become`]
    /// for the owner's own moves:
    ///
    /// | event \ from | draft, ready | exported | submitted | settled, withdrawn |
    /// |---|---|---|---|---|
    /// | receipt | submitted | submitted | – | – |
    /// | receipt before a return | – | – | – | – |
    /// | received, checked, forwarded | submitted | submitted | – | – |
    /// | returned | – (draft already open; ready → draft) | draft | draft | – |
    ///
    /// A review moving on after a return (forwarded after all) closes the
    /// reopened claim again: its content is still what was handed in, or
    /// the answer would not have been about it.
    pub fn after_association(self, event: FromAssociation) -> Option<Status> {
        use FromAssociation::*;
        use Status::*;
        match (event, self) {
            (_, Settled | Withdrawn) => None,
            (
                Receipt {
                    before_return: true,
                },
                _,
            ) => None,
            (
                Receipt {
                    before_return: false,
                }
                | Received
                | Checked
                | Forwarded,
                Draft | Ready | Exported,
            ) => Some(Submitted),
            (Returned, Ready | Exported | Submitted) => Some(Draft),
            _ => None,
        }
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
    fn the_association_moves_a_claim_by_one_table() {
        use FromAssociation::*;
        use Status::*;
        let receipt = Receipt {
            before_return: false,
        };
        for from in [Draft, Ready, Exported] {
            for event in [receipt, Received, Checked, Forwarded] {
                assert_eq!(
                    from.after_association(event),
                    Some(Submitted),
                    "{from:?} {event:?}"
                );
            }
        }
        for from in Status::ALL {
            assert_eq!(
                from.after_association(Receipt {
                    before_return: true
                }),
                None,
                "an old receipt never closes a reopened claim ({from:?})"
            );
            if matches!(from, Settled | Withdrawn) {
                for event in [receipt, Received, Checked, Forwarded, Returned] {
                    assert_eq!(from.after_association(event), None, "{from:?} {event:?}");
                }
            }
        }
        assert_eq!(Submitted.after_association(Returned), Some(Draft));
        assert_eq!(Draft.after_association(Returned), None);
        // Every move the association makes ends open for editing or handed in.
        for from in Status::ALL {
            for event in [receipt, Received, Checked, Forwarded, Returned] {
                if let Some(to) = from.after_association(event) {
                    assert!(matches!(to, Draft | Submitted), "{from:?} {event:?} {to:?}");
                }
            }
        }
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
