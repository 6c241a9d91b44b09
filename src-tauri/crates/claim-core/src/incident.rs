//! Incidents: the two incidents of spec §3 and how a claim's incident window and
//! default claim period are resolved from a incident and/or explicit instants.

use crate::codes::EvidenceKind;
use crate::dates::kst_date;
use crate::definition::{AffectedService, Deadline, IncidentDefinition};
use crate::signature::Verification;
pub use crate::terms::{
    compensation, compensation_label, days_out, days_span, days_tier, days_tier_label, rule_label,
    scale_won, tier_label, Compensation, CompensationRule, DateRange, DaysTier, Tier,
    BASE_EVIDENCE,
};
use chrono::{DateTime, FixedOffset};

/// An incident the rules know by its code: a built-in definition file or
/// one imported from the association (`crate::definition`).
#[derive(Debug, PartialEq, Eq)]
pub struct Incident {
    pub code: &'static str,
    pub title_ko: &'static str,
    pub title_en: &'static str,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub default_period: DateRange,
    pub best_week_reference: Option<DateRange>,
    /// How claims are paid, if the incident says (spec §3.1).
    pub compensation: Option<CompensationRule>,
    /// The evidence a claim for this incident should carry: what the
    /// definition's `required_evidence` lists, no more (spec §6: the
    /// association decides, and a days-out scheme may not ask for sales
    /// proof).
    pub required_evidence: &'static [EvidenceKind],
    /// The services it stopped, with when each came back where known.
    pub services: &'static [AffectedService],
    pub deadlines: &'static [Deadline],
    /// Where and how to hand claims in, when the definition says.
    pub hand_in: Option<&'static crate::definition::Bilingual>,
    /// Built in, signed by a trusted key, or unverified (and shown so).
    pub verification: Verification,
}

impl Incident {
    /// The incident the rules engine uses. Its texts live as long as the
    /// program: definitions are few and read once (built-ins at start).
    pub fn from_definition(definition: IncidentDefinition, verification: Verification) -> Incident {
        let this = definition;
        fn keep<T>(items: Vec<T>) -> &'static [T] {
            Box::leak(items.into_boxed_slice())
        }
        fn keep_str(text: String) -> &'static str {
            Box::leak(text.into_boxed_str())
        }
        Incident {
            code: keep_str(this.id),
            title_ko: keep_str(this.title.ko),
            title_en: keep_str(this.title.en),
            start: this.start,
            end: this.end,
            default_period: this.default_period,
            best_week_reference: this.best_week_reference,
            compensation: this.compensation,
            required_evidence: keep(this.required_evidence),
            services: keep(this.services),
            deadlines: keep(this.deadlines),
            hand_in: this.hand_in.map(|text| &*Box::leak(Box::new(text))),
            verification,
        }
    }
    /// The last day to file a claim, if the incident has one.
    pub fn filing_deadline(&self) -> Option<&'static Deadline> {
        crate::definition::filing_deadline(self.deadlines)
    }

    /// The last day to hand in the documents, if the incident has one (the
    /// latest, as with the filing deadline).
    pub fn documents_deadline(&self) -> Option<&'static Deadline> {
        self.deadlines
            .iter()
            .filter(|deadline| deadline.kind == crate::definition::DeadlineKind::Documents)
            .max_by_key(|deadline| deadline.date)
    }
}

/// The incidents: the definition files built into the app, read once. (A
/// built-in file that did not read would be left out; a test reads each.)
pub fn built_in_incidents() -> &'static [Incident] {
    static BUILT_IN: std::sync::OnceLock<Vec<Incident>> = std::sync::OnceLock::new();
    BUILT_IN.get_or_init(|| {
        crate::definition::BUILT_IN
            .iter()
            .filter_map(|(_, text)| IncidentDefinition::read(text.as_bytes()).ok())
            .map(|definition| Incident::from_definition(definition, Verification::BuiltIn))
            .collect()
    })
}

/// A built-in incident by its code.
pub fn built_in_incident(code: &str) -> Option<&'static Incident> {
    built_in_incidents()
        .iter()
        .find(|incident| incident.code == code)
}

/// The incidents a claim can name: the built-in ones, and those imported
/// into this shop's (or association's) store. Passed into the assessment,
/// so the rules know no more than the caller gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Incidents {
    imported: Vec<&'static Incident>,
}

impl Incidents {
    /// Only the incidents built into the app.
    pub fn built_in() -> Incidents {
        Incidents::default()
    }

