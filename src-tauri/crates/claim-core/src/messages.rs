//! Messages for shop owners, in Korean (the default) and English.
//!
//! Codes and paths are the stable part of a problem; these sentences are for
//! a person at the shop counter, so they name fields the way the form does,
//! dates the way a calendar does, and say what to do next.

use crate::calendar;
use crate::codes::{BaselineMethod, EvidenceKind, Industry, Region, Service, Vocabulary};
use crate::dates::KST;
use crate::path::{Path, Segment};
use crate::problem::{DateShape, Issue, Problem, Shape, VocabularyName};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Weekday};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// `ko` or `en` (also `ko-KR`, `en-US` and the like).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or(tag)
            .to_ascii_lowercase();
        match primary.as_str() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }
}

/// `2022년 10월 10일(월)` / `Mon 10 Oct 2022`.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "{}년 {}월 {}일({})",
            date.year(),
            date.month(),
            date.day(),
            weekday_ko(date.weekday())
        ),
        Lang::En => date.format("%a %-d %b %Y").to_string(),
    }
}

/// An instant in Korea time: `2022년 10월 15일(토) 15:30` / `Sat 15 Oct 2022 15:30 KST`.
pub fn format_instant_kst(instant: DateTime<FixedOffset>, lang: Lang) -> String {
    let local = instant.with_timezone(&KST);
    let time = format!("{:02}:{:02}", local.hour(), local.minute());
    match lang {
        Lang::Ko => format!("{} {time}", format_date(local.date_naive(), lang)),
        Lang::En => format!("{} {time} KST", format_date(local.date_naive(), lang)),
    }
}

fn weekday_ko(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "월",
        Weekday::Tue => "화",
        Weekday::Wed => "수",
        Weekday::Thu => "목",
        Weekday::Fri => "금",
        Weekday::Sat => "토",
        Weekday::Sun => "일",
    }
}

/// Picks the Korean particle for `word`: `with_final` after a final consonant
/// (받침), `without` otherwise (을/를, 이/가, 은/는, 과/와).
fn josa(word: &str, with_final: &'static str, without: &'static str) -> &'static str {
    // A trailing "(...)" is read after the word it explains: 상호(가게 이름) → 상호.
    let spoken = match word.strip_suffix(')') {
        Some(inner) => inner.rfind('(').map_or(word, |open| &word[..open]),
        None => word,
    };
    let spoken = spoken.trim_end().trim_end_matches(['\'', '"', '’', '”']);
    let has_final = match spoken.chars().last() {
        Some(ch @ '가'..='힣') => (u32::from(ch) - u32::from('가')) % 28 != 0,
        // Digits as read aloud: 영 일 이 삼 사 오 육 칠 팔 구.
        Some(ch @ '0'..='9') => matches!(ch, '0' | '1' | '3' | '6' | '7' | '8'),
        Some(ch) => matches!(ch.to_ascii_lowercase(), 'l' | 'm' | 'n' | 'r'),
        None => false,
    };
    if has_final {
        with_final
    } else {
        without
    }
}

/// A particle written both ways (`을(를)`, `이(가)`, `은(는)`, `과(와)`,
/// `와(과)`, `(으)로`) and its two forms: after a final consonant, after
/// none.
const BOTH_WAYS: [(&str, &str, &str); 6] = [
    ("을(를)", "을", "를"),
    ("이(가)", "이", "가"),
    ("은(는)", "은", "는"),
    ("과(와)", "과", "와"),
    ("와(과)", "과", "와"),
    ("(으)로", "으로", "로"),
];

/// The form of `both` (one of `BOTH_WAYS`) that follows `word`. `(으)로`
/// takes 로 after ㄹ as after a vowel (서울로, 1일로).
pub fn particle_after(word: &str, both: &str) -> &'static str {
    let Some(&(_, with_final, without)) = BOTH_WAYS.iter().find(|(b, _, _)| *b == both) else {
        return "";
    };
    if both == "(으)로" {
        let spoken = word
            .trim_end()
            .trim_end_matches(['\'', '"', '’', '”', ']', '」', '』']);
        let ends_in_rieul = match spoken.chars().last() {
            Some(ch @ '가'..='힣') => (u32::from(ch) - u32::from('가')) % 28 == 8,
            // 일, 칠, 팔 end in ㄹ.
            Some(ch) => matches!(ch, '1' | '7' | '8' | 'l' | 'L'),
            None => false,
        };
        if ends_in_rieul {
            return without;
        }
    }
    josa(word, with_final, without)
}

/// `text` with every particle written both ways ("접수됨(으)로",
/// "manifest.json을(를)") chosen by the word before it, as a person would
/// write it. Messages from every crate pass through this on their way to
/// the owner, so a sentence built around a name, a status or a file never
/// shows the both-ways form. A particle with nothing before it is left.
pub fn resolve_particles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'text: while let Some(ch) = rest.chars().next() {
        if matches!(ch, '을' | '이' | '은' | '과' | '와' | '(') {
            for (both, _, _) in BOTH_WAYS {
                if let Some(after) = rest.strip_prefix(both) {
                    let word = out.rsplit(char::is_whitespace).next().unwrap_or("");
                    out.push_str(if word.is_empty() {
                        both
                    } else {
                        particle_after(word, both)
                    });
                    rest = after;
                    continue 'text;
                }
            }
        }
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// `word` followed by its particle: `with(\"사업자등록번호\", \"을\", \"를\")` → `사업자등록번호를`.
fn with(word: &str, with_final: &'static str, without: &'static str) -> String {
    format!("{word}{}", josa(word, with_final, without))
}

