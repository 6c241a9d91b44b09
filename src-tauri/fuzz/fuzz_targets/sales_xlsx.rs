//! A sales file as the owner's import reads it (CSV and XLSX share the
//! reader, which tells them by their first bytes; the two targets differ in
//! their corpus).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = claim_import::read_sales(bytes, None);
});
