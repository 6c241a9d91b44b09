//! Incident definition files, `claimdesk.incident/1`: how the association
//! tells every shop "this is the incident, these are its hours, these
//! documents, this deadline" without a new app. The built-in incidents are
//! such files (`incidents/*.incident.json`, compiled in), and the rules
//! engine knows incidents only through them.
//!
//! ```json
//! {
//!   "format": "claimdesk.incident/1",
//!   "id": "kakao-2022-10",
//!   "title": {"ko": "…", "en": "…"},
//!   "window": {"start": "2022-10-15T15:30:00+09:00", "end": "2022-10-20T23:00:00+09:00"},
//!   "services": [{"service": "talk_channel", "restored_at": "2022-10-16T01:31:00+09:00",
//!                 "restored": {"ko": "…", "en": "…"}}],
//!   "default_period": {"from": "2022-10-15", "to": "2022-10-21"},
//!   "best_week_reference": {"from": "2022-09-03", "to": "2022-10-14"},
//!   "compensation": {"basis": "loss", "tiers": [{"up_to": 300000, "amount": 30000}]},
//!   "required_evidence": ["sales_proof", "service_use_proof"],
//!   "deadlines": [{"kind": "filing", "date": "2023-02-28", "title": {"ko": "…", "en": "…"}}],
//!   "hand_in": {"ko": "…", "en": "…"},
//!   "submit": {"url": "https://claims.example.kr", "server_key": "…"}
//! }
//! ```
//!
//! `submit` (issue 39) says where the app sends this incident's claims: the
//! association server's base address (`https://`, or `http://` for
//! 127.0.0.1 and [::1] alone, for tests; no user, query or fragment; the
//! app appends `/v1/…`) and that server's Ed25519 public key in base64, as
//! `incident keygen` prints it, which verifies its receipts and answers.
//! A signed definition is what makes the address trustworthy: a shop never
//! types one.
//!
//! `hand_in` says where and how to hand claims in (at most
//! [`MAX_HAND_IN_CHARS`] characters a language); the owner reads it after
//! making the PDF. `compensation` (spec §3.1) is `{"basis": "loss", "tiers":
//! [{up_to, amount}]}` or `{"basis": "days_out", "tiers": [{from_days,
//! amount}]}`, tiers ascending; files issued before it carry
//! `compensation_tiers`, read as `loss` (never both). `best_week_reference`, `compensation`,
//! `services[].restored_at`, `services[].restored`, `deadlines` and
//! `hand_in` and `submit` may be absent or null. A file that
//! contradicts itself is refused with the field that is wrong.

use crate::codes::{EvidenceKind, Service, Vocabulary};
use crate::dates::{kst_date, parse_date, parse_instant};
use crate::money::{Won, MAX_WON};
use crate::terms::{CompensationRule, DateRange, DaysTier, Tier};
use crate::Lang;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{Map, Value};

pub const INCIDENT_FORMAT: &str = "claimdesk.incident/1";

/// The longest `hand_in` text, in characters, in either language.
pub const MAX_HAND_IN_CHARS: usize = 500;

/// A text in Korean and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bilingual {
    pub ko: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

/// A service the incident stopped, and when it came back where known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AffectedService {
    pub service: Service,
    pub restored_at: Option<DateTime<FixedOffset>>,
    /// In words, where the time is not known exactly ("that afternoon").
    pub restored: Option<Bilingual>,
}

/// A date by which something must be filed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// `filing` (the claim itself) or `documents` (the evidence).
    pub kind: DeadlineKind,
    /// The last day, in Korea time.
    pub date: NaiveDate,
    pub title: Bilingual,
}

impl Deadline {
    /// Days from `today` (Korea time) to the deadline: 0 on the day itself,
    /// negative once it has passed.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.date - today).num_days()
    }
}

