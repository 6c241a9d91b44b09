//! The association's desk: many files taken in at once, duplicates settled,
//! nothing half-imported, the staff's review, statistics and the exports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use claim_assoc::bundle::{write_bundle, OutgoingClaim};
use claim_assoc::desk::{AssocDesk, Incoming};
use claim_assoc::facts::Tier;
use claim_assoc::intake::take_in_files;
use claim_assoc::suite::{current_ids, incoming, of_line, shop, REAL, STRANGER};
use claim_core::Lang;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

fn bundle_file(
    dir: &Path,
    name: &str,
    claims: Vec<serde_json::Map<String, serde_json::Value>>,
) -> PathBuf {
    bundle_file_sent(dir, name, claims, false)
}

/// A bundle as the shop writes it, with customer details included when
/// the owner opted in (the manifest says which).
fn bundle_file_sent(
    dir: &Path,
    name: &str,
    claims: Vec<serde_json::Map<String, serde_json::Value>>,
    include_customer_details: bool,
) -> PathBuf {
    let outgoing: Vec<OutgoingClaim> = claims
        .into_iter()
        .enumerate()
        .map(|(i, document)| OutgoingClaim {
            document: serde_json::Value::Object(document),
            number: format!("CD-2026-{:06}", i + 1),
            status: "exported".into(),
            updated_at: format!("2026-11-2{}T00:00:00Z", i + 1),
            pdf: Some(format!("%PDF-1.7 claim {i}").into_bytes()),
        })
        .collect();
    let bytes = write_bundle(
        Cursor::new(Vec::new()),
        &outgoing,
        "2026-11-25T00:00:00Z",
        include_customer_details,
    )
    .unwrap()
    .into_inner();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn no_progress(_: claim_assoc::intake::IntakeProgress) {}

/// A valid one-page PDF that carries no claim (a scanned document, say).
fn pdf_without_claim() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

/// The rules' scenarios (`claim_assoc::suite`, run on PostgreSQL by the
/// server's tests too), here on `association.sqlite3`, each on a fresh
/// desk.
#[test]
fn every_scenario_of_the_rules_holds_on_sqlite() {
    for (name, scenario) in claim_assoc::suite::scenarios::<claim_assoc::desk::SqliteStore>() {
        eprintln!("scenario {name}");
        let dir = tempfile::tempdir().unwrap();
        scenario(AssocDesk::open(dir.path()).unwrap());
    }
}

// Valid registration numbers (checksums hold): 105-23-45674, 120-81-47521, 220-81-62517.
const CAKE: &str = "105-23-45674";
const BAKERY: &str = "120-81-47521";
const TAXI: &str = "220-81-62517";

#[test]
fn bundles_pdfs_and_json_files_are_taken_in_together_and_bad_files_reported() {
    let files = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bundle = bundle_file(
        files.path(),
        "망원동-묶음.zip",
        vec![
            shop(CAKE, "행복케이크", "food", "seoul"),
            shop(BAKERY, "빵집", "food", "busan"),
        ],
    );
    let json = files.path().join("택시.json");
    std::fs::write(
        &json,
        serde_json::to_vec(&shop(TAXI, "개인택시", "transport", "seoul")).unwrap(),
    )
    .unwrap();
    let empty = files.path().join("빈파일.json");
    std::fs::write(&empty, b"").unwrap();
    let not_claim = files.path().join("메모.json");
    std::fs::write(&not_claim, br#"{"hello": 1}"#).unwrap();
    let plain_pdf = files.path().join("스캔.pdf");
    std::fs::write(
        &plain_pdf,
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    )
    .unwrap();
    std::fs::write(files.path().join("영수증.pdf"), pdf_without_claim()).unwrap();
    let cut = files.path().join("잘린-묶음.zip");
    let whole = std::fs::read(&bundle).unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 3]).unwrap();

    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let seen = std::cell::RefCell::new(Vec::new());
    let report = take_in_files(
        &mut desk,
        &[files.path().to_path_buf()],
        Lang::Ko,
        &|progress| seen.borrow_mut().push(progress),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.files, 7);
    assert_eq!(report.count.received, 3);
    let problems: Vec<(String, &str)> = report
        .problems
        .iter()
        .map(|p| (p.file.clone(), p.code.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            ("메모.json".to_owned(), "E_NOT_A_CLAIM"),
            ("빈파일.json".to_owned(), "E_FILE_EMPTY"),
            ("스캔.pdf".to_owned(), "E_NOT_A_PDF"),
            ("영수증.pdf".to_owned(), "E_PDF_NO_CLAIM"),
            ("잘린-묶음.zip".to_owned(), "E_BUNDLE_DAMAGED"),
        ]
    );
    for problem in &report.problems {
        assert!(
            problem.message.starts_with(&problem.file),
            "{}",
            problem.message
        );
        assert!(
            !problem.message.contains(files.path().to_str().unwrap()),
            "no folder: {}",
            problem.message
        );
    }
    // Progress was reported file by file, ending with all of them.
    let last = *seen.borrow().last().unwrap();
    assert_eq!((last.files_done, last.files, last.claims), (7, 7, 3));

    let claims = desk.list(false).unwrap();
    assert_eq!(claims.len(), 3);
    let cake = claims
        .iter()
        .find(|c| c.facts.registration_number.as_deref() == Some("1052345674"))
        .unwrap();
    assert!(
        cake.source.starts_with("망원동-묶음.zip › 1"),
        "{}",
        cake.source
    );
    assert_eq!(cake.made_at.as_deref(), Some("2026-11-21T00:00:00.000Z"));
    assert!(cake.has_pdf);
    assert_eq!(desk.pdf(&cake.id).unwrap().unwrap(), b"%PDF-1.7 claim 0");
    assert_eq!(cake.facts.claimed, Some(1_314_400));
    assert_eq!(cake.facts.tier, Tier::Review);
    // The bundle masked customer details; the desk keeps what arrived.
    assert_eq!(
        desk.document(&cake.id).unwrap()["lost_orders"][0]["customer_name"],
        "이*진"
    );
}

