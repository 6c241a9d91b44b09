//! The WebView2 runtime, which draws the window on Windows. Windows 11 and
//! an updated Windows 10 have it; an older or stripped PC may not, and then
//! Tauri cannot make the window and the program would end (or hang) with
//! nothing said. So the window program looks for the runtime first, the way
//! Microsoft documents (the Evergreen runtime's EdgeUpdate client key, per
//! machine or per user; the installer looks at the same keys), and when it
//! is missing says so in a message box and in the log, and exits non-zero.
//!
//! The decision and the words are plain Rust, tested on every platform; only
//! reading the registry, the box and the log file are Windows-only.

/// The Evergreen WebView2 runtime's client id in EdgeUpdate's keys.
pub const RUNTIME_CLIENT: &str = "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}";

/// Where Microsoft's download page for the runtime is.
pub const DOWNLOAD_PAGE: &str = "https://go.microsoft.com/fwlink/p/?LinkId=2124703";

/// The version the runtime's `pv` values name, if any names one: Microsoft
/// documents an empty value or `0.0.0.0` as "not installed" (an uninstall
/// leaves that behind).
pub fn installed_version<I>(pv_values: I) -> Option<String>
where
    I: IntoIterator<Item = Option<String>>,
{
    pv_values
        .into_iter()
        .flatten()
        .map(|value| value.trim().to_owned())
        .find(|value| !value.is_empty() && value != "0.0.0.0")
}

/// The message box's title.
pub const MISSING_TITLE: &str = "ClaimDesk 피해 접수";

/// What the owner reads when the runtime is missing: what is missing, how to
/// get it, and that the command line still works.
pub fn missing_message() -> String {
    format!(
        "ClaimDesk 창을 열려면 Microsoft Edge WebView2 런타임이 필요한데, 이 PC에는 설치되어 있지 않습니다.\n\n\
         설치 방법: Microsoft 누리집 {DOWNLOAD_PAGE} 에서 'Evergreen 부트스트래퍼'를 받아 실행한 뒤 \
         ClaimDesk를 다시 여세요. 인터넷이 안 되는 PC라면 다른 PC에서 'Evergreen 독립 실행형 설치 관리자(x64)'를 \
         받아 옮겨 설치하면 됩니다. 저장한 청구서는 그대로 있습니다.\n\n\
         (The Microsoft Edge WebView2 Runtime, which draws the ClaimDesk window, is not installed on this PC. \
         Install it from {DOWNLOAD_PAGE} and open ClaimDesk again. Your saved claims are kept.)"
    )
}

/// The log line written when the runtime is missing (no personal data: it
/// names only the keys looked at).
pub fn missing_log_line(at: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "[{}][claimdesk::window][ERROR] the WebView2 runtime is missing (no version under \
         EdgeUpdate\\Clients\\{RUNTIME_CLIENT} for the machine or the user): \
         told the owner how to install it, and did not open the window",
        at.with_timezone(&claim_core::dates::KST)
            .format("%Y-%m-%d][%H:%M:%S")
    )
}

/// Windows: the runtime's version, or `None` when it is missing.
#[cfg(windows)]
pub fn find() -> Option<String> {
    use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, KEY_READ, KEY_WOW64_32KEY};
    use winreg::RegKey;
    let client = format!("Software\\Microsoft\\EdgeUpdate\\Clients\\{RUNTIME_CLIENT}");
    let pv = |key: std::io::Result<RegKey>| key.ok().and_then(|key| key.get_value("pv").ok());
    // A fixed-version runtime the owner points at is also a runtime.
    let fixed = std::env::var("WEBVIEW2_BROWSER_EXECUTABLE_FOLDER")
        .ok()
        .filter(|folder| std::path::Path::new(folder).is_dir());
    installed_version([
        fixed,
        // Per machine: the 32-bit view (WOW6432Node) on 64-bit Windows.
        pv(RegKey::predef(HKEY_LOCAL_MACHINE)
            .open_subkey_with_flags(&client, KEY_READ | KEY_WOW64_32KEY)),
        pv(RegKey::predef(HKEY_CURRENT_USER).open_subkey(&client)),
    ])
}

/// Windows: says that the runtime is missing, in the log and in a message
/// box the owner closes.
#[cfg(windows)]
pub fn tell_missing() {
    let line = missing_log_line(crate::app::clock::now());
    eprintln!("{line}");
    if let Some(logs) = dirs::data_local_dir()
        .map(|dir| dir.join(crate::app::data_dir::APP_IDENTIFIER).join("logs"))
    {
        // The same file the log plugin writes once the window runs.
        let appended = std::fs::create_dir_all(&logs).and_then(|()| {
            use std::io::Write;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(logs.join("claimdesk.log"))
                .and_then(|mut file| writeln!(file, "{line}"))
        });
        if let Err(error) = appended {
            eprintln!("claimdesk-window: could not write the log: {error}");
        }
    }
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(MISSING_TITLE)
        .set_description(missing_message())
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_is_the_first_real_one() {
        assert_eq!(installed_version([None, None]), None);
        assert_eq!(
            installed_version([Some(String::new()), Some("0.0.0.0".into())]),
            None,
            "an empty value and 0.0.0.0 mean not installed"
        );
        assert_eq!(
            installed_version([None, Some(" 131.0.2903.70 ".into()), Some("1.0".into())]),
            Some("131.0.2903.70".into())
        );
    }

    #[test]
    fn the_message_says_what_is_missing_and_how_to_get_it() {
        let message = missing_message();
        assert!(message.contains("WebView2 런타임"));
        assert!(message.contains(DOWNLOAD_PAGE));
        assert!(message.contains("다시 여세요"));
    }

    #[test]
    fn the_log_line_is_in_korea_time() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-03T15:30:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let line = missing_log_line(at);
        assert!(
            line.starts_with("[2026-12-04][00:30:00][claimdesk::window][ERROR]"),
            "{line}"
        );
        assert!(line.contains(RUNTIME_CLIENT));
    }
}
