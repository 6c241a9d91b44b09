//! The headless command line. Thin glue: reading files and printing; every
//! rule and message comes from `claim_core`.

use crate::data_dir;
use crate::files::read_claim_file;
use claim_core::{assess_document, Lang, Report};
use claim_store::{ClaimFilter, Store, StoreError};
use clap::{Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::{self, Write};
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
pub struct DataDir {
    /// 데이터 폴더 / data directory
    #[arg(long, env = "CLAIMDESK_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

impl DataDir {
    pub fn resolve(&self) -> Result<PathBuf, String> {
        data_dir::resolve(self.data_dir.clone())
    }
}

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
    /// 청구서 PDF를 만듭니다 / make the claim's PDF.
    ///
    /// Exit code 0: written; 1: the claim has errors (listed on stderr; use --draft);
    /// 2: anything else (one line on stderr).
    Pdf {
        /// A claimdesk.claim/1 JSON file, or the id of a stored claim
        source: String,
        /// The PDF to write
        #[arg(short = 'o', long = "output", value_name = "OUT.pdf")]
        output: PathBuf,
        /// Language of the document
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
        /// Make it even with errors, marked "초안 / DRAFT" on every page
        #[arg(long)]
        draft: bool,
        /// The document's date and time (RFC 3339); else $SOURCE_DATE_EPOCH; else now
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// A Hangul font file to use instead of the system's
        #[arg(long, value_name = "FONT.ttf")]
        font: Option<PathBuf>,
        /// Print customer names and phones unmasked (the owner's choice)
        #[arg(long)]
        include_customer_details: bool,
        #[command(flatten)]
        data: DataDir,
    },
    /// 청구서 PDF에 첨부된 청구서를 저장합니다 / store the claim attached to a ClaimDesk PDF.
    ImportPdf {
        /// A PDF made by `claimdesk pdf`
        file: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
    /// POS·카드 단말기·엑셀 매출 파일(CSV, XLSX)에서 일별 매출을 읽습니다 / daily sales from a CSV or XLSX sales file.
    ///
    /// With --dry-run nothing is applied: the day totals and the rows that
    /// could not be read are printed. With --claim ID the days go into that
    /// stored claim; a file with unreadable rows is not applied unless
    /// --skip-rejected says so. Exit code 0: done; 1: rows could not be read
    /// (not applied); 2: the file cannot be read at all (one line on stderr).
    ImportSales {
        /// The sales file (.csv or .xlsx)
        file: PathBuf,
        /// The stored claim to put the days into
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "dry_run",
            conflicts_with = "dry_run"
        )]
        claim: Option<String>,
        /// Apply nothing; print what the file gives
        #[arg(long)]
        dry_run: bool,
        /// Print {"days": [{date, amount}], "rejected": [{row, reason}]} as JSON
        #[arg(long)]
        json: bool,
        /// Apply the days that were read even if some rows could not be
        #[arg(long)]
        skip_rejected: bool,
        /// The date column (its heading, or its letter: A, B, …) when it is not found
        #[arg(long, value_name = "COLUMN", requires = "amount_column")]
        date_column: Option<String>,
        /// The amount column (its heading, or its letter) when it is not found
        #[arg(long, value_name = "COLUMN", requires = "date_column")]
        amount_column: Option<String>,
        /// Language of the messages
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
        #[command(flatten)]
        data: DataDir,
    },
    /// 고른 청구서들을 연합회에 보낼 묶음 파일 하나로 만듭니다 / make one bundle of chosen claims for the association.
    ///
    /// The bundle (claimdesk.bundle/1, a ZIP) holds each claim as JSON Lines,
    /// its PDF and a manifest. Customer names and phones are masked unless
    /// --include-customer-details.
    Bundle {
        /// Ids of stored claims
        #[arg(required = true)]
        ids: Vec<String>,
        /// The bundle file to write (.zip)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Put customer names and phones in unmasked (the owner's choice)
        #[arg(long)]
        include_customer_details: bool,
        /// Language of the PDFs
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
        #[command(flatten)]
        data: DataDir,
    },
    /// 연합회 모드: 받은 청구서 / association mode: claims received from shops.
    #[command(subcommand)]
    Assoc(crate::cli_assoc::AssocCommand),
    /// 장애 정의: 가져오기, 목록, 서명 키 / incident definitions: import, list, signing keys.
    #[command(subcommand)]
    Incident(crate::cli_incident::IncidentCommand),
    /// 청구서의 고객 이름과 전화번호를 지금 지웁니다 / erase a claim's customer names and phones now.
    EraseCustomers {
        /// Claim id
        id: String,
        #[command(flatten)]
        data: DataDir,
    },
    /// 고객 정보 보관 기간을 보거나 바꿉니다 / show or set how long customer details are kept.
    ///
    /// Customer names and phones are erased this many days after a claim is
    /// settled or withdrawn (at the association: forwarded, returned or
    /// replaced). The window sweeps at every start; --run sweeps now.
    Retention {
        /// Days to keep them (1 to 3650; 90 unless set)
        #[arg(long)]
        days: Option<u32>,
        /// Erase what is due now
        #[arg(long)]
        run: bool,
        #[command(flatten)]
        data: DataDir,
    },
    /// 고객 안내문(개인정보 수집·이용)을 보여 주거나 PDF로 만듭니다 / the customer notice, as text or a PDF.
    Notice {
        /// Write a printable PDF instead of printing the text
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
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
                .map_err(|error| store_message(&error, Lang::Ko))?;
            Ok(format!("백업했습니다: {}", file.display()))
        }),
        Some(Command::Restore { file, data }) => restore(&data, &file),
        Some(Command::Pdf {
            source,
            output,
            lang,
            draft,
            at,
            font,
            include_customer_details,
            data,
        }) => {
            let request = PdfRequest {
                source,
                output,
                lang: lang.into(),
                draft,
                at,
                font,
                include_customer_details,
            };
            pdf(&data, &request)
        }
        Some(Command::ImportSales {
            file,
            claim,
            dry_run: _,
            json,
            skip_rejected,
            date_column,
            amount_column,
            lang,
            data,
        }) => {
            let choice = date_column
                .zip(amount_column)
                .map(|(date, amount)| claim_import::ColumnChoice { date, amount });
            import_sales(&SalesRequest {
                file: &file,
                claim: claim.as_deref(),
                json,
                skip_rejected,
                choice: choice.as_ref(),
                lang: lang.into(),
                data: &data,
            })
        }
        Some(Command::Bundle {
            ids,
            output,
            include_customer_details,
            lang,
            data,
        }) => with_store(&data, |store| {
            let made = crate::bundle_out::make_bundle(
                store,
                &ids,
                &output,
                include_customer_details,
                lang.into(),
                crate::clock::now(),
            )
            .map_err(|failure| format!("{} ({})", failure.message, failure.code))?;
            Ok(format!(
                "청구서 {}건을 묶었습니다 → {} (sha256 {}){}",
                made.claims,
                made.path,
                made.sha256,
                if made.drafts > 0 {
                    format!(" · 오류가 있어 초안 PDF로 넣은 청구서 {}건", made.drafts)
                } else {
                    String::new()
                }
            ))
        }),
        Some(Command::Assoc(command)) => crate::cli_assoc::run(command),
        Some(Command::Incident(command)) => crate::cli_incident::run(command),
        Some(Command::EraseCustomers { id, data }) => {
            crate::cli_incident::erase_customers(&id, &data)
        }
        Some(Command::Retention { days, run, data }) => {
            crate::cli_incident::retention(days, run, &data)
        }
        Some(Command::Notice { output, lang, data }) => {
            crate::cli_incident::notice(output.as_deref(), lang.into(), &data)
        }
        Some(Command::ImportPdf { file, data }) => {
            with_store(&data, |store| import_pdf(store, &file))
        }
        None => {
            let mut help = <Cli as clap::CommandFactory>::command();
            let _ = help.print_help();
            ExitCode::from(EXIT_VALID)
        }
    }
}

