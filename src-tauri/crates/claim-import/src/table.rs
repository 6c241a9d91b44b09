//! A sales file as rows of cells, each row with the number a spreadsheet
//! shows for it (from 1). CSV is decoded from UTF-8 (with or without BOM) or
//! CP949/EUC-KR (what Korean Excel writes); XLSX through calamine, after its
//! zip is measured. The old binary XLS is refused: calamine lays each of its
//! sheets out whole at opening, sized by numbers in the file itself.

use crate::ImportError;
use calamine::{Data, Reader};

/// One cell as read: text, or what a spreadsheet typed it as.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A whole number (XLSX integer, or a float with no fraction).
    Integer(i64),
    /// A number with a fraction (only XLSX gives these).
    Fraction(f64),
    /// A date cell (XLSX date format).
    Date(chrono::NaiveDate),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a header would read.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_owned(),
            Cell::Integer(n) => n.to_string(),
            Cell::Fraction(f) => f.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct Row {
    /// As a spreadsheet numbers it: the first row is 1.
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// An OLE compound file: Excel 97-2003's XLS (or a Word or HWP document).
fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

pub fn read_rows(bytes: &[u8]) -> Result<Vec<Row>, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx_rows(bytes)
    } else if is_compound_file(bytes) {
        // Its DIMENSIONS record alone can ask calamine to reserve 4 billion
        // cells, and a shared string is copied into every cell naming it.
        // Excel saves the same sheet as XLSX or CSV in two clicks.
        Err(ImportError::OldExcel)
    } else {
        csv_rows(bytes)
    }
}

/// What a BOM names; else UTF-16 told by its zero bytes, UTF-8, or CP949
/// (Korean Excel's "CSV"). Text with control characters is not a CSV (a
/// binary file).
fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    let text = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        // A BOM says it: UTF-8, or UTF-16 (Excel's "Unicode text", tab-separated).
        decode_strictly(encoding, &bytes[bom..])?
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        decode_strictly(encoding, bytes)?
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_owned()
    } else {
        // WHATWG's EUC-KR is Windows-949 (CP949), a superset of EUC-KR.
        decode_strictly(encoding_rs::EUC_KR, bytes)?
    };
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(ImportError::NotText);
    }
    Ok(text)
}

/// `bytes` as `encoding`, or not text at all if any of them is not.
fn decode_strictly(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
) -> Result<String, ImportError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ImportError::NotText);
    }
    Ok(text.into_owned())
}

/// UTF-16 saved without a byte-order mark, told by its zero bytes: a sales
/// file is mostly digits, commas and line breaks, whose high byte is zero,
/// while UTF-8 and CP949 text has no zero byte at all.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zeros_at = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // At least a quarter of the characters ASCII, and nearly every zero on
    // one side (a Hangul syllable such as 가, U+AC00, has a zero low byte).
    let enough = (bytes.len() / 8).max(1);
    if odd >= enough && odd > even.saturating_mul(8) {
        Some(encoding_rs::UTF_16LE)
    } else if even >= enough && even > odd.saturating_mul(8) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The delimiter that splits the first lines most evenly: comma, tab or
/// semicolon.
fn delimiter(text: &str) -> u8 {
    // Any line break counts, a lone CR (old Mac files) included.
    let lines: Vec<&str> = text
        .split(['\r', '\n'])
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|&d| {
            let counts: Vec<usize> = lines
                .iter()
                .map(|l| l.bytes().filter(|&b| b == d).count())
                .collect();
            let first = counts.first().copied().unwrap_or(0);
            // Columns on every line, and as many on each as on the first.
            let even = counts.iter().all(|&c| c == first);
            (first > 0, even, first)
        })
        .unwrap_or(b',')
}

