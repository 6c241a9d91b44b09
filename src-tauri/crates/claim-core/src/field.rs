//! Feedback on a single form field as the owner types, with exactly the codes
//! and messages `claimdesk validate` gives for the same value, because both
//! come from the same `Issue`s.

use crate::brn::{BrnError, RegistrationNumber};
use crate::codes::Code;
use crate::messages::{message, Lang};
use crate::path::Path;
use crate::problem::{Issue, Problem};
use serde::Serialize;

/// A problem with one field, ready to show beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub code: Code,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegistrationNumberFeedback {
    /// The checksum holds.
    pub valid: bool,
    /// Ten digits have been typed (so an error is worth showing while typing).
    pub complete: bool,
    /// `120-81-47521`, when valid.
    pub formatted: Option<String>,
    /// What the type code says, in the owner's language (`개인 과세사업자`).
    pub business_type: Option<String>,
    pub error: Option<FieldError>,
}

/// Checks a registration number as typed so far.
pub fn registration_number(text: &str, lang: Lang) -> RegistrationNumberFeedback {
    let path = Path::field("business").key("registration_number");
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let error = |issue: Issue| {
        let problem = Problem::new(path.clone(), issue);
        Some(FieldError {
            code: problem.code(),
            message: message(&problem, lang),
        })
    };
    if text.trim().is_empty() {
        return RegistrationNumberFeedback {
            valid: false,
            complete: false,
            formatted: None,
            business_type: None,
            error: error(Issue::Required),
        };
    }
    match RegistrationNumber::parse(text) {
        Ok(number) => {
            let kind = number.business_type();
            RegistrationNumberFeedback {
                valid: true,
                complete: true,
                formatted: Some(number.to_string()),
                business_type: Some(
                    match lang {
                        Lang::Ko => kind.label_ko(),
                        Lang::En => kind.label_en(),
                    }
                    .to_owned(),
                ),
                error: None,
            }
        }
        Err(problem) => RegistrationNumberFeedback {
            valid: false,
            complete: digits >= 10,
            formatted: None,
            business_type: None,
            error: error(match problem {
                BrnError::Format => Issue::BrnFormat,
                BrnError::Checksum => Issue::BrnChecksum,
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_number_with_its_type() {
        let feedback = registration_number("1208147521", Lang::Ko);
        assert!(feedback.valid && feedback.complete && feedback.error.is_none());
        assert_eq!(feedback.formatted.as_deref(), Some("120-81-47521"));
        assert_eq!(feedback.business_type.as_deref(), Some("법인 (본점)"));
        assert_eq!(
            registration_number("105-23-45674", Lang::En)
                .business_type
                .as_deref(),
            Some("sole proprietor (VAT-registered)")
        );
    }

    #[test]
    fn the_same_message_as_the_report() {
        let feedback = registration_number("123-45-67890", Lang::Ko);
        let error = feedback.error.unwrap();
        assert_eq!(error.code, Code::BrnChecksum);
        let problem = Problem::new(
            Path::field("business").key("registration_number"),
            Issue::BrnChecksum,
        );
        assert_eq!(error.message, message(&problem, Lang::Ko));
        assert!(feedback.complete);
    }

    #[test]
    fn partial_and_blank_input() {
        let partial = registration_number("120-8", Lang::Ko);
        assert!(!partial.valid && !partial.complete);
        assert_eq!(partial.error.unwrap().code, Code::BrnFormat);
        let blank = registration_number("  ", Lang::Ko);
        assert_eq!(
            blank.error.unwrap().message,
            "사업자등록번호를 입력해 주세요."
        );
        let too_long = registration_number("120-81-475211", Lang::Ko);
        assert!(too_long.complete && !too_long.valid);
    }
}
