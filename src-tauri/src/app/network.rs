//! The app's only use of the network: HTTPS to the association's server
//! whose address a signed incident definition names, when the owner
//! submits or asks for answers. Through rustls (ring), verified against
//! the system's root certificates plus any the owner or the association's
//! IT adds in the data folder ([`EXTRA_CA_FILE`]). There is no switch that
//! skips verification. Plain HTTP is taken only for loopback addresses
//! (the definition's rules already refuse it elsewhere; checked again
//! here, since a stored address is data).
//!
//! Every request is bounded: a connect and a whole-exchange timeout, an
//! answer of at most [`MAX_ANSWER_BYTES`], no redirects (an answer from
//! anywhere but the signed address is no answer), and a few attempts with
//! a growing pause when nothing (or a 5xx, 408 or 429) came back.

use claim_core::{Failure, FailureCode, Lang};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Certificates (PEM) the shop's computer trusts for this app besides the
/// system's: the association's own CA, say.
pub const EXTRA_CA_FILE: &str = "extra-ca.pem";

/// The largest added CA file read.
const MAX_EXTRA_CA_BYTES: usize = 1024 * 1024;

/// The largest answer read: a submission's answer holds a signed receipt
/// per claim (a few KB each).
pub const MAX_ANSWER_BYTES: u64 = 4 * 1024 * 1024;

/// How long and how often.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Patience {
    /// The whole of one exchange: connecting, sending, the answer.
    pub timeout: Duration,
    /// Attempts in all (at least one).
    pub attempts: u32,
    /// The pause after the first attempt that got nothing; doubled after
    /// each next one.
    pub first_pause: Duration,
}

impl Default for Patience {
    fn default() -> Patience {
        Patience {
            timeout: Duration::from_secs(30),
            attempts: 3,
            first_pause: Duration::from_secs(1),
        }
    }
}

impl Patience {
    /// The default, or the timeout `$CLAIMDESK_NETWORK_TIMEOUT_SECONDS`
    /// sets (whole seconds, 1 to 300): tests of a slow server, and a shop
    /// whose line is slower than most.
    pub fn from_env() -> Patience {
        let mut patience = Patience::default();
        if let Some(seconds) = std::env::var("CLAIMDESK_NETWORK_TIMEOUT_SECONDS")
            .ok()
            .and_then(|text| text.trim().parse::<u64>().ok())
            .filter(|seconds| (1..=300).contains(seconds))
        {
            patience.timeout = Duration::from_secs(seconds);
        }
        patience
    }
}

/// An answer, whatever its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Why no answer came (after every attempt).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unanswered {
    /// Nothing within the timeout.
    TimedOut,
    /// No connection: no network, the name not found, the server down.
    Unreachable,
    /// The server's certificate is not one this computer trusts (or not
    /// for this address).
    Certificate { extra_ca: PathBuf },
    /// The server kept failing (its status).
    ServerFailing(u16),
    /// An answer that was not one: too large, broken off, a redirect.
    Broken,
    /// An address that may not be used (not https, and not loopback).
    Address,
}

