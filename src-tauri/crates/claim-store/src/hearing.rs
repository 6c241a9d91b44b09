//! Hearing back from a server: each business's own signing key (made on its
//! first online submission, kept here, never leaving the PC but in a
//! backup) and, per server and business, the cursor the next request for
//! answers starts from.

use crate::{Result, Store};
use rusqlite::{params, OptionalExtension};

impl Store {
    /// The secret key of the business with `registration_number` (digits),
    /// made with `fresh` the first time it is asked for.
    pub fn business_key(
        &mut self,
        registration_number: &str,
        fresh: impl FnOnce() -> [u8; 32],
    ) -> Result<[u8; 32]> {
        if let Some(key) = self.business_key_kept(registration_number)? {
            return Ok(key);
        }
        let now = self.clock.stored_now();
        let key = fresh();
        self.write(|tx| {
            // Another window of the same store may have made one meanwhile:
            // the first kept stays.
            tx.execute(
                "INSERT INTO business_key (registration_number, secret_key, created_at)
                 VALUES (?1, ?2, ?3) ON CONFLICT (registration_number) DO NOTHING",
                params![registration_number, key.as_slice(), now],
            )?;
            Ok(())
        })?;
        self.business_key_kept(registration_number)?
            .ok_or(crate::StoreError::Sqlite(
                rusqlite::Error::QueryReturnedNoRows,
            ))
    }

    /// The key kept for the business, if one was made.
    pub fn business_key_kept(&self, registration_number: &str) -> Result<Option<[u8; 32]>> {
        let key: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT secret_key FROM business_key WHERE registration_number = ?1",
                [registration_number],
                |row| row.get(0),
            )
            .optional()?;
        Ok(key.and_then(|bytes| bytes.try_into().ok()))
    }

    /// Where the next request to `url` for the business's answers starts
    /// (empty: from the first).
    pub fn answers_since(&self, url: &str, registration_number: &str) -> Result<String> {
        Ok(self
            .conn
            .query_row(
                "SELECT since FROM answers_cursor WHERE url = ?1 AND registration_number = ?2",
                params![url, registration_number],
                |row| row.get(0),
            )
            .optional()?
            .unwrap_or_default())
    }

    /// The next request starts from `since` (an answer's instant, as the
    /// server wrote it).
    pub fn set_answers_since(
        &mut self,
        url: &str,
        registration_number: &str,
        since: &str,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO answers_cursor (url, registration_number, since) VALUES (?1, ?2, ?3)
                 ON CONFLICT (url, registration_number) DO UPDATE SET since = excluded.since",
                params![url, registration_number, since],
            )?;
            Ok(())
        })
    }
}
