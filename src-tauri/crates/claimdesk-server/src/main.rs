//! `claimdesk-server`: the association's server on PostgreSQL.
//! `claimdesk-server init --db postgres://…` makes or upgrades its schema.

use claimdesk_server::schema::{self, Initialized};
use claimdesk_server::staff::{self, Role, MAX_PASSWORD};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

/// Who the audit names for a change made at the command line.
const COMMAND_LINE: &str = "command line";

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
    /// Serves the association's desk and door on `--listen` (plain HTTP on
    /// loopback only; any other address with `--tls-cert` and `--tls-key`);
    /// `/healthz` answers 200 once the database
    /// answers. Prints `listening on http://ADDRESS` (`https://` with TLS)
    /// once it listens.
    Serve {
        #[arg(long, env = "CLAIMDESK_DB")]
        db: String,
        /// The association's secret key file, made by `claimdesk incident
        /// keygen`: receipts and answers are signed with it.
        #[arg(long, value_name = "FILE", env = "CLAIMDESK_KEY")]
        key: std::path::PathBuf,
        /// The name receipts and answers are issued in.
        #[arg(long, default_value = claim_core::signature::ISSUER_NAME)]
        issuer: String,
        #[arg(long, default_value = "127.0.0.1:8470", env = "CLAIMDESK_LISTEN")]
        listen: std::net::SocketAddr,
        /// The app's page, served to the staff's browsers (the package
        /// installs it here).
        #[arg(
            long,
            value_name = "DIR",
            default_value = "/usr/share/claimdesk-server/ui",
            env = "CLAIMDESK_UI"
        )]
        ui: std::path::PathBuf,
        /// The TLS certificate chain (PEM, the server's own first): served
        /// over HTTPS, as any address but loopback must be.
        #[arg(
            long,
            value_name = "FILE",
            env = "CLAIMDESK_TLS_CERT",
            requires = "tls_key"
        )]
        tls_cert: Option<std::path::PathBuf>,
        /// The TLS certificate's private key (PEM).
        #[arg(
            long,
            value_name = "FILE",
            env = "CLAIMDESK_TLS_KEY",
            requires = "tls_cert"
        )]
        tls_key: Option<std::path::PathBuf>,
    },
    /// Writes every current claim (and those two senders wait with) as
    /// JSON Lines, for DuckDB, Spark or the statistics office; the file is
    /// readable by its owner alone, written whole or not at all.
    Export {
        #[arg(long, env = "CLAIMDESK_DB")]
        db: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.jsonl")]
        output: std::path::PathBuf,
    },
    /// Moves the desktop's association.sqlite3 (or a backup of it) in:
    /// every claim with its PDF, review log and receipt, and the numbering;
    /// run twice, the second run changes nothing. Refused into a database
    /// that holds claims of its own.
    ImportDesk {
        #[arg(long, env = "CLAIMDESK_DB")]
        db: String,
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
    },
    /// The staff who sign in.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The incident definitions shops' apps fetch (`GET /v1/incidents`)
    /// and claims are checked by.
    Incident {
        #[command(subcommand)]
        command: IncidentCommand,
    },
}

