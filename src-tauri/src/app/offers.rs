//! New incident definitions offered by the association's servers: `GET
//! {url}/v1/incidents` of each server an imported definition names. Each
//! file is checked as an imported file is (`claim_core::signature`, against
//! the keys the owner trusts) and offered with whose signature it bears;
//! nothing is added until the owner says so, and then through the same
//! import that a file from a USB stick takes (`Store::import_incident`,
//! which refuses what it always refuses).

use crate::app::error::{AppError, AppResult};
use crate::app::network::{Network, Unanswered};
use claim_core::signature::{open_definition, TrustedKey};
use claim_core::verification::Verification;
use claim_core::{Failure, Lang};
use claim_store::{ImportedIncident, Store};
use serde::Serialize;

/// The most definitions read from one server's answer: as many as the
/// server serves (`MAX_PUBLISHED`).
pub const MAX_OFFERED: usize = 500;

/// A definition a server offers that this PC does not hold as it is.
#[derive(Clone, Debug, Serialize)]
pub struct Offer {
    /// The server that offers it.
    pub url: String,
    pub id: String,
    pub title_ko: String,
    pub title_en: String,
    /// Signed by a key the owner trusts (its name and fingerprint).
    pub verified: bool,
    pub signer: Option<String>,
    pub fingerprint: Option<String>,
    /// This PC holds another file for the incident: importing replaces it.
    pub replaces: bool,
    /// SHA-256 (hex) of the file: what the owner said yes to is what is
    /// imported.
    pub sha256: String,
    #[serde(skip)]
    file: Vec<u8>,
}

/// What one server said.
#[derive(Debug, Serialize)]
pub struct Offered {
    pub url: String,
    pub offers: Vec<Offer>,
    /// Why nothing came from it, in the owner's words (no network, …).
    pub problem: Option<String>,
}

/// The servers to ask: every `submit.url` of an imported definition.
pub fn servers(store: &Store) -> AppResult<Vec<String>> {
    let mut urls = std::collections::BTreeSet::new();
    for incident in store.incidents()? {
        if let Some((to, _)) = store.submit_address(&incident.id)? {
            urls.insert(to.url);
        }
    }
    Ok(urls.into_iter().collect())
}

/// The servers to ask and the keys their files are checked against, read
/// before the network is waited for.
pub fn servers_and_keys(store: &Store) -> AppResult<(Vec<String>, Vec<TrustedKey>)> {
    Ok((servers(store)?, store.trusted_keys()?))
}

#[derive(serde::Deserialize)]
struct Listing {
    incidents: Vec<ListedFile>,
}

#[derive(serde::Deserialize)]
struct ListedFile {
    file: String,
}

/// What a server listed: its files, or why none came (in the owner's words).
pub type Listed = Result<Vec<Vec<u8>>, String>;

/// Asks `url` for its definitions (network only): the files it lists.
pub fn ask(url: &str, network: &Network, lang: Lang) -> Listed {
    let answer = network
        .get(&format!("{url}/v1/incidents"), &[], lang)
        .map_err(|unanswered: Unanswered| unanswered.message(lang))?;
    if answer.status != 200 {
        return Err(match lang {
            Lang::Ko => format!(
                "서버가 장애 정의를 주지 않았습니다(HTTP {}).",
                answer.status
            ),
            Lang::En => format!(
                "The server gave no incident definitions (HTTP {}).",
                answer.status
            ),
        });
    }
    let listing: Listing = serde_json::from_slice(&answer.body).map_err(|_| match lang {
        Lang::Ko => "서버의 장애 정의 목록을 읽을 수 없습니다.".to_owned(),
        Lang::En => "The server's list of incident definitions cannot be read.".to_owned(),
    })?;
    Ok(listing
        .incidents
        .into_iter()
        .take(MAX_OFFERED)
        .map(|listed| listed.file.into_bytes())
        .filter(|file| file.len() <= crate::app::incidents::MAX_DEFINITION_BYTES)
        .collect())
}

/// The files from `url` this PC does not hold as they are, checked against
/// `keys`; a file that is no definition is left out.
pub fn offers_in(
    store: &Store,
    url: &str,
    files: Vec<Vec<u8>>,
    keys: &[TrustedKey],
) -> AppResult<Vec<Offer>> {
    let mut offers = Vec::new();
    for file in files {
        let Ok(opened) = open_definition(&file, keys) else {
            continue;
        };
        let id = opened.definition.id.clone();
        let held = store.imported_incident_file(&id)?;
        if held.as_deref() == Some(file.as_slice()) {
            continue;
        }
        let (verified, signer, fingerprint) = match &opened.verification {
            Verification::Verified {
                signer,
                fingerprint,
                ..
            } => (true, Some(signer.clone()), Some(fingerprint.clone())),
            _ => (false, None, None),
        };
        offers.push(Offer {
            url: url.to_owned(),
            id,
            title_ko: opened.definition.title.ko.clone(),
            title_en: opened.definition.title.en.clone(),
            verified,
            signer,
            fingerprint,
            replaces: held.is_some(),
            sha256: claim_store::sha256_hex(&file),
            file,
        });
    }
    Ok(offers)
}

/// What `url` offers, from what it listed (`ask`'s answer).
pub fn offered(
    store: &Store,
    url: String,
    listed: Listed,
    keys: &[TrustedKey],
) -> AppResult<Offered> {
    Ok(match listed {
        Ok(files) => Offered {
            offers: offers_in(store, &url, files, keys)?,
            url,
            problem: None,
        },
        Err(problem) => Offered {
            url,
            offers: Vec::new(),
            problem: Some(problem),
        },
    })
}

/// Asks every server, and says what each offers.
pub fn fetch_offers(store: &Store, network: &Network, lang: Lang) -> AppResult<Vec<Offered>> {
    let (servers, keys) = servers_and_keys(store)?;
    servers
        .into_iter()
        .map(|url| {
            let listed = ask(&url, network, lang);
            offered(store, url, listed, &keys)
        })
        .collect()
}

/// Imports the offer of incident `id` (the owner said so), as a file is;
/// with `sha256`, only the very file she was shown.
pub fn accept(
    store: &mut Store,
    offers: &[Offered],
    id: &str,
    sha256: Option<&str>,
) -> AppResult<ImportedIncident> {
    let offer = offers
        .iter()
        .flat_map(|offered| &offered.offers)
        .find(|offer| offer.id == id && sha256.is_none_or(|sha256| offer.sha256 == sha256))
        .ok_or_else(|| AppError::OfferGone { id: id.to_owned() })?;
    Ok(store.import_incident(&offer.file)?)
}
