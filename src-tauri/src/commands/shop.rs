//! The shop's state the commands run on. Each reads its payload, calls one use case of
//! `app` and answers with its result or `{code, message}`. Nothing here
//! logs what a claim holds.

use super::error::{CommandError, CommandResult, WindowError};
use crate::app::{self, AppError};
use claim_store::Store;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::Instant;

/// The shop's store as the window holds it: open, or why it could not be
/// opened (the window still starts, so the owner can restore a backup).
pub struct ShopState {
    data_dir: Result<PathBuf, CommandError>,
    /// `None` until the first command that needs the store opens it. The page
    /// asks at once, but on a worker thread (the commands are async): the
    /// window paints while the store opens and migrates, instead of after.
    pub(super) store: Mutex<Option<Result<Store, CommandError>>>,
    /// The PDFs this window made: the only files it may ask the system to
    /// open, so the window cannot be used to launch anything else.
    made_pdfs: Mutex<HashSet<PathBuf>>,
    /// The bundles this window made: only their folder is ever opened.
    made_bundles: Mutex<HashSet<PathBuf>>,
}

type StoreSlot<'a> = std::sync::MutexGuard<'a, Option<Result<Store, CommandError>>>;

impl ShopState {
    /// The state before anything is opened: costs the window's start nothing.
    pub fn new(data_dir: Result<PathBuf, AppError>) -> ShopState {
        ShopState {
            data_dir: data_dir.map_err(CommandError::from),
            store: Mutex::new(None),
            made_pdfs: Mutex::new(HashSet::new()),
            made_bundles: Mutex::new(HashSet::new()),
        }
    }

    /// Opens the store as any host opens it for the day's work
    /// (`app::claims::open_for_work`).
    pub(super) fn open(data_dir: &Result<PathBuf, CommandError>) -> Result<Store, CommandError> {
        let store = match data_dir {
            Ok(dir) => app::claims::open_for_work(dir).map_err(CommandError::from),
            Err(error) => Err(error.clone()),
        };
        if let Err(error) = &store {
            log::error!("the store did not open: {}", error.code);
        }
        store
    }

    /// The store, opened by this call if it is the first to need it (a
    /// caller meanwhile waits on the lock).
    pub(super) fn opened(&self) -> CommandResult<StoreSlot<'_>> {
        let mut slot = self.store.lock()?;
        if slot.is_none() {
            *slot = Some(Self::open(&self.data_dir));
        }
        Ok(slot)
    }

    /// The incidents claims may name: the store's (built in and imported),
    /// or the built-in ones while the store is not open.
    pub(super) fn known_incidents(&self) -> claim_core::Incidents {
        self.opened()
            .ok()
            .and_then(|slot| {
                slot.as_ref()
                    .and_then(|store| store.as_ref().ok())
                    .map(app::claims::known_incidents)
            })
            .unwrap_or_default()
    }

    pub(super) fn data_dir(&self) -> CommandResult<&Path> {
        self.data_dir.as_deref().map_err(Clone::clone)
    }

    /// Runs `work` on the open store, one caller at a time.
    pub(super) fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store) -> CommandResult<T>,
    ) -> CommandResult<T> {
        match &mut *self.opened()? {
            Some(Ok(store)) => work(store),
            Some(Err(error)) => Err(error.clone()),
            None => Err(WindowError::Internal.into()),
        }
    }

    pub(super) fn made(&self, path: &Path) -> CommandResult<()> {
        self.made_pdfs.lock()?.insert(path.to_owned());
        Ok(())
    }

    pub(super) fn made_bundle(&self, path: &Path) -> CommandResult<()> {
        self.made_bundles.lock()?.insert(path.to_owned());
        Ok(())
    }

    /// The folder holding `path`, if this window made that file (a PDF or
    /// a bundle): the folders it may show, and no others.
    pub(super) fn folder_of_made<'p>(&self, path: &'p Path) -> CommandResult<&'p Path> {
        let made =
            self.made_pdfs.lock()?.contains(path) || self.made_bundles.lock()?.contains(path);
        match path.parent() {
            Some(folder) if made => Ok(folder),
            _ => Err(WindowError::NotMadeHere.into()),
        }
    }

    /// `path` if this window made it: the window opens nothing else.
    pub(super) fn made_pdf<'p>(&self, path: &'p Path) -> CommandResult<&'p Path> {
        if self.made_pdfs.lock()?.contains(path) {
            Ok(path)
        } else {
            Err(WindowError::NotMadeHere.into())
        }
    }
}

/// When the process started, to log how long the window took to be ready.
pub struct Started {
    pub at: Instant,
    pub reported: AtomicBool,
}
