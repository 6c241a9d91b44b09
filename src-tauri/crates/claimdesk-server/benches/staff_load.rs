//! Several staff and the shops at once, through goose (a load tool that
//! scripts logins and checks answers), against a `claimdesk-server` (this
//! build's) on a PostgreSQL the bench starts, all on 127.0.0.1:
//! - `STAFF` members of staff (default 20), each signed in with their own
//!   account, each moving a claim every 2 s: 다음 청구서 (or, one move in
//!   five, the table's first waiting claim, where two staff meet: the
//!   second's move is the intended 409), the claim read, the move made on
//!   the version read;
//! - one-claim submissions at `RATE` a second (default 20), each shop a new
//!   claim: `SHOPS` users (default RATE) each sending one a second, with
//!   goose's coordinated-omission mitigation, so a slow answer does not
//!   hide the submissions it held back (an open loop, as closely as goose
//!   models one).
//!
//! Runs `LOAD_SECONDS` (default 60) after 1,000 claims are taken in. Prints each
//! request's median, p99 and maximum, its answers by status, the server's
//! memory before the load and every tenth of it; exits 1 on any answer but
//! 200 and the intended 409s.
//! Targets: p99 within 100 ms for a review (`assoc_review`), within 1 s for
//! a submission, no unintended error, the server's memory flat.
//!
//! `cargo bench -p claimdesk-server --bench staff_load`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/mod.rs"]
mod support;

