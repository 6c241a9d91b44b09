//! Daily sales from outside the form, for the command line and the window
//! alike: a sales file the owner picked (read size-limited, previewed with
//! the rows that could not be read) and cells pasted from a spreadsheet.
//! Both go into the claim by one rule (`claim_import::put_daily_sales`),
//! and only on the dates the claim's comparison uses (the grid's dates):
//! a file covering a season puts in the days the claim needs, and says how
//! many it left out.

use crate::app::files::{read_limited, ReadFailure};
use crate::app::{AppError, AppResult};
use chrono::NaiveDate;
use claim_core::{Incidents, Lang};
use claim_import::{ColumnChoice, Columns, DayValue, ImportError, SalesImport};
use claim_store::{ClaimSummary, Store, StoreError};
use serde::Serialize;
use std::path::Path;

/// A day total as the preview and `--json` show it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PreviewDay {
    pub date: String,
    pub amount: i64,
    /// Previewed for a claim: whether its grid has this date (only those
    /// days go in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_grid: Option<bool>,
}

/// A row that could not be read: its spreadsheet row number and why.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PreviewRejected {
    pub row: usize,
    pub reason: String,
}

/// What a sales file would give, before anything is applied.
#[derive(Debug, Serialize)]
pub struct Preview {
    pub days: Vec<PreviewDay>,
    pub rejected: Vec<PreviewRejected>,
    pub columns: Columns,
    /// Previewed for a claim: how many of the days its grid has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_grid: Option<usize>,
}

impl Preview {
    fn new(import: &SalesImport, lang: Lang) -> Preview {
        Preview {
            days: import
                .days
                .iter()
                .map(|day| PreviewDay {
                    date: day.date.to_string(),
                    amount: day.amount,
                    on_grid: None,
                })
                .collect(),
            rejected: import
                .rejected
                .iter()
                .map(|rejected| PreviewRejected {
                    row: rejected.row,
                    reason: rejected.reason.message(lang).to_owned(),
                })
                .collect(),
            columns: import.columns.clone(),
            on_grid: None,
        }
    }

    /// The preview for the claim `document`: which days its grid has, by
    /// the rule [`put_days`] applies.
    pub fn for_claim(
        mut self,
        document: &serde_json::Map<String, serde_json::Value>,
        incidents: &Incidents,
    ) -> Preview {
        let grid: Vec<String> = grid_dates(document, incidents)
            .iter()
            .map(NaiveDate::to_string)
            .collect();
        for day in &mut self.days {
            day.on_grid = Some(grid.contains(&day.date));
        }
        self.on_grid = Some(
            self.days
                .iter()
                .filter(|day| day.on_grid == Some(true))
                .count(),
        );
        self
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Reads and previews the sales file at `path`.
pub fn preview(
    path: &Path,
    choice: Option<&ColumnChoice>,
    lang: Lang,
) -> AppResult<(SalesImport, Preview)> {
    let file = file_name(path);
    let bytes =
        read_limited(path, claim_import::MAX_FILE_BYTES).map_err(|failure| match failure {
            ReadFailure::TooLarge { bytes } => AppError::Sales {
                file: file.clone(),
                error: ImportError::TooLarge {
                    megabytes: bytes.div_ceil(1024 * 1024),
                },
            },
            other => AppError::Read(other),
        })?;
    // Read in a worker process: a sales file is a stranger's.
    let import = match crate::app::worker::read_sales(&bytes, choice) {
        Ok(read) => read.map_err(|error| AppError::Sales { file, error })?,
        Err(crate::app::worker::Stopped::TooComplex) => return Err(AppError::TooComplex { file }),
        Err(crate::app::worker::Stopped::Missing) => return Err(AppError::WorkerMissing),
    };
    let preview = Preview::new(&import, lang);
    Ok((import, preview))
}

/// What putting days into a claim did.
#[derive(Debug, Serialize)]
pub struct SalesPut {
    /// The document with the days in.
    pub document: serde_json::Map<String, serde_json::Value>,
    /// Dates filled (or cleared).
    pub put: usize,
    /// Days given that the claim's comparison does not use (left out), or
    /// pasted lines that fell outside the grid.
    pub left_out: usize,
}

/// The dates the claim's sales grid shows, in order.
pub fn grid_dates(
    document: &serde_json::Map<String, serde_json::Value>,
    incidents: &Incidents,
) -> Vec<NaiveDate> {
    let (claim, assessment) = claim_core::assess_value_with(document, incidents);
    claim_core::sales_dates(&claim, &assessment)
        .into_iter()
        .map(|row| row.date)
        .collect()
}

/// Puts `values` into `document` on the grid's dates only.
pub fn put_days(
    mut document: serde_json::Map<String, serde_json::Value>,
    values: Vec<(NaiveDate, DayValue)>,
    incidents: &Incidents,
) -> SalesPut {
    let grid = grid_dates(&document, incidents);
    let given = values.len();
    let on_grid: Vec<(NaiveDate, DayValue)> = values
        .into_iter()
        .filter(|(date, _)| grid.contains(date))
        .collect();
    claim_import::put_daily_sales(&mut document, &on_grid);
    SalesPut {
        put: on_grid.len(),
        left_out: given - on_grid.len(),
        document,
    }
}

/// Puts what the owner typed into the grid's cell of `date` into
/// `document`, read as a pasted cell is ([`claim_import::day_value_of_text`]).
pub fn type_day(
    document: serde_json::Map<String, serde_json::Value>,
    date: NaiveDate,
    text: &str,
    incidents: &Incidents,
) -> SalesPut {
    put_days(
        document,
        vec![(date, claim_import::day_value_of_text(text))],
        incidents,
    )
}

/// Puts what was pasted on the grid's day `start` into `document`.
pub fn paste(
    mut document: serde_json::Map<String, serde_json::Value>,
    start: NaiveDate,
    text: &str,
    incidents: &Incidents,
) -> SalesPut {
    let grid = grid_dates(&document, incidents);
    let pasted = claim_import::paste::read_paste(text, &grid, start);
    claim_import::put_daily_sales(&mut document, &pasted.values);
    SalesPut {
        put: pasted.values.len(),
        left_out: pasted.skipped,
        document,
    }
}

/// What `import-sales --claim` did to the stored claim.
#[derive(Debug)]
pub struct SalesApplied {
    pub summary: ClaimSummary,
    pub put: usize,
    pub left_out: usize,
}

/// Puts a sales file's days into the stored claim `id` and saves it: one
/// write, all or nothing.
pub fn apply(
    store: &mut Store,
    id: &str,
    days: &[claim_import::DayTotal],
) -> AppResult<SalesApplied> {
    let stored = store.claim(id)?;
    let serde_json::Value::Object(document) = stored.document else {
        return Err(StoreError::Document("청구서가 항목 묶음이 아닙니다.".into()).into());
    };
    let values = days
        .iter()
        .map(|day| (day.date, DayValue::Amount(day.amount)))
        .collect();
    let put = put_days(document, values, store.known_incidents());
    let bytes = serde_json::to_vec(&put.document)
        .map_err(|error| StoreError::Document(error.to_string()))?;
    Ok(SalesApplied {
        summary: store.save_claim(&bytes)?,
        put: put.put,
        left_out: put.left_out,
    })
}
