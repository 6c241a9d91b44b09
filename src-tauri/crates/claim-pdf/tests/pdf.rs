//! The claim PDF as a clerk and a machine read it: text extracted with
//! `pdftotext`, fonts with `pdffonts`, structure with `qpdf --check`, the QR
//! code with `zbarimg`, images with `pdfimages`. Every PDF and its pages as
//! PNG are left in `target/tmp/claim-pdf/` for a person to look at.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_core::Failure;
use claim_core::Lang;
use claim_pdf::{render, EvidenceFile, FontChoice, Options, PdfError, Rendered};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(path: &str) -> Vec<u8> {
    let full = format!(
        "{}/../../../tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn example(name: &str) -> Value {
    serde_json::from_slice(&fixture(&format!("examples/{name}.claim.json"))).unwrap()
}

fn options() -> Options {
    Options {
        lang: Lang::Ko,
        draft: false,
        at: "2026-11-25T05:05:00Z".parse().unwrap(),
        include_customer_details: false,
        number: Some("CD-2026-000017".into()),
        font: FontChoice::System,
        incidents: claim_core::Incidents::built_in(),
    }
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("claim-pdf");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the PDF and its pages as PNG to the output folder.
fn keep(name: &str, rendered: &Rendered) -> PathBuf {
    let path = out_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, &rendered.bytes).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "70", "-png"])
        .arg(&path)
        .arg(out_dir().join(name))
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed on {name}");
    path
}

fn tool(program: &str, args: &[&str], path: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (install poppler-utils, qpdf, zbar-tools)"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The text of one page.
fn page_text(path: &Path, page: usize) -> String {
    let page = page.to_string();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-f", &page, "-l", &page])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

fn stdout_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_korean_claim_reads_as_a_clerk_sees_it() {
    let rendered = render(&example("kakao-cake-prior-week"), &[], &options()).unwrap();
    let path = keep("kakao-cake-prior-week-ko", &rendered);
    let text = stdout_text(&path);
    for expected in [
        "플랫폼 장애 피해 청구서",
        "CD-2026-000017",
        "2026년 11월 25일(수) 14:05",
        "행복케이크 망원점",
        "김민지",
        "105-23-45674 (개인 과세사업자)",
        "음식점업",
        "국민은행 123456-01-234567 예금주 김민지",
        "2022년 10월 카카오 서비스 장애",
        "2022년 10월 15일(토) 15:30 ~ 2022년 10월 20일(목) 23:00",
        "카카오페이·선물하기 (유료)",
        "전주 같은 요일과 비교",
        "2022년 10월 15일(토)",
        "988,800원",
        "-19,200원",
        "한글날",
        "4,300,900원",
        "3,019,500원",
        "1,281,400원 (29.79%)",
        "157,000원",
        "33,000원",
        "1,314,400원",
        "금 일백삼십일만사천사백원정",
        "개별 심사",
        "미뤄진 주문",
        "더하지 않습니다",
        "이*진",
        "010-****-3333",
        "박*훈",
        "010-****-5555",
        "대체 문자 발송비",
        "예약 확인 연락이 불가능했습니다",
        "소상공인 확인서",
        "서명 또는 인",
        &rendered.json_sha256,
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for personal in ["이수진", "010-2222-3333", "박지훈", "010-4444-5555"] {
        assert!(!text.contains(personal), "{personal} printed unmasked");
    }
    // Page x / y on every page.
    for page in 1..=rendered.pages {
        // pdftotext drops the narrow spaces of the small footer.
        let footer = format!("{page}/{}쪽", rendered.pages);
        let text = page_text(&path, page).replace(char::is_whitespace, "");
        assert!(text.contains(&footer), "page {page} lacks {footer:?}");
    }
    // The font is embedded and subset; the file is sound.
    let fonts = tool("pdffonts", &[], &path);
    let line = fonts
        .lines()
        .find(|l| l.contains("+Nanum"))
        .unwrap_or_else(|| panic!("{fonts}"));
    let columns: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        &columns[columns.len() - 5..columns.len() - 2],
        &["yes", "yes", "yes"],
        "{line}"
    );
    assert_eq!(fonts.lines().count(), 3, "one face only: {fonts}");
    tool("qpdf", &["--check"], &path);
}

/// Issue 36: the PDF is what the association reads. The owner's advice
/// stays on her screen; the fingerprints and the format's name (RFC 8785)
/// are on a last page of their own, labelled for staff; and the sales table
/// has a holiday column only when a day in it is a holiday.
#[test]
fn the_association_reads_facts_and_the_machine_part_is_on_a_page_for_staff() {
    let mut claim = example("kakao-cake-prior-week");
    // Every Kakao document missing, and an account number with 9 digits:
    // warnings whose messages on the owner's screen ask her to act.
    claim["evidence"] = json!([
        {"kind": "sales_proof", "file_name": "매출.pdf", "sha256": "ab".repeat(32)}
    ]);
    claim["business"]["bank"]["account"] = json!("123-456-789");
    let rendered = render(&claim, &[], &options()).unwrap();
    let path = keep("for-staff", &rendered);
    let (_, assessment) = claim_core::assess_value(claim.as_object().unwrap());
    let report = claim_core::Report::new(&assessment, Lang::Ko);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("첨부해 주세요")),
        "the owner's report asks her to attach: {:?}",
        report.warnings
    );
    let last = rendered.pages;
    let before_last: String = (1..last).map(|page| page_text(&path, page)).collect();
    let squeezed = before_last.replace(char::is_whitespace, "");
    for advice in ["주세요", "RFC8785", &rendered.json_sha256, &"ab".repeat(32)] {
        assert!(
            !squeezed.contains(advice),
            "{advice:?} before the staff's page:\n{before_last}"
        );
    }
    for fact in [
        "'소상공인확인서'가첨부되지않았습니다",
        "계좌번호가숫자9자리로",
        "매출.pdf",
    ] {
        assert!(squeezed.contains(fact), "missing {fact:?}:\n{before_last}");
    }
    let staff = page_text(&path, last);
    let staff_squeezed = staff.replace(char::is_whitespace, "");
    for expected in [
        "연합회확인용",
        "RFC8785",
        rendered.json_sha256.as_str(),
        &"ab".repeat(32),
        "매출.pdf",
    ] {
        assert!(
            staff_squeezed.contains(expected),
            "missing {expected:?} on the staff's page:\n{staff}"
        );
    }
    // The table lists the period's days. Kakao's 15–21 Oct 2022 holds no
    // holiday: no holiday column. An outage over 한글날 has one.
    let sales_table = |text: &str| {
        // From its heading to the notes under it (which may name a
        // holiday) or the next section.
        let part = &text[text.find("매출 비교").unwrap()..];
        let end = ["확인할 점", "4."]
            .iter()
            .filter_map(|mark| part.find(mark))
            .min()
            .unwrap_or(part.len());
        part[..end].to_owned()
    };
    assert!(
        !sales_table(&before_last).contains("공휴일"),
        "{before_last}"
    );
    let mut over_holiday = example("kakao-cake-prior-week");
    over_holiday["incident"] = json!({
        "start": "2022-10-08T10:00:00+09:00",
        "end": "2022-10-10T20:00:00+09:00"
    });
    over_holiday["lost_orders"] = json!([]);
    let rendered = render(&over_holiday, &[], &options()).unwrap();
    let path = keep("holiday-column", &rendered);
    let table = sales_table(&stdout_text(&path));
    assert!(
        table.contains("공휴일") && table.contains("2022년 10월 9일(일)"),
        "{table}"
    );
}

