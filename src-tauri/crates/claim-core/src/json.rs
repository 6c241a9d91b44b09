//! A light JSON tree that borrows its strings from the document.
//!
//! serde_json still does the parsing (and its nesting limit still protects
//! the stack); this tree only avoids what `serde_json::Value` costs: a
//! `String` for every key and text and a `BTreeMap` for every object. With
//! 1,000 lost orders that is most of the time spent validating a claim.
//! Objects keep their fields in a `Vec`: claim objects have a handful of
//! fields, so a linear lookup is faster than any map.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Object<'a>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

/// Fields in document order; a repeated key is looked up as its last value,
/// as `serde_json` does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> Object<'a> {
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
    }

    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: Json<'a>) {
        self.0.push((key.into(), value));
    }
}

impl<'a> Json<'a> {
    /// Parses a document; strings without escapes borrow from `text`.
    pub fn parse(text: &'a str) -> Result<Json<'a>, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }
}

/// Written exactly as `serde_json` writes the `Value` parsed from the same
/// text (with its `preserve_order` feature, which this workspace turns on):
/// the association keeps a received claim as that text and recognises a
/// claim it already has by the text's SHA-256, so the two must never differ.
impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(flag) => serializer.serialize_bool(*flag),
            Json::Number(Number::Unsigned(n)) => serializer.serialize_u64(*n),
            Json::Number(Number::Signed(n)) => serializer.serialize_i64(*n),
            Json::Number(Number::Float(n)) => serializer.serialize_f64(*n),
            Json::String(text) => serializer.serialize_str(text),
            Json::Array(items) => serializer.collect_seq(items),
            Json::Object(object) => object.serialize(serializer),
        }
    }
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = self.distinct_fields();
        let mut map = serializer.serialize_map(Some(fields.len()))?;
        for (key, value) in fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'a> Object<'a> {
    /// The fields as `serde_json::Map` holds them: a repeated key keeps the
    /// place where it first appeared and takes its last value.
    fn distinct_fields(&self) -> Vec<(&str, &Json<'a>)> {
        let mut fields: Vec<(&str, &Json<'a>)> = Vec::with_capacity(self.0.len());
        // Claim objects have a handful of fields; a hostile one may have
        // hundreds of thousands, which a linear search would make quadratic.
        if self.0.len() <= 16 {
            for (key, value) in &self.0 {
                match fields.iter_mut().find(|(seen, _)| *seen == key.as_ref()) {
                    Some(field) => field.1 = value,
                    None => fields.push((key, value)),
                }
            }
        } else {
            let mut place: std::collections::HashMap<&str, usize> =
                std::collections::HashMap::with_capacity(self.0.len());
            for (key, value) in &self.0 {
                match place.entry(key.as_ref()) {
                    std::collections::hash_map::Entry::Occupied(at) => fields[*at.get()].1 = value,
                    std::collections::hash_map::Entry::Vacant(at) => {
                        at.insert(fields.len());
                        fields.push((key, value));
                    }
                }
            }
        }
        fields
    }
}

/// Borrows from a `serde_json::Value` (for callers that already hold one,
/// such as the desktop shell's commands and tests).
impl<'a> From<&'a serde_json::Value> for Json<'a> {
    fn from(value: &'a serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(flag) => Json::Bool(*flag),
            Value::Number(number) => Json::Number(if let Some(n) = number.as_u64() {
                Number::Unsigned(n)
            } else if let Some(n) = number.as_i64() {
                Number::Signed(n)
            } else {
                Number::Float(number.as_f64().unwrap_or(f64::NAN))
            }),
            Value::String(text) => Json::String(Cow::Borrowed(text)),
            Value::Array(items) => Json::Array(items.iter().map(Json::from).collect()),
            Value::Object(map) => Json::Object(Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::from(v)))
                    .collect(),
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Json::Number(Number::Unsigned(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Json::Number(Number::Signed(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Json::Number(Number::Float(value)))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(value)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(Key(key)) = map.next_key()? {
            fields.push((key, map.next_value()?));
        }
        Ok(Json::Object(Object(fields)))
    }
}

/// An object key that borrows when it can (`Cow<str>` alone never borrows).
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(value)))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_borrows() {
        let text = r#"{"a": "행복", "b": [1, -2, 3.5, true, null], "a": "last", "esc": "\"q\""}"#;
        let json = Json::parse(text).unwrap();
        let Json::Object(object) = &json else {
            panic!("object expected")
        };
        assert_eq!(object.get("a").and_then(Json::as_str), Some("last"));
        assert!(matches!(object.get("esc"), Some(Json::String(Cow::Owned(s))) if s == "\"q\""));
        assert_eq!(
            object.get("b"),
            Some(&Json::Array(vec![
                Json::Number(Number::Unsigned(1)),
                Json::Number(Number::Signed(-2)),
                Json::Number(Number::Float(3.5)),
                Json::Bool(true),
                Json::Null
            ]))
        );
        // The same lookups through a serde_json::Value.
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let Json::Object(converted) = Json::from(&value) else {
            panic!("object expected")
        };
        assert_eq!(converted.get("a").and_then(Json::as_str), Some("last"));
        assert_eq!(converted.get("b"), object.get("b"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(Json::parse(&text).is_err());
    }
}
