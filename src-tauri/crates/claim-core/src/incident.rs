//! Incidents: the two presets of spec §3 and how a claim's incident window and
//! default claim period are resolved from a preset and/or explicit instants.

use crate::codes::EvidenceKind;
use crate::dates::kst_date;
use crate::definition::{AffectedService, Deadline, IncidentDefinition};
use crate::money::Won;
use chrono::{DateTime, FixedOffset, NaiveDate};

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

/// An incident the rules know by its code: a built-in definition file or
/// (later) one the association issued (`crate::definition`).
#[derive(Debug, PartialEq, Eq)]
pub struct Preset {
    pub code: &'static str,
    pub title_ko: &'static str,
    pub title_en: &'static str,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub default_period: DateRange,
    pub best_week_reference: Option<DateRange>,
    /// Losses above the last tier go to individual review.
    pub tiers: Option<&'static [Tier]>,
    /// Evidence this incident asks for beyond what every claim should carry.
    pub extra_evidence: &'static [EvidenceKind],
    /// The services it stopped, with when each came back where known.
    pub services: &'static [AffectedService],
    pub deadlines: &'static [Deadline],
}

/// Evidence every claim should carry, whatever the incident.
pub const BASE_EVIDENCE: &[EvidenceKind] =
    &[EvidenceKind::SalesProof, EvidenceKind::ServiceUseProof];

/// The presets: the definition files built into the app, read once. (A
/// built-in file that did not read would be left out; a test reads each.)
pub fn presets() -> &'static [Preset] {
    static PRESETS: std::sync::OnceLock<Vec<Preset>> = std::sync::OnceLock::new();
    PRESETS.get_or_init(|| {
        crate::definition::BUILT_IN
            .iter()
            .filter_map(|(_, text)| IncidentDefinition::read(text.as_bytes()).ok())
            .map(IncidentDefinition::into_preset)
            .collect()
    })
}

pub fn preset(code: &str) -> Option<&'static Preset> {
    presets().iter().find(|preset| preset.code == code)
}

/// The incident window, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
}

impl Window {
    pub fn contains(&self, instant: DateTime<FixedOffset>) -> bool {
        self.start <= instant && instant <= self.end
    }

    /// The incident's dates in Korea time.
    pub fn local_dates(&self) -> DateRange {
        DateRange {
            from: kst_date(self.start),
            to: kst_date(self.end),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_instant;

    #[test]
    fn kakao_preset_is_the_published_window() {
        let kakao = preset("kakao-2022-10").unwrap();
        assert_eq!(
            kakao.start,
            parse_instant("2022-10-15T15:30:00+09:00").unwrap()
        );
        assert_eq!(
            kakao.end,
            parse_instant("2022-10-20T23:00:00+09:00").unwrap()
        );
        assert_eq!((kakao.end - kakao.start).num_minutes(), 127 * 60 + 30);
        let kt = preset("kt-2021-10").unwrap();
        assert_eq!(kt.start, parse_instant("2021-10-25T02:16Z").unwrap());
        assert!(preset("kakao-2023").is_none());
    }

    /// The built-in files give exactly spec §3's presets.
    #[test]
    fn the_built_in_definitions_are_the_spec_presets() {
        use crate::dates::{kst_instant, ymd};
        for (code, text) in crate::definition::BUILT_IN {
            let read = IncidentDefinition::read(text.as_bytes());
            assert!(read.is_ok(), "{code}: {read:?}");
        }
        assert_eq!(presets().len(), 2);
        let kakao = preset("kakao-2022-10").unwrap();
        assert_eq!(kakao.start, kst_instant(2022, 10, 15, 15, 30));
        assert_eq!(kakao.end, kst_instant(2022, 10, 20, 23, 0));
        assert_eq!(
            kakao.default_period,
            DateRange {
                from: ymd(2022, 10, 15),
                to: ymd(2022, 10, 21)
            }
        );
        assert_eq!(
            kakao.best_week_reference,
            Some(DateRange {
                from: ymd(2022, 9, 3),
                to: ymd(2022, 10, 14)
            })
        );
        assert_eq!(
            kakao.tiers,
            Some(
                &[
                    Tier {
                        up_to: Won::new(300_000),
                        amount: Won::new(30_000)
                    },
                    Tier {
                        up_to: Won::new(500_000),
                        amount: Won::new(50_000)
                    },
                ][..]
            )
        );
        assert_eq!(
            kakao.extra_evidence,
            [
                EvidenceKind::SmallBusinessCertificate,
                EvidenceKind::BankAccountCopy
            ]
        );
        assert_eq!(
            kakao.services[0].restored_at,
            Some(kst_instant(2022, 10, 16, 1, 31))
        );
        let kt = preset("kt-2021-10").unwrap();
        assert_eq!(kt.start, kst_instant(2021, 10, 25, 11, 16));
        assert_eq!(kt.end, kst_instant(2021, 10, 25, 12, 45));
        assert_eq!(
            kt.default_period,
            DateRange {
                from: ymd(2021, 10, 25),
                to: ymd(2021, 10, 25)
            }
        );
        assert_eq!((kt.best_week_reference, kt.tiers), (None, None));
        assert!(kt.extra_evidence.is_empty());
    }

    #[test]
    fn tier_boundaries() {
        let tiers = preset("kakao-2022-10").unwrap().tiers.unwrap();
        let at = |won: i64| compensation(tiers, Some(Won::new(won)));
        assert_eq!(at(1).tier_amount, Some(Won::new(30_000)));
        assert_eq!(at(300_000).tier_amount, Some(Won::new(30_000)));
        assert_eq!(at(300_001).tier_amount, Some(Won::new(50_000)));
        assert_eq!(at(500_000).tier_amount, Some(Won::new(50_000)));
        assert_eq!(
            at(500_001),
            Compensation {
                tier_amount: None,
                individual_review: true
            }
        );
        assert_eq!(
            at(0),
            Compensation {
                tier_amount: None,
                individual_review: false
            }
        );
        assert_eq!(
            compensation(tiers, None),
            Compensation {
                tier_amount: None,
                individual_review: false
            }
        );
    }
}
