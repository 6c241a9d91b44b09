//! Hearing back: the association's answers fetched from the server a
//! definition names, and applied as an imported answers file is.
//!
//! Each business has its own Ed25519 key, made on its first online
//! submission and kept in the store; the server binds what the key sent to
//! it. To ask, the app takes a nonce (`GET /v1/nonce`), signs it with the
//! cursor (`claim_core::asking`) and reads `GET /v1/answers?since=…`: a
//! signed `claimdesk.answers/1` file, verified against the definition's
//! `server_key` alone. The cursor moves to the latest answer's instant (the
//! server's clock; the shop PC's is never read), so an answer comes once or,
//! sharing that instant, again, and the store knows it already.
//!
//! As with submitting, the store is not needed while the network is waited
//! for: [`askings`] reads it, [`ask`] talks to the server, [`settle`] keeps
//! what came back.

use crate::app::error::{AppError, AppResult};
use crate::app::network::{Network, Unanswered};
use crate::app::reply::AnswersImported;
use claim_core::asking::{sign_request, KEY_HEADER, NONCE_HEADER, SIGNATURE_HEADER};
use claim_core::signature::{parse_public_key, KeyUse, TrustedKey};
use claim_core::{Failure, FailureCode, Lang};
use claim_store::Store;
use serde::Serialize;

pub(crate) use crate::app::reply::digits;

/// The key of the business with `registration_number` (digits), made now
/// if it has none.
pub(crate) fn business_key(store: &mut Store, registration_number: &str) -> AppResult<[u8; 32]> {
    if let Some(key) = store.business_key_kept(registration_number)? {
        return Ok(key);
    }
    let mut fresh = [0u8; 32];
    getrandom::fill(&mut fresh)
        .map_err(|error| AppError::SigningKey(format!("난수를 얻지 못했습니다: {error}")))?;
    Ok(store.business_key(registration_number, || fresh)?)
}

/// One request to make: a server, and a business that sent to it.
#[derive(Clone, Debug)]
pub struct Asking {
    pub url: String,
    server_key: String,
    /// Digits.
    pub registration_number: String,
    secret: [u8; 32],
    since: String,
}

/// What a server said to one business's request.
#[derive(Debug)]
pub struct Asked {
    asking: Asking,
    reply: Reply,
}

/// What came back for one request.
#[derive(Debug)]
enum Reply {
    /// The signed answers file (not yet verified).
    Answers(Vec<u8>),
    /// Nothing usable came.
    Unanswered(Unanswered),
    /// The server refused: its status, and its code when it is one of ours.
    Refused { status: u16, code: Option<String> },
}

/// What one request brought, as shown.
#[derive(Debug, Serialize)]
pub struct Heard {
    pub url: String,
    /// As the business's certificate shows it (`123-45-67890`).
    pub registration_number: String,
    #[serde(flatten)]
    pub outcome: HeardOutcome,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HeardOutcome {
    /// The answers the server holds for this business, applied.
    Answers(AnswersImported),
    /// Nothing came (no network, server down): asked again next time.
    Unanswered { code: String, message: String },
    /// The server refused the request, or its answer was not its own.
    Refused { code: String, message: String },
}

impl HeardOutcome {
    /// For the log: what happened, never to whom.
    pub fn kind(&self) -> &'static str {
        match self {
            HeardOutcome::Answers(_) => "answers",
            HeardOutcome::Unanswered { .. } => "unanswered",
            HeardOutcome::Refused { .. } => "refused",
        }
    }
}

/// Every (server, business) to ask: each server a claim's incident
/// definition names, for the business of that claim once it has a key
/// (it sent something online).
pub fn askings(store: &Store) -> AppResult<Vec<Asking>> {
    let mut seen = std::collections::BTreeSet::new();
    let mut askings = Vec::new();
    for summary in store.list(&claim_store::ClaimFilter::default())? {
        let (Some(incident), Some(number)) = (
            summary.incident.as_deref(),
            summary.registration_number.as_deref(),
        ) else {
            continue;
        };
        let business = digits(number);
        let Some(secret) = store.business_key_kept(&business)? else {
            continue;
        };
        let Some((to, _)) = store.submit_address(incident)? else {
            continue;
        };
        let server_key = claim_core::signature::public_key_base64(&to.server_key);
        if !seen.insert((to.url.clone(), server_key.clone(), business.clone())) {
            continue;
        }
        let since = store.answers_since(&to.url, &business)?;
        askings.push(Asking {
            url: to.url,
            server_key,
            registration_number: business,
            secret,
            since,
        });
    }
    Ok(askings)
}

#[derive(serde::Deserialize)]
struct Nonce {
    nonce: String,
}

#[derive(serde::Deserialize, Default)]
struct ServerRefusal {
    code: Option<String>,
}

/// The network step, without the store: a nonce, then the signed request.
/// A nonce refused (spent by a retry, or too old) is asked for once more.
pub fn ask(asking: Asking, network: &Network, lang: Lang) -> Asked {
    let mut reply = signed_request(&asking, network, lang);
    if matches!(&reply, Reply::Refused { code: Some(code), .. } if code == FailureCode::AskingNonce.as_str())
    {
        reply = signed_request(&asking, network, lang);
    }
    Asked { asking, reply }
}

