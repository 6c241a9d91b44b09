//! What the association needs to know of a received claim, computed once by
//! the rules engine when it arrives: who, which outage, how much, which
//! services, the Kakao tier, errors and missing evidence.

use claim_core::codes::{EvidenceKind, Vocabulary};
use claim_core::problem::Issue;
use claim_core::{assess_value_with, Assessment};
use serde::{Deserialize, Serialize};

/// One affected service as the shop counted it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceUse {
    pub service: String,
    pub paid: bool,
}

/// The compensation tier a claim falls in, on its incident's own scale.
/// Kept as its code: the tier's amount in won (`30000`), `review` or `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// The tier paying this many won.
    Paid(i64),
    /// Above the last tier: individual review.
    Review,
    /// No loss, no tiers for this incident, or not computable.
    None,
}

impl Tier {
    pub fn code(self) -> String {
        match self {
            Tier::Paid(won) => won.to_string(),
            Tier::Review => "review".to_owned(),
            Tier::None => "none".to_owned(),
        }
    }

    pub fn from_code(code: &str) -> Tier {
        match code {
            "review" => Tier::Review,
            other => other.parse::<i64>().map_or(Tier::None, Tier::Paid),
        }
    }

    /// How the tier reads, worded from the incident's own scale (`tiers`,
    /// when the incident is known here) by the rules engine.
    pub fn label(
        self,
        tiers: Option<&[claim_core::incident::Tier]>,
        lang: claim_core::Lang,
    ) -> String {
        use claim_core::incident::{scale_won, tier_label};
        use claim_core::Lang;
        use claim_core::Won;
        match (self, lang) {
            (Tier::Paid(won), _) => tiers
                .and_then(|tiers| tiers.iter().find(|tier| tier.amount.get() == won))
                .map_or_else(
                    || scale_won(Won::new(won), lang),
                    |tier| tier_label(tier, lang),
                ),
            (Tier::Review, Lang::Ko) => "개별 심사".to_owned(),
            (Tier::Review, Lang::En) => "Individual review".to_owned(),
            (Tier::None, Lang::Ko) => "해당 없음".to_owned(),
            (Tier::None, Lang::En) => "None".to_owned(),
        }
    }
}

impl Serialize for Tier {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Tier {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Tier::from_code(&String::deserialize(deserializer)?))
    }
}

/// What a received claim is, as the rules engine gave it when it arrived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimFacts {
    pub claim_id: Option<String>,
    /// Digits only, so `105-23-45674` and `1052345674` are one business.
    pub registration_number: Option<String>,
    /// The incident code, or `custom:<start>/<end>` for a custom outage.
    pub incident: Option<String>,
    pub business_name: Option<String>,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub services: Vec<ServiceUse>,
    pub claimed: Option<i64>,
    pub revenue_loss: Option<i64>,
    pub tier: Tier,
    pub error_count: i64,
    pub warning_count: i64,
    pub missing_evidence: Vec<String>,
}

pub fn facts(
    document: &serde_json::Map<String, serde_json::Value>,
    incidents: &claim_core::Incidents,
) -> ClaimFacts {
    let (claim, assessment) = assess_value_with(document, incidents);
    facts_of(&claim, &assessment)
}

fn facts_of(claim: &claim_core::claim::Claim, assessment: &Assessment) -> ClaimFacts {
    let registration_number = claim
        .business
        .registration_number
        .as_ref()
        .map(|text| {
            text.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|digits| !digits.is_empty());
    let incident = match claim.incident.preset.valid() {
        Some(incident) => Some(incident.code.to_owned()),
        None => assessment.window.map(|window| {
            format!(
                "custom:{}/{}",
                window.start.to_rfc3339(),
                window.end.to_rfc3339()
            )
        }),
    };
    let tier = match assessment.compensation {
        Some(c) if c.individual_review => Tier::Review,
        Some(c) => c
            .tier_amount
            .map_or(Tier::None, |won| Tier::Paid(won.get())),
        None => Tier::None,
    };
    let missing_evidence = assessment
        .problems
        .iter()
        .filter_map(|problem| match problem.issue {
            Issue::EvidenceMissing(kind) => Some(EvidenceKind::code(kind).to_owned()),
            _ => None,
        })
        .collect();
    let errors = assessment
        .problems
        .iter()
        .filter(|p| p.code().is_error())
        .count();
    ClaimFacts {
        claim_id: claim.id.clone(),
        registration_number,
        incident,
        business_name: claim.business.name.clone(),
        industry: claim.business.industry.map(|code| code.code().to_owned()),
        region: claim.business.region.map(|code| code.code().to_owned()),
        services: claim
            .affected_services
            .iter()
            .filter_map(|service| {
                Some(ServiceUse {
                    service: service.service?.code().to_owned(),
                    paid: service.paid.unwrap_or(false),
                })
            })
            .collect(),
        claimed: assessment.totals.claimed.map(|won| won.get()),
        revenue_loss: assessment.totals.revenue_loss.map(|won| won.get()),
        tier,
        error_count: i64::try_from(errors).unwrap_or(i64::MAX),
        warning_count: i64::try_from(assessment.problems.len() - errors).unwrap_or(i64::MAX),
        missing_evidence,
    }
}

/// What differs between two claims of one business for one outage, as the
/// staff would check it: the paths whose values differ, top level first.
pub fn differences(
    older: &serde_json::Map<String, serde_json::Value>,
    newer: &serde_json::Map<String, serde_json::Value>,
) -> Vec<String> {
    let mut found = Vec::new();
    let keys: std::collections::BTreeSet<&String> = older
        .keys()
        .chain(newer.keys())
        .filter(|k| *k != "id")
        .collect();
    for key in keys {
        diff_value(
            key,
            older.get(key.as_str()),
            newer.get(key.as_str()),
            &mut found,
        );
    }
    found
}

fn diff_value(
    path: &str,
    a: Option<&serde_json::Value>,
    b: Option<&serde_json::Value>,
    found: &mut Vec<String>,
) {
    use serde_json::Value;
    if a == b {
        return;
    }
    match (a, b) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                diff_value(
                    &format!("{path}.{key}"),
                    a.get(key.as_str()),
                    b.get(key.as_str()),
                    found,
                );
            }
        }
        // Lists: by date for daily sales (what staff compare), else by count
        // or the first differing item.
        (Some(Value::Array(a)), Some(Value::Array(b))) if path == "daily_sales" => {
            let by_date = |rows: &Vec<Value>| -> std::collections::BTreeMap<String, Value> {
                rows.iter()
                    .filter_map(|row| {
                        Some((
                            row.get("date")?.as_str()?.to_owned(),
                            row.get("amount")?.clone(),
                        ))
                    })
                    .collect()
            };
            let (a, b) = (by_date(a), by_date(b));
            let dates: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for date in dates {
                if a.get(date) != b.get(date) {
                    found.push(format!("daily_sales[{date}]"));
                }
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if a.len() != b.len() => {
            found.push(format!("{path} ({} → {})", a.len(), b.len()));
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                diff_value(&format!("{path}[{index}]"), Some(x), Some(y), found);
            }
        }
        _ => found.push(path.to_owned()),
    }
}
