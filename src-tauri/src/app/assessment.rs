//! What the claim desk window shows besides stored data: the live assessment
//! of the claim being typed (report, the three baseline methods side by side,
//! the dates the sales grid needs) and the reference lists (incidents and
//! vocabularies with their labels). Pure: built from `claim_core` only, so it
//! is tested without a window.

use chrono::NaiveDate;
use claim_core::codes::{BaselineMethod, EvidenceKind, Industry, Region, Service, Vocabulary};
use claim_core::incident::{CompensationRule, Incident, Incidents};
use claim_core::messages::{format_date, format_instant_kst};
use claim_core::problem::{Issue, Problem};
use claim_core::{
    assess_value_with, compare_methods, required_evidence, sales_dates, Lang, MethodTotals, Report,
};
use serde::Serialize;

/// One date of the sales grid.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct GridDate {
    pub date: String,
    /// `2022년 10월 15일(토)` / `Sat 15 Oct 2022`.
    pub label: String,
    pub holiday: Option<&'static str>,
    pub in_period: bool,
}

/// A problem as the editor places it: the report's problem plus the one
/// field the owner should go to.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PlacedProblem {
    pub code: &'static str,
    pub path: String,
    pub message: String,
    pub error: bool,
    /// The report's path, made precise where the path names a whole list:
    /// `daily_sales@2022-10-08` (the sales day to fill in) or
    /// `evidence@bank_account_copy` (the document to attach).
    pub focus: String,
}

/// A lost order's customer details as they leave the shop.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct MaskedCustomer {
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// A free-text field (a lost order's note, ref or phone, a cost's
/// description, the narrative) that holds a customer's name or a phone
/// number: how it leaves the shop, masked, so the owner is told at the
/// field before she sends it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct MaskedText {
    /// The field as the engine's problems name it (`narrative`,
    /// `lost_orders[1].note`, `extra_costs[0].description`).
    pub field: String,
    pub leaves_as: String,
}

/// The live assessment of a claim being typed.
#[derive(Debug, Serialize)]
pub struct Assessed {
    /// Exactly what `claimdesk validate` prints for the same document.
    pub report: Report,
    /// The report's errors, then its warnings, each with the field to go to.
    pub problems: Vec<PlacedProblem>,
    pub methods: Vec<MethodTotals>,
    pub sales_dates: Vec<GridDate>,
    /// The baseline method in use (`prior_week` when none is given).
    pub method: Option<&'static str>,
    /// The evidence kinds this claim should carry.
    pub required_evidence: Vec<&'static str>,
    /// One entry per item of `lost_orders` as entered, masked.
    pub masked_customers: Vec<MaskedCustomer>,
    /// The free-text fields masked when the claim leaves the shop.
    pub masked_text: Vec<MaskedText>,
    /// The named incident's verification and filing deadline.
    pub incident: Option<IncidentNote>,
    /// The compensation the incident's rule gives, in words (`3만 원 (30만
    /// 원 이하 손실)`, `개별 심사 대상 (50만 원 초과)`, `80만 원 (3~4일)`);
    /// null when the incident has no rule.
    pub compensation_label: Option<String>,
    /// Whether a loss is entered yet: a sales drop, or lost orders. Costs
    /// alone are no loss on the incident's scale, so until then the
    /// compensation (and the loss) is still to come, not "해당 없음".
    pub loss_entered: bool,
}

