//! Incident definitions imported from the association, and the keys the
//! owner trusts to sign them. The store keeps each file exactly as imported
//! and checks its signature again whenever it is read, so a key the owner
//! removes stops vouching for what it signed.

use crate::{Result, Store, StoreError};
use claim_core::definition::{Deadline, IncidentDefinition};
use claim_core::incident::Incidents;
use claim_core::signature::{
    fingerprint, open_definition, parse_public_key, KeyUse, OpenedDefinition, TrustedKey,
    Verification,
};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// One incident as the list of incidents shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncidentEntry {
    pub id: String,
    pub title_ko: String,
    pub title_en: String,
    /// RFC 3339 with the offset the file gave.
    pub start: String,
    pub end: String,
    pub verification: Verification,
    /// `built_in` or `imported`.
    pub source: &'static str,
    pub imported_at: Option<String>,
    /// The last day to file (Korea time), if the incident has one.
    pub filing_deadline: Option<String>,
    pub deadlines: Vec<DeadlineEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeadlineEntry {
    pub kind: &'static str,
    pub date: String,
    pub title_ko: String,
    pub title_en: String,
}

impl DeadlineEntry {
    fn of(deadline: &Deadline) -> DeadlineEntry {
        DeadlineEntry {
            kind: deadline.kind.code(),
            date: deadline.date.to_string(),
            title_ko: deadline.title.ko.clone(),
            title_en: deadline.title.en.clone(),
        }
    }
}

/// A key the owner (or the app) trusts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyEntry {
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
    pub shipped: bool,
    /// What it vouches for: `incidents`, `answers` or `both`.
    pub uses: KeyUse,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportedIncident {
    pub incident: IncidentEntry,
    /// An earlier import with the same id was replaced.
    pub replaced: bool,
    /// Stored claims naming this incident, re-assessed with it.
    pub claims_updated: usize,
}

impl Store {
    /// The incidents claims may name: built in, and imported here.
    pub fn known_incidents(&self) -> &Incidents {
        &self.incidents
    }

    /// The shipped key and the owner's.
    pub fn trusted_keys(&self) -> Result<Vec<TrustedKey>> {
        trusted_keys(&self.conn)
    }

    pub fn keys(&self) -> Result<Vec<KeyEntry>> {
        Ok(self
            .trusted_keys()?
            .into_iter()
            .map(|key| KeyEntry {
                fingerprint: key.fingerprint(),
                public_key: claim_core::signature::public_key_base64(&key.key),
                name: key.name,
                shipped: key.shipped,
                uses: key.uses,
            })
            .collect())
    }

