//! An incident definition file, signed or not, as `incident import` opens it
//! against the shipped key.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let keys = claim_core::signature::TrustedKey::shipped();
    let _ = claim_core::signature::open_definition(bytes, &keys);
    let _ = claim_core::definition::IncidentDefinition::read(bytes);
});