use goose::config::GooseConfiguration;
use goose::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A signed-in member of staff's session: their CSRF token and moves made.
struct Staff {
    csrf: String,
    moves: usize,
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

/// The server's resident memory now, in MB.
fn resident_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

async fn sign_in(user: &mut GooseUser) -> TransactionResult {
    let name = format!("staff-{:02}", user.weighted_users_index);
    let body = serde_json::json!({"name": name, "password": support::PASSWORD});
    let mut signed = user.post_json("/v1/sign-in", &body).await?;
    let answer = match signed.response {
        Ok(response) => response.json::<serde_json::Value>().await.ok(),
        Err(_) => None,
    };
    let Some(csrf) = answer.and_then(|answer| answer["csrf"].as_str().map(str::to_owned)) else {
        return user.set_failure("no session", &mut signed.request, None, None);
    };
    user.set_session_data(Staff { csrf, moves: 0 });
    Ok(())
}

/// A desk command as the page calls it: its status and answer. A 409 is
/// the intended refusal of a move on an outdated copy: counted a success.
async fn command(
    user: &mut GooseUser,
    name: &str,
    body: serde_json::Value,
) -> Result<(u16, serde_json::Value), Box<TransactionError>> {
    let csrf = user.get_session_data_unchecked::<Staff>().csrf.clone();
    let path = format!("/api/{name}");
    let builder = user
        .get_request_builder(&GooseMethod::Post, &path)?
        .header("x-claimdesk-csrf", csrf)
        .json(&body);
    let request = GooseRequest::builder()
        .set_request_builder(builder)
        .name(name)
        .build();
    let mut answer = user.request(request).await?;
    let (status, json) = match answer.response {
        Ok(response) => (
            response.status().as_u16(),
            response
                .json::<serde_json::Value>()
                .await
                .unwrap_or_default(),
        ),
        Err(_) => (0, serde_json::Value::Null),
    };
    if status == 409 && json["code"] == "E_ASSOC_STALE" {
        user.set_success(&mut answer.request)?;
    }
    Ok((status, json))
}

async fn move_a_claim(user: &mut GooseUser) -> TransactionResult {
    let moves = {
        let staff = user.get_session_data_unchecked_mut::<Staff>();
        staff.moves += 1;
        staff.moves
    };
    let id = if moves % 5 == 0 {
        let (_, page) = command(
            user,
            "assoc_table",
            serde_json::json!({"review": "received", "sort": "received", "limit": 1}),
        )
        .await?;
        page["rows"][0]["id"].as_str().map(str::to_owned)
    } else {
        let (_, id) = command(user, "assoc_next", serde_json::json!({})).await?;
        id.as_str().map(str::to_owned)
    };
    let Some(id) = id else {
        return Ok(());
    };
    let (_, claim) = command(user, "assoc_claim", serde_json::json!({"id": id})).await?;
    // As the page offers it: a claim checked meanwhile has no "checked" move.
    if claim["claim"]["review"] != "received" {
        return Ok(());
    }
    let seen = claim["claim"]["review_version"].clone();
    command(
        user,
        "assoc_review",
        serde_json::json!({"id": id, "status": "checked", "seen": seen}),
    )
    .await?;
    Ok(())
}

/// Each submission a new shop's claim (past the 1,000 taken in first;
/// `shop_number` gives distinct numbers up to 14,285: 600 s at 20/s).
static NEXT_SHOP: AtomicUsize = AtomicUsize::new(2_000);

async fn submit_one(user: &mut GooseUser) -> TransactionResult {
    let shop = NEXT_SHOP.fetch_add(1, Ordering::Relaxed);
    let mut claim = claim_assoc::suite::example("kakao-cake-prior-week");
    claim.insert(
        "id".into(),
        format!("0192f5c4-7d2a-7b3c-9f1e-{shop:012}").into(),
    );
    claim["business"]["registration_number"] = claim_assoc::suite::shop_number(shop).into();
    let body = serde_json::to_vec(&claim).unwrap();
    let builder = user
        .get_request_builder(&GooseMethod::Post, "/v1/submissions")?
        .header("content-type", "application/json")
        .body(body);
    let request = GooseRequest::builder()
        .set_request_builder(builder)
        .name("submission")
        .build();
    let mut answer = user.request(request).await?;
    let received = match answer.response {
        Ok(response) => response
            .json::<serde_json::Value>()
            .await
            .ok()
            .is_some_and(|json| json["results"][0]["outcome"] == "received"),
        Err(_) => false,
    };
    if !received {
        return user.set_failure("not received", &mut answer.request, None, None);
    }
    Ok(())
}

fn main() {
    let staff = setting("STAFF", 20);
    let rate = setting("RATE", 20);
    let shops = setting("SHOPS", rate);
    let seconds = setting("LOAD_SECONDS", 60);

    let postgres = support::TestPostgres::start();
    let url = support::schema_database(&postgres, "load");
    support::block_on(async {
        let mut db = support::client(&url).await;
        for index in 0..staff + shops {
            claimdesk_server::staff::add(
                &mut db,
                &format!("staff-{index:02}"),
                claimdesk_server::staff::Role::Staff,
                support::PASSWORD,
                "bench",
            )
            .await
            .unwrap();
        }
    });
    let serving = support::serve(&url);
    let address = serving.1.clone();
    let waiting = support::submit(&address, "application/zip", &support::bundle(1..1001));
    assert_eq!(
        waiting.status, 200,
        "the claims to review were not taken in"
    );
    let pid = serving.0.id();
    // The server's memory every tenth of the run.
    let samples = std::sync::Arc::new(std::sync::Mutex::new(vec![resident_mb(pid)]));
    let sampler = {
        let samples = std::sync::Arc::clone(&samples);
        std::thread::spawn(move || {
            for _ in 0..10 {
                std::thread::sleep(Duration::from_secs_f64(seconds as f64 / 10.0));
                samples.lock().unwrap().push(resident_mb(pid));
            }
        })
    };

    let metrics = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            GooseAttack::initialize_with_config(GooseConfiguration::default())
                .unwrap()
                .register_scenario(
                    scenario!("staff")
                        .set_weight(staff)
                        .unwrap()
                        .set_wait_time(Duration::from_secs(2), Duration::from_secs(2))
                        .unwrap()
                        .register_transaction(transaction!(sign_in).set_on_start())
                        .register_transaction(transaction!(move_a_claim)),
                )
                .register_scenario(
                    scenario!("shops")
                        .set_weight(shops)
                        .unwrap()
                        .set_wait_time(
                            Duration::from_secs_f64(shops as f64 / rate as f64),
                            Duration::from_secs_f64(shops as f64 / rate as f64),
                        )
                        .unwrap()
                        .register_transaction(transaction!(submit_one)),
                )
                .set_default(GooseDefault::Host, format!("http://{address}").as_str())
                .unwrap()
                .set_default(GooseDefault::Users, staff + shops)
                .unwrap()
                .set_default(GooseDefault::HatchRate, "100")
                .unwrap()
                .set_default(GooseDefault::RunTime, seconds)
                .unwrap()
                .set_default(
                    GooseDefault::CoordinatedOmissionMitigation,
                    GooseCoordinatedOmissionMitigation::Average,
                )
                .unwrap()
                .set_default(GooseDefault::Quiet, 1)
                .unwrap()
                .set_default(GooseDefault::NoPrintMetrics, true)
                .unwrap()
                .execute()
                .await
                .unwrap()
        });
    let _ = sampler.join();

    println!(
        "{staff} staff moving a claim every 2 s, submissions at {rate}/s, {seconds} s on 127.0.0.1"
    );
    println!(
        "{:<24} {:>8} {:>8} {:>8} {:>8}  answers by status",
        "request", "count", "median", "p99", "max"
    );
    let mut unintended = 0;
    let mut names: Vec<&String> = metrics.requests.keys().collect();
    names.sort();
    for name in names {
        let request = &metrics.requests[name];
        // With coordinated-omission mitigation: the times as an open loop
        // would have met them.
        let timing = request
            .coordinated_omission_data
            .as_ref()
            .unwrap_or(&request.raw_data);
        let count: usize = timing.times.values().sum();
        let at = |share: f64| {
            let wanted = (count as f64 * share).ceil() as usize;
            let mut seen = 0;
            for (time, times) in &timing.times {
                seen += times;
                if seen >= wanted {
                    return *time;
                }
            }
            timing.maximum_time
        };
        let mut statuses: Vec<_> = request.status_code_counts.iter().collect();
        statuses.sort();
        println!(
            "{name:<24} {count:>8} {:>6}ms {:>6}ms {:>6}ms  {statuses:?}",
            at(0.5),
            at(0.99),
            timing.maximum_time
        );
        unintended += request.fail_count;
    }
    let samples: Vec<String> = samples
        .lock()
        .unwrap()
        .iter()
        .map(|mb| format!("{mb:.0}"))
        .collect();
    println!(
        "server memory (MB), before the load then every tenth of it: {}",
        samples.join(" ")
    );
    if unintended > 0 {
        println!("{unintended} answers other than 200 and the intended 409s");
        std::process::exit(1);
    }
}