#[test]
fn english_when_asked() {
    let options = Options {
        lang: Lang::En,
        ..options()
    };
    let rendered = render(&example("kakao-cake-prior-week"), &[], &options).unwrap();
    let path = keep("kakao-cake-prior-week-en", &rendered);
    let text = stdout_text(&path);
    for expected in [
        "Platform outage damage claim",
        "KRW 1,314,400",
        "Sat 15 Oct 2022",
        "Sales compared",
        "Individual review (loss over 500,000)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let squeezed = text.replace(char::is_whitespace, "");
    assert!(squeezed.contains(&format!("Page1/{}", rendered.pages)));
    assert!(!text.contains("원정"), "no Hangul amount words in English");
}

#[test]
fn the_qr_code_holds_the_claim_and_the_fingerprint_of_the_attached_json() {
    let rendered = render(&example("kakao-cake-prior-week"), &[], &options()).unwrap();
    let path = out_dir().join("qr.pdf");
    std::fs::write(&path, &rendered.bytes).unwrap();
    let image = out_dir().join("qr-page");
    let status = Command::new("pdftoppm")
        .args(["-r", "200", "-f", "1", "-l", "1", "-png", "-singlefile"])
        .arg(&path)
        .arg(&image)
        .status()
        .unwrap();
    assert!(status.success());
    let decoded = tool("zbarimg", &["--raw", "-q"], &image.with_extension("png"));
    let payload: Value = serde_json::from_str(decoded.trim()).unwrap();
    assert_eq!(
        payload,
        json!({
            "claimed": 1_314_400,
            "format": "claimdesk.qr/1",
            "id": rendered.claim_id,
            "registration_number": "105-23-45674",
            "sha256": rendered.json_sha256,
        })
    );
    let attached = claim_pdf::read_attached_claim(&rendered.bytes).unwrap();
    assert_eq!(claim_pdf::sha256_hex(&attached), rendered.json_sha256);
}

#[test]
fn the_attached_json_is_canonical_masked_and_gives_the_same_report() {
    let original = example("kakao-cake-prior-week");
    let rendered = render(&original, &[], &options()).unwrap();
    let attached = claim_pdf::read_attached_claim(&rendered.bytes).unwrap();
    let value: Value = serde_json::from_slice(&attached).unwrap();
    assert_eq!(
        serde_jcs::to_vec(&value).unwrap(),
        attached,
        "RFC 8785 canonical"
    );
    assert_eq!(value["id"], rendered.claim_id.as_str());
    assert_eq!(value["lost_orders"][0]["customer_name"], "이*진");
    assert_eq!(value["lost_orders"][0]["customer_phone"], "010-****-3333");
    let report = |bytes: &[u8]| {
        let (_, assessment) = claim_core::assess_document(bytes).unwrap();
        serde_json::to_value(claim_core::Report::new(&assessment, Lang::Ko)).unwrap()
    };
    assert_eq!(
        report(&attached),
        report(&serde_json::to_vec(&original).unwrap())
    );

    // With the owner's opt-in, names and phones are kept, on the page too.
    let options = Options {
        include_customer_details: true,
        ..options()
    };
    let rendered = render(&original, &[], &options).unwrap();
    let attached = claim_pdf::read_attached_claim(&rendered.bytes).unwrap();
    assert!(String::from_utf8(attached).unwrap().contains("이수진"));
    let path = keep("customer-details-included", &rendered);
    assert!(stdout_text(&path).contains("010-2222-3333"));
}

#[test]
fn a_pdf_without_a_claim_is_told_apart() {
    let error = claim_pdf::read_attached_claim(b"%PDF-1.4 not really").unwrap_err();
    assert!(matches!(error, PdfError::NotAPdf), "{error}");
    let plain = fixture("evidence/certificate.pdf");
    let error = claim_pdf::read_attached_claim(&plain).unwrap_err();
    assert!(
        matches!(error, PdfError::NoAttachedClaim | PdfError::NotAPdf),
        "{error}"
    );
    assert!(error.to_string().contains("claim.json") || error.to_string().contains("PDF"));
}

#[test]
fn same_claim_and_clock_give_the_same_bytes_and_an_id_from_the_content() {
    let mut claim = example("kakao-cake-prior-week");
    claim.as_object_mut().unwrap().remove("id");
    let first = render(&claim, &[], &options()).unwrap();
    let second = render(&claim, &[], &options()).unwrap();
    assert!(
        first.bytes == second.bytes,
        "same claim, same clock, same bytes"
    );
    assert_eq!(first.claim_id, second.claim_id);
    let id = uuid_version(&first.claim_id);
    assert_eq!(id, 8, "a content-derived (custom) UUID, not a random one");
    let mut other = claim.clone();
    other["narrative"] = json!("다른 내용");
    assert_ne!(
        render(&other, &[], &options()).unwrap().claim_id,
        first.claim_id
    );
    // Another clock: other bytes, the other date printed.
    let later = Options {
        at: "2026-12-01T01:00:00Z".parse().unwrap(),
        ..options()
    };
    let third = render(&claim, &[], &later).unwrap();
    assert!(third.bytes != first.bytes);
    let path = keep("later-clock", &third);
    assert!(stdout_text(&path).contains("2026년 12월 1일(화) 10:00"));
    // A claim with its own id keeps it.
    claim["id"] = json!("01936f2e-8a4b-7c3d-9e5f-0a1b2c3d4e5f");
    assert_eq!(
        render(&claim, &[], &options()).unwrap().claim_id,
        "01936f2e-8a4b-7c3d-9e5f-0a1b2c3d4e5f"
    );
}

fn uuid_version(id: &str) -> u32 {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    assert_eq!(hex.len(), 32, "{id}");
    hex[12..13].parse::<u32>().unwrap()
}

#[test]
fn a_claim_with_errors_is_refused_unless_it_is_a_draft() {
    let claim = example("invalid-several-errors");
    match render(&claim, &[], &options()) {
        Err(PdfError::HasErrors(errors)) => assert_eq!(errors.len(), 5),
        other => panic!("{:?}", other.map(|r| r.pages)),
    }
    let draft = Options {
        draft: true,
        ..options()
    };
    let rendered = render(&claim, &[], &draft).unwrap();
    let path = keep("invalid-draft", &rendered);
    for page in 1..=rendered.pages {
        let text = page_text(&path, page).replace(char::is_whitespace, "");
        assert!(text.contains("초안/DRAFT"), "page {page} has no draft mark");
    }
    assert!(
        stdout_text(&path).contains("E_BRN_CHECKSUM"),
        "the errors are listed"
    );
}

/// A claim with `orders` lost orders, all inside the Kakao window.
fn many_orders(orders: usize) -> Value {
    let mut claim = example("kakao-cake-prior-week");
    let list: Vec<Value> = (0..orders)
        .map(|i| {
            json!({
                "ref": format!("R-{i:04}"),
                "at": format!("2022-10-16T{:02}:{:02}:00+09:00", 8 + i % 12, i % 60),
                "service": "talk_channel",
                "amount": 1000 + i as i64,
                "customer_name": "홍길동",
                "customer_phone": "010-9876-5432",
            })
        })
        .collect();
    claim["lost_orders"] = Value::Array(list);
    claim
}

#[test]
fn five_hundred_orders_flow_over_pages_with_the_header_repeated() {
    let rendered = render(&many_orders(500), &[], &options()).unwrap();
    let path = keep("500-orders", &rendered);
    let text = stdout_text(&path);
    for i in 0..500 {
        let reference = format!("R-{i:04}");
        assert!(text.contains(&reference), "{reference} is missing");
    }
    assert!(!text.contains("홍길동") && !text.contains("9876"));
    // The table's header is on every page the table runs over.
    let pages_with_orders: Vec<usize> = (1..=rendered.pages)
        .filter(|page| page_text(&path, *page).contains("R-0"))
        .collect();
    assert!(pages_with_orders.len() >= 8, "{pages_with_orders:?}");
    for page in &pages_with_orders {
        assert!(
            page_text(&path, *page).contains("주문 번호"),
            "page {page} has rows but no header"
        );
    }
    // Nothing is drawn into the footer zone or off the page.
    let boxes = tool("pdftotext", &["-bbox"], &path);
    let footer_top = 841.89 - 48.0;
    for line in boxes
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
    {
        let number = |key: &str| -> f32 {
            let start = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
            line[start..].split('"').next().unwrap().parse().unwrap()
        };
        let word = line
            .rsplit('>')
            .nth(1)
            .unwrap_or("")
            .split('<')
            .next()
            .unwrap_or("");
        assert!(number("yMin") >= 0.0 && number("yMax") <= 841.89, "{line}");
        if number("yMax") > footer_top {
            assert!(
                word.starts_with("ClaimDesk")
                    || word.starts_with("CD-")
                    || word == "·"
                    || word == "/"
                    || word == "쪽"
                    || word.chars().all(|c| c.is_ascii_digit()),
                "{word:?} is in the footer zone: {line}"
            );
        }
    }
    tool("qpdf", &["--check"], &path);
}

#[test]
fn evidence_photos_become_pages_and_a_jpeg_is_not_re_encoded() {
    let jpeg = fixture("evidence/receipt.jpg");
    let png = fixture("evidence/kakao-channel-screenshot.png");
    let mut claim = example("kakao-cake-prior-week");
    let sha_jpeg = claim_pdf::sha256_hex(&jpeg);
    let sha_png = claim_pdf::sha256_hex(&png);
    claim["evidence"] = json!([
        {"kind": "sales_proof", "file_name": "영수증.jpg", "sha256": sha_jpeg},
        {"kind": "service_use_proof", "file_name": "채널.png", "sha256": sha_png},
    ]);
    let evidence = [
        EvidenceFile {
            sha256: sha_jpeg.clone(),
            bytes: jpeg.clone(),
        },
        EvidenceFile {
            sha256: sha_png.clone(),
            bytes: png,
        },
    ];
    let without = render(&claim, &[], &options()).unwrap();
    let rendered = render(&claim, &evidence, &options()).unwrap();
    assert_eq!(rendered.pages, without.pages + 2);
    let path = keep("evidence-photos", &rendered);
    // The last photo comes just before the staff's page.
    let last = page_text(&path, rendered.pages - 1);
    assert!(
        last.contains("채널.png") && last.contains(&sha_png),
        "{last}"
    );
    let listing = tool("pdfimages", &["-list"], &path);
    assert!(listing.lines().any(|l| l.contains(" jpeg ")), "{listing}");
    // The JPEG inside is the file itself, byte for byte.
    let prefix = out_dir().join("evidence-image");
    let status = Command::new("pdfimages")
        .args(["-j"])
        .arg(&path)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let extracted: Vec<Vec<u8>> = std::fs::read_dir(out_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy().contains("evidence-image")
                && p.extension().is_some_and(|x| x == "jpg")
        })
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert!(extracted.contains(&jpeg), "the JPEG was re-encoded");
}