    /// Trusts another signing key (a public key in base64) for `uses`.
    /// Definitions already imported are checked again against it.
    pub fn trust_key(&mut self, public_key: &str, name: &str, uses: KeyUse) -> Result<KeyEntry> {
        let key = parse_public_key(public_key).ok_or(StoreError::KeyInvalid)?;
        let name = claim_core::signature::key_name(name);
        if name.is_empty() {
            return Err(StoreError::KeyNameMissing);
        }
        if name.chars().count() > claim_core::signature::MAX_KEY_NAME_CHARS {
            return Err(StoreError::KeyNameTooLong);
        }
        let shipped = TrustedKey::shipped();
        if claim_core::signature::names_the_issuer(&name)
            && !shipped.iter().any(|known| known.key == key)
        {
            return Err(StoreError::KeyNameReserved { name });
        }
        let name = name.as_str();
        let text = claim_core::signature::public_key_base64(&key);
        let at = self.clock.stored_now();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO trusted_key (public_key, name, added_at, uses) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (public_key) DO UPDATE SET name = excluded.name, uses = excluded.uses",
                params![text, name, at, uses.code()],
            )?;
            Ok(())
        })?;
        self.reload_incidents()?;
        Ok(KeyEntry {
            name: name.to_owned(),
            fingerprint: fingerprint(&key),
            public_key: text,
            shipped: false,
            uses,
        })
    }

    /// Reads a definition file (signed or not) and keeps it. An unverified
    /// file may add an incident but not replace a built-in one or one the
    /// association signed: that would let anybody move a known window.
    pub fn import_incident(&mut self, file: &[u8]) -> Result<ImportedIncident> {
        let keys = self.trusted_keys()?;
        let opened = open_definition(file, &keys).map_err(StoreError::Definition)?;
        let id = opened.definition.id.clone();
        // A key the owner added vouches for new incidents, never for moving
        // a built-in one (a key named like the association's could).
        if opened.verification.is_trusted()
            && !may_replace_a_built_in(&opened.verification)
            && claim_core::incident::built_in_incident(&id).is_some()
        {
            return Err(StoreError::IncidentBuiltInReplace { id });
        }
        if !opened.verification.is_trusted() {
            let built_in = claim_core::incident::built_in_incident(&id).is_some();
            let verified_import = self
                .imported_definitions()?
                .iter()
                .any(|(known, _)| known.definition.id == id && known.verification.is_trusted());
            if built_in || verified_import {
                return Err(StoreError::IncidentUnverifiedReplace { id });
            }
        }
        let at = self.clock.stored_now();
        let replaced = self.write(|tx| {
            let replaced = tx
                .query_row(
                    "SELECT 1 FROM incident_definition WHERE id = ?1",
                    [&id],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            tx.execute(
                "INSERT INTO incident_definition (id, file, imported_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET file = excluded.file, imported_at = excluded.imported_at",
                params![id, file, at],
            )?;
            Ok(replaced)
        })?;
        self.reload_incidents()?;
        let claims_updated = self.reassess_claims_of(&id)?;
        Ok(ImportedIncident {
            incident: entry(
                &opened.definition,
                &opened.verification,
                "imported",
                Some(at),
            ),
            replaced,
            claims_updated,
        })
    }

    /// The file imported for incident `id`, byte for byte, if one was.
    pub fn imported_incident_file(&self, id: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT file FROM incident_definition WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Every incident, imported first, then the built-in ones not replaced.
    pub fn incidents(&self) -> Result<Vec<IncidentEntry>> {
        let imported = self.imported_definitions()?;
        let mut entries: Vec<IncidentEntry> = imported
            .iter()
            .map(|(opened, at)| {
                entry(
                    &opened.definition,
                    &opened.verification,
                    "imported",
                    Some(at.clone()),
                )
            })
            .collect();
        for (_, text) in claim_core::definition::BUILT_IN {
            let Ok(definition) = IncidentDefinition::read(text.as_bytes()) else {
                continue;
            };
            if !entries.iter().any(|known| known.id == definition.id) {
                entries.push(entry(&definition, &Verification::BuiltIn, "built_in", None));
            }
        }
        Ok(entries)
    }

    /// Where claims for `incident` are submitted online, and whether the
    /// definition that says so is verified (checked again now, against
    /// today's keys). `None`: the incident is built in, unknown, or its
    /// definition names no server.
    pub fn submit_address(
        &self,
        incident: &str,
    ) -> Result<Option<(claim_core::definition::SubmitTo, Verification)>> {
        Ok(self
            .imported_definitions()?
            .into_iter()
            .find(|(opened, _)| opened.definition.id == incident)
            .and_then(|(opened, _)| {
                opened
                    .definition
                    .submit
                    .map(|submit| (submit, opened.verification))
            }))
    }

    /// The imported files, read and checked again; one that no longer reads
    /// (a newer format from a newer app) is left out of the list, not fatal.
    fn imported_definitions(&self) -> Result<Vec<(OpenedDefinition, String)>> {
        imported_definitions(&self.conn, &self.trusted_keys()?)
    }

    /// Claims saved while their incident was unknown (or different) get
    /// their cached totals from the incident as it now is. Their documents
    /// and statuses stay.
    fn reassess_claims_of(&mut self, incident: &str) -> Result<usize> {
        let incidents = self.incidents.clone();
        self.write(|tx| {
            let claims: Vec<(String, String)> = {
                let mut statement =
                    tx.prepare("SELECT id, document FROM claim WHERE incident = ?1")?;
                let rows = statement
                    .query_map([incident], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                rows
            };
            for (id, document) in &claims {
                let record = crate::ClaimRecord::read(document.as_bytes(), &incidents)?;
                let (from, to) = record.period.unzip();
                tx.execute(
                    "UPDATE claim SET claimed = ?2, error_count = ?3, warning_count = ?4,
                         period_from = ?5, period_to = ?6 WHERE id = ?1",
                    params![
                        id,
                        record.claimed,
                        record.counts.0,
                        record.counts.1,
                        from,
                        to
                    ],
                )?;
            }
            Ok(claims.len())
        })
    }

    pub(crate) fn reload_incidents(&mut self) -> Result<()> {
        self.incidents = load_incidents(&self.conn)?;
        Ok(())
    }
}

fn entry(
    definition: &IncidentDefinition,
    verification: &Verification,
    source: &'static str,
    imported_at: Option<String>,
) -> IncidentEntry {
    IncidentEntry {
        id: definition.id.clone(),
        title_ko: definition.title.ko.clone(),
        title_en: definition.title.en.clone(),
        start: definition.start.to_rfc3339(),
        end: definition.end.to_rfc3339(),
        verification: verification.clone(),
        source,
        imported_at,
        filing_deadline: definition
            .filing_deadline()
            .map(|deadline| deadline.date.to_string()),
        deadlines: definition.deadlines.iter().map(DeadlineEntry::of).collect(),
    }
}

fn trusted_keys(conn: &Connection) -> Result<Vec<TrustedKey>> {
    let mut keys = TrustedKey::shipped();
    let mut statement =
        conn.prepare_cached("SELECT public_key, name, uses FROM trusted_key ORDER BY added_at")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (text, name, uses) = row?;
        if let Some(key) = parse_public_key(&text) {
            // Kept before names were checked: shown so that it cannot pass
            // for the shipped issuer's key.
            let mut name = claim_core::signature::key_name(&name);
            if claim_core::signature::names_the_issuer(&name) {
                name.push_str(" (직접 추가한 키 / added by the owner)");
            }
            keys.push(TrustedKey {
                name,
                key,
                shipped: false,
                // (The column's CHECK admits only the three.)
                uses: KeyUse::from_code(&uses).unwrap_or(KeyUse::Incidents),
            });
        }
    }
    Ok(keys)
}

fn imported_definitions(
    conn: &Connection,
    keys: &[TrustedKey],
) -> Result<Vec<(OpenedDefinition, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT file, imported_at FROM incident_definition ORDER BY imported_at DESC, id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut opened = Vec::new();
    for row in rows {
        let (file, at) = row?;
        let Ok(definition) = open_definition(&file, keys) else {
            continue;
        };
        // The rules `import_incident` keeps, kept again on reading: a row
        // that reached the file another way (a crafted backup), or a key
        // added since, does not let any but the shipped key move a built-in
        // incident.
        if !may_replace_a_built_in(&definition.verification)
            && claim_core::incident::built_in_incident(&definition.definition.id).is_some()
        {
            continue;
        }
        opened.push((definition, at));
    }
    Ok(opened)
}

/// The registry the rules use for this store's claims.
pub(crate) fn load_incidents(conn: &Connection) -> Result<Incidents> {
    let keys = trusted_keys(conn)?;
    Ok(Incidents::with_imported(
        imported_definitions(conn, &keys)?
            .into_iter()
            .map(|(opened, _)| (opened.definition, opened.verification)),
    ))
}

/// Only the shipped key's signature lets a definition replace a built-in
/// incident (at import, and again whenever the store reads its incidents).
fn may_replace_a_built_in(verification: &Verification) -> bool {
    matches!(verification, Verification::Verified { shipped: true, .. })
}
