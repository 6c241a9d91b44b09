//! Sales files as shops have them: CSV in UTF-8 or CP949, XLSX with title
//! lines and date cells, transaction rows with cancellations; and every kind
//! of bad file, each with its own message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use claim_core::Lang;
use claim_import::{read_sales, ColumnChoice, ImportError, Reason, Rejected};
use proptest::prelude::*;

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../../tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn totals(import: &claim_import::SalesImport) -> Vec<(String, i64)> {
    import
        .days
        .iter()
        .map(|d| (d.date.to_string(), d.amount))
        .collect()
}

/// An XLSX as Excel saves one: a title line, a blank line, the header on
/// row 3, real date cells, numbers and a text amount, one bad row.
fn pos_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_string(0, 0, "행복케이크 POS 일별 매출")
        .unwrap();
    sheet.write_string(2, 0, "매출일자").unwrap();
    sheet.write_string(2, 1, "객수").unwrap();
    sheet.write_string(2, 2, "매출액").unwrap();
    let rows: [(u16, u8, f64); 3] = [
        (2022, 15, 410_000.0),
        (2022, 16, 380_000.0),
        (2022, 17, 300_000.0),
    ];
    for (i, (year, day, amount)) in rows.iter().enumerate() {
        let row = 3 + u32::try_from(i).unwrap();
        let when = ExcelDateTime::from_ymd(*year, 10, *day).unwrap();
        sheet
            .write_datetime_with_format(row, 0, &when, &date_format)
            .unwrap();
        sheet.write_number(row, 1, 40.0).unwrap();
        sheet.write_number(row, 2, *amount).unwrap();
    }
    sheet.write_string(6, 0, "2022.10.18").unwrap();
    sheet.write_string(6, 2, "390,000원").unwrap();
    sheet.write_string(7, 0, "합계").unwrap();
    sheet.write_number(7, 2, 1_480_000.5).unwrap();
    workbook.save_to_buffer().unwrap()
}

#[test]
fn the_committed_csv_fixtures_read_in_utf8_and_cp949() {
    for file in ["evidence/daily-sales.csv", "evidence/daily-sales-cp949.csv"] {
        let import = read_sales(&fixture(file), None).unwrap();
        assert_eq!(import.columns.date_heading, "일자", "{file}");
        assert_eq!(import.columns.amount_heading, "매출액", "{file}");
        assert_eq!(import.days[0].date, day("2022-10-15"), "{file}");
        assert_eq!(import.days[0].amount, 410_000, "{file}");
        assert!(import.rejected.is_empty(), "{file}");
    }
}

#[test]
fn card_transactions_are_summed_per_day_and_cancellations_subtracted() {
    let text = "\u{feff}거래일시,카드사,승인금액,구분\n\
                2022-10-15 11:02:10,신한,\"45,000\",승인\n\
                2022-10-15 12:40:00,국민,\"12,000\",승인\n\
                2022-10-15 13:05:31,국민,\"12,000\",승인취소\n\
                2022-10-16 09:00:00,BC,\"-3,000\",승인\n\
                2022-10-16 09:10:00,BC,\"33,000\",승인\n\
                \n\
                2022-10-14 20:00:00,신한,\"8,000\",승인\n";
    let import = read_sales(text.as_bytes(), None).unwrap();
    assert_eq!(
        totals(&import),
        [
            ("2022-10-14".to_owned(), 8_000),
            ("2022-10-15".to_owned(), 45_000),
            ("2022-10-16".to_owned(), 30_000)
        ]
    );
    assert_eq!(import.columns.cancel, Some(3));
    assert_eq!(import.rows, 6);
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let text = "일자\t매출액\r\n2022-10-15\t410000\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(read_sales(&bytes, None).unwrap().days[0].amount, 410_000);
}

#[test]
fn cp949_with_semicolons_or_tabs_is_read() {
    let (cp949, _, unmappable) =
        encoding_rs::EUC_KR.encode("날짜;결제금액\n2022/10/15;410000\n2022/10/16;380,000원\n");
    assert!(!unmappable);
    let import = read_sales(&cp949, None).unwrap();
    assert_eq!(totals(&import)[1], ("2022-10-16".to_owned(), 380_000));
    assert!(import.rejected.is_empty());
    let tabs = "날짜\t합계\n20221015\t410000\n";
    assert_eq!(
        read_sales(tabs.as_bytes(), None).unwrap().days[0].amount,
        410_000
    );
}

