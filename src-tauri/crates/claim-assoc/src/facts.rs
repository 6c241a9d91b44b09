//! What the association needs to know of a received claim, computed once by
//! the rules engine when it arrives: who, which outage, how much, which
//! services, the compensation tier (and the days out, where the incident
//! pays by them), errors and missing evidence.

use claim_core::codes::{EvidenceKind, Vocabulary};
use claim_core::json::Object;
use claim_core::problem::Issue;
use claim_core::{assess_value_with, assess_with, Assessment};
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

    /// How the tier reads, worded from the incident's own rule (when the
    /// incident is known here) by the rules engine: `3만 원 (30만 원 이하
    /// 손실)`, `80만 원 (3~4일)`.
    pub fn label(
        self,
        rule: Option<&claim_core::incident::CompensationRule>,
        lang: claim_core::Lang,
    ) -> String {
        use claim_core::incident::{days_tier_label, scale_won, tier_label, CompensationRule};
        use claim_core::Lang;
        use claim_core::Won;
        let worded = |won: i64| match rule {
            Some(CompensationRule::Loss(tiers)) => tiers
                .iter()
                .find(|tier| tier.amount.get() == won)
                .map(|tier| tier_label(tier, lang)),
            Some(CompensationRule::DaysOut(tiers)) => tiers
                .iter()
                .find(|tier| tier.amount.get() == won)
                .map(|tier| days_tier_label(tiers, tier, lang)),
            None => None,
        };
        match (self, lang) {
            (Tier::Paid(won), _) => worded(won).unwrap_or_else(|| scale_won(Won::new(won), lang)),
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
    /// Under a days-out rule: the days the shop was out, when known.
    pub days_out: Option<u32>,
}

pub fn facts(
    document: &serde_json::Map<String, serde_json::Value>,
    incidents: &claim_core::Incidents,
) -> ClaimFacts {
    let (claim, assessment) = assess_value_with(document, incidents);
    facts_of(&claim, &assessment)
}

/// [`facts`] of a claim in the rules engine's own tree (parsed once, as an
/// intake reads it).
pub fn facts_of_object(document: &Object<'_>, incidents: &claim_core::Incidents) -> ClaimFacts {
    let (claim, assessment) = assess_with(document, incidents);
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
        days_out: assessment.compensation.and_then(|c| c.days_out).flatten(),
    }
}

/// What differs between two claims of one business for one outage, in the
/// words of the form and with the values: `추가 비용 1번째 줄의 비용 금액:
/// 33,000원 → 43,000원`, `2022년 10월 15일 매출: …`, `놓친 주문: 2줄 → 3줄`.
/// A long text says only that it changed.
pub fn worded_changes(
    older: &serde_json::Map<String, serde_json::Value>,
    newer: &serde_json::Map<String, serde_json::Value>,
    lang: claim_core::Lang,
) -> Vec<String> {
    use claim_core::messages::Step;
    let mut found = Vec::new();
    let keys: std::collections::BTreeSet<&String> = older
        .keys()
        .chain(newer.keys())
        .filter(|k| *k != "id")
        .collect();
    for key in keys {
        word_value(
            &mut vec![Step::Key(key.as_str())],
            older.get(key.as_str()),
            newer.get(key.as_str()),
            lang,
            &mut found,
        );
    }
    found
}

/// A value as the staff read it: amounts in won, nothing as "(없음)".
fn shown(value: Option<&serde_json::Value>, amount: bool, lang: claim_core::Lang) -> String {
    use serde_json::Value;
    let none = match lang {
        claim_core::Lang::Ko => "(없음)",
        claim_core::Lang::En => "(none)",
    };
    match value {
        None | Some(Value::Null) => none.to_owned(),
        Some(Value::Number(number)) if amount => number.as_i64().map_or_else(
            || number.to_string(),
            |won| match lang {
                claim_core::Lang::Ko => format!("{}원", claim_core::money::group_thousands(won)),
                claim_core::Lang::En => format!("₩{}", claim_core::money::group_thousands(won)),
            },
        ),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(true)) => "예".to_owned(),
        Some(Value::Bool(false)) => "아니요".to_owned(),
        Some(other) => other.to_string(),
    }
}

/// "`name`: `before`에서 `after`로" in words: an arrow is drawn as "›" by
/// fonts without it, and reads as nothing aloud.
fn from_to(name: &str, before: &str, after: &str, lang: claim_core::Lang) -> String {
    match lang {
        claim_core::Lang::Ko => {
            claim_core::messages::resolve_particles(&format!("{name}: {before}에서 {after}(으)로"))
        }
        claim_core::Lang::En => format!("{name}: from {before} to {after}"),
    }
}