#[test]
fn statistics_and_the_exports_count_each_business_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let mut small = shop(TAXI, "개인택시", "transport", "seoul");
    small["daily_sales"] = serde_json::json!([]);
    small["extra_costs"] = serde_json::json!([]);
    small["affected_services"] = serde_json::json!([{"service": "mobility", "paid": true}]);
    let mut old_cake = shop(CAKE, "행복케이크", "food", "seoul");
    old_cake["narrative"] = "먼저 보낸 것".into();
    desk.take_in(
        vec![
            incoming(old_cake, Some("2026-11-01T00:00:00Z")),
            incoming(
                shop(CAKE, "행복케이크", "food", "seoul"),
                Some("2026-11-02T00:00:00Z"),
            ),
            incoming(shop(BAKERY, "빵집", "food", "busan"), None),
            incoming(small, None),
        ],
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let stats = claim_assoc::stats::stats(&desk, Lang::Ko).unwrap();
    assert_eq!(stats.claims, 3);
    // 2 × 1,314,400 + the taxi's lost orders (157,000).
    assert_eq!(stats.claimed, 2 * 1_314_400 + 157_000);
    let groups = |groups: &[claim_assoc::stats::Group]| -> Vec<(String, usize)> {
        groups.iter().map(|g| (g.key.clone(), g.claims)).collect()
    };
    assert_eq!(
        groups(&stats.by_industry),
        [("food".to_owned(), 2), ("transport".to_owned(), 1)]
    );
    assert_eq!(
        groups(&stats.by_region),
        [("seoul".to_owned(), 2), ("busan".to_owned(), 1)]
    );
    assert_eq!(stats.by_region[0].label, "서울");
    assert_eq!(
        groups(&stats.by_service),
        [
            ("talk_channel".to_owned(), 2),
            ("pay".to_owned(), 2),
            ("mobility".to_owned(), 1)
        ]
    );
    assert_eq!(
        groups(&stats.by_paid),
        [("paid".to_owned(), 3), ("free".to_owned(), 2)]
    );
    assert_eq!(
        groups(&stats.by_tier),
        [("30000".to_owned(), 1), ("review".to_owned(), 2)]
    );

    let csv = claim_assoc::stats::write_csv(&desk, Vec::new(), Lang::Ko).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "Excel needs the BOM to read UTF-8"
    );
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        (
            &headers[0],
            &headers[1],
            &headers[2],
            &headers[4],
            &headers[5],
            &headers[19]
        ),
        (
            "연합회 번호",
            "청구 번호",
            "상호",
            "대표자",
            "연락처",
            "받은 때 (한국 시간)"
        )
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    // The association's numbers: unique, one per claim.
    let numbers: std::collections::BTreeSet<&str> = rows.iter().map(|row| &row[0]).collect();
    assert_eq!(numbers.len(), 3, "{numbers:?}");
    assert!(numbers
        .iter()
        .all(|n| n.starts_with("RX-") && n.len() == "RX-2026-000001".len()));
    assert_eq!(&rows[0][3], "105-23-45674");
    assert_eq!(&rows[0][10], "1314400");
    // No manifest said the owner included the details: masked, though the
    // values carry no `*`.
    assert_eq!((&rows[0][4], &rows[0][5]), ("김*지", "010-****-5678"));

    let xlsx = claim_assoc::stats::write_xlsx(&desk, Lang::Ko).unwrap();
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    assert_eq!(workbook.sheet_names(), ["청구서", "통계"]);
    let table = workbook.worksheet_range("청구서").unwrap();
    assert_eq!(table.height(), 4);
    assert_eq!(
        table.get_value((1, 10)),
        Some(&calamine::Data::Float(1_314_400.0))
    );
}

