//! The row an owner is told to fix is the row Excel shows: for LF, CRLF and
//! lone-CR line endings, with and without a byte-order mark, in UTF-8,
//! CP949 and UTF-16, with a quoted cell that holds a line break (one row in
//! Excel) and a blank line (a row of its own).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_import::{read_sales, ImportError, Reason};

/// The rows as Excel numbers them (1 = the header). Row 5's memo holds a
/// line break inside quotes; row 6 is blank.
const ROWS: [&str; 10] = [
    "일자,매출액,메모",
    "2022-10-08,398000,",
    "2022-10-09,\"412,000\",단골",
    "2022-10-10,사십만,금액이 글자",
    "2022-10-11,405000,\"전화 주문{BREAK}취소됨\"",
    "",
    "2022-10-12,1.234.000,\"점으로 \"\"나눔\"\"\"",
    "2022-10-13,401000,\"두 줄{BREAK}메모{BREAK}세 줄\"",
    "2022-10-14,,금액 없음",
    "2022-10-15,399000,",
];

/// What Excel shows for the rejected rows, and the days read.
const REJECTED: [(usize, Reason); 3] = [
    (4, Reason::AmountFormat),
    (7, Reason::AmountDotGrouping),
    (9, Reason::AmountMissing),
];
const DAYS: [(&str, i64); 5] = [
    ("2022-10-08", 398_000),
    ("2022-10-09", 412_000),
    ("2022-10-11", 405_000),
    ("2022-10-13", 401_000),
    ("2022-10-15", 399_000),
];

#[derive(Clone, Copy, Debug)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Cp949,
    Utf16LeBom,
    Utf16BeBom,
    Utf16LeNoBom,
}

const ENCODINGS: [Encoding; 6] = [
    Encoding::Utf8,
    Encoding::Utf8Bom,
    Encoding::Cp949,
    Encoding::Utf16LeBom,
    Encoding::Utf16BeBom,
    Encoding::Utf16LeNoBom,
];
const BREAKS: [(&str, &str); 3] = [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")];

fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let utf16 = |big_endian: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect()
    };
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Cp949 => {
            let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(text);
            assert!(!unmappable);
            bytes.into_owned()
        }
        Encoding::Utf16LeBom => [vec![0xFF, 0xFE], utf16(false)].concat(),
        Encoding::Utf16BeBom => [vec![0xFE, 0xFF], utf16(true)].concat(),
        Encoding::Utf16LeNoBom => utf16(false),
    }
}

/// The file with every line break (between rows and inside quoted cells)
/// written as `line_break`, ending with one, as Excel saves.
fn file(rows: &[&str], line_break: &str, encoding: Encoding) -> Vec<u8> {
    let text: String = rows
        .iter()
        .map(|row| format!("{}{line_break}", row.replace("{BREAK}", line_break)))
        .collect();
    encode(&text, encoding)
}

#[test]
fn rejected_rows_are_numbered_as_excel_shows_them_for_every_ending_and_encoding() {
    for encoding in ENCODINGS {
        for (name, line_break) in BREAKS {
            let case = format!("{encoding:?} with {name}");
            let import = read_sales(&file(&ROWS, line_break, encoding), None)
                .unwrap_or_else(|error| panic!("{case}: {error:?}"));
            let rejected: Vec<(usize, Reason)> =
                import.rejected.iter().map(|r| (r.row, r.reason)).collect();
            assert_eq!(rejected, REJECTED, "{case}");
            let days: Vec<(String, i64)> = import
                .days
                .iter()
                .map(|d| (d.date.to_string(), d.amount))
                .collect();
            let expected: Vec<(String, i64)> =
                DAYS.iter().map(|(d, a)| ((*d).to_owned(), *a)).collect();
            assert_eq!(days, expected, "{case}");
            // Eight rows under the header; the blank one is not counted.
            assert_eq!(import.rows, 8, "{case}");
        }
    }
}

#[test]
fn a_file_without_a_final_line_break_is_numbered_the_same() {
    for encoding in ENCODINGS {
        for (name, line_break) in BREAKS {
            let mut bytes = file(&ROWS, line_break, encoding);
            let unit = match encoding {
                Encoding::Utf16LeBom | Encoding::Utf16BeBom | Encoding::Utf16LeNoBom => 2,
                _ => 1,
            };
            bytes.truncate(bytes.len() - unit * line_break.len());
            let import = read_sales(&bytes, None).unwrap();
            let rows: Vec<usize> = import.rejected.iter().map(|r| r.row).collect();
            assert_eq!(rows, [4, 7, 9], "{encoding:?} with {name}");
        }
    }
}

#[test]
fn an_unclosed_quote_is_reported_at_the_row_where_it_opens() {
    // Row 3's quoted memo spans two lines; row 5 opens a quote and never
    // closes it.
    let rows = [
        "일자,매출액,메모",
        "2022-10-08,398000,",
        "2022-10-09,412000,\"두 줄{BREAK}메모\"",
        "",
        "2022-10-10,\"405000,끝나지 않는 따옴표",
        "2022-10-11,399000,",
    ];
    for encoding in ENCODINGS {
        for (name, line_break) in BREAKS {
            let error = read_sales(&file(&rows, line_break, encoding), None).unwrap_err();
            assert_eq!(
                error,
                ImportError::Malformed { row: 5 },
                "{encoding:?} with {name}"
            );
        }
    }
}

#[test]
fn a_quote_inside_an_unquoted_cell_is_text_as_in_excel() {
    // `5"` (inches) in a memo does not open a quoted cell: Excel reads it as
    // text, and so does the CSV reader; the row after it is still row 3.
    let text = "일자,매출액,메모\r\n2022-10-08,398000,케이크 5\" 상자\r\n2022-10-09,abc,\r\n";
    let import = read_sales(text.as_bytes(), None).unwrap();
    assert_eq!(import.days.len(), 1);
    let rows: Vec<usize> = import.rejected.iter().map(|r| r.row).collect();
    assert_eq!(rows, [3]);
}
