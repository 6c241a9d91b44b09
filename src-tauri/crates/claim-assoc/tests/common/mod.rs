//! Fixtures shared by the association's tests.

/// One of the contract's example claims, as a JSON object.
pub fn example(name: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = format!(
        "{}/../../../tests/fixtures/examples/{name}.claim.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// A valid registration number for shop `n` (the checksum of spec §6).
#[allow(dead_code)] // not every test file makes many shops
pub fn registration_number(n: usize) -> String {
    let mut digits: Vec<u32> = format!("{:09}", 100_000_000 + n * 7)
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    digits[3] = 8; // a corporate type code, like 120-81-…
    let weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() + digits[8] * 5 / 10;
    digits.push((10 - sum % 10) % 10);
    let text: String = digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap())
        .collect();
    format!("{}-{}-{}", &text[..3], &text[3..5], &text[5..])
}
