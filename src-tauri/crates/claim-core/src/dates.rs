//! Dates and instants exactly as spec §1 writes them, and Korea time.
//!
//! The parsers are strict on purpose: `2022-10-15T18:20` without an offset is
//! refused rather than guessed, because a guess of the time zone moves an order
//! in or out of the incident window.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Weekday};

/// Korea Standard Time, UTC+09:00 all year (no daylight saving since 1988).
pub const KST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    // Evaluated at compile time: a wrong constant fails the build, never a user.
    #[allow(clippy::panic)]
    None => panic!("UTC+09:00 is a valid offset"),
};

/// A date for the built-in tables (holidays, incidents). Only for `const`
/// items, where an impossible date fails the build instead of running.
pub(crate) const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        #[allow(clippy::panic)]
        None => panic!("impossible date in a built-in table"),
    }
}

/// A Korea-time instant, for tests of the built-in incidents.
#[cfg(test)]
pub(crate) const fn kst_instant(
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
) -> DateTime<FixedOffset> {
    let time = match NaiveTime::from_hms_opt(hour, minute, 0) {
        Some(time) => time,
        #[allow(clippy::panic)]
        None => panic!("impossible time in a built-in table"),
    };
    let local = chrono::NaiveDateTime::new(ymd(year, month, day), time);
    match local.checked_sub_offset(KST) {
        Some(utc) => DateTime::from_naive_utc_and_offset(utc, KST),
        #[allow(clippy::panic)]
        None => panic!("instant out of range in a built-in table"),
    }
}

/// The date of an instant in Korea.
pub fn kst_date(instant: DateTime<FixedOffset>) -> NaiveDate {
    instant.with_timezone(&KST).date_naive()
}

/// `YYYY-MM-DD`, a day that exists.
/// An instant as the shop's store and the association's desk keep it:
/// RFC 3339 in UTC to the millisecond, so text order is time order (the
/// retention sweeps compare it as text). Shown in Korea time by the UI.
pub fn stored_instant(at: DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = digits(&bytes[0..4])?;
    let month = digits(&bytes[5..7])?;
    let day = digits(&bytes[8..10])?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// `YYYY-MM-DDTHH:MM`, optional `:SS` and `.fraction`, then `Z` or `±HH:MM`.
pub fn parse_instant(text: &str) -> Option<DateTime<FixedOffset>> {
    let date = parse_date(text.get(0..10)?)?;
    let rest = text.get(10..)?.as_bytes();
    let (&t, rest) = rest.split_first()?;
    if t != b'T' {
        return None;
    }
    if rest.len() < 5 || rest[2] != b':' {
        return None;
    }
    let hour = digits(&rest[0..2])?;
    let minute = digits(&rest[3..5])?;
    let mut rest = &rest[5..];
    let mut second = 0;
    let mut nanos = 0;
    if let Some((b':', after)) = rest.split_first() {
        if after.len() < 2 {
            return None;
        }
        second = digits(&after[0..2])?;
        rest = &after[2..];
        if let Some((b'.', after)) = rest.split_first() {
            let count = after.iter().take_while(|b| b.is_ascii_digit()).count();
            if count == 0 {
                return None;
            }
            // Only the first nine digits matter (nanoseconds); more are allowed.
            let kept = &after[..count.min(9)];
            let scale = 10u32.pow(9 - u32::try_from(kept.len()).ok()?);
            nanos = digits(kept)? * scale;
            rest = &after[count..];
        }
    }
    let offset = match rest {
        [b'Z'] => FixedOffset::east_opt(0)?,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2])?;
            let minutes = digits(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            FixedOffset::east_opt(if *sign == b'-' { -seconds } else { seconds })?
        }
        _ => return None,
    };
    // `from_hms_nano_opt` would accept second 60 as a leap second; the spec's
    // "a time that does not exist" refuses it.
    if second > 59 {
        return None;
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    date.and_time(time).and_local_timezone(offset).single()
}

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    bytes.iter().try_fold(0u32, |acc, b| {
        acc.checked_mul(10)?.checked_add(u32::from(b - b'0'))
    })
}

/// Every date from `from` to `to`, both included (empty if `to < from`).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |day| *day <= to)
}

/// Number of calendar days counting both ends (`0` if `to < from`).
pub fn inclusive_days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days().saturating_add(1).max(0)
}

/// `date − n days`, or `None` before chrono's first representable date.
pub fn days_before(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    date.checked_sub_signed(Duration::try_days(n)?)
}

/// `mon` .. `sun`, the report's weekday codes.
pub fn weekday_code(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_must_exist_and_be_exactly_iso() {
        assert_eq!(parse_date("2022-10-15"), Some(d(2022, 10, 15)));
        assert_eq!(parse_date("2024-02-29"), Some(d(2024, 2, 29)));
        for bad in [
            "2023-02-29",
            "2022-13-01",
            "2022-10-32",
            "2022-1-15",
            "2022/10/15",
            "20221015",
            "2022-10-15 ",
            " 2022-10-15",
            "2022-10-15T00:00",
            "",
            "２０２２-10-15",
            "2022-00-10",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn instants_need_an_offset_and_may_have_seconds_and_fraction() {
        let a = parse_instant("2022-10-15T18:20:00+09:00").unwrap();
        let b = parse_instant("2022-10-15T09:20Z").unwrap();
        assert_eq!(a, b);
        let c = parse_instant("2022-10-15T09:20:05.123456789123Z").unwrap();
        assert_eq!(c.nanosecond(), 123_456_789);
        assert_eq!(c.second(), 5);
        let west = parse_instant("2022-10-14T21:30-09:00").unwrap();
        assert_eq!(kst_date(west), d(2022, 10, 15));
        for bad in [
            "2022-10-15T18:20",
            "2022-10-15T18:20:00",
            "2022-10-15 18:20+09:00",
            "2022-10-15T24:00+09:00",
            "2022-10-15T18:60+09:00",
            "2022-10-15T18:20:60+09:00",
            "2022-10-15T18:20:00.+09:00",
            "2022-10-15T18:20+0900",
            "2022-10-15T18:20+24:00",
            "2022-02-30T18:20Z",
            "2022-10-15T18:20z",
            "2022-10-15T1:20Z",
            "2022-10-15T18:20ZZ",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn korea_date_of_an_instant() {
        // 14:59:59Z is 23:59:59 KST; one second later it is the next day in Korea.
        assert_eq!(
            kst_date(parse_instant("2022-10-15T14:59:59Z").unwrap()),
            d(2022, 10, 15)
        );
        assert_eq!(
            kst_date(parse_instant("2022-10-15T15:00:00Z").unwrap()),
            d(2022, 10, 16)
        );
    }

    #[test]
    fn day_ranges_count_both_ends() {
        assert_eq!(inclusive_days(d(2022, 10, 15), d(2022, 10, 21)), 7);
        assert_eq!(inclusive_days(d(2022, 10, 15), d(2022, 10, 15)), 1);
        assert_eq!(inclusive_days(d(2022, 10, 15), d(2022, 10, 14)), 0);
        assert_eq!(days_between(d(2022, 10, 30), d(2022, 11, 2)).count(), 4);
        assert_eq!(weekday_code(d(2022, 10, 15)), "sat");
    }
}