/// The filing deadline among `deadlines`: the latest one, as an extended
/// deadline is issued beside the first.
pub fn filing_deadline(deadlines: &[Deadline]) -> Option<&Deadline> {
    deadlines
        .iter()
        .filter(|deadline| deadline.kind == DeadlineKind::Filing)
        .max_by_key(|deadline| deadline.date)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineKind {
    Filing,
    Documents,
}

impl DeadlineKind {
    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::Filing => "filing",
            DeadlineKind::Documents => "documents",
        }
    }
}

/// A definition file, read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentDefinition {
    pub id: String,
    pub title: Bilingual,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub services: Vec<AffectedService>,
    pub default_period: DateRange,
    pub best_week_reference: Option<DateRange>,
    /// How claims are paid: `compensation` in the file, or the older
    /// `compensation_tiers` (read as a `loss` rule).
    pub compensation: Option<CompensationRule>,
    pub required_evidence: Vec<EvidenceKind>,
    pub deadlines: Vec<Deadline>,
    /// Where and how to hand claims in, when the association says.
    pub hand_in: Option<Bilingual>,
    /// Where the app submits claims online, when the association runs a
    /// server for them.
    pub submit: Option<SubmitTo>,
}

/// The association's server for this incident's claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubmitTo {
    /// The base address as read, without a trailing `/`: the app appends
    /// `/v1/…`.
    pub url: String,
    /// Verifies that server's receipts and answers.
    pub server_key: ed25519_dalek::VerifyingKey,
}

/// The longest `submit.url` taken.
pub const MAX_SUBMIT_URL_CHARS: usize = 2048;

/// Why a definition file is refused: the field, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefinitionError {
    pub field: String,
    pub problem: DefinitionProblem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefinitionProblem {
    NotJson,
    WrongFormat,
    Missing,
    WrongType,
    BadId,
    BadDate,
    UnknownCode,
    EndNotAfterStart,
    TooLong,
    PeriodReversed,
    PeriodOutsideWindow,
    RestoredOutsideWindow,
    TiersOutOfOrder,
    BadAmount,
    Repeated,
    TextTooLong,
    /// `compensation` and `compensation_tiers` both given.
    TwoRules,
    /// A days-out step below one day.
    BadDays,
    /// `submit.url` is not an address the app may send claims to.
    BadAddress,
    /// `submit.server_key` is not a public key.
    BadKey,
}

impl DefinitionError {
    fn at(field: impl Into<String>, problem: DefinitionProblem) -> DefinitionError {
        DefinitionError {
            field: field.into(),
            problem,
        }
    }

