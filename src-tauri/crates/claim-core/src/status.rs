//! Where a claim is in its life, and what an owner may do with it there:
//! the one rule the store enforces, the list shows and the window offers.

use crate::Lang;
use serde::{Deserialize, Serialize};

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

/// The association's review of a claim: the staff's moves at the desk, the
/// status its answers carry to the shop, and what the shop keeps of them.
/// One type on both sides, stored and sent by [`Review::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    /// Taken in, not yet looked at.
    Received,
    /// Looked at, in order.
    Checked,
    /// Passed on to the platform for payment.
    Forwarded,
    /// Sent back to the shop to correct, with the reason.
    Returned,
}

impl Review {
    pub const ALL: [Review; 4] = [
        Review::Received,
        Review::Checked,
        Review::Forwarded,
        Review::Returned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Review::Received => "received",
            Review::Checked => "checked",
            Review::Forwarded => "forwarded",
            Review::Returned => "returned",
        }
    }

    pub fn from_code(code: &str) -> Option<Review> {
        Review::ALL.into_iter().find(|review| review.code() == code)
    }

    /// The staff's moves: received → checked → forwarded; returned from
    /// received or checked (with a reason); a returned claim can be received
    /// again, a checked one taken back to received.
    pub fn can_become(self, to: Review) -> bool {
        use Review::*;
        matches!(
            (self, to),
            (Received, Checked)
                | (Checked, Forwarded)
                | (Received | Checked, Returned)
                | (Returned, Received)
                | (Checked, Received)
        )
    }

    /// What the owner reads in the claim list.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Review::Received, Lang::Ko) => "연합회 접수",
            (Review::Received, Lang::En) => "received by the association",
            (Review::Checked, Lang::Ko) => "연합회 확인",
            (Review::Checked, Lang::En) => "checked by the association",
            (Review::Forwarded, Lang::Ko) => "보상 요청 전달됨",
            (Review::Forwarded, Lang::En) => "forwarded for payment",
            (Review::Returned, Lang::Ko) => "돌려받음 (고쳐서 다시 내기)",
            (Review::Returned, Lang::En) => "returned (correct and hand in again)",
        }
    }
}

/// What happens to a claim at the shop that may move it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The owner changed what the claim says.
    Edited,
    /// The final (not draft) PDF was made: what the owner will hand in.
    FinalPdf,
    /// The owner's own move: ready, back to draft, handed in, settled,
    /// withdrawn.
    Owner(Status),
    /// The association's receipt for the content the claim holds now.
    Receipt {
        /// The receipt kept before for this very content, imported again
        /// after the association returned the claim: it proves a handing
        /// in the return has since undone.
        before_return: bool,
    },
    /// The association's answer: where its review of the claim stands.
    Answer(Review),
}

/// Why an event cannot happen to a claim where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Submitted, settled or withdrawn: its content no longer changes.
    Closed(Status),
    /// Not a move the claim can make from here.
    Transition { from: Status, to: Status },
    /// The receipt is for content handed in before the association returned
    /// the claim: it no longer proves a handing in.
    ReceiptBeforeReturn,
}

