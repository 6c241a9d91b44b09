//! The page itself: start-up, its faults, its desk and reference data. Each command reads its request, calls `app` and answers.

use super::error::CommandResult;
use super::payload::{self, Empty, LangRequest, PageErrorRequest, PageTimings};
use super::Surface;
use crate::app;
use serde::Serialize;
use std::sync::atomic::Ordering;
use std::time::{SystemTime, UNIX_EPOCH};

/// Called by the UI once its first screen is painted: the start-up work
/// that nothing on screen waits for (the daily backup) begins now, so it
/// does not compete with the first paint.
pub fn window_ready(at: &Surface, timings: PageTimings) -> CommandResult<()> {
    let started = &at.started;
    let shop = &at.shop;
    if !started.reported.swap(true, Ordering::SeqCst) {
        let ready = started.at.elapsed();
        // The start on the wall clock the page's `timeOrigin` is read on.
        let started_epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .ok()
            .and_then(|now| now.checked_sub(ready))
            .map_or(f64::NAN, |at| at.as_secs_f64() * 1000.0);
        match timings.after_start(started_epoch_ms) {
            Some(page) => log::info!(
                "window ready {} ms after start (the page: loading from {} ms, HTML read at {}, scripts run at {}, painted at {})",
                ready.as_millis(),
                page.page_loading,
                page.html_parsed,
                page.scripts_ran,
                page.painted
            ),
            None => log::info!("window ready {} ms after start", ready.as_millis()),
        }
        if let Ok(dir) = shop.data_dir() {
            app::claims::start_daily_backups(dir.to_owned());
        }
    }
    Ok(())
}

/// The page's own fault (an uncaught error, an unhandled rejection), into
/// the log: its kind and where it happened, never its message (which may
/// quote what the owner typed). The end-to-end tests fail on any.
pub fn page_error(
    _: &Surface,
    PageErrorRequest { kind, at }: PageErrorRequest,
) -> CommandResult<()> {
    log::error!("page error: {} at {}", kind.0, at.0);
    Ok(())
}

/// Incidents and vocabularies with their labels.
pub fn reference_data<A: super::DeskAt>(
    at: &A,
    LangRequest { lang }: LangRequest,
) -> CommandResult<app::assessment::ReferenceData> {
    Ok(app::assessment::reference_data(
        lang.0,
        &at.known_incidents(),
    ))
}

/// The desk the window opens as (owner or association).
#[derive(Serialize)]
pub struct DeskState {
    desk: claim_store::Desk,
}

pub fn desk_get(at: &Surface, _: Empty) -> CommandResult<DeskState> {
    let shop = &at.shop;
    let dir = shop.data_dir()?.to_owned();
    shop.with_store(|store| {
        Ok(DeskState {
            desk: app::lifecycle::desk(store, &dir, None)?,
        })
    })
}

pub fn desk_set(
    at: &Surface,
    payload::DeskRequest { desk }: payload::DeskRequest,
) -> CommandResult<DeskState> {
    let shop = &at.shop;
    let dir = shop.data_dir()?.to_owned();
    shop.with_store(|store| {
        Ok(DeskState {
            desk: app::lifecycle::desk(store, &dir, Some(desk))?,
        })
    })
}
