//! Generates the Tauri context (config, assets, permissions) for the desktop
//! build. The headless build (`--no-default-features`) has nothing to generate.

fn main() {
    #[cfg(feature = "desktop")]
    desktop();
}

/// Every command of the app (`src/desktop.rs`, `src/commands.rs`).
#[cfg(feature = "desktop")]
const COMMANDS: &[&str] = &[
    "check_registration_number",
    "window_ready",
    "store_status",
    "claims_list",
    "claim_get",
    "claim_save",
    "claim_set_status",
    "claim_duplicate",
    "claim_delete",
    "claim_import",
    "claim_export",
    "evidence_add",
    "evidence_remove",
    "sales_preview",
    "claims_bundle",
    "assoc_take_in",
    "assoc_progress",
    "assoc_cancel",
    "assoc_list",
    "assoc_claim",
    "assoc_review",
    "assoc_note",
    "assoc_stats",
    "assoc_export",
    "business_list",
    "business_save",
    "backup_now",
    "backup_restore",
    "claim_pdf",
    "claim_import_pdf",
    "claim_assess",
    "reference_data",
    "check_business",
    "claim_pdf_open",
    "incidents_list",
    "incident_import",
    "claim_erase_customers",
    "retention_get",
    "retention_set",
    "customer_notice",
    "customer_notice_pdf",
    "assoc_erase_customers",
    "keys_list",
    "key_trust",
];

#[cfg(feature = "desktop")]
fn desktop() {
    // Declaring the app's commands makes each one a permission that a
    // capability must grant: a command no capability names cannot be called.
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        println!("cargo::error=tauri-build failed: {error:#}");
    }
}
