//! Reading a `claimdesk.claim/1` JSON object into a [`Claim`], reporting every
//! shape problem of spec §1–§3 at its path (never stopping at the first).
//!
//! Rules that compare fields with each other live in `rules`; this module
//! only answers "is each value what its field needs".

use crate::claim::*;
use crate::codes::{BaselineMethod, EvidenceKind, Industry, Region, Service, Vocabulary};
use crate::dates::{parse_date, parse_instant};
use crate::incident::{DateRange, Incident, Incidents};
use crate::json::{Json, Number, Object};
use crate::money::{Won, MAX_WON};
use crate::path::Path;
use crate::problem::{DateShape, Issue, Problem, Shape, VocabularyName};
use chrono::{DateTime, FixedOffset, NaiveDate};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    Optional,
}

/// Reads the claim object, knowing only the built-in incidents.
pub fn parse_claim(root: &Object<'_>) -> (Claim, Vec<Problem>) {
    parse_claim_with(root, &Incidents::built_in())
}

/// Reads the claim object; `incident.preset` may name any of `incidents`.
/// Every problem found is in the returned list.
pub fn parse_claim_with(root: &Object<'_>, incidents: &Incidents) -> (Claim, Vec<Problem>) {
    let mut reader = Reader {
        problems: Vec::new(),
        incidents,
    };
    let top = Path::root();
    let claim = Claim {
        id: reader.text(root, &top, "id", Need::Optional),
        business: reader.business(root),
        incident: reader.incident(root),
        // `to` before `from` is a rule of the period (E_PERIOD_RANGE), checked in `rules`.
        period: reader.range(root, &top, "period"),
        baseline: reader.baseline(root),
        affected_services: reader
            .items(root, &top, "affected_services")
            .map(|(index, item, at)| AffectedService {
                index,
                service: reader
                    .code::<Service>(
                        item,
                        &at,
                        "service",
                        Need::Required,
                        VocabularyName::Service,
                    )
                    .valid(),
                paid: reader.yes_no(item, &at, "paid"),
            })
            .collect(),
        daily_sales: reader
            .items(root, &top, "daily_sales")
            .map(|(index, item, at)| SalesRow {
                index,
                date: reader.date(item, &at, "date", Need::Required).valid(),
                amount: reader.money(item, &at, "amount", Need::Required, Won::ZERO),
            })
            .collect(),
        lost_orders: reader
            .items(root, &top, "lost_orders")
            .map(|(index, item, at)| LostOrder {
                index,
                reference: reader.text(item, &at, "ref", Need::Optional),
                at: reader.instant(item, &at, "at", Need::Required).valid(),
                service: reader
                    .code::<Service>(
                        item,
                        &at,
                        "service",
                        Need::Optional,
                        VocabularyName::Service,
                    )
                    .valid(),
                // A lost order of 0원 lost nothing (spec §5: amount ≥ 1).
                amount: reader.money(item, &at, "amount", Need::Required, Won::new(1)),
                customer_name: reader.text(item, &at, "customer_name", Need::Optional),
                customer_phone: reader.text(item, &at, "customer_phone", Need::Optional),
                note: reader.text(item, &at, "note", Need::Optional),
            })
            .collect(),
        extra_costs: reader
            .items(root, &top, "extra_costs")
            .map(|(index, item, at)| ExtraCost {
                index,
                date: reader.date(item, &at, "date", Need::Optional).valid(),
                description: reader.text(item, &at, "description", Need::Optional),
                amount: reader.money(item, &at, "amount", Need::Required, Won::ZERO),
            })
            .collect(),
        margin_bp: reader.margin(root),
        narrative: reader.text(root, &top, "narrative", Need::Optional),
        evidence: reader
            .items(root, &top, "evidence")
            .map(|(index, item, at)| Evidence {
                index,
                kind: reader
                    .code::<EvidenceKind>(
                        item,
                        &at,
                        "kind",
                        Need::Required,
                        VocabularyName::EvidenceKind,
                    )
                    .valid(),
                file_name: reader.text(item, &at, "file_name", Need::Optional),
                sha256: reader.text(item, &at, "sha256", Need::Optional),
                description: reader.text(item, &at, "description", Need::Optional),
            })
            .collect(),
    };
    (claim, reader.problems)
}

struct Reader<'p> {
    problems: Vec<Problem>,
    incidents: &'p Incidents,
}

/// A field's value, with `null` and blank strings counting as absent (spec §2).
fn present<'a>(object: &'a Object<'_>, key: &str) -> Option<&'a Json<'a>> {
    match object.get(key) {
        None | Some(Json::Null) => None,
        Some(Json::String(text)) if text.trim().is_empty() => None,
        Some(value) => Some(value),
    }
}

