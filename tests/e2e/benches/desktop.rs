//! Desktop measurements of the built app (issue #3), quoted in notes:
//! - launch → window ready: from spawning the binary to its log line
//!   "window ready" (the UI reports it after its first two painted frames),
//!   and that line's split of the app's own count: when the page began
//!   loading, was read, had run its scripts and had painted;
//! - idle memory: PSS of the app and all its WebKit processes, 3 s after ready
//!   (PSS shares each library's pages among the processes that map it; RSS
//!   would count them once per process);
//! - the `.deb` size.
//!
//! Run under a display, after `tauri build`:
//! `xvfb-run -a cargo bench -p claimdesk-e2e --bench desktop`
//! (`CLAIMDESK_APP` picks another binary, `RUNS` the number of launches).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{app_binary, repository, Sandbox};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const READY_TARGET_MS: f64 = 300.0;
const PSS_TARGET_MB: f64 = 200.0;
const DEB_TARGET_MB: f64 = 8.0;

/// Every process whose parent chain leads to `root` (WebKit's helpers).
fn descendants(root: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The command name may hold spaces; the fields after ")" are fixed.
        let Some(after) = stat.rsplit_once(')').map(|(_, rest)| rest.to_owned()) else {
            continue;
        };
        let ppid: u32 = after
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        parents.push((pid, ppid));
    }
    let mut tree = vec![root];
    let mut grew = true;
    while grew {
        grew = false;
        for (pid, ppid) in &parents {
            if tree.contains(ppid) && !tree.contains(pid) {
                tree.push(*pid);
                grew = true;
            }
        }
    }
    tree
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn process_name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The integers of the app's "window ready" line, in order: ready, then
/// the page's milestones (loading, HTML read, scripts run, painted).
fn milestones(line: &str) -> Option<[f64; 5]> {
    let after = &line[line.find("window ready")?..];
    let numbers: Vec<f64> = after
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .filter_map(|part| part.parse().ok())
        .collect();
    numbers.try_into().ok()
}

struct Launch {
    ready_ms: f64,
    milestones: Option<[f64; 5]>,
    pss_mb: f64,
    processes: Vec<(String, u64)>,
}

fn stop(mut child: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn launch(env: &[(&str, &str)], measure_memory: bool) -> Launch {
    let sandbox = Sandbox::new("bench");
    let mut command = Command::new(app_binary());
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .stdin(Stdio::null());
    sandbox.apply(&mut command);
    for (key, value) in env {
        command.env(key, value);
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("start the app");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let (ready_ms, milestones) = loop {
        match lines.next() {
            Some(Ok(line)) if line.contains("window ready") => {
                break (started.elapsed().as_secs_f64() * 1000.0, milestones(&line))
            }
            Some(_) => {}
            None => panic!("the app exited before its window was ready"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no window after 30 s"
        );
    };
    // Keep draining stdout so the app never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let (mut pss_mb, mut processes) = (0.0, Vec::new());
    if measure_memory {
        std::thread::sleep(Duration::from_secs(3));
        for pid in descendants(child.id()) {
            let kib = pss_kib(pid);
            processes.push((process_name(pid), kib));
            pss_mb += kib as f64 / 1024.0;
        }
    }
    stop(child);
    Launch {
        ready_ms,
        milestones,
        pss_mb,
        processes,
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn main() {
    if std::env::args().any(|arg| arg == "--test" || arg == "--list") {
        // `cargo test --benches` smoke mode: nothing to run without a display.
        return;
    }
    assert!(std::env::var_os("DISPLAY").is_some(), "run under xvfb-run");
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    println!("app: {}", app_binary().display());

    // One launch to warm the page cache: a shop PC starts the app more than once.
    let _ = launch(&[], false);
    let launches: Vec<Launch> = (0..runs).map(|_| launch(&[], false)).collect();
    let ready: Vec<f64> = launches.iter().map(|l| l.ready_ms).collect();
    println!(
        "launch → window ready (release, Xvfb), {runs} runs: median {:.0} ms, min {:.0}, max {:.0}  (target ≤ {READY_TARGET_MS:.0} ms)",
        median(ready.clone()),
        ready.iter().cloned().fold(f64::MAX, f64::min),
        ready.iter().cloned().fold(0.0, f64::max),
    );
    let split: Vec<[f64; 5]> = launches.iter().filter_map(|l| l.milestones).collect();
    if !split.is_empty() {
        let at = |i: usize| median(split.iter().map(|m| m[i]).collect());
        println!(
            "    by the app's clock, medians of {}: the page loading from {:.0} ms, HTML read at {:.0}, scripts run at {:.0}, painted at {:.0}, ready logged at {:.0}",
            split.len(),
            at(1),
            at(2),
            at(3),
            at(4),
            at(0),
        );
    }

    for (label, env) in [
        ("as shipped (DMA-BUF renderer off)", vec![]),
        (
            "WebKit's default (WEBKIT_DISABLE_DMABUF_RENDERER=0)",
            vec![("WEBKIT_DISABLE_DMABUF_RENDERER", "0")],
        ),
        (
            "compositing off instead (WEBKIT_DISABLE_COMPOSITING_MODE=1)",
            vec![
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "0"),
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
            ],
        ),
        (
            "as shipped, and compositing off",
            vec![("WEBKIT_DISABLE_COMPOSITING_MODE", "1")],
        ),
        (
            "as shipped, and JavaScript's JIT off (JSC_useJIT=false)",
            vec![("JSC_useJIT", "false")],
        ),
    ] {
        let samples: Vec<Launch> = (0..3).map(|_| launch(&env, true)).collect();
        let pss = median(samples.iter().map(|s| s.pss_mb).collect());
        println!("idle PSS, app + WebKit processes, {label}: median of 3 {pss:.1} MB  (target ≤ {PSS_TARGET_MB:.0} MB)");
        for (name, kib) in &samples[0].processes {
            println!("    {name:<24} {:.1} MB", *kib as f64 / 1024.0);
        }
    }

    let debs: Vec<_> = std::fs::read_dir(repository().join("target/release/bundle/deb"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "deb"))
        .collect();
    for deb in debs {
        let mb = std::fs::metadata(&deb).unwrap().len() as f64 / (1024.0 * 1024.0);
        println!(
            ".deb {}: {mb:.2} MB  (target ≤ {DEB_TARGET_MB:.0} MB)",
            deb.file_name().unwrap().to_string_lossy()
        );
    }
}
