//! Which desk the window opens as: the shop owner's (claims, the business,
//! the incidents) or the association's (taking claims in, the signing
//! keys). One PC is one of the two; the choice is kept with the data so the
//! next start opens the same desk.

use crate::{Result, Store};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

const DESK_SETTING: &str = "desk";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Desk {
    /// The shop owner filing claims.
    Owner,
    /// The association's staff receiving them.
    Association,
}

impl Desk {
    fn stored(self) -> &'static str {
        match self {
            Desk::Owner => "owner",
            Desk::Association => "association",
        }
    }

    fn from_stored(text: &str) -> Option<Desk> {
        match text {
            "owner" => Some(Desk::Owner),
            "association" => Some(Desk::Association),
            _ => None,
        }
    }
}

impl Store {
    /// The desk chosen, or `None` when nobody has chosen yet (a value this
    /// build does not know reads as not chosen: the caller decides).
    pub fn desk(&self) -> Result<Option<Desk>> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM setting WHERE key = ?1",
                [DESK_SETTING],
                |row| row.get(0),
            )
            .optional()?;
        Ok(stored.as_deref().and_then(Desk::from_stored))
    }

    pub fn set_desk(&mut self, desk: Desk) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![DESK_SETTING, desk.stored()],
            )?;
            Ok(())
        })
    }
}
