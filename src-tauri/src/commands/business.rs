//! The shop's business profiles and their checks. Each command reads its request, calls `app` and answers.

use super::error::CommandResult;
use super::payload::{BusinessRequest, CheckBusinessRequest, Empty, RegistrationNumberRequest};
use super::Surface;
use crate::app;
use claim_core::field::{self, RegistrationNumberFeedback};
use claim_store::BusinessProfile;

/// Feedback on a registration number as the owner types it.
pub fn check_registration_number(
    _: &Surface,
    request: RegistrationNumberRequest,
) -> CommandResult<RegistrationNumberFeedback> {
    let feedback = field::registration_number(&request.text.0, request.lang.0);
    // The number itself is not logged: only whether it passed.
    log::debug!("registration number checked: valid={}", feedback.valid);
    Ok(feedback)
}

pub fn business_list(at: &Surface, _: Empty) -> CommandResult<Vec<BusinessProfile>> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::claims::businesses(store)?))
}

pub fn business_save(
    at: &Surface,
    BusinessRequest { business }: BusinessRequest,
) -> CommandResult<BusinessProfile> {
    let shop = &at.shop;
    shop.with_store(|store| Ok(app::claims::save_business(store, &business)?))
}

/// The problems of a business profile form, field by field, from the rules.
pub fn check_business(
    _: &Surface,
    CheckBusinessRequest { business, lang }: CheckBusinessRequest,
) -> CommandResult<app::assessment::BusinessCheck> {
    Ok(app::assessment::check_business(&business, lang.0))
}
