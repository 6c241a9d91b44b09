//! `claimdesk`: with a subcommand it works headless (no display, no window);
//! with no arguments it will open the desktop window (issue #3 adds the Tauri
//! shell; until then it prints the command-line help).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(std::env::args_os())
}