#[test]
fn an_xlsx_with_a_title_line_date_cells_and_a_bad_row() {
    let import = read_sales(&pos_workbook(), None).unwrap();
    assert_eq!(import.columns.header_row, Some(3));
    assert_eq!(
        totals(&import),
        [
            ("2022-10-15".to_owned(), 410_000),
            ("2022-10-16".to_owned(), 380_000),
            ("2022-10-17".to_owned(), 300_000),
            ("2022-10-18".to_owned(), 390_000)
        ]
    );
    // The total line: row 8 as Excel numbers it (its date is not a date).
    assert_eq!(
        import.rejected,
        [Rejected {
            row: 8,
            reason: Reason::DateFormat
        }]
    );
}

#[test]
fn mixed_date_formats_and_foreign_amounts_are_rejected_by_row() {
    let text = "일자,매출액\n\
                2022-10-15,410000\n\
                2022.10.16,380000\n\
                16/10/2022,1000\n\
                10-17-22,1000\n\
                2022-10-18,1.234.000\n\
                2022-10-19,\"12,5\"\n\
                2022-10-20,12.5\n\
                2022-02-30,1000\n\
                ,1000\n\
                2022-10-21,\n";
    let import = read_sales(text.as_bytes(), None).unwrap();
    assert_eq!(totals(&import).len(), 2);
    let rejected: Vec<(usize, Reason)> =
        import.rejected.iter().map(|r| (r.row, r.reason)).collect();
    assert_eq!(
        rejected,
        [
            (4, Reason::DateOrder),
            (5, Reason::DateFormat),
            (6, Reason::AmountDotGrouping),
            (7, Reason::AmountCommas),
            (8, Reason::AmountFraction),
            (9, Reason::DateNotReal),
            (10, Reason::DateMissing),
            (11, Reason::AmountMissing),
        ]
    );
    // The messages say what to do and repeat nothing from the cells.
    for reason in rejected.iter().map(|(_, reason)| reason) {
        let message = reason.message(Lang::Ko);
        assert!(!message.contains("2022-10-18,"), "{message}");
    }
    assert!(Reason::AmountDotGrouping
        .message(Lang::Ko)
        .contains("1,234,000"));
}

#[test]
fn a_day_with_more_cancelled_than_sold_is_rejected_at_its_first_row() {
    let text = "일자,금액\n2022-10-15,1000\n2022-10-16,500\n2022-10-16,-900\n";
    let import = read_sales(text.as_bytes(), None).unwrap();
    assert_eq!(totals(&import), [("2022-10-15".to_owned(), 1000)]);
    assert_eq!(
        import.rejected,
        [Rejected {
            row: 3,
            reason: Reason::DayNegative
        }]
    );
}

#[test]
fn whole_files_that_cannot_be_read_get_their_own_message() {
    let message = |bytes: &[u8]| {
        let error = read_sales(bytes, None).unwrap_err();
        (error.code(), error.message("매출.csv", Lang::Ko))
    };
    let (code, text) = message(b"");
    assert_eq!(code, "E_IMPORT_EMPTY");
    assert!(text.starts_with("매출.csv: "), "{text}");
    assert_eq!(message(b" \n\r\n ").0, "E_IMPORT_EMPTY");
    let (code, text) = message("이름,전화\n김민지,010\n".as_bytes());
    assert_eq!(code, "E_IMPORT_COLUMNS");
    assert!(text.contains("A–B") && !text.contains("전화"), "{text}");
    // A first row of data (no header) is not repeated: it may hold a phone.
    let (_, text) = message("김민지,010-2222-3333\n".as_bytes());
    assert!(
        !text.contains("010-2222-3333") && !text.contains("김민지"),
        "{text}"
    );
    assert_eq!(message("일자,매출액\n".as_bytes()).0, "E_IMPORT_NO_ROWS");
    assert_eq!(
        message(b"\x00\x01\x80\x81\xfe\xff\x02").0,
        "E_IMPORT_ENCODING"
    );
    assert_eq!(message(b"\"2022-10-15,1000\n").0, "E_IMPORT_MALFORMED");
    // A workbook cut short, as from a failed copy.
    let workbook = pos_workbook();
    let (code, text) = message(&workbook[..workbook.len() / 2]);
    assert_eq!(code, "E_IMPORT_DAMAGED");
    assert!(text.contains("손상"), "{text}");
    // A zip that is not a workbook.
    assert_eq!(
        message(&fixture("evidence/not-a-spreadsheet.zip")).0,
        "E_IMPORT_DAMAGED"
    );
    let big = vec![b'a'; claim_import::MAX_FILE_BYTES + 1];
    assert_eq!(
        read_sales(&big, None).unwrap_err(),
        ImportError::TooLarge { megabytes: 51 }
    );
}

