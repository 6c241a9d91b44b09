//! The association's rules as every store must keep them: one scenario a
//! function, each on a fresh, empty desk. `claim-assoc` runs them on
//! SQLite (`tests/desk.rs`), `claimdesk-server` on PostgreSQL
//! (`tests/store_suite.rs`); a store passes when all of [`scenarios`] do.
//! (Feature `store-suite`: test code, never in a program.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::desk::{Desk, DeskError, HeldState, Incoming, Origin, Review, Store};
use claim_core::{Failure, Lang};
use std::io::Cursor;
use std::sync::atomic::{AtomicBool, Ordering};

/// A scenario: its name, and the run on a fresh desk.
pub type Scenario<S> = (&'static str, fn(Desk<S>));

/// Every scenario, by name.
pub fn scenarios<S: Store>() -> Vec<Scenario<S>> {
    vec![
        (
            "the_newest_claim_of_a_business_for_an_outage_is_kept_and_the_differences_shown",
            the_newest_claim_of_a_business_for_an_outage_is_kept_and_the_differences_shown::<S>,
        ),
        (
            "a_cancelled_intake_keeps_nothing",
            a_cancelled_intake_keeps_nothing::<S>,
        ),
        (
            "the_staff_review_moves_received_checked_forwarded_or_returned_with_a_reason",
            the_staff_review_moves_received_checked_forwarded_or_returned_with_a_reason::<S>,
        ),
        (
            "a_correction_that_changes_the_bank_account_waits_for_the_staff",
            a_correction_that_changes_the_bank_account_waits_for_the_staff::<S>,
        ),
        (
            "two_senders_for_one_business_both_wait_and_neither_is_current",
            two_senders_for_one_business_both_wait_and_neither_is_current::<S>,
        ),
        (
            "a_made_at_that_is_not_a_time_counts_for_nothing",
            a_made_at_that_is_not_a_time_counts_for_nothing::<S>,
        ),
        (
            "each_received_claim_gets_the_associations_own_number",
            each_received_claim_gets_the_associations_own_number::<S>,
        ),
        (
            "the_same_claims_taken_in_twice_are_kept_once",
            the_same_claims_taken_in_twice_are_kept_once::<S>,
        ),
    ]
}

/// One of the contract's example claims, as a JSON object.
pub fn example(name: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = format!(
        "{}/../../../tests/fixtures/examples/{name}.claim.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|error| panic!("{path}: {error}"))
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
fn of_line(
    mut claim: serde_json::Map<String, serde_json::Value>,
    line: &str,
) -> serde_json::Map<String, serde_json::Value> {
    claim.insert("id".into(), line.into());
    claim
}

// Valid registration numbers (checksums hold).
const CAKE: &str = "105-23-45674";
const BAKERY: &str = "120-81-47521";
const REAL: &str = "0192f5c4-0000-7000-8000-000000000001";
const STRANGER: &str = "0192f5c4-0000-7000-8000-0000000000ff";
const THIRD: &str = "0192f5c4-0000-7000-8000-0000000000ee";

/// The claims the statistics count: current and not waiting.
fn current_ids<S: Store>(desk: &Desk<S>) -> Vec<String> {
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
pub fn the_same_claims_taken_in_twice_are_kept_once<S: Store>(mut desk: Desk<S>) {
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

pub fn the_newest_claim_of_a_business_for_an_outage_is_kept_and_the_differences_shown<S: Store>(
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

pub fn a_cancelled_intake_keeps_nothing<S: Store>(mut desk: Desk<S>) {
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

pub fn the_staff_review_moves_received_checked_forwarded_or_returned_with_a_reason<S: Store>(
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
pub fn a_correction_that_changes_the_bank_account_waits_for_the_staff<S: Store>(mut desk: Desk<S>) {
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
pub fn two_senders_for_one_business_both_wait_and_neither_is_current<S: Store>(mut desk: Desk<S>) {
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
pub fn a_made_at_that_is_not_a_time_counts_for_nothing<S: Store>(mut desk: Desk<S>) {
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
pub fn each_received_claim_gets_the_associations_own_number<S: Store>(mut desk: Desk<S>) {
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
