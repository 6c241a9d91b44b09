//! Daily sales from the shop's own files: the CSV or XLSX a POS, a card
//! terminal or Excel exports, read into one total per day for a claim's
//! `daily_sales`. Pure: bytes in, totals and the rows that could not be read
//! out, nothing applied. Every message is an owner's sentence in Korean or
//! English, names the row, and carries no cell content (a sales file may
//! hold customer names).

mod columns;
pub mod paste;
mod table;
pub mod time;
mod values;

pub use columns::{ColumnChoice, Columns};
pub use table::{
    Cell, Row, MAX_CELL_CHARS, MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS,
    MAX_SHEET_TEXT_BYTES, MAX_XLSX_MEMBERS, MAX_XLSX_UNPACKED_BYTES,
};

use chrono::NaiveDate;
use claim_core::money::MAX_WON;
use claim_core::Lang;

/// A limit as the owner reads it: `1000000` → `1,000,000`.
fn count(limit: impl TryInto<i64>) -> String {
    limit
        .try_into()
        .map_or_else(|_| "?".to_owned(), claim_core::money::group_thousands)
}
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The largest sales file read (a year of card transactions is a few MB).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

/// Why a whole file cannot be read. (Serde: it crosses back from the
/// worker process that reads a sales file.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportError {
    Empty,
    TooLarge {
        megabytes: u64,
    },
    /// Not UTF-8 and not CP949 text, and not a spreadsheet.
    NotText,
    /// A zip calamine cannot open: damaged or cut short.
    Damaged,
    /// Excel 97-2003's binary XLS, which is not read (see `table`).
    OldExcel,
    /// An XLSX whose members inflate past what a sales file holds.
    WorkbookTooLarge,
    /// A CSV record the reader could not split (an unclosed quote).
    Malformed {
        row: usize,
    },
    /// No row names a date column and an amount column.
    ColumnsNotFound {
        headers: Vec<String>,
    },
    /// A column the owner named is not in the header row.
    ColumnUnknown {
        name: String,
    },
    /// A header, but no row under it.
    NoRows,
    /// A sheet reaching past what a sales file holds (a cell at XFD1048576,
    /// a cell of megabytes): refused before it is laid out in memory.
    SheetTooLarge,
}

impl ImportError {
    /// (Not a [`claim_core::Failure`] by itself: its message names the
    /// file, which the caller knows.)
    pub fn code(&self) -> claim_core::FailureCode {
        use claim_core::FailureCode;
        match self {
            ImportError::Empty => FailureCode::ImportEmpty,
            ImportError::TooLarge { .. } => FailureCode::ImportTooLarge,
            ImportError::NotText => FailureCode::ImportEncoding,
            ImportError::Damaged => FailureCode::ImportDamaged,
            ImportError::Malformed { .. } => FailureCode::ImportMalformed,
            ImportError::ColumnsNotFound { .. } => FailureCode::ImportColumns,
            ImportError::ColumnUnknown { .. } => FailureCode::ImportColumnUnknown,
            ImportError::NoRows => FailureCode::ImportNoRows,
            ImportError::SheetTooLarge | ImportError::WorkbookTooLarge => {
                FailureCode::ImportTooLarge
            }
            ImportError::OldExcel => FailureCode::ImportOldExcel,
        }
    }

