//! Receipts and answers from the association, imported by the owner. Each command reads its request, calls `app` and answers.

use super::chosen::Purpose;
use super::error::CommandResult;
use super::payload::FileRequest;
use super::Surface;
use crate::app;

/// Imports a receipt or answers file the association sent: verified, for
/// claims here, then each claim moves (submitted, or open again with the
/// association's reason).
pub fn reply_import(
    at: &Surface,
    FileRequest { file: token }: FileRequest,
) -> CommandResult<app::reply::ReplyImported> {
    let shop = &at.shop;
    let chosen = &at.chosen;
    let file = chosen.path(&token, &[Purpose::Reply])?;
    shop.with_store(|store| Ok(app::reply::import_reply(store, &file)?))
}
