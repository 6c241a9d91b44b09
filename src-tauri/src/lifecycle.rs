//! Customer details over their life, for the window and the command line
//! alike: the retention sweep on both sides (the shop's store and, when the
//! machine is also the association's, its desk) and the customer notice.

use claim_assoc::desk::AssocDesk;
use claim_core::privacy::{customer_notice as notice_text, CustomerNotice};
use claim_core::Lang;
use claim_store::Store;
use std::path::Path;

fn store_failure(error: claim_store::StoreError) -> String {
    crate::cli::store_message(&error, Lang::Ko)
}

fn desk_failure(error: claim_assoc::desk::DeskError) -> String {
    crate::cli_assoc::desk_message(&error, Lang::Ko)
}

/// How many claims a sweep erased customer details from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    pub shop: usize,
    pub association: usize,
}

/// Erases what the retention time says is due, in the shop's store and in
/// the association's desk if this data folder has one (the same setting
/// governs both).
pub fn erase_expired(
    store: &mut Store,
    dir: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Erased, String> {
    let shop = store.erase_expired(now).map_err(store_failure)?.len();
    let association = if dir.join(claim_assoc::desk::ASSOCIATION_FILE).exists() {
        let days = store.retention_days().map_err(store_failure)?;
        let mut desk = AssocDesk::open(dir).map_err(desk_failure)?;
        desk.erase_expired(now, days).map_err(desk_failure)?.len()
    } else {
        0
    };
    Ok(Erased { shop, association })
}

/// The association desk in `dir`, checking claims against the incidents
/// imported into this machine's store besides the built-in ones.
pub fn open_assoc_desk(dir: &Path) -> Result<AssocDesk, String> {
    let store = crate::clock::open_store(dir).map_err(store_failure)?;
    let mut desk = AssocDesk::open(dir).map_err(desk_failure)?;
    desk.set_presets(store.presets().clone());
    Ok(desk)
}

/// The customer notice for this shop: its name and phone when the store
/// holds exactly one business profile, and the retention time in force.
pub fn customer_notice(store: &Store, lang: Lang) -> Result<CustomerNotice, String> {
    let days = store.retention_days().map_err(store_failure)?;
    let businesses = store.businesses().map_err(store_failure)?;
    let (name, phone) = match businesses.as_slice() {
        [only] => (
            Some(only.name.clone()),
            only.document["phone"].as_str().map(str::to_owned),
        ),
        _ => (None, None),
    };
    Ok(notice_text(lang, name.as_deref(), phone.as_deref(), days))
}
