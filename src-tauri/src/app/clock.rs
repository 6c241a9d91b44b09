//! The app's one clock, for the window and the command line alike: the
//! system's, or the one `$CLAIMDESK_CLOCK` sets. Tests and drills set it so
//! that days left, deadlines, backup names and retention come out the same
//! whatever day they run. Every "now" and "today" of the app is read here,
//! and every store the app opens is on it.
//!
//! `$CLAIMDESK_CLOCK` is an RFC 3339 instant, such as
//! `2026-12-01T09:00:00+09:00`: the clock reads it when the program starts
//! and runs on from it. `INSTANT@SECONDS` says the clock read INSTANT when
//! the system's read SECONDS (Unix time): programs started one after the
//! other with the same value share one clock, so a record one writes later
//! is also later by the clock (the end-to-end tests run the window and the
//! command line so).

use claim_store::{Clock, Store, StoreError};
use std::path::Path;
use std::sync::OnceLock;

/// The environment variable that sets the clock.
pub const CLOCK_VARIABLE: &str = "CLAIMDESK_CLOCK";

static APP_CLOCK: OnceLock<Clock> = OnceLock::new();

/// Reads `$CLAIMDESK_CLOCK` once, at start. A value that is not an instant
/// is refused with a message, never ignored: a clock silently off would
/// give an owner wrong deadlines.
pub fn init() -> Result<(), String> {
    let clock = match std::env::var_os(CLOCK_VARIABLE) {
        None => Clock::system(),
        Some(value) => parse(&value.to_string_lossy())?,
    };
    APP_CLOCK.get_or_init(|| clock);
    Ok(())
}

fn parse(text: &str) -> Result<Clock, String> {
    let refused = || {
        format!(
            "{CLOCK_VARIABLE}는 2026-12-01T09:00:00+09:00 같은 시각이어야 합니다. ({CLOCK_VARIABLE} must be an instant such as 2026-12-01T09:00:00+09:00.)"
        )
    };
    let (instant, since) = match text.trim().split_once('@') {
        Some((instant, seconds)) => (instant, Some(seconds)),
        None => (text.trim(), None),
    };
    let at = chrono::DateTime::parse_from_rfc3339(instant)
        .map_err(|_| refused())?
        .to_utc();
    let clock = match since {
        None => Clock::starting_at(at),
        Some(seconds) => {
            let when = seconds
                .parse::<i64>()
                .ok()
                .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
                .ok_or_else(refused)?;
            Clock::reading_at(at, when)
        }
    };
    clock.map_err(|error| format!("{CLOCK_VARIABLE}: {error}"))
}

/// The app's clock (the system's until [`init`] has run).
pub fn app() -> Clock {
    APP_CLOCK.get().copied().unwrap_or_default()
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    app().now()
}

/// Today in Korea: what the window counts days left from and names the
/// day's backup by.
pub fn today_in_korea() -> chrono::NaiveDate {
    app().today_in_korea()
}

/// Opens the store in `dir` on the app's clock.
pub fn open_store(dir: &Path) -> Result<Store, StoreError> {
    let mut store = Store::open(dir)?;
    store.set_clock(app());
    Ok(store)
}

/// Restores a backup into `dir` and opens it on the app's clock.
pub fn restore_store(dir: &Path, file: &Path) -> Result<Store, StoreError> {
    let mut store = Store::restore(dir, file)?;
    store.set_clock(app());
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_in_korea_time_sets_the_day() {
        let clock = parse("2026-12-01T08:59:00+09:00").unwrap();
        assert_eq!(clock.today_in_korea().to_string(), "2026-12-01");
        let clock = parse(" 2026-11-30T23:59:30Z ").unwrap();
        assert_eq!(clock.today_in_korea().to_string(), "2026-12-01");
    }

    #[test]
    fn an_instant_at_a_system_time_is_one_clock_for_every_program() {
        // The clock read 26 Nov 10:00 in Korea a minute ago.
        let a_minute_ago = chrono::Utc::now().timestamp() - 60;
        let setting = format!("2026-11-26T10:00:00+09:00@{a_minute_ago}");
        let first = parse(&setting).unwrap();
        assert_eq!(first, parse(&setting).unwrap());
        let read = first.now().to_rfc3339();
        assert!(read.starts_with("2026-11-26T01:01:0"), "{read}");
    }

    #[test]
    fn anything_else_is_refused_by_name() {
        for text in [
            "",
            "2026-12-01",
            "tomorrow",
            "1800-01-01T00:00:00Z",
            "2026-11-26T10:00:00+09:00@",
            "2026-11-26T10:00:00+09:00@soon",
            "2026-11-26T10:00:00+09:00@99999999999999",
        ] {
            let message = parse(text).unwrap_err();
            assert!(message.contains(CLOCK_VARIABLE), "{text}: {message}");
        }
    }
}