#[test]
fn the_owner_names_the_columns_when_they_are_not_found() {
    let text = "when,how much,memo\n2022-10-15,\"410,000\",x\n";
    let by_heading = ColumnChoice {
        date: "when".into(),
        amount: "how much".into(),
    };
    assert_eq!(
        read_sales(text.as_bytes(), Some(&by_heading)).unwrap().days[0].amount,
        410_000
    );
    let by_letter = ColumnChoice {
        date: "A".into(),
        amount: "B".into(),
    };
    assert_eq!(
        read_sales(text.as_bytes(), Some(&by_letter)).unwrap().days[0].amount,
        410_000
    );
    let missing = ColumnChoice {
        date: "A".into(),
        amount: "금액".into(),
    };
    let error = read_sales(text.as_bytes(), Some(&missing)).unwrap_err();
    assert_eq!(error.code(), "E_IMPORT_COLUMN_UNKNOWN");
}

#[test]
fn imported_days_replace_the_same_dates_and_keep_the_rest() {
    let mut document: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(serde_json::json!({
            "daily_sales": [
                {"date": "2022-10-16", "amount": 1},
                {"date": "2022-10-08", "amount": 988800},
                {"date": "2022-10-08", "amount": 5},
                {"amount": 7}
            ]
        }))
        .unwrap();
    let import = read_sales(
        "일자,매출액\n2022-10-15,410000\n2022-10-16,380000\n".as_bytes(),
        None,
    )
    .unwrap();
    let added = claim_import::merge_daily_sales(&mut document, &import.days);
    assert_eq!(added, 1);
    assert_eq!(
        serde_json::Value::Array(document["daily_sales"].as_array().unwrap().clone()),
        serde_json::json!([
            {"date": "2022-10-08", "amount": 988800},
            {"date": "2022-10-15", "amount": 410000},
            {"date": "2022-10-16", "amount": 380000},
            {"date": "2022-10-08", "amount": 5},
            {"amount": 7}
        ])
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_sales(&bytes, None);
        let choice = ColumnChoice { date: "A".into(), amount: "B".into() };
        let _ = read_sales(&bytes, Some(&choice));
    }

    #[test]
    fn arbitrary_cells_under_a_header_never_panic_and_every_row_is_accounted_for(
        rows in proptest::collection::vec(("[0-9./ :-]{0,20}", "[0-9,.원₩()+-]{0,16}"), 1..40)
    ) {
        let mut text = String::from("일자,매출액\n");
        for (date, amount) in &rows {
            text.push_str(&format!("\"{date}\",\"{amount}\"\n"));
        }
        let import = read_sales(text.as_bytes(), None);
        let blank = |(date, amount): &(String, String)| date.trim().is_empty() && amount.trim().is_empty();
        // A header over blank rows only has no rows under it; any other
        // file here reads (every row has a cell).
        if rows.iter().all(blank) {
            prop_assert_eq!(import.err(), Some(claim_import::ImportError::NoRows));
            return Ok(());
        }
        prop_assert!(import.is_ok(), "{:?}", import.err());
        let import = import.unwrap();
        // Each row, numbered as the spreadsheet shows it (the header is 1),
        // is read by the same cell readers, or rejected: never both, never
        // neither.
        let mut rejected_rows = std::collections::BTreeMap::new();
        for rejected in &import.rejected {
            prop_assert!(
                rejected_rows.insert(rejected.row, rejected.reason).is_none(),
                "row {} rejected twice", rejected.row
            );
        }
        prop_assert_eq!(import.rows, rows.iter().filter(|row| !blank(row)).count());
        let mut sums: std::collections::BTreeMap<chrono::NaiveDate, (i64, usize)> = Default::default();
        for (index, row) in rows.iter().enumerate() {
            let number = index + 2;
            if blank(row) {
                prop_assert!(!rejected_rows.contains_key(&number));
                continue;
            }
            match (claim_import::date_of_text(&row.0), claim_import::amount_of_text(&row.1)) {
                (Ok(date), Ok(amount)) => {
                    let sum = sums.entry(date).or_insert((0, number));
                    sum.0 += amount;
                }
                _ => prop_assert!(rejected_rows.contains_key(&number), "row {number} {row:?} neither counted nor rejected"),
            }
        }
        // A day is its rows' sum, or its first row is rejected for the sum.
        for (date, (sum, first)) in &sums {
            match import.days.iter().find(|day| day.date == *date) {
                Some(day) => {
                    prop_assert_eq!(day.amount, *sum);
                    prop_assert!(day.amount >= 0);
                }
                None => prop_assert!(
                    matches!(rejected_rows.get(first), Some(Reason::DayNegative | Reason::DayTooLarge)),
                    "the day {date} of row {first} is missing: {:?}", rejected_rows.get(first)
                ),
            }
        }
        prop_assert_eq!(import.days.len() + rejected_rows.values().filter(|r| matches!(r, Reason::DayNegative | Reason::DayTooLarge)).count(), sums.len());
    }

    #[test]
    fn a_whole_amount_written_with_commas_reads_back(amount in 0i64..=100_000_000_000) {
        let digits = amount.to_string();
        let mut grouped = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        let text = format!("일자,매출액\n2022-10-15,\"{grouped}원\"\n");
        let import = read_sales(text.as_bytes(), None).unwrap();
        prop_assert_eq!(import.days[0].amount, amount);
    }
}

