//! Evidence attached to a claim: one stored copy per SHA-256, listed per
//! claim and kind.

use crate::*;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::path::Path;

/// An evidence file attached to a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceEntry {
    pub sha256: String,
    pub kind: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
}

impl Store {
    /// Imports an evidence file into the store (a copy: the original may be
    /// moved or deleted afterwards) and attaches it to the claim as `kind`
    /// (a spec §2 evidence kind). The same content is stored once, however
    /// often it is attached. The claim's document lists it in `evidence`.
    pub fn add_evidence(
        &mut self,
        claim_id: &str,
        kind: claim_core::codes::EvidenceKind,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<EvidenceEntry> {
        use claim_core::codes::Vocabulary;
        if bytes.len() > MAX_EVIDENCE_BYTES {
            let megabytes = u64::try_from(bytes.len())
                .unwrap_or(u64::MAX)
                .div_ceil(1024 * 1024);
            return Err(StoreError::EvidenceTooLarge { megabytes });
        }
        let media = MediaType::sniff(bytes).ok_or(StoreError::EvidenceType)?;
        let sha256 = sha256_hex(bytes);
        // Only the name, never the folder the owner picked it from.
        let file_name = Path::new(file_name)
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("evidence")
            .to_owned();
        let now = self.clock.stored_now();
        let incidents = self.incidents.clone();
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        self.write(|tx| {
            summary(tx, claim_id)?;
            tx.execute(
                "INSERT OR IGNORE INTO evidence_file (sha256, size, media_type, content, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![sha256, size, media.mime(), bytes, now],
            )?;
            let added = tx.execute(
                "INSERT OR IGNORE INTO claim_evidence (claim_id, sha256, kind, file_name, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![claim_id, sha256, kind.code(), file_name, now],
            )?;
            if added == 1 {
                let incidents = &incidents;
                let entry = serde_json::json!({"kind": kind.code(), "file_name": file_name, "sha256": sha256});
                rewrite_evidence_list(tx, incidents, claim_id, &now, |list| list.push(entry))?;
            }
            Ok(EvidenceEntry { sha256: sha256.clone(), kind: kind.code().to_owned(), file_name: file_name.clone(), media_type: media.mime().to_owned(), size })
        })
    }

    /// Detaches the file `sha256` attached as `kind` from claim `id` (an
    /// owner who picked the wrong file). The file itself is deleted once no
    /// claim uses it.
    pub fn remove_evidence(
        &mut self,
        claim_id: &str,
        kind: claim_core::codes::EvidenceKind,
        sha256: &str,
    ) -> Result<()> {
        use claim_core::codes::Vocabulary;
        let now = self.clock.stored_now();
        let incidents = self.incidents.clone();
        self.write(|tx| {
            summary(tx, claim_id)?;
            let removed = tx.execute(
                "DELETE FROM claim_evidence WHERE claim_id = ?1 AND sha256 = ?2 AND kind = ?3",
                params![claim_id, sha256, kind.code()],
            )?;
            if removed == 0 {
                return Err(StoreError::EvidenceNotFound);
            }
            rewrite_evidence_list(tx, &incidents, claim_id, &now, |list| {
                list.retain(|entry| !(entry["sha256"] == sha256 && entry["kind"] == kind.code()));
            })?;
            tx.execute(
                "DELETE FROM evidence_file
                 WHERE sha256 = ?1 AND NOT EXISTS (SELECT 1 FROM claim_evidence e WHERE e.sha256 = ?1)",
                [sha256],
            )?;
            Ok(())
        })
    }

    /// The evidence attached to a claim, in the order it was added.
    pub fn evidence(&self, claim_id: &str) -> Result<Vec<EvidenceEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT e.sha256, e.kind, e.file_name, f.media_type, f.size
             FROM claim_evidence e JOIN evidence_file f ON f.sha256 = e.sha256
             WHERE e.claim_id = ?1 ORDER BY e.added_at, e.rowid",
        )?;
        let rows = statement.query_map([claim_id], |row| {
            Ok(EvidenceEntry {
                sha256: row.get(0)?,
                kind: row.get(1)?,
                file_name: row.get(2)?,
                media_type: row.get(3)?,
                size: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// The bytes of a stored evidence file, exactly as imported.
    pub fn evidence_bytes(&self, sha256: &str) -> Result<Vec<u8>> {
        self.conn
            .query_row(
                "SELECT content FROM evidence_file WHERE sha256 = ?1",
                [sha256],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(StoreError::EvidenceNotFound)
    }
}
