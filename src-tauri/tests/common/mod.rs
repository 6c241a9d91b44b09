//! What the binary's tests share.

/// The binary under test: `$CLAIMDESK_BIN` (CI points it at the release
/// build `tauri build` made, or at the installed package), else this package's.
pub fn claimdesk_binary() -> std::path::PathBuf {
    std::env::var_os("CLAIMDESK_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_claimdesk").into())
}
