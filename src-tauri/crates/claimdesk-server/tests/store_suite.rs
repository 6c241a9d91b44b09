//! The association's rules on PostgreSQL: every scenario claim-assoc's
//! SQLite store passes (`claim_assoc::suite`), each on a fresh database of
//! a server of the test's own; then what only several writers at once can
//! do to a store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use claim_assoc::desk::{Desk, Incoming};
use claim_assoc::suite::{incoming_claim, scenarios, shop_number};
use claimdesk_server::store::PgStore;
use support::{count, schema_database, TestPostgres};

/// A database `name` on `server` with the server's schema, and a desk on it.
fn fresh_desk(server: &TestPostgres, name: &str) -> Desk<PgStore> {
    Desk::new(PgStore::connect(&schema_database(server, name)).unwrap())
}

#[test]
fn every_scenario_of_the_rules_holds_on_postgresql() {
    let server = TestPostgres::start();
    for (number, (name, scenario)) in scenarios::<PgStore>().into_iter().enumerate() {
        eprintln!("scenario {name}");
        scenario(fresh_desk(&server, &format!("scenario_{number}")));
    }
}

/// `claims` claims of as many shops (the same each time it is called).
fn claims(claims: usize) -> Vec<Incoming> {
    (0..claims)
        .map(|i| {
            incoming_claim(
                Some(&format!("0192f5c4-0000-7000-8000-{i:012}")),
                &shop_number(i),
            )
        })
        .collect()
}

/// Two staff take in the same 40 claims at the same moment, each on a
/// connection of their own: the database holds what one intake would,
/// every claim once and every number once; whichever came second was told
/// each claim was already there.
#[test]
fn the_same_claims_taken_in_twice_at_once_are_kept_once() {
    let server = TestPostgres::start();
    fresh_desk(&server, "together");
    let url = server.url("together");
    let start = std::sync::Barrier::new(2);
    let counts: Vec<_> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut desk = Desk::new(PgStore::connect(&url).unwrap());
                    start.wait();
                    desk.take_in(
                        claims(40),
                        &|_| {},
                        &std::sync::atomic::AtomicBool::new(false),
                    )
                    .unwrap()
                })
            })
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    let mut received: Vec<(usize, usize)> = counts
        .iter()
        .map(|count| (count.received, count.already))
        .collect();
    received.sort_unstable();
    assert_eq!(received, [(0, 40), (40, 0)], "{counts:?}");
    let desk = Desk::new(PgStore::connect(&url).unwrap());
    let all = desk.list(true).unwrap();
    assert_eq!(all.len(), 40);
    let mut numbers: Vec<String> = all.into_iter().filter_map(|c| c.intake_number).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 40, "one number each, none twice");
}

/// Twenty intakes of different shops at once (a submission each): every
/// claim kept, and the year's numbers run 1 to 20 without a gap or a twin.
#[test]
fn intakes_at_once_number_their_claims_without_a_gap_or_a_twin() {
    let server = TestPostgres::start();
    fresh_desk(&server, "numbers");
    let url = server.url("numbers");
    let all = claims(20);
    let start = std::sync::Barrier::new(all.len());
    std::thread::scope(|scope| {
        for claim in all {
            let (url, start) = (&url, &start);
            scope.spawn(move || {
                let mut desk = Desk::new(PgStore::connect(url).unwrap());
                start.wait();
                let count = desk
                    .take_in(
                        vec![claim],
                        &|_| {},
                        &std::sync::atomic::AtomicBool::new(false),
                    )
                    .unwrap();
                assert_eq!(count.received, 1);
            });
        }
    });
    let desk = Desk::new(PgStore::connect(&url).unwrap());
    let mut numbers: Vec<u32> = desk
        .list(true)
        .unwrap()
        .into_iter()
        .map(|claim| {
            let number = claim.intake_number.unwrap();
            number.rsplit('-').next().unwrap().parse().unwrap()
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=20).collect::<Vec<u32>>());
}

