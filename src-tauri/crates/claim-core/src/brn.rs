//! 사업자등록번호 (business registration number): checksum per spec §6 and the
//! type code in digits 4–5 that tells an owner what kind of business it is.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrnError {
    /// Not 10 digits once hyphens and spaces are removed.
    Format,
    /// Ten digits whose check digit does not match.
    Checksum,
}

/// A registration number whose checksum holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RegistrationNumber([u8; 10]);

/// What digits 4–5 (the 구분코드) say about the business, per the National Tax
/// Service's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BusinessType {
    /// 01–79: 개인 과세사업자.
    IndividualTaxable,
    /// 80: 아파트관리사무소 등 비영리 개인·다단계판매원.
    IndividualOther,
    /// 81, 86, 87, 88: 영리법인 본점.
    CorporationHeadOffice,
    /// 82: 비영리법인 (본점·지점), 법인으로 보는 단체.
    NonProfitCorporation,
    /// 83: 국가·지방자치단체.
    Government,
    /// 84: 외국법인 (본점·지점·연락사무소).
    ForeignCorporation,
    /// 85: 영리법인 지점.
    CorporationBranch,
    /// 89: 법인이 아닌 종교단체.
    ReligiousOrganisation,
    /// 90–99: 개인 면세사업자.
    IndividualTaxExempt,
    /// 00: not issued by the NTS numbering.
    Unassigned,
}

const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];

impl RegistrationNumber {
    /// Reads `120-81-47521`, `1208147521` or `120 81 47521`.
    pub fn parse(text: &str) -> Result<Self, BrnError> {
        let mut digits = [0u8; 10];
        let mut count = 0;
        for ch in text.chars() {
            match ch {
                '-' | ' ' => continue,
                '0'..='9' => {
                    let slot = digits.get_mut(count).ok_or(BrnError::Format)?;
                    *slot = ch as u8 - b'0';
                    count += 1;
                }
                _ => return Err(BrnError::Format),
            }
        }
        if count != 10 {
            return Err(BrnError::Format);
        }
        if check_digit(&digits) != digits[9] {
            return Err(BrnError::Checksum);
        }
        Ok(RegistrationNumber(digits))
    }

    pub fn business_type(&self) -> BusinessType {
        match self.0[3] * 10 + self.0[4] {
            0 => BusinessType::Unassigned,
            1..=79 => BusinessType::IndividualTaxable,
            80 => BusinessType::IndividualOther,
            81 | 86 | 87 | 88 => BusinessType::CorporationHeadOffice,
            82 => BusinessType::NonProfitCorporation,
            83 => BusinessType::Government,
            84 => BusinessType::ForeignCorporation,
            85 => BusinessType::CorporationBranch,
            89 => BusinessType::ReligiousOrganisation,
            _ => BusinessType::IndividualTaxExempt,
        }
    }
}

/// `(10 − S mod 10) mod 10` with S = Σ dᵢwᵢ + ⌊d₉ × 5 / 10⌋ (spec §6).
fn check_digit(digits: &[u8; 10]) -> u8 {
    let weighted: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    let sum = weighted + u32::from(digits[8]) * 5 / 10;
    // Always 0..=9, so the narrowing cannot lose anything.
    ((10 - sum % 10) % 10) as u8
}

/// A registration number as the certificate shows it (`105-23-45674`),
/// whatever hyphens and spaces it was typed with; anything that is not ten
/// digits stays as given (the engine reports it).
pub fn shown_registration_number(text: &str) -> String {
    let digits: String = text.chars().filter(|ch| !matches!(ch, '-' | ' ')).collect();
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &digits[..3], &digits[3..5], &digits[5..])
    } else {
        text.to_owned()
    }
}

/// `120-81-47521`.
impl fmt::Display for RegistrationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, digit) in self.0.iter().enumerate() {
            if i == 3 || i == 5 {
                f.write_str("-")?;
            }
            write!(f, "{digit}")?;
        }
        Ok(())
    }
}

