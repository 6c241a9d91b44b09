//! `claimdesk assoc …`: the association's side, headless: take in files,
//! list, review, statistics and exports, through `app::association`.

use super::output::{fail, finish, print, DataDir, LangArg, EXIT_FAILED};
use crate::app::association::{self, TableFormat};
use crate::app::{AppError, AppResult};
use claim_assoc::desk::{AssocDesk, Review};
use claim_core::Lang;
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

#[derive(Debug, Subcommand)]
pub enum AssocCommand {
    /// 묶음(.zip), 청구서 PDF, 청구서 JSON을 한꺼번에 받습니다 / take in bundles, claim PDFs and JSON files.
    ///
    /// A folder stands for the files in it. A file that cannot be read is
    /// reported and the rest are taken in; nothing is kept if the intake
    /// fails. Exit code 0: every file taken in; 1: some files were not
    /// (listed); 2: nothing could be done.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print {count, files, problems} as JSON
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
        #[command(flatten)]
        data: DataDir,
    },
    /// 받은 청구서 목록 / the claims received.
    List {
        /// Also the claims a newer one replaced
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataDir,
    },
    /// 검토 상태를 바꿉니다 / move a claim's review: received, checked, forwarded, returned.
    Review {
        id: super::IdArg,
        /// received | checked | forwarded | returned
        status: String,
        /// A note; the reason, for returned
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        data: DataDir,
    },
    /// 계좌·대표자·연락처를 바꾸는 청구서를 반영하거나 반영하지 않습니다 / apply or dismiss a held change of bank account, representative or phone.
    ///
    /// A newer claim that changes them waits (listed with "확인 필요") and the
    /// current claim stays until the staff decide.
    Held {
        id: super::IdArg,
        /// apply | dismiss
        decision: String,
        #[command(flatten)]
        data: DataDir,
    },
    /// 업종·지역·서비스·유료/무료·보상 구간별 통계 / statistics, and the table as CSV or XLSX.
    Stats {
        /// Write the table as CSV (UTF-8 with BOM: Korean Excel opens it as it is)
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Write the table and the statistics as XLSX
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
        #[command(flatten)]
        data: DataDir,
    },
    /// 받은 청구서의 접수증(서명한 파일, PDF)을 만듭니다 / issue the receipt of a received claim: the signed file and a PDF to print.
    ///
    /// A receipt is issued once per received claim; asked again, the same
    /// file is written.
    Receipt {
        /// The received claim's id (from `assoc list --json`)
        id: super::IdArg,
        /// The signed receipt file to write (give it to the shop)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Also a one-page PDF to print
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        #[command(flatten)]
        signing: Signing,
        /// A Hangul font file for the PDF instead of the system's
        #[arg(long, value_name = "FONT.ttf")]
        font: Option<PathBuf>,
        #[command(flatten)]
        data: DataDir,
    },
    /// 모든 청구서(또는 한 사업장)의 검토 결과를 회신 파일로 만듭니다 / write the review of every claim (or one shop's) as a signed answers file.
    Answers {
        /// The answers file to write
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Only this business's claims (registration number, hyphens or not)
        #[arg(long, value_name = "NUMBER")]
        shop: Option<String>,
        #[command(flatten)]
        signing: Signing,
        #[command(flatten)]
        data: DataDir,
    },
    /// 연합회 자료(받은 청구서·PDF·검토·회신)를 파일 하나로 백업합니다 / back up all the association's data to one file.
    Backup {
        /// Backup file to write
        file: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
    /// 연합회 자료를 백업 파일로 되돌립니다 / replace the association's data with a backup.
    ///
    /// The file must be a backup of the association's data (not of a
    /// shop's claims); what it replaces is kept beside it as
    /// `association-before-restore-<time>.sqlite3`.
    Restore {
        /// Backup file made by `claimdesk assoc backup` (or a daily one)
        file: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
}

/// The association's signing key, as for `incident sign`.
#[derive(Debug, clap::Args)]
pub struct Signing {
    /// The secret key file made by `incident keygen`
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The name the receipt or answers are issued in
    #[arg(long, default_value = claim_core::signature::ISSUER_NAME)]
    issuer: String,
}

fn open(data: &DataDir) -> AppResult<(AssocDesk, PathBuf)> {
    let dir = data.resolve()?;
    Ok((association::open_desk(&dir)?, dir))
}

pub fn run(command: AssocCommand) -> ExitCode {
    let ko = Lang::Ko;
    match command {
        AssocCommand::Import {
            paths,
            json,
            lang,
            data,
        } => import(&paths, json, lang.into(), &data),
        AssocCommand::Backup { file, data } => finish(
            open(&data).and_then(|(desk, _)| {
                association::backup(&desk, &file)?;
                Ok(format!("연합회 자료를 백업했습니다: {}", file.display()))
            }),
            ko,
        ),
        AssocCommand::Restore { file, data } => finish(
            data.resolve().and_then(|dir| {
                let claims = association::restore(&dir, &file)?;
                Ok(format!(
                    "연합회 자료를 복원했습니다: 받은 청구서 {claims}건 ({})",
                    file.display()
                ))
            }),
            ko,
        ),
        AssocCommand::List { all, json, data } => {
            finish(open(&data).and_then(|(desk, _)| list(&desk, all, json)), ko)
        }
        AssocCommand::Review {
            id,
            status,
            note,
            data,
        } => finish(
            open(&data).and_then(|(mut desk, _)| {
                let to = Review::from_code(&status).ok_or(AppError::UnknownReview(status))?;
                let claim = association::review(&mut desk, id.as_str(), to, note.as_deref(), None)?;
                Ok(format!(
                    "{} → {}",
                    claim.facts.business_name.unwrap_or_default(),
                    claim.review.code()
                ))
            }),
            ko,
        ),
        AssocCommand::Held { id, decision, data } => finish(
            open(&data).and_then(|(mut desk, _)| {
                let apply = match decision.as_str() {
                    "apply" => true,
                    "dismiss" => false,
                    _ => return Err(AppError::UnknownDecision(decision)),
                };
                let changes = association::held_changes(&desk, id.as_str(), Lang::Ko)?;
                let claim = association::decide_held(&mut desk, id.as_str(), apply)?;
                let fields: Vec<&str> = changes.iter().map(|c| c.label).collect();
                if claim.two_senders {
                    return Ok(format!(
                        "{}: {}",
                        claim.facts.business_name.unwrap_or_default(),
                        if apply {
                            "이 청구서를 사업장의 청구서로 반영했습니다. 다른 곳에서 보낸 청구서는 반영하지 않습니다."
                        } else {
                            "이 청구서를 반영하지 않았습니다. 남은 청구서가 한 곳에서 온 것뿐이면 그 청구서가 현재 청구서입니다."
                        }
                    ));
                }
                Ok(format!(
                    "{}: {} 변경을 {}",
                    claim.facts.business_name.unwrap_or_default(),
                    fields.join("·"),
                    if apply {
                        "반영했습니다(이 청구서가 현재 청구서입니다)."
                    } else {
                        "반영하지 않았습니다(이전 청구서가 그대로 현재 청구서입니다)."
                    }
                ))
            }),
            ko,
        ),
        AssocCommand::Receipt {
            id,
            output,
            pdf,
            signing,
            font,
            data,
        } => finish(
            open(&data).and_then(|(mut desk, _)| {
                let font = font.map_or(claim_pdf::FontChoice::System, claim_pdf::FontChoice::File);
                let issued = crate::app::reply::issue_receipt(
                    &mut desk,
                    id.as_str(),
                    &signing.key,
                    &signing.issuer,
                    &output,
                    pdf.as_deref().map(|path| (path, &font)),
                    crate::app::clock::now(),
                )?;
                Ok(format!(
                    "접수증 {} ({}){} → {}{} · 서명 키 지문 {}",
                    issued.receipt_number,
                    issued.claim_number.as_deref().unwrap_or("-"),
                    if issued.new {
                        ""
                    } else {
                        ", 이미 발급한 것"
                    },
                    issued.file,
                    issued.pdf.map(|pdf| format!(", {pdf}")).unwrap_or_default(),
                    issued.fingerprint
                ))
            }),
            ko,
        ),
        AssocCommand::Answers {
            output,
            shop,
            signing,
            data,
        } => finish(
            open(&data).and_then(|(desk, _)| {
                let written = crate::app::reply::export_answers(
                    &desk,
                    shop.as_deref(),
                    &signing.key,
                    &signing.issuer,
                    &output,
                    crate::app::clock::now(),
                )?;
                Ok(format!(
                    "회신 {}건 (반려 {}건, 전달 {}건) → {}",
                    written.answers, written.returned, written.forwarded, written.file
                ))
            }),
            ko,
        ),
        AssocCommand::Stats {
            csv,
            xlsx,
            json,
            lang,
            data,
        } => {
            let lang = lang.into();
            finish(
                open(&data).and_then(|(desk, _)| {
                    stats(&desk, csv.as_deref(), xlsx.as_deref(), json, lang)
                }),
                lang,
            )
        }
    }
}

fn import(paths: &[PathBuf], json: bool, lang: Lang, data: &DataDir) -> ExitCode {
    let (mut desk, dir) = match open(data) {
        Ok(opened) => opened,
        Err(error) => return fail(&error, lang),
    };
    // Progress on standard error, so standard output stays the result.
    let progress = |p: claim_assoc::intake::IntakeProgress| {
        if p.files_done == p.files || p.claims.is_multiple_of(500) {
            let _ = write!(
                std::io::stderr(),
                "\r{}/{} files, {} claims",
                p.files_done,
                p.files,
                p.claims
            );
        }
    };
    let report = match association::take_in(
        &mut desk,
        &dir,
        paths,
        lang,
        &progress,
        &AtomicBool::new(false),
    ) {
        Ok(report) => report,
        Err(error) => return fail(&error, lang),
    };
    let _ = writeln!(std::io::stderr());
    let out = if json {
        match super::output::json(&report) {
            Ok(out) => out,
            Err(error) => return fail(&error, lang),
        }
    } else {
        let mut lines = vec![match lang {
            Lang::Ko => format!(
                "파일 {}개: 새 청구서 {}건, 이미 받은 것 {}건, 새 청구서로 바뀐 것 {}건",
                report.files, report.count.received, report.count.already, report.count.superseded
            ),
            Lang::En => format!(
                "{} files: {} new claims, {} already received, {} replaced by a newer claim",
                report.files, report.count.received, report.count.already, report.count.superseded
            ),
        }];
        if report.count.held > 0 {
            lines.push(match lang {
                Lang::Ko => format!(
                    "계좌·대표자·연락처를 바꾸는 청구서 {}건은 연합회가 확인할 때까지 반영하지 않았습니다(claimdesk assoc list에서 '확인 필요').",
                    report.count.held
                ),
                Lang::En => format!(
                    "{} claims that change the bank account, representative or phone wait for the staff (marked in claimdesk assoc list).",
                    report.count.held
                ),
            });
        }
        if report.count.two_senders > 0 {
            lines.push(match lang {
                Lang::Ko => format!(
                    "같은 사업장을 두 곳에서 청구함: 이미 받은 청구서와 계좌·대표자·연락처가 다른 청구서 {}건을 다른 곳에서 보냈습니다. 연합회가 어느 쪽이 사업장의 것인지 정할 때까지 둘 다 반영하지 않습니다(claimdesk assoc list에서 '확인 필요').",
                    report.count.two_senders
                ),
                Lang::En => format!(
                    "Two senders for one business: {} claims came from another sender with a different bank account, representative or phone. Neither is used until the staff decide which is the business's (marked in claimdesk assoc list).",
                    report.count.two_senders
                ),
            });
        }
        lines.extend(
            report
                .problems
                .iter()
                .map(|p| format!("{} ({})", p.message, p.code)),
        );
        if report.problems_left_off > 0 {
            lines.push(match lang {
                Lang::Ko => format!(
                    "그 밖의 문제 {}건은 적지 않았습니다.",
                    report.problems_left_off
                ),
                Lang::En => format!(
                    "{} more problems were not listed.",
                    report.problems_left_off
                ),
            });
        }
        lines.join("\n")
    };
    if !print(&out) {
        return ExitCode::from(EXIT_FAILED);
    }
    ExitCode::from(u8::from(!report.problems.is_empty()))
}

fn list(desk: &AssocDesk, all: bool, json: bool) -> AppResult<String> {
    if json {
        // The rows the window lists, each tier named from its incident's scale.
        return super::output::json(&association::list(desk, all, Lang::Ko)?);
    }
    let listed = association::list(desk, all, Lang::Ko)?;
    if listed.is_empty() {
        return Ok("받은 청구서가 없습니다.".to_owned());
    }
    Ok(listed
        .iter()
        .map(|listed| {
            let claim = &listed.claim;
            format!(
                "{}  {:<10}  {:>15}  {}  {}{}",
                claim.id,
                claim.review.code(),
                claim
                    .facts
                    .claimed
                    .map(|won| claim_core::Won::new(won).to_string())
                    .unwrap_or_else(|| "-".into()),
                claim.facts.business_name.as_deref().unwrap_or("-"),
                claim.source,
                if claim.superseded_by.is_some() {
                    "  (바뀜)".to_owned()
                } else if claim.held_state == Some(claim_assoc::desk::HeldState::Held)
                    && claim.two_senders
                {
                    format!(
                        "  (확인 필요: 같은 사업장을 두 곳에서 청구함 · claimdesk assoc held {} apply|dismiss)",
                        claim.id
                    )
                } else if claim.held_state == Some(claim_assoc::desk::HeldState::Held) {
                    let fields: Vec<&str> = claim
                        .held_changes
                        .iter()
                        .map(|f| claim_assoc::desk::held_field_label(f, Lang::Ko))
                        .collect();
                    format!(
                        "  (확인 필요: {} 바뀜 · claimdesk assoc held {} apply|dismiss)",
                        fields.join("·"),
                        claim.id
                    )
                } else {
                    String::new()
                },
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

fn stats(
    desk: &AssocDesk,
    csv: Option<&Path>,
    xlsx: Option<&Path>,
    json: bool,
    lang: Lang,
) -> AppResult<String> {
    if let Some(path) = csv {
        association::export_table(desk, TableFormat::Csv, lang, path)?;
    }
    if let Some(path) = xlsx {
        association::export_table(desk, TableFormat::Xlsx, lang, path)?;
    }
    let stats = association::stats(desk, lang)?;
    if json {
        return super::output::json(&stats);
    }
    let mut lines = vec![format!(
        "청구서 {}건 · 청구 금액 합계 {} · 오류 있음 {}건 · 증빙 부족 {}건",
        stats.claims,
        claim_core::Won::new(stats.claimed),
        stats.with_errors,
        stats.missing_evidence
    )];
    if stats.two_senders > 0 {
        lines.push(claim_assoc::stats::two_senders_left_out(
            stats.two_senders,
            Lang::Ko,
        ));
    }
    let sections = [
        ("업종", &stats.by_industry),
        ("지역", &stats.by_region),
        ("서비스", &stats.by_service),
        ("유료/무료", &stats.by_paid),
        ("보상 구간", &stats.by_tier),
        ("장애 일수", &stats.by_days_out),
        ("검토 상태", &stats.by_review),
    ];
    // A section with nothing in it (days out, for incidents paid by loss)
    // is left out.
    for (title, groups) in sections
        .into_iter()
        .filter(|(_, groups)| !groups.is_empty())
    {
        lines.push(format!("\n[{title}]"));
        for group in groups {
            lines.push(format!(
                "  {:<24} {:>7}건  {:>18}",
                group.label,
                group.claims,
                claim_core::Won::new(group.claimed).to_string()
            ));
        }
    }
    Ok(lines.join("\n"))
}
