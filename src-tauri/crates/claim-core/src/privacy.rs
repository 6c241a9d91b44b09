//! Customer details in lost orders are personal data. Everything that leaves
//! the shop (PDFs, bundles, association exports) shows them masked unless the
//! owner opts in: `김*진`, `010-****-3333`. Pure functions: the same masking
//! everywhere.

use serde_json::Value;

/// `김민진` → `김*진`, `김진` → `김*`, `남궁민수` → `남**수`; one character
/// → `*`. Latin names the same way by character (`Kim` → `K*m`). Spaces are
/// kept so the shape of the name stays readable.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => chars
            .iter()
            .enumerate()
            .map(|(i, ch)| {
                if i == 0 || i == n - 1 || ch.is_whitespace() {
                    *ch
                } else {
                    '*'
                }
            })
            .collect(),
    }
}

/// `010-1234-3333` → `010-****-3333`, `02-123-4567` → `02-***-4567`: the
/// area or carrier prefix and the last four digits stay, every digit
/// between is masked; separators stay. A number typed as its digits alone
/// or with spaces or dots is masked as it would be hyphenated
/// (`01012343333` → `010-****-3333`): one number, one masked form, however
/// it was typed. A number too short to
/// have a middle keeps only its last four digits. Every Unicode digit
/// counts (`０１０－４４４４－５５５５` is masked the same way), and the work is
/// one pass over the text, however long it is.
pub fn mask_phone(phone: &str) -> String {
    match hyphenated(phone) {
        Some(hyphenated) => mask_digits(&hyphenated),
        None => mask_digits(phone),
    }
}

/// A Korean number of 9 to 11 digits, written with or without separators
/// (hyphens, spaces, dots), as it is written hyphenated
/// (`0212345678`, `02 1234 5678` → `02-1234-5678`); `None` for anything
/// else, which is masked as written.
fn hyphenated(phone: &str) -> Option<String> {
    let trimmed = phone.trim();
    if !trimmed
        .chars()
        .all(|c| decimal_value(c).is_some() || matches!(c, '-' | ' ' | '.'))
    {
        return None;
    }
    let digits: Vec<char> = trimmed
        .chars()
        .filter(|c| decimal_value(*c).is_some())
        .collect();
    if !(9..=11).contains(&digits.len()) {
        return None;
    }
    let prefix = match (decimal_value(digits[0]), decimal_value(digits[1])) {
        (Some(0), Some(2)) => 2,
        (Some(0), _) => 3,
        _ => return None,
    };
    let last = digits.len() - 4;
    let part = |range: std::ops::Range<usize>| digits[range].iter().collect::<String>();
    Some(format!(
        "{}-{}-{}",
        part(0..prefix),
        part(prefix..last),
        part(last..digits.len())
    ))
}

fn mask_digits(phone: &str) -> String {
    let is_digit = |ch: char| ch.is_numeric();
    let digits = phone.chars().filter(|&ch| is_digit(ch)).count();
    let mut start = phone.trim_start().chars().map(decimal_value);
    let seoul = matches!((start.next(), start.next()), (Some(Some(0)), Some(Some(2))));
    let prefix = if seoul { 2 } else { 3 };
    let keep_from_end = 4;
    let masked = if digits > prefix + keep_from_end {
        prefix..digits - keep_from_end
    } else {
        0..digits.saturating_sub(keep_from_end)
    };
    let mut ordinal = 0;
    phone
        .chars()
        .map(|ch| {
            if !is_digit(ch) {
                return ch;
            }
            let hide = masked.contains(&ordinal);
            ordinal += 1;
            if hide {
                '*'
            } else {
                ch
            }
        })
        .collect()
}

/// A digit's value, ASCII or full width (as a Korean IME types it).
fn decimal_value(ch: char) -> Option<u32> {
    ch.to_digit(10).or_else(|| {
        ('\u{FF10}'..='\u{FF19}')
            .contains(&ch)
            .then(|| ch as u32 - 0xFF10)
    })
}

