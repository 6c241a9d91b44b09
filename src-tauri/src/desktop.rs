//! The window: Tauri setup and the commands the UI calls. Thin glue: every
//! check and message comes from `claim_core`; payloads are read by `payload`.

use crate::commands::{self, read_body, Desk};
use crate::payload::{CommandError, Empty, RegistrationNumberRequest};
use claim_core::field::{self, RegistrationNumberFeedback};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use tauri::ipc::Request;
use tauri::Manager;
use tauri_plugin_log::{Target, TargetKind};

/// When the process started, to log how long the window took to be ready.
struct Started {
    at: Instant,
    reported: AtomicBool,
}

/// Feedback on a registration number as the owner types it.
#[tauri::command]
fn check_registration_number(
    request: Request<'_>,
) -> Result<RegistrationNumberFeedback, CommandError> {
    let request: RegistrationNumberRequest = read_body(&request)?;
    let feedback = field::registration_number(&request.text.0, request.lang.0);
    // The number itself is not logged: only whether it passed.
    log::debug!("registration number checked: valid={}", feedback.valid);
    Ok(feedback)
}

/// Called by the UI once its first screen is painted.
#[tauri::command]
fn window_ready(
    request: Request<'_>,
    started: tauri::State<'_, Started>,
) -> Result<(), CommandError> {
    let _: Empty = read_body(&request)?;
    if !started.reported.swap(true, Ordering::SeqCst) {
        log::info!(
            "window ready {} ms after start",
            started.at.elapsed().as_millis()
        );
    }
    Ok(())
}

pub fn run(started: Instant) -> ExitCode {
    // WebKit's DMA-BUF renderer keeps GPU-shareable buffers the form never
    // needs: without it the app idles at about 207 MB PSS instead of 289 MB
    // (measured under Xvfb, `cargo bench -p claimdesk-e2e --bench desktop`).
    // (Turning compositing off instead saves about as much, 211 MB.) An
    // owner's own setting wins.
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
                    Target::new(TargetKind::LogDir {
                        file_name: Some("claimdesk".into()),
                    }),
                    Target::new(TargetKind::Stdout),
                ])
                .level(log::LevelFilter::Info)
                .max_file_size(2 * 1024 * 1024)
                .build(),
        )
        // The system's open and save dialogs, called from the window.
        .plugin(tauri_plugin_dialog::init())
        .manage(Started {
            at: started,
            reported: AtomicBool::new(false),
        })
        .setup(|app| {
            // After the log plugin, so opening and backing up are logged.
            let data_dir = crate::data_dir::resolve(None);
            app.manage(Desk::open(data_dir.clone()));
            app.manage(crate::assoc_commands::AssocState::new(data_dir.clone()));
            commands::start_daily_backup(&data_dir);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            check_registration_number,
            window_ready,
            commands::store_status,
            commands::claims_list,
            commands::claim_get,
            commands::claim_save,
            commands::claim_set_status,
            commands::claim_duplicate,
            commands::claim_delete,
            commands::claim_import,
            commands::claim_export,
            commands::evidence_add,
            commands::evidence_remove,
            commands::sales_preview,
            commands::claims_bundle,
            crate::assoc_commands::assoc_take_in,
            crate::assoc_commands::assoc_progress,
            crate::assoc_commands::assoc_cancel,
            crate::assoc_commands::assoc_list,
            crate::assoc_commands::assoc_claim,
            crate::assoc_commands::assoc_review,
            crate::assoc_commands::assoc_note,
            crate::assoc_commands::assoc_stats,
            crate::assoc_commands::assoc_export,
            commands::business_list,
            commands::business_save,
            commands::backup_now,
            commands::backup_restore,
            commands::claim_pdf,
            commands::claim_import_pdf,
            commands::claim_assess,
            commands::reference_data,
            commands::check_business,
            commands::claim_pdf_open,
            commands::incidents_list,
            commands::incident_import,
            commands::claim_erase_customers,
            commands::retention_get,
            commands::retention_set,
            commands::customer_notice,
            commands::customer_notice_pdf,
            crate::assoc_commands::assoc_erase_customers,
            commands::keys_list,
            commands::key_trust,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("claimdesk: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
}