/// Issue 19: the export names the claim number, the representative and the
/// phone (masked as the bundle masked the claim), and the time in Korea.
#[test]
fn the_export_masks_the_contact_of_a_masked_claim_and_says_korea_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let mut masked = serde_json::Value::Object(shop(CAKE, "행복케이크", "food", "seoul"));
    claim_core::privacy::mask_customer_details(&mut masked);
    let serde_json::Value::Object(masked) = masked else {
        unreachable!()
    };
    let mut arriving = incoming(masked, None);
    arriving.origin.number = Some("CD-2026-000042".into());
    desk.take_in(vec![arriving], &|_| {}, &AtomicBool::new(false))
        .unwrap();
    let csv = claim_assoc::stats::write_csv(&desk, Vec::new(), Lang::Ko).unwrap();
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let row = reader.records().next().unwrap().unwrap();
    assert!(row[0].starts_with("RX-"), "{row:?}");
    assert_eq!(&row[1], "CD-2026-000042");
    assert_eq!((&row[4], &row[5]), ("김*지", "010-****-5678"));
    let received = desk.list(false).unwrap()[0].received_at.clone();
    let korea = chrono::DateTime::parse_from_rfc3339(&received)
        .unwrap()
        .with_timezone(&claim_core::dates::KST)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    assert_eq!(&row[19], korea.as_str());
    assert!(!row[19].contains('T') && !row[19].ends_with('Z'));
}

/// Issue 35: the manifest alone decides whether the export shows the
/// contact in full; a value that looks unmasked does not.
#[test]
fn the_export_shows_the_contact_only_when_the_manifest_says_it_was_included() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let included = bundle_file_sent(
        dir.path(),
        "included.zip",
        vec![shop(CAKE, "행복케이크", "food", "seoul")],
        true,
    );
    // A masked bundle whose claim line was written with the details in
    // full (hand-made, or by another program): the manifest still decides.
    let masked = bundle_file_sent(
        dir.path(),
        "masked.zip",
        vec![shop(BAKERY, "빵집", "food", "busan")],
        false,
    );
    let report = take_in_files(
        &mut desk,
        &[included, masked],
        Lang::Ko,
        &no_progress,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.count.received, 2, "{report:?}");
    let csv = claim_assoc::stats::write_csv(&desk, Vec::new(), Lang::Ko).unwrap();
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let rows: std::collections::HashMap<String, (String, String)> = reader
        .records()
        .map(Result::unwrap)
        .map(|row| (row[2].to_owned(), (row[4].to_owned(), row[5].to_owned())))
        .collect();
    assert_eq!(
        rows["행복케이크"],
        ("김민지".to_owned(), "010-1234-5678".to_owned())
    );
    assert_eq!(
        rows["빵집"],
        ("김*지".to_owned(), "010-****-5678".to_owned())
    );
}

