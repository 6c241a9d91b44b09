//! The incident definitions the association publishes: `claimdesk-server
//! incident publish FILE` keeps a signed definition (as `claimdesk incident
//! sign` wrote it), `GET /v1/incidents` hands every one to the shops' apps,
//! and the intake checks claims for those incidents by them, as a shop's
//! app does once it imported the file.
//!
//! Only a signed file is published, and only when its signature is good
//! under the key it names: shops decide whether they trust that key, but a
//! file changed after signing never leaves the server. The exact bytes are
//! kept and served, so the signature shops check is the one made.

use claim_core::definition::IncidentDefinition;
use claim_core::signature::Verification;
use claim_core::signature::{fingerprint, open_definition, KeyUse, OpenedDefinition, TrustedKey};
use claim_core::{Incidents, Lang};
use serde::Serialize;

/// The largest definition file published: as the app imports one.
pub const MAX_DEFINITION_BYTES: usize = claimdesk::app::incidents::MAX_DEFINITION_BYTES;

/// The most definitions served and used: a few outages a year, kept for
/// years, stay far below it; a table grown past it (by mistake) serves the
/// newest, not an answer without end.
pub const MAX_PUBLISHED: i64 = 500;

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{file}: {reason}")]
    Read { file: String, reason: String },
    #[error("the file is larger than a definition may be ({MAX_DEFINITION_BYTES} bytes)")]
    TooLarge,
    #[error("not an incident definition: {0}")]
    Unreadable(String),
    #[error("the definition is not signed: publish the file `claimdesk incident sign` wrote, so shops can check whose it is")]
    NotSigned,
    #[error(
        "the signature does not match the definition: the file was changed after it was signed"
    )]
    BadSignature,
    #[error("{0} is an incident built into the app: only the app's own key may replace it")]
    BuiltIn(String),
    #[error("the database: {0}")]
    Database(#[from] tokio_postgres::Error),
}

/// What publishing did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A new incident.
    Published,
    /// Another file for an incident published before: it replaces it.
    Replaced,
    /// The same file again: nothing changed, nothing audited.
    Unchanged,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub id: String,
    pub title_ko: String,
    /// The signing key's fingerprint, to compare with what shops are told.
    pub fingerprint: String,
    pub outcome: Outcome,
}

/// `bytes` as a published definition must be: a definition in a signed
/// envelope whose signature is good under the key it names, and not one
/// replacing a built-in incident unless the app's own key signed it.
/// `signer` is the name the verification carries (the association's).
pub fn check(bytes: &[u8], signer: &str) -> Result<OpenedDefinition, PublishError> {
    if bytes.len() > MAX_DEFINITION_BYTES {
        return Err(PublishError::TooLarge);
    }
    let unread = |error: claim_core::definition::DefinitionError| {
        PublishError::Unreadable(error.message(Lang::En))
    };
    let named = open_definition(bytes, &[]).map_err(unread)?;
    let Some(key) = named.signed_with else {
        return Err(PublishError::NotSigned);
    };
    let shipped = TrustedKey::shipped().iter().any(|known| known.key == key);
    let its_key = TrustedKey {
        name: signer.to_owned(),
        key,
        shipped,
        uses: KeyUse::Incidents,
    };
    let opened = open_definition(bytes, std::slice::from_ref(&its_key)).map_err(unread)?;
    if !matches!(opened.verification, Verification::Verified { .. }) {
        return Err(PublishError::BadSignature);
    }
    if !shipped && claim_core::incident::built_in_incident(&opened.definition.id).is_some() {
        return Err(PublishError::BuiltIn(opened.definition.id));
    }
    Ok(opened)
}

