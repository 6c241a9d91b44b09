//! A stranger's file parsed in a worker process: the console program run
//! again as `claimdesk __worker READER MEMORY CPU [ARG]`, the file's bytes
//! on its standard input, its answer (JSON) on its standard output.
//!
//! Why a process: the readers bound what they can count (rows, cells,
//! inflated bytes), but a parser's memory and time are only bounded for
//! certain by the operating system. The worker lowers its own limits
//! before it reads a byte (on Linux `RLIMIT_DATA`, which glibc's arenas do
//! not trip as `RLIMIT_AS` does, and `RLIMIT_CPU`); the app waits for it
//! no longer than a wall-clock limit and then kills it. Whatever ends the
//! worker (an allocation refused, a signal, a panic, the clock), the app
//! sees one thing: [`Stopped`], said to the person as `E_FILE_TOO_COMPLEX`.
//! The app itself never runs out, and an intake of 300 files loses only
//! the one.
//!
//! The bytes cross on standard input (never the path) so that the worker
//! reads exactly the bytes the app keeps. What crosses back is bounded and
//! read strictly.

use claim_import::{ColumnChoice, ImportError, SalesImport};
use claim_pdf::PdfError;
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The first argument that makes the console program a worker.
pub const WORKER_ARGUMENT: &str = "__worker";

/// What a worker reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// A sales file (CSV or XLSX) into day totals.
    Sales,
    /// The claim a ClaimDesk PDF carries.
    PdfClaim,
}

impl Reader {
    fn name(self) -> &'static str {
        match self {
            Reader::Sales => "sales",
            Reader::PdfClaim => "pdf-claim",
        }
    }

    fn named(name: &str) -> Option<Reader> {
        [Reader::Sales, Reader::PdfClaim]
            .into_iter()
            .find(|reader| reader.name() == name)
    }

    /// The most bytes it is given (the callers refuse larger files with
    /// their own words before a worker starts).
    fn input_limit(self) -> usize {
        match self {
            Reader::Sales => claim_import::MAX_FILE_BYTES,
            Reader::PdfClaim => crate::app::pdf::MAX_PDF_BYTES,
        }
    }
}

/// The most an answer may be: a sales file's days and unread rows (100,000
/// rows at most), or a claim of 10 MB in base64.
const MAX_ANSWER_BYTES: usize = 48 * 1024 * 1024;

/// What a worker may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Its data (heap and anonymous maps), in bytes.
    pub memory_bytes: u64,
    /// Processor time, in seconds.
    pub cpu_seconds: u64,
    /// How long the app waits for it.
    pub wall: Duration,
}

impl Limits {
    /// Readers use a fraction of it for any file they accept (the largest,
    /// a 50 MB CSV, peaks near 200 MB); past it the process as a whole
    /// would pass the 300 MB the README promises.
    pub const DEFAULT: Limits = Limits {
        memory_bytes: 256 * 1024 * 1024,
        cpu_seconds: 20,
        wall: Duration::from_secs(30),
    };

    /// `$CLAIMDESK_WORKER_LIMITS` as `MEMORY_MB,CPU_SECONDS,WALL_MS` when it
    /// reads so (the tests tighten them to see a worker stopped), else the
    /// defaults.
    pub fn current() -> Limits {
        std::env::var("CLAIMDESK_WORKER_LIMITS")
            .ok()
            .and_then(|text| Limits::parse(&text))
            .unwrap_or(Limits::DEFAULT)
    }

