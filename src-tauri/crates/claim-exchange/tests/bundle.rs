//! The bundle a shop sends: written, read back, masked by default, and a
//! damaged member reported by line while the rest is read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../claim-assoc/tests/common/mod.rs"]
mod common;

use claim_core::{Failure, Lang};
use claim_exchange::bundle::{write_bundle, Bundle, BundleError, MemberProblem, OutgoingClaim};
use common::example;
use proptest::prelude::*;
use std::io::{Cursor, Read, Write};
use std::ops::ControlFlow;

fn outgoing(name: &str, number: &str, pdf: Option<&[u8]>) -> OutgoingClaim {
    let mut document = serde_json::Value::Object(example(name));
    document["id"] = serde_json::json!(format!(
        "0192f5c4-0000-7000-8000-{:012}",
        number.len() * 1000 + name.len()
    ));
    OutgoingClaim {
        document,
        number: number.to_owned(),
        status: "exported".to_owned(),
        updated_at: "2026-11-20T01:02:03Z".to_owned(),
        pdf: pdf.map(<[u8]>::to_vec),
    }
}

fn bundle(claims: &[OutgoingClaim], include: bool) -> Vec<u8> {
    write_bundle(
        Cursor::new(Vec::new()),
        claims,
        "2026-11-25T00:00:00Z",
        include,
    )
    .unwrap()
    .into_inner()
}

fn read_all(
    bytes: Vec<u8>,
) -> (
    Vec<claim_exchange::bundle::BundledClaim>,
    Vec<MemberProblem>,
) {
    let mut bundle = Bundle::open(Cursor::new(bytes)).unwrap();
    let mut claims = Vec::new();
    let mut problems = Vec::new();
    bundle
        .for_each_claim(|item| {
            match item {
                Ok(claim) => claims.push(claim),
                Err(problem) => problems.push(problem),
            }
            ControlFlow::Continue(())
        })
        .unwrap();
    (claims, problems)
}

/// A line read from a bundle, as JSON.
fn document(claim: &claim_exchange::bundle::BundledClaim) -> serde_json::Value {
    serde_json::from_slice(&claim.json).unwrap()
}