/// Where each row begins in CSV text, numbered as Excel numbers them: a
/// line break (CRLF, LF or a lone CR) ends a row unless it is inside a
/// quoted cell, and a blank line is a row of its own. The CSV reader's own
/// line count is not that: it counts the line breaks inside quoted cells,
/// and after a CRLF it reports the line before.
#[derive(Debug)]
struct RowStarts {
    /// Byte offsets into the text, one per row, in order; the first is 0.
    starts: Vec<usize>,
    /// The row of a quote that is opened and never closed: the CSV reader
    /// would take the rest of the file as one cell.
    unclosed_quote: Option<usize>,
}

impl RowStarts {
    /// Reads the cells' quoting as the CSV reader does: a quote opens a
    /// quoted cell only at the start of a cell, `""` inside one is a quote,
    /// and anything after the closing quote joins the cell.
    ///
    /// The sheet's limits are checked here, as the text is walked and
    /// before the CSV reader holds any of it: the reader keeps a whole
    /// record (every cell's end) in memory, so one endless row of commas
    /// would take 8 bytes a cell before a limit checked on its records
    /// could say no.
    fn scan(text: &str, delimiter: u8) -> Result<RowStarts, ImportError> {
        #[derive(Clone, Copy)]
        enum State {
            CellStart,
            Unquoted,
            Quoted {
                opened_at_row: usize,
            },
            /// A quote inside a quoted cell: the cell's end, or the first
            /// half of `""`.
            QuoteInQuoted {
                opened_at_row: usize,
            },
        }
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut state = State::CellStart;
        let mut index = 0;
        let mut sheet = SheetBudget::default();
        // The row's cells so far (the one being read included), and where
        // the cell being read began and how many characters it has.
        let mut columns = 1usize;
        let mut cell_start = 0usize;
        let mut cell_chars = 0usize;
        while let Some(&byte) = bytes.get(index) {
            index += 1;
            // One character per byte that begins one (the text is UTF-8).
            if byte & 0xC0 != 0x80 {
                cell_chars += 1;
            }
            state = match (state, byte) {
                (State::Quoted { opened_at_row }, b'"') => State::QuoteInQuoted { opened_at_row },
                (quoted @ State::Quoted { .. }, _) => quoted,
                (State::QuoteInQuoted { opened_at_row }, b'"') => State::Quoted { opened_at_row },
                (State::CellStart, b'"') => State::Quoted {
                    opened_at_row: starts.len(),
                },
                (_, b'\r' | b'\n') => {
                    sheet.cell(index - 1 - cell_start)?;
                    sheet.row(columns)?;
                    if byte == b'\r' && bytes.get(index) == Some(&b'\n') {
                        index += 1; // CRLF: one line break
                    }
                    starts.push(index);
                    columns = 1;
                    cell_start = index;
                    cell_chars = 0;
                    State::CellStart
                }
                (_, d) if d == delimiter => {
                    sheet.cell(index - 1 - cell_start)?;
                    columns += 1;
                    cell_start = index;
                    cell_chars = 0;
                    if u32::try_from(columns).map_or(true, |c| c > MAX_SHEET_COLUMNS) {
                        return Err(ImportError::SheetTooLarge);
                    }
                    State::CellStart
                }
                _ => State::Unquoted,
            };
            if cell_chars > MAX_CELL_CHARS {
                return Err(ImportError::SheetTooLarge);
            }
        }
        // A break at the very end starts no row; else the last row ends here.
        if starts.len() > 1 && starts.last() == Some(&bytes.len()) {
            starts.pop();
        } else {
            sheet.cell(bytes.len() - cell_start)?;
            sheet.row(columns)?;
        }
        let unclosed_quote = match state {
            State::Quoted { opened_at_row } => Some(opened_at_row),
            _ => None,
        };
        Ok(RowStarts {
            starts,
            unclosed_quote,
        })
    }

