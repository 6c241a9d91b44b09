//! The report of spec §7, and reading a claim document from bytes.

use crate::claim::Claim;
use crate::codes::Code;
use crate::dates::weekday_code;
use crate::incident::Incidents;
use crate::json::{Json, Object};
use crate::messages::{message, Lang};
use crate::money::Won;
use crate::parse::parse_claim_with;
use crate::path::Path;
use crate::rules::{evaluate, Assessment, DayRow, Totals};
use chrono::NaiveDate;
use serde::Serialize;

/// The `format` a claim document must declare.
pub const CLAIM_FORMAT: &str = "claimdesk.claim/1";

/// Largest claim document accepted: 10 MB (10 × 1024 × 1024 bytes). A real
/// claim is a few hundred KB at most; anything bigger is the wrong file.
pub const MAX_CLAIM_BYTES: usize = 10 * 1024 * 1024;

/// The most entries each list of a claim may hold, by its member name. A
/// weekend's lost orders are dozens or hundreds (93,000 once took 1.7 GB for
/// the PDF); more than these are the POS's order list, attached as evidence.
pub const MAX_LIST_ENTRIES: [(&str, usize); 5] = [
    ("affected_services", 20),
    ("daily_sales", 1_000),
    ("lost_orders", 2_000),
    ("extra_costs", 200),
    ("evidence", 200),
];

/// Why a file is not a claim document at all (exit code 2, not a report).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentError {
    TooLarge {
        bytes: usize,
    },
    /// A list longer than [`MAX_LIST_ENTRIES`] allows.
    TooManyEntries {
        list: &'static str,
        count: usize,
        limit: usize,
    },
    NotUtf8 {
        offset: usize,
    },
    NotJson {
        line: usize,
        column: usize,
    },
    NotObject,
    FormatMissing,
    FormatWrong,
}

impl DocumentError {
    /// One line for the owner; never quotes the file's content.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DocumentError::TooLarge { bytes }, Lang::Ko) => format!(
                "파일이 너무 큽니다({}바이트). 청구서 파일은 10MB 이하여야 합니다. 올바른 파일을 골랐는지 확인해 주세요.",
                crate::money::group_thousands(i64::try_from(*bytes).unwrap_or(i64::MAX))
            ),
            (DocumentError::TooLarge { bytes }, Lang::En) => format!(
                "The file is too large ({} bytes); a claim file must be 10 MB or less. Check that this is the right file.",
                crate::money::group_thousands(i64::try_from(*bytes).unwrap_or(i64::MAX))
            ),
            (DocumentError::TooManyEntries { list, count, limit }, Lang::Ko) => format!(
                "{} {}건: 청구서 하나에는 {}건까지 적을 수 있습니다.{}",
                list_name(list, Lang::Ko),
                crate::money::group_thousands(i64::try_from(*count).unwrap_or(i64::MAX)),
                crate::money::group_thousands(i64::try_from(*limit).unwrap_or(i64::MAX)),
                if *list == "lost_orders" {
                    " 나머지 주문은 POS나 배달앱의 주문 목록 파일을 증빙 서류로 첨부해 보여 주세요."
                } else {
                    ""
                }
            ),
            (DocumentError::TooManyEntries { list, count, limit }, Lang::En) => format!(
                "The claim has {} {}; a claim holds at most {}.{}",
                crate::money::group_thousands(i64::try_from(*count).unwrap_or(i64::MAX)),
                list_name(list, Lang::En),
                crate::money::group_thousands(i64::try_from(*limit).unwrap_or(i64::MAX)),
                if *list == "lost_orders" {
                    " Show the other orders by attaching the POS's or delivery app's order list as evidence."
                } else {
                    ""
                }
            ),
            (DocumentError::NotUtf8 { offset }, Lang::Ko) => format!(
                "UTF-8 글자로 저장된 파일이 아닙니다({offset}번째 바이트). ClaimDesk 청구서(JSON) 파일을 골라 주세요."
            ),
            (DocumentError::NotUtf8 { offset }, Lang::En) => format!(
                "The file is not UTF-8 text (byte {offset}). Choose a ClaimDesk claim (JSON) file."
            ),
            (DocumentError::NotJson { line, column }, Lang::Ko) => format!(
                "청구서 파일(JSON)의 형식이 깨져 있습니다({line}번째 줄 {column}번째 글자 부근). 파일이 잘리거나 손으로 고쳐지지 않았는지 확인해 주세요."
            ),
            (DocumentError::NotJson { line, column }, Lang::En) => format!(
                "The file is not valid JSON (near line {line}, column {column}). It may be cut off or edited by hand."
            ),
            (DocumentError::NotObject, Lang::Ko) => {
                "청구서 파일이 아닙니다: 내용이 {로 시작하는 JSON 객체여야 합니다.".to_owned()
            }
            (DocumentError::NotObject, Lang::En) => {
                "This is not a claim file: its content must be a JSON object ({ … }).".to_owned()
            }
            (DocumentError::FormatMissing, Lang::Ko) => format!(
                "ClaimDesk 청구서 파일이 아닙니다: \"format\": \"{CLAIM_FORMAT}\" 표시가 없습니다."
            ),
            (DocumentError::FormatMissing, Lang::En) => format!(
                "This is not a ClaimDesk claim: it has no \"format\": \"{CLAIM_FORMAT}\"."
            ),
            (DocumentError::FormatWrong, Lang::Ko) => format!(
                "지원하지 않는 파일 형식입니다: \"format\"이 \"{CLAIM_FORMAT}\"이어야 합니다. 다른 프로그램이나 더 새 버전의 ClaimDesk에서 만든 파일일 수 있습니다."
            ),
            (DocumentError::FormatWrong, Lang::En) => format!(
                "Unsupported file format: \"format\" must be \"{CLAIM_FORMAT}\". The file may come from another program or a newer ClaimDesk."
            ),
        }
    }
}