impl Failure for Unanswered {
    fn code(&self) -> FailureCode {
        match self {
            Unanswered::Certificate { .. } => FailureCode::SubmitCertificate,
            _ => FailureCode::SubmitUnanswered,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Unanswered::TimedOut, Lang::Ko) => "서버가 제시간에 답하지 않았습니다.".to_owned(),
            (Unanswered::TimedOut, Lang::En) => "The server did not answer in time.".to_owned(),
            (Unanswered::Unreachable, Lang::Ko) => "서버에 연결할 수 없습니다. 인터넷 연결을 확인해 주세요.".to_owned(),
            (Unanswered::Unreachable, Lang::En) => "The server cannot be reached. Check the internet connection.".to_owned(),
            (Unanswered::Certificate { extra_ca }, Lang::Ko) => format!(
                "서버의 인증서를 이 컴퓨터가 믿을 수 없어 보내지 않았습니다. 연합회 IT 담당자에게 인증서(PEM) 파일을 받아 {} 에 넣은 뒤 다시 보내 주세요.",
                extra_ca.display()
            ),
            (Unanswered::Certificate { extra_ca }, Lang::En) => format!(
                "The server's certificate is not one this computer trusts, so nothing was sent. Ask the association's IT for its certificate (PEM), put it at {}, and send again.",
                extra_ca.display()
            ),
            (Unanswered::ServerFailing(status), Lang::Ko) => {
                format!("서버에 문제가 있습니다(HTTP {status}). 나중에 다시 보냅니다.")
            }
            (Unanswered::ServerFailing(status), Lang::En) => {
                format!("The server is failing (HTTP {status}); it will be sent again later.")
            }
            (Unanswered::Broken, Lang::Ko) => "서버의 답이 온전하지 않았습니다.".to_owned(),
            (Unanswered::Broken, Lang::En) => "The server's answer was not whole.".to_owned(),
            (Unanswered::Address, Lang::Ko) => "이 주소로는 보낼 수 없습니다(https 주소만 씁니다).".to_owned(),
            (Unanswered::Address, Lang::En) => "This address cannot be used (https only).".to_owned(),
        }
    }
}

/// The added CA file could not be read as certificates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtraCaUnreadable {
    pub path: PathBuf,
}

impl Failure for ExtraCaUnreadable {
    fn code(&self) -> FailureCode {
        FailureCode::SubmitExtraCa
    }

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Ko => format!(
                "추가 인증서 파일을 읽을 수 없습니다: {}. PEM 형식의 인증서(-----BEGIN CERTIFICATE-----)만 넣어 주세요.",
                self.path.display()
            ),
            Lang::En => format!(
                "The added certificate file cannot be read: {}. Put PEM certificates (-----BEGIN CERTIFICATE-----) in it, nothing else.",
                self.path.display()
            ),
        }
    }
}

/// The client: one agent, its roots read once.
pub struct Network {
    agent: ureq::Agent,
    patience: Patience,
    extra_ca: PathBuf,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Network")
            .field("patience", &self.patience)
            .finish_non_exhaustive()
    }
}

/// The certificates in the added CA file of `data_dir`, if there is one.
fn extra_roots(path: &Path) -> Result<Vec<ureq::tls::Certificate<'static>>, ExtraCaUnreadable> {
    let unreadable = || ExtraCaUnreadable {
        path: path.to_path_buf(),
    };
    let bytes = match crate::app::files::read_limited(path, MAX_EXTRA_CA_BYTES) {
        Ok(bytes) => bytes,
        Err(_) if !path.exists() => return Ok(Vec::new()),
        Err(_) => return Err(unreadable()),
    };
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(&bytes) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(certificate)) => certificates.push(certificate),
            // A key, or a damaged block: not what this file is for.
            _ => return Err(unreadable()),
        }
    }
    if certificates.is_empty() {
        return Err(unreadable());
    }
    Ok(certificates)
}

