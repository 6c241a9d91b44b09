//! `claimdesk incident …`, `claimdesk erase-customers`, `claimdesk retention`
//! and `claimdesk notice`: incidents the association issues, the keys that
//! vouch for them, and customer details over their life, through
//! `app::incidents` and `app::lifecycle`.

use super::output::{finish, DataDir, LangArg};
use super::with_store_in;
use crate::app;
use claim_core::Lang;
use claim_store::IncidentEntry;
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
    /// 연합회 서버의 새 장애 정의 / new incident definitions from the association's servers.
    ///
    /// Asks each server an imported definition names (`GET /v1/incidents`)
    /// and lists the definitions this PC does not hold as they are, each
    /// with whose signature it bears. Nothing is added unless named with
    /// --import, and then as `incident import` adds a file.
    Fetch {
        /// Import the offered definition of this incident (repeatable)
        #[arg(long = "import", value_name = "ID")]
        import: Vec<String>,
        #[arg(long)]
        json: bool,
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
        /// What it vouches for: incident definitions, the association's
        /// receipts and answers, or both
        #[arg(long = "for", value_enum, default_value_t = KeyUseArg::Incidents)]
        uses: KeyUseArg,
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

/// One line per offered definition: what it is, whose signature, and how
/// to take it.
fn offer_line(offer: &app::offers::Offer, lang: Lang) -> String {
    let title = match lang {
        Lang::Ko => &offer.title_ko,
        Lang::En => &offer.title_en,
    };
    let signed = match (&offer.signer, lang) {
        (Some(signer), Lang::Ko) => format!("서명 확인됨: {signer}"),
        (Some(signer), Lang::En) => format!("signature verified: {signer}"),
        (None, Lang::Ko) => "서명 확인 안 됨".to_owned(),
        (None, Lang::En) => "signature not verified".to_owned(),
    };
    let replaces = match (offer.replaces, lang) {
        (true, Lang::Ko) => " (이 컴퓨터의 정의를 바꿈)",
        (true, Lang::En) => " (replaces this PC's definition)",
        (false, _) => "",
    };
    match lang {
        Lang::Ko => format!(
            "새 장애 정의: {title} ({}), {signed}{replaces} — 가져오려면 --import {}",
            offer.id, offer.id
        ),
        Lang::En => format!(
            "new incident definition: {title} ({}), {signed}{replaces} — to take it: --import {}",
            offer.id, offer.id
        ),
    }
}

fn fetch(
    import: &[String],
    json: bool,
    lang: Lang,
    data: &DataDir,
) -> crate::app::AppResult<String> {
    with_store_in(data, |store, dir| {
        let network = app::network::Network::new(dir, app::network::Patience::from_env())
            .map_err(app::AppError::ExtraCa)?;
        let offered = app::offers::fetch_offers(store, &network, lang)?;
        let mut imported = Vec::new();
        for id in import {
            imported.push(app::offers::accept(store, &offered, id, None)?);
        }
        if json {
            return super::output::json(&serde_json::json!({
                "servers": offered,
                "imported": imported.iter().map(|one| &one.incident.id).collect::<Vec<_>>(),
            }));
        }
        let mut lines = Vec::new();
        for server in &offered {
            if let Some(problem) = &server.problem {
                lines.push(format!("{}: {problem}", server.url));
            }
            for offer in &server.offers {
                if !import.contains(&offer.id) {
                    lines.push(offer_line(offer, lang));
                }
            }
        }
        for one in &imported {
            lines.push(incident_line(&one.incident, lang));
        }
        if lines.is_empty() {
            lines.push(match lang {
                Lang::Ko => "새 장애 정의가 없습니다.".to_owned(),
                Lang::En => "No new incident definitions.".to_owned(),
            });
        }
        Ok(lines.join("\n"))
    })
}

pub fn run(command: IncidentCommand) -> ExitCode {
    let ko = Lang::Ko;
    match command {
        IncidentCommand::Fetch {
            import,
            json,
            lang,
            data,
        } => {
            let lang = lang.into();
            finish(fetch(&import, json, lang, &data), lang)
        }
        IncidentCommand::Import { file, lang, data } => {
            let lang = lang.into();
            finish(
                with_store_in(&data, |store, _| {
                    let imported = app::incidents::import(store, &file)?;
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
                }),
                lang,
            )
        }
        IncidentCommand::List { json, lang, data } => {
            // Its failures in the language asked for, as its lines are.
            let lang = lang.into();
            finish(
                with_store_in(&data, |store, _| {
                    let incidents = app::incidents::list(store)?;
                    if json {
                        return super::output::json(&incidents);
                    }
                    Ok(incidents
                        .iter()
                        .map(|entry| incident_line(entry, lang))
                        .collect::<Vec<_>>()
                        .join("\n"))
                }),
                lang,
            )
        }
        IncidentCommand::Keys { data } => finish(
            with_store_in(&data, |store, _| {
                let keys = app::incidents::keys(store)?;
                Ok(keys
                    .iter()
                    .map(|key| {
                        format!(
                            "{}  {}  {}  {}{}",
                            key.fingerprint,
                            key.public_key,
                            key.uses.code(),
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
            ko,
        ),
        IncidentCommand::TrustKey {
            public_key,
            name,
            uses,
            data,
        } => finish(
            with_store_in(&data, |store, _| {
                let key = app::incidents::trust_key(store, &public_key, &name, uses.into())?;
                Ok(format!("신뢰합니다: {} ({})", key.name, key.fingerprint))
            }),
            ko,
        ),
        IncidentCommand::Keygen { output } => finish(app::incidents::keygen(&output), ko),
        IncidentCommand::Sign { file, key, output } => finish(
            app::incidents::sign(&file, &key, &output)
                .map(|()| format!("서명했습니다 → {}", output.display())),
            ko,
        ),
    }
}

/// `claimdesk erase-customers ID`: the owner's "erase now".
pub fn erase_customers(id: &str, data: &DataDir) -> ExitCode {
    finish(
        with_store_in(data, |store, _| {
            let erased = app::claims::erase_customers(store, id)?;
            Ok(if erased {
                "고객 이름과 전화번호를 지웠습니다.".to_owned()
            } else {
                "지울 고객 이름이나 전화번호가 없습니다.".to_owned()
            })
        }),
        Lang::Ko,
    )
}

/// `claimdesk retention [--days N] [--run]`.
pub fn retention(days: Option<u32>, run: bool, data: &DataDir) -> ExitCode {
    finish(
        with_store_in(data, |store, dir| {
            let days = app::lifecycle::retention(store, days)?;
            let mut out = format!("고객 정보 보관 기간: 보상 확정·취소 후 {days}일");
            if run {
                let erased = app::lifecycle::erase_expired(store, dir, app::clock::now())?;
                out.push_str(&format!(
                    "\n지운 청구서: 가게 {}건, 연합회 {}건",
                    erased.shop, erased.association
                ));
            }
            Ok(out)
        }),
        Lang::Ko,
    )
}

/// `claimdesk notice [-o FILE]`: the customer notice, as text or a PDF.
pub fn notice(output: Option<&Path>, lang: Lang, data: &DataDir) -> ExitCode {
    finish(
        with_store_in(data, |store, _| match output {
            None => {
                let notice = app::lifecycle::customer_notice(store, lang)?;
                Ok(std::iter::once(notice.title.clone())
                    .chain(notice.paragraphs.iter().cloned())
                    .collect::<Vec<_>>()
                    .join("\n\n"))
            }
            Some(output) => {
                app::lifecycle::customer_notice_pdf(store, lang, output)?;
                Ok(format!("안내문을 만들었습니다 → {}", output.display()))
            }
        }),
        lang,
    )
}

/// What a trusted key vouches for, as `--for` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KeyUseArg {
    /// Incident definitions only
    Incidents,
    /// The association's receipts and answers only
    Answers,
    /// Both
    Both,
}

impl From<KeyUseArg> for claim_store::KeyUse {
    fn from(uses: KeyUseArg) -> claim_store::KeyUse {
        match uses {
            KeyUseArg::Incidents => claim_store::KeyUse::Incidents,
            KeyUseArg::Answers => claim_store::KeyUse::Answers,
            KeyUseArg::Both => claim_store::KeyUse::Both,
        }
    }
}
