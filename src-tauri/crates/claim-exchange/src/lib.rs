//! What the shop's app and the association exchange, read and written by
//! both sides: the bundle of claims a shop sends (`claimdesk.bundle/1`).
//! The signed receipt and answers the association sends back are
//! `claim_core::answer`'s. No store, no Tauri: the shop's side depends on
//! this crate, never on the association's (`claim-assoc`).

pub mod bundle;
