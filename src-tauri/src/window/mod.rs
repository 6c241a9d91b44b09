//! The window: the Tauri host of the command surface (`crate::commands`).
//! It starts Tauri, registers one Tauri command per listed command, each
//! reading its JSON body and the window's language and handing both to
//! [`Surface::call`], and answers the dialogs and the opener for the
//! surface. Only this module knows Tauri, and the headless build leaves it
//! out.

mod screen;
pub mod webview_runtime;

use crate::commands::error::{CommandError, CommandResult};
use crate::commands::{payload, Dialog, Host, Surface};
use claim_core::Lang;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tauri::ipc::{InvokeBody, Request};
use tauri::Manager;
use tauri_plugin_log::{Target, TargetKind};

include!("../commands/list.rs");

/// The header `api.js` names the window's language in, so that a failure
/// reads in it.
const LANG_HEADER: &str = "x-claimdesk-lang";

/// Runs the command `name` on a request from the page.
fn call(name: &str, request: &Request<'_>, surface: &Surface) -> CommandResult<serde_json::Value> {
    let lang = request
        .headers()
        .get(LANG_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(Lang::parse);
    let body = match request.body() {
        InvokeBody::Json(body) => body,
        InvokeBody::Raw(_) => return Err(payload::refuse_raw()),
    };
    surface
        .call(name, body, lang)
        .unwrap_or_else(|| Err(payload::malformed()))
}

/// One Tauri command per listed command, each a call of the surface.
mod tauri_commands {
    use super::{call, CommandError, Surface};
    use tauri::ipc::Request;
    use tauri::State;

    macro_rules! tauri_command {
        ($($module:ident :: $name:ident),* $(,)?) => {
            $(
                #[tauri::command(async)]
                pub fn $name(
                    request: Request<'_>,
                    surface: State<'_, Surface>,
                ) -> Result<serde_json::Value, CommandError> {
                    call(stringify!($name), &request, &surface)
                }
            )*
        };
    }
    window_commands!(tauri_command);
}

/// Tauri's invoke handler for every command of the list.
macro_rules! invoke_handler {
    ($($module:ident :: $name:ident),* $(,)?) => {
        tauri::generate_handler![$(tauri_commands::$name),*]
    };
}

/// The system's dialogs (Tauri's dialog plugin) and the desktop's opener.
struct WindowHost {
    app: tauri::AppHandle,
}

impl Host for WindowHost {
    fn pick(&self, asked: &Dialog<'_>) -> Option<Vec<PathBuf>> {
        use tauri_plugin_dialog::DialogExt;
        let (name, extensions) = asked.purpose.filter(asked.lang);
        let mut dialog = self.app.dialog().file().add_filter(name, extensions);
        if let Some(title) = asked.title {
            dialog = dialog.set_title(title);
        }
        if let Some(file_name) = asked.suggested_name {
            dialog = dialog.set_file_name(file_name);
        }
        let paths = if asked.purpose.saves() {
            dialog.blocking_save_file().map(|path| vec![path])
        } else if asked.purpose.many() {
            dialog.blocking_pick_files()
        } else {
            dialog.blocking_pick_file().map(|path| vec![path])
        };
        paths.map(|paths| {
            paths
                .into_iter()
                .filter_map(|path| path.into_path().ok())
                .collect()
        })
    }

    fn open(&self, path: &Path) -> Result<(), String> {
        tauri_plugin_opener::open_path(path, None::<&str>).map_err(|error| error.to_string())
    }
}

pub fn run(started: Instant) -> ExitCode {
    // Without WebView2 Tauri cannot make the window: say so, never die silently.
    #[cfg(windows)]
    if webview_runtime::find().is_none() {
        webview_runtime::tell_missing();
        return ExitCode::from(2);
    }
    // WebKit's DMA-BUF renderer keeps GPU-shareable buffers the form never
    // needs: without it the app idles at about 214 MB PSS instead of 309 MB
    // (measured under Xvfb, `cargo bench -p claimdesk-e2e --bench desktop`).
    // (Turning compositing off instead saves about as much, 218 MB; both
    // together no more.) An owner's own setting wins.
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    let result = tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
            log::info!("second launch: focused the running window");
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .clear_targets()
                .targets([
                    // A data folder named by CLAIMDESK_DATA_DIR (a drill, a
                    // test) keeps its log beside its data.
                    Target::new(match crate::app::data_dir::named_by_environment() {
                        Some(dir) => TargetKind::Folder {
                            path: dir.join("logs"),
                            file_name: Some("claimdesk".into()),
                        },
                        None => TargetKind::LogDir {
                            file_name: Some("claimdesk".into()),
                        },
                    }),
                    Target::new(TargetKind::Stdout),
                ])
                .level(log::LevelFilter::Info)
                .max_file_size(2 * 1024 * 1024)
                .build(),
        )
        // The system's open and save dialogs, called from the window.
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            // Nothing here opens a file: the store opens on the first command
            // that needs it and the daily backup starts once the window is
            // painted (`shop::window_ready`), so the window shows first.
            app.manage(Surface::new(
                crate::app::data_dir::resolve(None),
                Box::new(WindowHost {
                    app: app.handle().clone(),
                }),
                started,
            ));
            if let Some(window) = app.get_webview_window("main") {
                screen::fit_to_screen(&window);
            }
            Ok(())
        })
        .invoke_handler(window_commands!(invoke_handler))
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("claimdesk: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
}