#[test]
fn the_exports_hand_excel_no_formula_and_cut_what_a_cell_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let formula = "=HYPERLINK(\"http://example.invalid\",\"클릭\")";
    let long_name = "가".repeat(40_000);
    let mut from_a_file = incoming(shop(BAKERY, "@SUM(1+1)", "food", "busan"), None);
    from_a_file.origin.source = "=1+2*3.json".into();
    desk.take_in(
        vec![
            incoming(shop(CAKE, formula, "food", "seoul"), None),
            from_a_file,
            incoming(shop(TAXI, &long_name, "transport", "seoul"), None),
        ],
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();

    let csv = claim_assoc::stats::write_csv(&desk, Vec::new(), Lang::Ko).unwrap();
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let cells: Vec<String> = reader
        .records()
        .flat_map(|row| row.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    assert!(cells.contains(&format!("'{formula}")), "{cells:?}");
    assert!(cells.iter().any(|cell| cell == "'@SUM(1+1)"));
    for cell in &cells {
        let runs = cell.starts_with(['=', '+', '@', '\t', '\r'])
            || (cell.starts_with('-') && cell.parse::<i64>().is_err());
        assert!(!runs, "a cell Excel would run: {cell}");
    }

    // One name longer than a cell holds does not fail the export: it is cut,
    // and says so.
    let xlsx = claim_assoc::stats::write_xlsx(&desk, Lang::Ko).unwrap();
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(xlsx.clone())).unwrap();
    let table = workbook.worksheet_range("청구서").unwrap();
    let texts: Vec<String> = table
        .rows()
        .flatten()
        .filter_map(|cell| match cell {
            calamine::Data::String(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&formula.to_owned()), "kept as text");
    let cut = texts
        .iter()
        .find(|text| text.starts_with("가가가"))
        .unwrap();
    assert_eq!(
        cut.encode_utf16().count(),
        claim_assoc::stats::XLSX_CELL_LIMIT
    );
    assert!(cut.ends_with("잘림)"), "the cut says so");
    // The workbook holds no formula at all: every text is a shared string.
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(
        !sheet.contains("<f>") && !sheet.contains("<f "),
        "no formula cell"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn any_file_is_taken_in_or_reported_never_a_panic_or_a_failed_intake(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048),
        prefix in proptest::sample::select(vec![&b""[..], b"PK\x03\x04", b"%PDF-1.7", b"{\"format\":\"claimdesk.claim/1\""]),
    ) {
        let files = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = files.path().join("받은파일");
        std::fs::write(&path, [prefix, &bytes[..]].concat()).unwrap();
        let mut desk = AssocDesk::open(dir.path()).unwrap();
        let report = take_in_files(&mut desk, &[path], Lang::Ko, &no_progress, &AtomicBool::new(false)).unwrap();
        proptest::prop_assert_eq!(report.count.received + report.problems.len().min(1), 1);
    }
}

/// An imported incident pays on its own scale: its claims fall in its
/// tiers, worded from its amounts, never "none" for not being Kakao's.
#[test]
fn an_imported_incidents_own_tiers_are_counted_and_named() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/incidents");
    let definition = claim_core::definition::IncidentDefinition::read(
        &std::fs::read(fixtures.join("drill-2026-11.incident.json")).unwrap(),
    )
    .unwrap();
    let incidents = claim_core::Incidents::with_imported([(
        definition,
        claim_core::signature::Verification::Unverified {
            reason: claim_core::signature::UnverifiedReason::NotSigned,
        },
    )]);
    let Some(claim_core::incident::CompensationRule::Loss(scale)) =
        &incidents.find("drill-2026-11").unwrap().compensation
    else {
        panic!("the drill pays by loss");
    };
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    desk.set_incidents(incidents.clone());
    let claim: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&std::fs::read(fixtures.join("drill-2026-11.claim.json")).unwrap())
            .unwrap();
    let (_, assessment) = claim_core::assess_value_with(&claim, &incidents);
    let paid = assessment
        .compensation
        .and_then(|outcome| outcome.tier_amount)
        .expect("the drill claim's loss is within the drill's scale");
    desk.take_in(
        vec![incoming(claim, None)],
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let received = desk.list(false).unwrap();
    assert_eq!(received[0].facts.tier, Tier::Paid(paid.get()));
    let stats = claim_assoc::stats::stats(&desk, Lang::Ko).unwrap();
    let tier = scale.iter().find(|tier| tier.amount == paid).unwrap();
    assert_eq!(stats.by_tier.len(), 1);
    assert_eq!(stats.by_tier[0].key, paid.get().to_string());
    assert_eq!(
        stats.by_tier[0].label,
        claim_core::incident::tier_label(tier, Lang::Ko)
    );
    assert!(
        stats.by_tier[0]
            .label
            .starts_with(&format!("{}만 원", paid.get() / 10_000)),
        "{}",
        stats.by_tier[0].label
    );
}