/// What the editor says of the claim's incident beside its totals.
#[derive(Debug, Serialize)]
pub struct IncidentNote {
    /// `built_in`, `verified` or `unverified`.
    pub verification: &'static str,
    pub verification_label: String,
    pub deadline: Option<DeadlineNote>,
    /// The deadline for the documents, when the definition gives one.
    pub documents_deadline: Option<DeadlineNote>,
    /// Where and how to hand the claim in, in the association's words.
    pub hand_in: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DeadlineNote {
    pub date: String,
    /// `2026년 12월 10일(목)` / `Thu 10 Dec 2026`.
    pub label: String,
    pub title: String,
    /// From today in Korea: 0 on the day, negative once passed.
    pub days_left: i64,
}

fn incident_note(incident: &Incident, lang: Lang, today: NaiveDate) -> IncidentNote {
    let note = |deadline: &claim_core::definition::Deadline| DeadlineNote {
        date: deadline.date.to_string(),
        label: format_date(deadline.date, lang),
        title: deadline.title.get(lang).to_owned(),
        days_left: deadline.days_left(today),
    };
    IncidentNote {
        verification: incident.verification.code(),
        verification_label: incident.verification.label(lang),
        deadline: incident.filing_deadline().map(note),
        documents_deadline: incident.documents_deadline().map(note),
        // Words from a definition nobody vouched for are shown as such:
        // anyone can write "hand it in at this address" into a file.
        hand_in: incident.hand_in.map(|text| match incident.verification {
            claim_core::verification::Verification::Unverified { .. } => {
                format!("[{}] {}", incident.verification.label(lang), text.get(lang))
            }
            _ => text.get(lang).to_owned(),
        }),
    }
}

fn focus_of(problem: &Problem) -> String {
    match &problem.issue {
        Issue::SalesMissing { day } | Issue::AverageMissing { day, .. } => {
            format!("daily_sales@{day}")
        }
        Issue::PriorWeekMissing { prior, .. } => format!("daily_sales@{prior}"),
        Issue::EvidenceMissing(kind) => format!("evidence@{}", kind.code()),
        _ => problem.path.to_string(),
    }
}

fn placed(problems: &[Problem], lang: Lang) -> Vec<PlacedProblem> {
    let (errors, warnings): (Vec<&Problem>, Vec<&Problem>) = problems
        .iter()
        .partition(|problem| problem.code().is_error());
    errors
        .into_iter()
        .chain(warnings)
        .map(|problem| PlacedProblem {
            code: problem.code().as_str(),
            path: problem.path.to_string(),
            message: claim_core::messages::message(problem, lang),
            error: problem.code().is_error(),
            focus: focus_of(problem),
        })
        .collect()
}

/// The row a report path names in `list` at `field`
/// (`lost_orders[2].at` → 2), if it names one.
fn row_of(path: &str, list: &str, field: &str) -> Option<usize> {
    path.strip_prefix(list)?
        .strip_prefix('[')?
        .strip_suffix(field)?
        .strip_suffix("].")?
        .parse()
        .ok()
}

/// A lost order's time the owner typed and Rust could not read is said in
/// her words (what she typed, what to write), not as the stored form the
/// contract's message names: the editor is where she types, `validate` is
/// where the contract speaks.
fn typed_times_in_words(
    problems: &mut [PlacedProblem],
    document: &serde_json::Map<String, serde_json::Value>,
    assessment: &claim_core::Assessment,
    lang: Lang,
) {
    let window = assessment.window.map(|window| {
        (
            claim_core::dates::kst_date(window.start),
            claim_core::dates::kst_date(window.end),
        )
    });
    for problem in problems.iter_mut().filter(|p| p.error) {
        // Her own outage's start or end (spec §3.1), typed as an order's
        // time is.
        if let Some(end) = problem.path.strip_prefix("incident.") {
            if let Some(typed) = document
                .get("incident")
                .and_then(|incident| incident.get(end))
                .and_then(serde_json::Value::as_str)
            {
                if chrono::DateTime::parse_from_rfc3339(typed).is_err() {
                    problem.message =
                        crate::app::orders::unreadable_outage_time(typed, end == "start", lang);
                }
            }
            continue;
        }
        let Some(index) = row_of(&problem.path, "lost_orders", "at") else {
            continue;
        };
        if let Some(typed) = document
            .get("lost_orders")
            .and_then(|orders| orders.get(index))
            .and_then(|order| order.get("at"))
            .and_then(serde_json::Value::as_str)
        {
            if chrono::DateTime::parse_from_rfc3339(typed).is_err() {
                problem.message = crate::app::orders::unreadable_time(typed, window, lang);
            }
        }
    }
}

/// A sales cell she typed and the engine could not read is one error, about
/// what she typed. The contract counts such a row as no row (spec §4), so
/// the report also says the day has no sales, or that a day has nothing to
/// compare with; in the editor that second error names the same cell and
/// asks for "0원", which is not what she meant. `validate` keeps both.
fn one_error_per_sales_cell(
    problems: &mut Vec<PlacedProblem>,
    document: &serde_json::Map<String, serde_json::Value>,
    lang: Lang,
) {
    let rows = document
        .get("daily_sales")
        .and_then(serde_json::Value::as_array);
    let mut unreadable_days: Vec<String> = Vec::new();
    for problem in problems.iter_mut().filter(|p| p.error) {
        let Some(index) = row_of(&problem.path, "daily_sales", "amount") else {
            continue;
        };
        let Some(row) = rows.and_then(|rows| rows.get(index)) else {
            continue;
        };
        let Some(date) = row
            .get("date")
            .and_then(serde_json::Value::as_str)
            .and_then(|text| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        else {
            continue;
        };
        unreadable_days.push(format!("daily_sales@{date}"));
        if let Some(typed) = row.get("amount").and_then(serde_json::Value::as_str) {
            // Her words back, shortened: a cell holds at most 200 characters.
            let mut shown: String = typed.trim().chars().take(20).collect();
            if typed.trim().chars().count() > 20 {
                shown.push('…');
            }
            let day = claim_core::messages::format_date(date, lang);
            problem.message = claim_core::messages::resolve_particles(&match lang {
                Lang::Ko => format!(
                    "{day} 매출 ‘{shown}’을(를) 금액으로 읽지 못했습니다. 410,000이나 41만처럼 원 단위로 적어 주세요. 매출이 없던 날은 0을 적습니다."
                ),
                Lang::En => format!(
                    "Sales of {day}: ‘{shown}’ is not an amount. Write it in won, like 410,000 or 41만; a day without sales is 0."
                ),
            });
        }
    }
    problems.retain(|problem| {
        !(matches!(problem.code, "E_SALES_MISSING" | "E_BASELINE_MISSING")
            && unreadable_days.contains(&problem.focus))
    });
}

fn masked_customers(document: &serde_json::Map<String, serde_json::Value>) -> Vec<MaskedCustomer> {
    // As the claim leaves the shop: a phone field's words dropped too.
    let leaving =
        claim_core::privacy::outgoing(&serde_json::Value::Object(document.clone()), false);
    let orders = document
        .get("lost_orders")
        .and_then(serde_json::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let entered = |order: &serde_json::Value, field: &str| {
        order
            .get(field)
            .and_then(serde_json::Value::as_str)
            .is_some_and(|value| !value.trim().is_empty())
    };
    orders
        .iter()
        .enumerate()
        .map(|(index, order)| {
            let left = |field: &str| {
                entered(order, field)
                    .then(|| {
                        leaving["lost_orders"][index][field]
                            .as_str()
                            .map(str::to_owned)
                    })
                    .flatten()
            };
            MaskedCustomer {
                name: left("customer_name"),
                phone: left("customer_phone"),
            }
        })
        .collect()
}

/// Each free-text field that [`claim_core::privacy::outgoing`] changes: the
/// very masking a bundle, a PDF's attachment and its pages apply. (The
/// customer fields have their own hint, [`masked_customers`].)
/// `after` around where it first differs from `before` (a narrative may be
/// pages long; the hint shows the place): 20 characters before, 40 after.
fn excerpt_of_change(before: &str, after: &str) -> String {
    let after_chars: Vec<char> = after.chars().collect();
    let first = before
        .chars()
        .zip(after_chars.iter())
        .position(|(a, b)| a != *b)
        .unwrap_or(0);
    let start = first.saturating_sub(20);
    let end = (first + 40).min(after_chars.len());
    let mut excerpt: String = after_chars[start..end].iter().collect();
    if start > 0 {
        excerpt.insert(0, '…');
    }
    if end < after_chars.len() {
        excerpt.push('…');
    }
    excerpt
}

fn masked_text(document: &serde_json::Map<String, serde_json::Value>) -> Vec<MaskedText> {
    let entered = serde_json::Value::Object(document.clone());
    let leaving = claim_core::privacy::outgoing(&entered, false);
    let mut fields = vec![("narrative".to_owned(), "/narrative".to_owned())];
    let count = |list: &str| entered[list].as_array().map_or(0, Vec::len);
    for index in 0..count("lost_orders") {
        for key in ["note", "ref"] {
            fields.push((
                format!("lost_orders[{index}].{key}"),
                format!("/lost_orders/{index}/{key}"),
            ));
        }
    }
    for index in 0..count("extra_costs") {
        fields.push((
            format!("extra_costs[{index}].description"),
            format!("/extra_costs/{index}/description"),
        ));
    }
    fields
        .into_iter()
        .filter_map(|(field, pointer)| {
            let before = entered.pointer(&pointer)?.as_str()?;
            let after = leaving.pointer(&pointer)?.as_str()?;
            (before != after).then(|| MaskedText {
                field,
                leaves_as: excerpt_of_change(before, after),
            })
        })
        .collect()
}

pub fn assess(
    document: &serde_json::Map<String, serde_json::Value>,
    lang: Lang,
    incidents: &Incidents,
    today: NaiveDate,
) -> Assessed {
    let (claim, assessment) = assess_value_with(document, incidents);
    let dates = sales_dates(&claim, &assessment)
        .into_iter()
        .map(|row| GridDate {
            date: row.date.to_string(),
            label: format_date(row.date, lang),
            holiday: row.holiday.map(|h| match lang {
                Lang::Ko => h.name_ko,
                Lang::En => h.name_en,
            }),
            in_period: row.in_period,
        })
        .collect();
    let mut problems = placed(&assessment.problems, lang);
    typed_times_in_words(&mut problems, document, &assessment, lang);
    one_error_per_sales_cell(&mut problems, document, lang);
    Assessed {
        report: Report::new(&assessment, lang),
        problems,
        methods: compare_methods(document, incidents),
        sales_dates: dates,
        method: assessment.method.map(BaselineMethod::code),
        required_evidence: required_evidence(&claim)
            .into_iter()
            .map(|kind| kind.code())
            .collect(),
        masked_customers: masked_customers(document),
        masked_text: masked_text(document),
        incident: claim
            .incident
            .preset
            .valid()
            .map(|incident| incident_note(incident, lang, today)),
        loss_entered: {
            let totals = &assessment.totals;
            totals.revenue_loss.is_some()
                && !(totals.sales_drop.is_none()
                    && totals.lost_orders.map(claim_core::Won::get) == Some(0))
        },
        compensation_label: claim
            .incident
            .preset
            .valid()
            .and_then(|incident| incident.compensation.as_ref())
            .zip(assessment.compensation.as_ref())
            .map(|(rule, outcome)| claim_core::incident::rule_label(rule, outcome, lang)),
    }
}

/// A problem with one field of a form, from the rules engine.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's path inside the object checked (`registration_number`,
    /// `bank.account`).
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

/// A business profile's problems: errors keep it from being saved;
/// warnings (the bank account's holder and number, spec §6) are shown
/// beside their fields and do not.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct BusinessCheck {
    pub errors: Vec<FieldProblem>,
    pub warnings: Vec<FieldProblem>,
}

/// The problems of a business profile, as a claim made with it would have
/// them: the same checks and messages as `claimdesk validate`.
pub fn check_business(
    business: &serde_json::Map<String, serde_json::Value>,
    lang: Lang,
) -> BusinessCheck {
    let mut document = serde_json::Map::new();
    document.insert("format".into(), claim_core::CLAIM_FORMAT.into());
    document.insert(
        "business".into(),
        serde_json::Value::Object(business.clone()),
    );
    let (_, assessment) = assess_value_with(&document, &Incidents::built_in());
    let report = Report::new(&assessment, lang);
    let of_business = |problems: Vec<claim_core::report::ReportProblem>| {
        problems
            .into_iter()
            .filter_map(|problem| {
                let path = problem.path.to_string();
                let field = path.strip_prefix("business.")?.to_owned();
                Some(FieldProblem {
                    field,
                    code: problem.code.as_str(),
                    message: problem.message,
                })
            })
            .collect()
    };
    BusinessCheck {
        errors: of_business(report.errors),
        warnings: of_business(report.warnings),
    }
}

#[derive(Debug, Serialize)]
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
}

fn choices<V: Vocabulary>(lang: Lang) -> Vec<Choice> {
    V::ALL
        .iter()
        .map(|v| Choice {
            code: v.code(),
            label: match lang {
                Lang::Ko => v.label_ko(),
                Lang::En => v.label_en(),
            },
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct IncidentInfo {
    pub code: &'static str,
    /// `built_in`, `verified` or `unverified`, and in words.
    pub verification: &'static str,
    pub verification_label: String,
    /// The filing deadline in words, when the incident has one.
    pub filing_deadline: Option<String>,
    pub title: &'static str,
    /// The outage window in Korea time, in words.
    pub window: String,
    pub period_from: String,
    pub period_to: String,
    /// The default claim period, in words.
    pub period: String,
    /// The window's ends as instants (`2026-03-02T11:10:00+09:00`): the
    /// bounds of a shop's own outage (spec §3.1).
    pub start: String,
    pub end: String,
    /// How the incident pays, when it says (spec §3.1).
    pub compensation: Option<CompensationInfo>,
    /// The evidence a claim for this incident should carry (its
    /// definition's `required_evidence`).
    pub required_evidence: Vec<&'static str>,
}

/// An incident's compensation rule as the editor shows it.
#[derive(Debug, Serialize)]
pub struct CompensationInfo {
    /// `loss` or `days_out`.
    pub basis: &'static str,
    /// Each tier in words, from the definition (`40만 원 (1~2일)`).
    pub tiers: Vec<String>,
}

fn compensation_info(rule: &CompensationRule, lang: Lang) -> CompensationInfo {
    CompensationInfo {
        basis: rule.basis(),
        tiers: match rule {
            CompensationRule::Loss(tiers) => tiers
                .iter()
                .map(|tier| claim_core::incident::tier_label(tier, lang))
                .collect(),
            CompensationRule::DaysOut(tiers) => tiers
                .iter()
                .map(|tier| claim_core::incident::days_tier_label(tiers, tier, lang))
                .collect(),
        },
    }
}

#[derive(Debug, Serialize)]
pub struct ReferenceData {
    pub incidents: Vec<IncidentInfo>,
    pub industries: Vec<Choice>,
    pub regions: Vec<Choice>,
    pub services: Vec<Choice>,
    pub evidence_kinds: Vec<Choice>,
    pub baseline_methods: Vec<Choice>,
}

pub fn reference_data(lang: Lang, incidents: &Incidents) -> ReferenceData {
    let incidents = incidents
        .all()
        .into_iter()
        .map(|incident| IncidentInfo {
            code: incident.code,
            verification: incident.verification.code(),
            verification_label: incident.verification.label(lang),
            filing_deadline: incident
                .filing_deadline()
                .map(|deadline| format_date(deadline.date, lang)),
            title: match lang {
                Lang::Ko => incident.title_ko,
                Lang::En => incident.title_en,
            },
            window: format!(
                "{} ~ {}",
                format_instant_kst(incident.start, lang),
                format_instant_kst(incident.end, lang)
            ),
            period_from: incident.default_period.from.to_string(),
            period_to: incident.default_period.to.to_string(),
            period: format!(
                "{} ~ {}",
                format_date(incident.default_period.from, lang),
                format_date(incident.default_period.to, lang)
            ),
            start: incident.start.to_rfc3339(),
            end: incident.end.to_rfc3339(),
            compensation: incident
                .compensation
                .as_ref()
                .map(|rule| compensation_info(rule, lang)),
            required_evidence: incident
                .required_evidence
                .iter()
                .map(|kind| kind.code())
                .collect(),
        })
        .collect();
    ReferenceData {
        incidents,
        industries: choices::<Industry>(lang),
        regions: choices::<Region>(lang),
        services: choices::<Service>(lang),
        evidence_kinds: choices::<EvidenceKind>(lang),
        baseline_methods: choices::<BaselineMethod>(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 35 §4: free text that repeats a customer's name or holds a
    /// phone number is named field by field, as it leaves the shop; a
    /// phone field with words leaves without them; a long narrative is
    /// shown around its first masked place.
    #[test]
    fn free_text_with_a_customer_or_a_phone_is_named_at_its_field() {
        let mut document = serde_json::Map::new();
        document.insert(
            "lost_orders".into(),
            serde_json::json!([
                {"customer_name": "이수진", "customer_phone": "010-2222-3333 (저녁만)",
                 "note": "이수진 님 생일 케이크", "ref": "주문 010 2222 3333"},
                {"note": "단체 주문"}
            ]),
        );
        document.insert(
            "extra_costs".into(),
            serde_json::json!([{"description": "이수진 님께 보낸 문자"}, {"description": "재료 폐기"}]),
        );
        let long = format!("{}이수진 손님께 연락했습니다.", "가".repeat(300));
        document.insert("narrative".into(), long.clone().into());
        let masked = masked_text(&document);
        let fields: Vec<&str> = masked.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "narrative",
                "lost_orders[0].note",
                "lost_orders[0].ref",
                "extra_costs[0].description"
            ]
        );
        for item in &masked {
            assert!(!item.leaves_as.contains("이수진"), "{item:?}");
            assert!(!item.leaves_as.contains("2222"), "{item:?}");
        }
        let narrative = &masked[0].leaves_as;
        assert!(
            narrative.starts_with('…') && narrative.contains("이*진 손님께"),
            "{narrative}"
        );
        assert!(narrative.chars().count() <= 62, "{narrative}");
        let customers = masked_customers(&document);
        assert_eq!(customers[0].name.as_deref(), Some("이*진"));
        // The words beside the number leave as stars, as the bundle has them.
        assert_eq!(customers[0].phone.as_deref(), Some("010-****-3333 (***)"));
        assert_eq!(customers[1], MaskedCustomer::default());
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    /// Issue 18: an incident whose definition says where to hand claims in
    /// gives the editor those words, in the owner's language; one that
    /// does not, none (the editor's general advice then).
    #[test]
    fn the_incident_note_carries_the_associations_hand_in_words() {
        use claim_core::signature::{open_definition, TrustedKey};
        let mut file: serde_json::Value = serde_json::from_slice(
            &std::fs::read(format!(
                "{}/../tests/fixtures/incidents/drill-2026-11.incident.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        )
        .unwrap();
        file["hand_in"] = serde_json::json!({"ko": "망원동 주민센터 2층 상인회 창구에 내세요.", "en": "Hand it in at the merchants' desk, 2nd floor."});
        // Signed with a key this computer trusts.
        let secret = [9u8; 32];
        let signed =
            claim_core::signature::sign_definition(file.to_string().as_bytes(), &secret).unwrap();
        let opened = open_definition(&signed, &[TrustedKey::of_secret("상인회", &secret)]).unwrap();
        assert_eq!(opened.verification.code(), "verified");
        let incidents = Incidents::with_imported([(opened.definition, opened.verification)]);
        let mut document = example("kakao-cake-prior-week");
        document["incident"] = serde_json::json!({"preset": "drill-2026-11"});
        let ko = assess(&document, Lang::Ko, &incidents, today())
            .incident
            .unwrap();
        assert_eq!(
            ko.hand_in.as_deref(),
            Some("망원동 주민센터 2층 상인회 창구에 내세요.")
        );
        let en = assess(&document, Lang::En, &incidents, today())
            .incident
            .unwrap();
        assert_eq!(
            en.hand_in.as_deref(),
            Some("Hand it in at the merchants' desk, 2nd floor.")
        );
        let kakao = assess(
            &example("kakao-cake-prior-week"),
            Lang::Ko,
            &incidents,
            today(),
        );
        // The built-in Kakao's own words (issue 36).
        assert!(kakao
            .incident
            .unwrap()
            .hand_in
            .unwrap()
            .starts_with("소상공인연합회가 2022년 10월 17일부터 11월 1일까지"));
        // The same words unsigned are shown with the unverified mark.
        let opened = open_definition(file.to_string().as_bytes(), &TrustedKey::shipped()).unwrap();
        let unverified = Incidents::with_imported([(opened.definition, opened.verification)]);
        let said = assess(&document, Lang::Ko, &unverified, today())
            .incident
            .unwrap()
            .hand_in
            .unwrap();
        assert!(
            said.starts_with("[확인되지 않은")
                && said.ends_with("망원동 주민센터 2층 상인회 창구에 내세요."),
            "{said}"
        );
    }

    /// An imported incident: the editor is told whether it is verified and
    /// how many days are left to file.
    #[test]
    fn the_incident_note_gives_verification_and_days_left() {
        use claim_core::signature::{open_definition, TrustedKey};
        let file = std::fs::read(format!(
            "{}/../tests/fixtures/incidents/drill-2026-11.incident.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let opened = open_definition(&file, &TrustedKey::shipped()).unwrap();
        let incidents = Incidents::with_imported([(opened.definition, opened.verification)]);
        let mut document = example("kakao-cake-prior-week");
        document["incident"] = serde_json::json!({"preset": "drill-2026-11"});
        let assessed = assess(&document, Lang::Ko, &incidents, today());
        let note = assessed.incident.unwrap();
        assert_eq!(note.verification, "unverified");
        assert!(note.verification_label.contains("확인되지 않은"));
        let deadline = note.deadline.unwrap();
        assert_eq!(
            (deadline.date.as_str(), deadline.days_left),
            ("2026-12-10", 14)
        );
        assert_eq!(deadline.label, "2026년 12월 10일(목)");
        assert_eq!(
            note.documents_deadline.map(|d| (d.date, d.days_left)),
            Some(("2026-12-31".to_owned(), 35))
        );
        // Built in: verified by being built in; its deadlines long passed
        // (said, counted negative) and its own words for handing in.
        let kakao = assess(
            &example("kakao-cake-prior-week"),
            Lang::Ko,
            &incidents,
            today(),
        );
        let note = kakao.incident.unwrap();
        let filing = note.deadline.unwrap();
        let documents = note.documents_deadline.unwrap();
        assert_eq!(
            (
                note.verification,
                filing.date.as_str(),
                documents.date.as_str()
            ),
            ("built_in", "2022-11-01", "2023-05-31")
        );
        assert!(filing.days_left < 0 && documents.days_left < 0);
        assert!(note.hand_in.unwrap().contains("소상공인연합회"));
        let listed = reference_data(Lang::En, &incidents);
        assert_eq!(listed.incidents[0].code, "drill-2026-11");
        assert_eq!(
            listed.incidents[0].filing_deadline.as_deref(),
            Some("Thu 10 Dec 2026")
        );
    }

    /// Issue 36: an order time typed as words that do not read is said in
    /// the owner's words, never as the stored form.
    #[test]
    fn an_unreadable_typed_time_is_said_in_the_owners_words() {
        let mut document = example("kakao-cake-prior-week");
        document["lost_orders"][0]["at"] = "어제 저녁".into();
        let assessed = assess(&document, Lang::Ko, &Incidents::built_in(), today());
        let problem = assessed
            .problems
            .iter()
            .find(|p| p.path == "lost_orders[0].at")
            .unwrap();
        assert!(problem.error);
        assert!(
            problem.message.contains("‘어제 저녁’"),
            "{}",
            problem.message
        );
        assert!(!problem.message.contains("+09:00"), "{}", problem.message);
        // `validate`'s report keeps the contract's words.
        let reported = serde_json::to_string(&assessed.report).unwrap();
        assert!(reported.contains("+09:00"), "{reported}");
    }

    fn example(name: &str) -> serde_json::Map<String, serde_json::Value> {
        let path = format!(
            "{}/../tests/fixtures/examples/{name}.claim.json",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn a_claim_is_assessed_with_its_grid_and_the_three_methods() {
        let assessed = assess(
            &example("kakao-cake-prior-week"),
            Lang::Ko,
            &Incidents::built_in(),
            today(),
        );
        assert!(assessed.report.valid);
        assert_eq!(
            assessed.report.totals.claimed,
            Some(claim_core::Won::new(1_314_400))
        );
        assert_eq!(assessed.method, Some("prior_week"));
        assert_eq!(assessed.sales_dates.len(), 14);
        let hangul_day = assessed
            .sales_dates
            .iter()
            .find(|d| d.date == "2022-10-09")
            .unwrap();
        assert_eq!(hangul_day.label, "2022년 10월 9일(일)");
        assert_eq!(hangul_day.holiday, Some("한글날"));
        assert!(!hangul_day.in_period);
        assert_eq!(assessed.methods.len(), 3);
        assert_eq!(
            assessed.methods[0].claimed,
            Some(claim_core::Won::new(1_314_400))
        );
        let english = assess(
            &example("kakao-cake-prior-week"),
            Lang::En,
            &Incidents::built_in(),
            today(),
        );
        assert_eq!(english.sales_dates[0].label, "Sat 8 Oct 2022");
        assert_eq!(
            assessed.required_evidence,
            vec![
                "small_business_certificate",
                "sales_proof",
                "service_use_proof",
                "bank_account_copy"
            ]
        );
        assert_eq!(assessed.masked_customers[0].name.as_deref(), Some("이*진"));
        assert_eq!(
            assessed.masked_customers[0].phone.as_deref(),
            Some("010-****-3333")
        );
        let json = serde_json::to_value(&assessed).unwrap();
        assert_eq!(json["report"]["totals"]["claimed"], 1_314_400);
        assert_eq!(json["sales_dates"][0]["date"], "2022-10-08");
    }

    #[test]
    fn problems_point_at_the_sales_day_or_document_to_fill_in() {
        let mut document = example("kakao-cake-prior-week");
        let sales = document["daily_sales"].as_array_mut().unwrap();
        // Drop a day of the period (2022-10-17) and a comparison day (2022-10-09).
        sales.retain(|row| row["date"] != "2022-10-17" && row["date"] != "2022-10-09");
        document.insert("evidence".into(), serde_json::json!([]));
        let assessed = assess(&document, Lang::Ko, &Incidents::built_in(), today());
        let focus: Vec<(&str, &str, bool)> = assessed
            .problems
            .iter()
            .map(|p| (p.code, p.focus.as_str(), p.error))
            .collect();
        assert!(
            focus.contains(&("E_SALES_MISSING", "daily_sales@2022-10-17", true)),
            "{focus:?}"
        );
        assert!(
            focus.contains(&("E_BASELINE_MISSING", "daily_sales@2022-10-09", true)),
            "{focus:?}"
        );
        assert!(
            focus.contains(&("W_EVIDENCE_MISSING", "evidence@bank_account_copy", false)),
            "{focus:?}"
        );
        // Errors first, then warnings; the same messages as the report.
        let first_warning = assessed.problems.iter().position(|p| !p.error).unwrap();
        assert_eq!(first_warning, assessed.report.errors.len());
        assert_eq!(
            assessed.problems[0].message,
            assessed.report.errors[0].message
        );
        assert_eq!(
            assessed.problems[0].path,
            assessed.report.errors[0].path.to_string()
        );
    }

    /// Issue 36, item 6: one unreadable sales cell is one error, in her
    /// words; the report `validate` prints keeps the contract's two.
    #[test]
    fn a_loss_is_entered_by_a_sales_drop_or_lost_orders_never_by_costs_alone() {
        let whole = assess(
            &example("kakao-cake-prior-week"),
            Lang::Ko,
            &Incidents::built_in(),
            today(),
        );
        assert!(whole.loss_entered);
        let mut costs_only = example("kakao-cake-prior-week");
        costs_only.insert("daily_sales".into(), serde_json::json!([]));
        costs_only.insert("lost_orders".into(), serde_json::json!([]));
        let costs = assess(&costs_only, Lang::Ko, &Incidents::built_in(), today());
        assert_eq!(
            costs.report.totals.revenue_loss,
            Some(claim_core::Won::new(0))
        );
        assert!(!costs.loss_entered);
        let mut orders_only = costs_only.clone();
        orders_only.insert(
            "lost_orders".into(),
            example("kakao-cake-prior-week")["lost_orders"].clone(),
        );
        assert!(assess(&orders_only, Lang::Ko, &Incidents::built_in(), today()).loss_entered);
    }

    #[test]
    fn an_unreadable_sales_cell_is_one_error_about_what_she_typed() {
        let mut document = example("kakao-cake-prior-week");
        for row in document["daily_sales"].as_array_mut().unwrap() {
            match row["date"].as_str() {
                // A day of the period, and the day a period day is compared with.
                Some("2022-10-17") => row["amount"] = "삼십만원쯤".into(),
                Some("2022-10-10") => row["amount"] = "abc".into(),
                _ => {}
            }
        }
        let assessed = assess(&document, Lang::Ko, &Incidents::built_in(), today());
        let codes: Vec<&str> = assessed
            .report
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        assert!(
            codes.contains(&"E_SALES_MISSING") && codes.contains(&"E_BASELINE_MISSING"),
            "{codes:?}"
        );
        let errors: Vec<(&str, &str)> = assessed
            .problems
            .iter()
            .filter(|p| p.error)
            .map(|p| (p.code, p.message.as_str()))
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors.iter().all(|(code, _)| *code == "E_AMOUNT_INVALID"),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|(_, m)| m
                .contains("2022년 10월 17일(월) 매출 ‘삼십만원쯤’을 금액으로 읽지 못했습니다")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|(_, m)| m.contains("‘abc’를")),
            "{errors:?}"
        );
        assert!(
            errors.iter().all(|(_, m)| !m.contains("0원으로 입력해")),
            "{errors:?}"
        );
        // A day really left empty is still said to be missing.
        let mut emptied = document.clone();
        emptied["daily_sales"]
            .as_array_mut()
            .unwrap()
            .retain(|row| row["date"] != "2022-10-18");
        let assessed = assess(&emptied, Lang::Ko, &Incidents::built_in(), today());
        assert!(assessed
            .problems
            .iter()
            .any(|p| p.code == "E_SALES_MISSING" && p.focus == "daily_sales@2022-10-18"));
    }

    #[test]
    fn a_business_profile_is_checked_as_a_claim_would_be() {
        let business = |value: serde_json::Value| value.as_object().unwrap().clone();
        let check = check_business(
            &business(serde_json::json!({"registration_number": "123-45-67890", "phone": "12345"})),
            Lang::Ko,
        );
        assert_eq!(check.warnings, vec![]);
        let errors = check.errors;
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("name", "E_REQUIRED"),
                ("representative", "E_REQUIRED"),
                ("registration_number", "E_BRN_CHECKSUM"),
                ("phone", "E_PHONE_FORMAT"),
            ]
        );
        assert!(errors[2]
            .message
            .contains("사업자등록번호가 올바르지 않습니다"));
        let fine = business(
            serde_json::json!({"name": "행복케이크", "representative": "김민지",
            "registration_number": "120-81-47521", "phone": "010-1234-5678", "email": "a@b.kr"}),
        );
        assert_eq!(
            check_business(&fine, Lang::Ko),
            BusinessCheck {
                errors: vec![],
                warnings: vec![]
            }
        );
        // The bank account's warnings come beside its fields, and do not
        // keep the profile from being saved.
        let mut other_account = fine.clone();
        other_account.insert(
            "bank".into(),
            serde_json::json!({"name": "국민은행", "account": "123-456", "holder": "이수진"}),
        );
        let check = check_business(&other_account, Lang::Ko);
        assert_eq!(check.errors, vec![]);
        let fields: Vec<(&str, &str)> = check
            .warnings
            .iter()
            .map(|w| (w.field.as_str(), w.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("bank.account", "W_BANK_ACCOUNT_FORMAT"),
                ("bank.holder", "W_BANK_HOLDER"),
            ]
        );
    }

    #[test]
    fn reference_lists_have_labels_in_the_language_asked() {
        let ko = reference_data(Lang::Ko, &Incidents::built_in());
        let kakao = ko
            .incidents
            .iter()
            .find(|p| p.code == "kakao-2022-10")
            .unwrap();
        assert!(
            kakao.window.starts_with("2022년 10월 15일(토) 15:30"),
            "{}",
            kakao.window
        );
        assert_eq!(kakao.period_from, "2022-10-15");
        let rule = kakao.compensation.as_ref().unwrap();
        assert_eq!(rule.basis, "loss");
        assert_eq!(
            rule.tiers,
            ["3만 원 (30만 원 이하 손실)", "5만 원 (50만 원 이하 손실)"]
        );
        assert_eq!(kakao.start, "2022-10-15T15:30:00+09:00");
        assert!(kakao
            .required_evidence
            .contains(&"small_business_certificate"));
        assert_eq!(ko.regions.len(), 17);
        assert!(ko.services.iter().any(|s| s.label.contains("카카오톡")));
        let en = reference_data(Lang::En, &Incidents::built_in());
        assert!(
            en.incidents[0].window.ends_with("KST"),
            "{}",
            en.incidents[0].window
        );
    }
}