#[test]
fn a_bundle_round_trips_with_customer_details_masked_by_default() {
    let pdf = b"%PDF-1.7 a claim\n%%EOF\n";
    let claims = [
        outgoing("kakao-cake-prior-week", "CD-2026-000001", Some(pdf)),
        outgoing("orders-only-no-sales", "CD-2026-000002", None),
    ];
    let bytes = bundle(&claims, false);
    let mut opened = Bundle::open(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(opened.manifest.customer_details, "masked");
    assert_eq!(opened.manifest.claims.len(), 2);
    assert_eq!(
        opened.manifest.claims[0].pdf.as_deref(),
        Some("pdf/CD-2026-000001.pdf")
    );
    let first = opened.manifest.claims[0].clone();
    assert_eq!(opened.pdf(&first).unwrap().as_deref(), Some(&pdf[..]));
    let (read, problems) = read_all(bytes.clone());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(read.len(), 2);
    let first = document(&read[0]);
    let order = &first["lost_orders"][0];
    assert_eq!(order["customer_name"], "이*진");
    assert_eq!(order["customer_phone"], "010-****-3333");
    // Everything else as the shop stored it.
    assert_eq!(first["daily_sales"], claims[0].document["daily_sales"]);
    // The JSON Lines member is plain: one claim per line, readable by any tool.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut lines = String::new();
    archive
        .by_name("claims.jsonl")
        .unwrap()
        .read_to_string(&mut lines)
        .unwrap();
    assert_eq!(lines.lines().count(), 2);
    assert!(!lines.contains("이수진") && !lines.contains("010-2222-3333"));
    for line in lines.lines() {
        let claim: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(claim["format"], "claimdesk.claim/1");
    }
}

#[test]
fn customer_details_leave_the_shop_only_when_the_owner_opts_in() {
    let bytes = bundle(
        &[outgoing("kakao-cake-prior-week", "CD-2026-000001", None)],
        true,
    );
    let opened = Bundle::open(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(opened.manifest.customer_details, "included");
    let (read, _) = read_all(bytes);
    assert_eq!(
        document(&read[0])["lost_orders"][0]["customer_name"],
        "이수진"
    );
}

/// Rewrites one member of a bundle (as a damaged copy would have it).
fn with_member(bytes: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
    let mut source = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..source.len() {
        let mut member = source.by_index(index).unwrap();
        let member_name = member.name().unwrap().into_owned();
        let mut data = Vec::new();
        member.read_to_end(&mut data).unwrap();
        out.start_file(
            member_name.clone(),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        out.write_all(if member_name == name { content } else { &data })
            .unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn one_corrupt_member_is_reported_by_line_and_the_rest_are_read() {
    let claims = [
        outgoing(
            "kakao-cake-prior-week",
            "CD-2026-000001",
            Some(b"%PDF-1 one"),
        ),
        outgoing(
            "orders-only-no-sales",
            "CD-2026-000002",
            Some(b"%PDF-1 two"),
        ),
        outgoing("kakao-cake-best-week", "CD-2026-000003", None),
    ];
    let bytes = bundle(&claims, false);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let mut lines = String::new();
    archive
        .by_name("claims.jsonl")
        .unwrap()
        .read_to_string(&mut lines)
        .unwrap();
    let mut lines: Vec<String> = lines.lines().map(str::to_owned).collect();
    lines[1] = "{\"format\": \"claimdesk.claim/1\", broken".to_owned();
    let damaged = with_member(&bytes, "claims.jsonl", (lines.join("\n") + "\n").as_bytes());
    let damaged = with_member(&damaged, "pdf/CD-2026-000001.pdf", b"%PDF-1 changed");
    let (read, problems) = read_all(damaged.clone());
    assert_eq!(read.iter().map(|c| c.line).collect::<Vec<_>>(), [1, 3]);
    assert_eq!(problems, [MemberProblem::Altered { line: 2 }]);
    assert!(problems[0].message(Lang::Ko).contains("2번째 줄"));
    let mut opened = Bundle::open(Cursor::new(damaged)).unwrap();
    let entry = opened.manifest.claims[0].clone();
    assert_eq!(
        opened.pdf(&entry),
        Err(MemberProblem::PdfAltered { line: 1 })
    );

    // Cut short: the manifest's third line is missing.
    let cut = with_member(
        &bytes,
        "claims.jsonl",
        (lines[..1].join("\n") + "\n").as_bytes(),
    );
    let (read, problems) = read_all(cut);
    assert_eq!(read.len(), 1);
    assert_eq!(
        problems,
        [
            MemberProblem::LineMissing { line: 2 },
            MemberProblem::LineMissing { line: 3 }
        ]
    );
}

#[test]
fn what_is_not_a_bundle_is_refused_with_its_own_message() {
    let bytes = bundle(
        &[outgoing("kakao-cake-prior-week", "CD-2026-000001", None)],
        false,
    );
    let open = |bytes: Vec<u8>| Bundle::open(Cursor::new(bytes)).map(|_| ()).unwrap_err();
    assert!(matches!(
        open(bytes[..bytes.len() / 2].to_vec()),
        BundleError::NotZip
    ));
    assert!(matches!(open(b"not a zip".to_vec()), BundleError::NotZip));
    let no_manifest = {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        out.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(b"hi").unwrap();
        out.finish().unwrap().into_inner()
    };
    let error = open(no_manifest);
    assert!(matches!(error, BundleError::NoManifest));
    assert_eq!(error.code(), "E_BUNDLE_MANIFEST");
    // (The file's name is put before it by the intake: tests/desk.rs.)
    assert!(error.message(Lang::Ko).contains("manifest.json"));
    let wrong = with_member(&bytes, "manifest.json", br#"{"format": "other/1"}"#);
    assert!(matches!(open(wrong), BundleError::BadManifest));
}

#[test]
fn the_same_claims_make_the_same_bytes() {
    let claims = [outgoing(
        "kakao-cake-prior-week",
        "CD-2026-000001",
        Some(b"%PDF"),
    )];
    assert_eq!(bundle(&claims, false), bundle(&claims, false));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A real bundle with bytes changed and perhaps cut short: refused, or
    /// read with every claim it yields exactly as it was made (the
    /// manifest's hashes hold), and the named line either read or reported.
    /// (Random bytes alone never open as a ZIP, so they would check nothing.)
    #[test]
    fn a_damaged_bundle_is_refused_or_yields_only_what_was_made(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..12),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let base = bundle(&[outgoing("kakao-cake-prior-week", "CD-2026-000001", Some(b"%PDF-1.7\n"))], false);
        let (made, _) = read_all(base.clone());
        prop_assert_eq!(made.len(), 1);
        let mut bytes = base;
        for (at, change) in flips {
            let index = at.index(bytes.len());
            bytes[index] ^= change;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()) + 1);
        }
        let Ok(mut opened) = Bundle::open(Cursor::new(bytes)) else {
            return Ok(());
        };
        let mut yielded = Vec::new();
        let mut problems = 0;
        let read = opened.for_each_claim(|item| {
            match item {
                Ok(claim) => yielded.push(claim.json),
                Err(_) => problems += 1,
            }
            ControlFlow::Continue(())
        });
        for json in &yielded {
            prop_assert_eq!(json, &made[0].json, "a claim changed on the way was read as made");
        }
        if read.is_ok() {
            prop_assert!(yielded.len() + problems >= 1, "the manifest's line went unmentioned");
        }
    }

    #[test]
    fn arbitrary_claims_lines_never_panic(lines in proptest::collection::vec("[ -~]{0,80}", 0..20)) {
        let base = bundle(&[outgoing("kakao-cake-prior-week", "CD-2026-000001", None)], false);
        let damaged = with_member(&base, "claims.jsonl", lines.join("\n").as_bytes());
        let (_read, problems) = read_all(damaged);
        // The one manifest line is either read, or reported.
        prop_assert!(problems.len() <= lines.len() + 1);
    }
}

/// A ZIP of `members`, deflated (as a crafted bundle would be: a few
/// kilobytes that inflate to far more).
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in members {
        out.start_file(
            *name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(content.len() > u32::MAX as usize / 2),
        )
        .unwrap();
        out.write_all(content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn manifest(claims: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "format": "claimdesk.bundle/1",
        "created_at": "2026-11-25T00:00:00Z",
        "customer_details": "masked",
        "claims": claims,
    }))
    .unwrap()
}

fn entry(line: usize, pdf: Option<&str>) -> serde_json::Value {
    serde_json::json!({
        "id": format!("0192f5c4-0000-7000-8000-{line:012}"),
        "number": format!("CD-2026-{line:06}"),
        "status": "exported",
        "updated_at": "2026-11-20T01:02:03Z",
        "line": line,
        "json_sha256": "0".repeat(64),
        "pdf": pdf,
        "pdf_sha256": pdf.map(|_| "0".repeat(64)),
    })
}

#[test]
fn a_line_longer_than_a_claim_is_skipped_and_the_next_one_read() {
    let good = bundle(
        &[outgoing("kakao-cake-prior-week", "CD-2026-000001", None)],
        false,
    );
    let mut archive = zip::ZipArchive::new(Cursor::new(good.clone())).unwrap();
    let mut line = Vec::new();
    archive
        .by_name("claims.jsonl")
        .unwrap()
        .read_to_end(&mut line)
        .unwrap();
    // 30 MB of one line (three times a claim's limit), then the claim.
    let mut content = vec![b' '; 30 * 1024 * 1024];
    content[0] = b'{';
    content.push(b'\n');
    content.extend_from_slice(&line);
    // The manifest lists the claim on its new line (a line it does not
    // list is damage).
    let mut listed: serde_json::Value = {
        let mut text = Vec::new();
        archive
            .by_name("manifest.json")
            .unwrap()
            .read_to_end(&mut text)
            .unwrap();
        serde_json::from_slice(&text).unwrap()
    };
    listed["claims"][0]["line"] = 2.into();
    let moved = with_member(
        &good,
        "manifest.json",
        &serde_json::to_vec(&listed).unwrap(),
    );
    let (claims, problems) = read_all(with_member(&moved, "claims.jsonl", &content));
    assert!(
        matches!(
            problems.as_slice(),
            [
                MemberProblem::TooLong { line: 1 },
                MemberProblem::LineMissing { line: 1 }
            ] | [MemberProblem::TooLong { line: 1 }]
        ),
        "{problems:?}"
    );
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].line, 2);
}

