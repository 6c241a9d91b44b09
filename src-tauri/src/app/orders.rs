//! A lost order's time as the owner writes it (`10월 16일 오후 2시`,
//! `10/16 14:00`, `16일 14시`), read in Rust as amounts are
//! ([`claim_import::time`]), against the claim's own outage window; and the
//! owner's sentence when it cannot be read, naming what she typed and never
//! the stored form.

use chrono::NaiveDate;
use claim_core::incident::Incidents;
use claim_core::Lang;

/// The first and last day (Korea time) of the outage `document` names.
pub fn window_days(
    document: &serde_json::Map<String, serde_json::Value>,
    incidents: &Incidents,
) -> Option<(NaiveDate, NaiveDate)> {
    let (_, assessment) = claim_core::assess_value_with(document, incidents);
    assessment.window.map(|window| {
        (
            claim_core::dates::kst_date(window.start),
            claim_core::dates::kst_date(window.end),
        )
    })
}

/// Puts what the owner typed as lost order `index`'s time into `document`:
/// the moment when it reads, else the text as typed (the rules engine then
/// says it is not a time, in the words of [`unreadable_time`]). An index
/// past the list changes nothing.
pub fn type_time(
    mut document: serde_json::Map<String, serde_json::Value>,
    index: usize,
    text: &str,
    incidents: &Incidents,
) -> serde_json::Map<String, serde_json::Value> {
    let window = window_days(&document, incidents);
    let value = if text.trim().is_empty() {
        None
    } else {
        Some(match claim_import::time::read_kst_time(text, window) {
            Ok(at) => serde_json::Value::String(at.to_rfc3339()),
            Err(_) => serde_json::Value::String(text.trim().to_owned()),
        })
    };
    if let Some(order) = document
        .get_mut("lost_orders")
        .and_then(serde_json::Value::as_array_mut)
        .and_then(|orders| orders.get_mut(index))
        .and_then(serde_json::Value::as_object_mut)
    {
        match value {
            Some(value) => {
                order.insert("at".into(), value);
            }
            None => {
                order.remove("at");
            }
        }
    }
    document
}

/// Which end of the shop's own outage (spec §3.1) a typed time is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutageEnd {
    Start,
    End,
}

impl OutageEnd {
    fn key(self) -> &'static str {
        match self {
            OutageEnd::Start => "start",
            OutageEnd::End => "end",
        }
    }
}

/// Puts what the owner typed as her outage's start or end into `document`,
/// read as an order's time is: against the incident's window when a preset
/// names one (a day alone then resolves to its month), else the date must
/// be written. The text as typed when it does not read; emptied, the field
/// goes.
pub fn type_outage_time(
    mut document: serde_json::Map<String, serde_json::Value>,
    end: OutageEnd,
    text: &str,
    incidents: &Incidents,
) -> serde_json::Map<String, serde_json::Value> {
    // The window without the field being typed: a custom outage's window is
    // its own two times, and the one being typed must not decide itself.
    let mut without = document.clone();
    if let Some(incident) = without
        .get_mut("incident")
        .and_then(serde_json::Value::as_object_mut)
    {
        incident.remove(end.key());
    }
    let window = window_days(&without, incidents);
    let incident = document
        .entry("incident")
        .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
    if !incident.is_object() {
        *incident = serde_json::Value::Object(serde_json::Map::new());
    }
    if let Some(incident) = incident.as_object_mut() {
        if text.trim().is_empty() {
            incident.remove(end.key());
        } else {
            let value = match claim_import::time::read_kst_time(text, window) {
                Ok(at) => at.to_rfc3339(),
                Err(_) => text.trim().to_owned(),
            };
            incident.insert(end.key().into(), serde_json::Value::String(value));
        }
    }
    document
}

/// The owner's sentence for a typed time that does not read: what she
/// typed, and what to write (asking for the month when the day alone
/// names two dates of the outage).
pub fn unreadable_time(typed: &str, window: Option<(NaiveDate, NaiveDate)>, lang: Lang) -> String {
    use claim_import::time::TimeProblem;
    let shown: String = typed.chars().take(40).collect();
    match (claim_import::time::read_kst_time(typed, window), lang) {
        (Err(TimeProblem::WhichMonth(days)), Lang::Ko) => format!(
            "몇 월인지 적어 주세요(‘{shown}’): {}.",
            days.iter()
                .map(|d| format!("{}월 {}일", chrono::Datelike::month(d), chrono::Datelike::day(d)))
                .collect::<Vec<_>>()
                .join(" 또는 ")
        ),
        (Err(TimeProblem::WhichMonth(days)), Lang::En) => format!(
            "Which month is '{shown}'? Write the month too: {}.",
            days.iter().map(|d| d.format("%-d %b").to_string()).collect::<Vec<_>>().join(" or ")
        ),
        (Err(TimeProblem::NeedsMore), Lang::Ko) => format!(
            "‘{shown}’의 날짜를 알 수 없습니다. 장애 기간 안의 날짜를 월과 함께 적어 주세요. 예: 10월 16일 오후 2시"
        ),
        (Err(TimeProblem::NeedsMore), Lang::En) => format!(
            "The date of '{shown}' cannot be told: write the month and day, within the outage, e.g. 16 Oct 2pm as 10/16 14:00."
        ),
        (_, Lang::Ko) => format!(
            "주문 시각을 읽을 수 없습니다(‘{shown}’). 날짜와 시각을 적어 주세요. 예: 10월 16일 오후 2시, 10/16 14:00, 16일 14시"
        ),
        (_, Lang::En) => format!(
            "The order time '{shown}' cannot be read. Write the date and time, e.g. 10/16 14:00."
        ),
    }
}

