//! A claim file as `claimdesk validate` reads it: any bytes give a report or
//! a refusal, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok((claim, assessment)) = claim_core::report::assess_document(bytes) {
        // What the PDF and the list show of it is computed from these.
        let _ = (claim, assessment);
    }
});
