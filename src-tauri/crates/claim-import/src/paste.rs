//! Cells pasted from a spreadsheet into the sales grid, read with the same
//! readers as a sales file: one column of amounts from the day pasted on,
//! or two columns of dates and amounts. Only the grid's dates are filled;
//! what falls outside it is counted, not placed.

use crate::table::Cell;
use crate::{day_value_of_text as amount, values, DayValue};
use chrono::NaiveDate;

/// What a paste fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pasted {
    pub values: Vec<(NaiveDate, DayValue)>,
    /// Lines that fell outside the grid, or whose date could not be read.
    pub skipped: usize,
}

/// The largest paste read: far more than any grid (a season of days).
pub const MAX_PASTE_BYTES: usize = 1024 * 1024;

/// Rows of tab-separated cells, one per non-blank line.
fn rows(text: &str) -> Vec<Vec<&str>> {
    text.split(['\n', '\r'])
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split('\t').map(str::trim).collect())
        .collect()
}

/// Reads `text` pasted on the grid's day `start`; `grid` is the grid's
/// dates in order.
pub fn read_paste(text: &str, grid: &[NaiveDate], start: NaiveDate) -> Pasted {
    let lines = rows(text);
    let mut pasted = Pasted {
        values: Vec::new(),
        skipped: 0,
    };
    let two_columns = !lines.is_empty() && lines.iter().all(|cells| cells.len() >= 2);
    if two_columns {
        for cells in &lines {
            let date = values::date(&Cell::Text(cells[0].to_owned()))
                .ok()
                .filter(|date| grid.contains(date));
            match date {
                Some(date) => pasted.values.push((date, amount(cells[1]))),
                None => pasted.skipped += 1,
            }
        }
    } else {
        let mut days = grid.iter().skip_while(|day| **day != start);
        for cells in &lines {
            match days.next() {
                Some(day) => pasted.values.push((*day, amount(cells[0]))),
                None => pasted.skipped += 1,
            }
        }
    }
    pasted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 10, d).unwrap()
    }

    #[test]
    fn one_column_fills_from_the_day_pasted_on_and_counts_what_overflows() {
        let grid = [day(8), day(9), day(15), day(16)];
        let pasted = read_paste("410,000\r\n\r\n(5,000)\n12,5\n\t\n7\n", &grid, day(9));
        assert_eq!(
            pasted.values,
            vec![
                (day(9), DayValue::Amount(410_000)),
                (day(15), DayValue::Amount(-5_000)),
                (day(16), DayValue::AsTyped("12,5".into())),
            ]
        );
        assert_eq!(pasted.skipped, 1, "7 falls past the grid");
    }

    #[test]
    fn two_columns_place_each_row_by_its_date() {
        let grid = [day(8), day(15)];
        let pasted = read_paste(
            "2022.10.15\t380,000원\n2022-10-08\t\n15.10.2022\t1\n2022-10-20\t2\n",
            &grid,
            day(8),
        );
        assert_eq!(
            pasted.values,
            vec![
                (day(15), DayValue::Amount(380_000)),
                (day(8), DayValue::Clear),
            ]
        );
        assert_eq!(pasted.skipped, 2, "a day-first date and a day off the grid");
    }
}
