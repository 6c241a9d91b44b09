//! Online submission from the window: where a claim would go, sending
//! chosen claims, and sending what waits. The store is held to prepare
//! and to keep what came back, never while the network is waited for, so
//! the rest of the page goes on working.

use super::error::CommandResult;
use super::payload::{self, IdRequest, LangRequest, OfferRequest, SubmitRequest};
use super::Surface;
use crate::app;
use crate::app::network::{Network, Patience};
use crate::app::submit::{Step, Submitted};
use claim_core::Lang;

/// The most claims sent in one go from the page.
const MAX_CLAIMS_AT_ONCE: usize = 500;

/// Where the claim would go, and whether that is vouched for.
pub fn claim_destination(
    at: &Surface,
    IdRequest { id }: IdRequest,
) -> CommandResult<app::submit::Destination> {
    let id = id.claim_id()?;
    at.shop
        .with_store(|store| Ok(app::submit::destination(store, &id)?))
}

/// Sends `steps` (prepared in the store), then keeps each answer.
fn send(at: &Surface, steps: Vec<Step>, lang: Lang) -> CommandResult<Vec<Submitted>> {
    let network =
        Network::new(at.shop.data_dir()?, Patience::from_env()).map_err(app::AppError::ExtraCa)?;
    let mut results = Vec::with_capacity(steps.len());
    for step in steps {
        match step {
            Step::Done(submitted) => results.push(submitted),
            Step::Send(outbound) => {
                let exchanged = app::submit::exchange(outbound, &network, lang);
                results.push(
                    at.shop
                        .with_store(|store| Ok(app::submit::settle(store, exchanged, lang)?))?,
                );
            }
        }
    }
    for result in &results {
        // What happened, never to whom: no number or name of the shop.
        log::info!("online submission: {}", result.sent.kind());
    }
    Ok(results)
}

/// Submits the chosen claims (masked unless the owner opted in; to an
/// unverified destination only when she said so after the warning).
pub fn claims_submit(
    at: &Surface,
    SubmitRequest {
        ids,
        include_customer_details,
        to_unverified,
        lang,
    }: SubmitRequest,
) -> CommandResult<Vec<Submitted>> {
    if ids.is_empty() || ids.len() > MAX_CLAIMS_AT_ONCE {
        return Err(payload::malformed());
    }
    let ids = ids
        .iter()
        .map(payload::Id::claim_id)
        .collect::<Result<Vec<claim_core::ClaimId>, _>>()?;
    let choices = app::submit::SubmitChoices {
        include_customer_details,
        to_unverified,
        lang: lang.0,
    };
    let steps = at.shop.with_store(|store| {
        Ok(app::submit::prepare(
            store,
            &ids,
            &choices,
            app::clock::now(),
        )?)
    })?;
    send(at, steps, lang.0)
}

/// Sends every claim waiting in the outbox (at start, and 다시 보내기).
pub fn claims_send_waiting(
    at: &Surface,
    LangRequest { lang }: LangRequest,
) -> CommandResult<Vec<Submitted>> {
    let steps = at
        .shop
        .with_store(|store| Ok(app::submit::waiting_steps(store)?))?;
    send(at, steps, lang.0)
}

/// Asks each server for this PC's businesses' answers and applies them
/// (회신 확인, and at start). The store is read first and written after
/// each answer, never held while a server is waited for.
pub fn answers_fetch(
    at: &Surface,
    LangRequest { lang }: LangRequest,
) -> CommandResult<Vec<app::hearing::Heard>> {
    let askings = at
        .shop
        .with_store(|store| Ok(app::hearing::askings(store)?))?;
    if askings.is_empty() {
        return Ok(Vec::new());
    }
    let network =
        Network::new(at.shop.data_dir()?, Patience::from_env()).map_err(app::AppError::ExtraCa)?;
    let mut heard = Vec::with_capacity(askings.len());
    for asking in askings {
        let asked = app::hearing::ask(asking, &network, lang.0);
        let one = at
            .shop
            .with_store(|store| Ok(app::hearing::settle(store, asked, lang.0)?))?;
        // What happened, never to whom.
        log::info!("answers fetched: {}", one.outcome.kind());
        heard.push(one);
    }
    Ok(heard)
}

/// What the association's servers offer: the incident definitions this PC
/// does not hold as they are, each with whose signature it bears. The
/// store is read before and after, never held while a server is asked.
pub fn incident_offers(
    at: &Surface,
    LangRequest { lang }: LangRequest,
) -> CommandResult<Vec<app::offers::Offered>> {
    let (servers, keys) = at
        .shop
        .with_store(|store| Ok(app::offers::servers_and_keys(store)?))?;
    if servers.is_empty() {
        return Ok(Vec::new());
    }
    let network =
        Network::new(at.shop.data_dir()?, Patience::from_env()).map_err(app::AppError::ExtraCa)?;
    let asked: Vec<(String, app::offers::Listed)> = servers
        .into_iter()
        .map(|url| {
            let files = app::offers::ask(&url, &network, lang.0);
            (url, files)
        })
        .collect();
    at.shop.with_store(|store| {
        asked
            .into_iter()
            .map(|(url, listed)| Ok(app::offers::offered(store, url, listed, &keys)?))
            .collect()
    })
}

/// The owner said yes to the offered definition `id` she was shown (its
/// `sha256`): asked for again, and that very file imported as a file is.
pub fn incident_offer_accept(
    at: &Surface,
    OfferRequest { id, sha256, lang }: OfferRequest,
) -> CommandResult<claim_store::ImportedIncident> {
    if id.is_empty() || id.len() > 200 || sha256.len() != 64 {
        return Err(payload::malformed());
    }
    let offered = incident_offers(at, LangRequest { lang })?;
    at.shop
        .with_store(|store| Ok(app::offers::accept(store, &offered, &id, Some(&sha256))?))
}