/// Publishes the definition file `bytes` (checked first), with its audit
/// row in the same transaction. `actor` is who did it.
pub async fn publish(
    client: &mut tokio_postgres::Client,
    bytes: &[u8],
    signer: &str,
    actor: &str,
) -> Result<Published, PublishError> {
    let opened = check(bytes, signer)?;
    let key_fingerprint = opened
        .signed_with
        .as_ref()
        .map(fingerprint)
        .unwrap_or_default();
    let IncidentDefinition { id, title, .. } = opened.definition;
    let transaction = client.transaction().await?;
    let before: Option<Vec<u8>> = transaction
        .query_opt(
            "SELECT file FROM incident_definition WHERE id = $1 FOR UPDATE",
            &[&id],
        )
        .await?
        .map(|row| row.get(0));
    let outcome = match before {
        Some(file) if file == bytes => Outcome::Unchanged,
        Some(_) => Outcome::Replaced,
        None => Outcome::Published,
    };
    if outcome != Outcome::Unchanged {
        transaction
            .execute(
                "INSERT INTO incident_definition (id, file, fingerprint, published_at, published_by)
                 VALUES ($1, $2, $3, now(), $4)
                 ON CONFLICT (id) DO UPDATE SET file = excluded.file,
                     fingerprint = excluded.fingerprint, published_at = excluded.published_at,
                     published_by = excluded.published_by",
                &[&id, &bytes, &key_fingerprint, &actor],
            )
            .await?;
        transaction
            .execute(
                "INSERT INTO audit (at, actor, action, subject, detail)
                 VALUES (now(), $1, 'incident.publish', $2,
                         jsonb_build_object('fingerprint', $3::text, 'replaced', $4::boolean))",
                &[
                    &actor,
                    &id,
                    &key_fingerprint,
                    &(outcome == Outcome::Replaced),
                ],
            )
            .await?;
    }
    transaction.commit().await?;
    Ok(Published {
        id,
        title_ko: title.ko,
        fingerprint: key_fingerprint,
        outcome,
    })
}

/// One published definition as `GET /v1/incidents` hands it out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublishedFile {
    pub id: String,
    /// RFC 3339, UTC.
    pub published_at: String,
    /// The fingerprint of the key that signed it.
    pub fingerprint: String,
    /// The signed file, exactly as published.
    pub file: String,
}

/// Every published definition, the newest first, at most [`MAX_PUBLISHED`].
pub async fn published(
    client: &tokio_postgres::Client,
) -> Result<Vec<PublishedFile>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT id, file, published_at, fingerprint FROM incident_definition
             ORDER BY published_at DESC, id LIMIT $1",
            &[&MAX_PUBLISHED],
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let at: chrono::DateTime<chrono::Utc> = row.get(2);
            // Only what was checked at publishing is in the table, and a
            // checked file is UTF-8 JSON.
            let file = String::from_utf8(row.get::<_, Vec<u8>>(1)).ok()?;
            Some(PublishedFile {
                id: row.get(0),
                published_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                fingerprint: row.get(3),
                file,
            })
        })
        .collect())
}

/// The incidents claims are checked against: the built-in ones and every
/// published file that still checks (a file the table holds but that no
/// longer reads, from a newer server, is left out, not fatal).
pub fn incidents_of<'a>(files: impl IntoIterator<Item = &'a [u8]>, signer: &str) -> Incidents {
    Incidents::with_imported(
        files
            .into_iter()
            .filter_map(|file| check(file, signer).ok())
            .map(|opened| (opened.definition, opened.verification)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn drill() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/incidents/drill-2026-11.incident.json"
        );
        std::fs::read(path).unwrap_or_default()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever one changes in a signed file, what is published is the
        /// definition that was signed, or nothing.
        #[test]
        fn a_changed_file_publishes_the_signed_definition_or_nothing(
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            let definition = drill();
            let signed = claim_core::signature::sign_definition(&definition, &[5; 32]);
            prop_assert!(signed.is_ok());
            let mut changed = signed.unwrap_or_default();
            let index = at.index(changed.len());
            changed[index] = byte;
            if let Ok(opened) = check(&changed, "연합회") {
                prop_assert_eq!(opened.definition_bytes, definition);
            }
        }
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let mut big = drill();
        big.resize(MAX_DEFINITION_BYTES + 1, b' ');
        assert!(matches!(check(&big, "연합회"), Err(PublishError::TooLarge)));
    }
}