    /// The row (from 1) of the record the CSV reader says begins at byte
    /// `offset`. The reader may place a record's start on the line break
    /// before it, or before blank lines it skipped: those are stepped over
    /// to the record's first cell.
    fn row_at(&self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let mut first = offset;
        while matches!(bytes.get(first), Some(b'\r' | b'\n')) {
            first += 1;
        }
        self.starts.partition_point(|&start| start <= first).max(1)
    }
}

fn csv_rows(bytes: &[u8]) -> Result<Vec<Row>, ImportError> {
    let text = decode(bytes)?;
    let delimiter = delimiter(&text);
    let rows_at = RowStarts::scan(&text, delimiter)?;
    if let Some(row) = rows_at.unclosed_quote {
        return Err(ImportError::Malformed { row });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let number = |position: Option<&csv::Position>, fallback: usize| {
        position
            .and_then(|p| usize::try_from(p.byte()).ok())
            .map_or(fallback, |offset| rows_at.row_at(&text, offset))
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| ImportError::Malformed {
            row: number(error.position(), rows.len() + 1),
        })?;
        rows.push(Row {
            number: number(record.position(), rows.len() + 1),
            cells: record
                .iter()
                .map(|cell| {
                    if cell.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(cell.to_owned())
                    }
                })
                .collect(),
        });
    }
    Ok(rows)
}

/// The most rows, columns and characters a cell a sales sheet may have: a
/// year of days is 366 rows, a card terminal's export a few dozen columns.
pub const MAX_SHEET_ROWS: u32 = 100_000;
pub const MAX_SHEET_COLUMNS: u32 = 256;
pub const MAX_CELL_CHARS: usize = 10_000;
/// The most cells laid out, counting the empty ones before a cell in its row
/// (a year of days in a few dozen columns is far below it; 1,000,000 cells
/// are 32 MB).
pub const MAX_SHEET_CELLS: usize = 1_000_000;
/// The most an XLSX may hold once unpacked, every member counted as it
/// inflates (calamine reads the shared strings whole before any sheet).
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The most members an XLSX may have (Excel writes a dozen).
pub const MAX_XLSX_MEMBERS: usize = 1_000;

/// The most text the cells of a sheet may hold together, each cell counted
/// as it is laid out: an XLSX cell names a shared string, so a 10,000
/// character string named by a million cells would be 10 GB of cells from
/// a file of a few hundred kilobytes.
pub const MAX_SHEET_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// What a sheet has laid out so far, against the sheet limits: rows,
/// cells (the empty ones before a cell in its row counted) and text.
#[derive(Debug, Default)]
struct SheetBudget {
    rows: usize,
    cells: usize,
    text_bytes: usize,
}

impl SheetBudget {
    /// One more row of `columns` cells.
    fn row(&mut self, columns: usize) -> Result<(), ImportError> {
        self.rows += 1;
        self.cells = self.cells.saturating_add(columns);
        if u32::try_from(self.rows).map_or(true, |rows| rows > MAX_SHEET_ROWS)
            || self.cells > MAX_SHEET_CELLS
        {
            return Err(ImportError::SheetTooLarge);
        }
        Ok(())
    }

    /// One more cell of `text_bytes` bytes of text.
    fn cell(&mut self, text_bytes: usize) -> Result<(), ImportError> {
        self.text_bytes = self.text_bytes.saturating_add(text_bytes);
        if self.text_bytes > MAX_SHEET_TEXT_BYTES {
            return Err(ImportError::SheetTooLarge);
        }
        Ok(())
    }
}

