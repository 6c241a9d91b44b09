//! Business profiles: entered once, and the one a claim belongs to.

use crate::*;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

/// A business the shop files claims for, entered once and reused.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BusinessProfile {
    pub id: String,
    pub name: String,
    pub registration_number: String,
    /// The `business` object of `claimdesk.claim/1`, as entered, with its `id`.
    pub document: serde_json::Value,
    pub updated_at: String,
}

/// The business profile a claim belongs to: the one its `business.id`
/// names, else the one profile with the same registration number (a claim
/// imported from a file), else none.
pub(crate) fn business_of(
    tx: &Transaction<'_>,
    given: Option<ClaimId>,
    registration_number: Option<&str>,
) -> Result<Option<String>> {
    if let Some(id) = given {
        let id = id.to_string();
        if tx
            .query_row("SELECT 1 FROM business WHERE id = ?1", [&id], |_| Ok(()))
            .optional()?
            .is_some()
        {
            return Ok(Some(id));
        }
    }
    let Some(number) = registration_number else {
        return Ok(None);
    };
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let mut statement = tx.prepare_cached(
        "SELECT id FROM business WHERE replace(replace(registration_number, '-', ''), ' ', '') = ?1 LIMIT 2",
    )?;
    let found = statement
        .query_map([digits], |row| row.get::<_, String>(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(match found.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    })
}

impl Store {
    /// Saves a business profile (the `business` object of a claim): a new one
    /// unless its `id` is already stored. Name and registration number are
    /// needed to tell profiles apart; everything else is checked with the
    /// claim that uses it.
    pub fn save_business(&mut self, business: &serde_json::Value) -> Result<BusinessProfile> {
        let Some(object) = business.as_object() else {
            return Err(StoreError::Document(
                "사업장 정보는 항목 묶음({ … })이어야 합니다.".into(),
            ));
        };
        let name = object_pointer(object, "/name")
            .ok_or_else(|| StoreError::Document("상호(가게 이름)를 입력해 주세요.".into()))?;
        let registration_number = object_pointer(object, "/registration_number")
            .ok_or_else(|| StoreError::Document("사업자등록번호를 입력해 주세요.".into()))?;
        let given_id = given_uuid(object);
        let mut document = object.clone();
        let now = self.clock.stored_now();
        self.write(|tx| {
            let (id, exists) = resolve_id(tx, Table::Business, given_id)?;
            document.insert("id".into(), serde_json::Value::String(id.clone()));
            let text = serde_json::to_string(&document).map_err(|error| StoreError::Document(error.to_string()))?;
            if exists {
                tx.execute(
                    "UPDATE business SET name = ?2, registration_number = ?3, document = ?4, updated_at = ?5 WHERE id = ?1",
                    params![id, name, registration_number, text, now],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO business (id, name, registration_number, document, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                    params![id, name, registration_number, text, now],
                )?;
            }
            Ok(BusinessProfile {
                id,
                name: name.clone(),
                registration_number: claim_core::brn::shown_registration_number(
                    &registration_number,
                ),
                document: serde_json::Value::Object(document.clone()),
                updated_at: now.clone(),
            })
        })
    }

    /// Every business profile, by name.
    pub fn businesses(&self) -> Result<Vec<BusinessProfile>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name, registration_number, document, updated_at FROM business ORDER BY name, id")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, name, registration_number, document, updated_at) = row?;
            let document = serde_json::from_str(&document)
                .map_err(|error| StoreError::Document(error.to_string()))?;
            Ok(BusinessProfile {
                id,
                name,
                // Shown as the certificate shows it, however it was typed.
                registration_number: claim_core::brn::shown_registration_number(
                    &registration_number,
                ),
                document,
                updated_at,
            })
        })
        .collect()
    }
}
