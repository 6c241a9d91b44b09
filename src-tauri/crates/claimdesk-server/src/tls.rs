//! TLS for the server when it listens beyond loopback (rustls, with the
//! `ring` provider): the certificate chain and key are PEM files the
//! association's IT gives (`--tls-cert`, `--tls-key`).
//!
//! Handshakes run beside each other, each within [`HANDSHAKE_TIME`], at most
//! [`HANDSHAKES_AT_ONCE`] at a time: a client that opens a connection and
//! says nothing holds one slot for a while, never the door.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::server::TlsStream;

/// How long a client has to finish its handshake.
pub const HANDSHAKE_TIME: Duration = Duration::from_secs(10);
/// Handshakes under way at once; a connection beyond them is closed.
pub const HANDSHAKES_AT_ONCE: usize = 64;
/// The most a certificate or key file may be (a chain is a few KiB).
const PEM_BYTES: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{file}: {reason}")]
    File { file: String, reason: String },
    #[error("the certificate does not go with the key, or is not one rustls serves: {0}")]
    Config(String),
}

fn read_pem(file: &Path) -> Result<Vec<u8>, TlsError> {
    use std::io::Read;
    let fail = |reason: String| TlsError::File {
        file: file.display().to_string(),
        reason,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|opened| opened.take(PEM_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|error| fail(error.to_string()))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > PEM_BYTES {
        return Err(fail("larger than a certificate or key file is".to_owned()));
    }
    Ok(bytes)
}

/// The server's TLS settings from the PEM files `cert` (the chain, the
/// server's own certificate first) and `key`.
pub fn server_config(cert: &Path, key: &Path) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let chain_pem = read_pem(cert)?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&chain_pem)
        .collect::<Result<_, _>>()
        .map_err(|error| TlsError::File {
            file: cert.display().to_string(),
            reason: format!("not a PEM certificate chain ({error})"),
        })?;
    if chain.is_empty() {
        return Err(TlsError::File {
            file: cert.display().to_string(),
            reason: "no certificate in it (-----BEGIN CERTIFICATE-----)".to_owned(),
        });
    }
    let key_pem = read_pem(key)?;
    let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|error| TlsError::File {
        file: key.display().to_string(),
        reason: format!("not a PEM private key ({error})"),
    })?;
    // ring: built with the compiler the machine has. rustls 0.23.48
    // deprecates it for its lack of post-quantum key exchange, which would
    // take aws-lc-rs (a C library built from source) here.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| TlsError::Config(error.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|error| TlsError::Config(error.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Connections that finished their TLS handshake, for `axum::serve`.
#[derive(Debug)]
pub struct TlsListener {
    handshaken: tokio::sync::mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Accepts on `tcp`, each connection's handshake on a task of its own.
    pub fn new(
        tcp: TcpListener,
        config: Arc<rustls::ServerConfig>,
    ) -> std::io::Result<TlsListener> {
        let local = tcp.local_addr()?;
        let acceptor = tokio_rustls::TlsAcceptor::from(config);
        let (sender, handshaken) = tokio::sync::mpsc::channel(HANDSHAKES_AT_ONCE);
        let slots = Arc::new(tokio::sync::Semaphore::new(HANDSHAKES_AT_ONCE));
        tokio::spawn(async move {
            loop {
                let (stream, peer) = match tcp.accept().await {
                    Ok(accepted) => accepted,
                    // Out of descriptors, or the like: a breath, then on.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                    drop(stream);
                    continue;
                };
                let (acceptor, sender) = (acceptor.clone(), sender.clone());
                tokio::spawn(async move {
                    if let Ok(Ok(tls)) =
                        tokio::time::timeout(HANDSHAKE_TIME, acceptor.accept(stream)).await
                    {
                        let _ = sender.send((tls, peer)).await;
                    }
                    drop(slot);
                });
            }
        });
        Ok(TlsListener { handshaken, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.handshaken.recv().await {
            Some(connection) => connection,
            // The accepting task never ends while the listener lives.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