/// The name of a field as the form shows it.
fn field_name(key: &str, parent: Option<&str>, lang: Lang) -> &'static str {
    let (ko, en) = match (parent, key) {
        (_, "business") => ("사업장 정보", "business details"),
        (Some("business"), "name") => ("상호(가게 이름)", "business name"),
        (_, "representative") => ("대표자 이름", "representative's name"),
        (_, "registration_number") => ("사업자등록번호", "business registration number"),
        (_, "industry") => ("업종", "industry"),
        (_, "region") => ("지역(시·도)", "region"),
        (_, "address") => ("주소", "address"),
        (Some("business"), "phone") => ("연락처", "phone number"),
        (_, "email") => ("이메일", "email address"),
        (_, "bank") => ("입금 계좌", "bank account"),
        (Some("bank"), "name") => ("은행 이름", "bank name"),
        (_, "account") => ("계좌번호", "account number"),
        (_, "holder") => ("예금주", "account holder"),
        (_, "incident") => ("장애 정보", "incident"),
        (_, "preset") => ("장애 종류", "incident type"),
        (_, "start") => ("장애 시작 시각", "incident start"),
        (_, "end") => ("장애 종료 시각", "incident end"),
        (_, "period") => ("피해 기간", "claim period"),
        (Some("period"), "from") => ("피해 기간 첫날", "first day of the claim period"),
        (Some("period"), "to") => ("피해 기간 마지막 날", "last day of the claim period"),
        (_, "baseline") => ("비교 기준", "baseline"),
        (_, "method") => ("비교 방법", "baseline method"),
        (_, "weeks") => ("평균 낼 주 수", "number of weeks to average"),
        (_, "reference") => (
            "최고 매출 주를 찾을 기간",
            "reference range for the best week",
        ),
        (Some("reference"), "from") => ("기준 기간 첫날", "first day of the reference range"),
        (Some("reference"), "to") => ("기준 기간 마지막 날", "last day of the reference range"),
        (_, "affected_services") => ("피해 서비스", "affected services"),
        (_, "service") => ("서비스", "service"),
        (_, "paid") => ("유료 여부", "paid or free"),
        (_, "daily_sales") => ("일별 매출", "daily sales"),
        (Some("daily_sales"), "date") => ("날짜", "date"),
        (Some("daily_sales"), "amount") => ("매출액", "sales amount"),
        (_, "lost_orders") => ("놓친 주문", "lost orders"),
        (_, "ref") => ("주문 번호", "order number"),
        (_, "at") => ("주문 시각", "order time"),
        (Some("lost_orders"), "amount") => ("주문 금액", "order amount"),
        (_, "customer_name") => ("고객 이름", "customer name"),
        (_, "customer_phone") => ("고객 전화번호", "customer phone"),
        (_, "note") => ("메모", "note"),
        (_, "extra_costs") => ("추가 비용", "extra costs"),
        (Some("extra_costs"), "date") => ("비용 날짜", "date of the cost"),
        (Some("extra_costs"), "amount") => ("비용 금액", "cost amount"),
        (_, "margin_bp") => ("이익률", "profit margin"),
        (_, "narrative") => ("피해 설명", "description of the damage"),
        (_, "evidence") => ("증빙 자료", "evidence"),
        (_, "kind") => ("자료 종류", "document type"),
        (_, "file_name") => ("파일 이름", "file name"),
        (_, "sha256") => ("파일 지문(SHA-256)", "file fingerprint (SHA-256)"),
        (_, "description") => ("설명", "description"),
        (_, "id") => ("접수 ID", "claim id"),
        _ => ("항목", "field"),
    };
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

/// A path in words: `lost_orders[3].at` → `놓친 주문 4번째 줄의 주문 시각`,
/// `business.registration_number` → `사업자등록번호`.
pub fn describe_path(path: &Path, lang: Lang) -> String {
    let steps: Vec<Step<'_>> = path
        .segments()
        .iter()
        .map(|segment| match *segment {
            Segment::Key(key) => Step::Key(key),
            Segment::Index(index) => Step::Index(index),
        })
        .collect();
    describe_steps(&steps, lang)
}