#[test]
fn long_korean_text_wraps_and_no_character_vanishes() {
    let mut claim = example("kakao-cake-prior-week");
    let long_word = "가".repeat(150);
    let narrative = format!(
        "☑ 주말 예약 확인 완료 — 토요일 오후 세 시 반부터 카카오톡 채널로 들어오던 케이크 주문과 예약 문의를 전혀 받지 못했습니다. {long_word} 끝."
    );
    claim["narrative"] = json!(narrative);
    let rendered = render(&claim, &[], &options()).unwrap();
    let path = keep("long-narrative", &rendered);
    let text = stdout_text(&path);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squeezed.contains(&long_word),
        "the long word is broken across lines, not cut"
    );
    // ☑ is not in NanumGothic: it is replaced by something visible.
    assert!(squeezed.contains("[V]주말예약확인완료"), "{text}");
    assert!(squeezed.contains("끝."));
}

#[test]
fn fonts_the_owner_chooses_are_checked() {
    let missing = Options {
        font: FontChoice::File("/nonexistent/font.ttf".into()),
        ..options()
    };
    let error = render(&example("kakao-cake-prior-week"), &[], &missing).unwrap_err();
    assert_eq!(error.code(), "E_FONT_UNREADABLE", "{error}");
    let latin = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    let no_hangul = Options {
        font: FontChoice::File(latin.into()),
        ..options()
    };
    let error = render(&example("kakao-cake-prior-week"), &[], &no_hangul).unwrap_err();
    assert_eq!(error.code(), "E_FONT_NO_HANGUL", "{error}");
    assert!(error.to_string().contains("한글"));
    let not_a_font = Options {
        font: FontChoice::File(fixture_path("evidence/daily-sales.csv")),
        ..options()
    };
    let error = render(&example("kakao-cake-prior-week"), &[], &not_a_font).unwrap_err();
    assert_eq!(error.code(), "E_FONT_UNREADABLE", "{error}");

    // A collection (.ttc) whose first face has no Hangul: the Hangul face in
    // it is found and used.
    let nanum = std::fs::read("/usr/share/fonts/truetype/nanum/NanumGothic.ttf").unwrap();
    let dejavu = std::fs::read(latin).unwrap();
    let collection = out_dir().join("dejavu-and-nanum.ttc");
    std::fs::write(&collection, font_collection(&[&dejavu, &nanum])).unwrap();
    let from_collection = Options {
        font: FontChoice::File(collection),
        ..options()
    };
    let rendered = render(&example("kakao-cake-prior-week"), &[], &from_collection).unwrap();
    let path = keep("font-from-collection", &rendered);
    assert!(stdout_text(&path).contains("금 일백삼십일만사천사백원정"));
    assert!(tool("pdffonts", &[], &path).contains("+NanumGothic"));
}

