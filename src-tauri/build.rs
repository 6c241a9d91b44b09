//! Generates the Tauri context (config, assets, permissions) for the desktop
//! build. The headless build (`--no-default-features`) has nothing to generate.

fn main() {
    #[cfg(feature = "desktop")]
    desktop();
}

// The one list of the window's commands (`window_commands!`).
#[cfg(feature = "desktop")]
include!("src/commands/list.rs");

/// The command names of the list.
#[cfg(feature = "desktop")]
macro_rules! command_names {
    ($($module:ident :: $name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}

#[cfg(feature = "desktop")]
const COMMANDS: &[&str] = window_commands!(command_names);

#[cfg(feature = "desktop")]
fn desktop() {
    println!("cargo::rerun-if-changed=src/commands/list.rs");
    // Declaring the app's commands makes each one a permission that a
    // capability must grant: a command no capability names cannot be called.
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        println!("cargo::error=tauri-build failed: {error:#}");
    }
}
