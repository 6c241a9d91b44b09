//! Which columns hold the date and the amount: found from the header row by
//! the names Korean POS, card-terminal and accounting exports use, or named
//! by the owner (a heading, or a column letter as Excel shows it).

use crate::table::{Cell, Row};
use crate::{values, ImportError};
use serde::{Deserialize, Serialize};

/// Date headings, most specific first (`일자` also ends `매출일자`).
const DATE_NAMES: &[&str] = &[
    "매출일자",
    "거래일시",
    "거래일자",
    "승인일시",
    "승인일자",
    "판매일자",
    "매출일",
    "거래일",
    "일자",
    "날짜",
    "date",
];
/// Amount headings, in the order they win when several are present: a file
/// with both 매출액 and 금액 (a unit price, say) means 매출액.
const AMOUNT_NAMES: &[&str] = &[
    "매출액",
    "매출금액",
    "합계",
    "승인금액",
    "결제금액",
    "판매금액",
    "실매출",
    "금액",
    "amount",
    "sales",
    "total",
];
/// Headings of a column marking cancellations.
const CANCEL_NAMES: &[&str] = &[
    "취소여부",
    "구분",
    "상태",
    "거래유형",
    "취소",
    "type",
    "status",
];
/// How far down a header row is looked for (title lines come first in some exports).
const HEADER_SEARCH_ROWS: usize = 20;

/// Columns as the owner names them: a heading or a column letter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnChoice {
    pub date: String,
    pub amount: String,
}

/// The columns in use (zero-based) and their headings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Columns {
    pub date: usize,
    pub amount: usize,
    /// A column whose `취소` marks a cancelled sale.
    pub cancel: Option<usize>,
    pub date_heading: String,
    pub amount_heading: String,
    /// The spreadsheet row of the header, if the file has one.
    pub header_row: Option<usize>,
}

fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first heading (by the order of `names`) present in `headings`, other
/// than the columns in `exclude` and the headings `refused` rejects.
fn by_names(
    headings: &[String],
    names: &[&str],
    exclude: &[usize],
    refused: fn(&str) -> bool,
) -> Option<usize> {
    names.iter().find_map(|name| {
        headings.iter().enumerate().position(|(index, heading)| {
            !exclude.contains(&index) && heading.contains(name) && !refused(heading)
        })
    })
}

fn any_heading(_: &str) -> bool {
    false
}

/// 취소금액 is not the sales amount.
fn cancel_amount(heading: &str) -> bool {
    heading.contains("취소")
}

/// A marker column says 취소; an amount column (취소금액) is not one.
fn an_amount(heading: &str) -> bool {
    heading.contains("금액") || heading.contains("amount")
}

fn headings(row: &Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|cell| normalized(&cell.text()))
        .collect()
}

/// `A` → 0, `b` → 1, `AA` → 26.
fn column_letter(text: &str) -> Option<usize> {
    let text = text.trim();
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    text.bytes()
        .try_fold(0usize, |n, b| {
            Some(n * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1)
        })
        .map(|n| n - 1)
}

fn columns_at(row: Option<&Row>, date: usize, amount: usize, header_row: Option<usize>) -> Columns {
    let heading = |index: usize| {
        row.and_then(|r| r.cells.get(index))
            .map(Cell::text)
            .unwrap_or_default()
    };
    let cancel = row.and_then(|r| {
        let names = headings(r);
        by_names(&names, CANCEL_NAMES, &[date, amount], an_amount)
    });
    Columns {
        date,
        amount,
        cancel,
        date_heading: heading(date),
        amount_heading: heading(amount),
        header_row,
    }
}

/// The columns, and the index (in `rows`) of the first row under the header.
pub fn find(rows: &[Row], choice: Option<&ColumnChoice>) -> Result<(usize, Columns), ImportError> {
    let first = rows
        .iter()
        .position(|row| !row.cells.iter().all(Cell::is_empty))
        .ok_or(ImportError::Empty)?;
    match choice {
        Some(choice) => chosen(rows, first, choice),
        None => found(rows, first),
    }
}

fn found(rows: &[Row], first: usize) -> Result<(usize, Columns), ImportError> {
    for (index, row) in rows.iter().enumerate().skip(first).take(HEADER_SEARCH_ROWS) {
        let names = headings(row);
        let Some(date) = by_names(&names, DATE_NAMES, &[], any_heading) else {
            continue;
        };
        let Some(amount) = by_names(&names, AMOUNT_NAMES, &[date], cancel_amount) else {
            continue;
        };
        return Ok((
            index + 1,
            columns_at(Some(row), date, amount, Some(row.number)),
        ));
    }
    Err(ImportError::ColumnsNotFound {
        headers: rows[first].cells.iter().map(Cell::text).collect(),
    })
}

