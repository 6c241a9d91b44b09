//! What can be wrong with a claim: each [`Issue`] carries what its message
//! needs, and maps to exactly one spec code.
//!
//! Issues never carry what the owner typed into free-text fields (customer
//! names and phones, notes): messages must be safe to show, log and export.

use crate::calendar::Holiday;
use crate::codes::{Code, EvidenceKind};
use crate::money::Won;
use crate::path::Path;
use chrono::{DateTime, FixedOffset, NaiveDate};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: Path,
    pub issue: Issue,
    /// For a daily sales row's amount: the row's date, so the message names
    /// the day the owner sees in her grid rather than a row number.
    pub day: Option<chrono::NaiveDate>,
}

impl Problem {
    pub fn new(path: Path, issue: Issue) -> Self {
        Problem {
            path,
            issue,
            day: None,
        }
    }

    pub fn code(&self) -> Code {
        self.issue.code()
    }
}

/// The JSON shape a field should have had (for `E_TYPE_INVALID`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Text,
    List,
    Object,
    YesNo,
}

/// Which vocabulary an unknown code should have come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VocabularyName {
    Industry,
    Region,
    Service,
    EvidenceKind,
    BaselineMethod,
}

/// Whether a date field wanted a day or an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateShape {
    Date,
    Instant,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    Required,
    WrongType(Shape),
    UnknownCode(VocabularyName),
    AmountInvalid {
        min: Won,
    },
    SumTooLarge,
    DateInvalid(DateShape),
    MarginInvalid,
    BrnFormat,
    BrnChecksum,
    PhoneFormat,
    EmailFormat,
    PresetUnknown,
    IncidentEndNotAfterStart,
    IncidentTooLong,
    /// The shop's own outage starts before the incident's (spec §3.1).
    OwnOutageBeforeIncident {
        start: DateTime<FixedOffset>,
    },
    /// The shop's own outage ends after the incident's.
    OwnOutageAfterIncident {
        end: DateTime<FixedOffset>,
    },
    PeriodReversed,
    PeriodTooLong {
        days: i64,
    },
    PeriodOutsideIncident,
    MethodPeriod {
        days: i64,
    },
    WeeksInvalid,
    ReferenceReversed,
    SalesDuplicateDate {
        date: NaiveDate,
        first_index: usize,
    },
    SalesMissing {
        day: NaiveDate,
    },
    PriorWeekMissing {
        day: NaiveDate,
        prior: NaiveDate,
    },
    AverageMissing {
        day: NaiveDate,
        weeks: u8,
    },
    BestWeekMissing {
        from: NaiveDate,
        to: NaiveDate,
        start_weekday: NaiveDate,
    },
    OrderOutsideIncident {
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
    },
    OrderDuplicateRef {
        first_index: usize,
    },
    NothingClaimed,
    BaselineHoliday {
        day: NaiveDate,
        compared: NaiveDate,
        holiday: &'static Holiday,
    },
    BaselineInIncident {
        day: NaiveDate,
        compared: NaiveDate,
    },
    CalendarRange,
    NoSalesData,
    NoDrop,
    OrdersExceedDrop {
        orders: Won,
        drop: Won,
    },
    ServicesEmpty,
    /// The account holder is neither the representative nor the business
    /// (spec §6); the names are not repeated here.
    BankHolder,
    /// The account number is not digits (with hyphens or spaces) or has
    /// `digits` digits, outside 10..=14.
    BankAccountFormat {
        digits: usize,
        other_characters: bool,
    },
    EvidenceMissing(EvidenceKind),
}

impl Issue {
    pub fn code(&self) -> Code {
        match self {
            Issue::Required => Code::Required,
            Issue::WrongType(_) => Code::TypeInvalid,
            Issue::UnknownCode(_) => Code::CodeUnknown,
            Issue::AmountInvalid { .. } | Issue::SumTooLarge => Code::AmountInvalid,
            Issue::DateInvalid(_) => Code::DateInvalid,
            Issue::MarginInvalid => Code::MarginInvalid,
            Issue::BrnFormat => Code::BrnFormat,
            Issue::BrnChecksum => Code::BrnChecksum,
            Issue::PhoneFormat => Code::PhoneFormat,
            Issue::EmailFormat => Code::EmailFormat,
            Issue::PresetUnknown => Code::PresetUnknown,
            Issue::IncidentEndNotAfterStart | Issue::IncidentTooLong => Code::IncidentRange,
            Issue::OwnOutageBeforeIncident { .. } | Issue::OwnOutageAfterIncident { .. } => {
                Code::OwnOutageRange
            }
            Issue::PeriodReversed | Issue::PeriodTooLong { .. } | Issue::PeriodOutsideIncident => {
                Code::PeriodRange
            }
            Issue::MethodPeriod { .. } => Code::MethodPeriod,
            Issue::WeeksInvalid | Issue::ReferenceReversed => Code::BaselineInvalid,
            Issue::SalesDuplicateDate { .. } => Code::SalesDuplicateDate,
            Issue::SalesMissing { .. } => Code::SalesMissing,
            Issue::PriorWeekMissing { .. }
            | Issue::AverageMissing { .. }
            | Issue::BestWeekMissing { .. } => Code::BaselineMissing,
            Issue::OrderOutsideIncident { .. } => Code::OrderOutsideIncident,
            Issue::OrderDuplicateRef { .. } => Code::OrderDuplicateRef,
            Issue::NothingClaimed => Code::NothingClaimed,
            Issue::BaselineHoliday { .. } => Code::BaselineHoliday,
            Issue::BaselineInIncident { .. } => Code::BaselineInIncident,
            Issue::CalendarRange => Code::CalendarRange,
            Issue::NoSalesData => Code::NoSalesData,
            Issue::NoDrop => Code::NoDrop,
            Issue::OrdersExceedDrop { .. } => Code::OrdersExceedDrop,
            Issue::ServicesEmpty => Code::ServicesEmpty,
            Issue::BankHolder => Code::BankHolder,
            Issue::BankAccountFormat { .. } => Code::BankAccountFormat,
            Issue::EvidenceMissing(_) => Code::EvidenceMissing,
        }
    }
}
