//! `claimdesk answers fetch`: the association's answers, from the server
//! each definition names, applied as an imported answers file is.

use super::output::{exit_of_exchanges, fail, DataDir, LangArg, EXIT_FAILED};
use crate::app::hearing::{Heard, HeardOutcome};
use crate::app::network::{Network, Patience};
use crate::app::reply::AnswersImported;
use crate::app::{self, AppError, AppResult};
use claim_core::Lang;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum AnswersCommand {
    /// 연합회 서버에 회신을 확인합니다 / ask the association's server for answers.
    ///
    /// Asks each server an incident definition names, for each business
    /// that submitted online, signed with that business's key. Exit 0: every
    /// server answered; 1: one refused the request or sent an answer that
    /// was not its own; 2: one did not answer (asked again next time).
    Fetch {
        /// One JSON object per server and business instead of sentences
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = LangArg::Ko)]
        lang: LangArg,
        #[command(flatten)]
        data: DataDir,
    },
}

/// The lines that tell what an answers file (or fetch) did: counts, then
/// one line per claim moved, its reason indented under it.
pub(super) fn applied_lines(answers: &AnswersImported) -> Vec<String> {
    let mut lines = vec![format!(
        "회신 {}건 반영, 이미 반영한 것 {}건, 이 컴퓨터에 없는 청구서 {}건 (서명 {} {})",
        answers.applied.len(),
        answers.already,
        answers.not_here,
        answers.signer,
        answers.fingerprint
    )];
    if let Some(shop) = &answers.for_another_shop {
        lines.push(format!(
            "  이 회신 파일은 다른 사업장({shop}) 앞으로 온 것이라 아무것도 반영하지 않았습니다"
        ));
    } else if answers.other_businesses > 0 {
        lines.push(format!(
            "  이 파일에는 다른 사업장의 청구서 {}건에 대한 회신도 있습니다. 이 컴퓨터 사업장의 회신만 반영했습니다",
            answers.other_businesses
        ));
    }
    for number in &answers.other_content {
        lines.push(format!(
            "  {number}: 지금 청구서와 다른 내용(고치기 전에 낸 것)에 대한 회신이라 반영하지 않았습니다"
        ));
    }
    for answer in &answers.applied {
        // A reason's own lines stay indented under its answer: none can
        // pass for a line of ours.
        lines.push(format!(
            "  {} {}{}",
            answer.number,
            answer.status.code(),
            answer
                .reason
                .as_deref()
                .map(|reason| format!(": {}", reason.replace('\n', "\n      ")))
                .unwrap_or_default()
        ));
    }
    lines
}

fn heard_lines(heard: &Heard, lang: Lang) -> Vec<String> {
    let head = format!("{} {}", heard.url, heard.registration_number);
    match (&heard.outcome, lang) {
        (HeardOutcome::Answers(answers), _) => std::iter::once(head)
            .chain(
                applied_lines(answers)
                    .into_iter()
                    .map(|line| format!("  {line}")),
            )
            .collect(),
        (HeardOutcome::Unanswered { code, message }, Lang::Ko) => {
            vec![format!("{head}  답 없음: {message} ({code})")]
        }
        (HeardOutcome::Unanswered { code, message }, Lang::En) => {
            vec![format!("{head}  no answer: {message} ({code})")]
        }
        (HeardOutcome::Refused { code, message }, Lang::Ko) => {
            vec![format!("{head}  받지 않음: {message} ({code})")]
        }
        (HeardOutcome::Refused { code, message }, Lang::En) => {
            vec![format!("{head}  refused: {message} ({code})")]
        }
    }
}

fn exit_code(heard: &[Heard]) -> u8 {
    exit_of_exchanges(
        heard,
        |heard| matches!(heard.outcome, HeardOutcome::Refused { .. }),
        |heard| matches!(heard.outcome, HeardOutcome::Unanswered { .. }),
    )
}

pub fn run(command: AnswersCommand) -> ExitCode {
    let AnswersCommand::Fetch { json, lang, data } = command;
    let lang: Lang = lang.into();
    let outcome = super::with_store_in(&data, |store, dir| -> AppResult<Vec<Heard>> {
        let network = Network::new(dir, Patience::from_env()).map_err(AppError::ExtraCa)?;
        app::hearing::fetch_answers(store, &network, lang)
    });
    let heard = match outcome {
        Ok(heard) => heard,
        Err(error) => return fail(&error, lang),
    };
    let mut out = String::new();
    for one in &heard {
        if json {
            out.push_str(&serde_json::to_string(one).unwrap_or_default());
            out.push('\n');
        } else {
            for line in heard_lines(one, lang) {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    if heard.is_empty() && !json {
        out.push_str(match lang {
            Lang::Ko => "회신을 물을 서버가 없습니다. 온라인으로 제출한 청구서가 있어야 합니다.\n",
            Lang::En => "No server to ask: answers come for claims submitted online.\n",
        });
    }
    if !super::output::print(out.trim_end()) {
        return ExitCode::from(EXIT_FAILED);
    }
    ExitCode::from(exit_code(&heard))
}