#[test]
fn a_manifest_over_its_limit_or_naming_too_much_is_refused() {
    let big = serde_json::to_vec(&serde_json::json!({
        "format": "claimdesk.bundle/1",
        "created_at": "2026-11-25T00:00:00Z",
        "app": "x".repeat(9 * 1024 * 1024),
        "customer_details": "masked",
        "claims": [],
    }))
    .unwrap();
    let refused = Bundle::open(Cursor::new(zip_of(&[
        ("manifest.json", &big),
        ("claims.jsonl", b""),
    ])))
    .unwrap_err();
    assert!(
        matches!(refused, BundleError::ManifestTooLarge),
        "{refused:?}"
    );
    assert_eq!(refused.code().as_str(), "E_BUNDLE_TOO_LARGE");

    let many: Vec<serde_json::Value> = (1..=10_001).map(|line| entry(line, None)).collect();
    let refused = Bundle::open(Cursor::new(zip_of(&[
        ("manifest.json", &manifest(serde_json::Value::Array(many))),
        ("claims.jsonl", b""),
    ])))
    .unwrap_err();
    assert!(
        matches!(refused, BundleError::TooManyClaims { claims: 10_001 }),
        "{refused:?}"
    );
    assert!(
        refused.message(Lang::Ko).contains("10000건"),
        "{}",
        refused.message(Lang::Ko)
    );

    // One PDF member named by two entries (four entries naming one 150 MB
    // PDF once stored 600 MB).
    let twice = manifest(serde_json::json!([
        entry(1, Some("pdf/CD-2026-000001.pdf")),
        entry(2, Some("pdf/CD-2026-000001.pdf")),
    ]));
    let refused = Bundle::open(Cursor::new(zip_of(&[
        ("manifest.json", &twice),
        ("claims.jsonl", b""),
    ])))
    .unwrap_err();
    assert!(
        matches!(&refused, BundleError::MemberNamedTwice { member } if member == "pdf/CD-2026-000001.pdf"),
        "{refused:?}"
    );
    let same_line = manifest(serde_json::json!([entry(1, None), entry(1, None)]));
    assert!(matches!(
        Bundle::open(Cursor::new(zip_of(&[
            ("manifest.json", &same_line),
            ("claims.jsonl", b"")
        ])))
        .unwrap_err(),
        BundleError::MemberNamedTwice { .. }
    ));
}