    /// The owner's sentence, naming `file` (its name only); limits are
    /// written as the owner reads numbers (`1,000,000`).
    pub fn message(&self, file: &str, lang: Lang) -> String {
        match (self, lang) {
            (ImportError::SheetTooLarge, Lang::Ko) => format!(
                "{file}: 시트가 매출 파일로는 너무 넓거나 깁니다({} 행, {} 열, 칸 {}개, 한 칸 {}자, 글자 모두 {} MB까지 읽습니다). 매출이 있는 부분만 새 시트에 복사해 저장해 주세요.",
                count(table::MAX_SHEET_ROWS), table::MAX_SHEET_COLUMNS, count(table::MAX_SHEET_CELLS), count(table::MAX_CELL_CHARS), table::MAX_SHEET_TEXT_BYTES / (1024 * 1024)
            ),
            (ImportError::SheetTooLarge, Lang::En) => format!(
                "{file}: the sheet is too wide or long for a sales file (up to {} rows, {} columns, {} cells, {} characters a cell and {} MB of text in all are read). Copy the part with the sales to a new sheet and save it.",
                count(table::MAX_SHEET_ROWS), table::MAX_SHEET_COLUMNS, count(table::MAX_SHEET_CELLS), count(table::MAX_CELL_CHARS), table::MAX_SHEET_TEXT_BYTES / (1024 * 1024)
            ),
            (ImportError::WorkbookTooLarge, Lang::Ko) => format!(
                "{file}: 엑셀 파일 안의 내용이 매출 파일로는 너무 많습니다(풀었을 때 {} MB, 칸 {}개까지 읽습니다). 매출이 있는 시트만 새 파일로 저장하거나 CSV로 저장해 주세요.",
                table::MAX_XLSX_UNPACKED_BYTES / (1024 * 1024), count(table::MAX_SHEET_CELLS)
            ),
            (ImportError::WorkbookTooLarge, Lang::En) => format!(
                "{file}: the workbook holds too much for a sales file (up to {} MB unpacked and {} cells are read). Save just the sheet with the sales as a new file, or as CSV.",
                table::MAX_XLSX_UNPACKED_BYTES / (1024 * 1024), count(table::MAX_SHEET_CELLS)
            ),
            (ImportError::OldExcel, Lang::Ko) => format!(
                "{file}: 예전 엑셀 형식(.xls)은 읽지 않습니다. 엑셀에서 파일을 열고 '다른 이름으로 저장'에서 'Excel 통합 문서(*.xlsx)'나 'CSV UTF-8'을 골라 저장한 뒤 그 파일을 골라 주세요."
            ),
            (ImportError::OldExcel, Lang::En) => format!(
                "{file}: the old Excel format (.xls) is not read. Open the file in Excel, choose Save As, pick 'Excel Workbook (*.xlsx)' or 'CSV UTF-8', and choose the saved file."
            ),
            (ImportError::Empty, Lang::Ko) => format!("{file}: 파일이 비어 있습니다."),
            (ImportError::Empty, Lang::En) => format!("{file}: the file is empty."),
            (ImportError::TooLarge { megabytes }, Lang::Ko) => format!(
                "{file}: 파일이 너무 큽니다({megabytes} MB). 매출 파일은 {} MB까지 읽습니다.",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            (ImportError::TooLarge { megabytes }, Lang::En) => format!(
                "{file}: the file is too large ({megabytes} MB); sales files of up to {} MB are read.",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            (ImportError::NotText, Lang::Ko) => format!(
                "{file}: CSV 파일의 글자를 읽을 수 없습니다. UTF-8 또는 CP949(엑셀 기본)로 저장된 CSV나 XLSX 파일을 골라 주세요."
            ),
            (ImportError::NotText, Lang::En) => format!(
                "{file}: the text of this CSV cannot be read. Choose a CSV saved as UTF-8 or CP949 (Excel's default), or an XLSX file."
            ),
            (ImportError::Damaged, Lang::Ko) => format!(
                "{file}: 엑셀 파일이 손상되었거나 끝까지 저장되지 않았습니다. 엑셀에서 다시 저장해 주세요."
            ),
            (ImportError::Damaged, Lang::En) => format!(
                "{file}: the spreadsheet is damaged or was not saved completely. Save it again from Excel."
            ),
            (ImportError::Malformed { row }, Lang::Ko) => format!(
                "{file}: {row}행에서 따옴표(\")가 닫히지 않아 CSV를 나눌 수 없습니다."
            ),
            (ImportError::Malformed { row }, Lang::En) => format!(
                "{file}: row {row} has a quote (\") that is never closed, so the CSV cannot be split."
            ),
            (ImportError::ColumnsNotFound { headers }, Lang::Ko) => format!(
                "{file}: 날짜 열과 금액 열을 찾지 못했습니다(첫 줄의 열 {}). 어느 열이 날짜와 금액인지 골라 주세요.",
                headers_list(headers)
            ),
            (ImportError::ColumnsNotFound { headers }, Lang::En) => format!(
                "{file}: no date and amount columns were found (the first row's columns {}). Choose which columns hold the date and the amount.",
                headers_list(headers)
            ),
            (ImportError::ColumnUnknown { name }, Lang::Ko) => {
                format!("{file}: '{name}' 열이 없습니다. 첫 줄의 열 이름이나 열 문자(A, B, …)로 골라 주세요.")
            }
            // (The name is what the owner typed, not the file's text.)
            (ImportError::ColumnUnknown { name }, Lang::En) => format!(
                "{file}: there is no column '{name}'. Name a column by its heading or its letter (A, B, …)."
            ),
            (ImportError::NoRows, Lang::Ko) => format!("{file}: 머리글 아래에 매출 줄이 없습니다."),
            (ImportError::NoRows, Lang::En) => format!("{file}: there are no sales rows under the header."),
        }
    }
}

/// The first row's columns by letter (`A–F`), to help the owner pick: never
/// a cell's text, which may be a customer's name when the file has no
/// heading row (the window shows the headings on the owner's own screen).
fn headers_list(headers: &[String]) -> String {
    let letter = |index: usize| {
        let mut index = index + 1;
        let mut name = String::new();
        while index > 0 {
            let rest = (index - 1) % 26;
            name.insert(0, char::from(b'A' + u8::try_from(rest).unwrap_or(0)));
            index = (index - 1) / 26;
        }
        name
    };
    match headers.len() {
        0 => "-".to_owned(),
        1 => letter(0),
        n => format!("{}–{}", letter(0), letter(n - 1)),
    }
}

/// Why one row was not counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    DateMissing,
    DateFormat,
    /// Day or month first (`15.10.2022`): ambiguous, never guessed.
    DateOrder,
    DateNotReal,
    /// A plain number in the date column (an Excel date without its format).
    DateNumber,
    /// What follows the date is not one time of day (`24:30`, `오후 11:70`,
    /// a range, more text).
    TimeFormat,
    AmountMissing,
    AmountFormat,
    AmountFraction,
    /// `1.234.000`: dots between thousands.
    AmountDotGrouping,
    /// `12,5`: a decimal comma, or commas in the wrong places.
    AmountCommas,
    AmountTooLarge,
    /// The day's rows add up to less than zero (more cancelled than sold).
    DayNegative,
    /// The day's rows add up to more than 1,000억원.
    DayTooLarge,
}

impl Reason {
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Reason::DateMissing, Lang::Ko) => "날짜가 비어 있습니다",
            (Reason::DateMissing, Lang::En) => "the date is empty",
            (Reason::DateFormat, Lang::Ko) => {
                "날짜를 읽을 수 없습니다 (2022-10-15처럼 연-월-일로 적어 주세요)"
            }
            (Reason::DateFormat, Lang::En) => {
                "the date cannot be read (write it year first, like 2022-10-15)"
            }
            (Reason::DateOrder, Lang::Ko) => {
                "날짜가 연-월-일 순서가 아닙니다 (15.10.2022 대신 2022-10-15)"
            }
            (Reason::DateOrder, Lang::En) => {
                "the date is not year first (write 2022-10-15, not 15.10.2022)"
            }
            (Reason::DateNotReal, Lang::Ko) => "달력에 없는 날짜입니다",
            (Reason::DateNotReal, Lang::En) => "the date does not exist",
            (Reason::DateNumber, Lang::Ko) => {
                "날짜 칸에 숫자만 있습니다 (엑셀에서 날짜 형식으로 바꿔 주세요)"
            }
            (Reason::DateNumber, Lang::En) => {
                "the date cell holds a plain number (format it as a date in Excel)"
            }
            (Reason::TimeFormat, Lang::Ko) => {
                "날짜 뒤의 시각을 읽을 수 없습니다 (18:20이나 오후 6:20처럼 시각 하나만 적어 주세요)"
            }
            (Reason::TimeFormat, Lang::En) => {
                "the time after the date cannot be read (write one time, like 18:20 or 오후 6:20)"
            }
            (Reason::AmountMissing, Lang::Ko) => "금액이 비어 있습니다",
            (Reason::AmountMissing, Lang::En) => "the amount is empty",
            (Reason::AmountFormat, Lang::Ko) => "금액을 읽을 수 없습니다 (예: 410,000 또는 41만)",
            (Reason::AmountFormat, Lang::En) => "the amount cannot be read (e.g. 410,000 or 41만)",
            (Reason::AmountFraction, Lang::Ko) => "금액이 원 단위 정수가 아닙니다",
            (Reason::AmountFraction, Lang::En) => "the amount is not whole won",
            (Reason::AmountDotGrouping, Lang::Ko) => {
                "금액에 점(.)으로 자리를 나눴습니다 (1.234.000 대신 1,234,000)"
            }
            (Reason::AmountDotGrouping, Lang::En) => {
                "the amount groups thousands with dots (write 1,234,000, not 1.234.000)"
            }
            (Reason::AmountCommas, Lang::Ko) => {
                "금액의 쉼표 위치가 맞지 않습니다 (세 자리마다 쉼표, 소수점 쉼표는 안 됩니다)"
            }
            (Reason::AmountCommas, Lang::En) => {
                "the amount's commas are misplaced (one every three digits; no decimal comma)"
            }
            (Reason::AmountTooLarge, Lang::Ko) => "금액이 너무 큽니다 (1,000억 원 넘음)",
            (Reason::AmountTooLarge, Lang::En) => {
                "the amount is too large (over 100,000,000,000 won)"
            }
            (Reason::DayNegative, Lang::Ko) => {
                "이 날은 취소가 매출보다 많아 합계가 0원보다 적습니다"
            }
            (Reason::DayNegative, Lang::En) => {
                "this day's cancellations exceed its sales: the total is below zero"
            }
            (Reason::DayTooLarge, Lang::Ko) => "이 날의 합계가 너무 큽니다 (1,000억 원 넘음)",
            (Reason::DayTooLarge, Lang::En) => {
                "this day's total is too large (over 100,000,000,000 won)"
            }
        }
    }
}