impl Status {
    /// The claim's life in one table: where a claim at `self` goes when
    /// `event` happens: `Ok(Some(to))` it moves, `Ok(None)` it stays (the
    /// event is still recorded), `Err` the event is refused.
    ///
    /// | event \ from | draft | ready | exported | submitted | settled | withdrawn |
    /// |---|---|---|---|---|---|---|
    /// | edited | stays | draft | draft | closed | closed | closed |
    /// | final PDF | exported | exported | stays | stays | stays | stays |
    /// | owner's move | by [`Status::can_become`] | | | | | |
    /// | receipt | submitted | submitted | submitted | stays | stays | refused |
    /// | receipt before a return | refused | refused | refused | refused | refused | refused |
    /// | answer: received, checked, forwarded | submitted | submitted | submitted | stays | stays | stays |
    /// | answer: returned | stays | draft | draft | draft | stays | stays |
    ///
    /// A review moving on after a return (forwarded after all) closes the
    /// reopened claim again: its content is still what was handed in, or
    /// the answer would not have been about it.
    pub fn on(self, event: Event) -> Result<Option<Status>, Refusal> {
        use Status::*;
        match (event, self) {
            (Event::Edited, Draft) => Ok(None),
            (Event::Edited, Ready | Exported) => Ok(Some(Draft)),
            (Event::Edited, Submitted | Settled | Withdrawn) => Err(Refusal::Closed(self)),
            (Event::FinalPdf, Draft | Ready) => Ok(Some(Exported)),
            (Event::FinalPdf, _) => Ok(None),
            (Event::Owner(to), from) if from.can_become(to) => Ok(Some(to)),
            (Event::Owner(to), from) => Err(Refusal::Transition { from, to }),
            (
                Event::Receipt {
                    before_return: true,
                },
                _,
            ) => Err(Refusal::ReceiptBeforeReturn),
            (Event::Receipt { .. }, Withdrawn) => Err(Refusal::Transition {
                from: Withdrawn,
                to: Submitted,
            }),
            (Event::Receipt { .. }, Draft | Ready | Exported) => Ok(Some(Submitted)),
            (Event::Receipt { .. }, Submitted | Settled) => Ok(None),
            (Event::Answer(_), Settled | Withdrawn) => Ok(None),
            (
                Event::Answer(Review::Received | Review::Checked | Review::Forwarded),
                Draft | Ready | Exported,
            ) => Ok(Some(Submitted)),
            (Event::Answer(Review::Returned), Ready | Exported | Submitted) => Ok(Some(Draft)),
            (Event::Answer(_), Draft | Submitted) => Ok(None),
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
        use Status::*;
        let receipt = Event::Receipt {
            before_return: false,
        };
        let handed_in = [
            receipt,
            Event::Answer(Review::Received),
            Event::Answer(Review::Checked),
            Event::Answer(Review::Forwarded),
        ];
        for from in [Draft, Ready, Exported] {
            for event in handed_in {
                assert_eq!(from.on(event), Ok(Some(Submitted)), "{from:?} {event:?}");
            }
        }
        for from in Status::ALL {
            assert_eq!(
                from.on(Event::Receipt {
                    before_return: true
                }),
                Err(Refusal::ReceiptBeforeReturn),
                "an old receipt never closes a reopened claim ({from:?})"
            );
        }
        for from in [Settled, Withdrawn] {
            for review in Review::ALL {
                assert_eq!(
                    from.on(Event::Answer(review)),
                    Ok(None),
                    "{from:?} {review:?}"
                );
            }
        }
        assert!(Withdrawn.on(receipt).is_err());
        assert_eq!(
            Submitted.on(Event::Answer(Review::Returned)),
            Ok(Some(Draft))
        );
        assert_eq!(Draft.on(Event::Answer(Review::Returned)), Ok(None));
    }

    #[test]
    fn every_event_ends_where_the_owner_can_act_or_the_claim_is_handed_in() {
        use Status::*;
        let mut events = vec![
            Event::Edited,
            Event::FinalPdf,
            Event::Receipt {
                before_return: false,
            },
        ];
        events.extend(Review::ALL.map(Event::Answer));
        for from in Status::ALL {
            for event in &events {
                match from.on(*event) {
                    // The association's events end open for editing or
                    // handed in; the owner's edits and PDFs keep it open.
                    Ok(Some(to)) => match event {
                        Event::Receipt { .. } | Event::Answer(_) => {
                            assert!(matches!(to, Draft | Submitted), "{from:?} {event:?} {to:?}")
                        }
                        _ => assert!(to.is_editable(), "{from:?} {event:?} {to:?}"),
                    },
                    Ok(None) => {}
                    // Only a closed claim refuses an edit.
                    Err(Refusal::Closed(status)) => {
                        assert_eq!(status, from);
                        assert!(!from.is_editable() && *event == Event::Edited)
                    }
                    Err(refusal) => assert!(
                        from == Withdrawn && matches!(event, Event::Receipt { .. }),
                        "{from:?} {event:?} {refusal:?}"
                    ),
                }
            }
            // The owner's moves are exactly can_become's.
            for to in Status::ALL {
                assert_eq!(
                    from.on(Event::Owner(to)).is_ok(),
                    from.can_become(to),
                    "{from:?} → {to:?}"
                );
            }
        }
        // An edit is refused exactly where the claim is not editable.
        for from in Status::ALL {
            assert_eq!(
                from.on(Event::Edited).is_err(),
                !from.is_editable(),
                "{from:?}"
            );
        }
    }

    #[test]
    fn the_staff_move_a_review_only_as_it_allows() {
        use Review::*;
        assert!(Received.can_become(Checked) && Checked.can_become(Forwarded));
        assert!(!Forwarded.can_become(Returned) && !Received.can_become(Forwarded));
        for review in Review::ALL {
            assert_eq!(Review::from_code(review.code()), Some(review));
            assert!(!review.can_become(review), "{review:?}");
        }
        assert_eq!(Review::from_code("resent"), None);
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
