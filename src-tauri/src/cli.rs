//! The headless command line. Thin glue: reading files and printing; every
//! rule and message comes from `claim_core`.

use claim_core::{assess_document, DocumentError, Lang, Report, MAX_CLAIM_BYTES};
use claim_store::{ClaimFilter, Store, StoreError};
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

/// Where the store lives: `--data-dir`, else `$CLAIMDESK_DATA_DIR`, else the
/// OS app-data directory (the same one the window uses).
#[derive(Debug, clap::Args)]
struct DataDir {
    /// 데이터 폴더 / data directory
    #[arg(long, env = "CLAIMDESK_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

impl DataDir {
    fn resolve(&self) -> Result<PathBuf, String> {
        self.data_dir
            .clone()
            .or_else(|| dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER)))
            .ok_or_else(|| "데이터 폴더를 정할 수 없습니다. --data-dir로 지정해 주세요.".to_owned())
    }
}

/// The app identifier (tauri.conf.json), which names the app-data directory.
const APP_IDENTIFIER: &str = "kr.claimdesk.desk";

#[derive(Debug, Subcommand)]
enum Command {
    /// 청구서(JSON)를 저장하고 ID를 출력합니다 / store a claim and print its id.
    Import {
        /// claimdesk.claim/1 JSON file
        file: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
    /// 저장된 청구서 목록 / list the stored claims.
    List {
        /// One JSON array of {id, number, status, business_name, registration_number, claimed}
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataDir,
    },
    /// 모든 자료를 백업 파일 하나로 저장합니다 / back up everything into one file.
    Backup {
        /// Backup file to write
        file: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
    /// 백업 파일에서 복원합니다(지금 자료는 따로 보관) / restore from a backup (current data is kept aside).
    Restore {
        /// Backup file made by `claimdesk backup`
        file: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
    /// 청구서를 JSON 파일로 내보냅니다(고객 정보 포함, 본인 보관용) / export a claim as JSON (the owner's own copy).
    Export {
        /// Claim id
        id: String,
        /// Output file
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
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
        Some(Command::Import { file, data }) => with_store(&data, |store| import(store, &file)),
        Some(Command::List { json, data }) => with_store(&data, |store| list(store, json)),
        Some(Command::Export { id, output, data }) => {
            with_store(&data, |store| export(store, &id, &output))
        }
        Some(Command::Backup { file, data }) => with_store(&data, |store| {
            store
                .backup_to(&file)
                .map_err(|error| store_message(&error))?;
            Ok(format!("백업했습니다: {}", file.display()))
        }),
        Some(Command::Restore { file, data }) => restore(&data, &file),
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

fn with_store(data: &DataDir, work: impl FnOnce(&mut Store) -> Result<String, String>) -> ExitCode {
    finish(data.resolve().and_then(|dir| {
        let mut store = Store::open(&dir).map_err(|error| store_message(&error))?;
        work(&mut store)
    }))
}

/// Prints what a store command has to say (exit 0), or its one-line failure (exit 2).
fn finish(outcome: Result<String, String>) -> ExitCode {
    match outcome {
        Ok(out) => {
            let mut stdout = io::stdout().lock();
            if writeln!(stdout, "{out}")
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(EXIT_UNREADABLE);
            }
            ExitCode::from(EXIT_VALID)
        }
        Err(message) => fail(&message),
    }
}

fn store_message(error: &StoreError) -> String {
    format!("{error} ({})", error.code())
}

fn import(store: &mut Store, file: &Path) -> Result<String, String> {
    let bytes = read_limited(file).map_err(|message| message(Lang::Ko))?;
    let saved = store
        .save_claim(&bytes)
        .map_err(|error| store_message(&error))?;
    Ok(saved.id)
}

fn list(store: &mut Store, json: bool) -> Result<String, String> {
    let claims = store
        .list(&ClaimFilter::default())
        .map_err(|error| store_message(&error))?;
    if json {
        let rows: Vec<serde_json::Value> = claims
            .iter()
            .map(|claim| {
                serde_json::json!({
                    "id": claim.id,
                    "number": claim.number,
                    "status": claim.status,
                    "business_name": claim.business_name,
                    "registration_number": claim.registration_number,
                    "claimed": claim.claimed,
                })
            })
            .collect();
        return serde_json::to_string_pretty(&rows).map_err(|error| error.to_string());
    }
    if claims.is_empty() {
        return Ok("저장된 청구서가 없습니다.".to_owned());
    }
    Ok(claims
        .iter()
        .map(|claim| {
            format!(
                "{}  {:<9}  {}  {}  {}",
                claim.number,
                claim.status.code(),
                claim.registration_number.as_deref().unwrap_or("-"),
                claim.claimed.map_or_else(
                    || "-".to_owned(),
                    |won| claim_core::Won::new(won).to_string()
                ),
                claim.business_name.as_deref().unwrap_or("-"),
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Writes the owner's copy (customer details as entered) through a temporary
/// file, so a failed export never leaves half a file, then audits its hash.
fn export(store: &mut Store, id: &str, output: &Path) -> Result<String, String> {
    let claim = store.claim(id).map_err(|error| store_message(&error))?;
    let mut bytes =
        serde_json::to_vec_pretty(&claim.document).map_err(|error| error.to_string())?;
    bytes.push(b'\n');
    let temporary = output.with_extension(format!("tmp-{}", std::process::id()));
    let written =
        std::fs::write(&temporary, &bytes).and_then(|()| std::fs::rename(&temporary, output));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(format!(
            "파일을 쓸 수 없습니다: {} ({error})",
            output.display()
        ));
    }
    let hash = claim_store::sha256_hex(&bytes);
    store
        .record_export(id, &hash)
        .map_err(|error| store_message(&error))?;
    Ok(format!(
        "{} → {} (sha256 {hash})",
        claim.summary.number,
        output.display()
    ))
}

fn restore(data: &DataDir, file: &Path) -> ExitCode {
    finish(data.resolve().and_then(|dir| {
        let store = Store::restore(&dir, file).map_err(|error| store_message(&error))?;
        let count = store
            .list(&ClaimFilter::default())
            .map(|claims| claims.len())
            .unwrap_or(0);
        Ok(format!(
            "복원했습니다: 청구서 {count}건 ({})",
            file.display()
        ))
    }))
}
