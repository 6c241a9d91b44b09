//! The hosts (the command line in `src/cli`, the window in `src/window`) reach
//! the shop's store and the association's desk only through `app/`: every
//! use case is written once, so the two hosts cannot come to disagree (one
//! offering a backup, the other not; one refusing a file, the other taking
//! it). A call of a store or desk method in a host fails here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

/// What a host may do with the store or desk it holds: keep it (the lock
/// around it, the slot it is in), never call into it.
const HOLDING: [&str; 6] = ["lock", "as_ref", "as_mut", "take", "is_some", "is_none"];

/// Each `store.method(` or `desk.method(` in `source` (line comments left
/// out), but the holding ones: (line number, the call).
fn calls_into_store_or_desk(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (number, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for receiver in ["store", "desk"] {
            let mut rest = code;
            while let Some(at) = rest.find(receiver) {
                let before = rest[..at].chars().next_back();
                let after = &rest[at + receiver.len()..];
                rest = after;
                // A whole word: `store`, not `restore` or `store_dir`.
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let Some(call) = after.trim_start().strip_prefix('.') else {
                    continue;
                };
                let method: String = call
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let is_call = call.trim_start()[method.len()..]
                    .trim_start()
                    .starts_with('(');
                if is_call && !method.is_empty() && !HOLDING.contains(&method.as_str()) {
                    found.push((number + 1, format!("{receiver}.{method}(")));
                }
            }
        }
    }
    found
}

#[test]
fn the_detector_finds_a_call_into_the_store_and_lets_holding_pass() {
    let source = "let saved = store.save_claim(&bytes)?;\n\
                  let slot = self.store.lock()?; // store.delete_claim( in a comment\n\
                  desk .review(&id, to, None)?;\n\
                  restore.run(); let store_dir = dir; app::claims::save_claim(store, &b)?;";
    assert_eq!(
        calls_into_store_or_desk(source),
        [
            (1, "store.save_claim(".to_owned()),
            (3, "desk.review(".to_owned())
        ]
    );
}

#[test]
fn no_host_calls_a_store_or_desk_method() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut files = 0;
    for host in ["cli", "commands", "window", "http_host"] {
        for entry in std::fs::read_dir(root.join(host)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            files += 1;
            let source = std::fs::read_to_string(&path).unwrap();
            for (line, call) in calls_into_store_or_desk(&source) {
                offenders.push(format!(
                    "src/{host}/{}:{line}: {call}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(files >= 10, "the hosts' files were not found ({files})");
    assert!(
        offenders.is_empty(),
        "a host calls the store or the desk itself; give it an `app/` function:\n{}",
        offenders.join("\n")
    );
}

/// The shop's side reads and writes the exchange formats through
/// `claim-exchange`, never through the association's crate: the app's
/// sources name `claim_assoc::bundle` nowhere.
#[test]
fn the_exchange_formats_come_from_the_exchange_crate() {
    fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() >= 30, "the app's sources were not found");
    let offenders: Vec<String> = files
        .iter()
        .filter(|path| {
            let source = std::fs::read_to_string(path).unwrap();
            source.contains("claim_assoc::bundle")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "use claim_exchange::bundle: {offenders:?}"
    );
}
