//! The association's rules as every store must keep them: one scenario a
//! function, each on a fresh, empty desk. `claim-assoc` runs them on
//! SQLite (`tests/desk.rs`), `claimdesk-server` on PostgreSQL
//! (`tests/store_suite.rs`); a store passes when all of [`scenarios`] do.
//! (Feature `store-suite`: test code, never in a program.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::bundle::{write_bundle, Bundle, OutgoingClaim};
use crate::desk::{Desk, DeskError, HeldState, Incoming, Origin, Review, Store};
use crate::reply::Signer;
use claim_core::answer::{Answers, Receipt};
use claim_core::signature::TrustedKey;
use claim_core::{Failure, Lang};
use std::io::Cursor;
use std::sync::atomic::{AtomicBool, Ordering};

/// A scenario: its name, and the run on a fresh desk.
pub type Scenario<S> = (&'static str, fn(Desk<S>));

/// Every scenario, by name. Each is private to this module, so one left
/// out of the list is dead code, which the build refuses.
macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        pub fn scenarios<S: Store>() -> Vec<Scenario<S>> {
            vec![$((stringify!($name), $name::<S> as fn(Desk<S>)),)*]
        }
    };
}

scenarios![
    the_next_claim_is_each_staff_members_own_for_a_while,
    search_finds_a_shop_by_name_registration_number_or_claim_number,
    filters_narrow_the_table_and_combine,
    every_order_is_stable_across_pages_and_the_pages_cover_the_table,
    replaced_claims_show_only_when_asked_for,
    many_matches_and_few_give_the_same_rows_as_sorting_them_all,
    a_desk_moved_in_keeps_everything_and_a_second_move_changes_nothing,
    the_export_has_a_line_per_current_claim_masked_unless_the_owner_opted_in,
    the_newest_claim_of_a_business_for_an_outage_is_kept_and_the_differences_shown,
    the_staff_review_moves_received_checked_forwarded_or_returned_with_a_reason,
    the_same_claims_taken_in_twice_are_kept_once,
    a_cancelled_intake_keeps_nothing,
    a_correction_that_changes_the_bank_account_waits_for_the_staff,
    two_senders_for_one_business_both_wait_and_neither_is_current,
    a_made_at_that_is_not_a_time_counts_for_nothing,
    each_received_claim_gets_the_associations_own_number,
    a_move_on_an_outdated_copy_is_refused_with_who_and_when,
    a_receipt_names_the_claim_as_received_and_is_issued_once,
    answers_tell_each_shop_its_review_and_a_return_its_reason,
    answers_about_the_claims_a_key_sent_since_a_cursor,
    a_submission_answers_each_claim_and_a_retry_is_unchanged,
    customer_details_go_after_the_retention_time_or_at_once,
];