/// A nonce from the server, then the request signed over it.
fn signed_request(asking: &Asking, network: &Network, lang: Lang) -> Reply {
    let nonce = match network.get(&format!("{}/v1/nonce", asking.url), &[], lang) {
        Ok(answer) if answer.status == 200 => match serde_json::from_slice::<Nonce>(&answer.body) {
            Ok(nonce) => nonce.nonce,
            Err(_) => return Reply::Unanswered(Unanswered::Broken),
        },
        Ok(answer) => return refused(&answer),
        Err(unanswered) => return Reply::Unanswered(unanswered),
    };
    let signed = sign_request(&asking.secret, &nonce, &asking.since);
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("since", &asking.since)
        .finish();
    let headers = [
        (KEY_HEADER, signed.key.as_str()),
        (NONCE_HEADER, nonce.as_str()),
        (SIGNATURE_HEADER, signed.signature.as_str()),
    ];
    match network.get(
        &format!("{}/v1/answers?{query}", asking.url),
        &headers,
        lang,
    ) {
        Ok(answer) if answer.status == 200 => Reply::Answers(answer.body),
        Ok(answer) => refused(&answer),
        Err(unanswered) => Reply::Unanswered(unanswered),
    }
}

fn refused(answer: &crate::app::network::Answer) -> Reply {
    Reply::Refused {
        status: answer.status,
        code: refusal_code(&answer.body),
    }
}

fn refusal_code(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<ServerRefusal>(body)
        .unwrap_or_default()
        .code
        .filter(|code| FailureCode::parse(code).is_some())
}

/// The store step: the answers verified against the definition's server
/// key and applied; the cursor moved to the latest answer's instant.
pub fn settle(store: &mut Store, asked: Asked, lang: Lang) -> AppResult<Heard> {
    let Asked { asking, reply } = asked;
    let heard = |outcome| Heard {
        url: asking.url.clone(),
        registration_number: claim_core::brn::shown_registration_number(
            &asking.registration_number,
        ),
        outcome,
    };
    let body = match reply {
        Reply::Answers(body) => body,
        Reply::Unanswered(unanswered) => {
            return Ok(heard(HeardOutcome::Unanswered {
                code: unanswered.code().as_str().to_owned(),
                message: unanswered.message(lang),
            }))
        }
        Reply::Refused { status, code } => {
            let failure = code
                .and_then(|code| FailureCode::parse(&code))
                .unwrap_or(FailureCode::SubmitRefused);
            return Ok(heard(HeardOutcome::Refused {
                code: failure.as_str().to_owned(),
                message: refused_words(failure, status, lang),
            }));
        }
    };
    let Some(key) = parse_public_key(&asking.server_key) else {
        return Ok(heard(HeardOutcome::Refused {
            code: FailureCode::SignatureUntrusted.as_str().to_owned(),
            message: AppError::Answer(claim_core::answer::AnswerError::Field {
                what: "answers",
                field: "server_key".to_owned(),
                problem: "not a key",
            })
            .message(lang),
        }));
    };
    let server = TrustedKey {
        name: asking.url.clone(),
        key,
        shipped: false,
        uses: KeyUse::Answers,
    };
    match crate::app::reply::apply_answers(
        store,
        &body,
        &[server],
        crate::app::reply::Freshness::ByNonce,
    ) {
        Ok(imported) => {
            // The cursor never moves back, and only to an instant.
            if let Some(latest) = imported.latest_at.clone().filter(|latest| {
                let kept = claim_core::dates::parse_instant(&asking.since);
                claim_core::dates::parse_instant(latest)
                    .is_some_and(|at| kept.is_none_or(|kept| at > kept))
            }) {
                store.set_answers_since(&asking.url, &asking.registration_number, &latest)?;
            }
            Ok(heard(HeardOutcome::Answers(imported)))
        }
        // Not the server's own answer (another key, changed, made up):
        // nothing moved, said.
        Err(error @ AppError::Answer(_)) => Ok(heard(HeardOutcome::Refused {
            code: error.code().as_str().to_owned(),
            message: error.message(lang),
        })),
        Err(error) => Err(error),
    }
}

fn refused_words(failure: FailureCode, status: u16, lang: Lang) -> String {
    match (failure, lang) {
        (FailureCode::AskingNonce | FailureCode::AskingRefused, Lang::Ko) => format!(
            "서버가 회신 요청을 받지 않았습니다(HTTP {status}). 잠시 뒤 '회신 확인'을 다시 눌러 주세요."
        ),
        (FailureCode::AskingNonce | FailureCode::AskingRefused, Lang::En) => format!(
            "The server did not take the request for answers (HTTP {status}). Press 'Check for answers' again shortly."
        ),
        (_, Lang::Ko) => format!("서버가 회신 요청을 받지 않았습니다(HTTP {status})."),
        (_, Lang::En) => format!("The server did not take the request for answers (HTTP {status})."),
    }
}

/// Asks every server for every business's answers, and applies them.
pub fn fetch_answers(store: &mut Store, network: &Network, lang: Lang) -> AppResult<Vec<Heard>> {
    askings(store)?
        .into_iter()
        .map(|asking| settle(store, ask(asking, network, lang), lang))
        .collect()
}
