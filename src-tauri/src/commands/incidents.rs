//! Incident definitions and the keys trusted to sign them. Each command reads its request, calls `app` and answers.

use super::chosen::Purpose;
use super::error::CommandResult;
use super::payload::{self, Empty};
use super::Surface;
use crate::app;

/// The incidents, built in and imported, with their verification and deadlines.
pub fn incidents_list(at: &Surface, _: Empty) -> CommandResult<Vec<claim_store::IncidentEntry>> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::incidents::list(store)?))
}

/// Imports the definition file the owner chose in the system dialog.
pub fn incident_import(
    at: &Surface,
    payload::IncidentImportRequest {
        file: token,
        lang: _,
    }: payload::IncidentImportRequest,
) -> CommandResult<claim_store::ImportedIncident> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::IncidentDefinition])?;
    shop.with_store(|store| {
        let imported = app::incidents::import(store, &file)?;
        log::info!(
            "incident {} imported ({})",
            imported.incident.id,
            imported.incident.verification.code()
        );
        Ok(imported)
    })
}

/// The signing keys whose incident definitions show as verified.
pub fn keys_list(at: &Surface, _: Empty) -> CommandResult<Vec<claim_store::KeyEntry>> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::incidents::keys(store)?))
}

/// Trusts another signing key; definitions already imported are checked
/// against it at once.
pub fn key_trust(
    at: &Surface,
    payload::TrustKeyRequest {
        public_key,
        name,
        uses,
    }: payload::TrustKeyRequest,
) -> CommandResult<claim_store::KeyEntry> {
    let shop = &at.shop;
    shop.with_store(|store| {
        let key = app::incidents::trust_key(store, &public_key.0, &name.0, uses.0)?;
        log::info!("signing key {} trusted", key.fingerprint);
        Ok(key)
    })
}