/// One arrival in [`a_stranger_never_becomes_current_without_the_staff`].
#[derive(Clone, Debug)]
struct Arrival {
    stranger: bool,
    /// Days after 2026-11-01 the file says it was made (None: not said).
    made: Option<u8>,
    narrative: u8,
}

fn arrival() -> impl proptest::strategy::Strategy<Value = Arrival> {
    use proptest::prelude::*;
    (any::<bool>(), proptest::option::of(0u8..60), 0u8..4).prop_map(
        |(stranger, made, narrative)| Arrival {
            stranger,
            made,
            narrative,
        },
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Whatever the order, the dates and the intakes they arrive in: once
    /// the real shop and a stranger with another account have both sent,
    /// neither is current, and setting the stranger aside makes the real
    /// shop's claim current, with the real account.
    #[test]
    fn a_stranger_never_becomes_current_without_the_staff(
        arrivals in proptest::collection::vec(arrival(), 1..8),
        batch in 1usize..4,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = AssocDesk::open(dir.path()).unwrap();
        let cancel = AtomicBool::new(false);
        let real = of_line(shop(CAKE, "행복케이크", "food", "seoul"), REAL);
        let mut forged = of_line(real.clone(), STRANGER);
        forged["business"]["bank"]["account"] = "999-99-999999".into();
        forged["business"]["representative"] = "박철수".into();
        for group in arrivals.chunks(batch) {
            let incoming_claims: Vec<Incoming> = group.iter().map(|a| {
                let mut claim = if a.stranger { forged.clone() } else { real.clone() };
                claim["narrative"] = format!("판 {}", a.narrative).into();
                let made = a.made.map(|days| {
                    claim_core::dates::stored_instant(
                        chrono::DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap()
                            .with_timezone(&chrono::Utc) + chrono::Duration::days(i64::from(days)),
                    )
                });
                incoming(claim, made.as_deref())
            }).collect();
            desk.take_in(incoming_claims, &|_| {}, &cancel).unwrap();
            let current = current_ids(&desk);
            proptest::prop_assert!(current.len() <= 1);
            let lines: Vec<Option<String>> = current
                .iter()
                .map(|id| desk.get(id).unwrap().facts.claim_id)
                .collect();
            let sent: std::collections::HashSet<Option<String>> = desk
                .list(true)
                .unwrap()
                .iter()
                .map(|c| c.facts.claim_id.clone())
                .collect();
            if sent.len() == 2 {
                proptest::prop_assert!(current.is_empty(), "current while two senders wait");
            } else {
                // One sender so far: nothing to doubt, its claim is current.
                proptest::prop_assert_eq!(lines.len(), 1);
                proptest::prop_assert!(sent.contains(&lines[0]));
            }
        }
        let listed = desk.list(false).unwrap();
        if let Some(stranger) = listed.iter().find(|c| c.facts.claim_id.as_deref() == Some(STRANGER) && c.two_senders) {
            desk.decide_held(&stranger.id, false).unwrap();
            let current = current_ids(&desk);
            proptest::prop_assert_eq!(current.len(), 1);
            let chosen = desk.get(&current[0]).unwrap();
            proptest::prop_assert_eq!(chosen.facts.claim_id.as_deref(), Some(REAL));
            let document = desk.document(&chosen.id).unwrap();
            proptest::prop_assert_eq!(
                document["business"]["bank"]["account"].as_str(),
                Some("123456-01-234567")
            );
        }
    }
}

/// The changes a corrected claim makes, as the staff read them: a cost's
/// amount, a row added, a long text.
#[test]
fn changes_between_versions_are_worded_with_their_values() {
    let older = shop(CAKE, "행복케이크", "food", "seoul");
    let mut newer = older.clone();
    newer.insert(
        "extra_costs".into(),
        serde_json::json!([{"date": "2022-10-16", "amount": 43_000, "description": "퀵 배송"}]),
    );
    let mut with_cost = older.clone();
    with_cost.insert(
        "extra_costs".into(),
        serde_json::json!([{"date": "2022-10-16", "amount": 33_000, "description": "퀵 배송"}]),
    );
    newer.insert("narrative".into(), "가".repeat(80).into());
    let changes = claim_assoc::facts::worded_changes(&with_cost, &newer, claim_core::Lang::Ko);
    assert!(
        changes.contains(&"추가 비용 1번째 줄의 비용 금액: 33,000원에서 43,000원으로".to_owned()),
        "{changes:?}"
    );
    assert!(
        changes.contains(&"피해 설명: 내용이 바뀌었습니다".to_owned()),
        "{changes:?}"
    );
    let mut two = newer.clone();
    two["extra_costs"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"date": "2022-10-17", "amount": 5_000}));
    let added = claim_assoc::facts::worded_changes(&newer, &two, claim_core::Lang::Ko);
    assert_eq!(
        added,
        ["추가 비용: ‘2022-10-17 5,000원’ 추가 (1건에서 2건으로)"]
    );
    // A document added and another taken out, each named (issue 36).
    let mut papers = newer.clone();
    papers.insert(
        "evidence".into(),
        serde_json::json!([{"kind": "sales_proof", "file_name": "매출.pdf"}, {"kind": "service_use_proof", "file_name": "채널.png"}]),
    );
    let mut changed = papers.clone();
    changed.insert(
        "evidence".into(),
        serde_json::json!([
            {"kind": "sales_proof", "file_name": "매출.pdf"},
            {"kind": "bank_account_copy", "file_name": "통장.jpg"},
            {"kind": "small_business_certificate", "file_name": "확인서.pdf"}
        ]),
    );
    let said = claim_assoc::facts::worded_changes(&papers, &changed, claim_core::Lang::Ko);
    assert_eq!(
        said,
        ["증빙 자료: ‘통장 사본 · 통장.jpg’, ‘소상공인 확인서 · 확인서.pdf’ 추가; ‘서비스 이용 증빙 · 채널.png’ 뺌 (2건에서 3건으로)"]
    );
    assert!(said.iter().all(|line| !line.contains('→')));
}