    /// The owner's sentence, naming the field.
    pub fn message(&self, lang: Lang) -> String {
        use DefinitionProblem::*;
        let field = &self.field;
        let what = match (self.problem, lang) {
            (NotJson, Lang::Ko) => "JSON으로 읽을 수 없습니다",
            (NotJson, Lang::En) => "is not readable JSON",
            (WrongFormat, Lang::Ko) => "\"claimdesk.incident/1\"이 아닙니다",
            (WrongFormat, Lang::En) => "is not \"claimdesk.incident/1\"",
            (Missing, Lang::Ko) => "이(가) 없습니다",
            (Missing, Lang::En) => "is missing",
            (WrongType, Lang::Ko) => "의 형식이 맞지 않습니다",
            (WrongType, Lang::En) => "has the wrong type",
            (BadId, Lang::Ko) => "은(는) 영문 소문자, 숫자, '-'로만 3~64자여야 합니다",
            (BadId, Lang::En) => "must be 3 to 64 lowercase letters, digits and '-'",
            (BadDate, Lang::Ko) => "이(가) 날짜나 시각(시간대 포함)이 아닙니다",
            (BadDate, Lang::En) => "is not a date or an instant with its offset",
            (UnknownCode, Lang::Ko) => "은(는) 알 수 없는 코드입니다",
            (UnknownCode, Lang::En) => "is an unknown code",
            (EndNotAfterStart, Lang::Ko) => "이(가) 시작보다 뒤가 아닙니다",
            (EndNotAfterStart, Lang::En) => "is not after the start",
            (TooLong, Lang::Ko) => "까지 31일이 넘습니다",
            (TooLong, Lang::En) => "is more than 31 days after the start",
            (TextTooLong, Lang::Ko) => "이(가) 500자를 넘습니다",
            (TextTooLong, Lang::En) => "is longer than 500 characters",
            (PeriodReversed, Lang::Ko) => "이(가) 시작일보다 앞입니다",
            (PeriodReversed, Lang::En) => "is before the first day",
            (PeriodOutsideWindow, Lang::Ko) => "이(가) 장애 날짜와 하루도 겹치지 않습니다",
            (PeriodOutsideWindow, Lang::En) => "has no day in common with the outage",
            (RestoredOutsideWindow, Lang::Ko) => "이(가) 장애 시간 밖입니다",
            (RestoredOutsideWindow, Lang::En) => "is outside the outage window",
            (TiersOutOfOrder, Lang::Ko) => {
                "이(가) 앞 구간보다 커야 합니다 (구간 순서가 맞지 않습니다)"
            }
            (TiersOutOfOrder, Lang::En) => {
                "must be larger than the tier before it (tiers out of order)"
            }
            (TwoRules, Lang::Ko) => {
                "와(과) compensation_tiers가 함께 있습니다 (보상 규칙은 하나만 적어 주세요)"
            }
            (TwoRules, Lang::En) => {
                "is given beside compensation_tiers (an incident has one compensation rule)"
            }
            (BadDays, Lang::Ko) => "은(는) 1일 이상 31일 이하의 정수여야 합니다",
            (BadDays, Lang::En) => "must be a whole number of days from 1 to 31",
            (BadAmount, Lang::Ko) => "은(는) 1원 이상 1,000억 원 이하의 정수여야 합니다",
            (BadAmount, Lang::En) => "must be whole won from 1 to 100,000,000,000",
            (Repeated, Lang::Ko) => "이(가) 두 번 나옵니다",
            (Repeated, Lang::En) => "appears twice",
            (BadAddress, Lang::Ko) => {
                "은(는) https:// 주소여야 합니다(http://는 127.0.0.1과 [::1]만). 사용자 이름, ? 뒤의 내용, # 뒤의 내용은 넣을 수 없습니다"
            }
            (BadAddress, Lang::En) => {
                "must be an https:// address (http:// only for 127.0.0.1 and [::1]), without a user, a query or a fragment"
            }
            (BadKey, Lang::Ko) => {
                "이(가) 공개 키가 아닙니다('incident keygen'이 보여 주는 32바이트 키의 base64)"
            }
            (BadKey, Lang::En) => {
                "is not a public key (base64 of the 32 bytes 'incident keygen' prints)"
            }
        };
        match lang {
            Lang::Ko => format!("장애 정의 파일의 {field}{what}."),
            Lang::En => format!("the incident definition's {field} {what}."),
        }
    }
}

use DefinitionProblem as P;

fn text<'a>(
    object: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<&'a str, DefinitionError> {
    match object.get(key) {
        None | Some(Value::Null) => Err(DefinitionError::at(path, P::Missing)),
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text),
        Some(Value::String(_)) => Err(DefinitionError::at(path, P::Missing)),
        Some(_) => Err(DefinitionError::at(path, P::WrongType)),
    }
}

fn object<'a>(
    value: Option<&'a Value>,
    path: &str,
) -> Result<&'a Map<String, Value>, DefinitionError> {
    match value {
        None | Some(Value::Null) => Err(DefinitionError::at(path, P::Missing)),
        Some(Value::Object(object)) => Ok(object),
        Some(_) => Err(DefinitionError::at(path, P::WrongType)),
    }
}

/// A list that may be absent or null (empty then).
fn list<'a>(value: Option<&'a Value>, path: &str) -> Result<&'a [Value], DefinitionError> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(DefinitionError::at(path, P::WrongType)),
    }
}