fn list_name(list: &str, lang: Lang) -> &'static str {
    match (list, lang) {
        ("affected_services", Lang::Ko) => "장애 서비스",
        ("affected_services", Lang::En) => "affected services",
        ("daily_sales", Lang::Ko) => "일별 매출",
        ("daily_sales", Lang::En) => "daily sales rows",
        ("lost_orders", Lang::Ko) => "놓친 주문",
        ("lost_orders", Lang::En) => "lost orders",
        ("extra_costs", Lang::Ko) => "추가 비용",
        ("extra_costs", Lang::En) => "extra costs",
        (_, Lang::Ko) => "증빙 서류",
        (_, Lang::En) => "evidence files",
    }
}

/// A list of the claim longer than its limit, if any.
fn overlong_list(object: &Object<'_>) -> Option<DocumentError> {
    MAX_LIST_ENTRIES
        .iter()
        .find_map(|&(list, limit)| match object.get(list) {
            Some(Json::Array(entries)) if entries.len() > limit => {
                Some(DocumentError::TooManyEntries {
                    list,
                    count: entries.len(),
                    limit,
                })
            }
            _ => None,
        })
}

/// Checks the envelope of a claim document (size, UTF-8, JSON object,
/// format, the length of each list) and returns the object, borrowing from
/// `bytes`.
pub fn read_document(bytes: &[u8]) -> Result<Object<'_>, DocumentError> {
    if bytes.len() > MAX_CLAIM_BYTES {
        return Err(DocumentError::TooLarge { bytes: bytes.len() });
    }
    // Windows Notepad saves UTF-8 with a byte-order mark; it is still UTF-8.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| DocumentError::NotUtf8 {
        offset: error.valid_up_to(),
    })?;
    let value = Json::parse(text).map_err(|error| DocumentError::NotJson {
        line: error.line(),
        column: error.column(),
    })?;
    let Json::Object(object) = value else {
        return Err(DocumentError::NotObject);
    };
    match object.get("format") {
        None | Some(Json::Null) => Err(DocumentError::FormatMissing),
        Some(Json::String(format)) if format == CLAIM_FORMAT => match overlong_list(&object) {
            Some(error) => Err(error),
            None => Ok(object),
        },
        Some(_) => Err(DocumentError::FormatWrong),
    }
}

/// Parses and assesses a claim object (its `format` is not looked at here),
/// knowing the built-in incidents only.
pub fn assess(object: &Object<'_>) -> (Claim, Assessment) {
    assess_with(object, &Incidents::built_in())
}

/// [`assess`], with `incidents` the incidents a claim may name.
pub fn assess_with(object: &Object<'_>, incidents: &Incidents) -> (Claim, Assessment) {
    let (claim, mut problems) = parse_claim_with(object, incidents);
    let mut assessment = evaluate(&claim);
    problems.append(&mut assessment.problems);
    crate::rules::sort_problems(&mut problems);
    crate::rules::name_sales_days(&claim, &mut problems);
    assessment.problems = problems;
    (claim, assessment)
}

/// [`assess`] for a claim already held as a `serde_json` object.
pub fn assess_value(object: &serde_json::Map<String, serde_json::Value>) -> (Claim, Assessment) {
    assess_value_with(object, &Incidents::built_in())
}

/// [`assess_value`] with the incidents a claim may name.
pub fn assess_value_with(
    object: &serde_json::Map<String, serde_json::Value>,
    incidents: &Incidents,
) -> (Claim, Assessment) {
    let fields = object
        .iter()
        .fold(Object::default(), |mut fields, (key, value)| {
            fields.insert(key.as_str(), Json::from(value));
            fields
        });
    assess_with(&fields, incidents)
}

/// What one baseline method would give for a claim, for the side-by-side
/// comparison the owner sees while entering sales.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MethodTotals {
    pub method: &'static str,
    pub baseline: Option<Won>,
    pub actual: Option<Won>,
    pub sales_drop: Option<Won>,
    pub claimed: Option<Won>,
    /// The method cannot be used as the claim stands (data it needs is
    /// missing, or the period does not suit it).
    pub usable: bool,
    /// The days this method needs sales for that the claim has none for
    /// yet, in order: what switching to it asks of the owner.
    pub without_sales: Vec<NaiveDate>,
}

