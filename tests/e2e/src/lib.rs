//! Drives ClaimDesk's page with its real backend in one of two engines,
//! chosen by `CLAIMDESK_E2E_ENGINE` ([`Engine`]):
//! - `webkit` (the default): the built binary in a real window, tauri-driver
//!   in front of Debian's WebKitWebDriver, under whatever X display the
//!   caller gives (CI: `xvfb-run`);
//! - `chromium`: the engine of the shop PC's WebView2. Debian's headless
//!   Chromium through chromedriver, on the same page and commands served by
//!   `claimdesk-testhost` (the HTTP host) on 127.0.0.1.
//!
//! Shared by the end-to-end tests and the desktop bench.
//!
//! Lessons this harness encodes (measured on this platform):
//! - tauri-driver runs in its own process group and is stopped with SIGTERM
//!   to the whole group: a SIGKILLed driver leaves WebKitWebDriver holding
//!   its port and the next session hangs;
//! - every run uses fresh free ports, and session creation has a timeout;
//! - a screenshot waits two animation frames, or it may show the frame
//!   before the last DOM change; and it keeps the page repainting meanwhile,
//!   or WebKitWebDriver waits for a paint that never comes (see `screenshot`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The repository's root.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The app under test: `$CLAIMDESK_APP`, else the binary `tauri build` made.
pub fn app_binary() -> PathBuf {
    std::env::var_os("CLAIMDESK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join("target/release/claimdesk"))
}

/// Where every run leaves the screenshots of what it checked.
pub fn screenshot_dir() -> PathBuf {
    let dir = repository().join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The engine a run drives the page in (`CLAIMDESK_E2E_ENGINE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// WebKitGTK: the real window on Linux.
    WebKit,
    /// Chromium: the engine of WebView2, the window on the shop's Windows PC.
    Chromium,
}

impl Engine {
    /// The engine this run uses: `CLAIMDESK_E2E_ENGINE`, WebKit when unset.
    pub fn of_run() -> Engine {
        match std::env::var("CLAIMDESK_E2E_ENGINE").as_deref() {
            Ok("chromium") => Engine::Chromium,
            Ok("webkit") | Err(_) => Engine::WebKit,
            Ok(other) => panic!("CLAIMDESK_E2E_ENGINE={other}: webkit or chromium"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::WebKit => "webkit",
            Engine::Chromium => "chromium",
        }
    }
}

/// Whether this run drives the native window (a test about the window
/// itself, its title, its single instance or its native dialogs, has
/// nothing to check in a browser page and says so).
pub fn native_window() -> bool {
    Engine::of_run() == Engine::WebKit
}

/// The folder in a sandbox Chromium keeps its profile in.
const BROWSER_PROFILE: &str = "chromium-profile";

/// The test host the Chromium runs start: `$CLAIMDESK_TESTHOST`, else the
/// one `cargo build -p claimdesk-testhost` made.
pub fn testhost_binary() -> PathBuf {
    std::env::var_os("CLAIMDESK_TESTHOST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join("target/debug/claimdesk-testhost"))
}

/// `claimdesk-server` (its tests build it: `cargo test -p claimdesk-server`).
pub fn server_binary() -> PathBuf {
    std::env::var_os("CLAIMDESK_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join("target/debug/claimdesk-server"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// The instant the app's clock starts at in every end-to-end run
/// (`CLAIMDESK_CLOCK`): 10:00 on Thursday 26 Nov 2026 in Korea, 14 days
/// before the drill incident's filing deadline. Days left, deadline
/// warnings, backup names and erasure dates are then the same whatever day
/// the suite runs.
pub const CLOCK: &str = "2026-11-26T10:00:00+09:00";

/// The app's clock variable (the app's `clock::CLOCK_VARIABLE`).
const CLOCK_VARIABLE: &str = "CLAIMDESK_CLOCK";

/// The app's variable naming the file its dialogs answer from in tests.
const DIALOG_ANSWERS_VARIABLE: &str = "CLAIMDESK_DIALOG_ANSWERS";

/// What every program a test starts is given as `CLAIMDESK_CLOCK`: [`CLOCK`]
/// at the moment this test process first asked, so the window and the
/// command lines it runs share one clock (what is written later is later).
fn clock_setting() -> &'static str {
    static SETTING: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SETTING.get_or_init(|| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        format!("{CLOCK}@{now}")
    })
}

/// The app's headless command line on the data folder `data_dir`, on the
/// tests' clock and with no display.
pub fn headless(data_dir: &Path) -> Command {
    let mut command = Command::new(app_binary());
    command
        .env("CLAIMDESK_DATA_DIR", data_dir)
        .env(CLOCK_VARIABLE, clock_setting())
        .env_remove("DISPLAY");
    command
}

/// Runs `claimdesk ARGS` headless on `data_dir` and returns what it
/// printed; panics if it fails.
pub fn cli_in(data_dir: &Path, args: &[&str]) -> String {
    let output = headless(data_dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "claimdesk {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A private home for one run of the app: its data, config, cache and logs
/// go here, never into the real user's directories.
#[derive(Debug)]
pub struct Sandbox {
    pub root: PathBuf,
}

impl Sandbox {
    pub fn new(name: &str) -> Sandbox {
        let root =
            std::env::temp_dir().join(format!("claimdesk-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["data", "config", "cache", "state", "bin"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        // The app opens PDFs with the desktop's opener (`xdg-open` first): in
        // tests a stand-in records what it was asked to open, so no viewer
        // starts and the test can check the request.
        let opener = root.join("bin/xdg-open");
        std::fs::write(
            &opener,
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$(dirname \"$0\")/../opened.txt\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&opener, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        Sandbox { root }
    }

    /// What the app asked the desktop to open, in order.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(self.root.join("opened.txt"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// Where the app keeps its store inside the sandbox (its app-data
    /// directory under `XDG_DATA_HOME`).
    pub fn data_dir(&self) -> PathBuf {
        self.root.join("data").join("kr.claimdesk.desk")
    }

    /// Runs the app's headless command line on the sandbox's data and
    /// returns what it printed; panics if it fails.
    pub fn cli(&self, args: &[&str]) -> String {
        cli_in(&self.data_dir(), args)
    }

    /// Sets the XDG directories of `command` to the sandbox, and the app's
    /// clock to [`CLOCK`].
    pub fn apply(&self, command: &mut Command) {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![self.root.join("bin")];
        dirs.extend(std::env::split_paths(&path));
        command
            .env("PATH", std::env::join_paths(dirs).unwrap())
            .env("XDG_DATA_HOME", self.root.join("data"))
            .env("XDG_CONFIG_HOME", self.root.join("config"))
            .env("XDG_CACHE_HOME", self.root.join("cache"))
            .env("XDG_STATE_HOME", self.root.join("state"))
            // The folder the app would choose here anyway, named as a drill
            // names it: the log then goes to its `logs/`.
            .env("CLAIMDESK_DATA_DIR", self.data_dir())
            .env(CLOCK_VARIABLE, clock_setting())
            .env(DIALOG_ANSWERS_VARIABLE, self.dialog_answers());
    }

    /// The file the app's dialogs answer from (`CLAIMDESK_DIALOG_ANSWERS`):
    /// the system's dialogs cannot be reached through WebDriver, and the page
    /// cannot name a file, so the test answers as the owner would pick.
    fn dialog_answers(&self) -> PathBuf {
        self.root.join("dialog-answers.txt")
    }

    /// What the app's dialogs were opened for, in order: (purpose, the file
    /// name a save suggested).
    pub fn dialogs_asked(&self) -> Vec<(String, String)> {
        let mut asked = self.dialog_answers().into_os_string();
        asked.push(".asked");
        std::fs::read_to_string(asked)
            .unwrap_or_default()
            .lines()
            .map(|line| {
                let (purpose, name) = line.split_once('\t').unwrap_or((line, ""));
                (purpose.to_owned(), name.to_owned())
            })
            .collect()
    }

    /// The next dialog the app opens answers with `paths` (several for the
    /// association's intake); an empty list is the owner cancelling.
    pub fn answer_next_dialog(&self, paths: &[&Path]) {
        use std::io::Write;
        let line: Vec<String> = paths
            .iter()
            .map(|path| path.to_string_lossy().into_owned())
            .collect();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dialog_answers())
            .unwrap();
        writeln!(file, "{}", line.join("\t")).unwrap();
    }

    /// What the app asked the desktop to open, once it has asked `count`
    /// times (or after 10 s, as it then is).
    pub async fn opened_at_least(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.opened().len() < count && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.opened()
    }

    /// Every file under the sandbox whose name ends with `suffix` (the
    /// browser's profile left out: nothing in it is the app's).
    pub fn files_ending(&self, suffix: &str) -> Vec<PathBuf> {
        fn walk(dir: &Path, suffix: &str, found: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.file_name().is_some_and(|name| name == BROWSER_PROFILE) {
                    continue;
                }
                if path.is_dir() {
                    walk(&path, suffix, found);
                } else if path.to_string_lossy().ends_with(suffix) {
                    found.push(path);
                }
            }
        }
        let mut found = Vec::new();
        walk(&self.root, suffix, &mut found);
        found
    }
}

impl Sandbox {
    /// Everything the app has logged so far (all `.log` files, concatenated).
    pub fn log_text(&self) -> String {
        self.files_ending(".log")
            .iter()
            .map(|path| std::fs::read_to_string(path).unwrap_or_default())
            .collect()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The programs a session runs, each in its own process group, stopped by
/// SIGTERM to the group: tauri-driver (which starts WebKitWebDriver and the
/// app), or the test host and chromedriver (which starts Chromium).
#[derive(Debug)]
struct Driver {
    children: Vec<Child>,
}

impl Driver {
    fn start(port: u16, sandbox: &Sandbox, name: &str) -> Result<Driver, Error> {
        // The driver's (and WebKit's) output goes to a file, never to the test's
        // own pipes, which a stray driver would otherwise hold open.
        let log_dir = repository().join("target/e2e-logs");
        std::fs::create_dir_all(&log_dir)?;
        let log = std::fs::File::create(log_dir.join(format!("{name}-tauri-driver.log")))?;
        let native_port = free_port();
        let mut command = Command::new(tauri_driver());
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .process_group(0);
        sandbox.apply(&mut command);
        let child = command.spawn().map_err(|e| format!("cannot start tauri-driver ({e}); install it with `cargo install tauri-driver --version '^2' --locked`"))?;
        let driver = Driver {
            children: vec![child],
        };
        // tauri-driver opens its own port at once but forwards the new
        // session to WebKitWebDriver without waiting for it: on a cold or
        // loaded machine WebKitWebDriver is not listening yet, and the
        // session fails with "IncompleteMessage". Both ports must be open.
        let deadline = Instant::now() + Duration::from_secs(30);
        for (what, port) in [("tauri-driver", port), ("WebKitWebDriver", native_port)] {
            while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
                if Instant::now() > deadline {
                    return Err(format!("{what} did not open its port within 30 s").into());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Ok(driver)
    }
}

impl Driver {
    /// Starts the test host on the sandbox's data (its URL, once it
    /// listens) and chromedriver on `port`.
    fn start_chromium(port: u16, sandbox: &Sandbox, name: &str) -> Result<(Driver, String), Error> {
        use std::io::BufRead;
        let log_dir = repository().join("target/e2e-logs");
        std::fs::create_dir_all(&log_dir)?;
        let host = testhost_binary();
        // A restart on the same sandbox listens where the last run did: the
        // page's origin, and so its storage (the language chosen), is kept.
        let port_file = sandbox.root.join("testhost-port");
        let host_port = std::fs::read_to_string(&port_file).unwrap_or_else(|_| "0".to_owned());
        let mut command = Command::new(&host);
        command
            .arg("--data-dir")
            .arg(sandbox.data_dir())
            .args(["--port", host_port.trim()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(std::fs::File::create(
                log_dir.join(format!("{name}-testhost.log")),
            )?))
            .process_group(0);
        sandbox.apply(&mut command);
        let mut child = command.spawn().map_err(|e| {
            format!(
                "cannot start {} ({e}); build it with `cargo build -p claimdesk-testhost`",
                host.display()
            )
        })?;
        let stdout = child.stdout.take().ok_or("the test host has no output")?;
        let mut driver = Driver {
            children: vec![child],
        };
        // Its first line, once it listens: the URL that opens the page.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = std::io::BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = sender.send(line);
            // Read on to the end: a pipe closed after line 1 would fail
            // the host's write of line 2 (EPIPE), and it would stop.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let url = receiver
            .recv_timeout(Duration::from_secs(30))
            .map_err(|_| "the test host did not print its URL within 30 s")?;
        let url = url.trim().to_owned();
        let Some(listening) = url
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.split('/').next())
        else {
            return Err(format!("the test host printed {url:?}, not its URL").into());
        };
        std::fs::write(&port_file, listening)?;
        driver.start_chromedriver(port, name)?;
        Ok((driver, url))
    }

    /// Starts chromedriver on `port` beside what the driver runs already.
    fn start_chromedriver(&mut self, port: u16, name: &str) -> Result<(), Error> {
        let log_dir = repository().join("target/e2e-logs");
        std::fs::create_dir_all(&log_dir)?;
        let log = std::fs::File::create(log_dir.join(format!("{name}-chromedriver.log")))?;
        let chromedriver =
            Command::new(std::env::var_os("CHROMEDRIVER").unwrap_or_else(|| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::from(log.try_clone()?))
                .stderr(Stdio::from(log))
                .process_group(0)
                .spawn()
                .map_err(|e| {
                    format!("cannot start chromedriver ({e}); install Debian's chromium-driver")
                })?;
        self.children.push(chromedriver);
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("chromedriver did not open its port within 30 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }
}

/// The capabilities of a headless Chromium session with its profile in
/// `sandbox` (so a restart keeps the page's storage).
fn chromium_capabilities(sandbox: &Sandbox) -> serde_json::Map<String, serde_json::Value> {
    let mut capabilities = serde_json::Map::new();
    // Inside the sandbox; its own logs are Chromium's, not the app's
    // (`files_ending` leaves the profile out).
    let profile = sandbox.root.join(BROWSER_PROFILE);
    capabilities.insert("browserName".into(), json!("chrome"));
    // The page's console, read back by `console_errors`.
    capabilities.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
            "args": [
                "--headless=new",
                // Root in CI: Chromium's sandbox needs a user.
                "--no-sandbox",
                "--disable-dev-shm-usage",
                // The window's size as it opens on a shop PC.
                "--window-size=1100,700",
                "--lang=ko-KR",
                "--force-device-scale-factor=1",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    capabilities
}

impl Drop for Driver {
    /// Stops every program of the session together, and waits until every
    /// one of them is gone: the next session must not find the old app
    /// still holding the single-instance name or the store.
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
            let group_alive = |group: &str| {
                Command::new("kill")
                    .args(["-0", "--", group])
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|status| status.success())
            };
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut gone = false;
            while Instant::now() < deadline {
                let _ = child.try_wait();
                if !group_alive(&group) {
                    gone = true;
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            if !gone {
                // Last resort only after SIGTERM was ignored for 10 s.
                let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
                let _ = child.wait();
            }
        }
    }
}

/// Runs a test body with an overall time limit: a WebDriver call that never
/// answers fails the test instead of hanging CI.
pub async fn within<F>(seconds: u64, body: F) -> Result<(), Error>
where
    F: std::future::Future<Output = Result<(), Error>>,
{
    tokio::time::timeout(Duration::from_secs(seconds), body)
        .await
        .map_err(|_| format!("the test took over {seconds} s"))?
}

/// Polls `check` until it holds, for what only Rust can read (the
/// window's title, a file the app wrote), or fails after 10 s naming `what`.
pub async fn until<F, Fut>(what: &str, mut check: F) -> Result<(), Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool, Error>>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if check().await? {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for: {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One WebDriver session with the app in a window.
#[derive(Debug)]
pub struct Session {
    pub client: Client,
    pub sandbox: Sandbox,
    name: String,
    shots: usize,
    driver: Driver,
    pub engine: Engine,
    /// Where WebKitWebDriver believes the wheel is (see `wheel`).
    wheel_position: std::sync::atomic::AtomicI64,
}

impl Session {
    /// Starts tauri-driver and the app; `name` labels screenshots and the sandbox.
    pub async fn start(name: &str) -> Result<Session, Error> {
        Self::start_app(name, &app_binary()).await
    }

    pub async fn start_app(name: &str, app: &Path) -> Result<Session, Error> {
        Self::start_in(name, app, Sandbox::new(name)).await
    }

    /// Starts the app on an existing sandbox: data prepared beforehand, or
    /// left by an earlier session (see [`Session::close_keeping_sandbox`]).
    pub async fn start_in(name: &str, app: &Path, sandbox: Sandbox) -> Result<Session, Error> {
        let engine = Engine::of_run();
        let port = free_port();
        let mut capabilities = serde_json::Map::new();
        let (driver, page) = match engine {
            Engine::WebKit => {
                if std::env::var_os("DISPLAY").is_none() {
                    return Err("no X display: run the end-to-end tests under xvfb-run".into());
                }
                if !app.exists() {
                    return Err(format!(
                        "{} does not exist: build it with `tauri build` first",
                        app.display()
                    )
                    .into());
                }
                capabilities.insert("tauri:options".into(), json!({"application": app}));
                capabilities.insert("browserName".into(), json!("wry"));
                (Driver::start(port, &sandbox, name)?, None)
            }
            Engine::Chromium => {
                let (driver, url) = Driver::start_chromium(port, &sandbox, name)?;
                capabilities = chromium_capabilities(&sandbox);
                (driver, Some(url))
            }
        };
        Self::connect(name, port, capabilities, page, sandbox, driver, engine).await
    }

    /// A headless Chromium on `page`, a page another program serves (the
    /// association's server, to its staff): chromedriver alone, no app.
    pub async fn open_page(name: &str, page: &str) -> Result<Session, Error> {
        let sandbox = Sandbox::new(name);
        let port = free_port();
        let mut driver = Driver {
            children: Vec::new(),
        };
        driver.start_chromedriver(port, name)?;
        let capabilities = chromium_capabilities(&sandbox);
        let page = Some(page.to_owned());
        Self::connect(
            name,
            port,
            capabilities,
            page,
            sandbox,
            driver,
            Engine::Chromium,
        )
        .await
    }

    async fn connect(
        name: &str,
        port: u16,
        capabilities: serde_json::Map<String, serde_json::Value>,
        page: Option<String>,
        sandbox: Sandbox,
        driver: Driver,
        engine: Engine,
    ) -> Result<Session, Error> {
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{port}");
        let client = tokio::time::timeout(Duration::from_secs(60), builder.connect(&url))
            .await
            .map_err(|_| "creating the WebDriver session took over 60 s")??;
        if let Some(page) = page {
            client.goto(&page).await?;
        }
        Ok(Session {
            client,
            sandbox,
            name: name.to_owned(),
            shots: 0,
            driver,
            engine,
            wheel_position: std::sync::atomic::AtomicI64::new(0),
        })
    }

    /// Saves `target/e2e-screenshots/<test>-<n>-<step>.png` after two frames.
    pub async fn screenshot(&mut self, step: &str) -> Result<PathBuf, Error> {
        // WebKitWebDriver's screenshot waits for the next paint, and with the
        // DMA-BUF renderer off (as shipped) a page with nothing changing never
        // paints again: the call hangs. A 1-pixel, near-transparent dot that
        // changes every 16 ms keeps frames coming while the screenshot is
        // taken; then two animation frames ensure the last DOM change is on
        // screen.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const dot = document.createElement('div');
                 dot.id = 'e2e-repaint';
                 dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none';
                 document.body.append(dot);
                 let n = 0;
                 window.__e2eRepaint = setInterval(() => {
                   dot.style.background = n++ % 2 ? 'rgba(0,0,0,0.01)' : 'rgba(0,0,0,0.02)';
                 }, 16);
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await;
        self.client
            .execute(
                "clearInterval(window.__e2eRepaint); document.getElementById('e2e-repaint')?.remove();",
                vec![],
            )
            .await?;
        self.shots += 1;
        let path = screenshot_dir().join(format!(
            "{}-{:02}-{step}-{}.png",
            self.name,
            self.shots,
            self.engine.name()
        ));
        std::fs::write(&path, png?)?;
        Ok(path)
    }

    /// Calls a function of the UI's own `js/api.js` in the page, as the UI
    /// does, through the real IPC and capabilities. `Ok` is what the command
    /// resolved with; `Err` the `{code, message}` it rejected with.
    pub async fn api(
        &self,
        function: &str,
        args: serde_json::Value,
    ) -> Result<Result<serde_json::Value, serde_json::Value>, Error> {
        let answer = self
            .client
            .execute_async(
                "const [name, args, done] = arguments;
                 import('/js/api.js')
                   .then((api) => api[name](...args))
                   .then((value) => done({ ok: value ?? null }), (error) => done({ err: error }));",
                vec![json!(function), args],
            )
            .await?;
        match (answer.get("ok"), answer.get("err")) {
            (Some(value), None) => Ok(Ok(value.clone())),
            (None, Some(error)) => Ok(Err(error.clone())),
            _ => Err(format!("api.{function}: unexpected answer {answer}").into()),
        }
    }

    /// Calls the command `command` with `payload` as a script in the page
    /// could, past `api.js`: Tauri's `invoke` in the window, `POST
    /// /api/<command>` with the page's token in Chromium. `Ok` is the
    /// answer, `Err` the refusal (`{code, message}`, or what the host said).
    pub async fn invoke_raw(
        &self,
        command: &str,
        payload: serde_json::Value,
    ) -> Result<Result<serde_json::Value, serde_json::Value>, Error> {
        let answer = self
            .client
            .execute_async(
                "const [command, payload, done] = arguments;
                 const tauri = window.__TAURI__?.core;
                 const sent = tauri
                   ? tauri.invoke(command, payload)
                   : fetch(`/api/${command}`, {
                       method: 'POST',
                       headers: {
                         'content-type': 'application/json',
                         'x-claimdesk-token': sessionStorage.getItem('claimdesk.token') ?? '',
                       },
                       body: JSON.stringify(payload),
                     }).then(async (response) => {
                       const body = await response.json().catch(() => `HTTP ${response.status}`);
                       if (response.ok) return body;
                       throw body;
                     });
                 sent.then((value) => done({ ok: value ?? null }), (error) => done({ err: error ?? null }));",
                vec![json!(command), payload],
            )
            .await?;
        match (answer.get("ok"), answer.get("err")) {
            (Some(value), None) => Ok(Ok(value.clone())),
            (None, Some(error)) => Ok(Err(error.clone())),
            _ => Err(format!("{command}: unexpected answer {answer}").into()),
        }
    }

    /// Picks `path` in the dialog for `purpose` as the owner would (the
    /// test's answer), through the UI's own `api.choose`; the token the
    /// page is given for it.
    pub async fn choose(&self, purpose: &str, path: &Path) -> Result<String, Error> {
        self.sandbox.answer_next_dialog(&[path]);
        let given = self
            .api("choose", json!([purpose]))
            .await?
            .map_err(|error| format!("api.choose({purpose}) rejected: {error}"))?;
        let token = given[0]["token"]
            .as_str()
            .ok_or_else(|| format!("api.choose({purpose}) gave no token: {given}"))?;
        Ok(token.to_owned())
    }

    /// Shows the view `name` from the navigation (`nav-<name>`), as a click
    /// does, and waits until it is on screen.
    pub async fn show_view(&self, name: &str) -> Result<(), Error> {
        self.click(&format!("nav-{name}")).await?;
        self.eventually(
            &format!("!document.getElementById('view-{name}').hidden"),
            10,
        )
        .await?;
        Ok(())
    }

    /// From the claim list, a new claim (새 청구서 만들기) with the first
    /// incident offered chosen (Kakao 2022), as the owner clicks them.
    pub async fn new_claim_choosing_the_first_incident(&self) -> Result<(), Error> {
        self.click("nav-claims").await?;
        self.click("claims-new").await?;
        self.eventually("!document.getElementById('view-editor').hidden", 10)
            .await?;
        self.click("incident-choice").await?;
        Ok(())
    }

    /// Opens the first claim of the claim list (its 열기) and waits for the
    /// editor.
    pub async fn open_first_listed_claim(&self) -> Result<(), Error> {
        // The rows as drawn for the list's last request (a row found while
        // the list redraws is gone when clicked).
        self.eventually(
            "!document.getElementById('claims-rows').hasAttribute('aria-busy') &&
             document.querySelector('#claims-rows button') !== null",
            10,
        )
        .await?;
        self.client
            .find(Locator::Css("#claims-rows button"))
            .await?
            .click()
            .await?;
        self.eventually("!document.getElementById('view-editor').hidden", 10)
            .await?;
        Ok(())
    }

    /// Focuses the element with `id` and presses `keys` together as a
    /// person would (each key down in order, then up in reverse), through
    /// WebDriver's input actions: the page sees real key events. Keys are
    /// characters or WebDriver's codes (`'\u{E00A}'` Alt, `'\u{E007}'`
    /// Enter, `'\u{E00C}'` Escape, `'\u{E015}'` ArrowDown).
    pub async fn press(&self, id: &str, keys: &[char]) -> Result<(), Error> {
        self.client
            .execute(
                "const element = document.getElementById(arguments[0]);
                 element.scrollIntoView({block: 'center'});
                 element.focus();",
                vec![json!(id)],
            )
            .await?;
        self.press_here(keys).await
    }

    /// Presses `keys` together (as [`Session::press`]) wherever the focus
    /// is now: what a person's next key does after the last one.
    pub async fn press_here(&self, keys: &[char]) -> Result<(), Error> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".to_owned());
        for &value in keys {
            actions = actions.then(KeyAction::Down { value });
        }
        for &value in keys.iter().rev() {
            actions = actions.then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await?;
        self.client.release_actions().await?;
        Ok(())
    }

    /// Pastes `text` into the input `id` through the system clipboard, as
    /// from Excel: the text is copied (Ctrl+C) from a scratch text area,
    /// then pasted (Ctrl+V) into the field, both as real key presses.
    pub async fn paste(&self, id: &str, text: &str) -> Result<(), Error> {
        self.client
            .execute(
                "const area = document.createElement('textarea');
                 area.id = 'e2e-clipboard'; area.value = arguments[0];
                 document.body.append(area); area.focus(); area.select();",
                vec![json!(text)],
            )
            .await?;
        let area = self.client.find(Locator::Id("e2e-clipboard")).await?;
        area.send_keys("\u{E009}c\u{E000}").await?;
        self.client
            .execute("document.getElementById('e2e-clipboard').remove();", vec![])
            .await?;
        let field = self.client.find(Locator::Id(id)).await?;
        field.click().await?;
        field.send_keys("\u{E009}v\u{E000}").await?;
        Ok(())
    }

    /// Makes the page's viewport `width` × `height` CSS pixels, as a window
    /// of that inner size shows it. The window's frame is the engine's:
    /// none in the WebKit window, 143 px of it in headless Chromium, so the
    /// window is grown by what its frame takes.
    pub async fn set_viewport(&self, width: u32, height: u32) -> Result<(), Error> {
        self.client.set_window_size(width, height).await?;
        let inner = self
            .client
            .execute("return [innerWidth, innerHeight];", vec![])
            .await?;
        let frame = |index: usize, wanted: u32| {
            let given = inner[index].as_u64().unwrap_or(u64::from(wanted));
            u32::try_from(u64::from(wanted).saturating_sub(given)).unwrap_or(0)
        };
        let (extra_width, extra_height) = (frame(0, width), frame(1, height));
        if extra_width > 0 || extra_height > 0 {
            self.client
                .set_window_size(width + extra_width, height + extra_height)
                .await?;
        }
        Ok(())
    }

    /// The text of the first element `css` selects.
    pub async fn text(&self, css: &str) -> Result<String, Error> {
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    /// Types the cake shop of the contract's example into the business
    /// form as its owner does, named `name`; saves nothing.
    pub async fn type_the_cake_shop(&self, name: &str) -> Result<(), Error> {
        self.type_into("business-name", name).await?;
        self.type_into("representative", "김민지").await?;
        self.type_into("registration-number", "105-23-45674")
            .await?;
        self.select("industry", "food").await?;
        self.select("region", "seoul").await?;
        self.type_into("phone", "010-1234-5678").await?;
        self.type_into("bank-name", "국민은행").await?;
        self.type_into("bank-account", "123456-01-234567").await?;
        self.type_into("bank-holder", "김민지").await?;
        Ok(())
    }

    /// Types Hangul into the focused field as a Korean input method does:
    /// each syllable is composed through its states (`["ㅁ", "마", "만"]`)
    /// and then committed. With `key` ("Enter", "Tab" or "ArrowDown"), that key is
    /// pressed while the last syllable is still being composed, in the
    /// engine's own order: Chromium (WebView2) sends its keydown with
    /// `isComposing` before the commit, WebKit sends it (keyCode 229) after;
    /// then the key itself arrives as an ordinary key press.
    ///
    /// Chromium composes for real, through the DevTools protocol
    /// (`Input.imeSetComposition`, `Input.insertText`); WebKit has no such
    /// door, so its composition events are dispatched in its order.
    pub async fn compose(&self, syllables: &[&[&str]], key: Option<&str>) -> Result<(), Error> {
        let (code, webdriver_key) = match key {
            None => ("", ""),
            Some("Enter") => ("Enter", "\u{E007}"),
            Some("Tab") => ("Tab", "\u{E004}"),
            Some("ArrowDown") => ("ArrowDown", "\u{E015}"),
            Some(other) => return Err(format!("compose: no key {other}").into()),
        };
        for (index, states) in syllables.iter().enumerate() {
            let last = index + 1 == syllables.len();
            let committed = *states.last().ok_or("compose: a syllable with no state")?;
            match self.engine {
                Engine::Chromium => {
                    for state in *states {
                        let length = state.chars().count();
                        self.devtools(
                            "Input.imeSetComposition",
                            json!({"text": state, "selectionStart": length, "selectionEnd": length}),
                        )
                        .await?;
                    }
                    if last && key.is_some() {
                        self.devtools(
                            "Input.dispatchKeyEvent",
                            json!({"type": "rawKeyDown", "key": code, "code": code,
                                   "windowsVirtualKeyCode": 229, "nativeVirtualKeyCode": 229}),
                        )
                        .await?;
                        self.devtools(
                            "Input.dispatchKeyEvent",
                            json!({"type": "keyUp", "key": code, "code": code,
                                   "windowsVirtualKeyCode": 229, "nativeVirtualKeyCode": 229}),
                        )
                        .await?;
                    }
                    self.devtools("Input.insertText", json!({"text": committed}))
                        .await?;
                }
                Engine::WebKit => {
                    self.client
                        .execute(
                            "const [states, key, code, last] = arguments;
                             const field = document.activeElement;
                             const before = field.value.slice(0, field.selectionStart);
                             const after = field.value.slice(field.selectionEnd);
                             field.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true, data: ''}));
                             for (const state of states) {
                               field.dispatchEvent(new CompositionEvent('compositionupdate', {bubbles: true, data: state}));
                               field.value = before + state + after;
                               field.setSelectionRange(before.length + state.length, before.length + state.length);
                               field.dispatchEvent(new InputEvent('input', {bubbles: true, data: state, inputType: 'insertCompositionText', isComposing: true}));
                             }
                             // The commit is an edit of the field's own (execCommand), as the
                             // input method's is, so the field says `change` when left. (A
                             // value set by script is what WebKit compares the next change
                             // with: the syllable is taken out before it is typed in.)
                             const committed = states[states.length - 1];
                             field.value = before + after;
                             field.setSelectionRange(before.length, before.length);
                             document.execCommand('insertText', false, committed);
                             field.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: committed}));
                             if (last && key) {
                               field.dispatchEvent(new KeyboardEvent('keydown', {bubbles: true, cancelable: true, key, code, keyCode: 229, which: 229}));
                               field.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, cancelable: true, key, code, keyCode: 229, which: 229}));
                             }",
                            vec![json!(states), json!(key.unwrap_or("")), json!(code), json!(last)],
                        )
                        .await?;
                }
            }
        }
        if key.is_some() {
            self.client
                .active_element()
                .await?
                .send_keys(webdriver_key)
                .await?;
        }
        Ok(())
    }

    /// What the page wrote to its console at level SEVERE since the last
    /// call (Chromium only: chromedriver's log of the browser; a resource
    /// that failed to load, a CSP refusal or an uncaught error).
    pub async fn console_errors(&self) -> Result<Vec<String>, Error> {
        #[derive(Debug)]
        struct BrowserLog;
        impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
            fn endpoint(
                &self,
                base: &url::Url,
                session: Option<&str>,
            ) -> Result<url::Url, url::ParseError> {
                base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
            }
            fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
                (
                    http::Method::POST,
                    Some(json!({"type": "browser"}).to_string()),
                )
            }
        }
        if self.engine != Engine::Chromium {
            return Err("the browser's console log is Chromium's".into());
        }
        let entries = self.client.issue_cmd(BrowserLog).await?;
        Ok(entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect())
    }

    /// A DevTools protocol command, through chromedriver (Chromium only).
    pub async fn devtools(
        &self,
        command: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, Error> {
        #[derive(Debug)]
        struct Devtools(serde_json::Value);
        impl fantoccini::wd::WebDriverCompatibleCommand for Devtools {
            fn endpoint(
                &self,
                base: &url::Url,
                session: Option<&str>,
            ) -> Result<url::Url, url::ParseError> {
                base.join(&format!(
                    "session/{}/goog/cdp/execute",
                    session.unwrap_or_default()
                ))
            }
            fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
                (http::Method::POST, Some(self.0.to_string()))
            }
        }
        if self.engine != Engine::Chromium {
            return Err("the DevTools protocol is Chromium's".into());
        }
        Ok(self
            .client
            .issue_cmd(Devtools(json!({"cmd": command, "params": params})))
            .await?)
    }

    /// Rolls the mouse wheel as a person does, through WebDriver's wheel
    /// actions (not a script's `scrollTop`): `notches` steps of 120 px
    /// (down when positive) with the pointer at (`x`, `y`) in the window.
    pub async fn wheel(&self, x: i64, y: i64, notches: i64) -> Result<(), Error> {
        use fantoccini::actions::{InputSource, WheelAction, WheelActions};
        // The page counts the wheel events it is given, so that the wait
        // below knows when all of them have arrived.
        let before = self
            .client
            .execute(
                "if (window.__wheelsSeen === undefined) {
                   window.__wheelsSeen = 0;
                   window.addEventListener('wheel', () => { window.__wheelsSeen += 1; }, {capture: true, passive: true});
                 }
                 return window.__wheelsSeen;",
                vec![],
            )
            .await?;
        // One notch per action sequence. WebKitWebDriver (2.50) takes a
        // scroll's delta as where the wheel now is, not how far it moved:
        // it hands the page the difference from the last sequence's delta
        // (nothing when they are equal) and the difference back on release.
        // So each notch names the wheel's next position; the wait below
        // counts the events the page was given, so another engine's
        // reading fails there rather than passing unscrolled.
        use std::sync::atomic::Ordering;
        for _ in 0..notches.unsigned_abs() {
            let step = 120 * notches.signum();
            let position = match self.engine {
                Engine::WebKit => self.wheel_position.load(Ordering::Relaxed) + step,
                // Chromium reads the delta as how far the wheel moved.
                Engine::Chromium => step,
            };
            self.wheel_position.store(position, Ordering::Relaxed);
            let actions = WheelActions::new("wheel".to_owned()).then(WheelAction::Scroll {
                duration: None,
                x,
                y,
                delta_x: 0,
                delta_y: position,
            });
            self.client.perform_actions(actions).await?;
        }
        // The engine hands the events over and scrolls on its own time
        // (smoothly, off the page's thread): wait until every event has
        // arrived and then nothing has moved for five frames.
        let missing = self
            .client
            .execute_async(
                "const [expected, sent, done] = [arguments[0], arguments[1], arguments[2]];
                 const where = () => [...document.querySelectorAll('*')]
                   .filter((el) => el.scrollTop > 0).map((el) => el.scrollTop).join(',') + ':' + window.scrollY;
                 let last = where(), still = 0, frames = 0;
                 const look = () => {
                   const now = where();
                   still = now === last ? still + 1 : 0;
                   last = now;
                   frames += 1;
                   if (window.__wheelsSeen >= expected && still >= 5) done(null);
                   else if (frames > 300) done(`${window.__wheelsSeen - (expected - sent)} of ${sent}`);
                   else requestAnimationFrame(look);
                 };
                 requestAnimationFrame(look);",
                vec![
                    json!(before.as_i64().unwrap_or(0) + notches.abs()),
                    json!(notches.abs()),
                ],
            )
            .await?;
        match missing {
            serde_json::Value::Null => Ok(()),
            given => Err(format!("the page was given {given} wheel events").into()),
        }
    }

    /// On the association's desk, opens the claim whose table row makes the
    /// JavaScript expression `row_matches` (over `tr`) true, by clicking the
    /// row's business cell as staff would; first goes back to the table if
    /// a claim's detail is open (the detail takes the table's place).
    pub async fn open_assoc_row(&self, row_matches: &str) -> Result<(), Error> {
        let detail_open = self
            .client
            .execute(
                "return !document.getElementById('assoc-detail').hidden;",
                vec![],
            )
            .await?;
        if detail_open == json!(true) {
            self.click("assoc-back").await?;
        }
        self.eventually(
            &format!(
                "!document.getElementById('assoc-list').hidden &&
                 [...document.querySelectorAll('#assoc-rows tr')].some((tr) => {row_matches})"
            ),
            10,
        )
        .await?;
        let id = self
            .client
            .execute(
                &format!(
                    "return [...document.querySelectorAll('#assoc-rows tr')].find((tr) => {row_matches}).dataset.id;"
                ),
                vec![],
            )
            .await?;
        let id = id.as_str().unwrap_or_default().to_owned();
        self.click_css(&format!("#assoc-rows tr[data-id='{id}'] td:nth-child(2)"))
            .await?;
        self.eventually(
            &format!(
                "!document.getElementById('assoc-detail').hidden &&
                 document.getElementById('assoc-detail').dataset.id === '{id}'"
            ),
            10,
        )
        .await?;
        Ok(())
    }

    /// Waits until the JavaScript expression `condition` is truthy and
    /// returns its value; fails after `seconds` with the last value.
    pub async fn eventually(
        &self,
        condition: &str,
        seconds: u64,
    ) -> Result<serde_json::Value, Error> {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let script = format!("return ({condition});");
        loop {
            let value = self.client.execute(&script, vec![]).await?;
            let truthy = !matches!(
                &value,
                serde_json::Value::Null | serde_json::Value::Bool(false)
            ) && value != json!("")
                && value != json!(0);
            if truthy {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(
                    format!("not true within {seconds} s: {condition} (last: {value})").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How often the error summary has taken the focus so far (the UI
    /// counts it in `data-focused`). Read it before an action, then wait
    /// with [`Session::summary_focused_since`]: a focus an earlier action
    /// left on the summary looks the same as a new one.
    pub async fn summary_focus_count(&self) -> Result<u64, Error> {
        let count = self
            .client
            .execute(
                "return Number(document.getElementById('error-summary').dataset.focused ?? '0');",
                vec![],
            )
            .await?;
        count
            .as_u64()
            .ok_or_else(|| format!("data-focused is not a count: {count}").into())
    }

    /// Waits until the error summary has taken the focus since the count
    /// was `before`, and returns the value of `expression` then.
    pub async fn summary_focused_since(
        &self,
        before: u64,
        expression: &str,
        seconds: u64,
    ) -> Result<serde_json::Value, Error> {
        self.eventually(
            &format!(
                "Number(document.getElementById('error-summary').dataset.focused ?? '0') > {before} &&
                 document.activeElement.id === 'error-summary' && ({expression})"
            ),
            seconds,
        )
        .await
    }

    /// Clicks the element with `id`, scrolled to the middle of the page
    /// first (the page scrolls inside `#app-body`, which WebKitWebDriver
    /// does not always scroll for an element far above or below).
    pub async fn click(&self, id: &str) -> Result<(), Error> {
        self.click_css(&format!("#{id}")).await
    }

    /// Clicks the first element matching the CSS `selector`, as [`Session::click`].
    pub async fn click_css(&self, selector: &str) -> Result<(), Error> {
        let element = self.client.find(Locator::Css(selector)).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                vec![serde_json::to_value(&element)?],
            )
            .await?;
        element.click().await?;
        Ok(())
    }

    /// Types `text` into the element with `id` as a person would (after
    /// clearing it), then leaves the field with Tab.
    pub async fn type_into(&self, id: &str, text: &str) -> Result<(), Error> {
        let element = self.client.find(Locator::Id(id)).await?;
        element.clear().await?;
        element.send_keys(text).await?;
        element.send_keys("\u{E004}").await?; // Tab
        Ok(())
    }

    /// Chooses the option with `value` in the select with `id`, as by keyboard.
    pub async fn select(&self, id: &str, value: &str) -> Result<(), Error> {
        self.client
            .find(Locator::Css(&format!("#{id} option[value='{value}']")))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Runs axe-core (installed by `.ci/setup`) on the page and returns its
    /// serious and critical violations as `rule: targets` lines.
    pub async fn accessibility_violations(&self) -> Result<Vec<String>, Error> {
        let axe = repository().join("target/tools/axe-core/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe)
            .map_err(|e| format!("{}: {e} (run .ci/setup to install axe-core)", axe.display()))?;
        self.client
            .execute(
                &format!("if (!window.axe) {{ {source}\n }} return typeof window.axe;"),
                vec![],
            )
            .await?;
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.axe.run(document, { resultTypes: ['violations'] })
                   .then((r) => done(r.violations
                     .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                     .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))),
                     (e) => done(['axe failed: ' + e]));",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(found)?)
    }

    /// Ends the session (the app quits) but keeps its sandbox, to start the
    /// app again on the same data.
    pub async fn close_keeping_sandbox(self) -> Result<Sandbox, Error> {
        let Session {
            client,
            driver,
            sandbox,
            ..
        } = self;
        let closed = client.close().await;
        drop(driver);
        closed?;
        // The page's own faults (uncaught errors, unhandled rejections)
        // fail the test that met them.
        let faults: Vec<String> = sandbox
            .log_text()
            .lines()
            .filter(|line| line.contains("page error:"))
            .map(str::to_owned)
            .collect();
        if !faults.is_empty() {
            return Err(format!("the page reported its own faults:\n{}", faults.join("\n")).into());
        }
        Ok(sandbox)
    }

    /// Ends the session: the app quits and its sandbox is removed.
    pub async fn close(self) -> Result<(), Error> {
        self.close_keeping_sandbox().await.map(drop)
    }
}
