//! `claimdesk incident …`, `claimdesk erase-customers`, `claimdesk retention`
//! and `claimdesk notice`: incidents the association issues, the keys that
//! vouch for them, and customer details over their life. Thin glue over
//! `claim_store`, `claim_core::signature` and `claim_pdf`.

use crate::cli::{finish, store_message, with_store, with_store_in, DataDir, LangArg};
use claim_core::signature::{parse_secret_key, public_key_text, secret_key_text, sign_definition};
use claim_core::Lang;
use claim_store::{ErasureReason, IncidentEntry};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// 장애 정의 파일을 가져옵니다 / import an incident definition file.
    ///
    /// Signed by a trusted key: verified. Unsigned or signed by another key:
    /// usable, but marked unverified wherever it appears (and it cannot
    /// replace a built-in or verified incident). A file that contradicts
    /// itself is refused with the field named.
    Import {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
        #[command(flatten)]
        data: DataDir,
    },
    /// 장애 목록(앱에 포함된 것과 가져온 것) / the incidents, built in and imported.
    List {
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
        #[command(flatten)]
        data: DataDir,
    },
    /// 신뢰하는 서명 키 / the signing keys this app trusts.
    Keys {
        #[command(flatten)]
        data: DataDir,
    },
    /// 서명 키를 신뢰 목록에 더합니다 / trust another signing key (base64 public key).
    TrustKey {
        public_key: String,
        /// Whose key it is, as the owner will read it
        #[arg(long)]
        name: String,
        #[command(flatten)]
        data: DataDir,
    },
    /// (연합회) 서명 키를 새로 만듭니다 / (association) make a signing key.
    ///
    /// The secret key is written to FILE (keep it safe: whoever has it can
    /// sign incidents); the public key, to give to shops, is printed.
    Keygen {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// (연합회) 장애 정의 파일에 서명합니다 / (association) sign a definition file.
    Sign {
        file: PathBuf,
        /// The secret key file made by `incident keygen`
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

/// One line per incident: id, where it came from, its verification, title
/// and filing deadline.
fn incident_line(entry: &IncidentEntry, lang: Lang) -> String {
    let title = match lang {
        Lang::Ko => &entry.title_ko,
        Lang::En => &entry.title_en,
    };
    let deadline = entry
        .filing_deadline
        .as_ref()
        .map_or_else(String::new, |date| match lang {
            Lang::Ko => format!(" · 접수 마감 {date}"),
            Lang::En => format!(" · claims close {date}"),
        });
    format!(
        "{}  [{}]  {}{deadline}",
        entry.id,
        entry.verification.label(lang),
        title
    )
}

fn read(file: &Path) -> Result<Vec<u8>, String> {
    crate::files::read_limited(file, 1024 * 1024).map_err(|failure| failure.message(Lang::Ko))
}

pub fn run(command: IncidentCommand) -> ExitCode {
    match command {
        IncidentCommand::Import { file, lang, data } => {
            let lang = lang.into();
            with_store(&data, |store| {
                let imported = store
                    .import_incident(&read(&file)?)
                    .map_err(|error| store_message(&error, lang))?;
                let mut out = incident_line(&imported.incident, lang);
                if imported.claims_updated > 0 {
                    out.push_str(&match lang {
                        Lang::Ko => format!(
                            "\n이 장애의 청구서 {}건을 다시 계산했습니다.",
                            imported.claims_updated
                        ),
                        Lang::En => format!(
                            "\n{} claims for this incident were recomputed.",
                            imported.claims_updated
                        ),
                    });
                }
                Ok(out)
            })
        }
        IncidentCommand::List { json, lang, data } => with_store(&data, |store| {
            let incidents = store
                .incidents()
                .map_err(|error| store_message(&error, Lang::Ko))?;
            if json {
                return serde_json::to_string_pretty(&incidents).map_err(|e| e.to_string());
            }
            let lang = lang.into();
            Ok(incidents
                .iter()
                .map(|entry| incident_line(entry, lang))
                .collect::<Vec<_>>()
                .join("\n"))
        }),
        IncidentCommand::Keys { data } => with_store(&data, |store| {
            let keys = store
                .keys()
                .map_err(|error| store_message(&error, Lang::Ko))?;
            Ok(keys
                .iter()
                .map(|key| {
                    format!(
                        "{}  {}  {}{}",
                        key.fingerprint,
                        key.public_key,
                        key.name,
                        if key.shipped {
                            " (앱에 포함 / shipped)"
                        } else {
                            ""
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }),
        IncidentCommand::TrustKey {
            public_key,
            name,
            data,
        } => with_store(&data, |store| {
            let key = store
                .trust_key(&public_key, &name)
                .map_err(|error| store_message(&error, Lang::Ko))?;
            Ok(format!("신뢰합니다: {} ({})", key.name, key.fingerprint))
        }),
        IncidentCommand::Keygen { output } => finish(keygen(&output)),
        IncidentCommand::Sign { file, key, output } => finish((|| {
            let secret = std::fs::read_to_string(&key)
                .ok()
                .and_then(|text| parse_secret_key(&text))
                .ok_or_else(|| format!("서명 키 파일이 아닙니다: {}", key.display()))?;
            let signed =
                sign_definition(&read(&file)?, &secret).map_err(|error| error.message(Lang::Ko))?;
            crate::files::write_whole(&output, &signed).map_err(|error| {
                format!("파일을 쓸 수 없습니다: {} ({error})", output.display())
            })?;
            Ok(format!("서명했습니다 → {}", output.display()))
        })()),
    }
}

/// A new secret key, written only if the file does not exist yet (never
/// over another key), readable by its owner alone.
fn keygen(output: &Path) -> Result<String, String> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|error| format!("난수를 얻지 못했습니다: {error}"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(output)
        .map_err(|error| format!("키 파일을 만들 수 없습니다: {} ({error})", output.display()))?;
    std::io::Write::write_all(
        &mut file,
        format!("{}\n", secret_key_text(&secret)).as_bytes(),
    )
    .and_then(|()| file.sync_all())
    .map_err(|error| format!("키 파일을 쓸 수 없습니다: {} ({error})", output.display()))?;
    Ok(public_key_text(&secret))
}

/// `claimdesk erase-customers ID`: the owner's "erase now".
pub fn erase_customers(id: &str, data: &DataDir) -> ExitCode {
    with_store(data, |store| {
        let erased = store
            .erase_customer_details(id, ErasureReason::Owner, crate::clock::now())
            .map_err(|error| store_message(&error, Lang::Ko))?;
        Ok(if erased {
            "고객 이름과 전화번호를 지웠습니다.".to_owned()
        } else {
            "지울 고객 이름이나 전화번호가 없습니다.".to_owned()
        })
    })
}

/// `claimdesk retention [--days N] [--run]`.
pub fn retention(days: Option<u32>, run: bool, data: &DataDir) -> ExitCode {
    with_store_in(data, |store, dir| {
        if let Some(days) = days {
            store
                .set_retention_days(days)
                .map_err(|error| store_message(&error, Lang::Ko))?;
        }
        let days = store
            .retention_days()
            .map_err(|error| store_message(&error, Lang::Ko))?;
        let mut out = format!("고객 정보 보관 기간: 보상 확정·취소 후 {days}일");
        if run {
            let erased = crate::lifecycle::erase_expired(store, dir, crate::clock::now())?;
            out.push_str(&format!(
                "\n지운 청구서: 가게 {}건, 연합회 {}건",
                erased.shop, erased.association
            ));
        }
        Ok(out)
    })
}

/// `claimdesk notice [-o FILE]`: the customer notice, as text or a PDF.
pub fn notice(output: Option<&Path>, lang: Lang, data: &DataDir) -> ExitCode {
    with_store(data, |store| {
        let notice = crate::lifecycle::customer_notice(store, lang)?;
        match output {
            None => Ok(std::iter::once(notice.title.clone())
                .chain(notice.paragraphs.iter().cloned())
                .collect::<Vec<_>>()
                .join("\n\n")),
            Some(output) => {
                let bytes = claim_pdf::render_notice(
                    &notice,
                    crate::clock::now(),
                    &claim_pdf::FontChoice::System,
                )
                .map_err(|error| format!("{error} ({})", error.code()))?;
                crate::files::write_whole(output, &bytes).map_err(|error| {
                    format!("파일을 쓸 수 없습니다: {} ({error})", output.display())
                })?;
                Ok(format!("안내문을 만들었습니다 → {}", output.display()))
            }
        }
    })
}
