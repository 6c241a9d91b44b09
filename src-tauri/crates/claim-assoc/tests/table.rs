//! Issue 19: the staff's work table, one page at a time with the query in
//! SQLite: search by name, registration number or claim number; filters
//! for review, errors, missing documents, region, industry, service and
//! amount; every order stable across pages; replaced claims only on asking.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_assoc::desk::{AssocDesk, Incoming, Review};
use claim_assoc::table::{SortColumn, TableQuery, MAX_PAGE};
use common::{example, registration_number};
use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

const INDUSTRIES: [&str; 3] = ["food", "retail", "service"];
const REGIONS: [&str; 2] = ["seoul", "busan"];

/// Shop `n`'s claim: its name, number and trade; every seventh misses its
/// documents, every eleventh names Kakao Pay only, every thirteenth has an
/// error (no period start); sales vary so the amounts differ.
fn shop_claim(n: usize) -> Incoming {
    let mut claim = example("kakao-cake-prior-week");
    claim["business"]["registration_number"] = registration_number(n).into();
    claim["business"]["name"] = format!("가게 {n:03}").into();
    claim["business"]["industry"] = INDUSTRIES[n % 3].into();
    claim["business"]["region"] = REGIONS[n % 2].into();
    for (day, row) in claim["daily_sales"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        if day >= 7 {
            row["amount"] = (100_000 + n * 1_000 + day).into();
        }
    }
    if n.is_multiple_of(7) {
        claim["evidence"] = serde_json::json!([]);
    }
    if n.is_multiple_of(11) {
        claim["affected_services"] = serde_json::json!([{"service": "pay", "paid": true}]);
    }
    if n.is_multiple_of(13) {
        claim.insert(
            "period".into(),
            serde_json::json!({"from": "not a date", "to": "2022-10-21"}),
        );
    }
    Incoming {
        document: claim,
        origin: claim_assoc::desk::Origin {
            source: "test".into(),
            made_at: None,
            pdf: None,
            number: Some(format!("CD-2026-{:06}", 500 + n)),
            customer_details_included: false,
        },
    }
}

fn desk_with(shops: usize) -> (tempfile::TempDir, AssocDesk) {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    desk.take_in((0..shops).map(shop_claim), &|_| {}, &AtomicBool::new(false))
        .unwrap();
    (dir, desk)
}

fn names(desk: &AssocDesk, query: &TableQuery) -> Vec<String> {
    desk.table(query)
        .unwrap()
        .rows
        .into_iter()
        .map(|row| row.facts.business_name.unwrap())
        .collect()
}

#[test]
fn search_finds_a_shop_by_name_registration_number_or_claim_number() {
    let (_dir, desk) = desk_with(40);
    let query = |text: &str| TableQuery {
        text: Some(text.into()),
        ..TableQuery::default()
    };
    assert_eq!(names(&desk, &query("가게 017")), ["가게 017"]);
    // As the certificate shows it, hyphens and all, or its digits.
    let number = registration_number(23);
    assert_eq!(names(&desk, &query(&number)), ["가게 023"]);
    assert_eq!(names(&desk, &query(&number.replace('-', ""))), ["가게 023"]);
    assert_eq!(names(&desk, &query("CD-2026-000531")), ["가게 031"]);
    // Part of a name finds every shop that has it; a wildcard is a letter.
    assert_eq!(desk.table(&query("가게 00")).unwrap().total, 10);
    assert_eq!(desk.table(&query("%")).unwrap().total, 0);
    assert_eq!(desk.table(&query("_")).unwrap().total, 0);
    // Blank text is no search.
    assert_eq!(desk.table(&query("  ")).unwrap().total, 40);
}

