//! The claim as read from `claimdesk.claim/1` JSON: typed, with every value
//! that failed its shape check already reported and left out.
//!
//! This is the *input* type. List items keep the index they had in the JSON
//! so that later rules point at the owner's own row.

use crate::codes::{BaselineMethod, EvidenceKind, Industry, Region, Service};
use crate::incident::{DateRange, Incident};
use crate::money::Won;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// A field that may be absent (use the default), invalid (already reported;
/// anything depending on it is unknown) or valid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Given<T> {
    #[default]
    Absent,
    Invalid,
    Valid(T),
}

impl<T> Given<T> {
    pub fn valid(self) -> Option<T> {
        match self {
            Given::Valid(value) => Some(value),
            Given::Absent | Given::Invalid => None,
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Given::Absent)
    }

    /// The value, the default when absent, `None` when invalid.
    pub fn or_default_value(self, default: T) -> Option<T> {
        match self {
            Given::Valid(value) => Some(value),
            Given::Absent => Some(default),
            Given::Invalid => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claim {
    pub id: Option<String>,
    pub business: Business,
    pub incident: IncidentInput,
    pub period: Given<DateRange>,
    pub baseline: BaselineInput,
    pub affected_services: Vec<AffectedService>,
    pub daily_sales: Vec<SalesRow>,
    pub lost_orders: Vec<LostOrder>,
    pub extra_costs: Vec<ExtraCost>,
    pub margin_bp: Option<u16>,
    pub narrative: Option<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Business {
    pub name: Option<String>,
    pub representative: Option<String>,
    pub registration_number: Option<String>,
    pub industry: Option<Industry>,
    pub region: Option<Region>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub bank: Option<BankAccount>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankAccount {
    pub name: Option<String>,
    pub account: Option<String>,
    pub holder: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IncidentInput {
    pub preset: Given<&'static Incident>,
    pub start: Given<DateTime<FixedOffset>>,
    pub end: Given<DateTime<FixedOffset>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BaselineInput {
    pub method: Given<BaselineMethod>,
    pub weeks: Given<u8>,
    pub reference: Given<DateRange>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AffectedService {
    pub index: usize,
    pub service: Option<Service>,
    pub paid: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SalesRow {
    pub index: usize,
    pub date: Option<NaiveDate>,
    pub amount: Option<Won>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostOrder {
    pub index: usize,
    pub reference: Option<String>,
    pub at: Option<DateTime<FixedOffset>>,
    pub service: Option<Service>,
    pub amount: Option<Won>,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtraCost {
    pub index: usize,
    pub date: Option<NaiveDate>,
    pub description: Option<String>,
    pub amount: Option<Won>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub index: usize,
    pub kind: Option<EvidenceKind>,
    pub file_name: Option<String>,
    pub sha256: Option<String>,
    pub description: Option<String>,
}