/// Inflates every member of the zip into nothing, counting, before calamine
/// holds any of it: the sizes a zip declares are the sender's word.
fn measure_xlsx(bytes: &[u8]) -> Result<(), ImportError> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| ImportError::Damaged)?;
    if archive.len() > MAX_XLSX_MEMBERS {
        return Err(ImportError::WorkbookTooLarge);
    }
    let mut left = MAX_XLSX_UNPACKED_BYTES;
    for index in 0..archive.len() {
        let member = archive.by_index(index).map_err(|_| ImportError::Damaged)?;
        let inflated = std::io::copy(
            &mut std::io::Read::take(member, left.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(|_| ImportError::Damaged)?;
        left = left
            .checked_sub(inflated)
            .ok_or(ImportError::WorkbookTooLarge)?;
    }
    Ok(())
}

/// calamine on a stranger's file: a panic inside it (an index past a
/// record's end) is a damaged file, not the end of the app.
fn guarded<T>(read: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or(Err(ImportError::Damaged))
}

/// An XLSX sheet read cell by cell, never laid out as a whole range: two
/// cells at A1 and XFD1048576 make a range of 17 billion cells (calamine
/// asked for 549 GB), so each cell's place is checked as it comes.
fn xlsx_rows(bytes: &[u8]) -> Result<Vec<Row>, ImportError> {
    measure_xlsx(bytes)?;
    guarded(|| xlsx_cells(bytes))
}

fn xlsx_cells(bytes: &[u8]) -> Result<Vec<Row>, ImportError> {
    let mut workbook: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| ImportError::Damaged)?;
    let first = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ImportError::Empty)?;
    let mut reader = workbook
        .worksheet_cells_reader(&first)
        .map_err(|_| ImportError::Damaged)?;
    let mut by_row: std::collections::BTreeMap<u32, Vec<Cell>> = std::collections::BTreeMap::new();
    let mut laid_out = 0usize;
    let mut text_budget = SheetBudget::default();
    while let Some(found) = reader.next_cell().map_err(|_| ImportError::Damaged)? {
        let (row, column) = found.get_position();
        if row >= MAX_SHEET_ROWS || column >= MAX_SHEET_COLUMNS {
            return Err(ImportError::SheetTooLarge);
        }
        // A shared string is measured before it is copied into the cell:
        // its text counts once for every cell that names it.
        let text = match found.get_value() {
            calamine::DataRef::SharedString(text) => Some(*text),
            calamine::DataRef::String(text)
            | calamine::DataRef::DateTimeIso(text)
            | calamine::DataRef::DurationIso(text) => Some(text.as_str()),
            _ => None,
        };
        if let Some(text) = text {
            text_budget.cell(text.len())?;
            if text.chars().count() > MAX_CELL_CHARS {
                return Err(ImportError::SheetTooLarge);
            }
        }
        let data = Data::from(found.get_value().clone());
        let cells = by_row.entry(row).or_default();
        let at = usize::try_from(column).map_err(|_| ImportError::SheetTooLarge)?;
        if cells.len() <= at {
            laid_out += at + 1 - cells.len();
            if laid_out > MAX_SHEET_CELLS {
                return Err(ImportError::SheetTooLarge);
            }
            cells.resize(at + 1, Cell::Empty);
        }
        cells[at] = cell(&data);
    }
    Ok(by_row
        .into_iter()
        .map(|(row, cells)| Row {
            number: usize::try_from(row).unwrap_or(0) + 1,
            cells,
        })
        .collect())
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            Cell::Text(text.clone())
        }
        Data::Bool(flag) => Cell::Text(flag.to_string()),
        Data::Int(n) => Cell::Integer(*n),
        Data::Float(f) => whole(*f).map_or(Cell::Fraction(*f), Cell::Integer),
        Data::DateTime(when) => match when.as_datetime() {
            Some(moment) if when.is_datetime() => Cell::Date(moment.date()),
            _ => whole(when.as_f64()).map_or(Cell::Fraction(when.as_f64()), Cell::Integer),
        },
    }
}

/// `f` as an integer when it has no fraction and fits.
fn whole(f: f64) -> Option<i64> {
    // 2^53: beyond it a float no longer holds every integer.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if f.is_finite() && f.fract() == 0.0 && f.abs() < EXACT {
        // Safe: whole and within ±2^53.
        #[allow(clippy::cast_possible_truncation)]
        Some(f as i64)
    } else {
        None
    }
}
