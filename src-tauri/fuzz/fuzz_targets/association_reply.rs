//! A receipt or answers file from the association, as `import-answer` opens
//! it: the bytes as a whole envelope, and the bytes as a payload signed by a
//! trusted key (so the payload's reader is reached, not only the signature
//! check).
#![no_main]
use libfuzzer_sys::fuzz_target;

use claim_core::answer::{sign, Answers, Receipt, SIGNED_ANSWERS_FORMAT, SIGNED_RECEIPT_FORMAT};
use claim_core::signature::TrustedKey;

const SECRET: [u8; 32] = [5; 32];

fuzz_target!(|bytes: &[u8]| {
    let keys = [TrustedKey::of_secret("fuzz", &SECRET)];
    let _ = Receipt::open(bytes, &keys);
    let _ = Answers::open(bytes, &keys);
    let _ = Receipt::open(&sign(SIGNED_RECEIPT_FORMAT, bytes, &SECRET), &keys);
    let _ = Answers::open(&sign(SIGNED_ANSWERS_FORMAT, bytes, &SECRET), &keys);
});
