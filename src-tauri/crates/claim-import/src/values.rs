//! One cell's date or amount, as Korean POS, card-terminal and Excel files
//! write them, or why it cannot be read. Nothing is guessed: a date must be
//! year first, an amount whole won with commas (if any) every three digits.

use crate::table::Cell;
use crate::Reason;
use chrono::NaiveDate;
use claim_core::money::MAX_WON;

/// The date of a cell: `2022-10-15`, `2022.10.15`, `2022/10/15`,
/// `2022. 10. 15.`, `20221015`, each optionally followed by a time
/// (`2022-10-15 18:20:11`, `2022. 10. 15. 오후 6:20`), or a date cell.
pub fn date(cell: &Cell) -> Result<NaiveDate, Reason> {
    match cell {
        Cell::Date(date) => Ok(*date),
        Cell::Empty => Err(Reason::DateMissing),
        Cell::Integer(n) if (19_000_101..=21_001_231).contains(n) => date_text(&n.to_string()),
        Cell::Integer(_) | Cell::Fraction(_) => Err(Reason::DateNumber),
        Cell::Text(text) => date_text(text),
    }
}

fn date_text(text: &str) -> Result<NaiveDate, Reason> {
    let text = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // 20221015, alone or before a time.
    let compact = text.split([' ', 'T']).next().unwrap_or("");
    if compact.len() == 8 && digits(compact) {
        let (year, rest) = compact.split_at(4);
        let (month, day) = rest.split_at(2);
        return in_korea(ymd(year, month, day)?, &text[8..]);
    }
    // Year, month, day separated by one kind of - . / (spaces after a dot
    // allowed), then optionally a time.
    let Some(separator) = text.chars().nth(4).filter(|c| matches!(c, '-' | '.' | '/')) else {
        return Err(if looks_day_first(text) {
            Reason::DateOrder
        } else {
            Reason::DateFormat
        });
    };
    let mut parts = text.splitn(3, separator);
    let (Some(year), Some(month), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Reason::DateFormat);
    };
    let rest = rest.trim_start();
    let day_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (day, after) = rest.split_at(day_end);
    let after = after.strip_prefix(separator).unwrap_or(after);
    // What follows the day is a time or nothing, never more date.
    if !(after.is_empty() || after.starts_with([' ', 'T', '('])) {
        return Err(Reason::DateFormat);
    }
    let (month, day) = (month.trim(), day.trim());
    if !(digits(year)
        && year.len() == 4
        && digits(month)
        && month.len() <= 2
        && digits(day)
        && day.len() <= 2)
    {
        return Err(Reason::DateFormat);
    }
    in_korea(ymd(year, month, day)?, after)
}

/// The day in Korea of `date` followed by `after`: nothing, or one time of
/// day read strictly (`18:20`, `18:20:11`, `18:20:11.250`, `182011`,
/// `오후 6:20`), optionally with an offset (`Z`, `+09:00`, `-0500`). A time
/// with an offset is converted to Korea time before its date is taken (a
/// card terminal abroad writes UTC: 2022-10-15T16:30Z is the 16th in
/// Korea). An impossible time (`24:30`, `오후 11:70`), a range or anything
/// after the time is refused, never cut off.
fn in_korea(date: NaiveDate, after: &str) -> Result<NaiveDate, Reason> {
    let after = after.trim();
    // Korean POS exports often give the weekday: `2022-10-15 (토)`. It is
    // read only when it is the date's own.
    let after = match after
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(')'))
    {
        Some((weekday, rest)) => {
            use chrono::Datelike;
            let own = ["월", "화", "수", "목", "금", "토", "일"]
                [date.weekday().num_days_from_monday() as usize];
            if weekday.trim() != own {
                return Err(Reason::DateFormat);
            }
            rest.trim()
        }
        None => after,
    };
    if after.is_empty() {
        return Ok(date);
    }
    let (time, offset_seconds) = time_of_day(after.strip_prefix('T').unwrap_or(after))?;
    let Some(offset_seconds) = offset_seconds else {
        return Ok(date);
    };
    const KOREA: i64 = 9 * 3600;
    let moment = date.and_time(time) + chrono::Duration::seconds(KOREA - i64::from(offset_seconds));
    Ok(moment.date())
}

