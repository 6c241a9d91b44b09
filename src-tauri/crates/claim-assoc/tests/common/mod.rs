//! Fixtures shared by the association's tests and benches.
#![allow(dead_code)] // each test file uses some of it

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

const INDUSTRIES: [&str; 6] = [
    "food",
    "service",
    "transport",
    "retail",
    "manufacturing",
    "other",
];
const REGIONS: [&str; 5] = ["seoul", "busan", "gyeonggi", "daegu", "jeju"];

fn claim(template: &serde_json::Value, index: usize) -> serde_json::Value {
    let mut claim = template.clone();
    // One shop in twenty files twice (a corrected claim).
    let shop = if index % 20 == 19 { index - 7 } else { index };
    claim["id"] = format!("0192f5c4-0000-7000-8000-{index:012}").into();
    claim["business"]["registration_number"] = registration_number(shop).into();
    claim["business"]["name"] = format!("가게 {shop}").into();
    claim["business"]["industry"] = INDUSTRIES[shop % INDUSTRIES.len()].into();
    claim["business"]["region"] = REGIONS[shop % REGIONS.len()].into();
    for (day, row) in claim["daily_sales"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        row["amount"] = (300_000 + ((index * 37 + day * 11) % 400) * 1_000).into();
    }
    claim
}

/// `claims` claims made from `template` (one shop in twenty files twice),
/// in bundles of 2,000 in `dir`: made one bundle at a time, so making them
/// does not raise the memory an intake is measured against. The intake
/// bench and the command line's cold bench take them in.
pub fn bundles(
    dir: &std::path::Path,
    template: &serde_json::Value,
    claims: usize,
) -> Vec<std::path::PathBuf> {
    use claim_assoc::bundle::{write_bundle, OutgoingClaim};
    let mut files = Vec::new();
    for (number, start) in (0..claims).step_by(2_000).enumerate() {
        let outgoing: Vec<OutgoingClaim> = (start..claims.min(start + 2_000))
            .map(|index| OutgoingClaim {
                document: claim(template, index),
                number: format!("CD-2026-{index:06}"),
                status: "exported".into(),
                updated_at: format!("2026-11-{:02}T00:00:00Z", 1 + index % 28),
                pdf: None,
            })
            .collect();
        let file = dir.join(format!("bundle-{number:03}.zip"));
        let out = std::fs::File::create(&file).unwrap();
        write_bundle(out, &outgoing, "2026-11-25T00:00:00Z", false).unwrap();
        files.push(file);
    }
    files
}

/// The desk's clock, standing at `rfc3339`.
pub fn clock_at(rfc3339: &str) -> claim_store::Clock {
    claim_store::Clock::starting_at(
        chrono::DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .to_utc(),
    )
    .unwrap()
}

/// The example claim as one shop sends it: claim id `id` (none when
/// `None`), registration number `number`, shop number CD-2022-000001 (every
/// shop counts from there).
pub fn incoming_claim(id: Option<&str>, number: &str) -> claim_assoc::desk::Incoming {
    let mut document = example("kakao-cake-prior-week");
    match id {
        Some(id) => document.insert("id".into(), id.into()),
        None => document.remove("id"),
    };
    document["business"]["registration_number"] = number.into();
    claim_assoc::desk::Incoming {
        document,
        origin: claim_assoc::desk::Origin {
            source: "test".into(),
            made_at: None,
            pdf: None,
            number: Some("CD-2022-000001".into()),
            customer_details_included: false,
        },
    }
}