    /// The built-in incidents and these imported ones. An imported
    /// definition with a built-in's id replaces it (the store lets only a
    /// verified one do that).
    pub fn with_imported(
        imported: impl IntoIterator<Item = (IncidentDefinition, Verification)>,
    ) -> Incidents {
        Incidents {
            imported: imported
                .into_iter()
                .map(|(definition, verification)| intern(definition, verification))
                .collect(),
        }
    }

    pub fn find(&self, code: &str) -> Option<&'static Incident> {
        self.imported
            .iter()
            .copied()
            .find(|incident| incident.code == code)
            .or_else(|| built_in_incident(code))
    }

    /// Every incident, imported ones first (they are the newer).
    pub fn all(&self) -> Vec<&'static Incident> {
        let mut all = self.imported.clone();
        all.extend(
            built_in_incidents()
                .iter()
                .filter(|built_in| !self.imported.iter().any(|i| i.code == built_in.code)),
        );
        all
    }
}

/// Incidents live as long as the program (the rules hold `&'static Incident`).
/// The same definition read again is the same incident, so re-reading the
/// store's imports on every change does not grow memory.
fn intern(definition: IncidentDefinition, verification: Verification) -> &'static Incident {
    type Known = Vec<(IncidentDefinition, Verification, &'static Incident)>;
    static KNOWN: std::sync::Mutex<Known> = std::sync::Mutex::new(Vec::new());
    let mut known = KNOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, _, existing)) = known
        .iter()
        .find(|(d, v, _)| *d == definition && *v == verification)
    {
        return existing;
    }
    let kept: &'static Incident = Box::leak(Box::new(Incident::from_definition(
        definition.clone(),
        verification.clone(),
    )));
    known.push((definition, verification, kept));
    kept
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_instant;
    use crate::money::Won;

    #[test]
    fn a_scale_is_worded_from_its_own_amounts() {
        use crate::Lang::{En, Ko};
        let tier = Tier {
            up_to: Won::new(300_000),
            amount: Won::new(30_000),
        };
        assert_eq!(tier_label(&tier, Ko), "3만 원 (30만 원 이하 손실)");
        assert_eq!(tier_label(&tier, En), "30,000 won (loss up to 300,000)");
        let other = [
            Tier {
                up_to: Won::new(1_000_000),
                amount: Won::new(120_000),
            },
            Tier {
                up_to: Won::new(200_000_000),
                amount: Won::new(12_345),
            },
        ];
        let at = |won: i64| compensation(&other, Some(Won::new(won)));
        assert_eq!(
            compensation_label(&other, &at(900_000), Ko),
            "12만 원 (100만 원 이하 손실)"
        );
        assert_eq!(
            compensation_label(&other, &at(2_000_000), Ko),
            "12,345원 (2억 원 이하 손실)"
        );
        assert_eq!(
            compensation_label(&other, &at(300_000_000), Ko),
            "개별 심사 대상 (2억 원 초과)"
        );
        assert_eq!(
            compensation_label(&other, &at(300_000_000), En),
            "Individual review (loss over 200,000,000)"
        );
        assert_eq!(
            compensation_label(&other, &compensation(&other, None), Ko),
            "해당 없음"
        );
    }

    #[test]
    fn a_days_out_scale_is_worded_from_its_own_steps() {
        use crate::Lang::{En, Ko};
        let steps: Vec<DaysTier> = [
            (1, 400_000),
            (3, 800_000),
            (5, 1_000_000),
            (6, 1_100_000),
            (7, 1_200_000),
        ]
        .iter()
        .map(|&(from_days, amount)| DaysTier {
            from_days,
            amount: Won::new(amount),
        })
        .collect();
        let words: Vec<String> = steps
            .iter()
            .map(|tier| days_tier_label(&steps, tier, Ko))
            .collect();
        assert_eq!(
            words,
            [
                "40만 원 (1~2일)",
                "80만 원 (3~4일)",
                "100만 원 (5일)",
                "110만 원 (6일)",
                "120만 원 (7일 이상)"
            ]
        );
        assert_eq!(
            days_tier_label(&steps, &steps[0], En),
            "400,000 won (1–2 days out)"
        );
        assert_eq!(
            days_tier_label(&steps, &steps[2], En),
            "1,000,000 won (5 days out)"
        );
        assert_eq!(
            days_tier_label(&steps, &steps[4], En),
            "1,200,000 won (7 days or more out)"
        );
        let rule = CompensationRule::DaysOut(steps);
        assert_eq!(
            rule_label(&rule, &rule.apply(None, Some(4)), Ko),
            "80만 원 (3~4일)"
        );
        assert_eq!(rule_label(&rule, &rule.apply(None, None), Ko), "해당 없음");
        // Below the first step: nothing.
        let from_two = CompensationRule::DaysOut(vec![DaysTier {
            from_days: 2,
            amount: Won::new(10_000),
        }]);
        assert_eq!(from_two.apply(None, Some(1)).tier_amount, None);
        assert_eq!(
            from_two.apply(None, Some(2)).tier_amount,
            Some(Won::new(10_000))
        );
        assert_eq!(from_two.apply(None, Some(1)).days_out, Some(Some(1)));
    }

    #[test]
    fn kakao_preset_is_the_published_window() {
        let kakao = built_in_incident("kakao-2022-10").unwrap();
        assert_eq!(
            kakao.start,
            parse_instant("2022-10-15T15:30:00+09:00").unwrap()
        );
        assert_eq!(
            kakao.end,
            parse_instant("2022-10-20T23:00:00+09:00").unwrap()
        );
        assert_eq!((kakao.end - kakao.start).num_minutes(), 127 * 60 + 30);
        let kt = built_in_incident("kt-2021-10").unwrap();
        assert_eq!(kt.start, parse_instant("2021-10-25T02:16Z").unwrap());
        assert!(built_in_incident("kakao-2023").is_none());
    }

    /// The built-in files give exactly spec §3's incidents.
    #[test]
    fn the_built_in_definitions_are_the_spec_presets() {
        use crate::dates::{kst_instant, ymd};
        for (code, text) in crate::definition::BUILT_IN {
            let read = IncidentDefinition::read(text.as_bytes());
            assert!(read.is_ok(), "{code}: {read:?}");
        }
        assert_eq!(built_in_incidents().len(), 2);
        let kakao = built_in_incident("kakao-2022-10").unwrap();
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
            kakao.compensation,
            Some(CompensationRule::Loss(vec![
                Tier {
                    up_to: Won::new(300_000),
                    amount: Won::new(30_000)
                },
                Tier {
                    up_to: Won::new(500_000),
                    amount: Won::new(50_000)
                },
            ]))
        );
        assert_eq!(
            kakao.required_evidence,
            [
                EvidenceKind::SmallBusinessCertificate,
                EvidenceKind::SalesProof,
                EvidenceKind::ServiceUseProof,
                EvidenceKind::BankAccountCopy
            ]
        );
        assert_eq!(
            kakao.services[0].restored_at,
            Some(kst_instant(2022, 10, 16, 1, 31))
        );
        let kt = built_in_incident("kt-2021-10").unwrap();
        assert_eq!(kt.start, kst_instant(2021, 10, 25, 11, 16));
        assert_eq!(kt.end, kst_instant(2021, 10, 25, 12, 45));
        assert_eq!(
            kt.default_period,
            DateRange {
                from: ymd(2021, 10, 25),
                to: ymd(2021, 10, 25)
            }
        );
        assert_eq!((kt.best_week_reference, &kt.compensation), (None, &None));
        assert_eq!(
            kt.required_evidence,
            [EvidenceKind::SalesProof, EvidenceKind::ServiceUseProof]
        );
    }

    #[test]
    fn tier_boundaries() {
        let Some(CompensationRule::Loss(tiers)) =
            &built_in_incident("kakao-2022-10").unwrap().compensation
        else {
            panic!("Kakao's rule is by loss");
        };
        let at = |won: i64| compensation(tiers, Some(Won::new(won)));
        assert_eq!(at(1).tier_amount, Some(Won::new(30_000)));
        assert_eq!(at(300_000).tier_amount, Some(Won::new(30_000)));
        assert_eq!(at(300_001).tier_amount, Some(Won::new(50_000)));
        assert_eq!(at(500_000).tier_amount, Some(Won::new(50_000)));
        assert_eq!(
            at(500_001),
            Compensation {
                tier_amount: None,
                individual_review: true,
                days_out: None
            }
        );
        assert_eq!(
            at(0),
            Compensation {
                tier_amount: None,
                individual_review: false,
                days_out: None
            }
        );
        assert_eq!(
            compensation(tiers, None),
            Compensation {
                tier_amount: None,
                individual_review: false,
                days_out: None
            }
        );
    }
}
