//! The headless command line. Thin glue: reading files and printing; every
//! rule and message comes from `claim_core`.

use claim_core::{assess_document, DocumentError, Lang, Report, MAX_CLAIM_BYTES};
use clap::{Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes of `validate` (spec §7).
const EXIT_VALID: u8 = 0;
const EXIT_INVALID: u8 = 1;
const EXIT_UNREADABLE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "claimdesk",
    version,
    about = "ClaimDesk — 플랫폼 장애 피해 접수 (outage damage claims for small shops)"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 청구서 파일을 검사하고 결과(JSON)를 출력합니다 / check a claim file and print the report (JSON).
    ///
    /// Exit code 0: no errors; 1: the claim has errors; 2: the file is not a readable claim.
    Validate {
        /// claimdesk.claim/1 JSON file
        file: PathBuf,
        /// Language of the messages
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
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

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_UNREADABLE
            } else {
                EXIT_VALID
            });
        }
    };
    match cli.command {
        Some(Command::Validate { file, lang }) => validate(&file, lang.into()),
        None => {
            let mut help = <Cli as clap::CommandFactory>::command();
            let _ = help.print_help();
            ExitCode::from(EXIT_VALID)
        }
    }
}

fn validate(file: &Path, lang: Lang) -> ExitCode {
    let bytes = match read_limited(file) {
        Ok(bytes) => bytes,
        Err(message) => return fail(&message(lang)),
    };
    let (_, assessment) = match assess_document(&bytes) {
        Ok(assessed) => assessed,
        Err(error) => return fail(&error.message(lang)),
    };
    let report = Report::new(&assessment, lang);
    let json = match serde_json::to_string_pretty(&report) {
        Ok(json) => json,
        Err(error) => return fail(&format!("internal error while writing the report: {error}")),
    };
    let mut stdout = io::stdout().lock();
    if writeln!(stdout, "{json}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // Standard output closed (e.g. piped into `head`): nothing more to say.
        return ExitCode::from(EXIT_UNREADABLE);
    }
    ExitCode::from(if report.valid {
        EXIT_VALID
    } else {
        EXIT_INVALID
    })
}

type LangMessage = Box<dyn Fn(Lang) -> String>;

/// Reads at most one byte more than the limit, so a huge file is refused
/// without being loaded.
fn read_limited(file: &Path) -> Result<Vec<u8>, LangMessage> {
    let shown = file.display().to_string();
    let open_error = |error: io::Error| -> LangMessage {
        let shown = shown.clone();
        Box::new(move |lang| match (lang, error.kind()) {
            (Lang::Ko, io::ErrorKind::NotFound) => format!("파일을 찾을 수 없습니다: {shown}"),
            (Lang::Ko, io::ErrorKind::PermissionDenied) => {
                format!("파일을 열 권한이 없습니다: {shown}")
            }
            (Lang::Ko, _) => format!("파일을 읽을 수 없습니다: {shown} ({error})"),
            (Lang::En, io::ErrorKind::NotFound) => format!("file not found: {shown}"),
            (Lang::En, io::ErrorKind::PermissionDenied) => {
                format!("no permission to read: {shown}")
            }
            (Lang::En, _) => format!("cannot read {shown}: {error}"),
        })
    };
    let handle = File::open(file).map_err(open_error)?;
    let limit = u64::try_from(MAX_CLAIM_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    handle
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(open_error)?;
    if bytes.len() > MAX_CLAIM_BYTES {
        let error = DocumentError::TooLarge {
            bytes: file_size(file).unwrap_or(bytes.len()),
        };
        return Err(Box::new(move |lang| error.message(lang)));
    }
    Ok(bytes)
}

fn file_size(file: &Path) -> Option<usize> {
    std::fs::metadata(file)
        .ok()
        .and_then(|meta| usize::try_from(meta.len()).ok())
}

fn fail(message: &str) -> ExitCode {
    // One line, whatever the message holds.
    let line = message.replace(['\n', '\r'], " ");
    let _ = writeln!(io::stderr(), "claimdesk: {line}");
    ExitCode::from(EXIT_UNREADABLE)
}
