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