#[test]
fn filters_narrow_the_table_and_combine() {
    let (_dir, desk) = desk_with(40);
    let count = |query: TableQuery| desk.table(&query).unwrap().total;
    let all = TableQuery::default();
    assert_eq!(count(all.clone()), 40);
    // Every thirteenth has an error: 0, 13, 26, 39.
    let with_errors = TableQuery {
        errors: Some(true),
        ..all.clone()
    };
    assert_eq!(count(with_errors.clone()), 4);
    assert_eq!(
        count(TableQuery {
            errors: Some(false),
            ..all.clone()
        }),
        36
    );
    // Every seventh misses its documents: 0, 7, …, 35.
    assert_eq!(
        count(TableQuery {
            missing_documents: Some(true),
            ..all.clone()
        }),
        6
    );
    assert_eq!(
        count(TableQuery {
            region: Some("busan".into()),
            ..all.clone()
        }),
        20
    );
    assert_eq!(
        count(TableQuery {
            industry: Some("retail".into()),
            ..all.clone()
        }),
        13
    );
    // Every claim names Kakao Pay; every eleventh (0, 11, 22, 33) only it.
    assert_eq!(
        count(TableQuery {
            service: Some("pay".into()),
            ..all.clone()
        }),
        40
    );
    assert_eq!(
        count(TableQuery {
            service: Some("talk_channel".into()),
            ..all.clone()
        }),
        36
    );
    // Combined: errors and in Seoul (even numbers): 0, 26.
    assert_eq!(
        names(
            &desk,
            &TableQuery {
                region: Some("seoul".into()),
                ..with_errors
            }
        ),
        ["가게 000", "가게 026"]
    );
    // An amount range, both ends included.
    let amounts: Vec<i64> = desk
        .table(&TableQuery {
            errors: Some(false),
            ..all.clone()
        })
        .unwrap()
        .rows
        .iter()
        .map(|row| row.facts.claimed.unwrap())
        .collect();
    let (low, high) = (amounts[5], amounts[9]);
    let (low, high) = (low.min(high), low.max(high));
    let in_range = desk
        .table(&TableQuery {
            claimed_at_least: Some(low),
            claimed_at_most: Some(high),
            ..all.clone()
        })
        .unwrap();
    assert!(in_range.total >= 2);
    assert!(in_range.rows.iter().all(|row| {
        let claimed = row.facts.claimed.unwrap();
        (low..=high).contains(&claimed)
    }));
    assert_eq!(
        in_range.total as usize,
        amounts.iter().filter(|a| (low..=high).contains(a)).count()
    );
}

#[test]
fn every_order_is_stable_across_pages_and_the_pages_cover_the_table() {
    let (_dir, mut desk) = desk_with(45);
    let first = desk.table(&TableQuery::default()).unwrap().rows[0]
        .id
        .clone();
    desk.review(&first, Review::Checked, None).unwrap();
    for sort in [
        SortColumn::Received,
        SortColumn::Claimed,
        SortColumn::Name,
        SortColumn::Number,
        SortColumn::Review,
    ] {
        for descending in [false, true] {
            let whole = desk
                .table(&TableQuery {
                    sort,
                    descending,
                    ..TableQuery::default()
                })
                .unwrap();
            assert_eq!(whole.rows.len(), 45);
            let mut paged = Vec::new();
            for offset in (0..45).step_by(10) {
                let page = desk
                    .table(&TableQuery {
                        sort,
                        descending,
                        offset,
                        limit: 10,
                        ..TableQuery::default()
                    })
                    .unwrap();
                assert_eq!((page.total, page.offset), (45, offset));
                paged.extend(page.rows.into_iter().map(|row| row.id));
            }
            let whole: Vec<String> = whole.rows.into_iter().map(|row| row.id).collect();
            assert_eq!(paged, whole, "{sort:?} descending={descending}");
            assert_eq!(paged.iter().collect::<HashSet<_>>().len(), 45);
        }
    }
    // The orders are what they say.
    let by_name = names(
        &desk,
        &TableQuery {
            sort: SortColumn::Name,
            ..TableQuery::default()
        },
    );
    let mut sorted = by_name.clone();
    sorted.sort();
    assert_eq!(by_name, sorted);
    let by_number = desk
        .table(&TableQuery {
            sort: SortColumn::Number,
            descending: true,
            ..TableQuery::default()
        })
        .unwrap();
    assert_eq!(
        by_number.rows[0].claim_number.as_deref(),
        Some("CD-2026-000544")
    );
    let claimed: Vec<Option<i64>> = desk
        .table(&TableQuery {
            sort: SortColumn::Claimed,
            ..TableQuery::default()
        })
        .unwrap()
        .rows
        .iter()
        .map(|row| row.facts.claimed)
        .collect();
    // Unknown amounts first, smallest to largest after them (the index's
    // order); descending, the same reversed, so the largest come first.
    let unknown = claimed.iter().take_while(|c| c.is_none()).count();
    assert!(unknown > 0, "the fixture has claims without an amount");
    let known: Vec<i64> = claimed[unknown..].iter().map_while(|c| *c).collect();
    assert_eq!(known.len(), claimed.len() - unknown, "{claimed:?}");
    assert!(
        known.windows(2).all(|pair| pair[0] <= pair[1]),
        "{claimed:?}"
    );
    let largest_first: Vec<Option<i64>> = desk
        .table(&TableQuery {
            sort: SortColumn::Claimed,
            descending: true,
            ..TableQuery::default()
        })
        .unwrap()
        .rows
        .iter()
        .map(|row| row.facts.claimed)
        .collect();
    let mut reversed = claimed.clone();
    reversed.reverse();
    assert_eq!(largest_first, reversed);
    let by_review = desk
        .table(&TableQuery {
            sort: SortColumn::Review,
            descending: true,
            ..TableQuery::default()
        })
        .unwrap();
    assert_eq!(by_review.rows[0].id, first, "checked comes after received");
    // A page is at most MAX_PAGE rows; a page past the end is empty.
    let capped = desk
        .table(&TableQuery {
            limit: MAX_PAGE + 1,
            ..TableQuery::default()
        })
        .unwrap();
    assert_eq!(capped.rows.len(), 45);
    let past = desk
        .table(&TableQuery {
            offset: 1_000,
            ..TableQuery::default()
        })
        .unwrap();
    assert_eq!((past.total, past.rows.len()), (45, 0));
}