/// A time of day and its offset from UTC in seconds, if it names one.
fn time_of_day(text: &str) -> Result<(chrono::NaiveTime, Option<i32>), Reason> {
    let text = text.trim();
    let (meridiem, text) = match text
        .strip_prefix("오전")
        .map(|rest| (Some(false), rest))
        .or_else(|| text.strip_prefix("오후").map(|rest| (Some(true), rest)))
    {
        Some((meridiem, rest)) => (meridiem, rest.trim_start()),
        None => (None, text),
    };
    // The clock part: digits, colons and a fraction of a second.
    let clock_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(text.len());
    let (clock, zone) = text.split_at(clock_end);
    let fields: Vec<&str> = if clock.contains(':') {
        clock.split(':').collect()
    } else if matches!(clock.len(), 4 | 6) && meridiem.is_none() {
        // 1820, 182011 (after a compact date).
        clock
            .as_bytes()
            .chunks(2)
            .map(|pair| std::str::from_utf8(pair).unwrap_or(""))
            .collect()
    } else {
        return Err(Reason::TimeFormat);
    };
    let number = |field: &str, most: u32| -> Result<u32, Reason> {
        if field.is_empty() || field.len() > 2 || !field.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Reason::TimeFormat);
        }
        field
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= most)
            .ok_or(Reason::TimeFormat)
    };
    let (hour, minute, second) = match fields.as_slice() {
        [hour, minute] => (hour, number(minute, 59)?, 0),
        [hour, minute, second] => {
            // A fraction of a second is allowed on the seconds only.
            let whole = match second.split_once('.') {
                Some((whole, fraction))
                    if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    whole
                }
                Some(_) => return Err(Reason::TimeFormat),
                None => second,
            };
            (hour, number(minute, 59)?, number(whole, 59)?)
        }
        _ => return Err(Reason::TimeFormat),
    };
    let hour = match meridiem {
        None => number(hour, 23)?,
        // 오전 12:30 is half past midnight; 오후 12:30 half past noon.
        Some(afternoon) => match number(hour, 12)? {
            0 if afternoon => return Err(Reason::TimeFormat),
            12 => {
                if afternoon {
                    12
                } else {
                    0
                }
            }
            h => {
                if afternoon {
                    h + 12
                } else {
                    h
                }
            }
        },
    };
    let time = chrono::NaiveTime::from_hms_opt(hour, minute, second).ok_or(Reason::TimeFormat)?;
    Ok((time, offset(zone.trim())?))
}

/// `Z`, `+09:00`, `+0900`, `+09` as seconds east of UTC; nothing as none.
fn offset(zone: &str) -> Result<Option<i32>, Reason> {
    if zone.is_empty() {
        return Ok(None);
    }
    if zone == "Z" || zone == "z" {
        return Ok(Some(0));
    }
    let (sign, rest) = match zone.as_bytes().first() {
        Some(b'+') => (1, &zone[1..]),
        Some(b'-') => (-1, &zone[1..]),
        _ => return Err(Reason::TimeFormat),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let colons = rest.matches(':').count();
    let valid = digits.bytes().all(|b| b.is_ascii_digit())
        && (matches!((digits.len(), colons), (2, 0) | (4, 0))
            || (digits.len() == 4 && colons == 1 && rest.find(':') == Some(2)));
    if !valid {
        return Err(Reason::TimeFormat);
    }
    let hours: i32 = digits[..2].parse().map_err(|_| Reason::TimeFormat)?;
    let minutes: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Ok(0), str::parse)
        .map_err(|_| Reason::TimeFormat)?;
    if hours > 14 || minutes > 59 {
        return Err(Reason::TimeFormat);
    }
    Ok(Some(sign * (hours * 3600 + minutes * 60)))
}

/// `15.10.2022`, `10/15/2022`: a year at the end.
fn looks_day_first(text: &str) -> bool {
    let date = text.split(' ').next().unwrap_or("");
    let last = date.rsplit(['-', '.', '/']).next().unwrap_or("");
    last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit()) && date.len() > 4
}