    fn parse(text: &str) -> Option<Limits> {
        let mut parts = text.split(',').map(|part| part.trim().parse::<u64>().ok());
        let (Some(Some(megabytes)), Some(Some(cpu_seconds)), Some(Some(wall_ms)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(Limits {
            memory_bytes: megabytes.checked_mul(1024 * 1024)?,
            cpu_seconds,
            wall: Duration::from_millis(wall_ms),
        })
    }
}

/// Why a worker gave no answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The console program is not beside this one (a broken install).
    Missing,
    /// It could not be started, ended without an answer (an allocation
    /// refused, a signal, its processor time), was killed at the wall-clock
    /// limit, or answered what is not an answer.
    TooComplex,
}

/// The console program: this one, or the one beside the window program;
/// `$CLAIMDESK_WORKER_PROGRAM` when set (a test binary is neither).
fn worker_program() -> Option<PathBuf> {
    if let Some(program) = std::env::var_os("CLAIMDESK_WORKER_PROGRAM") {
        return Some(program.into());
    }
    let program = std::env::current_exe()
        .ok()?
        .with_file_name(if cfg!(windows) {
            "claimdesk.exe"
        } else {
            "claimdesk"
        });
    program.is_file().then_some(program)
}

/// Runs `reader` on `input` in a worker under [`Limits::current`]; its
/// answer's bytes.
fn run(reader: Reader, argument: Option<&str>, input: &[u8]) -> Result<Vec<u8>, Stopped> {
    run_in(
        &worker_program().ok_or(Stopped::Missing)?,
        reader,
        argument,
        input,
    )
}

/// [`run`] in `program`, a program that serves [`WORKER_ARGUMENT`].
fn run_in(
    program: &std::path::Path,
    reader: Reader,
    argument: Option<&str>,
    input: &[u8],
) -> Result<Vec<u8>, Stopped> {
    let limits = Limits::current();
    let mut command = Command::new(program);
    command
        .arg(WORKER_ARGUMENT)
        .arg(reader.name())
        .arg(limits.memory_bytes.to_string())
        .arg(limits.cpu_seconds.to_string())
        .args(argument)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        // A panic's text could quote the file: it goes nowhere.
        .stderr(Stdio::null());
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        // No console window flashes up over the owner's window.
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        command.creation_flags(CREATE_NO_WINDOW);
    }
    let mut child = command.spawn().map_err(|_| Stopped::TooComplex)?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Stopped::TooComplex);
    };
    let answer = std::thread::scope(|scope| {
        // A worker that stops early closes its end: the write fails, and
        // its exit says why.
        scope.spawn(move || {
            let _ = stdin.write_all(input);
        });
        let reading = scope.spawn(move || {
            let mut answer = Vec::new();
            let limit = u64::try_from(MAX_ANSWER_BYTES).unwrap_or(u64::MAX) + 1;
            stdout.take(limit).read_to_end(&mut answer).map(|_| answer)
        });
        let deadline = Instant::now() + limits.wall;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let answer = reading.join().ok().and_then(Result::ok);
        match (status, answer) {
            (Some(status), Some(answer))
                if status.success() && answer.len() <= MAX_ANSWER_BYTES =>
            {
                Ok(answer)
            }
            _ => Err(Stopped::TooComplex),
        }
    });
    answer
}

/// The claim a PDF carries, as a worker answers it.
#[derive(Debug, Serialize, Deserialize)]
enum PdfAnswer {
    /// The claim's bytes in base64.
    Claim(String),
    NotAPdf,
    NoAttachedClaim,
    ClaimAltered,
    TooLarge {
        limit_mb: usize,
    },
}

/// Reads the sales file `bytes` in a worker.
pub fn read_sales(
    bytes: &[u8],
    choice: Option<&ColumnChoice>,
) -> Result<Result<SalesImport, ImportError>, Stopped> {
    let argument = choice
        .map(|choice| serde_json::to_string(choice).map_err(|_| Stopped::TooComplex))
        .transpose()?;
    let answer = run(Reader::Sales, argument.as_deref(), bytes)?;
    serde_json::from_slice(&answer).map_err(|_| Stopped::TooComplex)
}

/// Reads the claim the PDF `bytes` carries in a worker.
pub fn read_attached_claim(bytes: &[u8]) -> Result<Vec<u8>, PdfError> {
    pdf_answer(run(Reader::PdfClaim, None, bytes))
}

/// Reads the claim the PDF `bytes` carries in a worker that is `program`
/// (the association's server is its own worker).
pub fn read_attached_claim_in(
    program: &std::path::Path,
    bytes: &[u8],
) -> Result<Vec<u8>, PdfError> {
    pdf_answer(run_in(program, Reader::PdfClaim, None, bytes))
}

fn pdf_answer(answer: Result<Vec<u8>, Stopped>) -> Result<Vec<u8>, PdfError> {
    use base64::Engine;
    let answer = answer.map_err(|stopped| match stopped {
        Stopped::Missing => PdfError::Internal(missing_message()),
        Stopped::TooComplex => PdfError::TooComplex,
    })?;
    match serde_json::from_slice(&answer).map_err(|_| PdfError::TooComplex)? {
        PdfAnswer::Claim(text) => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|_| PdfError::TooComplex),
        PdfAnswer::NotAPdf => Err(PdfError::NotAPdf),
        PdfAnswer::NoAttachedClaim => Err(PdfError::NoAttachedClaim),
        PdfAnswer::ClaimAltered => Err(PdfError::ClaimAltered),
        PdfAnswer::TooLarge { limit_mb } => Err(PdfError::TooLarge { limit_mb }),
    }
}

