//! `claimdesk-testhost --data-dir DIR --port PORT [--lang ko|en] [--desk owner|association]`:
//! the window's page and commands over HTTP on 127.0.0.1, with the real
//! backend, for the end-to-end suite in Chromium. Never packaged.
//!
//! Once listening it prints two lines and flushes them: the URL that opens
//! the working page (`http://127.0.0.1:PORT/#token=T`), then the header a
//! direct call needs (`x-claimdesk-token: T`). It honours `CLAIMDESK_CLOCK`
//! and `CLAIMDESK_DIALOG_ANSWERS` as the window does, and logs where the
//! window logs in a named data folder (`DIR/logs/claimdesk.log`).

use claim_core::Lang;
use claimdesk::app;
use claimdesk::commands::Surface;
use claimdesk::http_host::{self, LoopbackHost, TokenGate};
use clap::Parser;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

#[derive(Debug, Parser)]
#[command(
    name = "claimdesk-testhost",
    about = "ClaimDesk's page and commands over HTTP on 127.0.0.1 (tests only)"
)]
struct Arguments {
    /// The data folder (created if missing).
    #[arg(long)]
    data_dir: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The language of the page and of its failures.
    #[arg(long, default_value = "ko", value_parser = ["ko", "en"])]
    lang: String,
    /// The desk the page opens as.
    #[arg(long, default_value = "owner", value_parser = ["owner", "association"])]
    desk: String,
}

/// The log, as the window keeps it: one line a record, into a file.
struct FileLog(Mutex<std::fs::File>);

impl log::Log for FileLog {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Info
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            if let Ok(mut file) = self.0.lock() {
                let _ = writeln!(
                    file,
                    "[{}][{}] {}",
                    record.level(),
                    record.target(),
                    record.args()
                );
            }
        }
    }

    fn flush(&self) {
        if let Ok(mut file) = self.0.lock() {
            let _ = file.flush();
        }
    }
}

fn main() -> ExitCode {
    let arguments = Arguments::parse();
    match run(arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("claimdesk-testhost: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(arguments: Arguments) -> Result<(), String> {
    app::clock::init()?;
    let logs = arguments.data_dir.join("logs");
    std::fs::create_dir_all(&logs).map_err(|error| format!("{}: {error}", logs.display()))?;
    let log_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(logs.join("claimdesk.log"))
        .map_err(|error| format!("the log: {error}"))?;
    log::set_boxed_logger(Box::new(FileLog(Mutex::new(log_file))))
        .map_err(|error| error.to_string())?;
    log::set_max_level(log::LevelFilter::Info);
    let lang = Lang::parse(&arguments.lang).unwrap_or(Lang::Ko);
    let surface = Surface::new(
        Ok(arguments.data_dir.clone()),
        Box::new(LoopbackHost),
        std::time::Instant::now(),
    );
    claimdesk::commands::error::note_window_lang(lang);
    if arguments.desk != "owner" {
        let body = serde_json::json!({ "desk": arguments.desk });
        match surface.call("desk_set", &body, Some(lang)) {
            Some(Ok(_)) => {}
            Some(Err(error)) => return Err(format!("the desk: {}", error.message)),
            None => return Err("the desk: no desk_set command".to_owned()),
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| error.to_string())?;
    runtime.block_on(async move {
        let listener = http_host::bind_loopback(arguments.port)
            .await
            .map_err(|error| format!("127.0.0.1:{}: {error}", arguments.port))?;
        let port = listener
            .local_addr()
            .map_err(|error| error.to_string())?
            .port();
        let origin = format!("http://127.0.0.1:{port}");
        let token = TokenGate::random_token().map_err(|error| error.to_string())?;
        let ui = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui"));
        let router = http_host::router(
            surface,
            TokenGate::new(token.clone(), origin.clone()),
            &ui,
            include_bytes!("../../../icons/icon.ico"),
            &http_host::window_csp(),
        )
        .map_err(|error| error.to_string())?;
        let fragment = match lang {
            Lang::Ko => format!("token={token}"),
            Lang::En => format!("token={token}&lang=en"),
        };
        let mut out = std::io::stdout();
        writeln!(out, "{origin}/#{fragment}").map_err(|error| error.to_string())?;
        writeln!(out, "{}: {token}", http_host::TOKEN_HEADER).map_err(|error| error.to_string())?;
        out.flush().map_err(|error| error.to_string())?;
        http_host::serve(listener, router)
            .await
            .map_err(|error| error.to_string())
    })
}
