//! The window's commands are listed once (`src/commands/list.rs`):
//! the invoke handler and `build.rs` are made from that list, and this test
//! holds the two lists that cannot be, the capability that grants each
//! command and `ui/js/api.js` that calls them, to it. A command missing
//! from either, or a name `api.js` calls that is not a command, fails here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

include!("../src/commands/list.rs");

macro_rules! command_names {
    ($($module:ident :: $name:ident),* $(,)?) => {
        [$(stringify!($name)),*]
    };
}

fn listed() -> BTreeSet<&'static str> {
    let names = window_commands!(command_names);
    let set: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(set.len(), names.len(), "a command listed twice");
    set
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

#[test]
fn the_capability_grants_exactly_the_listed_commands() {
    let capability: serde_json::Value =
        serde_json::from_str(&read("capabilities/main.json")).unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|permission| permission.as_str())
        .filter(|permission| !permission.contains(':'))
        .map(|permission| {
            permission
                .strip_prefix("allow-")
                .unwrap_or_else(|| panic!("{permission} is not an allow- permission"))
                .replace('-', "_")
        })
        .collect();
    let listed: BTreeSet<String> = listed().into_iter().map(str::to_owned).collect();
    assert_eq!(granted, listed);
}

#[test]
fn api_js_calls_exactly_the_listed_commands() {
    let api = read("../ui/js/api.js");
    let called: BTreeSet<&str> = api
        .split("call(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(
        !called.is_empty(),
        "api.js calls commands through call(\"name\", …)"
    );
    assert_eq!(called, listed());
    // No other module names a command: api.js is the only one that knows them.
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/js")];
    let mut modules = Vec::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                modules.push(path);
            }
        }
    }
    assert!(modules.iter().any(|path| path.ends_with("editor/state.js")));
    for path in modules {
        if path.file_name().is_some_and(|name| name == "api.js") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("invoke("),
            "{} calls invoke itself",
            path.display()
        );
    }
}

/// The page never names a file (issue 17, item 15): the dialogs are opened
/// by Rust (`choose`), so the capability grants no plugin command, and no
/// module of the page reaches for Tauri's dialog or file-system APIs.
#[test]
fn the_page_is_granted_no_plugin_and_no_dialog() {
    let capability: serde_json::Value =
        serde_json::from_str(&read("capabilities/main.json")).unwrap();
    let plugins: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|permission| permission.as_str())
        .filter(|permission| permission.contains(':'))
        .collect();
    assert_eq!(plugins, Vec::<&str>::new());
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for reach in [
                "__TAURI__.dialog",
                "__TAURI__.fs",
                "plugin:dialog",
                "plugin:fs",
            ] {
                assert!(!text.contains(reach), "{} uses {reach}", path.display());
            }
        }
    }
}
