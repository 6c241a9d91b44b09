//! A sales file the owner picked, shared by the command line and the
//! window: read it (size-limited), preview its day totals and the rows that
//! could not be read, and put the days into a stored claim. The reading
//! itself is `claim_import`'s; this is the glue around the file and store.

use crate::files::{read_limited, ReadFailure};
use claim_core::Lang;
use claim_import::{ColumnChoice, Columns, DayTotal, ImportError, SalesImport};
use claim_store::{ClaimSummary, Store, StoreError};
use serde::Serialize;
use std::path::Path;

/// A day total as the preview and `--json` show it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PreviewDay {
    pub date: String,
    pub amount: i64,
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
        }
    }
}

/// Why a sales file gave nothing: a stable code and the owner's sentence,
/// which names the file (never its folder) and, where it can, the row.
#[derive(Debug, PartialEq, Eq)]
pub struct SalesFailure {
    pub code: &'static str,
    pub message: String,
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
) -> Result<(SalesImport, Preview), SalesFailure> {
    let name = file_name(path);
    let bytes =
        read_limited(path, claim_import::MAX_FILE_BYTES).map_err(|failure| match failure {
            ReadFailure::TooLarge { bytes } => {
                let error = ImportError::TooLarge {
                    megabytes: bytes.div_ceil(1024 * 1024),
                };
                SalesFailure {
                    code: error.code(),
                    message: error.message(&name, lang),
                }
            }
            ReadFailure::Io { .. } => SalesFailure {
                code: "E_FILE_READ",
                message: failure.message(lang),
            },
        })?;
    let import = claim_import::read_sales(&bytes, choice).map_err(|error| SalesFailure {
        code: error.code(),
        message: error.message(&name, lang),
    })?;
    let preview = Preview::new(&import, lang);
    Ok((import, preview))
}

/// Puts `days` into the stored claim `id` (a day already there takes the
/// imported amount) and saves it: one write, all or nothing.
pub fn apply(store: &mut Store, id: &str, days: &[DayTotal]) -> Result<ClaimSummary, StoreError> {
    let stored = store.claim(id)?;
    let mut document = match stored.document {
        serde_json::Value::Object(object) => object,
        _ => {
            return Err(StoreError::Document(
                "청구서가 항목 묶음이 아닙니다.".into(),
            ))
        }
    };
    claim_import::merge_daily_sales(&mut document, days);
    let bytes =
        serde_json::to_vec(&document).map_err(|error| StoreError::Document(error.to_string()))?;
    store.save_claim(&bytes)
}