/// A sheet reaching past what a sales file holds is refused with the owner's
/// message, never laid out (cells at A1 and XFD1048576 once asked for 549 GB).
#[test]
fn a_sheet_too_wide_long_or_full_is_refused_before_it_is_laid_out() {
    use rust_xlsxwriter::Workbook;
    let sheet_with = |fill: &dyn Fn(&mut rust_xlsxwriter::Worksheet)| {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "일자").unwrap();
        sheet.write_string(0, 1, "매출액").unwrap();
        sheet.write_string(1, 0, "2022-10-15").unwrap();
        sheet.write_number(1, 1, 398_800.0).unwrap();
        fill(sheet);
        workbook.save_to_buffer().unwrap()
    };
    for (what, bytes) in [
        (
            "the last cell of a sheet",
            sheet_with(&|s| {
                s.write_string(1_048_575, 16_383, "x").unwrap();
            }),
        ),
        (
            "a column past AZ",
            sheet_with(&|s| {
                s.write_string(5, 300, "x").unwrap();
            }),
        ),
        (
            "a cell of 20,000 characters",
            sheet_with(&|s| {
                s.write_string(3, 2, "가".repeat(20_000)).unwrap();
            }),
        ),
    ] {
        let error = claim_import::read_sales(&bytes, None).unwrap_err();
        assert!(
            matches!(error, claim_import::ImportError::SheetTooLarge),
            "{what}: {error:?}"
        );
        assert_eq!(error.code().as_str(), "E_IMPORT_TOO_LARGE");
        assert!(error
            .message("매출.xlsx", claim_core::Lang::Ko)
            .contains("새 시트"));
    }
    // A row of 256 columns is within bounds, 5,000 of them lay out 1.28
    // million cells.
    let wide = sheet_with(&|s| {
        for row in 2..5_002 {
            s.write_string(row, 255, "x").unwrap();
        }
    });
    let error = claim_import::read_sales(&wide, None).unwrap_err();
    assert!(
        matches!(error, claim_import::ImportError::SheetTooLarge),
        "{error:?}"
    );
    // The limits read as the owner reads numbers.
    let said = error.message("매출.xlsx", claim_core::Lang::Ko);
    assert!(
        said.contains("100,000 행") && said.contains("칸 1,000,000개") && said.contains("10,000자"),
        "{said}"
    );
    let said = error.message("sales.xlsx", claim_core::Lang::En);
    assert!(said.contains("1,000,000 cells"), "{said}");
    // The same sheet without them reads.
    let fine = claim_import::read_sales(&sheet_with(&|_| {}), None).unwrap();
    assert_eq!(fine.days.len(), 1, "{fine:?}");
}