fn bilingual(value: Option<&Value>, path: &str) -> Result<Bilingual, DefinitionError> {
    let object = object(value, path)?;
    Ok(Bilingual {
        ko: text(object, "ko", &format!("{path}.ko"))?.to_owned(),
        en: text(object, "en", &format!("{path}.en"))?.to_owned(),
    })
}

fn instant(
    object: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<DateTime<FixedOffset>, DefinitionError> {
    parse_instant(text(object, key, path)?).ok_or_else(|| DefinitionError::at(path, P::BadDate))
}

fn date(object: &Map<String, Value>, key: &str, path: &str) -> Result<NaiveDate, DefinitionError> {
    parse_date(text(object, key, path)?).ok_or_else(|| DefinitionError::at(path, P::BadDate))
}

fn range(value: Option<&Value>, path: &str) -> Result<DateRange, DefinitionError> {
    let object = object(value, path)?;
    let from = date(object, "from", &format!("{path}.from"))?;
    let to = date(object, "to", &format!("{path}.to"))?;
    if to < from {
        return Err(DefinitionError::at(format!("{path}.to"), P::PeriodReversed));
    }
    Ok(DateRange { from, to })
}

fn amount(value: Option<&Value>, path: &str) -> Result<Won, DefinitionError> {
    let won = value
        .and_then(Value::as_i64)
        .filter(|won| (1..=MAX_WON).contains(won))
        .ok_or_else(|| DefinitionError::at(path, P::BadAmount))?;
    Ok(Won::new(won))
}

/// The most days a days-out step can start at: an incident is at most 31
/// days long.
const MAX_FROM_DAYS: u64 = 31;

/// The compensation rule (spec §3.1): `compensation: {basis, tiers}` with at
/// least one tier, or the older `compensation_tiers` read as `loss` (as it
/// always was, an empty list included); not both.
fn compensation_rule(
    root: &Map<String, Value>,
) -> Result<Option<CompensationRule>, DefinitionError> {
    let given = |key: &str| !matches!(root.get(key), None | Some(Value::Null));
    if given("compensation") && given("compensation_tiers") {
        return Err(DefinitionError::at("compensation", P::TwoRules));
    }
    if given("compensation_tiers") {
        return Ok(Some(CompensationRule::Loss(loss_tiers(
            root.get("compensation_tiers"),
            "compensation_tiers",
        )?)));
    }
    if !given("compensation") {
        return Ok(None);
    }
    let rule = object(root.get("compensation"), "compensation")?;
    let tiers = rule.get("tiers");
    let (empty, rule) = match text(rule, "basis", "compensation.basis")? {
        "loss" => {
            let tiers = loss_tiers(tiers, "compensation.tiers")?;
            (tiers.is_empty(), CompensationRule::Loss(tiers))
        }
        "days_out" => {
            let tiers = days_tiers(tiers, "compensation.tiers")?;
            (tiers.is_empty(), CompensationRule::DaysOut(tiers))
        }
        _ => return Err(DefinitionError::at("compensation.basis", P::UnknownCode)),
    };
    if empty {
        return Err(DefinitionError::at("compensation.tiers", P::Missing));
    }
    Ok(Some(rule))
}

/// Tiers by loss, `{up_to, amount}`, ascending.
fn loss_tiers(value: Option<&Value>, at: &str) -> Result<Vec<Tier>, DefinitionError> {
    ascending_tiers(
        value,
        at,
        "up_to",
        |item, path| {
            Ok(Tier {
                up_to: amount(item.get("up_to"), &format!("{path}.up_to"))?,
                amount: amount(item.get("amount"), &format!("{path}.amount"))?,
            })
        },
        |tier| (tier.up_to.get(), tier.amount),
    )
}

/// Tiers by days out, `{from_days, amount}`, ascending.
fn days_tiers(value: Option<&Value>, at: &str) -> Result<Vec<DaysTier>, DefinitionError> {
    ascending_tiers(
        value,
        at,
        "from_days",
        |item, path| {
            let days_path = format!("{path}.from_days");
            let from_days = match item.get("from_days") {
                None | Some(Value::Null) => return Err(DefinitionError::at(days_path, P::Missing)),
                Some(Value::Number(number)) => number
                    .as_u64()
                    .filter(|days| (1..=MAX_FROM_DAYS).contains(days))
                    .and_then(|days| u32::try_from(days).ok())
                    .ok_or_else(|| DefinitionError::at(&days_path, P::BadDays))?,
                Some(_) => return Err(DefinitionError::at(days_path, P::WrongType)),
            };
            Ok(DaysTier {
                from_days,
                amount: amount(item.get("amount"), &format!("{path}.amount"))?,
            })
        },
        |tier| (i64::from(tier.from_days), tier.amount),
    )
}

/// A list of tiers read by `read`, each tier's step (`step_key`, as
/// `order` gives it with its amount) above the one before and its amount
/// not below: a scale that pays less for more is a mistake in the file.
fn ascending_tiers<T>(
    value: Option<&Value>,
    at: &str,
    step_key: &str,
    read: impl Fn(&Map<String, Value>, &str) -> Result<T, DefinitionError>,
    order: impl Fn(&T) -> (i64, Won),
) -> Result<Vec<T>, DefinitionError> {
    let mut tiers: Vec<T> = Vec::new();
    for (index, item) in list(value, at)?.iter().enumerate() {
        let path = format!("{at}[{index}]");
        let tier = read(object(Some(item), &path)?, &path)?;
        if let Some(previous) = tiers.last() {
            let ((step, paid), (previous_step, previous_paid)) = (order(&tier), order(previous));
            if step <= previous_step {
                return Err(DefinitionError::at(
                    format!("{path}.{step_key}"),
                    P::TiersOutOfOrder,
                ));
            }
            if paid < previous_paid {
                return Err(DefinitionError::at(
                    format!("{path}.amount"),
                    P::TiersOutOfOrder,
                ));
            }
        }
        tiers.push(tier);
    }
    Ok(tiers)
}

/// `submit`, when given: an address the app may send claims to, and the
/// key that verifies what its server signs.
fn submit_to(value: Option<&Value>) -> Result<Option<SubmitTo>, DefinitionError> {
    if matches!(value, None | Some(Value::Null)) {
        return Ok(None);
    }
    let submit = object(value, "submit")?;
    let address = text(submit, "url", "submit.url")?;
    let bad_address = || DefinitionError::at("submit.url", P::BadAddress);
    if address.chars().count() > MAX_SUBMIT_URL_CHARS || address.trim() != address {
        return Err(bad_address());
    }
    let parsed = url::Url::parse(address).map_err(|_| bad_address())?;
    let loopback = matches!(
        parsed.host(),
        Some(url::Host::Ipv4(ip)) if ip == std::net::Ipv4Addr::LOCALHOST
    ) || matches!(
        parsed.host(),
        Some(url::Host::Ipv6(ip)) if ip == std::net::Ipv6Addr::LOCALHOST
    );
    let allowed = match parsed.scheme() {
        "https" => parsed.host().is_some(),
        "http" => loopback,
        _ => false,
    };
    if !allowed
        || !parsed.username().is_empty()
        || parsed.password().is_some()
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err(bad_address());
    }
    let key = text(submit, "server_key", "submit.server_key")?;
    let server_key = crate::signature::parse_public_key(key)
        .ok_or_else(|| DefinitionError::at("submit.server_key", P::BadKey))?;
    Ok(Some(SubmitTo {
        url: parsed.as_str().trim_end_matches('/').to_owned(),
        server_key,
    }))
}