/// A JSON number that is a whole number (`410000` or `410000.0`), exactly.
fn whole_number(value: &Json<'_>) -> Option<i64> {
    match value {
        Json::Number(Number::Signed(integer)) => Some(*integer),
        Json::Number(Number::Unsigned(integer)) => i64::try_from(*integer).ok(),
        Json::Number(Number::Float(float)) => {
            // Whole floats up to 2^53 are exact; beyond that every amount is
            // refused anyway, so nothing is lost by not converting them.
            const EXACT: f64 = 9_007_199_254_740_992.0;
            if float.fract() == 0.0 && float.abs() <= EXACT {
                // In range and whole: the conversion is exact.
                Some(*float as i64)
            } else {
                None
            }
        }
        _ => None,
    }
}

impl Reader<'_> {
    fn report(&mut self, path: Path, issue: Issue) {
        self.problems.push(Problem::new(path, issue));
    }

    /// The value of `key`, or `None` after reporting `E_REQUIRED` if it is required.
    fn value<'a>(
        &mut self,
        object: &'a Object<'_>,
        at: &Path,
        key: &'static str,
        need: Need,
    ) -> Option<&'a Json<'a>> {
        let value = present(object, key);
        if value.is_none() && need == Need::Required {
            self.report(at.key(key), Issue::Required);
        }
        value
    }

    fn text(
        &mut self,
        object: &Object<'_>,
        at: &Path,
        key: &'static str,
        need: Need,
    ) -> Option<String> {
        match self.value(object, at, key, need)? {
            Json::String(text) => Some(text.to_string()),
            _ => {
                self.report(at.key(key), Issue::WrongType(Shape::Text));
                None
            }
        }
    }

    fn yes_no(&mut self, object: &Object<'_>, at: &Path, key: &'static str) -> Option<bool> {
        match self.value(object, at, key, Need::Optional)? {
            Json::Bool(flag) => Some(*flag),
            _ => {
                self.report(at.key(key), Issue::WrongType(Shape::YesNo));
                None
            }
        }
    }

    fn money(
        &mut self,
        object: &Object<'_>,
        at: &Path,
        key: &'static str,
        need: Need,
        min: Won,
    ) -> Option<Won> {
        let value = self.value(object, at, key, need)?;
        match whole_number(value) {
            Some(won) if (min.get()..=MAX_WON).contains(&won) => Some(Won::new(won)),
            _ => {
                self.report(at.key(key), Issue::AmountInvalid { min });
                None
            }
        }
    }

    fn date(
        &mut self,
        object: &Object<'_>,
        at: &Path,
        key: &'static str,
        need: Need,
    ) -> Given<NaiveDate> {
        self.dated(object, at, key, need, DateShape::Date, parse_date)
    }

    fn instant(
        &mut self,
        object: &Object<'_>,
        at: &Path,
        key: &'static str,
        need: Need,
    ) -> Given<DateTime<FixedOffset>> {
        self.dated(object, at, key, need, DateShape::Instant, parse_instant)
    }

    fn dated<T>(
        &mut self,
        object: &Object<'_>,
        at: &Path,
        key: &'static str,
        need: Need,
        shape: DateShape,
        parse: fn(&str) -> Option<T>,
    ) -> Given<T> {
        let Some(value) = self.value(object, at, key, need) else {
            return Given::Absent;
        };
        match value.as_str().and_then(parse) {
            Some(parsed) => Given::Valid(parsed),
            None => {
                self.report(at.key(key), Issue::DateInvalid(shape));
                Given::Invalid
            }
        }
    }

    fn code<T: Vocabulary>(
        &mut self,
        object: &Object<'_>,
        at: &Path,
        key: &'static str,
        need: Need,
        vocabulary: VocabularyName,
    ) -> Given<T> {
        let Some(value) = self.value(object, at, key, need) else {
            return Given::Absent;
        };
        match value.as_str().and_then(T::from_code) {
            Some(code) => Given::Valid(code),
            None => {
                self.report(at.key(key), Issue::UnknownCode(vocabulary));
                Given::Invalid
            }
        }
    }

    fn object<'a>(
        &mut self,
        object: &'a Object<'_>,
        at: &Path,
        key: &'static str,
    ) -> Option<&'a Object<'a>> {
        match present(object, key)? {
            Json::Object(inner) => Some(inner),
            _ => {
                self.report(at.key(key), Issue::WrongType(Shape::Object));
                None
            }
        }
    }

    /// The object items of a list with their index and path; a list that is
    /// not a list, or an item that is not an object, is reported and skipped.
    fn items<'a>(
        &mut self,
        object: &'a Object<'_>,
        at: &Path,
        key: &'static str,
    ) -> std::vec::IntoIter<(usize, &'a Object<'a>, Path)> {
        let list_path = at.key(key);
        let mut items = Vec::new();
        match present(object, key) {
            None => {}
            Some(Json::Array(values)) => {
                for (index, value) in values.iter().enumerate() {
                    match value {
                        Json::Object(item) => items.push((index, item, list_path.index(index))),
                        _ => self.report(list_path.index(index), Issue::WrongType(Shape::Object)),
                    }
                }
            }
            Some(_) => self.report(list_path, Issue::WrongType(Shape::List)),
        }
        items.into_iter()
    }

    fn business(&mut self, root: &Object<'_>) -> Business {
        let at = Path::field("business");
        // A missing or non-object business is one E_REQUIRED (spec §2), not
        // one per required field inside it.
        let Some(Json::Object(business)) = present(root, "business") else {
            self.report(at, Issue::Required);
            return Business::default();
        };
        Business {
            name: self.text(business, &at, "name", Need::Required),
            representative: self.text(business, &at, "representative", Need::Required),
            registration_number: self.text(business, &at, "registration_number", Need::Required),
            industry: self
                .code::<Industry>(
                    business,
                    &at,
                    "industry",
                    Need::Optional,
                    VocabularyName::Industry,
                )
                .valid(),
            region: self
                .code::<Region>(
                    business,
                    &at,
                    "region",
                    Need::Optional,
                    VocabularyName::Region,
                )
                .valid(),
            address: self.text(business, &at, "address", Need::Optional),
            phone: self.text(business, &at, "phone", Need::Required),
            email: self.text(business, &at, "email", Need::Optional),
            bank: self.object(business, &at, "bank").map(|bank| {
                let at = at.key("bank");
                BankAccount {
                    name: self.text(bank, &at, "name", Need::Optional),
                    account: self.text(bank, &at, "account", Need::Optional),
                    holder: self.text(bank, &at, "holder", Need::Optional),
                }
            }),
        }
    }

    fn incident(&mut self, root: &Object<'_>) -> IncidentInput {
        let at = Path::field("incident");
        let Some(incident) = present(root, "incident") else {
            self.report(at, Issue::Required);
            return IncidentInput::default();
        };
        let Json::Object(incident) = incident else {
            self.report(at, Issue::WrongType(Shape::Object));
            return IncidentInput {
                preset: Given::Invalid,
                ..IncidentInput::default()
            };
        };
        let preset: Given<&'static Incident> = match present(incident, "preset") {
            None => Given::Absent,
            Some(value) => match value.as_str().and_then(|code| self.incidents.find(code)) {
                Some(incident) => Given::Valid(incident),
                None => {
                    self.report(at.key("preset"), Issue::PresetUnknown);
                    Given::Invalid
                }
            },
        };
        let start = self.instant(incident, &at, "start", Need::Optional);
        let end = self.instant(incident, &at, "end", Need::Optional);
        if preset.is_absent() {
            match (start.is_absent(), end.is_absent()) {
                (true, true) => self.report(at.clone(), Issue::Required),
                (false, true) => self.report(at.key("end"), Issue::Required),
                (true, false) => self.report(at.key("start"), Issue::Required),
                (false, false) => {}
            }
        }
        IncidentInput { preset, start, end }
    }

    /// `{from, to}` of dates; a missing or bad end is `E_DATE_INVALID` at it.
    fn range(&mut self, object: &Object<'_>, at: &Path, key: &'static str) -> Given<DateRange> {
        let Some(value) = present(object, key) else {
            return Given::Absent;
        };
        let path = at.key(key);
        let Json::Object(range) = value else {
            self.report(path, Issue::WrongType(Shape::Object));
            return Given::Invalid;
        };
        let mut end = |end_key: &'static str| {
            let date = present(range, end_key)
                .and_then(Json::as_str)
                .and_then(parse_date);
            if date.is_none() {
                self.report(path.key(end_key), Issue::DateInvalid(DateShape::Date));
            }
            date
        };
        match (end("from"), end("to")) {
            (Some(from), Some(to)) => Given::Valid(DateRange { from, to }),
            _ => Given::Invalid,
        }
    }

    fn baseline(&mut self, root: &Object<'_>) -> BaselineInput {
        let at = Path::field("baseline");
        let Some(baseline) = self.object(root, &Path::root(), "baseline") else {
            // Absent: every default. Wrong type: reported, then treated as absent.
            return BaselineInput::default();
        };
        let method = self.code::<BaselineMethod>(
            baseline,
            &at,
            "method",
            Need::Optional,
            VocabularyName::BaselineMethod,
        );
        let weeks = match present(baseline, "weeks") {
            None => Given::Absent,
            Some(value) => match whole_number(value).and_then(|n| u8::try_from(n).ok()) {
                Some(weeks @ 1..=8) => Given::Valid(weeks),
                _ => {
                    self.report(at.key("weeks"), Issue::WeeksInvalid);
                    Given::Invalid
                }
            },
        };
        let reference = match self.range(baseline, &at, "reference") {
            Given::Valid(range) if range.to < range.from => {
                self.report(at.key("reference"), Issue::ReferenceReversed);
                Given::Invalid
            }
            other => other,
        };
        BaselineInput {
            method,
            weeks,
            reference,
        }
    }

    fn margin(&mut self, root: &Object<'_>) -> Option<u16> {
        let value = present(root, "margin_bp")?;
        match whole_number(value).and_then(|n| u16::try_from(n).ok()) {
            Some(margin @ 1..=10_000) => Some(margin),
            _ => {
                self.report(Path::field("margin_bp"), Issue::MarginInvalid);
                None
            }
        }
    }
}
