//! `claimdesk`, the console program: with a subcommand (or `--help` /
//! `--version`) it is the command line, headless, and needs no display;
//! with no arguments it starts the window program `claimdesk-window`
//! installed beside it. It never links the window's libraries (GTK, WebKit,
//! WebView2), so a headless command pays nothing for them.

use claimdesk::{app, cli};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The system allocator, counted: a worker caps its own heap with it
/// (app::worker), on every system; for anything else there is no limit.
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // A worker reads one stranger's file for the app (app::worker): before
    // anything else, and with no clock, store or window.
    if args.get(1).and_then(|arg| arg.to_str()) == Some(app::worker::WORKER_ARGUMENT) {
        return app::worker::serve(args.get(2..).unwrap_or_default(), &|bytes| {
            ALLOCATOR.set_limit(bytes).is_ok()
        });
    }
    if let Err(message) = app::clock::init() {
        eprintln!("claimdesk: {message}");
        return ExitCode::from(2);
    }
    if wants_command_line(&args) {
        return cli::run(args);
    }
    start_window(&args)
}

/// A subcommand or a help/version flag means the command line. Anything else
/// (no arguments, or flags a launcher adds such as WebKit's `--automation`)
/// means the window.
fn wants_command_line(args: &[OsString]) -> bool {
    match args.get(1).and_then(|arg| arg.to_str()) {
        None => false,
        Some("-h" | "--help" | "-V" | "--version") => true,
        Some(arg) => !arg.starts_with('-'),
    }
}

/// The window program's file name beside `program`.
fn window_program_beside(program: &Path) -> PathBuf {
    program.with_file_name(if cfg!(windows) {
        "claimdesk-window.exe"
    } else {
        "claimdesk-window"
    })
}

/// Hands over to the window program, with the same arguments and
/// environment (a WebDriver session set up for `claimdesk` reaches it).
fn start_window(args: &[OsString]) -> ExitCode {
    let window = std::env::current_exe()
        .map(|program| window_program_beside(&program))
        .ok()
        .filter(|window| window.is_file());
    let Some(window) = window else {
        eprintln!(
            "claimdesk: 창 프로그램(claimdesk-window)이 이 프로그램 옆에 없어 창을 열 수 없습니다. \
             명령은 'claimdesk --help'로 볼 수 있습니다. \
             (The window program claimdesk-window is not installed beside this one; \
             see 'claimdesk --help' for the commands.)"
        );
        return ExitCode::from(2);
    };
    let mut command = std::process::Command::new(&window);
    command.args(args.iter().skip(1));
    hand_over(command, &window, args.first())
}

/// Unix: this process becomes the window program (one process, one PID,
/// as a launcher or WebDriver expects).
#[cfg(unix)]
fn hand_over(
    mut command: std::process::Command,
    window: &Path,
    name: Option<&OsString>,
) -> ExitCode {
    use std::os::unix::process::CommandExt;
    // Under its own name: the desktop takes the window's class from it
    // (the menu entry's StartupWMClass is `claimdesk`).
    if let Some(name) = name {
        command.arg0(name);
    }
    let error = command.exec();
    eprintln!(
        "claimdesk: 창 프로그램을 시작하지 못했습니다 / could not start {}: {error}",
        window.display()
    );
    ExitCode::from(2)
}

/// Windows: the window program starts on its own and this console program
/// ends, so the console it was started from is free again.
#[cfg(not(unix))]
fn hand_over(
    mut command: std::process::Command,
    window: &Path,
    _name: Option<&OsString>,
) -> ExitCode {
    match command.spawn() {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "claimdesk: 창 프로그램을 시작하지 못했습니다 / could not start {}: {error}",
                window.display()
            );
            ExitCode::from(2)
        }
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

    #[test]
    fn the_window_program_is_looked_for_beside_this_one() {
        let beside = window_program_beside(Path::new("/opt/claimdesk/claimdesk"));
        let name = if cfg!(windows) {
            "claimdesk-window.exe"
        } else {
            "claimdesk-window"
        };
        assert_eq!(beside, Path::new("/opt/claimdesk").join(name));
    }
}