/// One day's total, ready for `daily_sales`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotal {
    pub date: NaiveDate,
    pub amount: i64,
}

/// A row that was not counted (for a day total: the day's first row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub row: usize,
    pub reason: Reason,
}

/// What a sales file gives: day totals in date order, the rows that could
/// not be read, and which columns were used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SalesImport {
    pub days: Vec<DayTotal>,
    pub rejected: Vec<Rejected>,
    pub columns: Columns,
    /// Rows read under the header (blank rows not counted).
    pub rows: usize,
}

/// Reads a sales file (`bytes`) into day totals. `choice` names the columns
/// when the owner picked them; else they are found from the header.
pub fn read_sales(bytes: &[u8], choice: Option<&ColumnChoice>) -> Result<SalesImport, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        let megabytes = u64::try_from(bytes.len())
            .unwrap_or(u64::MAX)
            .div_ceil(1024 * 1024);
        return Err(ImportError::TooLarge { megabytes });
    }
    let rows = table::read_rows(bytes)?;
    let (first_data_row, columns) = columns::find(&rows, choice)?;
    let mut sums: BTreeMap<NaiveDate, (i64, usize, bool)> = BTreeMap::new();
    let mut rejected = Vec::new();
    let mut counted = 0;
    for row in rows.iter().skip(first_data_row) {
        let cell = |index: usize| row.cells.get(index).unwrap_or(&Cell::Empty);
        let date_cell = cell(columns.date);
        let amount_cell = cell(columns.amount);
        if row.cells.iter().all(Cell::is_empty) {
            continue; // a blank line
        }
        counted += 1;
        let date = match values::date(date_cell) {
            Ok(date) => date,
            Err(reason) => {
                rejected.push(Rejected {
                    row: row.number,
                    reason,
                });
                continue;
            }
        };
        let amount = match values::amount(amount_cell) {
            Ok(amount) => amount,
            Err(reason) => {
                rejected.push(Rejected {
                    row: row.number,
                    reason,
                });
                continue;
            }
        };
        let cancelled = columns
            .cancel
            .is_some_and(|index| columns::is_cancellation(cell(index)));
        // A cancellation subtracts, whether or not its amount is already negative.
        let signed = if cancelled { -amount.abs() } else { amount };
        let entry = sums.entry(date).or_insert((0, row.number, false));
        match entry.0.checked_add(signed) {
            Some(total) => entry.0 = total,
            None => entry.2 = true,
        }
    }
    if counted == 0 {
        return Err(ImportError::NoRows);
    }
    let mut days = Vec::new();
    for (date, (total, first_row, overflowed)) in sums {
        if overflowed || total > MAX_WON {
            rejected.push(Rejected {
                row: first_row,
                reason: Reason::DayTooLarge,
            });
        } else if total < 0 {
            rejected.push(Rejected {
                row: first_row,
                reason: Reason::DayNegative,
            });
        } else {
            days.push(DayTotal {
                date,
                amount: total,
            });
        }
    }
    rejected.sort_by_key(|r| r.row);
    Ok(SalesImport {
        days,
        rejected,
        columns,
        rows: counted,
    })
}

