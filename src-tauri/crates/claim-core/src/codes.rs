//! The closed vocabularies of the claim format (spec §2) and the problem codes
//! of the report (spec §7).

use serde::{Serialize, Serializer};

/// A vocabulary a JSON string must come from (`E_CODE_UNKNOWN` otherwise).
pub trait Vocabulary: Sized + Copy + 'static {
    /// Every member, in the order the spec lists them.
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label_ko(self) -> &'static str;
    fn label_en(self) -> &'static str;

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|member| member.code() == code)
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $ko:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            fn label_ko(self) -> &'static str { match self { $($name::$variant => $ko),+ } }
            fn label_en(self) -> &'static str { match self { $($name::$variant => $en),+ } }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }
    };
}

vocabulary!(
    /// The federation's published industry categories.
    Industry {
        Food => "food", "음식점업", "food and drink";
        Service => "service", "서비스업", "services";
        Transport => "transport", "운수업", "transport";
        Retail => "retail", "도소매업", "retail";
        Manufacturing => "manufacturing", "제조업", "manufacturing";
        Other => "other", "기타", "other";
    }
);

vocabulary!(
    /// The 17 시·도.
    Region {
        Seoul => "seoul", "서울", "Seoul";
        Busan => "busan", "부산", "Busan";
        Daegu => "daegu", "대구", "Daegu";
        Incheon => "incheon", "인천", "Incheon";
        Gwangju => "gwangju", "광주", "Gwangju";
        Daejeon => "daejeon", "대전", "Daejeon";
        Ulsan => "ulsan", "울산", "Ulsan";
        Sejong => "sejong", "세종", "Sejong";
        Gyeonggi => "gyeonggi", "경기", "Gyeonggi";
        Gangwon => "gangwon", "강원", "Gangwon";
        Chungbuk => "chungbuk", "충북", "North Chungcheong";
        Chungnam => "chungnam", "충남", "South Chungcheong";
        Jeonbuk => "jeonbuk", "전북", "North Jeolla";
        Jeonnam => "jeonnam", "전남", "South Jeolla";
        Gyeongbuk => "gyeongbuk", "경북", "North Gyeongsang";
        Gyeongnam => "gyeongnam", "경남", "South Gyeongsang";
        Jeju => "jeju", "제주", "Jeju";
    }
);

vocabulary!(
    /// The service that failed, in `affected_services` and `lost_orders`.
    Service {
        TalkChannel => "talk_channel", "카카오톡 채널(주문·예약·상담)", "KakaoTalk channel (orders, bookings, chats)";
        Pay => "pay", "카카오페이·선물하기", "Kakao Pay and gift vouchers";
        Notifications => "notifications", "주문·배달 알림", "order and delivery notifications";
        Mobility => "mobility", "카카오T·카카오맵", "Kakao T and Kakao Map";
        Login => "login", "카카오 로그인", "Kakao login";
        Mail => "mail", "다음·카카오 메일", "Daum/Kakao mail";
        Other => "other", "기타 서비스", "other service";
    }
);

vocabulary!(
    /// What an evidence file proves (the four documents of Kakao's process, and other).
    EvidenceKind {
        SmallBusinessCertificate => "small_business_certificate", "소상공인 확인서", "small-business certificate";
        SalesProof => "sales_proof", "매출 감소 증빙", "proof of the sales loss";
        ServiceUseProof => "service_use_proof", "서비스 이용 증빙", "proof of using the service";
        BankAccountCopy => "bank_account_copy", "통장 사본", "copy of the bank account";
        Other => "other", "기타 자료", "other document";
    }
);

vocabulary!(
    /// How the baseline (what sales would have been) is found (spec §4).
    BaselineMethod {
        PriorWeek => "prior_week", "전주 같은 요일과 비교", "same weekday of the week before";
        AverageWeeks => "average_weeks", "이전 몇 주 같은 요일의 평균과 비교", "average of the same weekday over earlier weeks";
        BestWeek => "best_week", "기준 기간 중 매출이 가장 높은 주와 비교", "best week in the reference range";
    }
);

