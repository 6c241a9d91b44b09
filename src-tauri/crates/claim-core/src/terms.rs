//! The terms an incident is stated in, apart from any one incident: date
//! ranges, the compensation scale and how it is worded, and the evidence
//! every claim carries. A leaf: `definition`, `incident` and the rules use
//! it, it uses none of them.

use crate::codes::EvidenceKind;
use crate::money::Won;
use chrono::NaiveDate;

/// One step of a compensation scale: revenue losses up to `up_to` get `amount`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tier {
    pub up_to: Won,
    pub amount: Won,
}

/// An inclusive range of dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DateRange {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Evidence every claim should carry, whatever the incident.
pub const BASE_EVIDENCE: &[EvidenceKind] =
    &[EvidenceKind::SalesProof, EvidenceKind::ServiceUseProof];

/// What the compensation scale gives for a revenue loss (spec §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compensation {
    pub tier_amount: Option<Won>,
    pub individual_review: bool,
}

pub fn compensation(tiers: &[Tier], revenue_loss: Option<Won>) -> Compensation {
    match revenue_loss {
        Some(loss) if loss > Won::ZERO => match tiers.iter().find(|tier| loss <= tier.up_to) {
            Some(tier) => Compensation {
                tier_amount: Some(tier.amount),
                individual_review: false,
            },
            None => Compensation {
                tier_amount: None,
                individual_review: true,
            },
        },
        _ => Compensation {
            tier_amount: None,
            individual_review: false,
        },
    }
}

/// An amount as a scale names it: `3만 원`, `150만 원`, `1억 원`, else
/// `12,345원`; in English `30,000 won`.
pub fn scale_won(won: Won, lang: crate::Lang) -> String {
    let value = won.get();
    match lang {
        crate::Lang::Ko if value != 0 && value % 100_000_000 == 0 => {
            format!(
                "{}억 원",
                crate::money::group_thousands(value / 100_000_000)
            )
        }
        crate::Lang::Ko if value != 0 && value % 10_000 == 0 => {
            format!("{}만 원", crate::money::group_thousands(value / 10_000))
        }
        crate::Lang::Ko => format!("{}원", crate::money::group_thousands(value)),
        crate::Lang::En => format!("{} won", crate::money::group_thousands(value)),
    }
}

/// One tier as the association's figures and the editor name it, from the
/// incident's own scale: `3만 원 (30만 원 이하 손실)`.
pub fn tier_label(tier: &Tier, lang: crate::Lang) -> String {
    match lang {
        crate::Lang::Ko => format!(
            "{} ({} 이하 손실)",
            scale_won(tier.amount, lang),
            scale_won(tier.up_to, lang)
        ),
        crate::Lang::En => format!(
            "{} (loss up to {})",
            scale_won(tier.amount, lang),
            crate::money::group_thousands(tier.up_to.get())
        ),
    }
}

/// What a claim's compensation comes to, in words, on the incident's scale:
/// its tier, individual review above the last tier, or none.
pub fn compensation_label(tiers: &[Tier], outcome: &Compensation, lang: crate::Lang) -> String {
    let over = tiers.last().map(|last| scale_won(last.up_to, lang));
    match (outcome.tier_amount, outcome.individual_review, lang) {
        (_, true, crate::Lang::Ko) => match over {
            Some(over) => format!("개별 심사 대상 ({over} 초과)"),
            None => "개별 심사 대상".to_owned(),
        },
        (_, true, crate::Lang::En) => match tiers.last() {
            Some(last) => format!(
                "Individual review (loss over {})",
                crate::money::group_thousands(last.up_to.get())
            ),
            None => "Individual review".to_owned(),
        },
        (Some(amount), false, _) => match tiers.iter().find(|tier| tier.amount == amount) {
            Some(tier) => tier_label(tier, lang),
            None => scale_won(amount, lang),
        },
        (None, false, crate::Lang::Ko) => "해당 없음".to_owned(),
        (None, false, crate::Lang::En) => "None".to_owned(),
    }
}
