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

/// Evidence a claim for a custom outage (no definition) should carry; an
/// incident's definition lists its own (spec §6).
pub const BASE_EVIDENCE: &[EvidenceKind] =
    &[EvidenceKind::SalesProof, EvidenceKind::ServiceUseProof];

/// One step of a scale by days out (spec §3.1): a shop out for `from_days`
/// days or more (up to the next step) gets `amount`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DaysTier {
    pub from_days: u32,
    pub amount: Won,
}

/// An incident's compensation rule (spec §3.1): at most one per incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompensationRule {
    /// By revenue loss; above the last tier, individual review (Kakao 2022).
    Loss(Vec<Tier>),
    /// By the days the shop was out; a flat amount per step (KT 2018).
    DaysOut(Vec<DaysTier>),
}

impl CompensationRule {
    /// The basis as the definition file names it.
    pub fn basis(&self) -> &'static str {
        match self {
            CompensationRule::Loss(_) => "loss",
            CompensationRule::DaysOut(_) => "days_out",
        }
    }

    /// What the rule gives a claim with this revenue loss and this
    /// effective window (`None` when unknown).
    pub fn apply(&self, revenue_loss: Option<Won>, days_out: Option<u32>) -> Compensation {
        match self {
            CompensationRule::Loss(tiers) => compensation(tiers, revenue_loss),
            CompensationRule::DaysOut(tiers) => Compensation {
                tier_amount: days_out
                    .and_then(|days| days_tier(tiers, days))
                    .map(|tier| tier.amount),
                individual_review: false,
                days_out: Some(days_out),
            },
        }
    }
}

/// What the compensation rule gives a claim (spec §7's `compensation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compensation {
    pub tier_amount: Option<Won>,
    pub individual_review: bool,
    /// Under a `days_out` rule only: the days out, `Some(None)` when the
    /// effective window is unknown.
    pub days_out: Option<Option<u32>>,
}

impl Compensation {
    /// Whether it was given by a rule by days out (only those carry
    /// `days_out`, known or not).
    pub fn by_days_out(&self) -> bool {
        self.days_out.is_some()
    }
}

/// The `loss` rule: the first tier whose `up_to` covers the loss; above the
/// last, individual review; 0 or unknown, neither.
pub fn compensation(tiers: &[Tier], revenue_loss: Option<Won>) -> Compensation {
    let (tier_amount, individual_review) = match revenue_loss {
        Some(loss) if loss > Won::ZERO => match tiers.iter().find(|tier| loss <= tier.up_to) {
            Some(tier) => (Some(tier.amount), false),
            None => (None, true),
        },
        _ => (None, false),
    };
    Compensation {
        tier_amount,
        individual_review,
        days_out: None,
    }
}

/// The days a shop was out over `start..end`: every started 24 hours count
/// as a day (10 h → 1, exactly 48 h → 2, 48 h and a second → 3). `None`
/// when the end is not after the start.
pub fn days_out(
    start: chrono::DateTime<chrono::FixedOffset>,
    end: chrono::DateTime<chrono::FixedOffset>,
) -> Option<u32> {
    const DAY_NANOS: i64 = 24 * 60 * 60 * 1_000_000_000;
    let nanos = (end - start).num_nanoseconds()?;
    if nanos <= 0 {
        return None;
    }
    let days = nanos / DAY_NANOS + i64::from(nanos % DAY_NANOS != 0);
    u32::try_from(days).ok()
}

/// The step of a days-out scale for `days`: the last whose `from_days` is
/// at most `days`; none below the first.
pub fn days_tier(tiers: &[DaysTier], days: u32) -> Option<&DaysTier> {
    tiers.iter().rev().find(|tier| tier.from_days <= days)
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

/// The days one step of a days-out scale covers, from the scale itself:
/// `1~2일`, `5일`, the last open-ended `7일 이상`; `1–2 days`.
pub fn days_span(tiers: &[DaysTier], tier: &DaysTier, lang: crate::Lang) -> String {
    let next = tiers
        .iter()
        .find(|other| other.from_days > tier.from_days)
        .map(|other| other.from_days - 1);
    match (next, lang) {
        (Some(last), crate::Lang::Ko) if last == tier.from_days => format!("{last}일"),
        (Some(last), crate::Lang::Ko) => format!("{}~{last}일", tier.from_days),
        (None, crate::Lang::Ko) => format!("{}일 이상", tier.from_days),
        (Some(1), crate::Lang::En) if tier.from_days == 1 => "1 day".to_owned(),
        (Some(last), crate::Lang::En) if last == tier.from_days => format!("{last} days"),
        (Some(last), crate::Lang::En) => format!("{}–{last} days", tier.from_days),
        (None, crate::Lang::En) => format!("{} days or more", tier.from_days),
    }
}

/// One step of a days-out scale in words: `40만 원 (1~2일)`, `120만 원
/// (7일 이상)`.
pub fn days_tier_label(tiers: &[DaysTier], tier: &DaysTier, lang: crate::Lang) -> String {
    let span = days_span(tiers, tier, lang);
    match lang {
        crate::Lang::Ko => format!("{} ({span})", scale_won(tier.amount, lang)),
        crate::Lang::En => format!("{} ({span} out)", scale_won(tier.amount, lang)),
    }
}

/// What a claim's compensation comes to, in words, under the incident's
/// rule: for `loss` as [`compensation_label`]; for `days_out` the step (or
/// none below the first step, or the window unknown).
pub fn rule_label(rule: &CompensationRule, outcome: &Compensation, lang: crate::Lang) -> String {
    match rule {
        CompensationRule::Loss(tiers) => compensation_label(tiers, outcome, lang),
        CompensationRule::DaysOut(tiers) => {
            let step = outcome
                .days_out
                .flatten()
                .and_then(|days| days_tier(tiers, days));
            match (step, lang) {
                (Some(tier), _) => days_tier_label(tiers, tier, lang),
                (None, crate::Lang::Ko) => "해당 없음".to_owned(),
                (None, crate::Lang::En) => "None".to_owned(),
            }
        }
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