/// An XLSX's members are measured as they inflate, before calamine reads the
/// shared strings whole (a 768 MB shared string once took 2.4 GB).
#[test]
fn a_workbook_whose_members_inflate_past_the_limit_is_refused() {
    use std::io::{Read, Write};
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "일자").unwrap();
    sheet.write_string(0, 1, "매출액").unwrap();
    sheet.write_string(1, 0, "2022-10-15").unwrap();
    sheet.write_number(1, 1, 398_800.0).unwrap();
    let original = workbook.save_to_buffer().unwrap();
    // The same workbook with `padding` bytes of spaces inside its shared strings.
    let padded = |padding: usize| {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&original)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        for index in 0..archive.len() {
            let mut member = archive.by_index(index).unwrap();
            let name = member.name().unwrap().into_owned();
            let mut body = Vec::new();
            member.read_to_end(&mut body).unwrap();
            out.start_file(name.as_str(), options).unwrap();
            if name == "xl/sharedStrings.xml" {
                let text = String::from_utf8(body).unwrap();
                let (head, tail) = text.split_at(text.find("<si>").unwrap());
                out.write_all(head.as_bytes()).unwrap();
                let spaces = vec![b' '; 1024 * 1024];
                let mut left = padding;
                while left > 0 {
                    let now = left.min(spaces.len());
                    out.write_all(&spaces[..now]).unwrap();
                    left -= now;
                }
                out.write_all(tail.as_bytes()).unwrap();
            } else {
                out.write_all(&body).unwrap();
            }
        }
        out.finish().unwrap().into_inner()
    };
    let limit = usize::try_from(claim_import::MAX_XLSX_UNPACKED_BYTES).unwrap();
    let bomb = padded(limit);
    assert!(bomb.len() < 1024 * 1024, "{} bytes packed", bomb.len());
    let error = claim_import::read_sales(&bomb, None).unwrap_err();
    assert_eq!(error, claim_import::ImportError::WorkbookTooLarge);
    assert_eq!(error.code().as_str(), "E_IMPORT_TOO_LARGE");
    let said = error.message("매출.xlsx", claim_core::Lang::Ko);
    assert!(
        said.contains("CSV") && said.contains("칸 1,000,000개"),
        "{said}"
    );
    // A megabyte of padding is well within it, and the sales still read.
    let fine = claim_import::read_sales(&padded(1024 * 1024), None).unwrap();
    assert_eq!(fine.days.len(), 1, "{fine:?}");
}

/// Excel 97-2003's XLS is refused with the way to save it as XLSX or CSV,
/// whatever it holds: calamine reserves what its DIMENSIONS record says.
#[test]
fn an_old_binary_xls_is_refused_with_the_way_to_save_it_anew() {
    let mut compound = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    compound.resize(4096, 0);
    let error = claim_import::read_sales(&compound, None).unwrap_err();
    assert_eq!(error, claim_import::ImportError::OldExcel);
    assert_eq!(error.code().as_str(), "E_IMPORT_OLD_EXCEL");
    let ko = error.message("카드매출.xls", claim_core::Lang::Ko);
    assert!(ko.starts_with("카드매출.xls: "), "{ko}");
    assert!(
        ko.contains("Excel 통합 문서(*.xlsx)") && ko.contains("CSV"),
        "{ko}"
    );
}

/// A CSV is held to the sheet limits while its text is walked, before the
/// CSV reader keeps a record: rows, columns, cells, characters a cell and
/// text in all. Each shape is made just past its limit (refused) and just
/// within it (read, or refused for another reason than its size).
mod csv_sheet_limits {
    use claim_import::{
        ImportError, MAX_CELL_CHARS, MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS,
        MAX_SHEET_TEXT_BYTES,
    };
    use proptest::prelude::*;

    const HEADER: &str = "일자,매출액\n2022-10-15,398800\n";