/// One row of a list, as staff would name it: a document by its kind and
/// file, a cost by what it was for and its amount, an order by its time and
/// amount; else in quotes as written.
fn item_named(item: &serde_json::Value, lang: claim_core::Lang) -> String {
    use claim_core::codes::{EvidenceKind, Vocabulary};
    let text = |key: &str| item.get(key).and_then(serde_json::Value::as_str);
    let amount = item
        .get("amount")
        .map(|amount| shown(Some(amount), true, lang));
    let named = if let Some(kind) = text("kind") {
        let kind = EvidenceKind::from_code(kind).map_or_else(
            || kind.to_owned(),
            |kind| match lang {
                claim_core::Lang::Ko => kind.label_ko().to_owned(),
                claim_core::Lang::En => kind.label_en().to_owned(),
            },
        );
        match text("file_name") {
            Some(file) => format!("{kind} · {file}"),
            None => kind,
        }
    } else {
        let what = text("description")
            .or_else(|| text("at"))
            .or_else(|| text("date"));
        match (what, amount) {
            (Some(what), Some(amount)) => format!("{what} {amount}"),
            (Some(what), None) => what.to_owned(),
            (None, Some(amount)) => amount,
            (None, None) => shown(Some(item), false, lang),
        }
    };
    let named: String = named.chars().take(60).collect();
    format!("‘{named}’")
}

fn word_value<'a>(
    steps: &mut Vec<claim_core::messages::Step<'a>>,
    a: Option<&'a serde_json::Value>,
    b: Option<&'a serde_json::Value>,
    lang: claim_core::Lang,
    found: &mut Vec<String>,
) {
    use claim_core::messages::{describe_steps, Step};
    use serde_json::Value;
    if a == b {
        return;
    }
    let top = matches!(steps.first(), Some(Step::Key("daily_sales"))) && steps.len() == 1;
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                steps.push(Step::Key(key.as_str()));
                word_value(steps, x.get(key.as_str()), y.get(key.as_str()), lang, found);
                steps.pop();
            }
        }
        // Daily sales by date, as the staff compare them.
        (Some(Value::Array(x)), Some(Value::Array(y))) if top => {
            let by_date = |rows: &'a Vec<Value>| -> std::collections::BTreeMap<&'a str, &'a Value> {
                rows.iter()
                    .filter_map(|row| Some((row.get("date")?.as_str()?, row.get("amount")?)))
                    .collect()
            };
            let (x, y) = (by_date(x), by_date(y));
            let dates: std::collections::BTreeSet<&&str> = x.keys().chain(y.keys()).collect();
            for date in dates {
                let (before, after) = (x.get(*date).copied(), y.get(*date).copied());
                if before != after {
                    let day = claim_core::dates::parse_date(date).map_or_else(
                        || (*date).to_owned(),
                        |day| match lang {
                            claim_core::Lang::Ko => day.format("%Y년 %-m월 %-d일 매출").to_string(),
                            claim_core::Lang::En => day.format("sales on %-d %b %Y").to_string(),
                        },
                    );
                    found.push(from_to(
                        &day,
                        &shown(before, true, lang),
                        &shown(after, true, lang),
                        lang,
                    ));
                }
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() != y.len() => {
            // What was added or taken out, named (the document, the cost,
            // the order), not only how many rows there are now.
            let name = describe_steps(steps, lang);
            let added: Vec<String> = y
                .iter()
                .filter(|item| !x.contains(item))
                .map(|item| item_named(item, lang))
                .collect();
            let removed: Vec<String> = x
                .iter()
                .filter(|item| !y.contains(item))
                .map(|item| item_named(item, lang))
                .collect();
            let mut said = Vec::new();
            if !added.is_empty() {
                said.push(match lang {
                    claim_core::Lang::Ko => format!("{} 추가", added.join(", ")),
                    claim_core::Lang::En => format!("added {}", added.join(", ")),
                });
            }
            if !removed.is_empty() {
                said.push(match lang {
                    claim_core::Lang::Ko => format!("{} 뺌", removed.join(", ")),
                    claim_core::Lang::En => format!("removed {}", removed.join(", ")),
                });
            }
            let count = match lang {
                claim_core::Lang::Ko => format!("{}건에서 {}건으로", x.len(), y.len()),
                claim_core::Lang::En => format!("{} to {}", x.len(), y.len()),
            };
            found.push(format!("{name}: {} ({count})", said.join("; ")));
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for (index, (p, q)) in x.iter().zip(y).enumerate() {
                steps.push(Step::Index(index));
                word_value(steps, Some(p), Some(q), lang, found);
                steps.pop();
            }
        }
        _ => {
            let name = describe_steps(steps, lang);
            let amount = matches!(steps.last(), Some(Step::Key("amount")));
            let (before, after) = (shown(a, amount, lang), shown(b, amount, lang));
            // A long text (the narrative) would drown the list.
            if before.chars().count() > 60 || after.chars().count() > 60 {
                found.push(match lang {
                    claim_core::Lang::Ko => format!("{name}: 내용이 바뀌었습니다"),
                    claim_core::Lang::En => format!("{name}: changed"),
                });
            } else {
                found.push(from_to(&name, &before, &after, lang));
            }
        }
    }
}