/// One step into a claim document (a key of an object, an index of a list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Steps into a claim document in words, as [`describe_path`] says them.
pub fn describe_steps(steps: &[Step<'_>], lang: Lang) -> String {
    let mut list: Option<(&str, usize)> = None;
    let mut parent: Option<&str> = None;
    let mut last: Option<(&str, Option<&str>)> = None;
    for step in steps {
        match *step {
            Step::Key(key) => {
                last = Some((key, parent));
                parent = Some(key);
            }
            Step::Index(index) => {
                if let Some(key) = parent {
                    list = Some((key, index + 1));
                }
                last = None;
            }
        }
    }
    let list_row = list.map(|(key, row)| {
        let name = field_name(key, None, lang);
        match lang {
            Lang::Ko => format!("{name} {row}번째 줄"),
            Lang::En => format!("row {row} of {name}"),
        }
    });
    let field = last.map(|(key, parent)| field_name(key, parent, lang));
    match (list_row, field, lang) {
        (Some(row), Some(field), Lang::Ko) => format!("{row}의 {field}"),
        (Some(row), Some(field), Lang::En) => format!("{field} in {row}"),
        (Some(row), None, _) => row,
        (None, Some(field), _) => field.to_owned(),
        (None, None, _) => field_name("", None, lang).to_owned(),
    }
}

fn choices<T: Vocabulary>(lang: Lang) -> String {
    T::ALL
        .iter()
        .map(|member| {
            let label = match lang {
                Lang::Ko => member.label_ko(),
                Lang::En => member.label_en(),
            };
            format!("{}({label})", member.code())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn vocabulary_choices(vocabulary: VocabularyName, lang: Lang) -> String {
    match vocabulary {
        VocabularyName::Industry => choices::<Industry>(lang),
        VocabularyName::Region => choices::<Region>(lang),
        VocabularyName::Service => choices::<Service>(lang),
        VocabularyName::EvidenceKind => choices::<EvidenceKind>(lang),
        VocabularyName::BaselineMethod => choices::<BaselineMethod>(lang),
    }
}

fn row(index: usize) -> usize {
    index + 1
}

/// The message of one problem, in `lang`.
pub fn message(problem: &Problem, lang: Lang) -> String {
    let field = match (problem.day, lang) {
        // The day as the grid shows it: `2022년 10월 17일(월) 매출`.
        (Some(day), Lang::Ko) => format!("{} 매출", format_date(day, lang)),
        (Some(day), Lang::En) => format!("sales of {}", format_date(day, lang)),
        (None, _) => describe_path(&problem.path, lang),
    };
    let date = |d: NaiveDate| format_date(d, lang);
    match lang {
        Lang::Ko => message_ko(&problem.issue, &field, &date),
        Lang::En => message_en(&problem.issue, &field, &date),
    }
}

/// A warning as the association reads it in the claim's PDF: the fact
/// alone. The owner's messages tell her what to do ("제출 전에 첨부해
/// 주세요", "확인해 주세요"); by the time staff read the PDF she has handed
/// it in, so advice to her reads as advice to them. Warnings whose message
/// is already a plain fact, and every error, read as `message` does.
pub fn staff_message(problem: &Problem, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    match &problem.issue {
        Issue::CalendarRange if ko => format!(
            "{}~{}년 밖의 날짜가 있어, 그 날이 공휴일인지는 확인하지 않았습니다.",
            calendar::FIRST_YEAR,
            calendar::LAST_YEAR
        ),
        Issue::CalendarRange => format!(
            "Some dates fall outside {}–{}: whether they are holidays was not checked.",
            calendar::FIRST_YEAR,
            calendar::LAST_YEAR
        ),
        Issue::NoSalesData if ko => {
            "일별 매출이 없어, 피해액은 놓친 주문 금액의 합계입니다.".to_owned()
        }
        Issue::NoSalesData => {
            "No daily sales: the loss is the total of the lost orders.".to_owned()
        }
        Issue::NoDrop if ko => {
            "비교 기준보다 매출이 줄지 않아, 매출 감소액이 0원입니다.".to_owned()
        }
        Issue::NoDrop => {
            "Sales did not fall below the baseline: the sales drop is 0 won.".to_owned()
        }
        Issue::ServicesEmpty if ko => "피해를 입은 서비스를 고르지 않았습니다.".to_owned(),
        Issue::ServicesEmpty => "No failed service is chosen.".to_owned(),
        Issue::BankHolder if ko => "예금주가 대표자 이름이나 상호와 다릅니다.".to_owned(),
        Issue::BankHolder => {
            "The account holder is neither the representative nor the business name.".to_owned()
        }
        Issue::BankAccountFormat {
            digits,
            other_characters: true,
        } if ko => format!("계좌번호에 숫자와 하이픈(-) 밖의 글자가 있습니다(숫자 {digits}자리)."),
        Issue::BankAccountFormat {
            digits,
            other_characters: false,
        } if ko => format!("계좌번호가 숫자 {digits}자리로, 은행 계좌번호의 10~14자리가 아닙니다."),
        Issue::BankAccountFormat {
            digits,
            other_characters: true,
        } => format!(
            "The account number holds characters other than digits and hyphens ({digits} digits)."
        ),
        Issue::BankAccountFormat {
            digits,
            other_characters: false,
        } => format!("The account number has {digits} digits; bank account numbers have 10 to 14."),
        Issue::EvidenceMissing(kind) if ko => format!(
            "증빙 자료 중 {} 첨부되지 않았습니다.",
            with(&format!("'{}'", kind.label_ko()), "이", "가")
        ),
        Issue::EvidenceMissing(kind) => {
            format!("The evidence does not include '{}'.", kind.label_en())
        }
        _ => message(problem, lang),
    }
}

fn message_ko(issue: &Issue, field: &str, date: &dyn Fn(NaiveDate) -> String) -> String {
    match issue {
        Issue::Required => format!("{} 입력해 주세요.", with(field, "을", "를")),
        Issue::WrongType(shape) => {
            let expected = match shape {
                Shape::Text => "글자로",
                Shape::List => "목록으로",
                Shape::Object => "항목 묶음({ … })으로",
                Shape::YesNo => "예/아니오(true/false)로",
            };
            format!("{field}의 형식이 맞지 않습니다. {expected} 입력해 주세요.")
        }
        Issue::UnknownCode(vocabulary) => format!(
            "{field}에 알 수 없는 값이 들어 있습니다. 다음 중에서 골라 주세요: {}.",
            vocabulary_choices(*vocabulary, Lang::Ko)
        ),
        Issue::AmountInvalid { min } => format!(
            "{} {} 이상 1,000억원 이하의 원 단위 금액으로 입력해 주세요(예: 410,000 또는 41만). 소수점은 쓸 수 없습니다.",
            with(field, "은", "는"),
            min
        ),
        Issue::SumTooLarge => format!(
            "{field}의 합계가 1,000억원을 넘습니다. 금액에 0이 더 붙지 않았는지 확인해 주세요."
        ),
        Issue::DateInvalid(DateShape::Date) => format!(
            "{} 올바른 날짜가 아닙니다. 2022-10-15처럼 연-월-일로, 달력에 있는 날짜를 입력해 주세요.",
            with(field, "이", "가")
        ),
        Issue::DateInvalid(DateShape::Instant) => format!(
            "{} 올바른 시각이 아닙니다. 2022-10-15T18:20+09:00처럼 날짜, 시각과 한국 시간(+09:00)을 함께 입력해 주세요.",
            with(field, "이", "가")
        ),
        Issue::MarginInvalid => "이익률은 1에서 10000 사이의 만분율 정수로 입력해 주세요(35%는 3500).".to_owned(),
        Issue::BrnFormat => "사업자등록번호는 숫자 10자리입니다(예: 120-81-47521). 사업자등록증에 적힌 번호를 그대로 입력해 주세요.".to_owned(),
        Issue::BrnChecksum => "사업자등록번호가 올바르지 않습니다. 숫자 하나가 잘못 입력되었을 수 있으니 사업자등록증과 한 자리씩 비교해 주세요.".to_owned(),
        Issue::PhoneFormat => "연락처는 0으로 시작하는 9~11자리 전화번호로 입력해 주세요(예: 010-1234-5678, 02-123-4567).".to_owned(),
        Issue::EmailFormat => "이메일 주소 형식이 맞지 않습니다. cake@example.kr처럼 입력해 주세요.".to_owned(),
        Issue::PresetUnknown => format!(
            "알 수 없는 장애 종류입니다. {} 중에서 고르거나, 장애 시작·종료 시각을 직접 입력해 주세요.",
            preset_list(Lang::Ko)
        ),
        Issue::IncidentEndNotAfterStart => "장애 종료 시각이 시작 시각보다 뒤여야 합니다. 두 시각을 확인해 주세요.".to_owned(),
        Issue::IncidentTooLong => "장애 기간은 최대 31일(744시간)까지 입력할 수 있습니다. 시작·종료 시각을 확인해 주세요.".to_owned(),
        Issue::OwnOutageBeforeIncident { start } => format!(
            "우리 가게에 장애가 닿은 시각이 이 장애가 시작된 때({}, 한국 시간)보다 앞입니다. 그때나 그 뒤의 시각을 입력해 주세요.",
            format_instant_kst(*start, Lang::Ko)
        ),
        Issue::OwnOutageAfterIncident { end } => format!(
            "우리 가게가 복구된 시각이 이 장애가 끝난 때({}, 한국 시간)보다 뒤입니다. 그때나 그 앞의 시각을 입력해 주세요.",
            format_instant_kst(*end, Lang::Ko)
        ),
        Issue::PeriodReversed => "피해 기간의 마지막 날이 첫날보다 앞에 있습니다. 두 날짜를 확인해 주세요.".to_owned(),
        Issue::PeriodTooLong { days } => format!(
            "피해 기간은 최대 31일까지입니다(지금 {days}일). 피해 기간을 직접 정하지 않았다면 장애 기간에서 정해지니, 피해 기간을 31일 이내로 입력해 주세요."
        ),
        Issue::PeriodOutsideIncident => "피해 기간이 장애 기간과 하루도 겹치지 않습니다. 장애가 있었던 날이 들어가도록 피해 기간을 고쳐 주세요.".to_owned(),
        Issue::MethodPeriod { days } => format!(
            "'최고 매출 주'와 비교하는 방법은 피해 기간이 정확히 7일일 때만 쓸 수 있습니다(지금 {days}일). 기간을 7일로 맞추거나 다른 비교 방법을 골라 주세요."
        ),
        Issue::WeeksInvalid => "평균 낼 주 수는 1에서 8 사이의 정수로 입력해 주세요(기본 4주).".to_owned(),
        Issue::ReferenceReversed => "최고 매출 주를 찾을 기간의 마지막 날이 첫날보다 앞에 있습니다. 두 날짜를 확인해 주세요.".to_owned(),
        Issue::SalesDuplicateDate { date: day, first_index } => format!(
            "{} 매출이 두 번 입력되었습니다. 먼저 입력한 {}번째 줄만 계산에 쓰니, 이 줄을 지우거나 날짜를 고쳐 주세요.",
            date(*day),
            row(*first_index)
        ),
        Issue::SalesMissing { day } => format!(
            "피해 기간인 {}의 매출이 없습니다. 매출이 없던 날은 0원으로 입력해 주세요.",
            date(*day)
        ),
        Issue::PriorWeekMissing { day, prior } => format!(
            "{} 비교할 전주 같은 요일 {}의 매출이 없습니다. 그날 매출을 입력해 주세요.",
            with(&date(*day), "과", "와"),
            date(*prior)
        ),
        Issue::AverageMissing { day, weeks } => format!(
            "{} 비교할 이전 {weeks}주 같은 요일의 매출이 없습니다(공휴일과 장애 기간은 빠집니다). 그 전 주들의 매출을 입력하거나 비교 방법을 바꿔 주세요.",
            with(&date(*day), "과", "와")
        ),
        Issue::BestWeekMissing { from, to, start_weekday } => format!(
            "{}부터 {}까지 중에 {}요일에 시작해 7일 매출이 모두 있는 주가 없습니다. 그 기간의 매출을 입력해 주세요.",
            date(*from),
            date(*to),
            weekday_ko(start_weekday.weekday())
        ),
        Issue::OrderOutsideIncident { start, end } => format!(
            "{field}이 장애 기간({} ~ {}, 한국 시간) 밖입니다. 장애 중에 놓친 주문만 적어 주세요.",
            format_instant_kst(*start, Lang::Ko),
            format_instant_kst(*end, Lang::Ko)
        ),
        Issue::OrderDuplicateRef { first_index } => format!(
            "{field}가 {}번째 줄의 주문 번호와 같습니다. 같은 주문을 두 번 적지 않았는지 확인해 주세요.",
            row(*first_index)
        ),
        Issue::NothingClaimed => "청구할 내용이 없습니다. 일별 매출, 놓친 주문, 추가 비용 중 하나 이상을 입력해 주세요.".to_owned(),
        Issue::BaselineHoliday { day, compared, holiday } => {
            let name = holiday_name(holiday, Lang::Ko);
            if holiday.date == *day {
                format!(
                    "{} {}이라 전주 {}과의 비교가 왜곡될 수 있습니다.",
                    with(&date(*day), "은", "는"),
                    name,
                    date(*compared)
                )
            } else {
                format!(
                    "{} 비교하는 전주 {} {}이라 전주 비교가 왜곡될 수 있습니다.",
                    with(&date(*day), "과", "와"),
                    with(&date(*compared), "은", "는"),
                    name
                )
            }
        }
        Issue::BaselineInIncident { day, compared } => format!(
            "{} 비교하는 전주 {}도 장애 기간이라, 평소보다 낮은 매출과 비교하게 됩니다.",
            with(&date(*day), "과", "와"),
            date(*compared)
        ),
        Issue::CalendarRange => format!(
            "ClaimDesk의 공휴일 달력은 {}년부터 {}년까지입니다. 그 밖의 날짜는 공휴일인지 알 수 없으니 직접 확인해 주세요.",
            calendar::FIRST_YEAR,
            calendar::LAST_YEAR
        ),
        Issue::NoSalesData => "일별 매출이 없어 놓친 주문 금액의 합계로 피해액을 계산했습니다. 매출 자료를 넣으면 더 정확한 피해액이 됩니다.".to_owned(),
        Issue::NoDrop => "비교 기준보다 매출이 줄지 않아 매출 감소액이 0원입니다. 매출과 비교 방법을 확인해 주세요.".to_owned(),
        Issue::OrdersExceedDrop { orders, drop } => format!(
            "놓친 주문 합계({orders})가 매출 감소액({drop})보다 큽니다. 일부 주문은 나중에 다시 들어왔을 수 있어, 피해액은 매출 감소액으로 계산합니다."
        ),
        Issue::ServicesEmpty => "피해를 입은 서비스를 하나 이상 골라 주세요(예: 카카오톡 채널).".to_owned(),
        Issue::BankHolder => "예금주가 대표자 이름이나 상호와 다릅니다. 보상금은 이 계좌로 들어가니, 통장에 적힌 예금주를 그대로 적었는지 확인해 주세요.".to_owned(),
        Issue::BankAccountFormat { digits, other_characters: true } => format!(
            "계좌번호에는 숫자와 하이픈(-)만 적어 주세요(지금 숫자 {digits}자리). 보상금은 이 계좌로 들어가니 통장과 맞는지 확인해 주세요."
        ),
        Issue::BankAccountFormat { digits, other_characters: false } => format!(
            "계좌번호가 숫자 {digits}자리입니다. 은행 계좌번호는 10~14자리이니, 빠지거나 더 들어간 숫자가 없는지 통장과 맞춰 확인해 주세요."
        ),
        Issue::EvidenceMissing(kind) => format!(
            "증빙 자료 중 {} 없습니다. 제출 전에 첨부해 주세요.",
            with(&format!("'{}'", kind.label_ko()), "이", "가")
        ),
    }
}

fn message_en(issue: &Issue, field: &str, date: &dyn Fn(NaiveDate) -> String) -> String {
    match issue {
        Issue::Required => format!("Please fill in the {field}."),
        Issue::WrongType(shape) => {
            let expected = match shape {
                Shape::Text => "text",
                Shape::List => "a list",
                Shape::Object => "a group of fields",
                Shape::YesNo => "yes or no (true/false)",
            };
            format!("The {field} is in the wrong form: it should be {expected}.")
        }
        Issue::UnknownCode(vocabulary) => format!(
            "The {field} has a value we do not know. Choose one of: {}.",
            vocabulary_choices(*vocabulary, Lang::En)
        ),
        Issue::AmountInvalid { min } => format!(
            "The {field} must be whole won from {} to 100,000,000,000, without decimals (e.g. 410,000).",
            min.get()
        ),
        Issue::SumTooLarge => format!(
            "The total of the {field} is over 100,000,000,000 won. Check that no amount has an extra zero."
        ),
        Issue::DateInvalid(DateShape::Date) => format!(
            "The {field} is not a real date. Write it as year-month-day, e.g. 2022-10-15."
        ),
        Issue::DateInvalid(DateShape::Instant) => format!(
            "The {field} is not a valid time. Write the date, time and offset, e.g. 2022-10-15T18:20+09:00 for Korea time."
        ),
        Issue::MarginInvalid => "The profit margin must be a whole number of basis points from 1 to 10000 (35% is 3500).".to_owned(),
        Issue::BrnFormat => "A business registration number has 10 digits (e.g. 120-81-47521). Copy it from the registration certificate.".to_owned(),
        Issue::BrnChecksum => "This business registration number is not valid. One digit may be mistyped: compare it digit by digit with the registration certificate.".to_owned(),
        Issue::PhoneFormat => "The phone number must have 9 to 11 digits and start with 0 (e.g. 010-1234-5678).".to_owned(),
        Issue::EmailFormat => "The email address is not in the right form, e.g. cake@example.kr.".to_owned(),
        Issue::PresetUnknown => format!(
            "Unknown incident type. Choose {} or enter the start and end of the outage yourself.",
            preset_list(Lang::En)
        ),
        Issue::IncidentEndNotAfterStart => "The end of the outage must be after its start.".to_owned(),
        Issue::IncidentTooLong => "An outage can be at most 31 days (744 hours) long. Check its start and end.".to_owned(),
        Issue::OwnOutageBeforeIncident { start } => format!(
            "The outage reached your shop before this outage began ({}, Korea time). Enter that time or a later one.",
            format_instant_kst(*start, Lang::En)
        ),
        Issue::OwnOutageAfterIncident { end } => format!(
            "Your shop's service came back after this outage ended ({}, Korea time). Enter that time or an earlier one.",
            format_instant_kst(*end, Lang::En)
        ),
        Issue::PeriodReversed => "The last day of the claim period is before its first day.".to_owned(),
        Issue::PeriodTooLong { days } => format!(
            "The claim period can be at most 31 days (it is {days}). Without a period of your own it follows the outage, so enter a period of 31 days or fewer."
        ),
        Issue::PeriodOutsideIncident => "The claim period has no day in common with the outage. Include the days of the outage.".to_owned(),
        Issue::MethodPeriod { days } => format!(
            "Comparing with the best week only works for a claim period of exactly 7 days (it is {days}). Make the period 7 days or choose another method."
        ),
        Issue::WeeksInvalid => "The number of weeks to average must be a whole number from 1 to 8 (4 by default).".to_owned(),
        Issue::ReferenceReversed => "The last day of the reference range is before its first day.".to_owned(),
        Issue::SalesDuplicateDate { date: day, first_index } => format!(
            "Sales for {} are entered twice. Only row {} is used: delete this row or correct its date.",
            date(*day),
            row(*first_index)
        ),
        Issue::SalesMissing { day } => format!(
            "Sales for {} (in the claim period) are missing. Enter 0 for a day without sales.",
            date(*day)
        ),
        Issue::PriorWeekMissing { day, prior } => format!(
            "To compare {}, sales for the same weekday a week earlier, {}, are needed.",
            date(*day),
            date(*prior)
        ),
        Issue::AverageMissing { day, weeks } => format!(
            "No sales on the same weekday in the {weeks} weeks before {} (holidays and outage days are left out). Enter those weeks or choose another method.",
            date(*day)
        ),
        Issue::BestWeekMissing { from, to, start_weekday } => format!(
            "Between {} and {} there is no week starting on a {} with sales for all 7 days. Enter the sales for that range.",
            date(*from),
            date(*to),
            start_weekday.format("%A")
        ),
        Issue::OrderOutsideIncident { start, end } => format!(
            "The {field} is outside the outage ({} to {}). List only orders lost during the outage.",
            format_instant_kst(*start, Lang::En),
            format_instant_kst(*end, Lang::En)
        ),
        Issue::OrderDuplicateRef { first_index } => format!(
            "The {field} is the same as in row {}. Check that the order is not listed twice.",
            row(*first_index)
        ),
        Issue::NothingClaimed => "There is nothing to claim. Enter daily sales, lost orders or extra costs.".to_owned(),
        Issue::BaselineHoliday { day, compared, holiday } => {
            let name = holiday_name(holiday, Lang::En);
            if holiday.date == *day {
                format!(
                    "{} is a public holiday ({name}), so comparing it with {} may be misleading.",
                    date(*day),
                    date(*compared)
                )
            } else {
                format!(
                    "{}, the day {} is compared with, is a public holiday ({name}), so the comparison may be misleading.",
                    date(*compared),
                    date(*day)
                )
            }
        }
        Issue::BaselineInIncident { day, compared } => format!(
            "{}, the day {} is compared with, is itself inside the outage, so its sales may be low.",
            date(*compared),
            date(*day)
        ),
        Issue::CalendarRange => format!(
            "ClaimDesk knows public holidays from {} to {} only. For other dates, check holidays yourself.",
            calendar::FIRST_YEAR,
            calendar::LAST_YEAR
        ),
        Issue::NoSalesData => "Without daily sales, the loss is the total of the lost orders. Adding sales records makes it more accurate.".to_owned(),
        Issue::NoDrop => "Sales did not fall below the baseline, so the sales drop is 0 won. Check the sales and the method.".to_owned(),
        Issue::OrdersExceedDrop { orders, drop } => format!(
            "Lost orders ({} won) are more than the sales drop ({} won). Some orders may have come back later; the loss is the sales drop.",
            crate::money::group_thousands(orders.get()),
            crate::money::group_thousands(drop.get())
        ),
        Issue::ServicesEmpty => "Choose at least one service that failed (e.g. KakaoTalk channel).".to_owned(),
        Issue::BankHolder => "The account holder is neither the representative nor the business name. The compensation is paid into this account: check the holder is written as on the bankbook.".to_owned(),
        Issue::BankAccountFormat { digits, other_characters: true } => format!(
            "Write the account number with digits and hyphens only (now {digits} digits). The compensation is paid into this account: check it against the bankbook."
        ),
        Issue::BankAccountFormat { digits, other_characters: false } => format!(
            "The account number has {digits} digits; Korean bank accounts have 10 to 14. Check it against the bankbook for a missing or extra digit."
        ),
        Issue::EvidenceMissing(kind) => format!(
            "Evidence missing: {}. Attach it before you submit.",
            kind.label_en()
        ),
    }
}

/// `대체공휴일(한글날)`-style wording for a holiday.
fn holiday_name(holiday: &calendar::Holiday, lang: Lang) -> String {
    use calendar::HolidayKind;
    match (lang, holiday.kind) {
        (Lang::Ko, HolidayKind::Substitute) => {
            let of = holiday.name_ko.trim_end_matches(" 대체공휴일");
            format!("대체공휴일({of})")
        }
        (Lang::Ko, HolidayKind::Temporary) if holiday.name_ko == "임시공휴일" => {
            "임시공휴일".to_owned()
        }
        (Lang::Ko, _) => format!("공휴일({})", holiday.name_ko),
        (Lang::En, _) => holiday.name_en.to_owned(),
    }
}

fn preset_list(lang: Lang) -> String {
    crate::incident::built_in_incidents()
        .iter()
        .map(|incident| {
            let title = match lang {
                Lang::Ko => incident.title_ko,
                Lang::En => incident.title_en,
            };
            format!("'{}'({title})", incident.code)
        })
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Ko => ", ",
            Lang::En => " or ",
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::Path;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_read_like_a_korean_calendar() {
        assert_eq!(
            format_date(d(2022, 10, 10), Lang::Ko),
            "2022년 10월 10일(월)"
        );
        assert_eq!(format_date(d(2022, 10, 15), Lang::En), "Sat 15 Oct 2022");
    }

    #[test]
    fn particles_follow_the_last_sound() {
        assert_eq!(with("사업자등록번호", "을", "를"), "사업자등록번호를");
        assert_eq!(with("상호(가게 이름)", "을", "를"), "상호(가게 이름)를");
        assert_eq!(with("대표자 이름", "을", "를"), "대표자 이름을");
        assert_eq!(with("연락처", "을", "를"), "연락처를");
        assert_eq!(
            with("2022년 10월 10일(월)", "은", "는"),
            "2022년 10월 10일(월)은"
        );
        assert_eq!(with("'통장 사본'", "이", "가"), "'통장 사본'이");
        assert_eq!(with("'소상공인 확인서'", "이", "가"), "'소상공인 확인서'가");
    }

    #[test]
    fn paths_in_words() {
        let order_time = Path::field("lost_orders").index(3).key("at");
        assert_eq!(
            describe_path(&order_time, Lang::Ko),
            "놓친 주문 4번째 줄의 주문 시각"
        );
        assert_eq!(
            describe_path(&order_time, Lang::En),
            "order time in row 4 of lost orders"
        );
        assert_eq!(
            describe_path(&Path::field("daily_sales").index(0), Lang::Ko),
            "일별 매출 1번째 줄"
        );
        let brn = Path::field("business").key("registration_number");
        assert_eq!(describe_path(&brn, Lang::Ko), "사업자등록번호");
        let holder = Path::field("business").key("bank").key("holder");
        assert_eq!(describe_path(&holder, Lang::Ko), "예금주");
        let reference_to = Path::field("baseline").key("reference").key("to");
        assert_eq!(
            describe_path(&reference_to, Lang::Ko),
            "기준 기간 마지막 날"
        );
        assert_eq!(
            describe_path(&Path::field("business").key("name"), Lang::Ko),
            "상호(가게 이름)"
        );
        assert_eq!(
            describe_path(&Path::field("business").key("bank").key("name"), Lang::Ko),
            "은행 이름"
        );
    }

    #[test]
    fn the_substitute_holiday_sentence() {
        let holiday = calendar::holiday_on(d(2022, 10, 10)).unwrap();
        let problem = Problem::new(
            Path::field("baseline"),
            Issue::BaselineHoliday {
                day: d(2022, 10, 10),
                compared: d(2022, 10, 3),
                holiday,
            },
        );
        assert_eq!(
            message(&problem, Lang::Ko),
            "2022년 10월 10일(월)은 대체공휴일(한글날)이라 전주 2022년 10월 3일(월)과의 비교가 왜곡될 수 있습니다."
        );
    }

    #[test]
    fn particles_written_both_ways_follow_the_word_before_them() {
        for (text, expected) in [
            (
                "검토 상태를 접수됨(으)로 바꿀 수 없습니다.",
                "검토 상태를 접수됨으로 바꿀 수 없습니다.",
            ),
            ("검토 상태를 확인 완료(으)로", "검토 상태를 확인 완료로"),
            ("서울(으)로", "서울로"),
            ("제 1(으)로", "제 1로"),
            (
                "소상공인연합회은(는) 받았습니다",
                "소상공인연합회는 받았습니다",
            ),
            ("행복케이크 망원점은(는)", "행복케이크 망원점은"),
            ("'통장 사본'이(가) 없습니다", "'통장 사본'이 없습니다"),
            (
                "CD-2026-000003을(를) 지웠습니다",
                "CD-2026-000003을 지웠습니다",
            ),
            ("상호(가게 이름)을(를)", "상호(가게 이름)를"),
            ("가게와(과) 연합회", "가게와 연합회"),
            ("(으)로 시작하는 말", "(으)로 시작하는 말"),
            ("이것은 그대로입니다", "이것은 그대로입니다"),
        ] {
            assert_eq!(resolve_particles(text), expected, "{text}");
        }
    }

    proptest::proptest! {
        /// Any Hangul word: no both-ways form is left, and the form chosen
        /// is the one its last syllable takes.
        #[test]
        fn every_hangul_word_takes_one_form(
            syllables in proptest::collection::vec(0xAC00u32..=0xD7A3, 1..6),
            which in 0usize..BOTH_WAYS.len(),
        ) {
            let word: String = syllables.iter().filter_map(|c| char::from_u32(*c)).collect();
            let (both, with_final, without) = BOTH_WAYS[which];
            let resolved = resolve_particles(&format!("{word}{both} 끝"));
            let jong = (syllables[syllables.len() - 1] - 0xAC00) % 28;
            let expected = if jong == 0 || (both == "(으)로" && jong == 8) { without } else { with_final };
            proptest::prop_assert_eq!(resolved, format!("{word}{expected} 끝"));
        }
    }

    /// Every kind of warning, as the association reads it in the PDF:
    /// facts only, no advice to the owner, and still naming what it is about.
    #[test]
    fn staff_read_every_warning_as_a_fact() {
        let holiday = calendar::holiday_on(d(2022, 10, 10)).unwrap();
        let mut warnings = vec![
            Issue::BaselineHoliday {
                day: d(2022, 10, 10),
                compared: d(2022, 10, 3),
                holiday,
            },
            Issue::BaselineInIncident {
                day: d(2022, 10, 22),
                compared: d(2022, 10, 15),
            },
            Issue::CalendarRange,
            Issue::NoSalesData,
            Issue::NoDrop,
            Issue::OrdersExceedDrop {
                orders: crate::money::Won::new(90_000),
                drop: crate::money::Won::new(50_000),
            },
            Issue::ServicesEmpty,
            Issue::BankHolder,
            Issue::BankAccountFormat {
                digits: 9,
                other_characters: false,
            },
            Issue::BankAccountFormat {
                digits: 12,
                other_characters: true,
            },
        ];
        warnings.extend(
            EvidenceKind::ALL
                .iter()
                .map(|kind| Issue::EvidenceMissing(*kind)),
        );
        let codes: std::collections::HashSet<_> = warnings.iter().map(Issue::code).collect();
        let every_warning: std::collections::HashSet<_> = crate::codes::Code::ALL
            .iter()
            .copied()
            .filter(|code| !code.is_error())
            .collect();
        assert_eq!(
            codes, every_warning,
            "a warning kind without a staff wording test"
        );
        for issue in warnings {
            let problem = Problem::new(Path::field("evidence"), issue);
            let ko = staff_message(&problem, Lang::Ko);
            let en = staff_message(&problem, Lang::En);
            for advice in ["주세요", "하세요", "바랍니다"] {
                assert!(!ko.contains(advice), "{ko}");
            }
            for advice in [
                "Check", "check ", "Choose", "Write", "Add", "please", "Please",
            ] {
                assert!(!en.contains(advice), "{en}");
            }
            assert!(!ko.is_empty() && !en.is_empty());
        }
        let missing = Problem::new(
            Path::field("evidence"),
            Issue::EvidenceMissing(EvidenceKind::BankAccountCopy),
        );
        assert_eq!(
            staff_message(&missing, Lang::Ko),
            "증빙 자료 중 '통장 사본'이 첨부되지 않았습니다."
        );
    }

    #[test]
    fn lang_tags() {
        assert_eq!(Lang::parse("ko"), Some(Lang::Ko));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("ja"), None);
    }
}
