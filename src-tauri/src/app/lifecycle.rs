//! Customer details over their life, for the window and the command line
//! alike: the retention sweep on both sides (the shop's store and, when the
//! machine is also the association's, its desk) and the customer notice.

use crate::app::AppResult;
use claim_core::privacy::{customer_notice as notice_text, CustomerNotice};
use claim_core::Lang;
use claim_store::{Desk, Store};
use std::path::Path;

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
) -> AppResult<Erased> {
    let shop = store.erase_expired(now)?.len();
    let association = if dir.join(claim_assoc::desk::ASSOCIATION_FILE).exists() {
        let days = store.retention_days()?;
        let mut desk = claim_assoc::desk::AssocDesk::open(dir)?;
        desk.erase_expired(now, days)?.len()
    } else {
        0
    };
    Ok(Erased { shop, association })
}

/// The retention time, set first if `days` is given.
pub fn retention(store: &mut Store, days: Option<u32>) -> AppResult<u32> {
    if let Some(days) = days {
        store.set_retention_days(days)?;
    }
    Ok(store.retention_days()?)
}

/// The desk the window opens as, set first if `choice` is given. Before
/// anyone chose, a data folder that holds the association's received claims
/// and no business of its own is the association's (it was used that way
/// before the choice existed); any other is the owner's, who are most users.
pub fn desk(store: &mut Store, dir: &Path, choice: Option<Desk>) -> AppResult<Desk> {
    if let Some(desk) = choice {
        store.set_desk(desk)?;
    }
    if let Some(desk) = store.desk()? {
        return Ok(desk);
    }
    let association_only =
        dir.join(claim_assoc::desk::ASSOCIATION_FILE).exists() && store.businesses()?.is_empty();
    Ok(if association_only {
        Desk::Association
    } else {
        Desk::Owner
    })
}

/// The customer notice for this shop: its name and phone when the store
/// holds exactly one business profile, and the retention time in force.
pub fn customer_notice(store: &Store, lang: Lang) -> AppResult<CustomerNotice> {
    let days = store.retention_days()?;
    let businesses = store.businesses()?;
    let (name, phone) = match businesses.as_slice() {
        [only] => (
            Some(only.name.clone()),
            only.document["phone"].as_str().map(str::to_owned),
        ),
        _ => (None, None),
    };
    Ok(notice_text(lang, name.as_deref(), phone.as_deref(), days))
}

/// The customer notice as a printable PDF at `out`, written whole.
pub fn customer_notice_pdf(store: &Store, lang: Lang, out: &Path) -> AppResult<()> {
    let notice = customer_notice(store, lang)?;
    let bytes = claim_pdf::render_notice(
        &notice,
        crate::app::clock::now(),
        &claim_pdf::FontChoice::System,
    )?;
    crate::app::files::write_whole(out, &bytes)
        .map_err(|error| crate::app::AppError::write(out, &error))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Unchosen, a folder is the owner's unless it holds only the
    /// association's received claims; a choice, once made, wins.
    #[test]
    fn the_desk_before_and_after_a_choice() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        assert_eq!(desk(&mut store, dir.path(), None).unwrap(), Desk::Owner);
        claim_assoc::desk::AssocDesk::open(dir.path()).unwrap();
        assert_eq!(
            desk(&mut store, dir.path(), None).unwrap(),
            Desk::Association
        );
        assert_eq!(
            desk(&mut store, dir.path(), Some(Desk::Owner)).unwrap(),
            Desk::Owner
        );
        assert_eq!(desk(&mut store, dir.path(), None).unwrap(), Desk::Owner);
        assert_eq!(
            desk(&mut store, dir.path(), Some(Desk::Association)).unwrap(),
            Desk::Association
        );
    }
}
