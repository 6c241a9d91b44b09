//! Backups made and restored by hand. Each command reads its request, calls `app` and answers.

use super::chosen::Purpose;
use super::error::{CommandError, CommandResult, WindowError};
use super::payload::FileRequest;
use super::Surface;
use crate::app;
use serde::Serialize;

/// "Back up now" to a file the owner chose.
#[derive(Serialize)]
pub struct BackupDone {
    path: String,
}

pub fn backup_now(
    at: &Surface,
    FileRequest { file: token }: FileRequest,
) -> CommandResult<BackupDone> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SaveBackup])?;
    shop.with_store(|store| {
        app::claims::backup(store, &file)?;
        log::info!("manual backup written");
        Ok(BackupDone {
            path: file.display().to_string(),
        })
    })
}

#[derive(Serialize)]
pub struct Restored {
    claims: usize,
}

/// Replaces the store with a backup. Works also when the store could not be
/// opened: that is when an owner needs it most.
pub fn backup_restore(
    at: &Surface,
    FileRequest { file: token }: FileRequest,
) -> CommandResult<Restored> {
    let shop = &at.shop;
    let association = &at.association;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::BackupToRestore])?;
    let dir = shop.data_dir()?.to_owned();
    // The association's desk in this folder holds its lock too.
    association.close_desk()?;
    let mut slot = shop.store.lock()?;
    // Close the current connection before its file is replaced.
    *slot = Some(Err(WindowError::Internal.into()));
    match app::claims::restore(&dir, &file) {
        Ok((store, claims)) => {
            *slot = Some(Ok(store));
            log::info!("restored a backup with {claims} claims");
            Ok(Restored { claims })
        }
        Err(error) => {
            // The data is as it was: open it again as it is.
            *slot = Some(app::claims::open_store(&dir).map_err(CommandError::from));
            Err(error.into())
        }
    }
}