#[derive(Debug, Subcommand)]
enum IncidentCommand {
    /// Publishes a signed definition (`claimdesk incident sign` wrote it);
    /// one published before for the same incident is replaced. Refused
    /// unsigned, or changed since it was signed.
    Publish {
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
        /// The name shops see the association as (as `serve --issuer`).
        #[arg(long, default_value = "소상공인연합회")]
        issuer: String,
        #[arg(long, env = "CLAIMDESK_DB")]
        db: String,
    },
    /// Lists what is published: id, when, and the file's signing key.
    List {
        #[arg(long, env = "CLAIMDESK_DB")]
        db: String,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Adds an account; the password is read from the terminal (twice), or
    /// from standard input's first line when that is not a terminal.
    Add {
        name: String,
        #[arg(long, value_parser = ["staff", "admin"])]
        role: String,
        #[arg(long, env = "CLAIMDESK_DB")]
        db: String,
    },
    /// Lists the accounts: name, role, disabled or not.
    List {
        #[arg(long, env = "CLAIMDESK_DB")]
        db: String,
    },
    /// Disables an account: it can no longer sign in.
    Disable {
        name: String,
        #[arg(long, env = "CLAIMDESK_DB")]
        db: String,
    },
}

/// The system allocator, counted: a worker caps its own heap with it, as
/// the app's console program does; the server itself has no limit.
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

fn main() -> ExitCode {
    // The server is its own worker: a claim PDF from outside is read in a
    // process of its own under memory, processor and wall-clock limits
    // (claimdesk::app::worker), so a PDF built to exhaust them ends that
    // process, never the server.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).and_then(|arg| arg.to_str()) == Some(claimdesk::app::worker::WORKER_ARGUMENT) {
        return claimdesk::app::worker::serve(args.get(2..).unwrap_or_default(), &|bytes| {
            ALLOCATOR.set_limit(bytes).is_ok()
        });
    }
    // The association's clock is the app's: the system's, or the one
    // `$CLAIMDESK_CLOCK` sets (drills and tests), for receipts, sessions,
    // the audit and retention alike.
    if let Err(message) = claimdesk::app::clock::init() {
        eprintln!("claimdesk-server: {message}");
        return ExitCode::from(2);
    }
    let arguments = Arguments::parse();
    // Several threads: requests are served while intakes run on the
    // blocking threads.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
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
            Command::User { command } => user(command).await,
            Command::Incident { command } => incident(command).await,
            Command::Export { db, output } => export(db, output).await,
            Command::ImportDesk { db, file } => import_desk(db, file).await,
            Command::Serve {
                db,
                key,
                issuer,
                listen,
                ui,
                tls_cert,
                tls_key,
            } => serve(db, &key, issuer, listen, ui, tls_cert.zip(tls_key)).await,
        }
    })
}

/// A connection to `db`, its driver running beside it.
async fn connect(db: &str) -> Result<tokio_postgres::Client, ExitCode> {
    match tokio_postgres::connect(db, tokio_postgres::NoTls).await {
        Ok((client, connection)) => {
            tokio::spawn(connection);
            Ok(client)
        }
        Err(error) => {
            // The driver's words name the server, never the password.
            eprintln!("claimdesk-server: the database did not answer: {error}");
            Err(ExitCode::from(2))
        }
    }
}

/// The new account's password: typed twice at a terminal (not shown), or
/// standard input's first line, at most `MAX_PASSWORD` characters read.
fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password("비밀번호 (password): ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("한 번 더 (again): ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".to_owned());
        }
        Ok(first)
    } else {
        let mut bytes = Vec::new();
        let limit = u64::try_from(MAX_PASSWORD * 4 + 2).unwrap_or(u64::MAX);
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8(bytes).map_err(|_| "the password is not UTF-8".to_owned())?;
        Ok(text.lines().next().unwrap_or_default().to_owned())
    }
}