/// The problem codes of spec §7. `E_` codes are errors, `W_` codes warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Required,
    TypeInvalid,
    CodeUnknown,
    AmountInvalid,
    DateInvalid,
    MarginInvalid,
    BrnFormat,
    BrnChecksum,
    PhoneFormat,
    EmailFormat,
    PresetUnknown,
    IncidentRange,
    OwnOutageRange,
    PeriodRange,
    MethodPeriod,
    BaselineInvalid,
    SalesDuplicateDate,
    SalesMissing,
    BaselineMissing,
    OrderOutsideIncident,
    OrderDuplicateRef,
    NothingClaimed,
    BaselineHoliday,
    BaselineInIncident,
    CalendarRange,
    NoSalesData,
    NoDrop,
    OrdersExceedDrop,
    ServicesEmpty,
    BankHolder,
    BankAccountFormat,
    EvidenceMissing,
}

impl Code {
    pub const ALL: [Code; 32] = [
        Code::Required,
        Code::TypeInvalid,
        Code::CodeUnknown,
        Code::AmountInvalid,
        Code::DateInvalid,
        Code::MarginInvalid,
        Code::BrnFormat,
        Code::BrnChecksum,
        Code::PhoneFormat,
        Code::EmailFormat,
        Code::PresetUnknown,
        Code::IncidentRange,
        Code::OwnOutageRange,
        Code::PeriodRange,
        Code::MethodPeriod,
        Code::BaselineInvalid,
        Code::SalesDuplicateDate,
        Code::SalesMissing,
        Code::BaselineMissing,
        Code::OrderOutsideIncident,
        Code::OrderDuplicateRef,
        Code::NothingClaimed,
        Code::BaselineHoliday,
        Code::BaselineInIncident,
        Code::CalendarRange,
        Code::NoSalesData,
        Code::NoDrop,
        Code::OrdersExceedDrop,
        Code::ServicesEmpty,
        Code::BankHolder,
        Code::BankAccountFormat,
        Code::EvidenceMissing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Required => "E_REQUIRED",
            Code::TypeInvalid => "E_TYPE_INVALID",
            Code::CodeUnknown => "E_CODE_UNKNOWN",
            Code::AmountInvalid => "E_AMOUNT_INVALID",
            Code::DateInvalid => "E_DATE_INVALID",
            Code::MarginInvalid => "E_MARGIN_INVALID",
            Code::BrnFormat => "E_BRN_FORMAT",
            Code::BrnChecksum => "E_BRN_CHECKSUM",
            Code::PhoneFormat => "E_PHONE_FORMAT",
            Code::EmailFormat => "E_EMAIL_FORMAT",
            Code::PresetUnknown => "E_PRESET_UNKNOWN",
            Code::IncidentRange => "E_INCIDENT_RANGE",
            Code::OwnOutageRange => "E_OWN_OUTAGE_RANGE",
            Code::PeriodRange => "E_PERIOD_RANGE",
            Code::MethodPeriod => "E_METHOD_PERIOD",
            Code::BaselineInvalid => "E_BASELINE_INVALID",
            Code::SalesDuplicateDate => "E_SALES_DUPLICATE_DATE",
            Code::SalesMissing => "E_SALES_MISSING",
            Code::BaselineMissing => "E_BASELINE_MISSING",
            Code::OrderOutsideIncident => "E_ORDER_OUTSIDE_INCIDENT",
            Code::OrderDuplicateRef => "E_ORDER_DUPLICATE_REF",
            Code::NothingClaimed => "E_NOTHING_CLAIMED",
            Code::BaselineHoliday => "W_BASELINE_HOLIDAY",
            Code::BaselineInIncident => "W_BASELINE_IN_INCIDENT",
            Code::CalendarRange => "W_CALENDAR_RANGE",
            Code::NoSalesData => "W_NO_SALES_DATA",
            Code::NoDrop => "W_NO_DROP",
            Code::OrdersExceedDrop => "W_ORDERS_EXCEED_DROP",
            Code::ServicesEmpty => "W_SERVICES_EMPTY",
            Code::BankHolder => "W_BANK_HOLDER",
            Code::BankAccountFormat => "W_BANK_ACCOUNT_FORMAT",
            Code::EvidenceMissing => "W_EVIDENCE_MISSING",
        }
    }

    pub fn is_error(self) -> bool {
        self.as_str().starts_with("E_")
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code:?}");
        }
        assert_eq!(Code::ALL.iter().filter(|c| c.is_error()).count(), 22);
        assert_eq!(Region::ALL.len(), 17);
        assert_eq!(Region::from_code("jeju"), Some(Region::Jeju));
        assert_eq!(Region::from_code("Jeju"), None);
        assert_eq!(
            Service::from_code("talk_channel"),
            Some(Service::TalkChannel)
        );
        assert_eq!(
            BaselineMethod::from_code("best_week"),
            Some(BaselineMethod::BestWeek)
        );
    }
}