/// Masks `customer_name` and `customer_phone` of every lost order in a
/// `claimdesk.claim/1` document, in place. Anything else is left as it is
/// (it does not change the report).
pub fn mask_customer_details(document: &mut Value) {
    let Some(orders) = document
        .get_mut("lost_orders")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for order in orders.iter_mut().filter_map(Value::as_object_mut) {
        // A name or phone that is not a plain string (a number, a list) has
        // no masked form, and is never passed on as it is: it becomes the
        // empty value of its type, so the claim reports the same problem
        // (a wrong type at that field) and carries nothing of the customer.
        for key in CUSTOMER_FIELDS {
            if let Some(value) = order.get_mut(key) {
                match value {
                    Value::Number(_) => *value = Value::from(0),
                    Value::Array(_) => *value = Value::Array(Vec::new()),
                    Value::Object(_) => *value = Value::Object(serde_json::Map::new()),
                    Value::String(_) | Value::Bool(_) | Value::Null => {}
                }
            }
        }
        if let Some(Value::String(name)) = order.get_mut("customer_name") {
            *name = mask_name(name);
        }
        if let Some(Value::String(phone)) = order.get_mut("customer_phone") {
            *phone = mask_phone(phone);
        }
    }
}

/// The customer fields of a lost order.
const CUSTOMER_FIELDS: [&str; 2] = ["customer_name", "customer_phone"];

/// What a lost order may carry out of the shop (the spec's members); a
/// member the spec does not know could hold anything, and stays.
const LOST_ORDER_MEMBERS: [&str; 7] = [
    "ref",
    "at",
    "service",
    "amount",
    "customer_name",
    "customer_phone",
    "note",
];

/// A claim document as it leaves the shop (a bundle's line, a PDF's
/// attachment): lost orders without members the spec does not know, and,
/// unless the owner opted in, customer names and phones masked in their
/// fields, in a phone field holding words, and wherever free text (an
/// order's note and ref, a cost's description, the narrative) repeats a
/// customer's name or holds a phone number.
pub fn outgoing(document: &Value, include_customer_details: bool) -> Value {
    let mut out = document.clone();
    if let Some(orders) = out.get_mut("lost_orders").and_then(Value::as_array_mut) {
        for order in orders.iter_mut().filter_map(Value::as_object_mut) {
            order.retain(|key, _| LOST_ORDER_MEMBERS.contains(&key.as_str()));
        }
    }
    if include_customer_details {
        return out;
    }
    let names = customer_names(document);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    mask_customer_details(&mut out);
    let mask_text = |value: &mut Value| {
        if let Value::String(text) = value {
            *text = mask_free_text(text, &names);
        }
    };
    if let Some(orders) = out.get_mut("lost_orders").and_then(Value::as_array_mut) {
        for order in orders.iter_mut().filter_map(Value::as_object_mut) {
            for key in ["note", "ref"] {
                if let Some(value) = order.get_mut(key) {
                    mask_text(value);
                }
            }
            if let Some(Value::String(phone)) = order.get_mut("customer_phone") {
                *phone = without_words(phone);
            }
        }
    }
    if let Some(costs) = out.get_mut("extra_costs").and_then(Value::as_array_mut) {
        for cost in costs.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(value) = cost.get_mut("description") {
                mask_text(value);
            }
        }
    }
    if let Some(value) = out.get_mut("narrative") {
        mask_text(value);
    }
    out
}

/// The customers' names the claim's lost orders give (two characters or
/// more: a single one would mask that character everywhere).
pub fn customer_names(document: &Value) -> Vec<String> {
    let mut names: Vec<String> = document["lost_orders"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|order| order["customer_name"].as_str())
        .map(|name| name.trim().to_owned())
        .filter(|name| name.chars().count() >= 2)
        .collect();
    // Longest first: 남궁민수 before 남궁.
    names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    names.dedup();
    names
}

/// A masked phone field that held words besides the number: the words go
/// too (`김민진 010-****-3333` → `*** 010-****-3333`).
pub fn without_words(phone: &str) -> String {
    phone
        .chars()
        .map(|ch| if ch.is_alphabetic() { '*' } else { ch })
        .collect()
}

/// `text` with every customer name of `names` masked and every phone
/// number in it masked as a phone field is: a run of 9 to 11 digits that
/// begins with 0, its groups separated by single `-`, `.` or spaces.
pub fn mask_free_text(text: &str, names: &[&str]) -> String {
    let mut out = mask_phones_in(text);
    for name in names {
        if name.chars().count() >= 2 && out.contains(name) {
            out = out.replace(name, &mask_name(name));
        }
    }
    out
}

