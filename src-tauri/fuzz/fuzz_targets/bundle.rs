//! A bundle as the association's intake reads it: the manifest, every line
//! of `claims.jsonl`, and every PDF the manifest names.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::ops::ControlFlow;

fuzz_target!(|bytes: &[u8]| {
    let Ok(mut bundle) = claim_assoc::bundle::Bundle::open(std::io::Cursor::new(bytes)) else {
        return;
    };
    let mut entries = Vec::new();
    let _ = bundle.for_each_claim(|claim| {
        if let Ok(claim) = claim {
            entries.extend(claim.entry);
        }
        ControlFlow::Continue(())
    });
    for entry in &entries {
        let _ = bundle.pdf(entry);
    }
});
