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

/// Each kind of table query over `desk` (holding `claims` claims) and its
/// median time in milliseconds over 11 runs.
pub fn table_queries<S: claim_assoc::desk::Store>(
    desk: &claim_assoc::desk::Desk<S>,
    claims: usize,
) -> Vec<(String, f64)> {
    let shop = claims / 2;
    // An association number a staff member would search: one of a current
    // claim in the middle of the table (a replaced one is not listed).
    let middle = desk
        .table(&claim_assoc::table::TableQuery {
            sort: claim_assoc::table::SortColumn::Name,
            offset: (claims / 2) as u64,
            limit: 1,
            ..claim_assoc::table::TableQuery::default()
        })
        .unwrap();
    let intake_number = middle.rows[0].intake_number.clone().unwrap();
    let queries = [
        (
            "first page, newest first",
            claim_assoc::table::TableQuery {
                descending: true,
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "by amount, largest first",
            claim_assoc::table::TableQuery {
                sort: claim_assoc::table::SortColumn::Claimed,
                descending: true,
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "by name, a page in the middle",
            claim_assoc::table::TableQuery {
                sort: claim_assoc::table::SortColumn::Name,
                offset: (claims / 2) as u64,
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "by association number (RX-)",
            claim_assoc::table::TableQuery {
                sort: claim_assoc::table::SortColumn::Number,
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "by review status",
            claim_assoc::table::TableQuery {
                sort: claim_assoc::table::SortColumn::Review,
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "search a name",
            claim_assoc::table::TableQuery {
                text: Some(format!("가게 {shop}")),
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "search a registration number",
            claim_assoc::table::TableQuery {
                text: Some(registration_number(shop)),
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "search an association number",
            claim_assoc::table::TableQuery {
                text: Some(intake_number.clone()),
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "search a shop's claim number",
            claim_assoc::table::TableQuery {
                text: Some(format!("CD-2026-{shop:06}")),
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "Busan, food, by amount",
            claim_assoc::table::TableQuery {
                region: Some("busan".into()),
                industry: Some("food".into()),
                sort: claim_assoc::table::SortColumn::Claimed,
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "missing documents or errors filter",
            claim_assoc::table::TableQuery {
                missing_documents: Some(false),
                errors: Some(false),
                service: Some("talk_channel".into()),
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
        (
            "an amount range",
            claim_assoc::table::TableQuery {
                claimed_at_least: Some(1_000_000),
                claimed_at_most: Some(1_500_000),
                limit: 100,
                ..claim_assoc::table::TableQuery::default()
            },
        ),
    ];
    queries
        .into_iter()
        .map(|(name, query)| {
            let mut times: Vec<f64> = (0..11)
                .map(|_| {
                    let start = std::time::Instant::now();
                    let page = desk.table(&query).unwrap();
                    assert!(page.total > 0, "{name}: nothing found");
                    start.elapsed().as_secs_f64() * 1_000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            (name.to_owned(), times[5])
        })
        .collect()
}