    /// The shapes a stranger's CSV can take to outgrow a sheet, each as
    /// `(what, file)` for a size `past` (1: one past the limit; 0: at it).
    fn shape(kind: usize, past: usize, line_break: &str, delimiter: char) -> (String, String) {
        let rows = usize::try_from(MAX_SHEET_ROWS).unwrap();
        let columns = usize::try_from(MAX_SHEET_COLUMNS).unwrap();
        let head = HEADER
            .replace('\n', line_break)
            .replace(',', &delimiter.to_string());
        match kind {
            0 => (
                "rows of nothing".into(),
                // The header's two rows count.
                format!("{head}{}", line_break.repeat(rows - 2 + past)),
            ),
            1 => (
                "one endless row of delimiters".into(),
                format!("{head}{}", delimiter.to_string().repeat(columns - 1 + past)),
            ),
            2 => (
                "one cell of many characters".into(),
                format!(
                    "{head}2022-10-16{delimiter}{}",
                    "가".repeat(MAX_CELL_CHARS + past)
                ),
            ),
            3 => {
                // Rows of 250 cells: the cells in all pass the limit
                // while the rows and columns stay within theirs.
                let wide = format!("{}{line_break}", delimiter.to_string().repeat(249));
                let n = (MAX_SHEET_CELLS - 4) / 250;
                let extra = (MAX_SHEET_CELLS - 4) % 250;
                let last = delimiter.to_string().repeat(extra.saturating_sub(1) + past);
                (
                    "cells in all".into(),
                    format!("{head}{}{last}", wide.repeat(n)),
                )
            }
            _ => {
                // Cells of 9,000 characters in rows: text in all.
                let cell = "x".repeat(9_000);
                let n = MAX_SHEET_TEXT_BYTES / 9_000;
                let row = format!("{cell}{line_break}");
                let rest = "x".repeat(MAX_SHEET_TEXT_BYTES % 9_000 - 40 + past * 50);
                (
                    "text in all".into(),
                    format!("{head}{}{rest}", row.repeat(n)),
                )
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
        #[test]
        fn a_csv_past_a_sheet_limit_is_refused_and_one_at_it_is_not(
            kind in 0usize..5,
            line_break in prop::sample::select(vec!["\n", "\r\n", "\r"]),
            delimiter in prop::sample::select(vec![',', ';', '\t']),
        ) {
            let (what, past) = shape(kind, 1, line_break, delimiter);
            let error = claim_import::read_sales(past.as_bytes(), None).unwrap_err();
            prop_assert_eq!(&error, &ImportError::SheetTooLarge, "{}", what);
            let (_, at) = shape(kind, 0, line_break, delimiter);
            match claim_import::read_sales(at.as_bytes(), None) {
                Ok(import) => prop_assert_eq!(import.days.len(), 1, "{}", what),
                Err(error) => prop_assert_ne!(error, ImportError::SheetTooLarge, "{}", what),
            }
        }
    }
}

/// One shared string named by many cells is counted once per cell: the
/// workbook is a few kilobytes packed and far under the unpacked limit,
/// but its cells would hold 34 MB of text.
#[test]
fn a_shared_string_named_by_many_cells_counts_for_each() {
    let long = "가".repeat(9_000); // 27 KB of UTF-8
    let workbook_with = |cells: u32| {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "일자").unwrap();
        sheet.write_string(0, 1, "매출액").unwrap();
        sheet.write_string(1, 0, "2022-10-15").unwrap();
        sheet.write_number(1, 1, 398_800.0).unwrap();
        for row in 0..cells {
            sheet.write_string(2 + row, 2, &long).unwrap();
        }
        workbook.save_to_buffer().unwrap()
    };
    let bomb = workbook_with(1_300);
    assert!(bomb.len() < 200 * 1024, "{} bytes packed", bomb.len());
    let error = claim_import::read_sales(&bomb, None).unwrap_err();
    assert_eq!(error, claim_import::ImportError::SheetTooLarge);
    let said = error.message("매출.xlsx", claim_core::Lang::Ko);
    assert!(said.contains("글자 모두 32 MB"), "{said}");
    // Under the budget the same string in fewer cells reads.
    let fine = claim_import::read_sales(&workbook_with(1_000), None).unwrap();
    assert_eq!(fine.days.len(), 1, "{fine:?}");
}

/// A file whose columns are not found is described by its columns' letters,
/// never by a cell's text: with no heading row, the first row is a
/// customer's order.
#[test]
fn columns_not_found_are_named_by_letter_not_by_a_cells_text() {
    let file = "이수진,케이크,45000,생일\n박지훈,쿠키,12000,선물\n";
    let error = claim_import::read_sales(file.as_bytes(), None).unwrap_err();
    assert_eq!(error.code().as_str(), "E_IMPORT_COLUMNS");
    for lang in [claim_core::Lang::Ko, claim_core::Lang::En] {
        let said = error.message("주문.csv", lang);
        for cell in ["이수진", "케이크", "생일"] {
            assert!(!said.contains(cell), "{cell}: {said}");
        }
        assert!(said.contains("A–D"), "{said}");
    }
}
