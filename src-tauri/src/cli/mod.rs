//! The headless command line: arguments in, the use case of `app` called,
//! its answer printed. Every rule, check and message comes from `app` and
//! the crates below it; here are only the words of the printout.

mod answers;
mod assoc;
mod incident;
mod output;
mod submit;

use crate::app::pdf::PdfChoices;
use crate::app::{self, AppError, AppResult};
use claim_core::{ClaimId, Failure, Lang};
use claim_store::{ClaimFilter, Store};
use clap::{Parser, Subcommand};
use output::{
    fail, fail_with, finish, print, DataDir, LangArg, EXIT_DONE, EXIT_FAILED, EXIT_PARTLY,
};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
        id: IdArg,
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
    /// 연합회가 보낸 접수증이나 회신 파일을 가져옵니다 / import a receipt or answers file from the association.
    ///
    /// Its signature must verify against a trusted key. A receipt marks its
    /// claim submitted, if it is for the claim as it is now; answers mark
    /// each claim here received, checked, forwarded, or returned (open for
    /// editing again, with the reason).
    ImportAnswer {
        /// The receipt (….receipt.json) or answers file
        file: PathBuf,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataDir,
    },
    /// 연합회 서버로 온라인 제출합니다 / submit claims online to the association's server.
    Submit(submit::SubmitArgs),
    /// 연합회 서버의 회신: 확인 / the association's answers from its server: fetch.
    #[command(subcommand)]
    Answers(answers::AnswersCommand),
    /// 연합회 모드: 받은 청구서 / association mode: claims received from shops.
    #[command(subcommand)]
    Assoc(assoc::AssocCommand),
    /// 장애 정의: 가져오기, 목록, 서명 키 / incident definitions: import, list, signing keys.
    #[command(subcommand)]
    Incident(incident::IncidentCommand),
    /// 청구서의 고객 이름과 전화번호를 지금 지웁니다 / erase a claim's customer names and phones now.
    EraseCustomers {
        /// Claim id
        id: IdArg,
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
        /// The claim may name the incidents imported into this data folder
        #[command(flatten)]
        data: DataDir,
    },
}

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_FAILED
            } else {
                EXIT_DONE
            });
        }
    };
    let ko = Lang::Ko;
    match cli.command {
        Some(Command::Validate { file, lang, data }) => validate(&file, lang.into(), &data),
        Some(Command::Import { file, data }) => finish(
            with_store(&data, |store| {
                app::claims::import_file(store, &file).map(|saved| saved.id)
            }),
            ko,
        ),
        Some(Command::List { json, data }) => {
            finish(with_store(&data, |store| list(store, json)), ko)
        }
        Some(Command::Export { id, output, data }) => finish(
            with_store(&data, |store| {
                let receipt = app::claims::export(store, id.as_str(), &output)?;
                Ok(format!(
                    "{} → {} (sha256 {})",
                    receipt.number,
                    output.display(),
                    receipt.sha256
                ))
            }),
            ko,
        ),
        Some(Command::Backup { file, data }) => finish(
            with_store(&data, |store| {
                app::claims::backup(store, &file)?;
                Ok(format!("백업했습니다: {}", file.display()))
            }),
            ko,
        ),
        Some(Command::Restore { file, data }) => finish(
            data.resolve().and_then(|dir| {
                let (_, claims) = app::claims::restore(&dir, &file)?;
                Ok(format!(
                    "복원했습니다: 청구서 {claims}건 ({})",
                    file.display()
                ))
            }),
            ko,
        ),
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
            let lang = lang.into();
            let choices = document_clock(at.as_deref()).map(|at| PdfChoices {
                lang,
                draft,
                at,
                include_customer_details,
                font,
            });
            match choices {
                Ok(choices) => pdf(&data, &source, &choices, &output),
                Err(error) => fail(&error, lang),
            }
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
        Some(Command::ImportAnswer { file, json, data }) => finish(
            with_store(&data, |store| {
                let imported = app::reply::import_reply(store, &file)?;
                if json {
                    return output::json(&imported);
                }
                Ok(match imported {
                    app::reply::ReplyImported::Receipt(receipt) => format!(
                        "접수증 {}: 청구서 {}를 제출함으로 표시했습니다 (받은 때 {}, 서명 {} {})",
                        receipt.receipt_number,
                        receipt.summary.number,
                        receipt.received_at,
                        receipt.signer,
                        receipt.fingerprint
                    ),
                    app::reply::ReplyImported::Answers(answers) => {
                        answers::applied_lines(&answers).join("\n")
                    }
                })
            }),
            ko,
        ),
        Some(Command::Bundle {
            ids,
            output,
            include_customer_details,
            lang,
            data,
        }) => finish(
            with_store(&data, |store| {
                let ids = ids
                    .iter()
                    .map(|id| {
                        ClaimId::parse(id)
                            .ok_or(AppError::Store(claim_store::StoreError::ClaimNotFound))
                    })
                    .collect::<AppResult<Vec<ClaimId>>>()?;
                let made = app::bundle::make_bundle(
                    store,
                    &ids,
                    &output,
                    include_customer_details,
                    lang.into(),
                    app::clock::now(),
                )?;
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
            ko,
        ),
        Some(Command::Assoc(command)) => assoc::run(command),
        Some(Command::Submit(args)) => submit::run(args),
        Some(Command::Answers(command)) => answers::run(command),
        Some(Command::Incident(command)) => incident::run(command),
        Some(Command::EraseCustomers { id, data }) => incident::erase_customers(id.as_str(), &data),
        Some(Command::Retention { days, run, data }) => incident::retention(days, run, &data),
        Some(Command::Notice { output, lang, data }) => {
            incident::notice(output.as_deref(), lang.into(), &data)
        }
        Some(Command::ImportPdf { file, data }) => finish(
            with_store(&data, |store| {
                app::pdf::import_attached(store, &file).map(|saved| saved.id)
            }),
            ko,
        ),
        None => {
            let mut help = <Cli as clap::CommandFactory>::command();
            let _ = help.print_help();
            ExitCode::from(EXIT_DONE)
        }
    }
}

/// Opens the store of `data` for `work`; a store that will not open says
/// why, with the newest automatic backup to restore from when the file
/// itself is the problem.
fn with_store<T>(data: &DataDir, work: impl FnOnce(&mut Store) -> AppResult<T>) -> AppResult<T> {
    with_store_in(data, |store, _| work(store))
}

/// As [`with_store`], for work that also needs the data folder.
pub(super) fn with_store_in<T>(
    data: &DataDir,
    work: impl FnOnce(&mut Store, &Path) -> AppResult<T>,
) -> AppResult<T> {
    let dir = data.resolve()?;
    let mut store = app::claims::open_store(&dir).map_err(|error| offer_backup(error, &dir))?;
    work(&mut store, &dir)
}

/// A store error that restoring would fix, with the command that restores.
fn offer_backup(error: AppError, dir: &Path) -> AppError {
    match app::claims::backup_to_offer(dir, error.code()) {
        Some(backup) => AppError::StoreWithBackup {
            error: Box::new(error),
            backup,
        },
        _ => error,
    }
}

/// Prints `report` and exits as spec §7 says: 0 valid, 1 with errors.
fn validate(file: &Path, lang: Lang, data: &DataDir) -> ExitCode {
    // A data folder only adds the incidents imported into it: with none
    // to be found, the built-in ones judge the file.
    let dir = data.resolve().ok();
    let assessed = app::claims::validate_file(file, dir.as_deref(), lang);
    let report = match assessed {
        Ok(report) => report,
        // A file that is not a claim: the spec's one line, no code.
        Err(
            error @ (AppError::NotAClaim(_)
            | AppError::ClaimFileTooLarge { .. }
            | AppError::Read(_)),
        ) => return fail_with(&error.message(lang)),
        Err(error) => return fail(&error, lang),
    };
    let printed = output::json(&report).map(|json| print(&json));
    match printed {
        Ok(true) if report.valid => ExitCode::from(EXIT_DONE),
        Ok(true) => ExitCode::from(EXIT_PARTLY),
        Ok(false) => ExitCode::from(EXIT_FAILED),
        Err(error) => fail(&error, lang),
    }
}

fn list(store: &mut Store, json: bool) -> AppResult<String> {
    let claims = app::claims::list(store, &ClaimFilter::default())?;
    if json {
        // The whole row the window lists (deadlines, receipt, the
        // association's number and answer, documents missing, …): one
        // summary for both hosts, never a hand-picked part of it.
        return output::json(&claims);
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

/// The one clock value of a document: `--at`, else `$SOURCE_DATE_EPOCH`
/// (reproducible builds' convention), else now.
fn document_clock(at: Option<&str>) -> AppResult<chrono::DateTime<chrono::Utc>> {
    if let Some(text) = at {
        return chrono::DateTime::parse_from_rfc3339(text)
            .map(|at| at.to_utc())
            .map_err(|_| AppError::DocumentTime(text.to_owned()));
    }
    if let Some(epoch) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let text = epoch.to_string_lossy();
        return text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
            .ok_or_else(|| AppError::DocumentTime(text.into_owned()));
    }
    Ok(app::clock::now())
}

/// A claim's id as typed: a UUID in any spelling is read as the store
/// spells it (lowercase), so `export` and `erase-customers` find a claim
/// `pdf` finds; other text is kept, and names no claim (E_CLAIM_NOT_FOUND).
#[derive(Clone, Debug)]
pub struct IdArg(String);

impl std::str::FromStr for IdArg {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<IdArg, Self::Err> {
        Ok(IdArg(ClaimId::parse(text).map_or_else(
            || text.to_owned(),
            |id| id.as_str().to_owned(),
        )))
    }
}

impl IdArg {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `claimdesk pdf FILE|ID`: a file when there is one by that name, else
/// the id of a stored claim.
fn pdf(data: &DataDir, source: &str, choices: &PdfChoices, out: &Path) -> ExitCode {
    let lang = choices.lang;
    let path = Path::new(source);
    let stored = ClaimId::parse(source).filter(|_| !path.is_file());
    let made = match stored {
        Some(id) => with_store(data, |store| {
            app::pdf::stored_claim_pdf(store, &id, choices, out)
        }),
        None => data.resolve().and_then(|dir| {
            let incidents = app::claims::incidents_of(Some(&dir))?;
            app::pdf::claim_file_pdf(path, &incidents, choices, out)
        }),
    };
    match made {
        Ok(made) => {
            let pages = match lang {
                Lang::Ko => format!("{}쪽", made.pages),
                Lang::En => format!("{} pages", made.pages),
            };
            finish(
                Ok(format!(
                    "{} ({pages}, sha256 {})",
                    out.display(),
                    made.sha256
                )),
                lang,
            )
        }
        Err(AppError::Pdf(error @ claim_pdf::PdfError::HasErrors(_))) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "claimdesk: {error}");
            if let claim_pdf::PdfError::HasErrors(errors) = &error {
                for problem in errors {
                    let line = format!(
                        "{} {}: {}",
                        problem.code.as_str(),
                        problem.path,
                        problem.message
                    );
                    let _ = writeln!(stderr, "  {}", line.replace(['\n', '\r'], " "));
                }
            }
            ExitCode::from(EXIT_PARTLY)
        }
        Err(error) => fail(&error, lang),
    }
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
    let (import, preview) = match app::sales::preview(request.file, request.choice, lang) {
        Ok(read) => read,
        Err(error) => return fail(&error, lang),
    };
    let shown = if request.json {
        output::json(&serde_json::json!({"days": preview.days, "rejected": preview.rejected}))
    } else {
        Ok(sales_text(&preview, lang))
    };
    match shown {
        Ok(shown) if print(&shown) => {}
        Ok(_) => return ExitCode::from(EXIT_FAILED),
        Err(error) => return fail(&error, lang),
    }
    let Some(id) = request.claim else {
        return ExitCode::from(EXIT_DONE); // a dry run
    };
    if !preview.rejected.is_empty() && !request.skip_rejected {
        let refused = AppError::RowsRejected {
            rows: preview.rejected.len(),
        };
        let _ = writeln!(
            std::io::stderr(),
            "claimdesk: {} {}",
            refused.message(lang),
            output::advice(refused.code(), lang).unwrap_or_default()
        );
        return ExitCode::from(EXIT_PARTLY);
    }
    finish(
        with_store(request.data, |store| {
            let applied = app::sales::apply(store, id, &import.days)?;
            let left_out = match (lang, applied.left_out) {
                (_, 0) => String::new(),
                (Lang::Ko, n) => {
                    format!(" 이 청구서의 비교에 쓰이지 않는 {n}일은 넣지 않았습니다.")
                }
                (Lang::En, n) => {
                    format!(" {n} days the claim's comparison does not use were left out.")
                }
            };
            Ok(match lang {
                Lang::Ko => format!(
                    "{} 청구서에 {}일의 매출을 넣었습니다.{left_out}",
                    applied.summary.number, applied.put
                ),
                Lang::En => format!(
                    "{} days of sales put into claim {}.{left_out}",
                    applied.put, applied.summary.number
                ),
            })
        }),
        lang,
    )
}

fn sales_text(preview: &app::sales::Preview, lang: Lang) -> String {
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
