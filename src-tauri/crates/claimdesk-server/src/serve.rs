//! `claimdesk-server serve`: the server's HTTP side. So far `/healthz`
//! (200 once the database answers, 503 while it does not); the staff's
//! desk and the submissions door come next (issue 38).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0} is not a loopback address: an address other than 127.0.0.1 or ::1 needs TLS, which this build does not serve yet")]
    NotLoopback(SocketAddr),
    #[error("{address}: {error}")]
    Listen {
        address: SocketAddr,
        error: std::io::Error,
    },
}

/// Whether the server may listen on `address` without TLS.
pub fn check_listen(address: SocketAddr) -> Result<(), ServeError> {
    if address.ip().is_loopback() {
        Ok(())
    } else {
        Err(ServeError::NotLoopback(address))
    }
}

struct Served {
    /// The database's connection string: the health check connects anew,
    /// so it says 200 again as soon as a restarted database answers.
    db: String,
}

/// The routes, over the database `db`.
pub fn router(db: String) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .with_state(Arc::new(Served { db }))
}

async fn healthz(State(served): State<Arc<Served>>) -> StatusCode {
    let check = async {
        let (client, connection) =
            tokio_postgres::connect(&served.db, tokio_postgres::NoTls).await?;
        let driver = tokio::spawn(connection);
        let answered = client.simple_query("SELECT 1").await.map(drop);
        drop(client);
        let _ = driver.await;
        answered
    };
    match tokio::time::timeout(std::time::Duration::from_secs(2), check).await {
        Ok(Ok(())) => StatusCode::OK,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    }
}
