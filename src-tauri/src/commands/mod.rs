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

// The commands by area; `shop` is the shop's state they run on.
mod association;
mod backup;
mod business;
pub mod chosen;
mod claims;
pub mod error;
mod evidence;
mod incidents;
mod online;
mod page;
pub mod payload;
mod privacy;
mod replies;
mod sales;
mod shop;

include!("list.rs");
include!("desk_list.rs");

pub use association::DeskAt;

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

/// The commands the association's server serves (each also in [`COMMANDS`]).
pub const DESK_COMMANDS: &[&str] = desk_commands!(command_names);

/// Runs the association's review command `name` on the JSON `body` against
/// the desk `at` gives; `None` when no such command is served there.
pub fn call_desk<A: association::DeskAt>(
    at: &A,
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
                $(stringify!($command) => Some(answer(at, body, $module::$command)),)*
                _ => None,
            }
        };
    }
    desk_commands!(dispatch)
}

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
fn answer<At, Request: DeserializeOwned, Response: Serialize>(
    at: &At,
    body: &serde_json::Value,
    command: fn(&At, Request) -> CommandResult<Response>,
) -> CommandResult<serde_json::Value> {
    let request = payload::read(body)?;
    let response = command(at, request)?;
    serde_json::to_value(response).map_err(|_| CommandError::from(WindowError::Internal))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// The field names the request type of `command` reads.
    fn fields_of<Request: DeserializeOwned, Response>(
        _: fn(&Surface, Request) -> CommandResult<Response>,
    ) -> BTreeSet<&'static str> {
        serde_aux::serde_introspection::serde_introspect::<Request>()
            .iter()
            .copied()
            .collect()
    }

    /// Each listed command's request fields, by command name.
    fn request_fields() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
        macro_rules! fields {
            ($($module:ident :: $command:ident),* $(,)?) => {
                BTreeMap::from([$((stringify!($command), fields_of($module::$command))),*])
            };
        }
        window_commands!(fields)
    }

    /// The keys of the object literals `api.js` sends each command: `{ a,
    /// b: x }`, in every branch of a `?:`, spreads of a variable left out.
    fn keys_api_js_sends() -> BTreeMap<String, BTreeSet<String>> {
        let api = include_str!("../../../ui/js/api.js");
        let mut sent: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for call in api.split("call(\"").skip(1) {
            let Some((name, rest)) = call.split_once('"') else {
                continue;
            };
            // The payload: up to the call's closing parenthesis.
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(rest.len(), |(at, _)| at);
            let payload = &rest[..end];
            let keys = sent.entry(name.to_owned()).or_default();
            // A key is a word right after `{` or `,` and before `:`, `,` or `}`.
            let bytes: Vec<char> = payload.chars().collect();
            let mut at = 0;
            while at < bytes.len() {
                if bytes[at] == '{' || bytes[at] == ',' {
                    let mut start = at + 1;
                    while start < bytes.len() && bytes[start].is_whitespace() {
                        start += 1;
                    }
                    let mut stop = start;
                    while stop < bytes.len()
                        && (bytes[stop].is_alphanumeric() || bytes[stop] == '_')
                    {
                        stop += 1;
                    }
                    let mut after = stop;
                    while after < bytes.len() && bytes[after].is_whitespace() {
                        after += 1;
                    }
                    if stop > start
                        && after < bytes.len()
                        && matches!(bytes[after], ':' | ',' | '}')
                    {
                        keys.insert(bytes[start..stop].iter().collect());
                    }
                }
                at += 1;
            }
        }
        sent
    }

    #[test]
    fn every_key_api_js_sends_is_a_field_of_the_commands_request() {
        let fields = request_fields();
        let sent = keys_api_js_sends();
        assert_eq!(
            sent.keys().map(String::as_str).collect::<BTreeSet<_>>(),
            fields.keys().copied().collect::<BTreeSet<_>>(),
            "api.js calls exactly the listed commands"
        );
        let mut wrong = Vec::new();
        for (command, keys) in &sent {
            for key in keys {
                if !fields[command.as_str()].contains(key.as_str()) {
                    wrong.push(format!(
                        "{command}: api.js sends `{key}`, the request has {:?}",
                        fields[command.as_str()]
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // The reading finds what it should: a command with several keys.
        assert_eq!(
            sent["evidence_add"],
            BTreeSet::from(["claim_id".to_owned(), "kind".to_owned(), "file".to_owned()])
        );
        assert!(fields["evidence_add"].contains("claim_id"));
    }

    #[test]
    fn the_servers_commands_are_the_windows_too() {
        for name in DESK_COMMANDS {
            assert!(COMMANDS.contains(name), "{name} is served but not listed");
        }
        assert!(DESK_COMMANDS.contains(&"assoc_review"));
        assert!(!DESK_COMMANDS.contains(&"assoc_take_in"));
    }

    #[test]
    fn the_surface_answers_every_listed_command_and_no_other() {
        let dir = std::env::temp_dir().join(format!("surface-{}", uuid::Uuid::now_v7()));
        #[derive(Debug)]
        struct NoDesktop;
        impl Host for NoDesktop {
            fn pick(&self, _: &Dialog<'_>) -> Option<Vec<PathBuf>> {
                None
            }
            fn open(&self, _: &Path) -> Result<(), String> {
                Err("none".to_owned())
            }
        }
        let surface = Surface::new(Ok(dir.clone()), Box::new(NoDesktop), Instant::now());
        for name in COMMANDS {
            // A body no command takes: each listed command answers for
            // itself (refusing it), none is unknown.
            let answer = surface.call(name, &serde_json::json!([1, 2, 3]), None);
            assert!(
                matches!(&answer, Some(Err(error)) if error.code == claim_core::FailureCode::Payload),
                "{name}: {answer:?}"
            );
        }
        assert!(surface
            .call("no_such_command", &serde_json::json!({}), None)
            .is_none());
        let _ = std::fs::remove_dir_all(dir);
    }
}