impl Network {
    /// A client trusting the system's roots and the data folder's added CA
    /// file (refused if it is there but holds no certificate).
    pub fn new(data_dir: &Path, patience: Patience) -> Result<Network, ExtraCaUnreadable> {
        let extra_ca = data_dir.join(EXTRA_CA_FILE);
        let mut roots = extra_roots(&extra_ca)?;
        // The system's store; what it cannot read is left out (a computer
        // with none still reaches a server whose CA was added).
        roots.extend(
            rustls_native_certs::load_native_certs()
                .certs
                .iter()
                .map(|der| ureq::tls::Certificate::from_der(der).to_owned()),
        );
        // ring, as the server's TLS: aws-lc-rs (which rustls 0.23.48 would
        // have for post-quantum key exchange) is a C library to build, and
        // for Windows too.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::Specific(Arc::new(roots)))
            .unversioned_rustls_crypto_provider(provider)
            .build();
        let agent = ureq::Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(patience.timeout))
            .user_agent(concat!("ClaimDesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(Network {
            agent,
            patience,
            extra_ca,
        })
    }

    /// `POST`s `body` to `url`, trying again (with a pause) while nothing
    /// usable comes back. An answer of any other status is the server's
    /// word, returned as it is.
    pub fn post(
        &self,
        url: &str,
        content_type: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        lang: Lang,
    ) -> Result<Answer, Unanswered> {
        self.with_attempts(url, |address| {
            let mut request = self
                .agent
                .post(address)
                .header("Content-Type", content_type)
                .header("Accept-Language", lang.code());
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request.send(body)
        })
    }

    /// `GET`s `url` with `headers`, as [`Network::post`] does: tried again
    /// while nothing usable comes back. (A signed request tried again
    /// carries a spent nonce and is refused: its caller asks for a new one.)
    pub fn get(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        lang: Lang,
    ) -> Result<Answer, Unanswered> {
        self.with_attempts(url, |address| {
            let mut request = self
                .agent
                .get(address)
                .header("Accept-Language", lang.code());
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request.call()
        })
    }

    fn with_attempts(
        &self,
        url: &str,
        exchange: impl Fn(&str) -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Answer, Unanswered> {
        if !may_use(url) {
            return Err(Unanswered::Address);
        }
        let mut pause = self.patience.first_pause;
        let mut last = Unanswered::Unreachable;
        for attempt in 0..self.patience.attempts.max(1) {
            if attempt > 0 {
                std::thread::sleep(pause);
                pause = pause.saturating_mul(2);
            }
            match exchange(url) {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if (300..400).contains(&status) {
                        return Err(Unanswered::Broken);
                    }
                    if status >= 500 || status == 408 || status == 429 {
                        last = Unanswered::ServerFailing(status);
                        continue;
                    }
                    return match response
                        .body_mut()
                        .with_config()
                        .limit(MAX_ANSWER_BYTES)
                        .read_to_vec()
                    {
                        Ok(body) => Ok(Answer { status, body }),
                        Err(ureq::Error::Timeout(_)) => {
                            last = Unanswered::TimedOut;
                            continue;
                        }
                        Err(_) => Err(Unanswered::Broken),
                    };
                }
                Err(error) => {
                    last = self.unanswered(&error);
                    // A certificate will not be trusted on the next try.
                    if matches!(last, Unanswered::Certificate { .. }) {
                        return Err(last);
                    }
                }
            }
        }
        Err(last)
    }

    fn unanswered(&self, error: &ureq::Error) -> Unanswered {
        match error {
            ureq::Error::Timeout(_) => Unanswered::TimedOut,
            ureq::Error::Rustls(_) | ureq::Error::Tls(_) => Unanswered::Certificate {
                extra_ca: self.extra_ca.clone(),
            },
            ureq::Error::Io(io) if is_certificate(io) => Unanswered::Certificate {
                extra_ca: self.extra_ca.clone(),
            },
            ureq::Error::BodyExceedsLimit(_) | ureq::Error::Protocol(_) => Unanswered::Broken,
            _ => Unanswered::Unreachable,
        }
    }
}

/// rustls reports a refused certificate through the stream as an I/O
/// error wrapping its own.
fn is_certificate(error: &std::io::Error) -> bool {
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .is_some_and(|error| {
            matches!(
                error,
                rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented
            )
        })
}

/// `https://`, or `http://` to a loopback address.
pub fn may_use(address: &str) -> bool {
    let Ok(parsed) = url::Url::parse(address) else {
        return false;
    };
    match parsed.scheme() {
        "https" => true,
        "http" => match parsed.host() {
            Some(url::Host::Ipv4(ip)) => ip == std::net::Ipv4Addr::LOCALHOST,
            Some(url::Host::Ipv6(ip)) => ip == std::net::Ipv6Addr::LOCALHOST,
            _ => false,
        },
        _ => false,
    }
}