fn ymd(year: &str, month: &str, day: &str) -> Result<NaiveDate, Reason> {
    let (Ok(year), Ok(month), Ok(day)) = (
        year.parse::<i32>(),
        month.parse::<u32>(),
        day.parse::<u32>(),
    ) else {
        return Err(Reason::DateFormat);
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or(Reason::DateNotReal)
}

/// The amount of a cell in whole won, negative for a refund:
/// `410000`, `410,000`, `410,000원`, `₩410,000`, `-5,000`, `(5,000)`.
pub fn amount(cell: &Cell) -> Result<i64, Reason> {
    match cell {
        Cell::Empty => Err(Reason::AmountMissing),
        Cell::Integer(n) => within_range(*n),
        Cell::Fraction(_) => Err(Reason::AmountFraction),
        Cell::Date(_) => Err(Reason::AmountFormat),
        Cell::Text(text) => amount_text(text),
    }
}

fn within_range(n: i64) -> Result<i64, Reason> {
    if n.checked_abs().is_some_and(|abs| abs <= MAX_WON) {
        Ok(n)
    } else {
        Err(Reason::AmountTooLarge)
    }
}

fn amount_text(text: &str) -> Result<i64, Reason> {
    let mut text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut negative = false;
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        negative = true;
        text = inner.to_owned();
    }
    for sign in ['-', '−', '+'] {
        if let Some(rest) = text.strip_prefix(sign) {
            negative = sign != '+';
            text = rest.to_owned();
            break;
        }
    }
    let text = text.trim_start_matches(['₩', '￦']).trim_end_matches('원');
    let text = text.strip_prefix('-').map_or(text, |rest| {
        negative = true;
        rest
    });
    if text.is_empty() {
        return Err(Reason::AmountMissing);
    }
    if text.contains(['억', '만', '천', '백', '십']) {
        let value = korean_units(text)?;
        return within_range(if negative { -value } else { value });
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return Err(Reason::AmountFormat);
    }
    let whole = if let Some((int, fraction)) = text.split_once('.') {
        if fraction.contains('.') || (int.len() <= 3 && fraction.len() == 3 && !int.contains(',')) {
            // 1.234.000 or 1.234: dots between thousands, as some European
            // formats write them; in Korea that reads as a fraction.
            return Err(Reason::AmountDotGrouping);
        }
        if !fraction.bytes().all(|b| b == b'0') {
            return Err(Reason::AmountFraction);
        }
        int
    } else {
        text
    };
    let digits = if whole.contains(',') {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or("");
        let grouped = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
        if !grouped {
            // 12,5: a decimal comma, or commas in the wrong places.
            return Err(Reason::AmountCommas);
        }
        whole.replace(',', "")
    } else {
        whole.to_owned()
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::AmountFormat);
    }
    let value: i64 = digits.parse().map_err(|_| Reason::AmountTooLarge)?;
    within_range(if negative { -value } else { value })
}

/// An amount in Korean units, as owners write them: `39만8800`,
/// `39만 8,800`, `1억2천만`, `5천`, `천만`, `3만5천`. 억 and 만 split the
/// amount into sections of four digits, highest first; inside a section
/// 천, 백 and 십 (each after one digit, or none for 1) come highest first,
/// and the rest is a number of at most four digits (commas allowed as
/// thousands). Anything else is not read: a misread amount is worse than a
/// question.
fn korean_units(text: &str) -> Result<i64, Reason> {
    const BIG: [(char, i64); 2] = [('억', 100_000_000), ('만', 10_000)];
    const SMALL: [(char, i64); 3] = [('천', 1_000), ('백', 100), ('십', 10)];
    let mut total: i64 = 0;
    let mut last_big = i64::MAX;
    let mut rest = text;
    loop {
        let (section_text, unit) = match rest.find(['억', '만']) {
            Some(at) => {
                let unit_char = rest[at..].chars().next().ok_or(Reason::AmountFormat)?;
                let unit = BIG
                    .iter()
                    .find(|(c, _)| *c == unit_char)
                    .map(|(_, v)| *v)
                    .ok_or(Reason::AmountFormat)?;
                let section = &rest[..at];
                rest = &rest[at + unit_char.len_utf8()..];
                (section, Some(unit))
            }
            None => {
                let section = rest;
                rest = "";
                (section, None)
            }
        };
        let first = last_big == i64::MAX;
        let multiplier = match unit {
            Some(unit) if unit < last_big => {
                last_big = unit;
                unit
            }
            Some(_) => return Err(Reason::AmountFormat), // 만억, 만만
            None => 1,
        };
        let section = match (section_text.is_empty(), unit) {
            // 만 or 억 first with no number: one of it (천만, 만원).
            (true, Some(_)) if first => 1,
            // 억만: nothing between two units.
            (true, Some(_)) => return Err(Reason::AmountFormat),
            (true, None) => 0,
            (false, _) => section_value(section_text, &SMALL)?,
        };
        if section >= 10_000 && (unit.is_some() || last_big != i64::MAX) {
            // 39만88000: a section holds four digits.
            return Err(Reason::AmountFormat);
        }
        total = section
            .checked_mul(multiplier)
            .and_then(|part| total.checked_add(part))
            .ok_or(Reason::AmountTooLarge)?;
        if rest.is_empty() {
            return Ok(total);
        }
    }
}