fn fixture_path(path: &str) -> PathBuf {
    PathBuf::from(format!(
        "{}/../../../tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
}

/// A TrueType collection of `fonts` (each a single-face .ttf): the `ttcf`
/// header, then each font with its table offsets moved by where it now starts.
fn font_collection(fonts: &[&[u8]]) -> Vec<u8> {
    let header = 12 + 4 * fonts.len();
    let mut out = Vec::new();
    out.extend_from_slice(b"ttcf");
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
    let mut starts = Vec::new();
    let mut at = header;
    for font in fonts {
        at = at.next_multiple_of(4);
        starts.push(at);
        at += font.len();
    }
    for start in &starts {
        out.extend_from_slice(&(*start as u32).to_be_bytes());
    }
    for (font, start) in fonts.iter().zip(&starts) {
        out.resize(*start, 0);
        let mut copy = font.to_vec();
        let tables = u16::from_be_bytes([copy[4], copy[5]]) as usize;
        for table in 0..tables {
            let record = 12 + 16 * table + 8;
            let offset = u32::from_be_bytes(copy[record..record + 4].try_into().unwrap());
            copy[record..record + 4].copy_from_slice(&(offset + *start as u32).to_be_bytes());
        }
        out.extend_from_slice(&copy);
    }
    out
}

/// An imported incident: the PDF states whether the association's signature
/// was verified and the filing deadline the claim was filed against.
#[test]
fn an_imported_incident_shows_its_verification_and_deadline() {
    use claim_core::signature::{open_definition, TrustedKey};
    let claim = serde_json::json!({
        "format": "claimdesk.claim/1",
        "business": {"name": "드릴 분식", "representative": "김대표", "phone": "02-123-4567",
                     "registration_number": "105-23-45674", "industry": "food", "region": "seoul"},
        "incident": {"preset": "drill-2026-11"},
        "affected_services": [{"service": "talk_channel", "paid": false}],
        "baseline": {"method": "prior_week"},
        "daily_sales": [
            {"date": "2026-10-31", "amount": 500000}, {"date": "2026-11-01", "amount": 400000},
            {"date": "2026-11-07", "amount": 300000}, {"date": "2026-11-08", "amount": 350000}
        ]
    });
    let incidents_for = |file: &str| {
        let opened = open_definition(&fixture(file), &TrustedKey::shipped()).unwrap();
        claim_core::Incidents::with_imported([(opened.definition, opened.verification)])
    };
    // Without the definition the claim has an error: no final PDF.
    assert!(render(&claim, &[], &options()).is_err());

    let signed = Options {
        incidents: incidents_for("incidents/drill-2026-11.signed.json"),
        ..options()
    };
    let text = stdout_text(&keep(
        "drill-verified",
        &render(&claim, &[], &signed).unwrap(),
    ));
    let flat = text.split_whitespace().collect::<String>();
    assert!(flat.contains("서명확인됨:소상공인연합회"), "{text}");
    assert!(flat.contains("접수마감"), "{text}");
    assert!(flat.contains("2026년12월10일"), "{text}");
    assert!(!flat.contains("확인되지않은"), "{text}");

    let unsigned = Options {
        incidents: incidents_for("incidents/drill-2026-11.incident.json"),
        ..options()
    };
    let text = stdout_text(&keep(
        "drill-unverified",
        &render(&claim, &[], &unsigned).unwrap(),
    ));
    let flat = text.split_whitespace().collect::<String>();
    assert!(flat.contains("[확인되지않은장애정의(서명없음)]"), "{text}");
    assert!(flat.contains("2026년12월10일"), "{text}");
}

/// The customer notice: one page, its sentences extractable as text.
#[test]
fn the_customer_notice_prints_on_one_page() {
    let notice = claim_core::privacy::customer_notice(
        Lang::Ko,
        Some("행복케이크 망원점"),
        Some("02-123-4567"),
        90,
    );
    let bytes = claim_pdf::render_notice(
        &notice,
        "2026-11-25T05:05:00Z".parse().unwrap(),
        &FontChoice::System,
    )
    .unwrap();
    let path = out_dir().join("customer-notice.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let text = stdout_text(&path);
    let flat = text.split_whitespace().collect::<String>();
    assert!(
        flat.contains("고객님의이름과전화번호를적어두는이유"),
        "{text}"
    );
    assert!(flat.contains("행복케이크망원점은"), "{text}");
    assert!(flat.contains("90일이지나면지웁니다"), "{text}");
    assert!(
        flat.contains("문의:행복케이크망원점(02-123-4567)"),
        "{text}"
    );
    assert_eq!(text.matches('\u{c}').count(), 1, "one page");
}

/// The receipt (issue 19): one page with the numbers, the amount, the times
/// in Korea time and the signing key's fingerprint, all extractable.
#[test]
fn the_receipt_prints_on_one_page_with_its_fingerprint() {
    let receipt = claim_core::answer::Receipt {
        format: claim_core::answer::RECEIPT_FORMAT.into(),
        receipt_number: "RC-2026-000042".into(),
        intake_number: Some("RX-2026-000007".into()),
        claim_id: "0192f5c4-7d2a-7b3c-9f1e-2a3b4c5d6e7f".into(),
        claim_number: Some("CD-2026-000017".into()),
        registration_number: "1052345674".into(),
        business_name: Some("행복케이크 망원점".into()),
        claimed: Some(1_314_400),
        received_at: "2026-12-04T01:02:03Z".into(),
        issued_at: "2026-12-04T01:05:00Z".into(),
        claim_sha256: "0123456789abcdef".repeat(4),
        issuer: "소상공인연합회".into(),
    };
    let bytes = claim_pdf::render_receipt(
        &receipt,
        "ABCD-0123-4567-89EF",
        "2026-12-04T01:05:00Z".parse().unwrap(),
        &FontChoice::System,
    )
    .unwrap();
    let path = out_dir().join("receipt.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let text = stdout_text(&path);
    let flat = text.split_whitespace().collect::<String>();
    for expected in [
        "접수증",
        "RC-2026-000042",
        // The association's number for the claim (issue 36, receipt/2).
        "연합회번호RX-2026-000007",
        "CD-2026-000017",
        "105-23-45674",
        "1,314,400원",
        // 01:02:03 UTC is 10:02:03 in Korea.
        "2026-12-0410:02:03(한국시간)",
        "ABCD-0123-4567-89EF",
        "0123456789abcdef0123456789abcdef",
        // The issuer's particle chosen by its name (issue 36).
        "소상공인연합회는위사업장의",
    ] {
        assert!(flat.contains(expected), "{expected} in {text}");
    }
    assert!(!flat.contains("은(는)"), "{text}");
    assert_eq!(text.matches('\u{c}').count(), 1, "one page");
}

/// A received PDF whose attached claim inflates past a claim's limit (a few
/// kilobytes of PDF that would be gigabytes) is refused, never inflated.
#[test]
fn an_attached_claim_that_inflates_past_the_limit_is_refused() {
    use std::io::Write;
    let rendered = render(&example("kakao-cake-prior-week"), &[], &options()).unwrap();
    let mut document = lopdf::Document::load_mem(&rendered.bytes).unwrap();
    let bomb = {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder
            .write_all(&vec![b' '; claim_core::MAX_CLAIM_BYTES + 1024 * 1024])
            .unwrap();
        encoder.finish().unwrap()
    };
    let mut replaced = 0;
    for object in document.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            if stream
                .dict
                .get(b"Type")
                .and_then(lopdf::Object::as_name)
                .ok()
                == Some(b"EmbeddedFile")
            {
                stream.set_content(bomb.clone());
                stream
                    .dict
                    .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                replaced += 1;
            }
        }
    }
    assert_eq!(replaced, 1, "the claim's attachment");
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).unwrap();
    assert!(
        bytes.len() < 200 * 1024,
        "a small file: {} bytes",
        bytes.len()
    );
    let error = claim_pdf::read_attached_claim(&bytes).unwrap_err();
    assert!(
        matches!(error, PdfError::TooLarge { limit_mb: 10 }),
        "{error}"
    );
    assert_eq!(error.code().as_str(), "E_FILE_TOO_LARGE");
}

/// A PNG over 2,000 px a side is scaled down in the PDF and its page says
/// from what; one past 150 million pixels is listed, not shown, with why.
#[test]
fn a_large_png_is_scaled_down_and_one_past_the_pixel_limit_is_listed_with_why() {
    let encode = |width: u32, height: u32, data: &[u8]| {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(data)
            .unwrap();
        out
    };
    let wide = encode(4_500, 300, &vec![200u8; 4_500 * 300 * 3]);
    // A header saying 13,000 × 12,000 (156 million pixels) and one row.
    let mut huge = encode(1, 1, &[0, 0, 0]);
    huge[16..20].copy_from_slice(&13_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&12_000u32.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&huge[12..29]);
    let sum = crc.sum();
    huge[29..33].copy_from_slice(&sum.to_be_bytes());
    let (sha_wide, sha_huge) = (claim_pdf::sha256_hex(&wide), claim_pdf::sha256_hex(&huge));
    let mut claim = example("kakao-cake-prior-week");
    claim["evidence"] = json!([
        {"kind": "sales_proof", "file_name": "넓은매출표.png", "sha256": sha_wide},
        {"kind": "service_use_proof", "file_name": "아주큰화면.png", "sha256": sha_huge},
    ]);
    let evidence = [
        EvidenceFile {
            sha256: sha_wide,
            bytes: wide,
        },
        EvidenceFile {
            sha256: sha_huge,
            bytes: huge,
        },
    ];
    let without = render(&claim, &[], &options()).unwrap();
    let rendered = render(&claim, &evidence, &options()).unwrap();
    let path = keep("large-photos", &rendered);
    assert!(rendered.pages > without.pages);
    let listing = tool("pdfimages", &["-list"], &path);
    // ceil(4,500 / 2,000) = 3: 1,500 × 100.
    assert!(
        listing.lines().any(|l| {
            let columns: Vec<&str> = l.split_whitespace().collect();
            columns.get(3) == Some(&"1500") && columns.get(4) == Some(&"100")
        }),
        "{listing}"
    );
    let text: String = stdout_text(&path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("원본 4500×300 화소를 1500×100 화소로 줄여 실음"),
        "{text}"
    );
    assert!(
        text.contains("(사진이 1억 5천만 화소를 넘어 싣지 못함)"),
        "{text}"
    );
    // One photo page, the wide one's.
    assert_eq!(text.matches("증빙: ").count(), 1, "{text}");
    assert_eq!(
        listing.lines().filter(|l| l.contains(" image ")).count(),
        1,
        "{listing}"
    );
}

/// `base` with one incremental update appended that adds `object` as
/// object `number`: its bytes, a cross-reference section for it, and a
/// trailer pointing back to the one before (as a PDF editor saves).
fn with_update(base: &[u8], number: u32, object: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(base);
    let previous: usize = text[text.rfind("startxref").unwrap() + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let document = lopdf::Document::load_mem(base).unwrap();
    let root = document
        .trailer
        .get(b"Root")
        .unwrap()
        .as_reference()
        .unwrap();
    let size = document.max_id.max(number) + 1;
    let mut out = base.to_vec();
    let at = out.len();
    out.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
    out.extend_from_slice(object);
    out.extend_from_slice(b"\nendobj\n");
    let xref = out.len();
    out.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{number} 1\n{at:010} 00000 n \ntrailer\n<</Size {size}/Root {} {} R/Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n",
            root.0, root.1
        )
        .as_bytes(),
    );
    out
}

