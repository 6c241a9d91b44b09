//! `claimdesk assoc …`: the association's side, headless. Thin glue over
//! `claim_assoc`: take in files, list, review, statistics and exports.

use crate::cli::{fail, finish, DataDir, LangArg};
use claim_assoc::desk::{AssocDesk, DeskError, Review};
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
        id: String,
        /// received | checked | forwarded | returned
        status: String,
        /// A note; the reason, for returned
        #[arg(long)]
        note: Option<String>,
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
}

/// A desk failure as the command line prints it: the sentence, then the code.
pub fn desk_message(error: &DeskError, lang: Lang) -> String {
    format!("{} ({})", error.message(lang), error.code())
}

fn open(data: &DataDir) -> Result<AssocDesk, String> {
    crate::lifecycle::open_assoc_desk(&data.resolve()?)
}

pub fn run(command: AssocCommand) -> ExitCode {
    match command {
        AssocCommand::Import { paths, json, lang, data } => import(&paths, json, lang.into(), &data),
        AssocCommand::List { all, json, data } => finish(open(&data).and_then(|desk| list(&desk, all, json))),
        AssocCommand::Review { id, status, note, data } => finish(open(&data).and_then(|mut desk| {
            let to = Review::from_code(&status).ok_or_else(|| {
                format!("검토 상태는 received, checked, forwarded, returned 가운데 하나입니다: {status}")
            })?;
            let claim = desk
                .review(&id, to, note.as_deref())
                .map_err(|error| desk_message(&error, Lang::Ko))?;
            Ok(format!("{} → {}", claim.facts.business_name.unwrap_or_default(), claim.review.code()))
        })),
        AssocCommand::Stats { csv, xlsx, json, lang, data } => {
            finish(open(&data).and_then(|desk| stats(&desk, csv.as_deref(), xlsx.as_deref(), json, lang.into())))
        }
    }
}

fn import(paths: &[PathBuf], json: bool, lang: Lang, data: &DataDir) -> ExitCode {
    let mut desk = match open(data) {
        Ok(desk) => desk,
        Err(message) => return fail(&message),
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
    let report = match claim_assoc::intake::take_in_files(
        &mut desk,
        paths,
        lang,
        &progress,
        &AtomicBool::new(false),
    ) {
        Ok(report) => report,
        Err(error) => return fail(&desk_message(&error, lang)),
    };
    let _ = writeln!(std::io::stderr());
    let out = if json {
        serde_json::to_string_pretty(&report).unwrap_or_default()
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
        lines.extend(
            report
                .problems
                .iter()
                .map(|p| format!("{} ({})", p.message, p.code)),
        );
        lines.join("\n")
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{out}").is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(u8::from(!report.problems.is_empty()))
}

fn list(desk: &AssocDesk, all: bool, json: bool) -> Result<String, String> {
    let claims = desk
        .list(all)
        .map_err(|error| desk_message(&error, Lang::Ko))?;
    if json {
        return serde_json::to_string_pretty(&claims).map_err(|error| error.to_string());
    }
    if claims.is_empty() {
        return Ok("받은 청구서가 없습니다.".to_owned());
    }
    Ok(claims
        .iter()
        .map(|claim| {
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
                    "  (바뀜)"
                } else {
                    ""
                },
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::files::write_whole(path, bytes)
        .map_err(|error| format!("파일을 쓸 수 없습니다: {} ({error})", path.display()))
}

fn stats(
    desk: &AssocDesk,
    csv: Option<&Path>,
    xlsx: Option<&Path>,
    json: bool,
    lang: Lang,
) -> Result<String, String> {
    let export = |error: claim_assoc::stats::ExportError| error.to_string();
    if let Some(path) = csv {
        let bytes = claim_assoc::stats::write_csv(desk, Vec::new(), lang).map_err(export)?;
        write_file(path, &bytes)?;
    }
    if let Some(path) = xlsx {
        let bytes = claim_assoc::stats::write_xlsx(desk, lang).map_err(export)?;
        write_file(path, &bytes)?;
    }
    let stats =
        claim_assoc::stats::stats(desk, lang).map_err(|error| desk_message(&error, lang))?;
    if json {
        return serde_json::to_string_pretty(&stats).map_err(|error| error.to_string());
    }
    let mut lines = vec![format!(
        "청구서 {}건 · 청구 금액 합계 {} · 오류 있음 {}건 · 증빙 부족 {}건",
        stats.claims,
        claim_core::Won::new(stats.claimed),
        stats.with_errors,
        stats.missing_evidence
    )];
    let sections = [
        ("업종", &stats.by_industry),
        ("지역", &stats.by_region),
        ("서비스", &stats.by_service),
        ("유료/무료", &stats.by_paid),
        ("카카오 보상 구간", &stats.by_tier),
        ("검토 상태", &stats.by_review),
    ];
    for (title, groups) in sections {
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
