//! What the owner types or brings into the editor and Rust reads: sales days (typed, pasted, from a file), a lost order's time, her own outage's start and end. Each command reads its request, calls `app` and answers.

use super::chosen::Purpose;
use super::error::CommandResult;
use super::payload::{
    IncidentTimeRequest, OrderTimeRequest, SalesPasteRequest, SalesPreviewRequest, SalesPutRequest,
    SalesTypeRequest,
};
use super::Surface;
use crate::app;

/// What a sales file the owner picked gives (day totals, unreadable rows,
/// the columns used), before anything is applied: the window shows it and
/// the owner decides.
pub fn sales_preview(
    at: &Surface,
    SalesPreviewRequest {
        file: token,
        document,
        date_column,
        amount_column,
        lang,
    }: SalesPreviewRequest,
) -> CommandResult<app::sales::Preview> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::SalesFile])?;
    let choice = date_column
        .zip(amount_column)
        .map(|(date, amount)| claim_import::ColumnChoice {
            date: date.0,
            amount: amount.0,
        });
    let (_, preview) = app::sales::preview(&file, choice.as_ref(), lang.0)?;
    Ok(match document {
        Some(document) => preview.for_claim(&document, &shop.known_incidents()),
        None => preview,
    })
}

/// Puts a sales file's days into the claim being edited, by the same rule
/// as `claimdesk import-sales --claim`; the window saves what comes back.
pub fn sales_put(
    at: &Surface,
    SalesPutRequest { document, days }: SalesPutRequest,
) -> CommandResult<app::sales::SalesPut> {
    let shop = &at.shop;
    let values = days
        .0
        .into_iter()
        .map(|day| (day.date.0, claim_import::DayValue::Amount(day.amount)))
        .collect();
    Ok(app::sales::put_days(
        document,
        values,
        &shop.known_incidents(),
    ))
}

/// Puts what the owner typed into one cell of the sales grid into the
/// claim being edited, read as a pasted cell is.
pub fn sales_type(
    at: &Surface,
    SalesTypeRequest {
        document,
        date,
        text,
    }: SalesTypeRequest,
) -> CommandResult<app::sales::SalesPut> {
    let shop = &at.shop;
    Ok(app::sales::type_day(
        document,
        date.0,
        &text.0,
        &shop.known_incidents(),
    ))
}

/// Puts what the owner typed as her own outage's start or end into the
/// claim being edited, read in Rust (`3월 2일 오전 11시 10분`).
pub fn incident_time_type(
    at: &Surface,
    IncidentTimeRequest {
        document,
        end,
        text,
    }: IncidentTimeRequest,
) -> CommandResult<serde_json::Map<String, serde_json::Value>> {
    let shop = &at.shop;
    Ok(app::orders::type_outage_time(
        document,
        end,
        &text.0,
        &shop.known_incidents(),
    ))
}

/// Puts what the owner typed as a lost order's time into the claim being
/// edited, read in Rust against the claim's outage (`10월 16일 오후 2시`).
pub fn order_time_type(
    at: &Surface,
    OrderTimeRequest {
        document,
        index,
        text,
    }: OrderTimeRequest,
) -> CommandResult<serde_json::Map<String, serde_json::Value>> {
    let shop = &at.shop;
    Ok(app::orders::type_time(
        document,
        index,
        &text.0,
        &shop.known_incidents(),
    ))
}

/// Reads cells pasted into the sales grid (the same readers as a sales
/// file) and puts them into the claim being edited.
pub fn sales_paste(
    at: &Surface,
    SalesPasteRequest {
        document,
        start,
        text,
    }: SalesPasteRequest,
) -> CommandResult<app::sales::SalesPut> {
    let shop = &at.shop;
    Ok(app::sales::paste(
        document,
        start.0,
        &text.0,
        &shop.known_incidents(),
    ))
}
