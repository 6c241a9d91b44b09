//! The clock the store dates its records by and counts "today" from: the
//! system's, or one that starts at a given instant and runs on from there.
//! The app sets the second from `CLAIMDESK_CLOCK`, so a test or a drill sees
//! the same days left, deadlines and backup names whatever day it runs.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// The earliest and latest instants a clock may be set to: outside them a
/// date is a typo, and far outside them adding time would overflow.
const EARLIEST_YEAR: i32 = 2000;
const LATEST_YEAR: i32 = 2199;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    /// How far this clock is ahead of the system's (behind when negative).
    offset: TimeDelta,
}

/// Why an instant cannot start a clock.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("시각은 {EARLIEST_YEAR}년부터 {LATEST_YEAR}년 사이여야 합니다. (The clock must be set between the years {EARLIEST_YEAR} and {LATEST_YEAR}.)")]
pub struct ClockOutOfRange;

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `at` now and runs on at the system's pace.
    pub fn starting_at(at: DateTime<Utc>) -> Result<Clock, ClockOutOfRange> {
        Clock::reading_at(at, Utc::now())
    }

    /// A clock that read `at` when the system's read `when`, and runs on at
    /// the system's pace. Processes given the same pair share one clock:
    /// what one of them writes is older than what another writes later.
    pub fn reading_at(at: DateTime<Utc>, when: DateTime<Utc>) -> Result<Clock, ClockOutOfRange> {
        use chrono::Datelike;
        if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&at.year())
            || !(EARLIEST_YEAR..=LATEST_YEAR).contains(&when.year())
        {
            return Err(ClockOutOfRange);
        }
        Ok(Clock {
            offset: at.signed_duration_since(when),
        })
    }

    pub fn now(&self) -> DateTime<Utc> {
        let system = Utc::now();
        // Within range by construction (years 2000–2199 plus the time since).
        system.checked_add_signed(self.offset).unwrap_or(system)
    }

    /// Today in Korea, by this clock.
    pub fn today_in_korea(&self) -> NaiveDate {
        self.now()
            .with_timezone(&claim_core::dates::KST)
            .date_naive()
    }

    /// Now, as the store writes instants: RFC 3339 in UTC, unambiguous
    /// (shown in Korea time by the UI).
    pub(crate) fn stored_now(&self) -> String {
        claim_core::dates::stored_instant(self.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_set_to_an_instant_reads_it_and_runs_on() {
        let at: DateTime<Utc> = "2026-11-20T00:30:00Z".parse().unwrap();
        let clock = Clock::starting_at(at).unwrap();
        let read = clock.now();
        assert!(read >= at && read - at < TimeDelta::seconds(5), "{read}");
        // 09:30 in Korea on the 20th.
        assert_eq!(
            clock.today_in_korea(),
            NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
        );
        assert!(clock.now() >= read, "it runs on");
    }

    #[test]
    fn clocks_set_from_the_same_pair_agree() {
        let at: DateTime<Utc> = "2026-11-26T01:00:00Z".parse().unwrap();
        let when = Utc::now() - TimeDelta::seconds(30);
        let read = Clock::reading_at(at, when).unwrap().now();
        let expected = at + TimeDelta::seconds(30);
        assert!(
            read >= expected && read - expected < TimeDelta::seconds(5),
            "{read}"
        );
    }

    #[test]
    fn a_clock_far_outside_the_years_of_claims_is_refused() {
        for text in ["1999-12-31T23:59:59Z", "2200-01-01T00:00:00Z"] {
            let at: DateTime<Utc> = text.parse().unwrap();
            assert_eq!(Clock::starting_at(at), Err(ClockOutOfRange), "{text}");
        }
    }

    #[test]
    fn the_system_clock_is_the_system_time() {
        let before = Utc::now();
        let read = Clock::system().now();
        assert!(read >= before && read <= Utc::now());
    }
}