/// The sentence for a console program missing beside this one.
pub fn missing_message() -> String {
    "ClaimDesk의 파일 읽기 프로그램(claimdesk)이 설치 폴더에 없습니다. ClaimDesk를 다시 설치해 주세요. \
     (The console program claimdesk, which reads files, is missing beside this one: reinstall ClaimDesk.)"
        .to_owned()
}

/// The worker's side: `args` are what follows [`WORKER_ARGUMENT`]. Exit 0
/// with the answer on standard output; 2 when it was not started as a
/// worker is (nothing read).
///
/// `cap_heap` caps this process's heap at that many bytes (the console
/// program's counting allocator): past it an allocation fails and the
/// worker ends (aborts), on every system, Wine included.
pub fn serve(args: &[OsString], cap_heap: &dyn Fn(usize) -> bool) -> ExitCode {
    let args: Vec<&str> = args.iter().filter_map(|arg| arg.to_str()).collect();
    let (Some(reader), Some(memory), Some(cpu)) = (
        args.first().and_then(|name| Reader::named(name)),
        args.get(1).and_then(|n| n.parse::<u64>().ok()),
        args.get(2).and_then(|n| n.parse::<u64>().ok()),
    ) else {
        return ExitCode::from(2);
    };
    if limit_this_process(memory, cpu).is_err() || !usize::try_from(memory).is_ok_and(cap_heap) {
        return ExitCode::from(2);
    }
    let mut input = Vec::new();
    let limit = u64::try_from(reader.input_limit()).unwrap_or(u64::MAX);
    if std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut input)
        .is_err()
        || input.len() > reader.input_limit()
    {
        return ExitCode::from(2);
    }
    let answer = match reader {
        Reader::Sales => {
            let choice = match args
                .get(3)
                .map(|text| serde_json::from_str::<ColumnChoice>(text))
            {
                Some(Ok(choice)) => Some(choice),
                Some(Err(_)) => return ExitCode::from(2),
                None => None,
            };
            serde_json::to_vec(&claim_import::read_sales(&input, choice.as_ref()))
        }
        Reader::PdfClaim => {
            use base64::Engine;
            let answer = match claim_pdf::read_attached_claim(&input) {
                Ok(claim) => {
                    PdfAnswer::Claim(base64::engine::general_purpose::STANDARD.encode(claim))
                }
                Err(PdfError::TooLarge { limit_mb }) => PdfAnswer::TooLarge { limit_mb },
                Err(PdfError::NoAttachedClaim) => PdfAnswer::NoAttachedClaim,
                Err(PdfError::ClaimAltered) => PdfAnswer::ClaimAltered,
                Err(_) => PdfAnswer::NotAPdf,
            };
            drop(input);
            serde_json::to_vec(&answer)
        }
    };
    let Ok(answer) = answer else {
        return ExitCode::from(2);
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(&answer)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// Lowers this process's own limits before anything is read: the memory
/// its data may take and its processor time (past the soft limit SIGXCPU
/// ends it; the hard one a second later, SIGKILL).
#[cfg(unix)]
fn limit_this_process(memory_bytes: u64, cpu_seconds: u64) -> Result<(), nix::Error> {
    use nix::sys::resource::{setrlimit, Resource};
    setrlimit(Resource::RLIMIT_DATA, memory_bytes, memory_bytes)?;
    setrlimit(
        Resource::RLIMIT_CPU,
        cpu_seconds,
        cpu_seconds.saturating_add(1),
    )
}

/// On Windows the worker's heap cap (see [`serve`]) and the app's
/// wall-clock limit bound it: a Job Object's process-memory limit needs
/// `unsafe` (win32job sets only working-set limits), and Wine does not
/// enforce one anyway.
#[cfg(not(unix))]
fn limit_this_process(_memory_bytes: u64, _cpu_seconds: u64) -> Result<(), ()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_from_the_environment_only_when_whole() {
        assert_eq!(
            Limits::parse("64,2,500"),
            Some(Limits {
                memory_bytes: 64 * 1024 * 1024,
                cpu_seconds: 2,
                wall: Duration::from_millis(500),
            })
        );
        for bad in [
            "",
            "64",
            "64,2",
            "64,2,500,1",
            "a,2,500",
            "-1,2,500",
            "64,2,5e2",
        ] {
            assert_eq!(Limits::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Limits::parse("18446744073709551615,1,1"), None, "overflows");
    }

    #[test]
    fn readers_are_named_both_ways() {
        for reader in [Reader::Sales, Reader::PdfClaim] {
            assert_eq!(Reader::named(reader.name()), Some(reader));
        }
        assert_eq!(Reader::named("bundle"), None);
    }
}