/// Issue 19: a file that went missing after it was chosen is reported by
/// its name in plain words, never the system's text.
#[test]
fn a_missing_file_is_reported_in_plain_words_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let gone = dir.path().join("망원동 제출 파일.zip");
    let report = claim_assoc::intake::take_in_files(
        &mut desk,
        &[gone],
        Lang::Ko,
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.problems.len(), 1);
    let message = &report.problems[0].message;
    assert!(
        message.starts_with("망원동 제출 파일.zip: 파일이 없습니다."),
        "{message}"
    );
    assert!(!message.contains("os error") && !message.contains(dir.path().to_str().unwrap()));
}

/// Issue 20: an incident that pays by days out. Its claims are counted by
/// the steps of its own rule (worded from the definition), a claim whose
/// own outage is not known apart, and the exports carry the days.
#[test]
fn claims_of_a_days_out_incident_are_counted_by_days_out() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/incidents");
    let definition = claim_core::definition::IncidentDefinition::read(
        &std::fs::read(fixtures.join("exchange-fire-2026.incident.json")).unwrap(),
    )
    .unwrap();
    let incidents = claim_core::Incidents::with_imported([(
        definition,
        claim_core::signature::Verification::Unverified {
            reason: claim_core::signature::UnverifiedReason::NotSigned,
        },
    )]);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    desk.set_incidents(incidents);
    let claim: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(
        &std::fs::read(fixtures.join("exchange-fire-2026.claim.json")).unwrap(),
    )
    .unwrap();
    // Three shops: out 3 days (the fixture), out the whole window (8 days),
    // and one whose own end reaches past the incident's (not known).
    let shop = |number: &str, end: Option<&str>| {
        let mut claim = claim.clone();
        claim["business"]["registration_number"] = number.into();
        match end {
            Some(end) => claim["incident"]["end"] = end.into(),
            None => {
                claim["incident"].as_object_mut().unwrap().remove("end");
            }
        }
        incoming(claim, None)
    };
    desk.take_in(
        vec![
            shop("105-23-45674", Some("2026-03-05T09:00:00+09:00")),
            shop("120-81-47521", None),
            shop("211-86-30001", Some("2026-03-10T00:00:00+09:00")),
        ],
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let mut days: Vec<_> = desk
        .list(false)
        .unwrap()
        .iter()
        .map(|claim| (claim.facts.days_out, claim.facts.tier))
        .collect();
    days.sort_by_key(|(days, _)| *days);
    assert_eq!(
        days,
        [
            (None, Tier::None),
            (Some(3), Tier::Paid(800_000)),
            (Some(8), Tier::Paid(1_200_000))
        ]
    );
    let stats = claim_assoc::stats::stats(&desk, Lang::Ko).unwrap();
    let by_days: Vec<(&str, usize)> = stats
        .by_days_out
        .iter()
        .map(|group| (group.label.as_str(), group.claims))
        .collect();
    assert_eq!(by_days, [("3~4일", 1), ("7일 이상", 1), ("알 수 없음", 1)]);
    let tiers: Vec<&str> = stats
        .by_tier
        .iter()
        .map(|group| group.label.as_str())
        .collect();
    assert_eq!(
        tiers,
        ["80만 원 (3~4일)", "120만 원 (7일 이상)", "해당 없음"]
    );
    let english = claim_assoc::stats::stats(&desk, Lang::En).unwrap();
    assert_eq!(english.by_days_out[0].label, "3–4 days");
    // The exports: the tier in the rule's words and the days as a column.
    let csv = claim_assoc::stats::write_csv(&desk, Vec::new(), Lang::Ko).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    let headings: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| headings.iter().position(|h| h.ends_with(name)).unwrap();
    let (tier, days) = (at("보상 구간"), at("장애 일수"));
    let mut rows: Vec<(String, String)> = lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[days].to_owned(), cells[tier].to_owned())
        })
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            (String::new(), "해당 없음".to_owned()),
            ("3".to_owned(), "80만 원 (3~4일)".to_owned()),
            ("8".to_owned(), "120만 원 (7일 이상)".to_owned())
        ]
    );
    assert!(!csv.contains("카카오"), "{csv}");
}

