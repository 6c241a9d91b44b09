//! A moment as an owner writes it, in Korea time: `2022-10-15 18:20`,
//! `10/16 14:00`, `10월 16일 오후 2시`, `16일 14시`, `10.16 저녁 7시 반`.
//! A date without a year takes the year of the outage's window; a day
//! without a month takes the one date inside the window with that day, and
//! asks for the month when there are two. The stored form
//! (`2022-10-15T18:20:00+09:00`) is read too.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone};

/// The longest text read: a moment is short.
const MAX_CHARS: usize = 60;

/// Why a moment could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeProblem {
    /// Not a date and a time this reader knows.
    Unreadable,
    /// A day written without its month, and two or more dates of the
    /// outage's window have that day.
    WhichMonth(Vec<NaiveDate>),
    /// A day or a month and day written without a year, and no outage to
    /// take the year from; or a day the window does not hold.
    NeedsMore,
}

/// The date part as written.
enum DateWritten {
    Full(NaiveDate),
    MonthDay(u32, u32),
    Day(u32),
}

fn number(text: &str) -> Option<u32> {
    (!text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Splits `text` into its date part and its time part (what is left).
fn date_part(text: &str) -> Option<(DateWritten, &str)> {
    let text = text.trim_start();
    // 2022-10-15, 2022.10.15, 2022/10/15 (and a trailing dot).
    let numeric_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.' || c == '/'))
        .unwrap_or(text.len());
    let numeric = text[..numeric_end].trim_end_matches('.');
    let fields: Vec<&str> = numeric.split(['-', '.', '/']).collect();
    if !numeric.is_empty() && fields.len() >= 2 && numeric.contains(['-', '.', '/']) {
        let rest = &text[numeric_end..];
        let values: Option<Vec<u32>> = fields.iter().map(|f| number(f)).collect();
        let values = values?;
        return match (fields[0].len(), values.as_slice()) {
            (4, [year, month, day]) => Some((
                DateWritten::Full(NaiveDate::from_ymd_opt(
                    i32::try_from(*year).ok()?,
                    *month,
                    *day,
                )?),
                rest,
            )),
            (1 | 2, [month, day]) => Some((DateWritten::MonthDay(*month, *day), rest)),
            _ => None,
        };
    }
    // 2022년 10월 16일, 10월 16일, 16일 (spaces optional).
    let mut rest = text;
    let mut take = |unit: char| -> Option<u32> {
        let trimmed = rest.trim_start();
        let digits_end = trimmed.find(|c: char| !c.is_ascii_digit())?;
        let value = number(&trimmed[..digits_end])?;
        let after = trimmed[digits_end..].trim_start();
        let after = after.strip_prefix(unit)?;
        rest = after;
        Some(value)
    };
    let year = take('년');
    let month = take('월');
    let day = take('일')?;
    let written = match (year, month) {
        (Some(year), Some(month)) => DateWritten::Full(NaiveDate::from_ymd_opt(
            i32::try_from(year).ok()?,
            month,
            day,
        )?),
        (None, Some(month)) => DateWritten::MonthDay(month, day),
        (None, None) => DateWritten::Day(day),
        (Some(_), None) => return None,
    };
    Some((written, rest))
}

/// The time part: `14:00`, `14시`, `2시 30분`, `7시 반`, after `오전`,
/// `오후`, `아침`, `낮`, `저녁`, `밤` or `새벽`.
fn time_part(text: &str) -> Option<NaiveTime> {
    let mut text = text.trim();
    let mut afternoon = None;
    for (word, pm) in [
        ("오전", false),
        ("새벽", false),
        ("아침", false),
        ("오후", true),
        ("낮", true),
        ("저녁", true),
        ("밤", true),
    ] {
        if let Some(rest) = text.strip_prefix(word) {
            afternoon = Some((word, pm));
            text = rest.trim_start();
            break;
        }
    }
    let (hour, minute) = if let Some((hour, minute)) = text.split_once(':') {
        (
            number(hour.trim())?,
            number(minute.trim()).filter(|_| minute.trim().len() == 2)?,
        )
    } else {
        let (hour, rest) = text.split_once('시')?;
        let hour = number(hour.trim())?;
        let rest = rest.trim();
        let minute = if rest.is_empty() {
            0
        } else if rest == "반" {
            30
        } else {
            number(rest.strip_suffix('분')?.trim())?
        };
        (hour, minute)
    };
    let hour = match afternoon {
        None => hour,
        // 밤 12시 is midnight, 낮 12시 noon; 오후 1–11시 add twelve.
        Some(("밤", _)) if hour == 12 => 0,
        Some((_, true)) if (1..12).contains(&hour) => hour + 12,
        Some((_, false)) if hour == 12 => 0,
        Some((_, _)) if hour > 12 => return None,
        Some(_) => hour,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// Reads the moment `text` (Korea time), taking a missing year or month
/// from the dates of `window` (its first and last day, Korea time).
pub fn read_kst_time(
    text: &str,
    window: Option<(NaiveDate, NaiveDate)>,
) -> Result<DateTime<FixedOffset>, TimeProblem> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_CHARS {
        return Err(TimeProblem::Unreadable);
    }
    if let Ok(stored) = DateTime::parse_from_rfc3339(text) {
        return Ok(stored);
    }
    let (written, rest) = date_part(text).ok_or(TimeProblem::Unreadable)?;
    let time = time_part(rest).ok_or(TimeProblem::Unreadable)?;
    let window_days = || -> Vec<NaiveDate> {
        window
            .filter(|(from, to)| from <= to && (*to - *from).num_days() <= 366)
            .map(|(from, to)| from.iter_days().take_while(|day| *day <= to).collect())
            .unwrap_or_default()
    };
    let date = match written {
        DateWritten::Full(date) => date,
        DateWritten::MonthDay(month, day) => {
            let days = window_days();
            if let Some(inside) = days.iter().find(|d| d.month() == month && d.day() == day) {
                *inside
            } else {
                let year = days.first().ok_or(TimeProblem::NeedsMore)?.year();
                NaiveDate::from_ymd_opt(year, month, day).ok_or(TimeProblem::Unreadable)?
            }
        }
        DateWritten::Day(day) => {
            let days: Vec<NaiveDate> = window_days()
                .into_iter()
                .filter(|d| d.day() == day)
                .collect();
            match days.as_slice() {
                [one] => *one,
                [] => return Err(TimeProblem::NeedsMore),
                _ => return Err(TimeProblem::WhichMonth(days)),
            }
        }
    };
    claim_core::dates::KST
        .from_local_datetime(&date.and_time(time))
        .single()
        .ok_or(TimeProblem::Unreadable)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// Kakao 2022: 15–20 October.
    fn kakao() -> Option<(NaiveDate, NaiveDate)> {
        Some((day("2022-10-15"), day("2022-10-20")))
    }

    fn read(text: &str) -> Result<String, TimeProblem> {
        read_kst_time(text, kakao()).map(|at| at.to_rfc3339())
    }

    #[test]
    fn what_owners_write_is_read() {
        for (text, expected) in [
            ("2022-10-15 18:20", "2022-10-15T18:20:00+09:00"),
            ("2022.10.15 18:20", "2022-10-15T18:20:00+09:00"),
            ("2022/10/15. 18:20", "2022-10-15T18:20:00+09:00"),
            ("10/16 14:00", "2022-10-16T14:00:00+09:00"),
            ("10.16 9:05", "2022-10-16T09:05:00+09:00"),
            ("10월 16일 오후 2시", "2022-10-16T14:00:00+09:00"),
            ("10월16일오후2시", "2022-10-16T14:00:00+09:00"),
            ("2022년 10월 16일 14시 30분", "2022-10-16T14:30:00+09:00"),
            ("16일 14시", "2022-10-16T14:00:00+09:00"),
            ("17일 저녁 7시 반", "2022-10-17T19:30:00+09:00"),
            ("18일 밤 12시", "2022-10-18T00:00:00+09:00"),
            ("18일 낮 12시", "2022-10-18T12:00:00+09:00"),
            ("19일 오전 12시", "2022-10-19T00:00:00+09:00"),
            ("20일 새벽 2시", "2022-10-20T02:00:00+09:00"),
            ("2022-10-15T18:20:00+09:00", "2022-10-15T18:20:00+09:00"),
        ] {
            assert_eq!(read(text).as_deref(), Ok(expected), "{text}");
        }
    }

    #[test]
    fn a_day_without_a_month_asks_when_the_window_has_two() {
        // A window of 25 Sep – 20 Oct holds two 30ths... and one 16th.
        let long = Some((day("2022-09-25"), day("2022-10-20")));
        assert_eq!(
            read_kst_time("16일 14시", long).unwrap().to_rfc3339(),
            "2022-10-16T14:00:00+09:00"
        );
        assert_eq!(
            read_kst_time("28일 14시", Some((day("2022-09-25"), day("2022-10-30")))),
            Err(TimeProblem::WhichMonth(vec![
                day("2022-09-28"),
                day("2022-10-28")
            ]))
        );
        // A day the window does not hold, or no window at all.
        assert_eq!(read("3일 14시"), Err(TimeProblem::NeedsMore));
        assert_eq!(
            read_kst_time("16일 14시", None),
            Err(TimeProblem::NeedsMore)
        );
        assert_eq!(
            read_kst_time("10/16 14:00", None),
            Err(TimeProblem::NeedsMore)
        );
        // A year's turn: 12/31 and 1/2 in a window over New Year.
        let new_year = Some((day("2022-12-30"), day("2023-01-03")));
        assert_eq!(
            read_kst_time("1/2 10:00", new_year).unwrap().to_rfc3339(),
            "2023-01-02T10:00:00+09:00"
        );
    }

    #[test]
    fn what_is_not_a_moment_is_refused() {
        for text in [
            "",
            "오후",
            "14:00",
            "10월 16일",
            "2022-13-01 10:00",
            "2022-02-30 10:00",
            "16일 25시",
            "16일 오후 13시",
            "16일 14:5",
            "16일 14:60",
            "내일 저녁",
            "10/16/2022 14:00",
        ] {
            assert_eq!(read(text), Err(TimeProblem::Unreadable), "{text:?}");
        }
        assert_eq!(read(&"1".repeat(61)), Err(TimeProblem::Unreadable));
    }

    proptest! {
        /// Every moment in the window, written each way an owner writes
        /// it, reads back as that moment.
        #[test]
        fn each_way_of_writing_reads_the_same_moment(
            offset in 0i64..6, hour in 0u32..24, minute in 0u32..60, way in 0usize..5,
        ) {
            let date = day("2022-10-15") + chrono::Duration::days(offset);
            let (m, d) = (date.month(), date.day());
            let (half, h12) = match hour { 0 => ("오전", 12), 1..=11 => ("오전", hour), 12 => ("낮", 12), _ => ("오후", hour - 12) };
            let text = match way {
                0 => format!("{date} {hour:02}:{minute:02}"),
                1 => format!("{m}/{d} {hour}:{minute:02}"),
                2 => format!("{m}월 {d}일 {half} {h12}시 {minute}분"),
                3 => format!("{d}일 {hour}시 {minute}분"),
                _ => format!("{}.{m}.{d}. {hour}:{minute:02}", date.year()),
            };
            let read = read_kst_time(&text, kakao()).unwrap();
            prop_assert_eq!(read.date_naive(), date, "{}", text);
            prop_assert_eq!((read.time().hour_value(), read.time().minute_value()), (hour, minute), "{}", text);
        }

        /// Any text at all: read or refused, never a panic.
        #[test]
        fn any_text_is_read_or_refused(text in "\\PC{0,80}") {
            let _ = read_kst_time(&text, kakao());
        }
    }

    trait HourMinute {
        fn hour_value(&self) -> u32;
        fn minute_value(&self) -> u32;
    }
    impl HourMinute for NaiveTime {
        fn hour_value(&self) -> u32 {
            chrono::Timelike::hour(self)
        }
        fn minute_value(&self) -> u32 {
            chrono::Timelike::minute(self)
        }
    }
}
