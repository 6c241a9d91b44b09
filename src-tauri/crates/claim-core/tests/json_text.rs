//! `Json` is written exactly as `serde_json` writes its own `Value` parsed
//! from the same text: the association recognises a claim it already holds
//! by the SHA-256 of that text, so a claim kept before and after the intake
//! stopped parsing into `Value` must give the same bytes.

#![allow(clippy::unwrap_used)]

use claim_core::json::Json;
use proptest::prelude::*;

/// A JSON text; objects draw keys from a small set so that repeated keys
/// (which the two trees hold differently) come up often.
fn json_text() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .prop_map(|n| format!("{n:e}")),
        prop::sample::select(vec![
            "0",
            "-0",
            "1.0",
            "-0.0",
            "1e5",
            "2E-3",
            "12345678901234567890123",
            "-9223372036854775809",
            "0.1",
            "1.7976931348623157e308",
        ])
        .prop_map(str::to_owned),
    ];
    let text = prop_oneof![
        "[a-c]{0,3}",
        ".{0,6}",
        Just("\\\"q\\\" \\n \\u00e9 \\ud83d\\ude00".to_owned()),
    ];
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        number,
        text.prop_map(|t: String| if t.contains('\\') {
            format!("\"{t}\"")
        } else {
            serde_json::to_string(&t).unwrap()
        }),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6)
                .prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec(
                (
                    prop::sample::select(vec!["a", "b", "c", "이름", "é", "a\\u0062"]),
                    inner
                ),
                0..24
            )
            .prop_map(|fields| {
                let fields: Vec<String> = fields
                    .into_iter()
                    .map(|(key, value)| format!("\"{key}\" : {value}"))
                    .collect();
                format!("{{ {} }}", fields.join(", "))
            }),
        ]
    })
}

proptest! {
    #[test]
    fn json_is_written_as_serde_json_writes_its_value(text in json_text()) {
        let value: Result<serde_json::Value, _> = serde_json::from_str(&text);
        let json = Json::parse(&text);
        prop_assert_eq!(value.is_ok(), json.is_ok(), "{}", text);
        if let (Ok(value), Ok(json)) = (value, json) {
            prop_assert_eq!(
                serde_json::to_string(&json).unwrap(),
                serde_json::to_string(&value).unwrap()
            );
        }
    }
}

#[test]
fn a_repeated_key_keeps_its_first_place_and_its_last_value() {
    let text = r#"{"b": 1, "a": {"x": 1, "y": 2, "x": 3}, "b": [true], "c": null}"#;
    let json = Json::parse(text).unwrap();
    assert_eq!(
        serde_json::to_string(&json).unwrap(),
        r#"{"b":[true],"a":{"x":3,"y":2},"c":null}"#
    );
}

#[test]
fn an_object_with_many_repeated_keys_is_written_as_serde_json_does() {
    // Past the size where the fields are found by a map, not a search.
    let fields: Vec<String> = (0..200).map(|n| format!("\"k{}\": {n}", n % 37)).collect();
    let text = format!("{{{}}}", fields.join(","));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        serde_json::to_string(&Json::parse(&text).unwrap()).unwrap(),
        serde_json::to_string(&value).unwrap()
    );
}
