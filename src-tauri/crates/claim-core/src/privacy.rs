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

/// `010-1234-3333` → `010-****-3333`, `01012343333` → `010****3333`,
/// `02-123-4567` → `02-***-4567`: the area or carrier prefix and the last
/// four digits stay, every digit between is masked; separators stay. A
/// number too short to have a middle keeps only its last four digits.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<usize> = phone
        .char_indices()
        .filter(|(_, ch)| ch.is_ascii_digit())
        .map(|(index, _)| index)
        .collect();
    let prefix = if phone.trim_start().starts_with("02") {
        2
    } else {
        3
    };
    let keep_from_end = 4;
    let masked_range = if digits.len() > prefix + keep_from_end {
        prefix..digits.len() - keep_from_end
    } else {
        0..digits.len().saturating_sub(keep_from_end)
    };
    let masked: Vec<usize> = digits[masked_range].to_vec();
    phone
        .char_indices()
        .map(|(index, ch)| if masked.contains(&index) { '*' } else { ch })
        .collect()
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
        if let Some(Value::String(name)) = order.get_mut("customer_name") {
            *name = mask_name(name);
        }
        if let Some(Value::String(phone)) = order.get_mut("customer_phone") {
            *phone = mask_phone(phone);
        }
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
        assert_eq!(mask_phone("01022223333"), "010****3333");
        assert_eq!(mask_phone("02-123-4567"), "02-***-4567");
        assert_eq!(mask_phone("031-123-4567"), "031-***-4567");
        assert_eq!(mask_phone("+82 10 2222 3333"), "+82 1* **** 3333");
        assert_eq!(mask_phone("1234567"), "***4567");
        assert_eq!(mask_phone("없음"), "없음");
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
        assert_eq!(document["lost_orders"][2], before["lost_orders"][2]);
        assert_eq!(document["business"], before["business"]);
    }
}
