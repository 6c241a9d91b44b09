//! A claim's id, decided once for the store, the PDF, the bundle and the
//! window: a UUID (the store makes v7; a PDF derives a v8 from the content
//! of a claim that has none), written lowercase with hyphens. Any other
//! text in a document's `id` is not an id: the store gives such a claim a
//! new one, and the PDF derives one, so a claim is never known by a name
//! the store would not find it under.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ClaimId(String);

impl ClaimId {
    /// `text` as an id, if it is a UUID (in any of its usual spellings).
    pub fn parse(text: &str) -> Option<ClaimId> {
        uuid::Uuid::parse_str(text.trim())
            .ok()
            .map(|id| ClaimId(id.hyphenated().to_string()))
    }

    /// The id a claim document carries, if it is one.
    pub fn of(document: &serde_json::Map<String, serde_json::Value>) -> Option<ClaimId> {
        document
            .get("id")
            .and_then(serde_json::Value::as_str)
            .and_then(ClaimId::parse)
    }

    /// The id in a claim document's JSON bytes, if it has one.
    pub fn of_json(bytes: &[u8]) -> Option<ClaimId> {
        match serde_json::from_slice::<serde_json::Value>(bytes).ok()? {
            serde_json::Value::Object(document) => ClaimId::of(&document),
            _ => None,
        }
    }

    /// An id for raw UUID bytes (a v7 just made, a v8 derived).
    pub fn from_bytes(bytes: [u8; 16]) -> ClaimId {
        ClaimId(uuid::Uuid::from_bytes(bytes).hyphenated().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for ClaimId {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl PartialEq<&str> for ClaimId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// From the window's requests: a UUID, or the request is refused.
impl<'de> Deserialize<'de> for ClaimId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ClaimId::parse(&text).ok_or_else(|| serde::de::Error::custom("not an id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_uuid_is_an_id_and_it_has_one_spelling() {
        let id = "01936f2e-8a4b-7c3d-9e5f-0a1b2c3d4e5f";
        assert_eq!(ClaimId::parse(id).unwrap().as_str(), id);
        assert_eq!(ClaimId::parse(&id.to_uppercase()).unwrap().as_str(), id);
        assert_eq!(
            ClaimId::parse(&id.replace('-', "")).unwrap().as_str(),
            id,
            "the simple spelling is the same id"
        );
        for not_an_id in ["", "CLAIM-1", "CD-2022-000001", "01936f2e-8a4b-7c3d-9e5f"] {
            assert_eq!(ClaimId::parse(not_an_id), None, "{not_an_id}");
        }
        let document = serde_json::json!({"id": "CLAIM-1"});
        assert_eq!(ClaimId::of(document.as_object().unwrap()), None);
        assert_eq!(
            ClaimId::of_json(format!("{{\"id\": \"{}\"}}", id.to_uppercase()).as_bytes()),
            ClaimId::parse(id)
        );
    }
}
