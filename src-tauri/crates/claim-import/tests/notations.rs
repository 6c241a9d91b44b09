//! The amount notations of `tests/fixtures/amount-notations.json`, the same
//! table the window's `entry.js` is tested with (`node --test ui/tests`):
//! what an owner types and what they paste read as one value.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn amounts_read_as_the_shared_table_says() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures/amount-notations.json");
    let table: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() > 10);
    for case in cases {
        let text = case[0].as_str().unwrap();
        let read = claim_import::amount_of_text(text).ok();
        assert_eq!(read, case[1].as_i64(), "{text:?}");
    }
}

#[test]
fn a_typed_sales_cell_clears_reads_or_is_kept_for_the_rules() {
    use claim_import::{day_value_of_text, DayValue};
    assert_eq!(day_value_of_text(""), DayValue::Clear);
    assert_eq!(day_value_of_text("  \t"), DayValue::Clear);
    assert_eq!(day_value_of_text(" (5,000) "), DayValue::Amount(-5_000));
    assert_eq!(day_value_of_text("410,000원"), DayValue::Amount(410_000));
    // Not dropped: the rules report it at the day, as for a paste.
    assert_eq!(
        day_value_of_text(" 12,5 "),
        DayValue::AsTyped("12,5".into())
    );
}