/// The database going away mid-intake loses what was committed and
/// keeps nothing half-written; the desk says the database does not
/// answer.
#[test]
fn a_database_that_goes_away_is_said_and_nothing_half_kept() {
    let server = TestPostgres::start();
    let mut desk = fresh_desk(&server, "away");
    desk.take_in(
        claims(3),
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    server.stop();
    let error = desk
        .take_in(
            claims(5),
            &|_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap_err();
    assert!(
        matches!(error, claim_assoc::desk::DeskError::Unavailable),
        "{error:?}"
    );
    assert_eq!(
        claim_core::Failure::code(&error).as_str(),
        "E_ASSOC_UNAVAILABLE"
    );
    server.start_again();
    let desk = Desk::new(PgStore::connect(&server.url("away")).unwrap());
    assert_eq!(desk.list(true).unwrap().len(), 3);
}

/// Ten staff move the same claim at the same moment, each on the copy
/// they read: one move is made, nine are refused as made on an outdated
/// copy, and the log holds one move and the audit one row for it.
#[test]
fn staff_moving_one_claim_at_once_make_one_move() {
    use claim_assoc::desk::{DeskError, Review};
    let server = TestPostgres::start();
    let mut desk = fresh_desk(&server, "moves");
    desk.take_in(
        claims(1),
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    let read = desk.list(false).unwrap().remove(0);
    let url = server.url("moves");
    let start = std::sync::Barrier::new(10);
    let outcomes: Vec<Result<_, DeskError>> = std::thread::scope(|scope| {
        let moves: Vec<_> = (0..10)
            .map(|n| {
                let (url, start, read) = (&url, &start, &read);
                scope.spawn(move || {
                    let mut desk = Desk::new(PgStore::connect(url).unwrap());
                    desk.set_actor(Some(format!("staff{n}")));
                    start.wait();
                    desk.review_seen(&read.id, Review::Checked, None, Some(read.review_version))
                })
            })
            .collect();
        moves.into_iter().map(|run| run.join().unwrap()).collect()
    });
    let made: Vec<_> = outcomes.iter().filter(|outcome| outcome.is_ok()).collect();
    assert_eq!(made.len(), 1, "{outcomes:?}");
    assert!(outcomes
        .iter()
        .filter_map(|outcome| outcome.as_ref().err())
        .all(|error| matches!(error, DeskError::Stale { actor: Some(_), .. })));
    assert_eq!(desk.review_log(&read.id).unwrap().len(), 1);
    let audited = count(
        &url,
        "SELECT count(*) FROM audit WHERE action = 'claim.review' AND subject = $1",
        &[&read.id],
    );
    assert_eq!(audited, 1);
}

/// The largest bundle there may be, 10,000 claims, is one intake: the
/// store's turns are row locks, so a transaction's many businesses do not
/// fill PostgreSQL's shared lock table (advisory locks did, at 53200).
#[test]
fn a_bundle_of_ten_thousand_claims_is_one_intake() {
    let server = TestPostgres::start();
    let mut desk = fresh_desk(&server, "large");
    let count = desk
        .take_in(
            claims(claim_assoc::bundle::MAX_CLAIMS_PER_BUNDLE),
            &|_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(count.received, claim_assoc::bundle::MAX_CLAIMS_PER_BUNDLE);
}

/// Ten staff press "다음 청구서" at the same moment: ten different claims.
#[test]
fn ten_staff_asking_for_the_next_claim_at_once_get_ten_claims() {
    let server = TestPostgres::start();
    let mut desk = fresh_desk(&server, "next");
    desk.take_in(
        claims(30),
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    let url = server.url("next");
    let start = std::sync::Barrier::new(10);
    let mut handed: Vec<String> = std::thread::scope(|scope| {
        let asks: Vec<_> = (0..10)
            .map(|n| {
                let (url, start) = (&url, &start);
                scope.spawn(move || {
                    let mut desk = Desk::new(PgStore::connect(url).unwrap());
                    desk.set_actor(Some(format!("staff{n}")));
                    start.wait();
                    desk.next_claim(chrono::Duration::minutes(15))
                        .unwrap()
                        .unwrap()
                        .id
                })
            })
            .collect();
        asks.into_iter().map(|ask| ask.join().unwrap()).collect()
    });
    handed.sort();
    handed.dedup();
    assert_eq!(handed.len(), 10);
}
