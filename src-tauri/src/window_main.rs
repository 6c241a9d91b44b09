//! `claimdesk-window`: the window program. The command line is the console
//! program `claimdesk`, which starts this one when run with no arguments;
//! on Windows this is a GUI program, so no console window opens behind it.
#![cfg_attr(windows, windows_subsystem = "windows")]

use claimdesk::app;
use std::process::ExitCode;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    if let Err(message) = app::clock::init() {
        eprintln!("claimdesk-window: {message}");
        return ExitCode::from(2);
    }
    // Arguments are a launcher's (WebKit's `--automation`, a second
    // launch's): the window takes no commands.
    claimdesk::window::run(started)
}
