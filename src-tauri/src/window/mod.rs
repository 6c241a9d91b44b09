//! The window: Tauri start-up, the commands the UI calls (`shop`,
//! `association`), the payloads they read (`payload`) and the errors they
//! answer with (`error`). Thin glue over `app`; every check and message
//! comes from there. Only this module knows Tauri, and the headless build
//! leaves it out.

mod association;
pub mod chosen;
pub mod error;
pub mod payload;
mod screen;
mod shop;
pub mod webview_runtime;

use error::{note_window_lang, CommandResult};
use serde::de::DeserializeOwned;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Instant;
use tauri::ipc::{InvokeBody, Request};
use tauri::Manager;
use tauri_plugin_log::{Target, TargetKind};

include!("command_list.rs");

/// The header `api.js` names the window's language in, so that a failure
/// reads in it.
const LANG_HEADER: &str = "x-claimdesk-lang";

/// Reads a command's JSON payload, and the window's language from its header.
pub fn read_body<T: DeserializeOwned>(request: &Request<'_>) -> CommandResult<T> {
    if let Some(lang) = request
        .headers()
        .get(LANG_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(claim_core::Lang::parse)
    {
        note_window_lang(lang);
    }
    match request.body() {
        InvokeBody::Json(body) => payload::read(body),
        InvokeBody::Raw(_) => Err(payload::refuse_raw()),
    }
}

/// Tauri's invoke handler for every command of the list.
macro_rules! invoke_handler {
    ($($module:ident :: $name:ident),* $(,)?) => {
        tauri::generate_handler![$($module::$name),*]
    };
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
        // Files chosen in dialogs Rust opens (the page holds tokens).
        .manage(chosen::ChosenFiles::from_environment())
        .manage(shop::Started {
            at: started,
            reported: AtomicBool::new(false),
        })
        .setup(|app| {
            // Nothing here opens a file: the store opens on the first command
            // that needs it and the daily backup starts once the window is
            // painted (`shop::window_ready`), so the window shows first.
            let data_dir = crate::app::data_dir::resolve(None);
            let copy = || {
                data_dir
                    .as_ref()
                    .map(Clone::clone)
                    .map_err(|_| crate::app::AppError::DataDir)
            };
            app.manage(shop::ShopState::new(copy()));
            app.manage(association::AssociationState::new(copy()));
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