fn mask_phones_in(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&ch) = chars.get(i) {
        let begins = decimal_value(ch) == Some(0)
            && (i == 0 || chars.get(i - 1).and_then(|c| decimal_value(*c)).is_none());
        if begins {
            let mut digits = 0;
            let mut end = None;
            let mut after_separator = false;
            let mut j = i;
            while let Some(&c) = chars.get(j) {
                if decimal_value(c).is_some() {
                    digits += 1;
                    after_separator = false;
                    if digits > 11 {
                        break;
                    }
                    let next_is_digit = chars.get(j + 1).and_then(|n| decimal_value(*n)).is_some();
                    if (9..=11).contains(&digits) && !next_is_digit {
                        end = Some(j + 1);
                    }
                } else if matches!(c, '-' | '.' | ' ' | '\u{FF0D}') && !after_separator {
                    after_separator = true;
                } else {
                    break;
                }
                j += 1;
            }
            if let Some(end) = end {
                let number: String = chars[i..end].iter().collect();
                out.push_str(&mask_phone(&number));
                i = end;
                continue;
            }
        }
        out.push(ch);
        i += 1;
    }
    out
}

/// Whether a claim document holds any customer name or phone.
pub fn holds_customer_details(document: &Value) -> bool {
    document["lost_orders"].as_array().is_some_and(|orders| {
        orders.iter().any(|order| {
            CUSTOMER_FIELDS
                .iter()
                .any(|key| order.get(key).is_some_and(|value| !value.is_null()))
        })
    })
}

/// What [`erase_customer_details`] removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Erased {
    /// Some of it was shown in full, not masked as [`mask_name`] and
    /// [`mask_phone`] write it (so a document that showed it must go too).
    pub unmasked: bool,
}

/// Removes every customer name and phone from a claim document (the
/// retention time passed, or the owner asked); `None` if it held none.
pub fn erase_customer_details(document: &mut Value) -> Option<Erased> {
    let orders = document.get_mut("lost_orders")?.as_array_mut()?;
    let mut erased: Option<Erased> = None;
    for order in orders.iter_mut().filter_map(Value::as_object_mut) {
        for key in CUSTOMER_FIELDS {
            if let Some(value) = order.remove(key) {
                let unmasked = value.as_str().is_some_and(|text| !text.contains('*'));
                erased = Some(Erased {
                    unmasked: erased.is_some_and(|e| e.unmasked) || unmasked,
                });
            }
        }
    }
    erased
}

/// The notice an owner shows or prints for customers whose name and phone
/// are written down for a claim (개인정보보호법: say what, why, to whom and
/// how long, and that they may refuse). Plain words, one page.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CustomerNotice {
    pub title: String,
    pub paragraphs: Vec<String>,
}

/// 은 after a final consonant, 는 after a vowel; 은(는) when the name does
/// not end in Hangul (a Latin or numbered shop name).
fn topic_particle(word: &str) -> &'static str {
    match word.chars().last().map(u32::from) {
        Some(code @ 0xAC00..=0xD7A3) if (code - 0xAC00) % 28 != 0 => "은",
        Some(0xAC00..=0xD7A3) => "는",
        _ => "은(는)",
    }
}

/// The notice for the shop `shop` (its name and phone as the owner gave
/// them; blank when not given yet), with its retention time in days.
pub fn customer_notice(
    lang: crate::Lang,
    shop: Option<&str>,
    shop_phone: Option<&str>,
    retention_days: u32,
) -> CustomerNotice {
    let shop = shop.map(str::trim).filter(|name| !name.is_empty());
    let phone = shop_phone.map(str::trim).filter(|phone| !phone.is_empty());
    match lang {
        crate::Lang::Ko => {
            let who = shop.unwrap_or("저희 가게");
            CustomerNotice {
                title: "고객님의 이름과 전화번호를 적어 두는 이유".to_owned(),
                paragraphs: vec![
                    format!("{who}{} 플랫폼(카카오 등) 장애로 받지 못한 주문의 피해를 신고하려고 고객님의 이름과 전화번호를 적어 둡니다.", topic_particle(who)),
                    "적는 것: 이름, 전화번호, 주문한 시각과 금액.".to_owned(),
                    "쓰는 곳: 피해 청구서를 쓰고, 주문이 실제로 있었는지 확인하는 데에만 씁니다. 광고나 다른 일에는 쓰지 않습니다.".to_owned(),
                    "밖으로 낼 때: 청구서를 소상공인연합회나 플랫폼 회사에 낼 때 이름과 전화번호는 가려서(예: 김*진, 010-****-3333) 냅니다. 고객님이 따로 동의하신 경우에만 가리지 않고 냅니다.".to_owned(),
                    format!("지우는 때: 신고가 끝나거나(보상 확정) 취소되고 {retention_days}일이 지나면 지웁니다. 그 전이라도 지워 달라고 하시면 바로 지웁니다."),
                    "동의하지 않으셔도 됩니다. 그러면 이름과 전화번호 없이 주문 금액만 신고합니다.".to_owned(),
                    match phone {
                        Some(phone) => format!("문의: {who} ({phone})"),
                        None => format!("문의: {who}"),
                    },
                ],
            }
        }
        crate::Lang::En => {
            let who = shop.unwrap_or("This shop");
            CustomerNotice {
                title: "Why we write down your name and phone number".to_owned(),
                paragraphs: vec![
                    format!("{who} writes down your name and phone number to claim for orders lost when a platform (such as Kakao) went down."),
                    "What: your name, phone number, and the time and amount of your order.".to_owned(),
                    "What for: only to write the damage claim and to show the order was real. Never for advertising or anything else.".to_owned(),
                    "Who sees it: when the claim goes to the small business association or the platform, your name and phone are masked (e.g. 김*진, 010-****-3333), unless you agree otherwise.".to_owned(),
                    format!("How long: erased {retention_days} days after the claim is settled or withdrawn, or at once if you ask."),
                    "You may refuse. Then only the amount of your order is claimed, without your name or phone.".to_owned(),
                    match phone {
                        Some(phone) => format!("Questions: {who} ({phone})"),
                        None => format!("Questions: {who}"),
                    },
                ],
            }
        }
    }
}

