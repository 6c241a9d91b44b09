//! `claimdesk`: with a subcommand (or `--help`/`--version`) it works headless
//! and never touches GTK, so it runs without a display; with no arguments it
//! opens the window.

use claimdesk::{app, cli};
use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let args: Vec<OsString> = std::env::args_os().collect();
    if let Err(message) = app::clock::init() {
        eprintln!("claimdesk: {message}");
        return ExitCode::from(2);
    }
    if wants_command_line(&args) {
        return cli::run(args);
    }
    #[cfg(feature = "desktop")]
    return claimdesk::window::run(started);
    #[cfg(not(feature = "desktop"))]
    {
        let _ = started;
        cli::run(args)
    }
}

/// A subcommand or a help/version flag means the command line. Anything else
/// (no arguments, or flags a launcher adds such as WebKit's `--automation`)
/// opens the window.
fn wants_command_line(args: &[OsString]) -> bool {
    match args.get(1).and_then(|arg| arg.to_str()) {
        None => false,
        Some("-h" | "--help" | "-V" | "--version") => true,
        Some(arg) => !arg.starts_with('-'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("claimdesk")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn which_arguments_mean_the_command_line() {
        assert!(!wants_command_line(&args(&[])));
        assert!(!wants_command_line(&args(&["--automation"])));
        assert!(wants_command_line(&args(&["validate", "x.json"])));
        assert!(wants_command_line(&args(&["--help"])));
        assert!(wants_command_line(&args(&["-V"])));
        assert!(wants_command_line(&args(&["frobnicate"])));
    }
}
