//! Generates the Tauri context (config, assets, permissions) for the desktop
//! build. The headless build (`--no-default-features`) has nothing to generate.

fn main() {
    #[cfg(feature = "desktop")]
    desktop();
}

#[cfg(feature = "desktop")]
fn desktop() {
    // Declaring the app's commands makes each one a permission that a
    // capability must grant: a command no capability names cannot be called.
    let manifest =
        tauri_build::AppManifest::new().commands(&["check_registration_number", "window_ready"]);
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        println!("cargo::error=tauri-build failed: {error:#}");
    }
}
