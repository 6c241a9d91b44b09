//! `claimdesk submit`: claims to the association's server, one line each.

use super::output::{exit_of_exchanges, fail, DataDir, LangArg, EXIT_FAILED};
use crate::app::network::{Network, Patience};
use crate::app::submit::{Sent, SubmitChoices, Submitted};
use crate::app::{self, AppError, AppResult};
use claim_core::{ClaimId, Lang};
use std::process::ExitCode;

/// 연합회 서버로 온라인 제출합니다 / submit claims online to the association's server.
///
/// The address is the one the claim's incident definition names (signed by
/// the association). With no id, sends what waits in the outbox. Exit 0:
/// every claim has a verified receipt (sent again: "unchanged"); 1: some
/// were refused, each with its code; 2: some got no answer and wait in
/// the outbox (sent at the next start, or by running this again).
#[derive(Debug, clap::Args)]
pub struct SubmitArgs {
    /// Ids of stored claims (none: the claims waiting to be sent)
    ids: Vec<String>,
    /// Put customer names and phones in unmasked (the owner's choice)
    #[arg(long)]
    include_customer_details: bool,
    /// Send even where the incident definition's signature is not verified
    #[arg(long)]
    to_unverified: bool,
    /// One JSON object per claim instead of a sentence
    #[arg(long)]
    json: bool,
    #[arg(long, value_enum, default_value_t = LangArg::Ko)]
    lang: LangArg,
    #[command(flatten)]
    data: DataDir,
}

fn line(submitted: &Submitted, lang: Lang) -> String {
    let said = match (&submitted.sent, lang) {
        (
            Sent::Received {
                receipt_number,
                unchanged: false,
                ..
            },
            Lang::Ko,
        ) => format!("접수됨 {receipt_number}"),
        (
            Sent::Received {
                receipt_number,
                unchanged: true,
                ..
            },
            Lang::Ko,
        ) => format!("이미 접수됨 {receipt_number} (unchanged)"),
        (
            Sent::Received {
                receipt_number,
                unchanged: false,
                ..
            },
            Lang::En,
        ) => format!("received {receipt_number}"),
        (
            Sent::Received {
                receipt_number,
                unchanged: true,
                ..
            },
            Lang::En,
        ) => format!("unchanged {receipt_number}"),
        (Sent::Refused { code, message }, Lang::Ko) => format!("보내지 못함: {message} ({code})"),
        (Sent::Refused { code, message }, Lang::En) => format!("refused: {message} ({code})"),
        (Sent::Waiting { code, message, .. }, Lang::Ko) => {
            format!("보내기 대기 중: {message} ({code})")
        }
        (Sent::Waiting { code, message, .. }, Lang::En) => {
            format!("waiting to be sent: {message} ({code})")
        }
    };
    format!("{}  {said}", submitted.number)
}

/// 0 when every claim was received, 1 when one was refused, else 2.
fn exit_code(results: &[Submitted]) -> u8 {
    exit_of_exchanges(
        results,
        |result| matches!(result.sent, Sent::Refused { .. }),
        |result| matches!(result.sent, Sent::Waiting { .. }),
    )
}

pub fn run(args: SubmitArgs) -> ExitCode {
    let lang: Lang = args.lang.into();
    let outcome = super::with_store_in(&args.data, |store, dir| -> AppResult<Vec<Submitted>> {
        let network = Network::new(dir, Patience::from_env()).map_err(AppError::ExtraCa)?;
        if args.ids.is_empty() {
            return app::submit::send_waiting(store, &network, lang);
        }
        let ids = args
            .ids
            .iter()
            .map(|id| {
                ClaimId::parse(id).ok_or(AppError::Store(claim_store::StoreError::ClaimNotFound))
            })
            .collect::<AppResult<Vec<ClaimId>>>()?;
        let choices = SubmitChoices {
            include_customer_details: args.include_customer_details,
            to_unverified: args.to_unverified,
            lang,
        };
        app::submit::submit(store, &ids, &choices, &network, app::clock::now())
    });
    let results = match outcome {
        Ok(results) => results,
        Err(error) => return fail(&error, lang),
    };
    let mut out = String::new();
    for result in &results {
        let text = if args.json {
            serde_json::to_string(result).unwrap_or_default()
        } else {
            line(result, lang)
        };
        out.push_str(&text);
        out.push('\n');
    }
    if results.is_empty() && !args.json {
        out.push_str(match lang {
            Lang::Ko => "보낼 청구서가 없습니다.\n",
            Lang::En => "Nothing waits to be sent.\n",
        });
    }
    if !super::output::print(out.trim_end()) {
        return ExitCode::from(EXIT_FAILED);
    }
    ExitCode::from(exit_code(&results))
}
