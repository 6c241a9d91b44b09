//! # claim-core
//!
//! The rules of ClaimDesk: what a `claimdesk.claim/1` claim is, how it is
//! checked, and how the loss is computed (`../shared/spec/claim-format.md`).
//!
//! Pure: no files, no clock, no network, no Tauri. Everything that reaches an
//! owner (the window, `claimdesk validate`, later the PDF) gets its numbers
//! and messages from here, so they can never disagree.
//!
//! The flow is `bytes → read_document → parse_claim → evaluate → Report`:
//! - [`report::read_document`] checks the envelope (size, UTF-8, JSON object, `format`);
//! - [`parse::parse_claim`] turns the object into a typed [`claim::Claim`],
//!   reporting every field of the wrong shape at its path;
//! - [`rules::evaluate`] applies the cross-field rules and computes totals;
//! - [`report::Report`] renders problems as owner-facing messages in Korean or English.

pub mod answer;
pub mod asking;
pub mod brn;
pub mod calendar;
pub mod claim;
pub mod codes;
pub mod dates;
pub mod definition;
pub mod failure;
pub mod field;
pub mod id;
pub mod incident;
pub mod json;
pub mod messages;
pub mod money;
pub mod parse;
pub mod path;
pub mod privacy;
pub mod problem;
pub mod report;
pub mod rules;
pub mod signature;
pub mod status;
pub mod terms;
pub mod text;
pub mod verification;

pub use failure::{Failure, FailureCode, TooComplex};
pub use id::ClaimId;
pub use incident::Incidents;
pub use messages::Lang;
pub use money::Won;
pub use report::{
    assess, assess_document, assess_document_with, assess_value, assess_value_with, assess_with,
    compare_methods, read_document, DocumentError, MethodTotals, Report, CLAIM_FORMAT,
    MAX_CLAIM_BYTES,
};
pub use rules::{evaluate, required_evidence, sales_dates, Assessment, SalesDate};