fn chosen(
    rows: &[Row],
    first: usize,
    choice: &ColumnChoice,
) -> Result<(usize, Columns), ImportError> {
    // By heading: the first row holding both names.
    let wanted = (normalized(&choice.date), normalized(&choice.amount));
    for (index, row) in rows.iter().enumerate().skip(first).take(HEADER_SEARCH_ROWS) {
        let names = headings(row);
        let date = names.iter().position(|n| *n == wanted.0);
        let amount = names.iter().position(|n| *n == wanted.1);
        if let (Some(date), Some(amount)) = (date, amount) {
            return Ok((
                index + 1,
                columns_at(Some(row), date, amount, Some(row.number)),
            ));
        }
    }
    // By letter: the first row is a header unless its date cell is a date.
    let letter = |name: &str| {
        column_letter(name).ok_or_else(|| ImportError::ColumnUnknown {
            name: name.trim().to_owned(),
        })
    };
    let (date, amount) = (letter(&choice.date)?, letter(&choice.amount)?);
    let top = &rows[first];
    let has_header = values::date(top.cells.get(date).unwrap_or(&Cell::Empty)).is_err();
    if has_header {
        Ok((
            first + 1,
            columns_at(Some(top), date, amount, Some(top.number)),
        ))
    } else {
        Ok((first, columns_at(None, date, amount, None)))
    }
}

/// Whether a cell of the cancellation column marks a cancelled sale.
pub fn is_cancellation(cell: &Cell) -> bool {
    let text = normalized(&cell.text());
    text.contains("취소") || text.contains("cancel") || text == "환불" || text.contains("refund")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: usize, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text((*c).to_owned())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn headers_are_found_below_title_lines_by_their_korean_names() {
        let rows = vec![
            row(1, &["카드 매출 내역", "", ""]),
            row(2, &["", "", ""]),
            row(3, &["거래일시", "승인번호", "승인금액", "취소금액", "구분"]),
            row(4, &["2022-10-15 12:00", "1", "45,000", "0", "승인"]),
        ];
        let (start, columns) = find(&rows, None).unwrap();
        assert_eq!(start, 3);
        assert_eq!(
            (columns.date, columns.amount, columns.cancel),
            (0, 2, Some(4))
        );
        assert_eq!(columns.header_row, Some(3));
        assert_eq!(columns.amount_heading, "승인금액");
    }

    #[test]
    fn the_sales_amount_wins_over_other_amounts() {
        let rows = vec![row(1, &["일자", "단가 금액", "매출액 (원)"])];
        let (_, columns) = find(&rows, None).unwrap();
        assert_eq!(columns.amount, 2);
    }

    #[test]
    fn unknown_headers_ask_for_a_choice_by_heading_or_letter() {
        let rows = vec![
            row(1, &["when", "how much"]),
            row(2, &["2022-10-15", "1000"]),
        ];
        let error = find(&rows, None).unwrap_err();
        assert_eq!(
            error,
            ImportError::ColumnsNotFound {
                headers: vec!["when".into(), "how much".into()]
            }
        );
        let by_name = ColumnChoice {
            date: "When".into(),
            amount: "how much".into(),
        };
        assert_eq!(find(&rows, Some(&by_name)).unwrap().0, 1);
        let by_letter = ColumnChoice {
            date: "A".into(),
            amount: "b".into(),
        };
        let (start, columns) = find(&rows, Some(&by_letter)).unwrap();
        assert_eq!((start, columns.date, columns.amount), (1, 0, 1));
        // A file with no header at all: data from the first row.
        let bare = vec![row(1, &["2022-10-15", "1000"])];
        assert_eq!(find(&bare, Some(&by_letter)).unwrap().0, 0);
        let wrong = ColumnChoice {
            date: "일자".into(),
            amount: "B".into(),
        };
        assert_eq!(
            find(&rows, Some(&wrong)).unwrap_err(),
            ImportError::ColumnUnknown {
                name: "일자".into()
            }
        );
    }

    #[test]
    fn column_letters_as_excel_shows_them() {
        assert_eq!(column_letter("A"), Some(0));
        assert_eq!(column_letter("z"), Some(25));
        assert_eq!(column_letter("AA"), Some(26));
        assert_eq!(column_letter("1"), None);
        assert_eq!(column_letter(""), None);
    }
}
