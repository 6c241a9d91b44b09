//! What every subcommand shares: where the data is, the language, and how
//! an answer or a failure is printed (exit codes 0, 1 and 2).

use crate::app::{AppError, AppResult};
use claim_core::{Failure, FailureCode, Lang};
use clap::ValueEnum;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXIT_DONE: u8 = 0;
/// The claim has errors, or some of the input was not taken (listed).
pub const EXIT_PARTLY: u8 = 1;
/// Nothing could be done (one line on standard error).
pub const EXIT_FAILED: u8 = 2;

/// The exit code of a command that talks to servers, one exchange per
/// line: 1 when one was refused, else 2 when one got no answer, else 0.
pub fn exit_of_exchanges<T>(
    lines: &[T],
    refused: impl Fn(&T) -> bool,
    unanswered: impl Fn(&T) -> bool,
) -> u8 {
    if lines.iter().any(refused) {
        EXIT_PARTLY
    } else if lines.iter().any(unanswered) {
        EXIT_FAILED
    } else {
        EXIT_DONE
    }
}

/// Where the store lives: `--data-dir`, else `$CLAIMDESK_DATA_DIR`, else the
/// OS app-data directory (the same one the window uses).
#[derive(Debug, clap::Args)]
pub struct DataDir {
    /// 데이터 폴더 / data directory [else $CLAIMDESK_DATA_DIR, when not empty]
    // (Not clap's `env`: it would take an empty variable for an empty
    // `--data-dir` and refuse it; `app::data_dir` reads the variable.)
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

impl DataDir {
    pub fn resolve(&self) -> AppResult<PathBuf> {
        crate::app::data_dir::resolve(self.data_dir.clone())
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    Ko,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Ko => Lang::Ko,
            LangArg::En => Lang::En,
        }
    }
}

/// A failure as the command line prints it: the sentence, then the code.
pub fn failure_line(error: &dyn Failure, lang: Lang) -> String {
    format!("{} ({})", error.message(lang), error.code())
}

/// Prints one line on standard error and gives exit code 2.
pub fn fail_with(line: &str) -> ExitCode {
    // One line, whatever the message holds.
    let line = line.replace(['\n', '\r'], " ");
    let _ = writeln!(io::stderr(), "claimdesk: {line}");
    ExitCode::from(EXIT_FAILED)
}

pub fn fail(error: &AppError, lang: Lang) -> ExitCode {
    let line = failure_line(error, lang);
    match advice(error.code(), lang) {
        Some(advice) => fail_with(&format!("{line} {advice}")),
        None => fail_with(&line),
    }
}

/// The command line's own way out of a failure the message (shared with
/// the window) cannot name: its options.
pub fn advice(code: FailureCode, lang: Lang) -> Option<&'static str> {
    match (code, lang) {
        (FailureCode::DataDir, Lang::Ko) => Some("--data-dir로 데이터 폴더를 지정해 주세요."),
        (FailureCode::DataDir, Lang::En) => Some("Name the data folder with --data-dir."),
        (FailureCode::FontMissing, Lang::Ko) => {
            Some("또는 --font로 한글 글꼴 파일을 지정해 주세요.")
        }
        (FailureCode::FontMissing, Lang::En) => Some("Or name a Hangul font file with --font."),
        (FailureCode::ImportRowsRejected, Lang::Ko) => {
            Some("읽은 날만 넣으려면 --skip-rejected를 붙이세요.")
        }
        (FailureCode::ImportRowsRejected, Lang::En) => {
            Some("Add --skip-rejected to apply only those days.")
        }
        (FailureCode::DocumentTime, Lang::Ko) => {
            Some("--at이나 SOURCE_DATE_EPOCH(초)를 확인해 주세요.")
        }
        (FailureCode::DocumentTime, Lang::En) => Some("Check --at or SOURCE_DATE_EPOCH (seconds)."),
        _ => None,
    }
}

/// Prints `out` on standard output; false if it is closed (piped into
/// `head`, say), when there is nothing more to say.
pub fn print(out: &str) -> bool {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{out}")
        .and_then(|()| stdout.flush())
        .is_ok()
}

/// Prints what a command has to say (exit 0), or its one-line failure
/// (exit 2).
pub fn finish(outcome: AppResult<String>, lang: Lang) -> ExitCode {
    match outcome {
        Ok(out) if print(&out) => ExitCode::from(EXIT_DONE),
        Ok(_) => ExitCode::from(EXIT_FAILED),
        Err(error) => fail(&error, lang),
    }
}

/// As JSON, for `--json`.
pub fn json<T: serde::Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string_pretty(value).map_err(|error| AppError::Write {
        path: "-".to_owned(),
        reason: error.to_string(),
    })
}