impl BusinessType {
    pub fn label_ko(self) -> &'static str {
        match self {
            BusinessType::IndividualTaxable => "개인 과세사업자",
            BusinessType::IndividualOther => "개인 (아파트관리사무소·다단계판매원 등)",
            BusinessType::CorporationHeadOffice => "법인 (본점)",
            BusinessType::NonProfitCorporation => "비영리법인",
            BusinessType::Government => "국가·지방자치단체",
            BusinessType::ForeignCorporation => "외국법인",
            BusinessType::CorporationBranch => "법인 (지점)",
            BusinessType::ReligiousOrganisation => "종교단체",
            BusinessType::IndividualTaxExempt => "개인 면세사업자",
            BusinessType::Unassigned => "구분 없음",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            BusinessType::IndividualTaxable => "sole proprietor (VAT-registered)",
            BusinessType::IndividualOther => {
                "individual (apartment management office, direct seller, etc.)"
            }
            BusinessType::CorporationHeadOffice => "corporation (head office)",
            BusinessType::NonProfitCorporation => "non-profit corporation",
            BusinessType::Government => "state or local government",
            BusinessType::ForeignCorporation => "foreign corporation",
            BusinessType::CorporationBranch => "corporation (branch)",
            BusinessType::ReligiousOrganisation => "religious organisation",
            BusinessType::IndividualTaxExempt => "sole proprietor (VAT-exempt)",
            BusinessType::Unassigned => "unassigned type code",
        }
    }

    /// Sole proprietors (개인사업자) as opposed to corporations and public bodies.
    pub fn is_individual(self) -> bool {
        matches!(
            self,
            BusinessType::IndividualTaxable
                | BusinessType::IndividualOther
                | BusinessType::IndividualTaxExempt
        )
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_number_is_shown_as_the_certificate_shows_it() {
        assert_eq!(shown_registration_number("1052345674"), "105-23-45674");
        assert_eq!(shown_registration_number("105 23 45674"), "105-23-45674");
        assert_eq!(shown_registration_number("105-23-45674"), "105-23-45674");
        assert_eq!(shown_registration_number("123-45"), "123-45");
        assert_eq!(
            shown_registration_number("１０５２３４５６７４"),
            "１０５２３４５６７４"
        );
    }

    use super::*;

    #[test]
    fn spec_examples() {
        let valid = RegistrationNumber::parse("120-81-47521").unwrap();
        assert_eq!(valid.to_string(), "120-81-47521");
        assert_eq!(valid.business_type(), BusinessType::CorporationHeadOffice);
        assert_eq!(
            RegistrationNumber::parse("123-45-67890"),
            Err(BrnError::Checksum)
        );
        assert_eq!(
            RegistrationNumber::parse("105-23-45674")
                .unwrap()
                .business_type(),
            BusinessType::IndividualTaxable
        );
    }

    #[test]
    fn separators_are_hyphens_and_spaces_only() {
        assert!(RegistrationNumber::parse("1208147521").is_ok());
        assert!(RegistrationNumber::parse("120 81 47521").is_ok());
        assert!(RegistrationNumber::parse(" 120-81-47521 ").is_ok());
        assert_eq!(
            RegistrationNumber::parse("120.81.47521"),
            Err(BrnError::Format)
        );
        assert_eq!(
            RegistrationNumber::parse("120-81-4752"),
            Err(BrnError::Format)
        );
        assert_eq!(
            RegistrationNumber::parse("120-81-475211"),
            Err(BrnError::Format)
        );
        assert_eq!(
            RegistrationNumber::parse("１２０-81-47521"),
            Err(BrnError::Format)
        );
        assert_eq!(RegistrationNumber::parse(""), Err(BrnError::Format));
    }

    #[test]
    fn every_wrong_last_digit_is_caught() {
        for last in 0..=9u8 {
            let text = format!("120-81-4752{last}");
            let result = RegistrationNumber::parse(&text);
            assert_eq!(result.is_ok(), last == 1, "{text}");
        }
    }

    #[test]
    fn the_ninth_digit_counts_twice() {
        // d9 = 8: weight 5 gives 40 and ⌊8×5/10⌋ adds 4 more.
        // 000-00-00080: S = 40 + 4 = 44 → check digit 6.
        assert!(RegistrationNumber::parse("000-00-00086").is_ok());
        assert_eq!(
            RegistrationNumber::parse("000-00-00080"),
            Err(BrnError::Checksum)
        );
    }

    #[test]
    fn type_codes() {
        let kind = |middle: &str| {
            // Find the check digit that makes the number valid, then decode.
            (0..=9)
                .find_map(|last| {
                    RegistrationNumber::parse(&format!("123-{middle}-4567{last}")).ok()
                })
                .unwrap()
                .business_type()
        };
        assert_eq!(kind("01"), BusinessType::IndividualTaxable);
        assert_eq!(kind("79"), BusinessType::IndividualTaxable);
        assert_eq!(kind("80"), BusinessType::IndividualOther);
        assert_eq!(kind("82"), BusinessType::NonProfitCorporation);
        assert_eq!(kind("83"), BusinessType::Government);
        assert_eq!(kind("84"), BusinessType::ForeignCorporation);
        assert_eq!(kind("85"), BusinessType::CorporationBranch);
        assert_eq!(kind("86"), BusinessType::CorporationHeadOffice);
        assert_eq!(kind("89"), BusinessType::ReligiousOrganisation);
        assert_eq!(kind("90"), BusinessType::IndividualTaxExempt);
        assert!(kind("99").is_individual());
        assert!(!kind("81").is_individual());
    }
}