fn valid_id(id: &str) -> bool {
    (3..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

impl IncidentDefinition {
    /// Reads and checks a definition file's bytes.
    pub fn read(bytes: &[u8]) -> Result<IncidentDefinition, DefinitionError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let value: Value =
            serde_json::from_slice(bytes).map_err(|_| DefinitionError::at("(file)", P::NotJson))?;
        let root = object(Some(&value), "(file)")?;
        if root.get("format").and_then(Value::as_str) != Some(INCIDENT_FORMAT) {
            return Err(DefinitionError::at("format", P::WrongFormat));
        }
        let id = text(root, "id", "id")?;
        if !valid_id(id) {
            return Err(DefinitionError::at("id", P::BadId));
        }
        let title = bilingual(root.get("title"), "title")?;
        let window = object(root.get("window"), "window")?;
        let start = instant(window, "start", "window.start")?;
        let end = instant(window, "end", "window.end")?;
        if end <= start {
            return Err(DefinitionError::at("window.end", P::EndNotAfterStart));
        }
        if end - start > chrono::Duration::days(31) {
            return Err(DefinitionError::at("window.end", P::TooLong));
        }
        let mut services: Vec<AffectedService> = Vec::new();
        for (index, item) in list(root.get("services"), "services")?.iter().enumerate() {
            let path = format!("services[{index}]");
            let item = object(Some(item), &path)?;
            let code = text(item, "service", &format!("{path}.service"))?;
            let service = Service::from_code(code)
                .ok_or_else(|| DefinitionError::at(format!("{path}.service"), P::UnknownCode))?;
            if services.iter().any(|known| known.service == service) {
                return Err(DefinitionError::at(format!("{path}.service"), P::Repeated));
            }
            let restored_at = match item.get("restored_at") {
                None | Some(Value::Null) => None,
                Some(_) => Some(instant(
                    item,
                    "restored_at",
                    &format!("{path}.restored_at"),
                )?),
            };
            if restored_at.is_some_and(|at| at < start || at > end) {
                return Err(DefinitionError::at(
                    format!("{path}.restored_at"),
                    P::RestoredOutsideWindow,
                ));
            }
            let restored = match item.get("restored") {
                None | Some(Value::Null) => None,
                value => Some(bilingual(value, &format!("{path}.restored"))?),
            };
            services.push(AffectedService {
                service,
                restored_at,
                restored,
            });
        }
        let default_period = range(root.get("default_period"), "default_period")?;
        let local = DateRange {
            from: kst_date(start),
            to: kst_date(end),
        };
        if default_period.to < local.from || default_period.from > local.to {
            return Err(DefinitionError::at(
                "default_period",
                P::PeriodOutsideWindow,
            ));
        }
        if default_period.to - default_period.from >= chrono::Duration::days(31) {
            return Err(DefinitionError::at("default_period.to", P::TooLong));
        }
        let best_week_reference = match root.get("best_week_reference") {
            None | Some(Value::Null) => None,
            value => Some(range(value, "best_week_reference")?),
        };
        let compensation = compensation_rule(root)?;
        let mut required_evidence: Vec<EvidenceKind> = Vec::new();
        for (index, item) in list(root.get("required_evidence"), "required_evidence")?
            .iter()
            .enumerate()
        {
            let path = format!("required_evidence[{index}]");
            let kind = item
                .as_str()
                .ok_or_else(|| DefinitionError::at(&path, P::WrongType))
                .and_then(|code| {
                    EvidenceKind::from_code(code)
                        .ok_or_else(|| DefinitionError::at(&path, P::UnknownCode))
                })?;
            if required_evidence.contains(&kind) {
                return Err(DefinitionError::at(&path, P::Repeated));
            }
            required_evidence.push(kind);
        }
        let mut deadlines = Vec::new();
        for (index, item) in list(root.get("deadlines"), "deadlines")?.iter().enumerate() {
            let path = format!("deadlines[{index}]");
            let item = object(Some(item), &path)?;
            let kind = match text(item, "kind", &format!("{path}.kind"))? {
                "filing" => DeadlineKind::Filing,
                "documents" => DeadlineKind::Documents,
                _ => return Err(DefinitionError::at(format!("{path}.kind"), P::UnknownCode)),
            };
            let date = date(item, "date", &format!("{path}.date"))?;
            if date < local.from {
                return Err(DefinitionError::at(
                    format!("{path}.date"),
                    P::PeriodReversed,
                ));
            }
            deadlines.push(Deadline {
                kind,
                date,
                title: bilingual(item.get("title"), &format!("{path}.title"))?,
            });
        }
        let hand_in = match root.get("hand_in") {
            None | Some(Value::Null) => None,
            value => {
                let text = bilingual(value, "hand_in")?;
                for (language, said) in [("ko", &text.ko), ("en", &text.en)] {
                    if said.chars().count() > MAX_HAND_IN_CHARS {
                        return Err(DefinitionError::at(
                            format!("hand_in.{language}"),
                            P::TextTooLong,
                        ));
                    }
                }
                Some(text)
            }
        };
        let submit = submit_to(root.get("submit"))?;
        Ok(IncidentDefinition {
            id: id.to_owned(),
            title,
            start,
            end,
            services,
            default_period,
            best_week_reference,
            compensation,
            required_evidence,
            deadlines,
            hand_in,
            submit,
        })
    }

    pub fn filing_deadline(&self) -> Option<&Deadline> {
        filing_deadline(&self.deadlines)
    }

    /// The definition as a `claimdesk.incident/1` file: reading it back gives
    /// the same definition.
    pub fn to_json(&self) -> Value {
        fn bilingual(text: &Bilingual) -> Value {
            serde_json::json!({"ko": text.ko, "en": text.en})
        }
        fn range(range: &DateRange) -> Value {
            serde_json::json!({"from": range.from.to_string(), "to": range.to.to_string()})
        }
        fn instant(at: &DateTime<FixedOffset>) -> Value {
            Value::String(at.to_rfc3339())
        }
        serde_json::json!({
            "format": INCIDENT_FORMAT,
            "id": self.id,
            "title": bilingual(&self.title),
            "window": {"start": instant(&self.start), "end": instant(&self.end)},
            "services": self.services.iter().map(|service| serde_json::json!({
                "service": service.service.code(),
                "restored_at": service.restored_at.as_ref().map(instant),
                "restored": service.restored.as_ref().map(bilingual),
            })).collect::<Vec<_>>(),
            "default_period": range(&self.default_period),
            "best_week_reference": self.best_week_reference.as_ref().map(range),
            "compensation": self.compensation.as_ref().map(|rule| serde_json::json!({
                "basis": rule.basis(),
                "tiers": match rule {
                    CompensationRule::Loss(tiers) => tiers.iter().map(|tier| serde_json::json!({
                        "up_to": tier.up_to.get(),
                        "amount": tier.amount.get(),
                    })).collect::<Vec<_>>(),
                    CompensationRule::DaysOut(tiers) => tiers.iter().map(|tier| serde_json::json!({
                        "from_days": tier.from_days,
                        "amount": tier.amount.get(),
                    })).collect::<Vec<_>>(),
                },
            })),
            "required_evidence": self.required_evidence.iter().map(|kind| kind.code()).collect::<Vec<_>>(),
            "deadlines": self.deadlines.iter().map(|deadline| serde_json::json!({
                "kind": deadline.kind.code(),
                "date": deadline.date.to_string(),
                "title": bilingual(&deadline.title),
            })).collect::<Vec<_>>(),
            "hand_in": self.hand_in.as_ref().map(bilingual),
            "submit": self.submit.as_ref().map(|submit| serde_json::json!({
                "url": submit.url,
                "server_key": crate::signature::public_key_base64(&submit.server_key),
            })),
        })
    }
}

/// The definition files built into the app.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "kakao-2022-10",
        include_str!("../incidents/kakao-2022-10.incident.json"),
    ),
    (
        "kt-2021-10",
        include_str!("../incidents/kt-2021-10.incident.json"),
    ),
];