/// The claim assessed with each of the three baseline methods in turn.
pub fn compare_methods(
    object: &serde_json::Map<String, serde_json::Value>,
    incidents: &Incidents,
) -> Vec<MethodTotals> {
    use crate::codes::{BaselineMethod, Vocabulary};
    BaselineMethod::ALL
        .iter()
        .map(|method| {
            let mut variant = object.clone();
            let mut baseline = variant
                .get("baseline")
                .and_then(|b| b.as_object())
                .cloned()
                .unwrap_or_default();
            baseline.insert(
                "method".into(),
                serde_json::Value::String(method.code().into()),
            );
            variant.insert("baseline".into(), serde_json::Value::Object(baseline));
            let (claim, assessment) = assess_value_with(&variant, incidents);
            let without_sales = crate::rules::sales_dates(&claim, &assessment)
                .into_iter()
                .map(|day| day.date)
                .filter(|date| {
                    !claim
                        .daily_sales
                        .iter()
                        .any(|row| row.date == Some(*date) && row.amount.is_some())
                })
                .collect();
            let blocked = assessment.problems.iter().any(|problem| {
                matches!(
                    problem.code(),
                    Code::BaselineMissing | Code::MethodPeriod | Code::BaselineInvalid
                )
            });
            let totals = &assessment.totals;
            MethodTotals {
                method: method.code(),
                baseline: totals.baseline,
                actual: totals.actual,
                sales_drop: totals.sales_drop,
                claimed: totals.claimed,
                usable: !blocked && totals.baseline.is_some(),
                without_sales,
            }
        })
        .collect()
}

/// Reads, parses and assesses a claim document (built-in incidents only).
pub fn assess_document(bytes: &[u8]) -> Result<(Claim, Assessment), DocumentError> {
    assess_document_with(bytes, &Incidents::built_in())
}

/// [`assess_document`] with the incidents a claim may name.
pub fn assess_document_with(
    bytes: &[u8],
    incidents: &Incidents,
) -> Result<(Claim, Assessment), DocumentError> {
    read_document(bytes).map(|object| assess_with(&object, incidents))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub valid: bool,
    pub errors: Vec<ReportProblem>,
    pub warnings: Vec<ReportProblem>,
    pub totals: ReportTotals,
    pub days: Vec<ReportDay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compensation: Option<ReportCompensation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportProblem {
    pub code: Code,
    pub path: Path,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReportTotals {
    pub baseline: Option<Won>,
    pub actual: Option<Won>,
    pub sales_drop: Option<Won>,
    pub lost_orders: Option<Won>,
    pub extra_costs: Option<Won>,
    pub revenue_loss: Option<Won>,
    pub claimed: Option<Won>,
    pub profit_loss_estimate: Option<Won>,
    pub drop_rate_bp: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportDay {
    pub date: NaiveDate,
    pub weekday: &'static str,
    pub holiday: bool,
    pub actual: Option<Won>,
    pub baseline: Option<Won>,
    pub drop: Option<Won>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReportCompensation {
    pub tier_amount: Option<Won>,
    pub individual_review: bool,
    /// Only under a `days_out` rule (spec §3.1), null when the effective
    /// window is unknown; absent otherwise, so the `loss` reports are as
    /// they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_out: Option<Option<u32>>,
}

impl Report {
    pub fn new(assessment: &Assessment, lang: Lang) -> Report {
        let entry = |problem: &crate::problem::Problem| ReportProblem {
            code: problem.code(),
            path: problem.path.clone(),
            message: message(problem, lang),
        };
        let (errors, warnings): (Vec<_>, Vec<_>) = assessment
            .problems
            .iter()
            .partition(|problem| problem.code().is_error());
        let Totals {
            baseline,
            actual,
            sales_drop,
            lost_orders,
            extra_costs,
            revenue_loss,
            claimed,
            profit_loss_estimate,
            drop_rate_bp,
        } = assessment.totals;
        Report {
            valid: errors.is_empty(),
            errors: errors.into_iter().map(entry).collect(),
            warnings: warnings.into_iter().map(entry).collect(),
            totals: ReportTotals {
                baseline,
                actual,
                sales_drop,
                lost_orders,
                extra_costs,
                revenue_loss,
                claimed,
                profit_loss_estimate,
                drop_rate_bp,
            },
            days: assessment.days.iter().map(ReportDay::from).collect(),
            compensation: assessment.compensation.map(|c| ReportCompensation {
                tier_amount: c.tier_amount,
                individual_review: c.individual_review,
                days_out: c.days_out,
            }),
        }
    }
}

impl From<&DayRow> for ReportDay {
    fn from(day: &DayRow) -> Self {
        ReportDay {
            date: day.date,
            weekday: weekday_code(day.date),
            holiday: day.holiday,
            actual: day.actual,
            baseline: day.baseline,
            drop: day.drop,
        }
    }
}