/// The owner's sentence for an outage start or end she typed that does not
/// read as a time: what she typed, and what to write (never the stored
/// form).
pub fn unreadable_outage_time(typed: &str, start: bool, lang: Lang) -> String {
    let shown: String = typed.chars().take(40).collect();
    match (start, lang) {
        (true, Lang::Ko) => format!(
            "장애가 시작된 시각을 읽을 수 없습니다(‘{shown}’). 날짜와 시각을 적어 주세요. 예: 2026년 3월 2일 오전 11시 10분, 2026-03-02 11:10"
        ),
        (false, Lang::Ko) => format!(
            "장애가 끝난 시각을 읽을 수 없습니다(‘{shown}’). 날짜와 시각을 적어 주세요. 예: 2026년 3월 5일 오전 9시, 2026-03-05 09:00"
        ),
        (true, Lang::En) => format!(
            "The outage's start '{shown}' cannot be read. Write the date and time, e.g. 2026-03-02 11:10."
        ),
        (false, Lang::En) => format!(
            "The outage's end '{shown}' cannot be read. Write the date and time, e.g. 2026-03-05 09:00."
        ),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn claim() -> serde_json::Map<String, serde_json::Value> {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/examples/kakao-cake-prior-week.claim.json"
        ))
        .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    /// Issue 36, item 6: her own outage's times are read in Rust as an
    /// order's are; a custom outage needs the date written.
    #[test]
    fn the_shops_own_outage_times_are_read_as_she_writes_them() {
        let incidents = Incidents::built_in();
        // Beside Kakao's preset: a day alone is inside its window.
        let typed = type_outage_time(claim(), OutageEnd::Start, "15일 오후 4시", &incidents);
        assert_eq!(typed["incident"]["start"], "2022-10-15T16:00:00+09:00");
        assert_eq!(typed["incident"]["preset"], "kakao-2022-10");
        let typed = type_outage_time(typed, OutageEnd::End, "10월 17일 09:30", &incidents);
        assert_eq!(typed["incident"]["end"], "2022-10-17T09:30:00+09:00");
        let emptied = type_outage_time(typed, OutageEnd::End, " ", &incidents);
        assert!(emptied["incident"].get("end").is_none());
        // A custom outage: the date written in full reads; a day alone
        // stays as typed, and its error says so in her words.
        let mut custom = claim();
        custom.insert("incident".into(), serde_json::json!({}));
        let typed = type_outage_time(
            custom.clone(),
            OutageEnd::Start,
            "2026년 3월 2일 오전 11시 10분",
            &incidents,
        );
        assert_eq!(typed["incident"]["start"], "2026-03-02T11:10:00+09:00");
        let typed = type_outage_time(typed, OutageEnd::End, "5일 9시", &incidents);
        assert_eq!(typed["incident"]["end"], "5일 9시");
        let assessed = crate::app::assessment::assess(
            &typed,
            Lang::Ko,
            &incidents,
            chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        );
        let end = assessed
            .problems
            .iter()
            .find(|p| p.path == "incident.end")
            .unwrap_or_else(|| panic!("{:?}", assessed.problems));
        assert!(
            end.message.contains("‘5일 9시’") && !end.message.contains("+09:00"),
            "{}",
            end.message
        );
        // Not an object where the incident goes: made one.
        let mut odd = claim();
        odd.insert("incident".into(), serde_json::json!("카카오"));
        let typed = type_outage_time(odd, OutageEnd::Start, "2022-10-15 16:00", &incidents);
        assert_eq!(typed["incident"]["start"], "2022-10-15T16:00:00+09:00");
    }

    #[test]
    fn a_typed_time_is_read_against_the_claims_outage() {
        let incidents = Incidents::built_in();
        let typed = type_time(claim(), 0, "16일 오후 2시", &incidents);
        assert_eq!(typed["lost_orders"][0]["at"], "2022-10-16T14:00:00+09:00");
        let typed = type_time(claim(), 1, "어제 저녁", &incidents);
        assert_eq!(typed["lost_orders"][1]["at"], "어제 저녁");
        let emptied = type_time(claim(), 0, "  ", &incidents);
        assert!(emptied["lost_orders"][0].get("at").is_none());
        // Past the list: nothing changes.
        assert_eq!(type_time(claim(), 9, "16일 14시", &incidents), claim());
    }

    #[test]
    fn the_sentence_names_what_was_typed_and_never_the_stored_form() {
        let kakao = window_days(&claim(), &Incidents::built_in());
        assert_eq!(
            kakao,
            Some((
                NaiveDate::from_ymd_opt(2022, 10, 15).unwrap(),
                NaiveDate::from_ymd_opt(2022, 10, 20).unwrap()
            ))
        );
        let said = unreadable_time("어제 저녁", kakao, Lang::Ko);
        assert!(
            said.contains("‘어제 저녁’") && said.contains("10월 16일 오후 2시"),
            "{said}"
        );
        let long = Some((
            NaiveDate::from_ymd_opt(2022, 9, 25).unwrap(),
            NaiveDate::from_ymd_opt(2022, 10, 30).unwrap(),
        ));
        assert_eq!(
            unreadable_time("28일 14시", long, Lang::Ko),
            "몇 월인지 적어 주세요(‘28일 14시’): 9월 28일 또는 10월 28일."
        );
        for lang in [Lang::Ko, Lang::En] {
            for typed in ["어제 저녁", "3일 14시", "28일 14시"] {
                let said = unreadable_time(typed, long, lang);
                assert!(
                    !said.contains("T18:20") && !said.contains("+09:00"),
                    "{said}"
                );
            }
        }
    }
}
