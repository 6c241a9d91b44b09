//! Fixtures shared by the store's tests.
#![allow(dead_code)] // each test file uses some of them

/// A file under the repository's `tests/fixtures/`.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = format!(
        "{}/../../../tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&full).unwrap_or_else(|error| panic!("{full}: {error}"))
}

/// One of the contract's example claims, as bytes.
pub fn example(name: &str) -> Vec<u8> {
    fixture(&format!("examples/{name}.claim.json"))
}
