//! The Korean public-holiday calendar, 2019–2027, as data.
//!
//! No rule derives the lunar dates, the substitute days (widened in Aug 2021
//! to 삼일절·광복절·개천절·한글날 and in May 2023 to 부처님오신날·성탄절), the
//! election days or the one-off temporary holidays, so the table is written
//! out. It was cross-checked day by day against the PyPI package `holidays`
//! 0.109; `tests/fixtures/holidays-kr-pypi.txt` keeps that list and a test
//! compares the two.

use crate::dates::ymd;
use chrono::{Datelike, NaiveDate};

/// First and last year the table knows. Outside them a day's holiday status
/// is unknown, not "no holiday" (`W_CALENDAR_RANGE`).
pub const FIRST_YEAR: i32 = 2019;
pub const LAST_YEAR: i32 = 2027;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HolidayKind {
    /// Fixed by the holiday regulation (including the lunar ones).
    Statutory,
    /// 대체공휴일: moved because the holiday fell on a weekend or another holiday.
    Substitute,
    /// Election day (선거일).
    Election,
    /// One-off 임시공휴일 declared by the cabinet.
    Temporary,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub kind: HolidayKind,
    pub name_ko: &'static str,
    pub name_en: &'static str,
}

/// Whether the calendar knows the holidays of `date`'s year.
pub fn covers(date: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
}

/// The holiday on `date`, if the calendar has one.
pub fn holiday_on(date: NaiveDate) -> Option<&'static Holiday> {
    HOLIDAYS
        .binary_search_by(|holiday| holiday.date.cmp(&date))
        .ok()
        .and_then(|i| HOLIDAYS.get(i))
}

pub fn is_holiday(date: NaiveDate) -> bool {
    holiday_on(date).is_some()
}

const fn h(
    year: i32,
    month: u32,
    day: u32,
    kind: HolidayKind,
    name_ko: &'static str,
    name_en: &'static str,
) -> Holiday {
    Holiday {
        date: ymd(year, month, day),
        kind,
        name_ko,
        name_en,
    }
}

use HolidayKind::{Election, Statutory, Substitute, Temporary};