/// An amount written as text (typed, pasted or in a file), in whole won,
/// or why it is not one.
pub fn amount_of_text(text: &str) -> Result<i64, Reason> {
    values::amount(&table::Cell::Text(text.to_owned()))
}

/// A date written as text (year first), or why it is not one.
pub fn date_of_text(text: &str) -> Result<NaiveDate, Reason> {
    values::date(&table::Cell::Text(text.to_owned()))
}

/// What goes into one date of `daily_sales`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayValue {
    /// A whole-won amount.
    Amount(i64),
    /// The cell was empty: the date's rows go.
    Clear,
    /// Text that does not read as an amount, kept as typed so the rules
    /// engine reports it at the day's field.
    AsTyped(String),
}

/// What one sales cell typed or pasted puts into its date: empty (or only
/// spaces) clears the day, an amount in any notation the readers know is
/// that amount, and other text is kept as typed for the rules to report at
/// the day (rather than vanishing).
pub fn day_value_of_text(cell: &str) -> DayValue {
    let cell = cell.trim();
    if cell.is_empty() {
        return DayValue::Clear;
    }
    match amount_of_text(cell) {
        Ok(won) => DayValue::Amount(won),
        Err(_) => DayValue::AsTyped(cell.to_owned()),
    }
}

/// Puts `values` into the document's `daily_sales`, the one rule for a
/// sales file, a paste and the command line: a date put in replaces every
/// row of that date (or, cleared, removes them); other dates stay as they
/// are. Dated rows come out in date order, each date's first; a repeated
/// date not put in and a row without a date stay after them as entered,
/// for the rules to report and the owner to fix. Returns how many dates
/// had no row before.
pub fn put_daily_sales(
    document: &mut serde_json::Map<String, serde_json::Value>,
    values: &[(NaiveDate, DayValue)],
) -> usize {
    let put: std::collections::BTreeSet<String> =
        values.iter().map(|(date, _)| date.to_string()).collect();
    let mut rows: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    let mut kept_as_entered = Vec::new();
    let mut before = std::collections::BTreeSet::new();
    if let Some(existing) = document
        .get("daily_sales")
        .and_then(serde_json::Value::as_array)
    {
        for row in existing {
            match row.get("date").and_then(serde_json::Value::as_str) {
                Some(date) if put.contains(date) => {
                    before.insert(date.to_owned());
                }
                // The first row of a date wins, as in the rules (§4).
                Some(date) if !rows.contains_key(date) => {
                    rows.insert(date.to_owned(), row.clone());
                }
                _ => kept_as_entered.push(row.clone()),
            }
        }
    }
    let mut added = 0;
    for (date, value) in values {
        let date = date.to_string();
        let amount = match value {
            DayValue::Amount(won) => serde_json::Value::from(*won),
            DayValue::AsTyped(text) => serde_json::Value::String(text.clone()),
            DayValue::Clear => {
                rows.remove(&date);
                continue;
            }
        };
        if !before.contains(&date) && !rows.contains_key(&date) {
            added += 1;
        }
        rows.insert(
            date.clone(),
            serde_json::json!({"date": date, "amount": amount}),
        );
    }
    let mut merged: Vec<serde_json::Value> = rows.into_values().collect();
    merged.extend(kept_as_entered);
    document.insert("daily_sales".into(), serde_json::Value::Array(merged));
    added
}

/// A sales file's day totals put in by [`put_daily_sales`]'s rule.
pub fn merge_daily_sales(
    document: &mut serde_json::Map<String, serde_json::Value>,
    days: &[DayTotal],
) -> usize {
    let values: Vec<(NaiveDate, DayValue)> = days
        .iter()
        .map(|day| (day.date, DayValue::Amount(day.amount)))
        .collect();
    put_daily_sales(document, &values)
}