fn validate(file: &Path, lang: Lang) -> ExitCode {
    let bytes = match read_claim_file(file) {
        Ok(bytes) => bytes,
        Err(failure) => return fail(&failure.claim_message(lang)),
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

pub fn fail(message: &str) -> ExitCode {
    // One line, whatever the message holds.
    let line = message.replace(['\n', '\r'], " ");
    let _ = writeln!(io::stderr(), "claimdesk: {line}");
    ExitCode::from(EXIT_UNREADABLE)
}

pub fn with_store(
    data: &DataDir,
    work: impl FnOnce(&mut Store) -> Result<String, String>,
) -> ExitCode {
    with_store_in(data, |store, _| work(store))
}

/// As `with_store`, for work that also needs the data folder itself.
pub fn with_store_in(
    data: &DataDir,
    work: impl FnOnce(&mut Store, &Path) -> Result<String, String>,
) -> ExitCode {
    finish(data.resolve().and_then(|dir| {
        let mut store =
            crate::clock::open_store(&dir).map_err(|error| opening_message(&error, &dir))?;
        work(&mut store, &dir)
    }))
}

/// Prints what a store command has to say (exit 0), or its one-line failure (exit 2).
pub fn finish(outcome: Result<String, String>) -> ExitCode {
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

/// A store failure as the command line prints it: the owner's sentence,
/// then the stable code.
pub fn store_message(error: &StoreError, lang: Lang) -> String {
    format!("{} ({})", error.message(lang), error.code())
}

/// Why the store would not open, with the newest automatic backup to
/// restore from when the file itself is the problem.
fn opening_message(error: &StoreError, dir: &Path) -> String {
    let offer = matches!(
        error,
        StoreError::Corrupt { .. }
            | StoreError::NotADatabase { .. }
            | StoreError::NewerSchema { .. }
    );
    let latest = claim_store::daily_backups(&claim_store::backup_dir(dir))
        .ok()
        .and_then(|backups| backups.into_iter().next());
    match latest {
        Some(backup) if offer => format!(
            "{} 가장 최근 자동 백업: claimdesk restore \"{}\"",
            store_message(error, Lang::Ko),
            backup.display()
        ),
        _ => store_message(error, Lang::Ko),
    }
}

fn import(store: &mut Store, file: &Path) -> Result<String, String> {
    let bytes = read_claim_file(file).map_err(|failure| failure.claim_message(Lang::Ko))?;
    let saved = store
        .save_claim(&bytes)
        .map_err(|error| store_message(&error, Lang::Ko))?;
    Ok(saved.id)
}

fn list(store: &mut Store, json: bool) -> Result<String, String> {
    let claims = store
        .list(&ClaimFilter::default())
        .map_err(|error| store_message(&error, Lang::Ko))?;
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
                    // The filing deadline with the days left, as of today
                    // by the app's clock (null when the incident has none).
                    "deadline": claim.deadline,
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

/// Writes the owner's copy (customer details as entered), whole or not at
/// all, and audits its hash.
fn export(store: &mut Store, id: &str, output: &Path) -> Result<String, String> {
    let receipt = store
        .export_claim(id, output)
        .map_err(|error| store_message(&error, Lang::Ko))?;
    Ok(format!(
        "{} → {} (sha256 {})",
        receipt.number,
        output.display(),
        receipt.sha256
    ))
}

fn restore(data: &DataDir, file: &Path) -> ExitCode {
    finish(data.resolve().and_then(|dir| {
        let store = crate::clock::restore_store(&dir, file)
            .map_err(|error| store_message(&error, Lang::Ko))?;
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

/// What `claimdesk pdf` was asked.
struct PdfRequest {
    source: String,
    output: PathBuf,
    lang: Lang,
    draft: bool,
    at: Option<String>,
    font: Option<PathBuf>,
    include_customer_details: bool,
}

/// The one clock value of a document: `--at`, else `$SOURCE_DATE_EPOCH`
/// (reproducible builds' convention), else now.
fn document_clock(at: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>, String> {
    if let Some(text) = at {
        return chrono::DateTime::parse_from_rfc3339(text)
            .map(|at| at.to_utc())
            .map_err(|_| {
                format!("--at은 2026-11-25T14:05:00+09:00 같은 형식이어야 합니다: {text}")
            });
    }
    if let Some(epoch) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let text = epoch.to_string_lossy();
        return text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH는 초 단위 정수여야 합니다: {text}"));
    }
    Ok(crate::clock::now())
}

fn pdf(data: &DataDir, request: &PdfRequest) -> ExitCode {
    use crate::claim_pdf::{document_from_file, options, stored_claim, write_pdf, PdfFailure};
    let at = match document_clock(request.at.as_deref()) {
        Ok(at) => at,
        Err(message) => return fail(&message),
    };
    let mut options = options(request.lang, at, &claim_core::Presets::built_in());
    options.draft = request.draft;
    options.include_customer_details = request.include_customer_details;
    if let Some(font) = &request.font {
        options.font = claim_pdf::FontChoice::File(font.clone());
    }
    let path = Path::new(&request.source);
    // A file when there is one by that name; else the id of a stored claim.
    let mut store = None;
    let (document, evidence) = if path.is_file() || uuid::Uuid::parse_str(&request.source).is_err()
    {
        match document_from_file(path) {
            Ok(document) => (document, Vec::new()),
            Err(failure) => {
                return fail(&format!(
                    "{} ({})",
                    failure.message(request.lang),
                    failure.code()
                ))
            }
        }
    } else {
        let opened = data.resolve().and_then(|dir| {
            crate::clock::open_store(&dir).map_err(|error| opening_message(&error, &dir))
        });
        let opened = match opened {
            Ok(opened) => opened,
            Err(message) => return fail(&message),
        };
        match stored_claim(&opened, &request.source) {
            Ok((document, number, evidence)) => {
                options.number = Some(number);
                options.presets = opened.presets().clone();
                store = Some(opened);
                (document, evidence)
            }
            Err(failure) => {
                return fail(&format!(
                    "{} ({})",
                    failure.message(request.lang),
                    failure.code()
                ))
            }
        }
    };
    match write_pdf(&document, &evidence, &options, &request.output) {
        Ok(rendered) => {
            let sha256 = claim_store::sha256_hex(&rendered.bytes);
            if let Some(store) = store.as_mut() {
                if let Err(error) = store.record_export(&request.source, &sha256) {
                    return fail(&store_message(&error, Lang::Ko));
                }
            }
            let pages = match request.lang {
                Lang::Ko => format!("{}쪽", rendered.pages),
                Lang::En => format!("{} pages", rendered.pages),
            };
            finish(Ok(format!(
                "{} ({pages}, sha256 {sha256})",
                request.output.display()
            )))
        }
        Err(PdfFailure::Pdf(claim_pdf::PdfError::HasErrors(errors))) => {
            let mut stderr = io::stderr().lock();
            let _ = writeln!(
                stderr,
                "claimdesk: {}",
                claim_pdf::PdfError::HasErrors(errors.clone())
            );
            for error in &errors {
                let line = format!("{} {}: {}", error.code.as_str(), error.path, error.message);
                let _ = writeln!(stderr, "  {}", line.replace(['\n', '\r'], " "));
            }
            ExitCode::from(EXIT_INVALID)
        }
        Err(failure) => fail(&format!(
            "{} ({})",
            failure.message(request.lang),
            failure.code()
        )),
    }
}

/// Stores the claim attached to a ClaimDesk PDF and prints its id.
fn import_pdf(store: &mut Store, file: &Path) -> Result<String, String> {
    crate::claim_pdf::import_attached(store, file)
        .map(|saved| saved.id)
        .map_err(|failure| {
            format!(
                "{} ({}): {}",
                failure.message(Lang::Ko),
                failure.code(),
                file.display()
            )
        })
}

struct SalesRequest<'a> {
    file: &'a Path,
    /// None: a dry run.
    claim: Option<&'a str>,
    json: bool,
    skip_rejected: bool,
    choice: Option<&'a claim_import::ColumnChoice>,
    lang: Lang,
    data: &'a DataDir,
}

fn import_sales(request: &SalesRequest<'_>) -> ExitCode {
    let lang = request.lang;
    let (import, preview) = match crate::sales_file::preview(request.file, request.choice, lang) {
        Ok(read) => read,
        Err(failure) => return fail(&format!("{} ({})", failure.message, failure.code)),
    };
    let shown = if request.json {
        let out = serde_json::json!({"days": preview.days, "rejected": preview.rejected});
        serde_json::to_string_pretty(&out).unwrap_or_default()
    } else {
        sales_text(&preview, lang)
    };
    let mut stdout = io::stdout().lock();
    if writeln!(stdout, "{shown}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(EXIT_UNREADABLE);
    }
    drop(stdout);
    let Some(id) = request.claim else {
        return ExitCode::from(EXIT_VALID); // a dry run
    };
    if !preview.rejected.is_empty() && !request.skip_rejected {
        let _ = writeln!(
            io::stderr(),
            "claimdesk: {}",
            match lang {
                Lang::Ko => "읽지 못한 줄이 있어 넣지 않았습니다. 고친 뒤 다시 하거나 --skip-rejected로 읽은 날만 넣으세요.",
                Lang::En => "rows could not be read, so nothing was applied; fix them, or use --skip-rejected to apply the days that were read.",
            }
        );
        return ExitCode::from(EXIT_INVALID);
    }
    with_store(request.data, |store| {
        let saved = crate::sales_file::apply(store, id, &import.days)
            .map_err(|error| store_message(&error, Lang::Ko))?;
        Ok(match lang {
            Lang::Ko => format!(
                "{} 청구서에 {}일의 매출을 넣었습니다.",
                saved.number,
                import.days.len()
            ),
            Lang::En => format!(
                "{} days of sales put into claim {}.",
                import.days.len(),
                saved.number
            ),
        })
    })
}

fn sales_text(preview: &crate::sales_file::Preview, lang: Lang) -> String {
    let mut lines = Vec::new();
    for day in &preview.days {
        lines.push(format!(
            "{}  {:>15}",
            day.date,
            claim_core::Won::new(day.amount).to_string()
        ));
    }
    for rejected in &preview.rejected {
        lines.push(match lang {
            Lang::Ko => format!("{}행: {}", rejected.row, rejected.reason),
            Lang::En => format!("row {}: {}", rejected.row, rejected.reason),
        });
    }
    lines.join("\n")
}