/// Sorted by date (a test checks it); `holiday_on` binary-searches it.
static HOLIDAYS: &[Holiday] = &[
    h(2019, 1, 1, Statutory, "1월 1일", "New Year's Day"),
    h(2019, 2, 4, Statutory, "설날 연휴", "Seollal holiday"),
    h(2019, 2, 5, Statutory, "설날", "Seollal (Lunar New Year)"),
    h(2019, 2, 6, Statutory, "설날 연휴", "Seollal holiday"),
    h(2019, 3, 1, Statutory, "삼일절", "Independence Movement Day"),
    h(2019, 5, 5, Statutory, "어린이날", "Children's Day"),
    h(
        2019,
        5,
        6,
        Substitute,
        "어린이날 대체공휴일",
        "substitute holiday for Children's Day",
    ),
    h(2019, 5, 12, Statutory, "부처님오신날", "Buddha's Birthday"),
    h(2019, 6, 6, Statutory, "현충일", "Memorial Day"),
    h(2019, 8, 15, Statutory, "광복절", "Liberation Day"),
    h(2019, 9, 12, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2019, 9, 13, Statutory, "추석", "Chuseok"),
    h(2019, 9, 14, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2019, 10, 3, Statutory, "개천절", "National Foundation Day"),
    h(2019, 10, 9, Statutory, "한글날", "Hangeul Day"),
    h(
        2019,
        12,
        25,
        Statutory,
        "기독탄신일(성탄절)",
        "Christmas Day",
    ),
    h(2020, 1, 1, Statutory, "1월 1일", "New Year's Day"),
    h(2020, 1, 24, Statutory, "설날 연휴", "Seollal holiday"),
    h(2020, 1, 25, Statutory, "설날", "Seollal (Lunar New Year)"),
    h(2020, 1, 26, Statutory, "설날 연휴", "Seollal holiday"),
    h(
        2020,
        1,
        27,
        Substitute,
        "설날 대체공휴일",
        "substitute holiday for Seollal",
    ),
    h(2020, 3, 1, Statutory, "삼일절", "Independence Movement Day"),
    h(
        2020,
        4,
        15,
        Election,
        "제21대 국회의원 선거일",
        "21st National Assembly election day",
    ),
    h(2020, 4, 30, Statutory, "부처님오신날", "Buddha's Birthday"),
    h(2020, 5, 5, Statutory, "어린이날", "Children's Day"),
    h(2020, 6, 6, Statutory, "현충일", "Memorial Day"),
    h(2020, 8, 15, Statutory, "광복절", "Liberation Day"),
    h(
        2020,
        8,
        17,
        Temporary,
        "임시공휴일",
        "temporary public holiday",
    ),
    h(2020, 9, 30, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2020, 10, 1, Statutory, "추석", "Chuseok"),
    h(2020, 10, 2, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2020, 10, 3, Statutory, "개천절", "National Foundation Day"),
    h(2020, 10, 9, Statutory, "한글날", "Hangeul Day"),
    h(
        2020,
        12,
        25,
        Statutory,
        "기독탄신일(성탄절)",
        "Christmas Day",
    ),
    h(2021, 1, 1, Statutory, "1월 1일", "New Year's Day"),
    h(2021, 2, 11, Statutory, "설날 연휴", "Seollal holiday"),
    h(2021, 2, 12, Statutory, "설날", "Seollal (Lunar New Year)"),
    h(2021, 2, 13, Statutory, "설날 연휴", "Seollal holiday"),
    h(2021, 3, 1, Statutory, "삼일절", "Independence Movement Day"),
    h(2021, 5, 5, Statutory, "어린이날", "Children's Day"),
    h(2021, 5, 19, Statutory, "부처님오신날", "Buddha's Birthday"),
    h(2021, 6, 6, Statutory, "현충일", "Memorial Day"),
    h(2021, 8, 15, Statutory, "광복절", "Liberation Day"),
    h(
        2021,
        8,
        16,
        Substitute,
        "광복절 대체공휴일",
        "substitute holiday for Liberation Day",
    ),
    h(2021, 9, 20, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2021, 9, 21, Statutory, "추석", "Chuseok"),
    h(2021, 9, 22, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2021, 10, 3, Statutory, "개천절", "National Foundation Day"),
    h(
        2021,
        10,
        4,
        Substitute,
        "개천절 대체공휴일",
        "substitute holiday for National Foundation Day",
    ),
    h(2021, 10, 9, Statutory, "한글날", "Hangeul Day"),
    h(
        2021,
        10,
        11,
        Substitute,
        "한글날 대체공휴일",
        "substitute holiday for Hangeul Day",
    ),
    h(
        2021,
        12,
        25,
        Statutory,
        "기독탄신일(성탄절)",
        "Christmas Day",
    ),
    h(2022, 1, 1, Statutory, "1월 1일", "New Year's Day"),
    h(2022, 1, 31, Statutory, "설날 연휴", "Seollal holiday"),
    h(2022, 2, 1, Statutory, "설날", "Seollal (Lunar New Year)"),
    h(2022, 2, 2, Statutory, "설날 연휴", "Seollal holiday"),
    h(2022, 3, 1, Statutory, "삼일절", "Independence Movement Day"),
    h(
        2022,
        3,
        9,
        Election,
        "제20대 대통령 선거일",
        "20th presidential election day",
    ),
    h(2022, 5, 5, Statutory, "어린이날", "Children's Day"),
    h(2022, 5, 8, Statutory, "부처님오신날", "Buddha's Birthday"),
    h(
        2022,
        6,
        1,
        Election,
        "제8회 전국동시지방선거일",
        "8th local elections day",
    ),
    h(2022, 6, 6, Statutory, "현충일", "Memorial Day"),
    h(2022, 8, 15, Statutory, "광복절", "Liberation Day"),
    h(2022, 9, 9, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2022, 9, 10, Statutory, "추석", "Chuseok"),
    h(2022, 9, 11, Statutory, "추석 연휴", "Chuseok holiday"),
    h(
        2022,
        9,
        12,
        Substitute,
        "추석 대체공휴일",
        "substitute holiday for Chuseok",
    ),
    h(2022, 10, 3, Statutory, "개천절", "National Foundation Day"),
    h(2022, 10, 9, Statutory, "한글날", "Hangeul Day"),
    h(
        2022,
        10,
        10,
        Substitute,
        "한글날 대체공휴일",
        "substitute holiday for Hangeul Day",
    ),
    h(
        2022,
        12,
        25,
        Statutory,
        "기독탄신일(성탄절)",
        "Christmas Day",
    ),
    h(2023, 1, 1, Statutory, "1월 1일", "New Year's Day"),
    h(2023, 1, 21, Statutory, "설날 연휴", "Seollal holiday"),
    h(2023, 1, 22, Statutory, "설날", "Seollal (Lunar New Year)"),
    h(2023, 1, 23, Statutory, "설날 연휴", "Seollal holiday"),
    h(
        2023,
        1,
        24,
        Substitute,
        "설날 대체공휴일",
        "substitute holiday for Seollal",
    ),
    h(2023, 3, 1, Statutory, "삼일절", "Independence Movement Day"),
    h(2023, 5, 5, Statutory, "어린이날", "Children's Day"),
    h(2023, 5, 27, Statutory, "부처님오신날", "Buddha's Birthday"),
    h(
        2023,
        5,
        29,
        Substitute,
        "부처님오신날 대체공휴일",
        "substitute holiday for Buddha's Birthday",
    ),
    h(2023, 6, 6, Statutory, "현충일", "Memorial Day"),
    h(2023, 8, 15, Statutory, "광복절", "Liberation Day"),
    h(2023, 9, 28, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2023, 9, 29, Statutory, "추석", "Chuseok"),
    h(2023, 9, 30, Statutory, "추석 연휴", "Chuseok holiday"),
    h(
        2023,
        10,
        2,
        Temporary,
        "임시공휴일",
        "temporary public holiday",
    ),
    h(2023, 10, 3, Statutory, "개천절", "National Foundation Day"),
    h(2023, 10, 9, Statutory, "한글날", "Hangeul Day"),
    h(
        2023,
        12,
        25,
        Statutory,
        "기독탄신일(성탄절)",
        "Christmas Day",
    ),
    h(2024, 1, 1, Statutory, "1월 1일", "New Year's Day"),
    h(2024, 2, 9, Statutory, "설날 연휴", "Seollal holiday"),
    h(2024, 2, 10, Statutory, "설날", "Seollal (Lunar New Year)"),
    h(2024, 2, 11, Statutory, "설날 연휴", "Seollal holiday"),
    h(
        2024,
        2,
        12,
        Substitute,
        "설날 대체공휴일",
        "substitute holiday for Seollal",
    ),
    h(2024, 3, 1, Statutory, "삼일절", "Independence Movement Day"),
    h(
        2024,
        4,
        10,
        Election,
        "제22대 국회의원 선거일",
        "22nd National Assembly election day",
    ),
    h(2024, 5, 5, Statutory, "어린이날", "Children's Day"),
    h(
        2024,
        5,
        6,
        Substitute,
        "어린이날 대체공휴일",
        "substitute holiday for Children's Day",
    ),
    h(2024, 5, 15, Statutory, "부처님오신날", "Buddha's Birthday"),
    h(2024, 6, 6, Statutory, "현충일", "Memorial Day"),
    h(2024, 8, 15, Statutory, "광복절", "Liberation Day"),
    h(2024, 9, 16, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2024, 9, 17, Statutory, "추석", "Chuseok"),
    h(2024, 9, 18, Statutory, "추석 연휴", "Chuseok holiday"),
    h(
        2024,
        10,
        1,
        Temporary,
        "임시공휴일(국군의 날)",
        "temporary public holiday (Armed Forces Day)",
    ),
    h(2024, 10, 3, Statutory, "개천절", "National Foundation Day"),
    h(2024, 10, 9, Statutory, "한글날", "Hangeul Day"),
    h(
        2024,
        12,
        25,
        Statutory,
        "기독탄신일(성탄절)",
        "Christmas Day",
    ),
    h(2025, 1, 1, Statutory, "1월 1일", "New Year's Day"),
    h(
        2025,
        1,
        27,
        Temporary,
        "임시공휴일",
        "temporary public holiday",
    ),
    h(2025, 1, 28, Statutory, "설날 연휴", "Seollal holiday"),
    h(2025, 1, 29, Statutory, "설날", "Seollal (Lunar New Year)"),
    h(2025, 1, 30, Statutory, "설날 연휴", "Seollal holiday"),
    h(2025, 3, 1, Statutory, "삼일절", "Independence Movement Day"),
    h(
        2025,
        3,
        3,
        Substitute,
        "삼일절 대체공휴일",
        "substitute holiday for Independence Movement Day",
    ),
    h(
        2025,
        5,
        5,
        Statutory,
        "어린이날·부처님오신날",
        "Children's Day and Buddha's Birthday",
    ),
    h(
        2025,
        5,
        6,
        Substitute,
        "어린이날·부처님오신날 대체공휴일",
        "substitute holiday for Children's Day and Buddha's Birthday",
    ),
    h(
        2025,
        6,
        3,
        Election,
        "제21대 대통령 선거일",
        "21st presidential election day",
    ),
    h(2025, 6, 6, Statutory, "현충일", "Memorial Day"),
    h(2025, 8, 15, Statutory, "광복절", "Liberation Day"),
    h(2025, 10, 3, Statutory, "개천절", "National Foundation Day"),
    h(2025, 10, 5, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2025, 10, 6, Statutory, "추석", "Chuseok"),
    h(2025, 10, 7, Statutory, "추석 연휴", "Chuseok holiday"),
    h(
        2025,
        10,
        8,
        Substitute,
        "추석 대체공휴일",
        "substitute holiday for Chuseok",
    ),
    h(2025, 10, 9, Statutory, "한글날", "Hangeul Day"),
    h(
        2025,
        12,
        25,
        Statutory,
        "기독탄신일(성탄절)",
        "Christmas Day",
    ),
    h(2026, 1, 1, Statutory, "1월 1일", "New Year's Day"),
    h(2026, 2, 16, Statutory, "설날 연휴", "Seollal holiday"),
    h(2026, 2, 17, Statutory, "설날", "Seollal (Lunar New Year)"),
    h(2026, 2, 18, Statutory, "설날 연휴", "Seollal holiday"),
    h(2026, 3, 1, Statutory, "삼일절", "Independence Movement Day"),
    h(
        2026,
        3,
        2,
        Substitute,
        "삼일절 대체공휴일",
        "substitute holiday for Independence Movement Day",
    ),
    h(2026, 5, 1, Statutory, "노동절", "Labour Day"),
    h(2026, 5, 5, Statutory, "어린이날", "Children's Day"),
    h(2026, 5, 24, Statutory, "부처님오신날", "Buddha's Birthday"),
    h(
        2026,
        5,
        25,
        Substitute,
        "부처님오신날 대체공휴일",
        "substitute holiday for Buddha's Birthday",
    ),
    h(
        2026,
        6,
        3,
        Election,
        "제9회 전국동시지방선거일",
        "9th local elections day",
    ),
    h(2026, 6, 6, Statutory, "현충일", "Memorial Day"),
    h(2026, 7, 17, Statutory, "제헌절", "Constitution Day"),
    h(2026, 8, 15, Statutory, "광복절", "Liberation Day"),
    h(
        2026,
        8,
        17,
        Substitute,
        "광복절 대체공휴일",
        "substitute holiday for Liberation Day",
    ),
    h(2026, 9, 24, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2026, 9, 25, Statutory, "추석", "Chuseok"),
    h(2026, 9, 26, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2026, 10, 3, Statutory, "개천절", "National Foundation Day"),
    h(
        2026,
        10,
        5,
        Substitute,
        "개천절 대체공휴일",
        "substitute holiday for National Foundation Day",
    ),
    h(2026, 10, 9, Statutory, "한글날", "Hangeul Day"),
    h(
        2026,
        12,
        25,
        Statutory,
        "기독탄신일(성탄절)",
        "Christmas Day",
    ),
    h(2027, 1, 1, Statutory, "1월 1일", "New Year's Day"),
    h(2027, 2, 6, Statutory, "설날 연휴", "Seollal holiday"),
    h(2027, 2, 7, Statutory, "설날", "Seollal (Lunar New Year)"),
    h(2027, 2, 8, Statutory, "설날 연휴", "Seollal holiday"),
    h(
        2027,
        2,
        9,
        Substitute,
        "설날 대체공휴일",
        "substitute holiday for Seollal",
    ),
    h(2027, 3, 1, Statutory, "삼일절", "Independence Movement Day"),
    h(2027, 5, 1, Statutory, "노동절", "Labour Day"),
    h(
        2027,
        5,
        3,
        Substitute,
        "노동절 대체공휴일",
        "substitute holiday for Labour Day",
    ),
    h(2027, 5, 5, Statutory, "어린이날", "Children's Day"),
    h(2027, 5, 13, Statutory, "부처님오신날", "Buddha's Birthday"),
    h(2027, 6, 6, Statutory, "현충일", "Memorial Day"),
    h(2027, 7, 17, Statutory, "제헌절", "Constitution Day"),
    h(
        2027,
        7,
        19,
        Substitute,
        "제헌절 대체공휴일",
        "substitute holiday for Constitution Day",
    ),
    h(2027, 8, 15, Statutory, "광복절", "Liberation Day"),
    h(
        2027,
        8,
        16,
        Substitute,
        "광복절 대체공휴일",
        "substitute holiday for Liberation Day",
    ),
    h(2027, 9, 14, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2027, 9, 15, Statutory, "추석", "Chuseok"),
    h(2027, 9, 16, Statutory, "추석 연휴", "Chuseok holiday"),
    h(2027, 10, 3, Statutory, "개천절", "National Foundation Day"),
    h(
        2027,
        10,
        4,
        Substitute,
        "개천절 대체공휴일",
        "substitute holiday for National Foundation Day",
    ),
    h(2027, 10, 9, Statutory, "한글날", "Hangeul Day"),
    h(
        2027,
        10,
        11,
        Substitute,
        "한글날 대체공휴일",
        "substitute holiday for Hangeul Day",
    ),
    h(
        2027,
        12,
        25,
        Statutory,
        "기독탄신일(성탄절)",
        "Christmas Day",
    ),
    h(
        2027,
        12,
        27,
        Substitute,
        "기독탄신일 대체공휴일",
        "substitute holiday for Christmas Day",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn table_is_sorted_without_repeats_and_inside_its_years() {
        assert!(HOLIDAYS.windows(2).all(|w| w[0].date < w[1].date));
        assert!(HOLIDAYS.iter().all(|h| covers(h.date)));
        for year in FIRST_YEAR..=LAST_YEAR {
            assert!(
                HOLIDAYS.iter().filter(|h| h.date.year() == year).count() >= 15,
                "{year}"
            );
        }
    }

    #[test]
    fn the_days_the_spec_names() {
        for (y, m, day) in [
            (2022, 9, 9),
            (2022, 9, 10),
            (2022, 9, 11),
            (2022, 9, 12),
            (2022, 10, 3),
            (2022, 10, 9),
            (2022, 10, 10),
            (2023, 10, 2),
            (2024, 10, 1),
            (2025, 1, 27),
            (2025, 6, 3),
            (2026, 6, 3),
            (2020, 8, 17),
            (2022, 3, 9),
            (2022, 6, 1),
            (2024, 4, 10),
        ] {
            assert!(is_holiday(d(y, m, day)), "{y}-{m}-{day}");
        }
        assert_eq!(
            holiday_on(d(2022, 10, 10)).unwrap().kind,
            HolidayKind::Substitute
        );
        assert_eq!(
            holiday_on(d(2022, 10, 10)).unwrap().name_ko,
            "한글날 대체공휴일"
        );
        assert_eq!(
            holiday_on(d(2022, 3, 9)).unwrap().kind,
            HolidayKind::Election
        );
        assert_eq!(
            holiday_on(d(2023, 10, 2)).unwrap().kind,
            HolidayKind::Temporary
        );
        assert!(!is_holiday(d(2022, 10, 15)));
        assert!(!is_holiday(d(2022, 10, 16)));
    }

    #[test]
    fn substitutes_follow_the_rule_of_their_year() {
        // 2022: 부처님오신날 on a Sunday had no substitute; 2023 widened it.
        assert!(is_holiday(d(2022, 5, 8)) && !is_holiday(d(2022, 5, 9)));
        assert!(is_holiday(d(2023, 5, 29)));
        // 2021-12-25 (Sat) had none; 2027-12-25 (Sat) gets Monday the 27th.
        assert!(!is_holiday(d(2021, 12, 27)));
        assert!(is_holiday(d(2027, 12, 27)));
        // 2021 widening: 광복절 on a Sunday moved to Monday the 16th.
        assert!(is_holiday(d(2021, 8, 16)));
        // 2020: 광복절 on a Saturday had no substitute (8/17 was a temporary holiday).
        assert_eq!(
            holiday_on(d(2020, 8, 17)).unwrap().kind,
            HolidayKind::Temporary
        );
    }

    /// The independent list (PyPI `holidays`) and ours name the same days.
    #[test]
    fn matches_the_independent_list() {
        let text = include_str!("../../../../tests/fixtures/holidays-kr-pypi.txt");
        let theirs: Vec<NaiveDate> = text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| crate::dates::parse_date(&line[..10]).unwrap())
            .collect();
        let ours: Vec<NaiveDate> = HOLIDAYS.iter().map(|h| h.date).collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn outside_the_years_is_unknown() {
        assert!(!covers(d(2018, 12, 31)));
        assert!(covers(d(2019, 1, 1)));
        assert!(covers(d(2027, 12, 31)));
        assert!(!covers(d(2028, 1, 1)));
    }
}
