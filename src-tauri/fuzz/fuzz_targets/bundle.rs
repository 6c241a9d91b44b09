//! A bundle as the association's intake reads it: the manifest, every line
//! of `claims.jsonl` (prepared to keep, as the intake's reader does), and
//! every PDF the manifest names.
#![no_main]
use claim_assoc::desk::{Origin, Prepared};
use libfuzzer_sys::fuzz_target;
use std::ops::ControlFlow;

fuzz_target!(|bytes: &[u8]| {
    let Ok(mut bundle) = claim_assoc::bundle::Bundle::open(std::io::Cursor::new(bytes)) else {
        return;
    };
    let incidents = claim_core::Incidents::built_in();
    let mut entries = Vec::new();
    let _ = bundle.for_each_claim(|claim| {
        if let Ok(claim) = claim {
            let origin = Origin {
                source: format!("claim {}", claim.line),
                made_at: None,
                pdf: None,
                number: None,
                customer_details_included: false,
            };
            let _ = Prepared::from_json(&claim.json, origin, &incidents);
            entries.extend(claim.entry);
        }
        ControlFlow::Continue(())
    });
    for entry in &entries {
        let _ = bundle.pdf(entry);
    }
});
