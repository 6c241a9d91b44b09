//! A received claim PDF: the claim attached to it, as `import-pdf` and the
//! association's intake take it out.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(claim) = claim_pdf::read_attached_claim(bytes) {
        let _ = claim_core::report::assess_document(&claim);
    }
});