#[test]
fn replaced_claims_show_only_when_asked_for() {
    let (_dir, mut desk) = desk_with(5);
    // Shop 3 files again, corrected: the newer one replaces the first.
    let mut again = shop_claim(3);
    again
        .document
        .insert("narrative".into(), "다시 냅니다".into());
    again.origin.number = Some("CD-2026-000900".into());
    desk.take_in([again], &|_| {}, &AtomicBool::new(false))
        .unwrap();
    let current = desk.table(&TableQuery::default()).unwrap();
    assert_eq!(current.total, 5);
    assert!(current
        .rows
        .iter()
        .any(|row| row.claim_number.as_deref() == Some("CD-2026-000900")));
    assert!(!current
        .rows
        .iter()
        .any(|row| row.claim_number.as_deref() == Some("CD-2026-000503")));
    let all = desk
        .table(&TableQuery {
            all: true,
            ..TableQuery::default()
        })
        .unwrap();
    assert_eq!(all.total, 6);
}

type Matches = Box<dyn Fn(&claim_assoc::desk::ReceivedClaim) -> bool>;

/// Beyond 2,000 matches a page is read by walking the order's index, below
/// by sorting the matches: both give the rows a plain sort of every match
/// would, for a broad search, a narrow one and a filter.
#[test]
fn many_matches_and_few_give_the_same_rows_as_sorting_them_all() {
    let (_dir, desk) = desk_with(2_100);
    let everything = desk.list(false).unwrap();
    let cases: [(TableQuery, Matches); 3] = [
        (
            // Every shop is named 가게 …: 2,100 matches.
            TableQuery {
                text: Some("가게".into()),
                ..TableQuery::default()
            },
            Box::new(|_| true),
        ),
        (
            TableQuery {
                text: Some("가게 20".into()),
                ..TableQuery::default()
            },
            Box::new(|row| {
                row.facts
                    .business_name
                    .as_deref()
                    .is_some_and(|name| name.contains("가게 20"))
            }),
        ),
        (
            TableQuery {
                region: Some("busan".into()),
                errors: Some(false),
                ..TableQuery::default()
            },
            Box::new(|row| {
                row.facts.region.as_deref() == Some("busan") && row.facts.error_count == 0
            }),
        ),
    ];
    for (query, matches) in cases {
        let mut expected: Vec<&claim_assoc::desk::ReceivedClaim> =
            everything.iter().filter(|row| matches(row)).collect();
        expected.sort_by(|a, b| {
            b.facts
                .business_name
                .cmp(&a.facts.business_name)
                .then(b.received_at.cmp(&a.received_at))
        });
        for offset in [0_u64, 100, 1_030] {
            let page = desk
                .table(&TableQuery {
                    sort: SortColumn::Name,
                    descending: true,
                    offset,
                    limit: 50,
                    ..query.clone()
                })
                .unwrap();
            assert_eq!(page.total, expected.len() as u64, "{query:?}");
            let want: Vec<&str> = expected
                .iter()
                .skip(offset as usize)
                .take(50)
                .map(|row| row.id.as_str())
                .collect();
            let got: Vec<&str> = page.rows.iter().map(|row| row.id.as_str()).collect();
            assert_eq!(got, want, "{query:?} at {offset}");
        }
    }
}