/// A received PDF is bounded in all, not per stream: object streams each
/// under the per-stream limit, brought by incremental updates one after
/// another, hold more than the whole may. Made from a real claim PDF so
/// that, within the limit, its claim reads.
#[test]
fn object_streams_in_incremental_updates_are_bounded_in_all() {
    use std::io::Write;
    let rendered = render(&example("kakao-cake-prior-week"), &[], &options()).unwrap();
    // An object stream of one string object of `megabytes` MB, compressed.
    let object_stream = |inner: u32, megabytes: usize| {
        let header = format!("{inner} 0 ");
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(header.as_bytes()).unwrap();
        encoder.write_all(b"(").unwrap();
        encoder
            .write_all(&vec![b'x'; megabytes * 1024 * 1024])
            .unwrap();
        encoder.write_all(b")").unwrap();
        let packed = encoder.finish().unwrap();
        let mut object = format!(
            "<</Type/ObjStm/N 1/First {}/Filter/FlateDecode/Length {}>>\nstream\n",
            header.len(),
            packed.len()
        )
        .into_bytes();
        object.extend_from_slice(&packed);
        object.extend_from_slice(b"\nendstream");
        object
    };
    let with_streams = |count: u32, megabytes: usize| {
        let mut bytes = rendered.bytes.clone();
        for index in 0..count {
            bytes = with_update(&bytes, 900 + index, &object_stream(800 + index, megabytes));
        }
        bytes
    };
    // Six of 12 MB: each under the 16 MB a stream may inflate to, 72 MB in all.
    let bomb = with_streams(6, 12);
    assert!(
        bomb.len() < 1024 * 1024,
        "a small file: {} bytes",
        bomb.len()
    );
    let error = claim_pdf::read_attached_claim(&bomb).unwrap_err();
    assert!(
        matches!(error, PdfError::TooLarge { limit_mb: 64 }),
        "{error}"
    );
    assert_eq!(error.code().as_str(), "E_FILE_TOO_LARGE");
    // Two of them are within the whole (each counted as it inflates and
    // as the object it holds, 48 MB), and the claim reads.
    let fine = with_streams(2, 12);
    let attached = claim_pdf::read_attached_claim(&fine).unwrap();
    assert_eq!(
        claim_pdf::sha256_hex(&attached),
        rendered.json_sha256,
        "the attached claim, unchanged"
    );
}