#[cfg(test)]
mod outgoing_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn free_text_leaves_the_shop_without_names_or_numbers() {
        let claim = json!({
            "narrative": "이수진 님(010-2222-3333)과 박지훈 님 주문을 놓쳤습니다. 2022-10-15 매출 1,000,000원.",
            "lost_orders": [
                {"ref": "A-01022223333", "customer_name": "이수진", "customer_phone": "집 010-2222-3333",
                 "note": "이수진 님 케이크", "secret": "숨김", "amount": 1},
                {"customer_name": "박지훈", "note": "０１０－５５５５－６６６６로 연락"}
            ],
            "extra_costs": [{"description": "박지훈 님께 문자 010 7777 8888", "amount": 1}]
        });
        let out = outgoing(&claim, false);
        let text = out.to_string();
        for leaked in ["이수진", "박지훈", "2222", "5555", "7777", "숨김", "집"] {
            assert!(!text.contains(leaked), "{leaked}: {text}");
        }
        assert!(text.contains("이*진") && text.contains("박*훈"), "{text}");
        assert!(
            text.contains("2022-10-15") && text.contains("1,000,000원"),
            "{text}"
        );
        assert!(text.contains("010-****-3333"), "{text}");
        // With the owner's opt-in: everything as entered, but for members
        // the spec does not know.
        let opted = outgoing(&claim, true);
        assert_eq!(opted["narrative"], claim["narrative"]);
        assert!(opted["lost_orders"][0].get("secret").is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_keep_their_first_and_last_character() {
        assert_eq!(mask_name("김민진"), "김*진");
        assert_eq!(mask_name("이진"), "이*");
        assert_eq!(mask_name("남궁민수"), "남**수");
        assert_eq!(mask_name("박"), "*");
        assert_eq!(mask_name(" 김민진 "), "김*진");
        assert_eq!(mask_name("Kim Minji"), "K** ****i");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn phones_keep_prefix_and_last_four_digits() {
        assert_eq!(mask_phone("010-2222-3333"), "010-****-3333");
        assert_eq!(mask_phone("01022223333"), "010-****-3333");
        assert_eq!(mask_phone("0212345678"), "02-****-5678");
        assert_eq!(mask_phone("021234567"), "02-***-4567");
        assert_eq!(mask_phone("02-123-4567"), "02-***-4567");
        assert_eq!(mask_phone("031-123-4567"), "031-***-4567");
        assert_eq!(mask_phone("+82 10 2222 3333"), "+82 1* **** 3333");
        assert_eq!(mask_phone("1234567"), "***4567");
        assert_eq!(mask_phone("없음"), "없음");
    }

    #[test]
    fn every_unicode_digit_is_a_digit() {
        assert_eq!(
            mask_phone("０１０－４４４４－５５５５"),
            "０１０－****－５５５５"
        );
        assert_eq!(mask_phone("０２－１２３－４５６７"), "０２－***－４５６７");
        assert_eq!(
            mask_phone("010-٤٤٤٤-5555"),
            "010-****-5555",
            "Arabic-Indic digits"
        );
    }

    #[test]
    fn a_long_phone_is_masked_whole_in_one_pass() {
        // 200,000 digits took 11 s when each digit was looked up in a list.
        let phone = "0".repeat(200_000);
        let masked = mask_phone(&phone);
        assert_eq!(masked.chars().filter(|&ch| ch == '*').count(), 200_000 - 7);
        assert!(masked.starts_with("000*") && masked.ends_with("*0000"));
    }

    #[test]
    fn a_customer_value_that_is_not_a_string_keeps_nothing_but_its_type() {
        let mut document = json!({"lost_orders": [
            {"customer_name": ["이수진"], "customer_phone": 1022223333_i64, "amount": 1000},
            {"customer_name": {"full": "이수진"}, "customer_phone": null},
        ]});
        mask_customer_details(&mut document);
        assert_eq!(
            document,
            json!({"lost_orders": [
                {"customer_name": [], "customer_phone": 0, "amount": 1000},
                {"customer_name": {}, "customer_phone": null},
            ]})
        );
        let text = document.to_string();
        assert!(!text.contains("이수진") && !text.contains("1022223333"));
    }

    #[test]
    fn the_notice_names_the_shop_the_retention_time_and_the_right_to_refuse() {
        let notice = customer_notice(crate::Lang::Ko, Some("행복케이크"), Some("02-123-4567"), 90);
        let text = notice.paragraphs.join("\n");
        assert!(text.starts_with("행복케이크는"));
        assert!(text.contains("90일이 지나면 지웁니다"));
        assert!(text.contains("동의하지 않으셔도 됩니다"));
        assert!(text.contains("김*진, 010-****-3333"));
        assert!(text.ends_with("문의: 행복케이크 (02-123-4567)"));
        let branch = customer_notice(crate::Lang::Ko, Some("행복케이크 망원점"), None, 90);
        assert!(branch.paragraphs[0].starts_with("행복케이크 망원점은 "));
        assert!(
            customer_notice(crate::Lang::Ko, None, None, 90).paragraphs[0]
                .starts_with("저희 가게는 ")
        );
        assert!(
            customer_notice(crate::Lang::Ko, Some("Cafe 7"), None, 90).paragraphs[0]
                .starts_with("Cafe 7은(는) ")
        );
        let english = customer_notice(crate::Lang::En, None, None, 30);
        assert!(english.paragraphs[0].starts_with("This shop writes"));
        assert!(english
            .paragraphs
            .join(" ")
            .contains("erased 30 days after"));
    }

    #[test]
    fn a_document_is_masked_in_place_and_nothing_else_changes() {
        let mut document = json!({
            "business": {"name": "행복케이크", "phone": "010-1234-5678"},
            "lost_orders": [
                {"ref": "A1", "customer_name": "김민진", "customer_phone": "010-2222-3333", "amount": 45000},
                {"ref": "A2", "amount": 1000},
                {"ref": "A3", "customer_name": 7},
                "not an order"
            ]
        });
        let before = document.clone();
        mask_customer_details(&mut document);
        assert_eq!(document["lost_orders"][0]["customer_name"], "김*진");
        assert_eq!(
            document["lost_orders"][0]["customer_phone"],
            "010-****-3333"
        );
        assert_eq!(document["lost_orders"][1], before["lost_orders"][1]);
        assert_eq!(
            document["lost_orders"][2],
            json!({"ref": "A3", "customer_name": 0}),
            "a number is no name: nothing of it is kept but its type"
        );
        assert_eq!(document["business"], before["business"]);
    }

    proptest::proptest! {
        /// Issue 36: one number, one masked form, however it was typed
        /// (hyphens, spaces, dots or none); the prefix and the last four
        /// digits stay and nothing else of the number shows.
        #[test]
        fn a_number_masks_the_same_with_or_without_separators(
            prefix in proptest::sample::select(vec!["02", "010", "011", "031", "051", "064"]),
            middle in "[0-9]{3,4}",
            last in "[0-9]{4}",
            separator in proptest::sample::select(vec!["-", " ", ".", ""]),
        ) {
            let hyphenated = format!("{prefix}-{middle}-{last}");
            let typed = format!("{prefix}{separator}{middle}{separator}{last}");
            let masked = mask_phone(&typed);
            proptest::prop_assert_eq!(&masked, &mask_phone(&hyphenated), "{}", typed);
            proptest::prop_assert_eq!(masked, format!("{prefix}-{}-{last}", "*".repeat(middle.len())));
        }
    }
}
