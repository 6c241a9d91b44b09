//! `claimdesk-server`: the association's server on PostgreSQL.
//! `claimdesk-server init --db postgres://…` makes or upgrades its schema.

use claimdesk_server::schema::{self, Initialized};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "claimdesk-server",
    about = "ClaimDesk's association server on PostgreSQL"
)]
struct Arguments {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Makes the schema in an empty database, or upgrades ours; refuses a
    /// database of another program or of a newer ClaimDesk.
    Init {
        /// The database, as a PostgreSQL connection string.
        #[arg(long, env = "CLAIMDESK_DB")]
        db: String,
    },
}

fn main() -> ExitCode {
    let arguments = Arguments::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("claimdesk-server: {error}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        match arguments.command {
            Command::Init { db } => init(&db).await,
        }
    })
}

async fn init(db: &str) -> ExitCode {
    let (mut client, connection) = match tokio_postgres::connect(db, tokio_postgres::NoTls).await {
        Ok(connected) => connected,
        Err(error) => {
            // The error names the server, never the password.
            eprintln!("claimdesk-server: the database did not answer: {error}");
            return ExitCode::from(2);
        }
    };
    let connection = tokio::spawn(connection);
    let outcome = schema::init(&mut client).await;
    drop(client);
    let _ = connection.await;
    match outcome {
        Ok(Initialized::Created { version }) => {
            println!("schema made, version {version}");
            ExitCode::SUCCESS
        }
        Ok(Initialized::Upgraded { from, to }) => {
            println!("schema upgraded from version {from} to {to}");
            ExitCode::SUCCESS
        }
        Ok(Initialized::Current { version }) => {
            println!("schema already at version {version}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("claimdesk-server: {error}");
            ExitCode::from(2)
        }
    }
}