/// The ids of the objects on the way from the trailer to the attached
/// claim: catalog, name dictionaries, the name array, file spec, its EF
/// dictionary and the stream (those that are references).
fn attachment_path(document: &lopdf::Document) -> Vec<lopdf::ObjectId> {
    let mut path = vec![document
        .trailer
        .get(b"Root")
        .unwrap()
        .as_reference()
        .unwrap()];
    let mut step = |object: &lopdf::Object| -> lopdf::Object {
        match object {
            lopdf::Object::Reference(id) => {
                path.push(*id);
                document.get_object(*id).unwrap().clone()
            }
            other => other.clone(),
        }
    };
    let catalog = document.catalog().unwrap().clone();
    let names = step(catalog.get(b"Names").unwrap());
    let files = step(names.as_dict().unwrap().get(b"EmbeddedFiles").unwrap());
    let list = step(files.as_dict().unwrap().get(b"Names").unwrap());
    let spec = step(&list.as_array().unwrap()[1]);
    let ef = step(spec.as_dict().unwrap().get(b"EF").unwrap());
    step(ef.as_dict().unwrap().get(b"F").unwrap());
    path
}

/// A claim attached twice, or one reached through anything an incremental
/// update (re)defined, is refused: the pages were written for the claim
/// ClaimDesk attached, and may say another. An update that touches
/// nothing on the way (a viewer's note) leaves the claim readable.
#[test]
fn a_claim_attached_twice_or_by_an_update_is_refused() {
    let rendered = render(&example("kakao-cake-prior-week"), &[], &options()).unwrap();
    let original = lopdf::Document::load_mem(&rendered.bytes).unwrap();
    let path = attachment_path(&original);
    assert!(path.len() >= 3, "{path:?}");
    let updated = |change: &dyn Fn(&mut lopdf::IncrementalDocument)| {
        let mut document = lopdf::IncrementalDocument::create_from(
            rendered.bytes.clone(),
            lopdf::Document::load_mem(&rendered.bytes).unwrap(),
        );
        change(&mut document);
        let mut bytes = Vec::new();
        document.save_to(&mut bytes).unwrap();
        bytes
    };
    // Each object on the way, written again unchanged in an update.
    for id in &path {
        let bytes = updated(&|document| document.opt_clone_object_to_new_document(*id).unwrap());
        assert!(bytes.len() > rendered.bytes.len() && bytes.starts_with(&rendered.bytes));
        let error = claim_pdf::read_attached_claim(&bytes).unwrap_err();
        assert!(matches!(error, PdfError::ClaimAltered), "{id:?}: {error}");
        assert_eq!(error.code().as_str(), "E_PDF_CLAIM_ALTERED");
    }
    // The claim's stream replaced by another claim.
    let stream_id = *path.last().unwrap();
    let replaced = updated(&|document| {
        document
            .opt_clone_object_to_new_document(stream_id)
            .unwrap();
        let object = document.new_document.get_object_mut(stream_id).unwrap();
        let mut other = serde_json::to_vec(&example("kakao-cake-best-week")).unwrap();
        other.push(b'\n');
        let stream = object.as_stream_mut().unwrap();
        stream.dict.remove(b"Filter");
        stream.set_content(other);
    });
    assert!(matches!(
        claim_pdf::read_attached_claim(&replaced),
        Err(PdfError::ClaimAltered)
    ));
    // An update of something else: the claim still reads, unchanged.
    let info = original
        .trailer
        .get(b"Info")
        .unwrap()
        .as_reference()
        .unwrap();
    let noted = updated(&|document| document.opt_clone_object_to_new_document(info).unwrap());
    let attached = claim_pdf::read_attached_claim(&noted).unwrap();
    assert_eq!(claim_pdf::sha256_hex(&attached), rendered.json_sha256);
    // Two claims by one name, the PDF rewritten whole.
    let mut doubled = original.clone();
    // The name array, wherever it sits (an object of its own or inside a
    // dictionary), gets its pair twice.
    fn double_the_pair(object: &mut lopdf::Object) -> bool {
        match object {
            lopdf::Object::Array(items)
                if items.first().and_then(|key| key.as_str().ok()) == Some(b"claim.json") =>
            {
                let pair = items[..2].to_vec();
                items.extend(pair);
                true
            }
            lopdf::Object::Array(items) => items.iter_mut().any(double_the_pair),
            lopdf::Object::Dictionary(dict) => {
                dict.iter_mut().any(|(_, value)| double_the_pair(value))
            }
            _ => false,
        }
    }
    assert!(doubled.objects.values_mut().any(double_the_pair));
    let mut bytes = Vec::new();
    doubled.save_to(&mut bytes).unwrap();
    assert!(matches!(
        claim_pdf::read_attached_claim(&bytes),
        Err(PdfError::ClaimAltered)
    ));
}