/// One section below 만: `8800`, `8,800`, `2천5백`, `천`, `3천 200`.
fn section_value(text: &str, small: &[(char, i64)]) -> Result<i64, Reason> {
    let mut value: i64 = 0;
    let mut last_small = i64::MAX;
    let mut digits = String::new();
    for ch in text.chars() {
        if let Some((_, unit)) = small.iter().find(|(c, _)| *c == ch) {
            if *unit >= last_small || digits.contains(',') || digits.len() > 1 {
                return Err(Reason::AmountFormat);
            }
            let count = if digits.is_empty() {
                1
            } else {
                plain_number(&digits)?
            };
            if count == 0 {
                return Err(Reason::AmountFormat);
            }
            value += count * unit;
            last_small = *unit;
            digits.clear();
        } else if ch.is_ascii_digit() || ch == ',' {
            digits.push(ch);
        } else {
            return Err(Reason::AmountFormat);
        }
    }
    if !digits.is_empty() {
        let tail = plain_number(&digits)?;
        if last_small != i64::MAX && tail >= last_small {
            // 2천3000: the tail must be below the last unit.
            return Err(Reason::AmountFormat);
        }
        value += tail;
    }
    Ok(value)
}

/// Digits, with commas only as thousands (`8,800`), at most four digits.
fn plain_number(text: &str) -> Result<i64, Reason> {
    if text.contains(',') {
        let mut groups = text.split(',');
        let first = groups.next().unwrap_or("");
        if !((1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)) {
            return Err(Reason::AmountCommas);
        }
    }
    let digits: String = text.chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || digits.len() > 4 {
        return Err(Reason::AmountFormat);
    }
    digits.parse().map_err(|_| Reason::AmountFormat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn dates_in_the_forms_korean_files_use() {
        let day = NaiveDate::from_ymd_opt(2022, 10, 15).unwrap();
        for form in [
            "2022-10-15",
            "2022.10.15",
            "2022/10/15",
            "20221015",
            "2022. 10. 15.",
            "2022.10.15.",
            "2022-10-15 18:20:11",
            "2022-10-15T18:20",
            "2022. 10. 15. 오후 6:20",
            "20221015 182011",
            " 2022-10-15 ",
        ] {
            assert_eq!(date(&text(form)), Ok(day), "{form}");
        }
        assert_eq!(date(&Cell::Integer(20_221_015)), Ok(day));
        assert_eq!(date(&Cell::Date(day)), Ok(day));
        assert_eq!(
            date(&text("2022-2-3")),
            Ok(NaiveDate::from_ymd_opt(2022, 2, 3).unwrap())
        );
    }

    #[test]
    fn dates_that_are_not_read_say_why() {
        assert_eq!(date(&text("15.10.2022")), Err(Reason::DateOrder));
        assert_eq!(date(&text("10/15/2022")), Err(Reason::DateOrder));
        assert_eq!(date(&text("22-10-15")), Err(Reason::DateFormat));
        assert_eq!(date(&text("2022-10")), Err(Reason::DateFormat));
        assert_eq!(date(&text("2022-10-15-3")), Err(Reason::DateFormat));
        assert_eq!(date(&text("2022.10/15")), Err(Reason::DateFormat));
        assert_eq!(date(&text("합계")), Err(Reason::DateFormat));
        assert_eq!(date(&text("2022-02-30")), Err(Reason::DateNotReal));
        assert_eq!(date(&Cell::Integer(44_849)), Err(Reason::DateNumber));
        assert_eq!(date(&Cell::Empty), Err(Reason::DateMissing));
    }

    #[test]
    fn a_time_after_the_date_is_read_strictly_and_an_offset_moves_the_day_to_korea() {
        let on = |d: u32| Ok(NaiveDate::from_ymd_opt(2022, 10, d).unwrap());
        for (form, day) in [
            ("2022-10-15 23:59:59", on(15)),
            ("2022-10-15 오전 12:30", on(15)),
            ("2022-10-15 오후 12:30", on(15)),
            ("2022-10-15 18:20:11.250", on(15)),
            // UTC 15:30 is 00:30 the next day in Korea.
            ("2022-10-15T15:30:00Z", on(16)),
            ("2022-10-15T14:59:00Z", on(15)),
            ("2022-10-15 15:30+00:00", on(16)),
            ("2022-10-16T08:00:00+09:00", on(16)),
            ("2022-10-16 01:00-0500", on(16)),
            ("2022-10-15 22:00-05", on(16)),
            ("20221015T153000Z", on(16)),
            ("2022-10-15 (토)", on(15)),
            ("2022-10-15(토) 오후 6:20", on(15)),
        ] {
            assert_eq!(date(&text(form)), day, "{form}");
        }
        for form in [
            "2022-10-15 24:30",
            "2022-10-15 오후 11:70",
            "2022-10-15 오후 13:00",
            "2022-10-15 18:60",
            "2022-10-15 18:20:61",
            "2022-10-15 18:20 ~ 19:00",
            "2022-10-15 ~ 2022-10-16",
            "2022-10-15 18:20 취소",
            "2022-10-15 18",
            "2022-10-15 18:20:11.",
            "2022-10-15 18:20+25:00",
            "2022-10-15 18:20+9",
            "20221015 99",
        ] {
            assert_eq!(date(&text(form)), Err(Reason::TimeFormat), "{form}");
        }
        // A weekday that is not the date's own.
        assert_eq!(date(&text("2022-10-15 (일)")), Err(Reason::DateFormat));
    }

    proptest::proptest! {
        /// Any real moment written with any offset lands on its day in
        /// Korea; any hour past 23 or minute past 59 is refused.
        #[test]
        fn a_moment_with_an_offset_is_dated_in_korea(
            seconds in 0i64..(40 * 365 * 86_400),
            offset_quarters in -48i32..=56,
            bad_hour in 24u32..100,
            bad_minute in 60u32..100,
        ) {
            use chrono::{FixedOffset, TimeZone};
            let utc = chrono::Utc.timestamp_opt(1_000_000_000 + seconds, 0).unwrap();
            let zone = FixedOffset::east_opt(offset_quarters * 900).unwrap();
            let written = utc.with_timezone(&zone).format("%Y-%m-%dT%H:%M:%S%:z").to_string();
            let korea = FixedOffset::east_opt(9 * 3600).unwrap();
            proptest::prop_assert_eq!(
                date(&text(&written)),
                Ok(utc.with_timezone(&korea).date_naive()),
                "{}", written
            );
            let impossible = format!("2022-10-15 {bad_hour:02}:00");
            proptest::prop_assert_eq!(date(&text(&impossible)), Err(Reason::TimeFormat));
            let impossible = format!("2022-10-15 12:{bad_minute:02}");
            proptest::prop_assert_eq!(date(&text(&impossible)), Err(Reason::TimeFormat));
        }
    }

    #[test]
    fn amounts_in_won_with_the_usual_marks() {
        for (form, won) in [
            ("410000", 410_000),
            ("410,000", 410_000),
            ("410,000원", 410_000),
            ("₩410,000", 410_000),
            ("￦ 410,000", 410_000),
            ("1,234,000", 1_234_000),
            ("-5,000", -5_000),
            ("−5,000", -5_000),
            ("(5,000)", -5_000),
            ("₩-5,000", -5_000),
            ("410000.00", 410_000),
            ("0", 0),
        ] {
            assert_eq!(amount(&text(form)), Ok(won), "{form}");
        }
        assert_eq!(amount(&Cell::Integer(410_000)), Ok(410_000));
    }

    #[test]
    fn amounts_that_are_not_read_say_why() {
        assert_eq!(amount(&text("1.234.000")), Err(Reason::AmountDotGrouping));
        assert_eq!(amount(&text("1.234")), Err(Reason::AmountDotGrouping));
        assert_eq!(amount(&text("12,5")), Err(Reason::AmountCommas));
        assert_eq!(amount(&text("1,2345")), Err(Reason::AmountCommas));
        assert_eq!(amount(&text("12.5")), Err(Reason::AmountFraction));
        assert_eq!(amount(&Cell::Fraction(12.5)), Err(Reason::AmountFraction));
        assert_eq!(amount(&text("abc")), Err(Reason::AmountFormat));
        assert_eq!(amount(&text("원")), Err(Reason::AmountMissing));
        assert_eq!(
            amount(&text("100,000,000,001")),
            Err(Reason::AmountTooLarge)
        );
        assert_eq!(
            amount(&text("99999999999999999999999")),
            Err(Reason::AmountTooLarge)
        );
    }
}