/// One of the contract's example claims, as a JSON object.
pub fn example(name: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = format!(
        "{}/../../../tests/fixtures/examples/{name}.claim.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The cake shop's claim as shop `shop` (its own id and registration
/// number), as a shop's app puts it in a bundle.
pub fn outgoing_of_shop(shop: usize) -> OutgoingClaim {
    let mut document = example("kakao-cake-prior-week");
    document.insert(
        "id".into(),
        format!("0192f5c4-7d2a-7b3c-9f1e-{shop:012}").into(),
    );
    document["business"]["registration_number"] = shop_number(shop).into();
    OutgoingClaim {
        document: serde_json::Value::Object(document),
        number: format!("CD-2026-{shop:06}"),
        status: "exported".into(),
        updated_at: "2026-12-01T00:00:00Z".into(),
        pdf: None,
    }
}

/// A bundle of [`outgoing_of_shop`] for the shops `shops`, the same bytes
/// each time: what a desk or a server is given to take in.
pub fn bundle_of_shops(shops: std::ops::Range<usize>) -> Vec<u8> {
    let claims: Vec<OutgoingClaim> = shops.map(outgoing_of_shop).collect();
    write_bundle(
        Cursor::new(Vec::new()),
        &claims,
        "2026-12-01T00:00:00Z",
        false,
    )
    .unwrap()
    .into_inner()
}

/// The cake shop's claim as another business (registration number, name).
pub fn shop(
    number: &str,
    name: &str,
    industry: &str,
    region: &str,
) -> serde_json::Map<String, serde_json::Value> {
    let mut claim = example("kakao-cake-prior-week");
    claim["business"]["registration_number"] = number.into();
    claim["business"]["name"] = name.into();
    claim["business"]["industry"] = industry.into();
    claim["business"]["region"] = region.into();
    claim
}

pub fn incoming(
    document: serde_json::Map<String, serde_json::Value>,
    made_at: Option<&str>,
) -> Incoming {
    Incoming {
        document,
        origin: Origin {
            source: "test".into(),
            made_at: made_at.map(str::to_owned),
            pdf: None,
            number: None,
            customer_details_included: false,
        },
    }
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
pub fn incoming_claim(id: Option<&str>, number: &str) -> Incoming {
    let mut document = example("kakao-cake-prior-week");
    match id {
        Some(id) => document.insert("id".into(), id.into()),
        None => document.remove("id"),
    };
    document["business"]["registration_number"] = number.into();
    Incoming {
        document,
        origin: Origin {
            source: "test".into(),
            made_at: None,
            pdf: None,
            number: Some("CD-2022-000001".into()),
            customer_details_included: false,
        },
    }
}

/// The shop's own claim (one line: versions share the claim id).
pub fn of_line(
    mut claim: serde_json::Map<String, serde_json::Value>,
    line: &str,
) -> serde_json::Map<String, serde_json::Value> {
    claim.insert("id".into(), line.into());
    claim
}

// Valid registration numbers (checksums hold).
const CAKE: &str = "105-23-45674";
const BAKERY: &str = "120-81-47521";
/// The real shop's claim id, and a stranger's for the same business.
pub const REAL: &str = "0192f5c4-0000-7000-8000-000000000001";
pub const STRANGER: &str = "0192f5c4-0000-7000-8000-0000000000ff";
const THIRD: &str = "0192f5c4-0000-7000-8000-0000000000ee";

/// The claims the statistics count: current and not waiting.
pub fn current_ids<S: Store>(desk: &Desk<S>) -> Vec<String> {
    desk.list(false)
        .unwrap()
        .into_iter()
        .filter(|claim| claim.held_state != Some(HeldState::Held))
        .map(|claim| claim.id)
        .collect()
}

/// Ten claims of ten shops, taken in, then the same ten again with one
/// more: the second intake keeps only the new one, and the desk is as one
/// intake of the eleven would leave it.
fn the_same_claims_taken_in_twice_are_kept_once<S: Store>(mut desk: Desk<S>) {
    let claims = |n: usize| -> Vec<Incoming> {
        (0..n)
            .map(|i| {
                incoming_claim(
                    Some(&format!("0192f5c4-0000-7000-8000-{i:012}")),
                    &shop_number(i),
                )
            })
            .collect()
    };
    let cancel = AtomicBool::new(false);
    let first = desk.take_in(claims(10), &|_| {}, &cancel).unwrap();
    assert_eq!((first.received, first.already), (10, 0));
    let second = desk.take_in(claims(11), &|_| {}, &cancel).unwrap();
    assert_eq!((second.received, second.already), (1, 10));
    let all = desk.list(true).unwrap();
    assert_eq!(all.len(), 11);
    let mut numbers: Vec<String> = all.iter().filter_map(|c| c.intake_number.clone()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 11, "one number each, none given twice");
}

/// A valid registration number for shop `n` (the checksum of spec §6).
pub fn shop_number(n: usize) -> String {
    let mut digits: Vec<u32> = format!("{:09}", 100_000_000 + n * 7)
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    digits[3] = 8;
    let weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() + digits[8] * 5 / 10;
    digits.push((10 - sum % 10) % 10);
    let text: String = digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap())
        .collect();
    format!("{}-{}-{}", &text[..3], &text[3..5], &text[5..])
}

fn the_newest_claim_of_a_business_for_an_outage_is_kept_and_the_differences_shown<S: Store>(
    mut desk: Desk<S>,
) {
    let first = shop(CAKE, "행복케이크", "food", "seoul");
    let mut second = first.clone();
    second["daily_sales"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .for_each(|row| {
            if row["date"] == "2022-10-15" {
                row["amount"] = 300_000.into();
            }
        });
    // The same business written differently is the same business.
    second["business"]["registration_number"] = "1052345674".into();
    let other = shop(BAKERY, "빵집", "food", "busan");
    let cancel = AtomicBool::new(false);
    // The newer claim arrives first; made_at decides, not arrival.
    let count = desk
        .take_in(
            vec![
                incoming(second, Some("2026-11-22T00:00:00Z")),
                incoming(other, None),
                incoming(first.clone(), Some("2026-11-20T00:00:00Z")),
            ],
            &|_| {},
            &cancel,
        )
        .unwrap();
    assert_eq!((count.received, count.superseded), (3, 1));
    let current = desk.list(false).unwrap();
    assert_eq!(current.len(), 2);
    let kept = current
        .iter()
        .find(|c| c.facts.business_name.as_deref() == Some("행복케이크"))
        .unwrap();
    assert_eq!(kept.made_at.as_deref(), Some("2026-11-22T00:00:00.000Z"));
    let replaced = desk.replaced(&kept.id, claim_core::Lang::Ko).unwrap();
    assert_eq!(replaced.len(), 1);
    let was = desk.document(&replaced[0].0.id).unwrap()["daily_sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["date"] == "2022-10-15")
        .unwrap()["amount"]
        .as_i64()
        .unwrap();
    // In the form's words, with the values (issue 19).
    assert_eq!(
        replaced[0].1,
        [
            "사업자등록번호: 105-23-45674에서 1052345674로".to_owned(),
            format!(
                "2022년 10월 15일 매출: {}원에서 300,000원으로",
                claim_core::money::group_thousands(was)
            ),
        ]
    );
    let english = desk.replaced(&kept.id, claim_core::Lang::En).unwrap();
    assert!(
        english[0].1[1].starts_with("sales on 15 Oct 2022: "),
        "{:?}",
        english[0].1
    );
    assert_eq!(desk.list(true).unwrap().len(), 3);

    // Exactly the same claim again is not kept twice.
    let again = desk
        .take_in(
            vec![incoming(first, Some("2026-11-20T00:00:00Z"))],
            &|_| {},
            &cancel,
        )
        .unwrap();
    assert_eq!((again.received, again.already), (0, 1));
}

fn a_cancelled_intake_keeps_nothing<S: Store>(mut desk: Desk<S>) {
    let cancel = AtomicBool::new(false);
    let claims: Vec<Incoming> = (0..50)
        .map(|i| {
            let mut claim = shop(CAKE, "행복케이크", "food", "seoul");
            claim["narrative"] = format!("{i}").into();
            claim["incident"] = serde_json::json!({"start": format!("2022-10-{:02}T10:00:00+09:00", 1 + i % 28), "end": format!("2022-10-{:02}T12:00:00+09:00", 1 + i % 28)});
            incoming(claim, None)
        })
        .collect();
    let error = desk
        .take_in(
            claims,
            &|handled| {
                if handled == 20 {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap_err();
    assert!(matches!(error, DeskError::Cancelled));
    assert_eq!(error.code(), "E_CANCELLED");
    assert!(desk.list(true).unwrap().is_empty(), "nothing half-imported");
    // The desk still works afterwards.
    let count = desk
        .take_in(
            vec![incoming(example("kakao-cake-prior-week"), None)],
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(count.received, 1);
}

fn the_staff_review_moves_received_checked_forwarded_or_returned_with_a_reason<S: Store>(
    mut desk: Desk<S>,
) {
    desk.take_in(
        vec![incoming(example("kakao-cake-prior-week"), None)],
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let id = desk.list(false).unwrap()[0].id.clone();
    let refused = desk.review(&id, Review::Forwarded, None).unwrap_err();
    assert!(matches!(refused, DeskError::Transition { .. }));
    // In the staff's words, the particle chosen by the status's name.
    assert_eq!(
        claim_core::Failure::message(&refused, claim_core::Lang::Ko),
        "검토 상태를 ‘접수’에서 ‘전달함’으로 바꿀 수 없습니다."
    );
    assert!(matches!(
        desk.review(&id, Review::Returned, Some("  ")),
        Err(DeskError::ReasonNeeded)
    ));
    let returned = desk
        .review(&id, Review::Returned, Some("통장 사본이 없습니다"))
        .unwrap();
    assert_eq!(returned.review, Review::Returned);
    assert_eq!(
        returned.review_note.as_deref(),
        Some("통장 사본이 없습니다")
    );
    desk.review(&id, Review::Received, None).unwrap();
    desk.review(&id, Review::Checked, None).unwrap();
    let forwarded = desk.review(&id, Review::Forwarded, None).unwrap();
    assert_eq!(forwarded.review, Review::Forwarded);
    assert_eq!(
        desk.note(&id, "카카오에 전달 (11/25)")
            .unwrap()
            .review_note
            .as_deref(),
        Some("카카오에 전달 (11/25)")
    );
    assert_eq!(desk.get(&id).unwrap().review, Review::Forwarded);
    // Every move is in the log, oldest first; the note moved nothing.
    let moves: Vec<(String, String)> = desk
        .review_log(&id)
        .unwrap()
        .into_iter()
        .map(|entry| (entry.from, entry.to))
        .collect();
    let step = |from: &str, to: &str| (from.to_owned(), to.to_owned());
    assert_eq!(
        moves,
        [
            step("received", "returned"),
            step("returned", "received"),
            step("received", "checked"),
            step("checked", "forwarded"),
        ]
    );
}

/// A later version of the shop's own claim (the same claim id) that
/// changes where the money goes or who answers for it waits for the staff
/// instead of replacing the current claim; a forged future date is capped.
fn a_correction_that_changes_the_bank_account_waits_for_the_staff<S: Store>(mut desk: Desk<S>) {
    // The desk's clock, not today's: the corrections below are made "now".
    desk.set_clock(clock_at("2026-11-25T09:00:00+09:00"));
    let cancel = AtomicBool::new(false);
    let real = of_line(shop(CAKE, "행복케이크", "food", "seoul"), REAL);
    let mut changed = real.clone();
    changed["business"]["bank"]["account"] = "999-99-999999".into();
    changed["business"]["phone"] = "010-0000-0000".into();
    desk.take_in(
        vec![incoming(real.clone(), Some("2026-11-20T00:00:00Z"))],
        &|_| {},
        &cancel,
    )
    .unwrap();
    let count = desk
        .take_in(
            vec![incoming(changed, Some("9999-12-31T00:00:00Z"))],
            &|_| {},
            &cancel,
        )
        .unwrap();
    assert_eq!(
        (
            count.received,
            count.superseded,
            count.held,
            count.two_senders
        ),
        (1, 0, 1, 0)
    );
    let listed = desk.list(false).unwrap();
    assert_eq!(
        listed.len(),
        2,
        "both shown: the current claim and the held one"
    );
    let current = listed
        .iter()
        .find(|c| c.held_state.is_none())
        .unwrap()
        .clone();
    let held = listed
        .iter()
        .find(|c| c.held_state == Some(HeldState::Held))
        .unwrap()
        .clone();
    assert!(!held.two_senders);
    assert_eq!(
        held.held_changes,
        ["/business/bank/account", "/business/phone"]
    );
    assert!(held.superseded_by.is_none() && current.superseded_by.is_none());
    let made = held.made_at.clone().unwrap();
    assert!(
        made <= held.received_at && !made.starts_with("9999"),
        "{made}"
    );
    assert_eq!(current_ids(&desk), std::slice::from_ref(&current.id));

    // Another correction keeping the account replaces the current claim at
    // once; the held one still waits.
    let mut corrected = real.clone();
    corrected["narrative"] = "정정: 토요일 예약 두 건 추가".into();
    let count = desk
        .take_in(
            vec![incoming(corrected, Some("2026-11-25T00:00:00Z"))],
            &|_| {},
            &cancel,
        )
        .unwrap();
    assert_eq!((count.superseded, count.held), (1, 0));
    let correction = desk
        .list(false)
        .unwrap()
        .into_iter()
        .find(|c| c.held_state.is_none())
        .unwrap();
    assert_eq!(
        desk.get(&current.id).unwrap().superseded_by,
        Some(correction.id.clone())
    );
    assert_eq!(
        desk.get(&held.id).unwrap().held_state,
        Some(HeldState::Held)
    );

    // Dismissed, the held claim is an older one of the current.
    let dismissed = desk.decide_held(&held.id, false).unwrap();
    assert_eq!(dismissed.held_state, Some(HeldState::Dismissed));
    assert_eq!(dismissed.superseded_by, Some(correction.id.clone()));
    assert_eq!(desk.list(false).unwrap().len(), 1);
    let again = desk.decide_held(&held.id, true).unwrap_err();
    assert!(matches!(again, DeskError::NotHeld));
    assert_eq!(again.code().as_str(), "E_ASSOC_NOT_HELD");

    // A genuine change of account, applied by the staff, becomes current.
    let mut moved = real;
    moved["business"]["bank"]["name"] = "신한은행".into();
    desk.take_in(
        vec![incoming(moved, Some("2026-11-25T00:00:00Z"))],
        &|_| {},
        &cancel,
    )
    .unwrap();
    let waiting = desk
        .list(false)
        .unwrap()
        .into_iter()
        .find(|c| c.held_state == Some(HeldState::Held))
        .unwrap();
    assert_eq!(waiting.held_changes, ["/business/bank/name"]);
    let applied = desk.decide_held(&waiting.id, true).unwrap();
    assert_eq!(applied.held_state, Some(HeldState::Applied));
    assert!(applied.superseded_by.is_none());
    assert_eq!(
        desk.get(&correction.id).unwrap().superseded_by,
        Some(applied.id.clone())
    );
    assert_eq!(desk.list(false).unwrap().len(), 1);
}

/// Issue 35 §3: a stranger who knows a shop's public registration number
/// and sends first does not become current with his bank account, and the
/// real shop's claim is not "held" behind it: both wait, flagged, out of
/// the statistics and the exports, until the staff decide.
fn two_senders_for_one_business_both_wait_and_neither_is_current<S: Store>(mut desk: Desk<S>) {
    let cancel = AtomicBool::new(false);
    let real = of_line(shop(CAKE, "행복케이크", "food", "seoul"), REAL);
    let mut forged = of_line(real.clone(), STRANGER);
    forged["business"]["bank"]["account"] = "999-99-999999".into();
    desk.take_in(
        vec![
            incoming(forged, Some("2026-11-19T00:00:00Z")),
            incoming(shop(BAKERY, "빵집", "food", "busan"), None),
        ],
        &|_| {},
        &cancel,
    )
    .unwrap();
    assert_eq!(
        current_ids(&desk).len(),
        2,
        "the stranger alone: no one to doubt yet"
    );
    let count = desk
        .take_in(
            vec![incoming(real.clone(), Some("2026-11-20T00:00:00Z"))],
            &|_| {},
            &cancel,
        )
        .unwrap();
    assert_eq!((count.two_senders, count.held), (1, 0));
    let waiting: Vec<_> = desk
        .list(false)
        .unwrap()
        .into_iter()
        .filter(|c| c.two_senders)
        .collect();
    assert_eq!(waiting.len(), 2, "{waiting:?}");
    assert!(waiting
        .iter()
        .all(|c| c.held_state == Some(HeldState::Held) && c.superseded_by.is_none()));
    let bakery_only = current_ids(&desk);
    assert_eq!(bakery_only.len(), 1);
    assert!(!waiting.iter().any(|c| c.id == bakery_only[0]));
    let stats = crate::stats::stats(&desk, Lang::Ko).unwrap();
    assert_eq!((stats.claims, stats.two_senders), (1, 1));
    let csv = crate::stats::write_csv(&desk, Vec::new(), Lang::Ko).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(!csv.contains("행복케이크") && csv.contains("빵집"), "{csv}");
    use calamine::Reader;
    let xlsx = crate::stats::write_xlsx(&desk, Lang::Ko).unwrap();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    let summary = workbook.worksheet_range("통계").unwrap();
    let first = summary.get_value((0, 0)).unwrap().to_string();
    assert!(
        first.contains("같은 사업장을 두 곳에서 청구함") && first.contains("1곳"),
        "{first}"
    );
    // Each is compared with the other sender's claim.
    let real_row = waiting
        .iter()
        .find(|c| c.facts.claim_id.as_deref() == Some(REAL))
        .unwrap();
    let compared = desk.held_comparison(&real_row.id, Lang::Ko).unwrap();
    assert_eq!(compared.len(), 1);
    assert_eq!(
        (compared[0].before.as_deref(), compared[0].after.as_deref()),
        (Some("999-99-999999"), Some("123456-01-234567"))
    );

    // The real shop's correction takes its line's place; still waiting.
    let mut corrected = real.clone();
    corrected["narrative"] = "정정".into();
    desk.take_in(
        vec![incoming(corrected, Some("2026-11-21T00:00:00Z"))],
        &|_| {},
        &cancel,
    )
    .unwrap();
    assert_eq!(current_ids(&desk), bakery_only);
    let heads: Vec<_> = desk
        .list(false)
        .unwrap()
        .into_iter()
        .filter(|c| c.two_senders)
        .collect();
    assert_eq!(heads.len(), 2, "one claim per sender listed: {heads:?}");
    let stranger_head = heads
        .iter()
        .find(|c| c.facts.claim_id.as_deref() == Some(STRANGER))
        .unwrap();
    let real_head = heads
        .iter()
        .find(|c| c.facts.claim_id.as_deref() == Some(REAL))
        .unwrap();
    assert_ne!(real_head.id, real_row.id);

    // Setting the stranger aside leaves one sender: the real shop's newest
    // claim becomes current.
    let set_aside = desk.decide_held(&stranger_head.id, false).unwrap();
    assert_eq!(set_aside.held_state, Some(HeldState::Dismissed));
    let mut now_current = current_ids(&desk);
    now_current.sort();
    let mut expected = vec![bakery_only[0].clone(), real_head.id.clone()];
    expected.sort();
    assert_eq!(now_current, expected);
    assert_eq!(crate::stats::stats(&desk, Lang::Ko).unwrap().two_senders, 0);
    let log = desk.review_log(&stranger_head.id).unwrap();
    assert!(
        log.iter()
            .any(|e| e.note.as_deref() == Some("two senders set aside")),
        "{log:?}"
    );

    // A third sender, dated before everything, with yet another account:
    // the business waits again; choosing the real shop sets it aside.
    let mut third = of_line(real, THIRD);
    third["business"]["bank"]["account"] = "777-77-777777".into();
    desk.take_in(
        vec![incoming(third, Some("2020-01-01T00:00:00Z"))],
        &|_| {},
        &cancel,
    )
    .unwrap();
    assert_eq!(current_ids(&desk), bakery_only);
    let chosen = desk.decide_held(&real_head.id, true).unwrap();
    assert_eq!(chosen.held_state, Some(HeldState::Applied));
    assert!(chosen.superseded_by.is_none());
    let third_row = desk
        .list(true)
        .unwrap()
        .into_iter()
        .find(|c| c.facts.claim_id.as_deref() == Some(THIRD))
        .unwrap();
    assert_eq!(third_row.held_state, Some(HeldState::Dismissed));
    assert_eq!(third_row.superseded_by, Some(chosen.id.clone()));
    assert!(current_ids(&desk).contains(&chosen.id));
}

/// A time that does not read as one is not believed at all: arrival decides.
fn a_made_at_that_is_not_a_time_counts_for_nothing<S: Store>(mut desk: Desk<S>) {
    let cancel = AtomicBool::new(false);
    let first = shop(CAKE, "행복케이크", "food", "seoul");
    let mut second = first.clone();
    second["narrative"] = "두 번째".into();
    desk.take_in(
        vec![
            incoming(first, Some("2026-11-20T00:00:00Z")),
            incoming(second, Some("내일")),
        ],
        &|_| {},
        &cancel,
    )
    .unwrap();
    let current = desk.list(false).unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].made_at, None);
}

/// Issue 36, item 10: every shop counts from CD-2022-000001, so the
/// association numbers what it receives: one `RX-<year of intake>-<n>` per
/// claim id, kept by a corrected version, counted per year by the desk's
/// clock; a claim without an id is its own.
fn each_received_claim_gets_the_associations_own_number<S: Store>(mut desk: Desk<S>) {
    let at = clock_at;
    // 31 Dec 2022, 23:30 in Korea (14:30 UTC): still 2022's.
    desk.set_clock(at("2022-12-31T23:30:00+09:00"));
    let claim = |id: &str, number: &str| incoming_claim(Some(id), number);
    let no_cancel = std::sync::atomic::AtomicBool::new(false);
    desk.take_in(
        vec![
            claim("0192f5c4-0000-7000-8000-000000000001", "105-23-45674"),
            claim("0192f5c4-0000-7000-8000-000000000002", "220-81-62517"),
        ],
        &|_| {},
        &no_cancel,
    )
    .unwrap();
    // A new year (Korea time); a corrected version of the first, a new
    // claim, and one without an id.
    desk.set_clock(at("2023-01-01T00:10:00+09:00"));
    let mut corrected = claim("0192f5c4-0000-7000-8000-000000000001", "105-23-45674");
    corrected
        .document
        .insert("narrative".into(), "고쳐서 다시 냅니다".into());
    let without_id = incoming_claim(None, "314-86-50154");
    desk.take_in(
        vec![
            corrected,
            claim("0192f5c4-0000-7000-8000-000000000003", "314-86-50154"),
            without_id,
        ],
        &|_| {},
        &no_cancel,
    )
    .unwrap();
    let mut numbers: Vec<(Option<String>, Option<String>)> = desk
        .list(true)
        .unwrap()
        .into_iter()
        .map(|c| (c.facts.claim_id.clone(), c.intake_number.clone()))
        .collect();
    numbers.sort();
    let rx = |n: &str| Some(n.to_owned());
    assert_eq!(
        numbers,
        vec![
            (None, rx("RX-2023-000002")),
            (
                rx("0192f5c4-0000-7000-8000-000000000001"),
                rx("RX-2022-000001")
            ),
            (
                rx("0192f5c4-0000-7000-8000-000000000001"),
                rx("RX-2022-000001")
            ),
            (
                rx("0192f5c4-0000-7000-8000-000000000002"),
                rx("RX-2022-000002")
            ),
            (
                rx("0192f5c4-0000-7000-8000-000000000003"),
                rx("RX-2023-000001")
            ),
        ]
    );
}

/// Two staff read the same claim; the first moves it; the second's move,
/// made on the copy read before, is refused with who moved it and when,
/// and nothing of it is written. Read again, the move goes through.
fn a_move_on_an_outdated_copy_is_refused_with_who_and_when<S: Store>(mut desk: Desk<S>) {
    desk.set_clock(clock_at("2026-11-25T14:03:00+09:00"));
    desk.take_in(
        vec![incoming(example("kakao-cake-prior-week"), None)],
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let read = desk.list(false).unwrap().remove(0);
    desk.set_actor(Some("김민지".into()));
    let moved = desk
        .review_seen(&read.id, Review::Checked, None, Some(read.review_version))
        .unwrap();
    assert_eq!(moved.review_version, read.review_version + 1);

    desk.set_actor(Some("박서준".into()));
    let refused = desk
        .review_seen(
            &read.id,
            Review::Returned,
            Some("통장 사본 없음"),
            Some(read.review_version),
        )
        .unwrap_err();
    match &refused {
        DeskError::Stale { actor, at } => {
            assert_eq!(actor.as_deref(), Some("김민지"));
            assert!(at.starts_with("2026-11-25T05:03"), "{at}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(refused.code().as_str(), "E_ASSOC_STALE");
    assert!(
        refused
            .message(Lang::Ko)
            .starts_with("김민지님이 2026-11-25 14:03에 이 청구서를 먼저 바꾸었습니다."),
        "{}",
        refused.message(Lang::Ko)
    );
    let unchanged = desk.get(&read.id).unwrap();
    assert_eq!(
        (unchanged.review, unchanged.review_note.as_deref()),
        (Review::Checked, None)
    );

    // On the copy read now, the move is made, and logged as theirs.
    let returned = desk
        .review_seen(
            &read.id,
            Review::Returned,
            Some("통장 사본 없음"),
            Some(unchanged.review_version),
        )
        .unwrap();
    assert_eq!(returned.review, Review::Returned);
    let actors: Vec<Option<String>> = desk
        .review_log(&read.id)
        .unwrap()
        .into_iter()
        .map(|entry| entry.actor)
        .collect();
    assert_eq!(
        actors,
        [Some("김민지".to_owned()), Some("박서준".to_owned())]
    );
}

// Receipts and answers (issue 19).

const SECRET: [u8; 32] = [3; 32];

fn signer() -> Signer<'static> {
    Signer {
        secret_key: &SECRET,
        issuer: "소상공인연합회",
    }
}

fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().unwrap()
}

/// A bundle of shops 1..=n (shop 2 with no registration number), taken in.
fn desk_from_bundle<S: Store>(desk: &mut Desk<S>, n: usize) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let claims: Vec<OutgoingClaim> = (1..=n)
        .map(|shop| {
            let mut claim = outgoing_of_shop(shop);
            claim.document["business"]["name"] = format!("가게 {shop}").into();
            if shop == 2 {
                claim.document["business"]["registration_number"] = serde_json::Value::Null;
            }
            claim
        })
        .collect();
    let file = dir.path().join("묶음.zip");
    write_bundle(
        std::fs::File::create(&file).unwrap(),
        &claims,
        "2026-12-01T00:00:00Z",
        false,
    )
    .unwrap();
    // What the shop's manifest records of each line, in line order.
    let mut line_shas = Vec::new();
    Bundle::open(std::fs::File::open(&file).unwrap())
        .unwrap()
        .for_each_claim(|claim| {
            line_shas.push(claim.unwrap().entry.unwrap().json_sha256);
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
    // The desk's clock, as the app sets it: the day the tests' receipts
    // and answers are issued on, whatever day the tests run.
    desk.set_clock(claim_store::Clock::starting_at(at("2026-12-04T12:00:00Z")).unwrap());
    let report = crate::intake::take_in_files(
        desk,
        &[file],
        claim_core::Lang::Ko,
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.count.received, n);
    (dir, line_shas)
}

fn a_receipt_names_the_claim_as_received_and_is_issued_once<S: Store>(mut desk: Desk<S>) {
    let (_dir, line_shas) = desk_from_bundle(&mut desk, 3);
    let claims = desk.list(false).unwrap();
    let first = claims
        .iter()
        .find(|c| c.claim_number.as_deref() == Some("CD-2026-000001"))
        .unwrap();
    let issued = desk
        .issue_receipt(&first.id, &signer(), at("2026-12-04T16:30:00Z"))
        .unwrap();
    assert!(issued.new);
    // Received by the desk's clock, so never after the receipt was issued.
    assert!(
        claim_core::dates::parse_instant(&issued.receipt.received_at)
            <= claim_core::dates::parse_instant(&issued.receipt.issued_at),
        "{} / {}",
        issued.receipt.received_at,
        issued.receipt.issued_at
    );
    // 16:30 UTC on 4 Dec 2026 is already 5 Dec in Korea: still 2026's first.
    assert_eq!(issued.receipt.receipt_number, "RC-2026-000001");
    assert_eq!(
        issued.receipt.claim_number.as_deref(),
        Some("CD-2026-000001")
    );
    assert_eq!(
        issued.receipt.registration_number,
        shop_number(1).replace('-', "")
    );
    assert_eq!(issued.receipt.claimed, first.facts.claimed);
    assert_eq!(issued.receipt.received_at, first.received_at);
    // The SHA-256 is of the claim's line in the bundle, as the shop's
    // manifest recorded it.
    assert_eq!(issued.receipt.claim_sha256, line_shas[0]);
    // The file opens for a shop that trusts the key; the fingerprint is the key's.
    let key = TrustedKey::of_secret("소상공인연합회", &SECRET);
    let opened = Receipt::open(&issued.file, std::slice::from_ref(&key)).unwrap();
    assert_eq!(opened.content, issued.receipt);
    assert_eq!(issued.fingerprint, key.fingerprint());
    // Asked again: the same file, not a new number.
    let again = desk
        .issue_receipt(&first.id, &signer(), at("2026-12-06T00:00:00Z"))
        .unwrap();
    assert!(!again.new);
    assert_eq!(again.file, issued.file);
    // The next claim gets the next number, and the log says so.
    let third = claims
        .iter()
        .find(|c| c.claim_number.as_deref() == Some("CD-2026-000003"))
        .unwrap();
    let next = desk
        .issue_receipt(&third.id, &signer(), at("2026-12-05T00:00:00Z"))
        .unwrap();
    assert_eq!(next.receipt.receipt_number, "RC-2026-000002");
    let log = desk.review_log(&third.id).unwrap();
    assert_eq!(
        log.last().unwrap().note.as_deref(),
        Some("receipt RC-2026-000002")
    );
    // A claim without a registration number gets none.
    let second = claims
        .iter()
        .find(|c| c.claim_number.as_deref() == Some("CD-2026-000002"))
        .unwrap();
    assert!(matches!(
        desk.issue_receipt(&second.id, &signer(), at("2026-12-05T00:00:00Z")),
        Err(DeskError::NotReceiptable)
    ));
}

fn answers_tell_each_shop_its_review_and_a_return_its_reason<S: Store>(mut desk: Desk<S>) {
    let (_dir, _) = desk_from_bundle(&mut desk, 4);
    let claims = desk.list(false).unwrap();
    let by_number = |n: usize| {
        claims
            .iter()
            .find(|c| c.claim_number.as_deref() == Some(format!("CD-2026-{n:06}").as_str()))
            .unwrap()
            .id
            .clone()
    };
    desk.review(
        &by_number(1),
        Review::Checked,
        Some("서류 확인함 (내부 메모)"),
    )
    .unwrap();
    desk.review(&by_number(1), Review::Forwarded, None).unwrap();
    desk.review(
        &by_number(3),
        Review::Returned,
        Some("매출 증빙이 빠졌습니다."),
    )
    .unwrap();
    desk.issue_receipt(&by_number(1), &signer(), at("2026-12-05T00:00:00Z"))
        .unwrap();
    let (answers, file) = desk
        .answers(None, &signer(), at("2026-12-05T01:00:00Z"))
        .unwrap();
    // Shop 2 has no registration number: no shop could match its answer.
    assert_eq!(answers.answers.len(), 3);
    let of = |n: usize| {
        answers
            .answers
            .iter()
            .find(|a| a.claim_number.as_deref() == Some(format!("CD-2026-{n:06}").as_str()))
            .unwrap()
    };
    assert_eq!(of(1).status, Review::Forwarded);
    assert_eq!(of(1).reason, None, "the staff's own note stays at the desk");
    assert_eq!(of(1).receipt_number.as_deref(), Some("RC-2026-000001"));
    assert_eq!(of(3).status, Review::Returned);
    assert_eq!(of(3).reason.as_deref(), Some("매출 증빙이 빠졌습니다."));
    assert_eq!(of(4).status, Review::Received);
    assert!(of(3).at > of(4).at, "the return is later than the arrival");
    let key = TrustedKey::of_secret("소상공인연합회", &SECRET);
    assert_eq!(Answers::open(&file, &[key]).unwrap().content, answers);
    // One shop's answers: its claims alone, its number written either way.
    let (one, _) = desk
        .answers(Some(&shop_number(3)), &signer(), at("2026-12-05T01:00:00Z"))
        .unwrap();
    assert_eq!(one.answers.len(), 1);
    assert_eq!(one.answers[0].status, Review::Returned);
}

/// What a shop's key asks (`GET /v1/answers`): the answers about the
/// claims it sent and no other, from the cursor on (the cursor's own
/// instant included), signed.
fn answers_about_the_claims_a_key_sent_since_a_cursor<S: Store>(mut desk: Desk<S>) {
    let (_dir, _) = desk_from_bundle(&mut desk, 4);
    let claims = desk.list(false).unwrap();
    let of_number = |n: usize| {
        claims
            .iter()
            .find(|c| c.claim_number.as_deref() == Some(format!("CD-2026-{n:06}").as_str()))
            .unwrap()
    };
    let ids: std::collections::HashSet<String> = [1, 3]
        .iter()
        .map(|n| of_number(*n).facts.claim_id.clone().unwrap())
        .collect();
    desk.set_clock(clock_at("2026-12-05T10:00:00+09:00"));
    desk.review(
        &of_number(3).id,
        Review::Returned,
        Some("통장 사본이 필요합니다."),
    )
    .unwrap();
    desk.review(&of_number(4).id, Review::Returned, Some("다른 가게"))
        .unwrap();
    desk.set_clock(clock_at("2026-12-06T10:00:00+09:00"));
    desk.review(&of_number(1).id, Review::Checked, None)
        .unwrap();
    let asked = |since: Option<&str>| {
        desk.answers_about(&ids, since.map(at), &signer(), at("2026-12-07T00:00:00Z"))
            .unwrap()
    };
    let (all, file) = asked(None);
    let mut numbers: Vec<_> = all
        .answers
        .iter()
        .map(|a| a.claim_number.clone().unwrap())
        .collect();
    numbers.sort();
    assert_eq!(
        numbers,
        ["CD-2026-000001", "CD-2026-000003"],
        "claim 4 is not this key's"
    );
    let returned = all
        .answers
        .iter()
        .find(|a| a.status == Review::Returned)
        .unwrap();
    assert_eq!(returned.reason.as_deref(), Some("통장 사본이 필요합니다."));
    let key = TrustedKey::of_secret("연합회 회신 키", &SECRET);
    assert_eq!(Answers::open(&file, &[key]).unwrap().content, all);
    // From the later review's instant: that one alone, itself included.
    let (later, _) = asked(Some("2026-12-06T01:00:00Z"));
    assert_eq!(later.answers.len(), 1);
    assert_eq!(later.answers[0].status, Review::Checked);
    let (none, _) = asked(Some("2026-12-06T01:00:01Z"));
    assert!(none.answers.is_empty());
    // A key that sent nothing reads nothing.
    let (nothing, _) = desk
        .answers_about(
            &std::collections::HashSet::new(),
            None,
            &signer(),
            at("2026-12-07T00:00:00Z"),
        )
        .unwrap();
    assert!(nothing.answers.is_empty());
}

// Submissions (the server's machine door).

/// A bundle of two shops' claims is answered claim by claim with a signed
/// receipt each; the same bundle again is `unchanged` with the very same
/// receipt files; a corrected claim `replaced`; a file that is no claim
/// `refused`, with its code.
fn a_submission_answers_each_claim_and_a_retry_is_unchanged<S: Store>(mut desk: Desk<S>) {
    use crate::submission::{take_in_submission, Kind, SubmittedOutcome};
    desk.set_clock(clock_at("2026-12-04T21:00:00+09:00"));
    let files = tempfile::tempdir().unwrap();
    let claim = |shop: usize, narrative: &str| {
        let mut document = example("kakao-cake-prior-week");
        document.insert(
            "id".into(),
            format!("0192f5c4-7d2a-7b3c-9f1e-{shop:012}").into(),
        );
        document["business"]["registration_number"] = shop_number(shop).into();
        document["narrative"] = narrative.into();
        document
    };
    let bundle = files.path().join("submission.zip");
    let outgoing: Vec<OutgoingClaim> = [claim(1, "처음"), claim(2, "처음")]
        .into_iter()
        .enumerate()
        .map(|(i, document)| OutgoingClaim {
            document: serde_json::Value::Object(document),
            number: format!("CD-2026-{:06}", i + 1),
            status: "exported".into(),
            updated_at: "2026-12-01T00:00:00Z".into(),
            pdf: None,
        })
        .collect();
    write_bundle(
        std::fs::File::create(&bundle).unwrap(),
        &outgoing,
        "2026-12-01T00:00:00Z",
        false,
    )
    .unwrap();
    let head = std::fs::read(&bundle).unwrap();
    assert!(Kind::Bundle.matches(&head[..8]) && !Kind::Json.matches(&head[..8]));
    let submit = |desk: &mut Desk<S>, file: &std::path::Path| {
        take_in_submission(
            desk,
            file,
            Lang::Ko,
            &signer(),
            &claim_pdf::read_attached_claim,
        )
        .unwrap()
    };
    let first = submit(&mut desk, &bundle);
    let outcomes: Vec<_> = first
        .results
        .iter()
        .map(|r| (r.line, r.outcome, r.claim_id.clone().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [
            (
                Some(1),
                SubmittedOutcome::Received,
                "0192f5c4-7d2a-7b3c-9f1e-000000000001".to_owned()
            ),
            (
                Some(2),
                SubmittedOutcome::Received,
                "0192f5c4-7d2a-7b3c-9f1e-000000000002".to_owned()
            ),
        ]
    );
    let key = TrustedKey::of_secret("소상공인연합회", &SECRET);
    let receipt = Receipt::open(
        first.results[0].receipt.as_ref().unwrap().as_bytes(),
        std::slice::from_ref(&key),
    )
    .unwrap();
    assert_eq!(
        receipt.content.claim_id,
        "0192f5c4-7d2a-7b3c-9f1e-000000000001"
    );
    assert_eq!(
        receipt.content.claim_number.as_deref(),
        Some("CD-2026-000001")
    );

    // Sent again (a retry after a lost answer): nothing new, the same files.
    let again = submit(&mut desk, &bundle);
    assert!(again
        .results
        .iter()
        .all(|r| r.outcome == SubmittedOutcome::Unchanged));
    assert_eq!(
        again.results.iter().map(|r| &r.receipt).collect::<Vec<_>>(),
        first.results.iter().map(|r| &r.receipt).collect::<Vec<_>>()
    );
    assert_eq!(desk.list(true).unwrap().len(), 2);

    // The shop corrects its claim: it replaces the first, with a receipt
    // of its own content.
    let corrected = files.path().join("claim.json");
    std::fs::write(
        &corrected,
        serde_json::to_vec(&claim(1, "고쳐서 다시 냅니다")).unwrap(),
    )
    .unwrap();
    let replaced = submit(&mut desk, &corrected);
    assert_eq!(replaced.results.len(), 1);
    assert_eq!(replaced.results[0].outcome, SubmittedOutcome::Replaced);
    let second_receipt = Receipt::open(
        replaced.results[0].receipt.as_ref().unwrap().as_bytes(),
        std::slice::from_ref(&key),
    )
    .unwrap();
    assert_ne!(
        second_receipt.content.claim_sha256,
        receipt.content.claim_sha256
    );
    assert_eq!(
        second_receipt.content.intake_number,
        receipt.content.intake_number
    );
    assert_eq!(desk.list(false).unwrap().len(), 2);

    // A file that is no claim: refused, said, nothing kept.
    let junk = files.path().join("junk.json");
    std::fs::write(&junk, br#"{"hello": "world"}"#).unwrap();
    let refused = submit(&mut desk, &junk);
    assert_eq!(refused.results.len(), 1);
    assert_eq!(refused.results[0].outcome, SubmittedOutcome::Refused);
    assert!(refused.results[0].code.is_some() && refused.results[0].receipt.is_none());
    assert_eq!(desk.list(true).unwrap().len(), 3);
    assert_eq!(
        Kind::of_content_type("Application/JSON; charset=utf-8"),
        Some(Kind::Json)
    );
    assert_eq!(Kind::of_content_type("text/plain"), None);
}

/// The export: a line per current claim and per claim two senders wait
/// with (flagged), never a replaced one; customer details masked unless the
/// bundle said the owner opted in.
fn the_export_has_a_line_per_current_claim_masked_unless_the_owner_opted_in<S: Store>(
    mut desk: Desk<S>,
) {
    let sent = |document: serde_json::Map<String, serde_json::Value>,
                made_at: &str,
                included: bool| Incoming {
        document,
        origin: Origin {
            source: "test".into(),
            made_at: Some(made_at.into()),
            pdf: None,
            number: None,
            customer_details_included: included,
        },
    };
    let masked = of_line(shop(CAKE, "행복케이크", "food", "seoul"), REAL);
    let mut corrected = masked.clone();
    corrected["narrative"] = "정정".into();
    let included = of_line(shop(BAKERY, "빵집", "food", "busan"), THIRD);
    let taxi = of_line(
        shop(&shop_number(40), "택시", "transport", "seoul"),
        "0192f5c4-0000-7000-8000-000000000040",
    );
    let mut stranger = of_line(taxi.clone(), STRANGER);
    stranger["business"]["bank"]["account"] = "999-99-999999".into();
    desk.take_in(
        vec![
            sent(masked, "2026-11-20T00:00:00Z", false),
            sent(corrected, "2026-11-21T00:00:00Z", false),
            sent(included, "2026-11-20T00:00:00Z", true),
            sent(taxi, "2026-11-20T00:00:00Z", false),
            sent(stranger, "2026-11-20T00:00:00Z", false),
        ],
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let (bytes, lines) = crate::export::write_jsonl(&desk, Vec::new()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let lines_read: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!((lines, lines_read.len()), (4, 4), "{text}");
    let received = desk.list(true).unwrap();
    for line in &lines_read {
        let claim = received
            .iter()
            .find(|c| {
                c.intake_number.as_deref() == line["intake_number"].as_str()
                    && c.document_sha256 == line["claim_sha256"].as_str().unwrap()
            })
            .unwrap();
        assert!(claim.superseded_by.is_none(), "a replaced claim exported");
        assert_eq!(line["review"], "received");
        assert_eq!(
            line["received_at"].as_str(),
            Some(claim.received_at.as_str())
        );
    }
    let of = |claim_id: &str| {
        lines_read
            .iter()
            .filter(|line| line["claim_id"] == claim_id)
            .collect::<Vec<_>>()
    };
    let cake = of(REAL);
    assert_eq!(cake.len(), 1);
    assert_eq!(cake[0]["claim"]["narrative"], "정정");
    assert_eq!(cake[0]["customer_details"], "masked");
    let cake_text = cake[0]["claim"].to_string();
    assert!(
        !cake_text.contains("이수진") && cake_text.contains("이*진"),
        "{cake_text}"
    );
    let bakery = of(THIRD);
    assert_eq!(bakery[0]["customer_details"], "included");
    assert!(bakery[0]["claim"].to_string().contains("이수진"));
    let contested: Vec<_> = lines_read
        .iter()
        .filter(|line| line["contested"] == true)
        .collect();
    assert_eq!(contested.len(), 2);
    assert!(of(STRANGER)[0]["contested"] == true);
}

// Moving the desktop's desk into a store (`import-desk`).

/// A desktop desk with a bit of everything: claims from a bundle with
/// PDFs, a correction, a held change, two senders, moves, notes and
/// receipts; moved into the store under test, everything is as it was,
/// and moving it again changes nothing; counting goes on after it; a store
/// with claims of its own is refused.
fn a_desk_moved_in_keeps_everything_and_a_second_move_changes_nothing<S: Store>(mut desk: Desk<S>) {
    use crate::desk::AssocDesk;
    use crate::transfer::copy_desk;
    let folder = tempfile::tempdir().unwrap();
    let mut source = AssocDesk::open(&folder.path().join("desk")).unwrap();
    source.set_clock(clock_at("2026-12-04T12:00:00+09:00"));
    desk.set_clock(clock_at("2026-12-05T12:00:00+09:00"));
    let (_bundle, _) = desk_from_bundle(&mut source, 4);
    let cancel = AtomicBool::new(false);
    let real = of_line(shop(CAKE, "행복케이크", "food", "seoul"), REAL);
    let mut corrected = real.clone();
    corrected["narrative"] = "정정".into();
    let mut moved_account = real.clone();
    moved_account["business"]["bank"]["account"] = "111-11-111111".into();
    let taxi = of_line(shop(&shop_number(40), "택시", "transport", "seoul"), THIRD);
    let mut stranger = of_line(taxi.clone(), STRANGER);
    stranger["business"]["bank"]["account"] = "999-99-999999".into();
    source
        .take_in(
            vec![
                incoming(real, Some("2026-11-20T00:00:00Z")),
                incoming(corrected, Some("2026-11-21T00:00:00Z")),
                incoming(moved_account, Some("2026-11-22T00:00:00Z")),
                Incoming {
                    origin: Origin {
                        pdf: Some(b"%PDF-1.7 the taxi's claim".to_vec()),
                        ..incoming(taxi.clone(), None).origin
                    },
                    document: taxi,
                },
                incoming(stranger, None),
            ],
            &|_| {},
            &cancel,
        )
        .unwrap();
    let claims = source.list(true).unwrap();
    let first = claims[0].id.clone();
    source
        .review(&first, Review::Checked, Some("확인"))
        .unwrap();
    source
        .review(&claims[2].id, Review::Returned, Some("서류 없음"))
        .unwrap();
    let at = |text: &str| text.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    source
        .issue_receipt(&first, &signer(), at("2026-12-04T03:00:00Z"))
        .unwrap();
    source
        .issue_receipt(&claims[3].id, &signer(), at("2026-12-04T03:00:00Z"))
        .unwrap();
    let before = source.list(true).unwrap();
    assert!(before.iter().any(|c| c.superseded_by.is_some()));
    assert!(before
        .iter()
        .any(|c| c.held_state == Some(HeldState::Held) && !c.two_senders));
    assert!(before.iter().any(|c| c.two_senders));
    assert!(before.iter().any(|c| c.has_pdf));

    let copied = copy_desk(&source, &mut desk).unwrap();
    assert_eq!(
        (copied.claims, copied.already, copied.receipts),
        (before.len(), 0, 2)
    );
    assert_eq!(desk.list(true).unwrap(), before);
    for claim in &before {
        assert_eq!(
            desk.document(&claim.id).unwrap(),
            source.document(&claim.id).unwrap()
        );
        assert_eq!(desk.pdf(&claim.id).unwrap(), source.pdf(&claim.id).unwrap());
        assert_eq!(
            desk.review_log(&claim.id).unwrap(),
            source.review_log(&claim.id).unwrap()
        );
        assert_eq!(
            desk.receipt_file(&claim.id).unwrap(),
            source.receipt_file(&claim.id).unwrap()
        );
    }

    // Again: nothing new.
    let again = copy_desk(&source, &mut desk).unwrap();
    assert_eq!((again.claims, again.already), (0, before.len()));
    assert_eq!(desk.list(true).unwrap(), before);

    // Counting goes on after the highest number moved.
    let highest = before
        .iter()
        .filter_map(|c| c.intake_number.as_deref())
        .max()
        .unwrap()
        .to_owned();
    desk.take_in(
        vec![incoming_claim(
            Some("0192f5c4-0000-7000-8000-000000000777"),
            &shop_number(77),
        )],
        &|_| {},
        &cancel,
    )
    .unwrap();
    let newest = desk
        .list(true)
        .unwrap()
        .into_iter()
        .find(|c| c.facts.claim_id.as_deref() == Some("0192f5c4-0000-7000-8000-000000000777"))
        .unwrap();
    let next = |number: &str| -> String {
        let (head, count) = number.rsplit_once('-').unwrap();
        format!("{head}-{:06}", count.parse::<u32>().unwrap() + 1)
    };
    assert_eq!(
        newest.intake_number.as_deref(),
        Some(next(&highest).as_str())
    );
    let receipt = desk
        .issue_receipt(&newest.id, &signer(), at("2026-12-05T03:00:00Z"))
        .unwrap();
    assert_eq!(receipt.receipt.receipt_number, "RC-2026-000003");

    // Another desk into this one, which now holds a claim of its own: no.
    let other_folder = tempfile::tempdir().unwrap();
    let mut other = AssocDesk::open(other_folder.path()).unwrap();
    other
        .take_in(vec![incoming_claim(Some(REAL), CAKE)], &|_| {}, &cancel)
        .unwrap();
    let refused = copy_desk(&other, &mut desk).unwrap_err();
    assert!(matches!(refused, DeskError::HoldsOthers { claims } if claims == before.len() + 1));
    assert_eq!(refused.code().as_str(), "E_ASSOC_HOLDS_OTHERS");
}

// The staff's work table (issue 19).

use crate::table::{SortColumn, TableQuery, MAX_PAGE};
use std::collections::HashSet;

const TABLE_INDUSTRIES: [&str; 3] = ["food", "retail", "service"];
const TABLE_REGIONS: [&str; 2] = ["seoul", "busan"];

/// Shop `n`'s claim: its name, number and trade; every seventh misses its
/// documents, every eleventh names Kakao Pay only, every thirteenth has an
/// error (no period start); sales vary so the amounts differ.
fn shop_claim(n: usize) -> Incoming {
    let mut claim = example("kakao-cake-prior-week");
    claim["business"]["registration_number"] = shop_number(n).into();
    claim["business"]["name"] = format!("가게 {n:03}").into();
    claim["business"]["industry"] = TABLE_INDUSTRIES[n % 3].into();
    claim["business"]["region"] = TABLE_REGIONS[n % 2].into();
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
        origin: crate::desk::Origin {
            source: "test".into(),
            made_at: None,
            pdf: None,
            number: Some(format!("CD-2026-{:06}", 500 + n)),
            customer_details_included: false,
        },
    }
}

fn fill<S: Store>(desk: &mut Desk<S>, shops: usize) {
    desk.take_in((0..shops).map(shop_claim), &|_| {}, &AtomicBool::new(false))
        .unwrap();
}

fn names<S: Store>(desk: &Desk<S>, query: &TableQuery) -> Vec<String> {
    desk.table(query)
        .unwrap()
        .rows
        .into_iter()
        .map(|row| row.facts.business_name.unwrap())
        .collect()
}

fn search_finds_a_shop_by_name_registration_number_or_claim_number<S: Store>(mut desk: Desk<S>) {
    fill(&mut desk, 40);
    let query = |text: &str| TableQuery {
        text: Some(text.into()),
        ..TableQuery::default()
    };
    assert_eq!(names(&desk, &query("가게 017")), ["가게 017"]);
    // As the certificate shows it, hyphens and all, or its digits.
    let number = shop_number(23);
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

fn filters_narrow_the_table_and_combine<S: Store>(mut desk: Desk<S>) {
    fill(&mut desk, 40);
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

fn every_order_is_stable_across_pages_and_the_pages_cover_the_table<S: Store>(mut desk: Desk<S>) {
    fill(&mut desk, 45);
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

fn replaced_claims_show_only_when_asked_for<S: Store>(mut desk: Desk<S>) {
    fill(&mut desk, 5);
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

type Matches = Box<dyn Fn(&crate::desk::ReceivedClaim) -> bool>;

/// Beyond 2,000 matches a page is read by walking the order's index, below
/// by sorting the matches: both give the rows a plain sort of every match
/// would, for a broad search, a narrow one and a filter.
fn many_matches_and_few_give_the_same_rows_as_sorting_them_all<S: Store>(mut desk: Desk<S>) {
    fill(&mut desk, 2_100);
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
        let mut expected: Vec<&crate::desk::ReceivedClaim> =
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

/// "다음 청구서": each member of staff is handed a claim of their own, the
/// oldest waiting for its first review; asked again, the same one; moved
/// on, the next; a claim held past its time is anyone's again; held
/// changes and reviewed claims are never handed out.
fn the_next_claim_is_each_staff_members_own_for_a_while<S: Store>(mut desk: Desk<S>) {
    desk.set_clock(clock_at("2026-12-04T09:00:00+09:00"));
    let claims = (0..4)
        .map(|i| {
            incoming_claim(
                Some(&format!("0192f5c4-0000-7000-8000-{i:012}")),
                &shop_number(i),
            )
        })
        .collect::<Vec<_>>();
    desk.take_in(claims, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    let order: Vec<String> = desk
        .list(false)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let quarter = chrono::Duration::minutes(15);
    let next = |desk: &mut Desk<S>, who: &str| {
        desk.set_actor(Some(who.to_owned()));
        desk.next_claim(quarter).unwrap().map(|claim| claim.id)
    };
    assert_eq!(next(&mut desk, "kim").as_ref(), Some(&order[0]));
    assert_eq!(
        next(&mut desk, "kim").as_ref(),
        Some(&order[0]),
        "still hers"
    );
    assert_eq!(next(&mut desk, "lee").as_ref(), Some(&order[1]));
    desk.set_actor(Some("kim".into()));
    desk.review(&order[0], Review::Checked, None).unwrap();
    assert_eq!(next(&mut desk, "kim").as_ref(), Some(&order[2]));
    assert_eq!(next(&mut desk, "park").as_ref(), Some(&order[3]));
    assert_eq!(next(&mut desk, "choi"), None, "all handed out");
    // Twenty minutes on, lee's is anyone's again: choi gets it.
    desk.set_clock(clock_at("2026-12-04T09:20:00+09:00"));
    assert_eq!(next(&mut desk, "choi").as_ref(), Some(&order[1]));
    // Returned for a reason, a claim is not waiting for a first review.
    desk.set_actor(Some("choi".into()));
    desk.review(&order[1], Review::Returned, Some("서류 없음"))
        .unwrap();
    assert_ne!(next(&mut desk, "choi").as_ref(), Some(&order[1]));
}

/// Retention, by the rules written once: forwarded, returned and replaced
/// claims lose their customers' names and phones (and a PDF that showed
/// them in full) once the time has passed, never twice; the current claim
/// under review keeps everything until the staff erase it at once.
fn customer_details_go_after_the_retention_time_or_at_once<S: Store>(mut desk: Desk<S>) {
    const CUSTOMERS: [&str; 4] = ["이수진", "박지훈", "010-2222-3333", "010-4444-5555"];
    let holds_customers = |desk: &Desk<S>, id: &str| {
        let text = serde_json::to_string(&desk.document(id).unwrap()).unwrap();
        CUSTOMERS.iter().any(|customer| text.contains(customer))
    };
    let with_pdf = |number: &str, name: &str| {
        let mut claim = incoming(example(name), None);
        claim.document["business"]["registration_number"] = number.into();
        claim.origin.pdf = Some(b"%PDF-1.7 with customers".to_vec());
        claim
    };
    let no_cancel = AtomicBool::new(false);
    desk.take_in(
        vec![
            with_pdf("105-23-45674", "kakao-cake-prior-week"),
            with_pdf("220-81-62517", "kakao-cake-prior-week"),
            with_pdf("314-86-50154", "kakao-cake-prior-week"),
        ],
        &|_| {},
        &no_cancel,
    )
    .unwrap();
    let ids: Vec<String> = desk.list(true).unwrap().into_iter().map(|c| c.id).collect();
    let (forwarded, returned, waiting) = (&ids[0], &ids[1], &ids[2]);
    assert!(
        holds_customers(&desk, forwarded),
        "the example names its customers"
    );
    desk.review(forwarded, Review::Checked, None).unwrap();
    desk.review(forwarded, Review::Forwarded, None).unwrap();
    desk.review(returned, Review::Returned, Some("통장 사본 없음"))
        .unwrap();
    let mut newer = with_pdf("314-86-50154", "kakao-cake-best-week");
    newer.origin.made_at = Some("2099-01-01T00:00:00Z".into());
    desk.take_in(vec![newer], &|_| {}, &no_cancel).unwrap();
    let current = desk.get(waiting).unwrap().superseded_by.unwrap();

    let now = desk.clock().now();
    assert!(desk
        .erase_expired(now + chrono::Duration::days(89), 90)
        .unwrap()
        .is_empty());
    let mut erased = desk
        .erase_expired(now + chrono::Duration::days(91), 90)
        .unwrap();
    erased.sort();
    let mut expected = vec![forwarded.clone(), returned.clone(), waiting.clone()];
    expected.sort();
    assert_eq!(erased, expected, "forwarded, returned and replaced");
    for id in [forwarded, returned, waiting] {
        assert!(!holds_customers(&desk, id), "{id}");
        let claim = desk.get(id).unwrap();
        assert!(claim.customer_details_erased_at.is_some());
        assert!(!claim.has_pdf, "the PDF showed them in full");
        assert!(desk.pdf(id).unwrap().is_none());
        // The rest stays: amounts, review, note.
        assert_eq!(
            desk.document(id).unwrap()["lost_orders"][0]["amount"],
            52000
        );
    }
    assert_eq!(
        desk.get(returned).unwrap().review_note.as_deref(),
        Some("통장 사본 없음")
    );
    assert!(holds_customers(&desk, &current));
    assert!(desk.get(&current).unwrap().has_pdf);
    assert!(desk
        .erase_expired(now + chrono::Duration::days(500), 90)
        .unwrap()
        .is_empty());
    // At once, by the staff; a second time finds nothing left.
    assert!(desk.erase_customer_details(&current).unwrap());
    assert!(!holds_customers(&desk, &current));
    assert!(!desk.erase_customer_details(&current).unwrap());
    assert!(matches!(
        desk.erase_customer_details("no-such-claim"),
        Err(DeskError::NotFound)
    ));
}