/// The attached claim's stream, wherever the catalog's name tree puts it.
fn attached_stream(document: &lopdf::Document) -> lopdf::ObjectId {
    *attachment_path(document).last().unwrap()
}

/// `document` written out whole, as a program that rewrites a PDF does (no
/// incremental update for the earlier check to find).
fn rewritten(mut document: lopdf::Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).unwrap();
    bytes
}

/// `claim`'s attachment as [`render`] would attach it.
fn attachment_of(claim: &Value) -> Vec<u8> {
    claim_pdf::attached_json(claim, false).unwrap()
}

/// Issue 35 §3: the pages and the attached claim go together. A PDF
/// rewritten whole with another claim attached (the pages still show the
/// first one's amount and account), or with the QR code taken off its
/// first page, or with a page changed by an update, is refused.
#[test]
fn the_pages_and_the_attached_claim_must_go_together() {
    let rendered = render(&example("kakao-cake-prior-week"), &[], &options()).unwrap();
    let original = lopdf::Document::load_mem(&rendered.bytes).unwrap();
    assert!(claim_pdf::read_attached_claim(&rewritten(original.clone())).is_ok());

    let mut other = example("kakao-cake-prior-week");
    other["business"]["bank"]["account"] = "999-99-999999".into();
    let mut swapped = original.clone();
    let stream = attached_stream(&swapped);
    let stream = swapped
        .get_object_mut(stream)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    stream.dict.remove(b"Filter");
    stream.set_content(attachment_of(&other));
    let error = claim_pdf::read_attached_claim(&rewritten(swapped)).unwrap_err();
    assert!(matches!(error, PdfError::ClaimAltered), "{error}");
    assert!(error.to_string().contains("QR"), "{error}");

    // The first page without its QR code (every filled rectangle dropped).
    let mut bare = original.clone();
    let first = *bare.get_pages().values().next().unwrap();
    let contents = bare.get_page_contents(first);
    for id in contents {
        let stream = bare.get_object_mut(id).unwrap().as_stream_mut().unwrap();
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let mut decoded = lopdf::content::Content::decode(&content).unwrap();
        decoded.operations.retain(|op| op.operator != "re");
        stream.dict.remove(b"Filter");
        stream.set_content(decoded.encode().unwrap());
    }
    assert!(matches!(
        claim_pdf::read_attached_claim(&rewritten(bare)),
        Err(PdfError::ClaimAltered)
    ));

    // A page's content written again by an update.
    let mut document = lopdf::IncrementalDocument::create_from(
        rendered.bytes.clone(),
        lopdf::Document::load_mem(&rendered.bytes).unwrap(),
    );
    let content = original.get_page_contents(first)[0];
    document.opt_clone_object_to_new_document(content).unwrap();
    let mut updated = Vec::new();
    document.save_to(&mut updated).unwrap();
    assert!(matches!(
        claim_pdf::read_attached_claim(&updated),
        Err(PdfError::ClaimAltered)
    ));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
    /// For claims of other amounts and accounts: each PDF reads back its own
    /// claim, and never another claim put in its place.
    #[test]
    fn a_pdf_reads_only_the_claim_its_pages_were_made_for(
        account in "[0-9]{3}-[0-9]{2}-[0-9]{6}",
        other_account in "[0-9]{3}-[0-9]{2}-[0-9]{6}",
        extra in 0i64..5_000_000,
        english in proptest::bool::ANY,
    ) {
        let mut claim = example("kakao-cake-prior-week");
        claim["business"]["bank"]["account"] = account.clone().into();
        claim["extra_costs"] = json!([{"description": "폐기한 재료", "amount": extra}]);
        let mut options = options();
        if english {
            options.lang = Lang::En;
        }
        let rendered = render(&claim, &[], &options).unwrap();
        let read = claim_pdf::read_attached_claim(&rendered.bytes).unwrap();
        proptest::prop_assert_eq!(claim_pdf::sha256_hex(&read), rendered.json_sha256.clone());
        let mut other = claim.clone();
        other["business"]["bank"]["account"] = other_account.clone().into();
        other["extra_costs"] = json!([{"description": "폐기한 재료", "amount": extra + 1}]);
        let mut swapped = lopdf::Document::load_mem(&rendered.bytes).unwrap();
        let stream = attached_stream(&swapped);
        let stream = swapped.get_object_mut(stream).unwrap().as_stream_mut().unwrap();
        stream.dict.remove(b"Filter");
        stream.set_content(attachment_of(&other));
        proptest::prop_assert!(matches!(
            claim_pdf::read_attached_claim(&rewritten(swapped)),
            Err(PdfError::ClaimAltered)
        ));
    }
}