#[test]
fn a_pdf_member_over_20_mb_is_not_kept_but_its_claim_is() {
    let pdf = b"%PDF-1.7 small".to_vec();
    let good = bundle(
        &[outgoing(
            "kakao-cake-prior-week",
            "CD-2026-000001",
            Some(&pdf),
        )],
        false,
    );
    let huge = vec![0u8; 21 * 1024 * 1024];
    let bytes = with_member(&good, "pdf/CD-2026-000001.pdf", &huge);
    let mut bundle = Bundle::open(Cursor::new(bytes)).unwrap();
    let mut entries = Vec::new();
    bundle
        .for_each_claim(|item| {
            entries.push(item.unwrap().entry.unwrap());
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(entries.len(), 1, "the claim itself is read");
    let problem = bundle.pdf(&entries[0]).unwrap_err();
    assert!(
        matches!(problem, MemberProblem::PdfTooLarge { line: 1 }),
        "{problem:?}"
    );
    assert!(problem.message(Lang::Ko).contains("20MB"));
}

#[test]
fn a_bundle_of_more_lines_than_claims_allowed_stops_and_its_problems_are_counted() {
    // 20,000 lines of `{}` in a few kilobytes.
    let lines = "{}\n".repeat(20_000);
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("flood.zip");
    std::fs::write(
        &path,
        zip_of(&[
            ("manifest.json", &manifest(serde_json::json!([]))),
            ("claims.jsonl", lines.as_bytes()),
        ]),
    )
    .unwrap();
    // The bundle reads the lines it allows (none is listed, so each is
    // reported), then says where reading stopped.
    let (lines, problems) = read_all(std::fs::read(&path).unwrap());
    assert!(lines.is_empty());
    assert_eq!(problems.len(), 10_001);
    assert_eq!(problems[9_999], MemberProblem::Altered { line: 10_000 });
    assert_eq!(
        problems[10_000],
        MemberProblem::TooManyClaims { line: 10_001 }
    );

    // The intake keeps the first problems and counts the rest.
    let dir = tempfile::tempdir().unwrap();
    let mut desk = claim_assoc::desk::AssocDesk::open(dir.path()).unwrap();
    let report = claim_assoc::intake::take_in_files(
        &mut desk,
        &[path],
        Lang::Ko,
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(
        report.problems.len(),
        claim_assoc::intake::MAX_PROBLEMS_KEPT
    );
    assert_eq!(
        report.problems.len() + report.problems_left_off,
        10_001,
        "each line the manifest does not list, then where reading stopped"
    );
    assert!(
        report.problems[0].message.contains("SHA-256"),
        "{}",
        report.problems[0].message
    );
    assert_eq!(report.count.received, 0);
    let json = serde_json::to_string(&report).unwrap();
    assert!(
        json.len() < 200_000,
        "the report stays small: {} bytes",
        json.len()
    );
}

/// `bytes` with the member `name` added after the others.
fn with_added(bytes: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
    let mut source = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..source.len() {
        let member = source.by_index_raw(index).unwrap();
        out.raw_copy_file(member).unwrap();
    }
    out.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    out.write_all(content).unwrap();
    out.finish().unwrap().into_inner()
}

/// `bytes` with every occurrence of `from` (the same length) made `to`,
/// or only the first when `first_only`: the local header comes before
/// the central directory.
fn renamed(bytes: &[u8], from: &str, to: &str, first_only: bool) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = bytes.to_vec();
    let mut at = 0;
    let mut done = 0;
    while let Some(found) = out[at..]
        .windows(from.len())
        .position(|window| window == from.as_bytes())
    {
        let start = at + found;
        out[start..start + to.len()].copy_from_slice(to.as_bytes());
        at = start + to.len();
        done += 1;
        if first_only {
            break;
        }
    }
    assert!(done > 0, "{from} not found");
    out
}

/// Two members of one name, or a member whose local header names another
/// file than the central directory: two ZIP readers would read two
/// different bundles (the staff's unzip one, the desk the other). Refused
/// as damaged, whichever member is doubled and however it is cut.
#[test]
fn a_member_named_twice_or_named_otherwise_in_its_local_header_is_damaged() {
    let claims = [
        outgoing(
            "kakao-cake-prior-week",
            "CD-2026-000001",
            Some(b"%PDF-1.7 one"),
        ),
        outgoing("kakao-cake-best-week", "CD-2026-000002", None),
    ];
    let good = bundle(&claims, false);
    let names: Vec<String> = zip::ZipArchive::new(Cursor::new(good.clone()))
        .unwrap()
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    for name in &names {
        // A second member of the same name, added under a stand-in name of
        // the same length and then renamed in both of its headers.
        let stand_in: String = name
            .chars()
            .rev()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    if c == 'Q' {
                        'R'
                    } else {
                        'Q'
                    }
                } else {
                    c
                }
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let doubled = renamed(
            &with_added(&good, &stand_in, b"{}\n"),
            &stand_in,
            name,
            false,
        );
        let error = Bundle::open(Cursor::new(doubled)).err();
        assert!(
            matches!(error, Some(BundleError::NotZip)),
            "{name} twice: {error:?}"
        );
        // The local header alone says another name.
        let other = renamed(&good, name, &stand_in, true);
        let error = Bundle::open(Cursor::new(other)).err();
        assert!(
            matches!(error, Some(BundleError::NotZip)),
            "{name} in its local header: {error:?}"
        );
    }
    assert_eq!(
        BundleError::NotZip.code().as_str(),
        "E_BUNDLE_DAMAGED",
        "the code staff see"
    );
    // The bundle as written still opens.
    assert!(Bundle::open(Cursor::new(good)).is_ok());
}

proptest! {
    /// A manifest entry naming a line no bundle can have (0, or any number
    /// past the most claims, up to the largest the manifest can write) is
    /// reported in words, never as its number.
    #[test]
    fn a_manifest_line_past_any_bundle_is_said_in_words(
        line in prop_oneof![Just(0usize), 10_001usize..=usize::MAX, Just(usize::MAX)],
    ) {
        let good = bundle(&[outgoing("kakao-cake-prior-week", "CD-2026-000001", None)], false);
        let mut archive = zip::ZipArchive::new(Cursor::new(good)).unwrap();
        let mut claims = Vec::new();
        archive.by_name("claims.jsonl").unwrap().read_to_end(&mut claims).unwrap();
        let crafted = zip_of(&[
            ("manifest.json", &manifest(serde_json::json!([entry(line, None)]))),
            ("claims.jsonl", &claims),
        ]);
        let (_, problems) = read_all(crafted);
        let missing = problems
            .iter()
            .find(|problem| matches!(problem, MemberProblem::LineMissing { .. }))
            .expect("the entry's line is reported");
        for lang in [Lang::Ko, Lang::En] {
            let said = missing.message(lang);
            prop_assert!(!said.contains(&line.to_string()), "{}", said);
            prop_assert!(said.contains("manifest.json"), "{}", said);
        }
    }
}
