//! Customer details over their life: erasure, the retention time, the customer notice. Each command reads its request, calls `app` and answers.

use super::chosen::Purpose;
use super::error::CommandResult;
use super::payload::{self, Empty, IdRequest, LangRequest};
use super::Surface;
use crate::app;
use serde::Serialize;

/// The owner's "erase now": the claim's customer names and phones go.
pub fn claim_erase_customers(at: &Surface, IdRequest { id }: IdRequest) -> CommandResult<bool> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::claims::erase_customers(store, id.as_str())?))
}

/// The retention setting.
#[derive(Serialize)]
pub struct RetentionState {
    days: u32,
}

pub fn retention_get(at: &Surface, _: Empty) -> CommandResult<RetentionState> {
    let shop = &at.shop;
    shop.with_store(|store| {
        Ok(RetentionState {
            days: app::lifecycle::retention(store, None)?,
        })
    })
}

pub fn retention_set(
    at: &Surface,
    payload::RetentionRequest { days }: payload::RetentionRequest,
) -> CommandResult<RetentionState> {
    let shop = &at.shop;
    shop.with_store(|store| {
        Ok(RetentionState {
            days: app::lifecycle::retention(store, Some(days))?,
        })
    })
}

/// The customer notice, to show on screen.
pub fn customer_notice(
    at: &Surface,
    LangRequest { lang }: LangRequest,
) -> CommandResult<claim_core::privacy::CustomerNotice> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::lifecycle::customer_notice(store, lang.0)?))
}

/// The customer notice as a printable PDF at the path the owner chose; it
/// opens in the system viewer like a claim PDF.
pub fn customer_notice_pdf(
    at: &Surface,
    payload::NoticePdfRequest { file: token, lang }: payload::NoticePdfRequest,
) -> CommandResult<String> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SaveNotice])?;
    shop.with_store(|store| Ok(app::lifecycle::customer_notice_pdf(store, lang.0, &file)?))?;
    shop.made(&file)?;
    Ok(file.display().to_string())
}