#[test]
fn a_claim_is_recognised_whichever_way_it_arrived_and_however_its_file_is_spaced() {
    // Kept from a parsed document (as claims were before an intake parsed
    // each file once), then the same claim as a file: pretty-printed, with a
    // repeated key whose last value is the one kept. Both must be the same
    // text, so the same fingerprint.
    let dir = tempfile::tempdir().unwrap();
    let mut desk = AssocDesk::open(dir.path()).unwrap();
    let cancel = AtomicBool::new(false);
    let claim = shop(CAKE, "행복케이크", "food", "seoul");
    let first = desk
        .take_in(vec![incoming(claim.clone(), None)], &|_| {}, &cancel)
        .unwrap();
    assert_eq!(first.received, 1);
    // Its first field, `format`, written twice: a draft value in its place,
    // the real one last.
    let mut draft = claim.clone();
    draft["format"] = "초안".into();
    let pretty = serde_json::to_string_pretty(&draft).unwrap();
    let body = pretty.trim_end().strip_suffix('}').unwrap();
    let repeated = format!("\u{feff}{body},\n  \"format\": \"claimdesk.claim/1\"\n}}\n");
    let files = tempfile::tempdir().unwrap();
    let spaced = files.path().join("spaced.json");
    std::fs::write(&spaced, repeated).unwrap();
    let report = take_in_files(&mut desk, &[spaced], Lang::Ko, &|_| {}, &cancel).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.count.received, report.count.already), (0, 1));

    // One whose repeated field differs is another claim.
    let mut changed = claim.clone();
    changed["narrative"] = "처음 쓴 설명".into();
    let pretty = serde_json::to_string_pretty(&changed).unwrap();
    let body = pretty.trim_end().strip_suffix('}').unwrap();
    let other = files.path().join("changed.json");
    std::fs::write(&other, format!("{body}, \"narrative\": \"고친 설명\"}}")).unwrap();
    let report = take_in_files(&mut desk, &[other], Lang::Ko, &|_| {}, &cancel).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.count.received, report.count.already), (1, 0));
    let kept = desk.list(true).unwrap();
    let newest = kept
        .iter()
        .find(|claim| claim.source == "changed.json")
        .unwrap();
    assert_eq!(desk.document(&newest.id).unwrap()["narrative"], "고친 설명");
}
