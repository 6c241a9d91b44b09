//! The command surface: every command the page calls, written once as a
//! plain function `fn(&Surface, Request) -> CommandResult<Response>` over
//! `app`, with its request type (`payload`) beside it. Nothing here knows
//! Tauri or HTTP: the hosts (`window`, the Tauri window; `http_host`, the
//! same commands served on 127.0.0.1) read a JSON body, name a command and
//! hand both to [`Surface::call`], and give the page back its answer or
//! `{code, message}`.
//!
//! What differs between hosts is behind [`Host`]: the system's file dialog
//! and the desktop's opener.

mod association;
pub mod chosen;
pub mod error;
pub mod payload;
mod shop;

include!("list.rs");

use crate::app::AppError;
use claim_core::Lang;
use error::{CommandError, CommandResult, WindowError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// The names of the listed commands, in list order.
macro_rules! command_names {
    ($($module:ident :: $name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}

/// Every command the page may call.
pub const COMMANDS: &[&str] = window_commands!(command_names);

/// A file dialog the page asked for.
#[derive(Debug)]
pub struct Dialog<'a> {
    pub purpose: chosen::Purpose,
    pub title: Option<&'a str>,
    pub suggested_name: Option<&'a str>,
    pub lang: Lang,
}

/// What a host does for the commands that it alone can do.
pub trait Host: Send + Sync {
    /// The system's dialog: the paths the owner picked, or `None` when she
    /// cancelled (or the host has no dialog).
    fn pick(&self, dialog: &Dialog<'_>) -> Option<Vec<PathBuf>>;
    /// Hands `path` (a file or folder this app made) to the desktop's
    /// opener; the opener's own words when it did not start.
    fn open(&self, path: &Path) -> Result<(), String>;
}

/// The state every command runs against, whichever host carries it.
pub struct Surface {
    pub(crate) shop: shop::ShopState,
    pub(crate) association: association::AssociationState,
    pub(crate) chosen: chosen::ChosenFiles,
    pub(crate) started: shop::Started,
    pub(crate) host: Box<dyn Host>,
}

impl std::fmt::Debug for Surface {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Surface")
    }
}

impl Surface {
    /// The surface over the data folder `data_dir` (or why there is none:
    /// the page still starts, and says so). Nothing is opened yet: the
    /// store opens on the first command that needs it.
    pub fn new(
        data_dir: Result<PathBuf, AppError>,
        host: Box<dyn Host>,
        started: Instant,
    ) -> Surface {
        let copy = || {
            data_dir
                .as_ref()
                .map(Clone::clone)
                .map_err(|_| AppError::DataDir)
        };
        Surface {
            shop: shop::ShopState::new(copy()),
            association: association::AssociationState::new(copy()),
            chosen: chosen::ChosenFiles::from_environment(),
            started: shop::Started {
                at: started,
                reported: AtomicBool::new(false),
            },
            host,
        }
    }

    /// Runs the command `name` on the JSON `body`; `None` when no command
    /// has that name. `lang`, when the call names it, is the language its
    /// failure is worded in.
    pub fn call(
        &self,
        name: &str,
        body: &serde_json::Value,
        lang: Option<Lang>,
    ) -> Option<CommandResult<serde_json::Value>> {
        if let Some(lang) = lang {
            error::note_window_lang(lang);
        }
        macro_rules! dispatch {
            ($($module:ident :: $command:ident),* $(,)?) => {
                match name {
                    $(stringify!($command) => Some(answer(self, body, $module::$command)),)*
                    _ => None,
                }
            };
        }
        window_commands!(dispatch)
    }

    /// Hands `path` to the host's opener, as the owner's viewer or file
    /// manager would open it.
    pub(crate) fn open_on_desktop(&self, path: &Path) -> CommandResult<()> {
        self.host.open(path).map_err(|reason| {
            log::warn!("the desktop's opener did not start: {reason}");
            WindowError::Viewer {
                path: path.display().to_string(),
            }
            .into()
        })
    }
}

/// Reads the request a command takes, runs it, and writes its answer.
fn answer<Request: DeserializeOwned, Response: Serialize>(
    at: &Surface,
    body: &serde_json::Value,
    command: fn(&Surface, Request) -> CommandResult<Response>,
) -> CommandResult<serde_json::Value> {
    let request = payload::read(body)?;
    let response = command(at, request)?;
    serde_json::to_value(response).map_err(|_| CommandError::from(WindowError::Internal))
}