async fn user(command: UserCommand) -> ExitCode {
    let outcome = match command {
        UserCommand::Add { name, role, db } => {
            let password = match read_password() {
                Ok(password) => password,
                Err(error) => {
                    eprintln!("claimdesk-server: {error}");
                    return ExitCode::from(2);
                }
            };
            let role = Role::parse(&role).unwrap_or(Role::Staff);
            match connect(&db).await {
                Ok(mut client) => staff::add(&mut client, &name, role, &password, COMMAND_LINE)
                    .await
                    .map(|()| format!("account {name} added ({})", role.as_str())),
                Err(code) => return code,
            }
        }
        UserCommand::List { db } => match connect(&db).await {
            Ok(client) => staff::list(&client).await.map(|accounts| {
                accounts
                    .iter()
                    .map(|account| {
                        format!(
                            "{}\t{}{}",
                            account.name,
                            account.role,
                            if account.disabled { "\tdisabled" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
            Err(code) => return code,
        },
        UserCommand::Disable { name, db } => match connect(&db).await {
            Ok(mut client) => staff::disable(&mut client, &name, COMMAND_LINE)
                .await
                .map(|()| format!("account {name} disabled")),
            Err(code) => return code,
        },
    };
    reported(outcome)
}

async fn incident(command: IncidentCommand) -> ExitCode {
    use claimdesk_server::incidents::{self, Outcome, PublishError, MAX_DEFINITION_BYTES};
    let said = match command {
        IncidentCommand::Publish { file, issuer, db } => {
            let limit = u64::try_from(MAX_DEFINITION_BYTES).unwrap_or(u64::MAX);
            let mut bytes = Vec::new();
            let read = std::fs::File::open(&file)
                .and_then(|opened| opened.take(limit + 1).read_to_end(&mut bytes));
            let checked = match read {
                Err(error) => Err(PublishError::Read {
                    file: file.display().to_string(),
                    reason: error.to_string(),
                }),
                Ok(_) => incidents::check(&bytes, &issuer).map(|_| ()),
            };
            if let Err(error) = checked {
                eprintln!("claimdesk-server: {error}");
                return ExitCode::from(2);
            }
            let mut client = match connect(&db).await {
                Ok(client) => client,
                Err(code) => return code,
            };
            incidents::publish(&mut client, &bytes, &issuer, COMMAND_LINE)
                .await
                .map(|published| {
                    let what = match published.outcome {
                        Outcome::Published => "published",
                        Outcome::Replaced => "published, replacing the earlier file",
                        Outcome::Unchanged => "already published, unchanged",
                    };
                    format!(
                        "{} ({}): {what}; signed with key {}",
                        published.id, published.title_ko, published.fingerprint
                    )
                })
                .map_err(|error| error.to_string())
        }
        IncidentCommand::List { db } => match connect(&db).await {
            Ok(client) => incidents::published(&client)
                .await
                .map(|files| {
                    files
                        .iter()
                        .map(|file| {
                            format!("{}\t{}\t{}", file.id, file.published_at, file.fingerprint)
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .map_err(|error| error.to_string()),
            Err(code) => return code,
        },
    };
    reported(said)
}

/// Prints what a command did (exit 0), or why not (exit 2).
fn reported(outcome: Result<String, impl std::fmt::Display>) -> ExitCode {
    match outcome {
        Ok(said) => {
            if !said.is_empty() {
                println!("{said}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("claimdesk-server: {error}");
            ExitCode::from(2)
        }
    }
}

/// Runs `work` (blocking: the rules run over the blocking client) and says
/// what it did, or why not (exit 2).
async fn blocking(work: impl FnOnce() -> Result<String, String> + Send + 'static) -> ExitCode {
    let said = tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|error| Err(error.to_string()));
    match said {
        Ok(said) => {
            println!("{said}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("claimdesk-server: {error}");
            ExitCode::from(2)
        }
    }
}

async fn import_desk(db: String, file: std::path::PathBuf) -> ExitCode {
    blocking(move || {
        claimdesk_server::import::import_desk(&db, &file).map(|copied| {
            format!(
                "{} claims moved in ({} receipts, {} log lines); {} were there already",
                copied.claims, copied.receipts, copied.log_lines, copied.already
            )
        })
    })
    .await
}

async fn export(db: String, output: std::path::PathBuf) -> ExitCode {
    blocking(move || {
        claimdesk_server::export::to_file(&db, &output)
            .map(|lines| format!("{lines} claims written to {}", output.display()))
    })
    .await
}

async fn serve(
    db: String,
    key: &std::path::Path,
    issuer: String,
    listen: std::net::SocketAddr,
    ui: std::path::PathBuf,
    tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
) -> ExitCode {
    use claimdesk_server::serve::{self as http, ServeError};
    let refuse = |error: &dyn std::fmt::Display| {
        eprintln!("claimdesk-server: {error}");
        ExitCode::from(2)
    };
    let secret_key = match http::read_secret_key(key) {
        Ok(secret_key) => secret_key,
        Err(error) => return refuse(&error),
    };
    let tls = match tls {
        Some((cert, key)) => match claimdesk_server::tls::server_config(&cert, &key) {
            Ok(config) => Some(config),
            Err(error) => return refuse(&error),
        },
        None => None,
    };
    if let Err(error) = http::check_listen(listen, tls.is_some()) {
        return refuse(&error);
    }
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(error) => {
            return refuse(&ServeError::Listen {
                address: listen,
                error,
            })
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(error) => return refuse(&error),
    };
    if !ui.join("index.html").is_file() {
        // The door and the health check still work; the staff's page does not.
        eprintln!(
            "claimdesk-server: no page in {} (index.html): the staff's desk is not served",
            ui.display()
        );
    }
    let served = http::Served::new(db, secret_key, issuer, ui);
    let served = match tls {
        Some(_) => served.over_tls(),
        None => served,
    };
    let router = http::router(served);
    let ended = match tls {
        Some(config) => {
            let listener = match claimdesk_server::tls::TlsListener::new(listener, config) {
                Ok(listener) => listener,
                Err(error) => return refuse(&error),
            };
            println!("listening on https://{address}");
            axum::serve(listener, router).await
        }
        None => {
            println!("listening on http://{address}");
            axum::serve(listener, router).await
        }
    };
    match ended {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("claimdesk-server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn init(db: &str) -> ExitCode {
    let mut client = match connect(db).await {
        Ok(client) => client,
        Err(code) => return code,
    };
    let outcome = schema::init(&mut client).await;
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
