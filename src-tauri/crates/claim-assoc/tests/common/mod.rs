//! Fixtures shared by the association's tests and benches.
#![allow(dead_code, unused_imports)] // each test file uses some of it

// The example claims and the registration numbers are the suite's own
// (`claim_assoc::suite`), so the scenarios and these fixtures agree.
pub use claim_assoc::suite::{
    clock_at, example, incoming_claim, shop_number as registration_number,
};

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
