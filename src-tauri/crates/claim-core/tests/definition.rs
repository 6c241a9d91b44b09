//! Incident definition files: the built-ins read, and a file that
//! contradicts itself is refused with the field that is wrong.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_core::definition::{DefinitionProblem, IncidentDefinition, BUILT_IN};
use claim_core::Lang;
use serde_json::{json, Value};

fn kakao() -> Value {
    serde_json::from_str(BUILT_IN[0].1).unwrap()
}

/// A change to a good file, the field it makes wrong, and how.
type Case = (Box<dyn Fn(&mut Value)>, &'static str, DefinitionProblem);

fn refused(file: &Value) -> (String, DefinitionProblem) {
    let error = IncidentDefinition::read(file.to_string().as_bytes()).unwrap_err();
    (error.field, error.problem)
}

#[test]
fn the_built_in_files_read_and_a_copy_with_a_new_id_reads_the_same() {
    for (id, text) in BUILT_IN {
        let definition = IncidentDefinition::read(text.as_bytes()).unwrap();
        assert_eq!(definition.id, *id);
    }
    let mut copy = kakao();
    copy["id"] = json!("kakao-2022-10-b");
    let read = IncidentDefinition::read(copy.to_string().as_bytes()).unwrap();
    let original = IncidentDefinition::read(BUILT_IN[0].1.as_bytes()).unwrap();
    assert_eq!(read.id, "kakao-2022-10-b");
    assert_eq!(
        (read.start, read.end, read.compensation.clone()),
        (original.start, original.end, original.compensation.clone())
    );
    assert_eq!(read.services.len(), 6);
    assert_eq!(read.required_evidence.len(), 4);
}

#[test]
fn a_file_that_contradicts_itself_is_refused_naming_the_field() {
    let cases: Vec<Case> = vec![
        (
            Box::new(|f| f["format"] = json!("claimdesk.claim/1")),
            "format",
            DefinitionProblem::WrongFormat,
        ),
        (
            Box::new(|f| f["id"] = json!("Kakao 2022")),
            "id",
            DefinitionProblem::BadId,
        ),
        (
            Box::new(|f| f["title"]["en"] = json!("")),
            "title.en",
            DefinitionProblem::Missing,
        ),
        (
            Box::new(|f| f["window"]["end"] = json!("2022-10-15T15:30:00+09:00")),
            "window.end",
            DefinitionProblem::EndNotAfterStart,
        ),
        (
            Box::new(|f| f["window"]["end"] = json!("2022-12-15T15:30:00+09:00")),
            "window.end",
            DefinitionProblem::TooLong,
        ),
        (
            Box::new(|f| f["window"]["start"] = json!("2022-10-15T15:30:00")),
            "window.start",
            DefinitionProblem::BadDate,
        ),
        (
            Box::new(|f| f["services"][1]["service"] = json!("kakao_taxi")),
            "services[1].service",
            DefinitionProblem::UnknownCode,
        ),
        (
            Box::new(|f| f["services"][1]["service"] = json!("talk_channel")),
            "services[1].service",
            DefinitionProblem::Repeated,
        ),
        (
            Box::new(|f| f["services"][0]["restored_at"] = json!("2022-10-25T00:00:00+09:00")),
            "services[0].restored_at",
            DefinitionProblem::RestoredOutsideWindow,
        ),
        (
            Box::new(|f| f["default_period"]["to"] = json!("2022-10-01")),
            "default_period.to",
            DefinitionProblem::PeriodReversed,
        ),
        (
            Box::new(|f| f["default_period"] = json!({"from": "2022-11-01", "to": "2022-11-07"})),
            "default_period",
            DefinitionProblem::PeriodOutsideWindow,
        ),
        (
            Box::new(|f| f["compensation"]["tiers"][1]["up_to"] = json!(300000)),
            "compensation.tiers[1].up_to",
            DefinitionProblem::TiersOutOfOrder,
        ),
        (
            Box::new(|f| f["compensation"]["tiers"][1]["amount"] = json!(10000)),
            "compensation.tiers[1].amount",
            DefinitionProblem::TiersOutOfOrder,
        ),
        (
            Box::new(|f| f["compensation"]["tiers"][0]["amount"] = json!(30000.5)),
            "compensation.tiers[0].amount",
            DefinitionProblem::BadAmount,
        ),
        (
            Box::new(|f| f["required_evidence"][2] = json!("selfie")),
            "required_evidence[2]",
            DefinitionProblem::UnknownCode,
        ),
        (
            Box::new(
                |f| f["deadlines"] = json!([{"kind": "someday", "date": "2023-02-28", "title": {"ko": "a", "en": "b"}}]),
            ),
            "deadlines[0].kind",
            DefinitionProblem::UnknownCode,
        ),
        (
            Box::new(|f| {
                f["deadlines"] = json!([{"kind": "filing", "date": "2022-01-01", "title": {"ko": "a", "en": "b"}}])
            }),
            "deadlines[0].date",
            DefinitionProblem::PeriodReversed,
        ),
    ];
    for (change, field, problem) in cases {
        let mut file = kakao();
        change(&mut file);
        assert_eq!(refused(&file), (field.to_owned(), problem), "{field}");
        let error = IncidentDefinition::read(file.to_string().as_bytes()).unwrap_err();
        assert!(
            error.message(Lang::Ko).contains(field),
            "{}",
            error.message(Lang::Ko)
        );
        assert!(
            error.message(Lang::En).contains(field),
            "{}",
            error.message(Lang::En)
        );
    }
    assert_eq!(
        IncidentDefinition::read(b"not json").unwrap_err().problem,
        DefinitionProblem::NotJson
    );
}

/// Issue 36: both built-in definitions say where to hand a claim in, and
/// Kakao 2022's gives the two deadlines known: the association's reports
/// closed on 1 Nov 2022; Kakao's documents (moved three times) on 31 May
/// 2023.
#[test]
fn the_built_in_definitions_say_where_and_by_when() {
    let incidents = claim_core::Incidents::built_in();
    let kakao = incidents.find("kakao-2022-10").unwrap();
    let filing = kakao.filing_deadline().unwrap();
    assert_eq!(filing.date.to_string(), "2022-11-01");
    assert_eq!(
        kakao.documents_deadline().unwrap().date.to_string(),
        "2023-05-31"
    );
    let words = kakao.hand_in.unwrap().get(Lang::Ko);
    for part in ["10월 17일", "11월 1일", "소상공인 확인서", "통장 사본"] {
        assert!(words.contains(part), "{part}: {words}");
    }
    let kt = incidents.find("kt-2021-10").unwrap();
    assert!(kt.deadlines.is_empty());
    assert!(kt.hand_in.unwrap().get(Lang::Ko).contains("자동으로 감면"));
}

#[test]
fn deadlines_and_optional_parts_are_read() {
    let mut file = kakao();
    file["deadlines"] = json!([
        {"kind": "filing", "date": "2022-11-30", "title": {"ko": "피해 신고 마감", "en": "Report by"}},
        {"kind": "documents", "date": "2023-02-28", "title": {"ko": "서류 제출 마감", "en": "Documents by"}}
    ]);
    file["best_week_reference"] = Value::Null;
    file.as_object_mut().unwrap().remove("compensation");
    let read = IncidentDefinition::read(file.to_string().as_bytes()).unwrap();
    assert_eq!(read.deadlines.len(), 2);
    assert_eq!(read.deadlines[1].date.to_string(), "2023-02-28");
    assert_eq!((read.best_week_reference, read.compensation), (None, None));
}

/// Issue 18: where and how to hand claims in, in the association's words:
/// optional, both languages, bounded, and written back as read.
#[test]
fn hand_in_is_optional_bilingual_and_bounded() {
    let mut file = kakao();
    file.as_object_mut().unwrap().remove("hand_in");
    let without = IncidentDefinition::read(file.to_string().as_bytes()).unwrap();
    assert_eq!(without.hand_in, None);
    file["hand_in"] = json!({"ko": "이메일 claims@example.kr 로 PDF를 보내세요.", "en": "Email the PDF to claims@example.kr."});
    let read = IncidentDefinition::read(file.to_string().as_bytes()).unwrap();
    let hand_in = read.hand_in.clone().unwrap();
    assert_eq!(
        hand_in.get(Lang::Ko),
        "이메일 claims@example.kr 로 PDF를 보내세요."
    );
    assert_eq!(hand_in.get(Lang::En), "Email the PDF to claims@example.kr.");
    let again = IncidentDefinition::read(read.to_json().to_string().as_bytes()).unwrap();
    assert_eq!(again.hand_in, read.hand_in);
    // 500 characters are taken; 501 are refused at the language's field.
    file["hand_in"]["ko"] = json!("가".repeat(500));
    assert!(IncidentDefinition::read(file.to_string().as_bytes()).is_ok());
    file["hand_in"]["ko"] = json!("가".repeat(501));
    assert_eq!(
        refused(&file),
        ("hand_in.ko".to_owned(), DefinitionProblem::TextTooLong)
    );
    file["hand_in"] = json!({"ko": "방문 접수"});
    assert_eq!(
        refused(&file),
        ("hand_in.en".to_owned(), DefinitionProblem::Missing)
    );
    file["hand_in"] = json!("방문 접수");
    assert_eq!(
        refused(&file),
        ("hand_in".to_owned(), DefinitionProblem::WrongType)
    );
    let error = IncidentDefinition::read(
        {
            let mut f = kakao();
            f["hand_in"] = json!({"ko": "가".repeat(501), "en": "x"});
            f
        }
        .to_string()
        .as_bytes(),
    )
    .unwrap_err();
    assert!(
        error.message(Lang::Ko).contains("hand_in.ko"),
        "{}",
        error.message(Lang::Ko)
    );
}

/// Issue 20 (spec §3.1): the compensation rule, by loss or by days out; the
/// older `compensation_tiers` still reads as a rule by loss.
#[test]
fn the_compensation_rule_is_read_by_its_basis() {
    use claim_core::incident::{CompensationRule, DaysTier, Tier};
    use claim_core::money::Won;
    let kt_2018 = json!({"basis": "days_out", "tiers": [
        {"from_days": 1, "amount": 400000},
        {"from_days": 3, "amount": 800000},
        {"from_days": 5, "amount": 1000000},
        {"from_days": 7, "amount": 1200000}
    ]});
    let mut file = kakao();
    file["compensation"] = kt_2018;
    let read = IncidentDefinition::read(file.to_string().as_bytes()).unwrap();
    let steps = |list: &[(u32, i64)]| {
        list.iter()
            .map(|&(from_days, amount)| DaysTier {
                from_days,
                amount: Won::new(amount),
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        read.compensation,
        Some(CompensationRule::DaysOut(steps(&[
            (1, 400_000),
            (3, 800_000),
            (5, 1_000_000),
            (7, 1_200_000)
        ])))
    );
    // Written out and read back, the same rule.
    let again = IncidentDefinition::read(read.to_json().to_string().as_bytes()).unwrap();
    assert_eq!(again, read);

    // A file issued before the rule had a basis.
    let mut old = kakao();
    old.as_object_mut().unwrap().remove("compensation");
    old["compensation_tiers"] = json!([{"up_to": 200000, "amount": 20000}]);
    let read = IncidentDefinition::read(old.to_string().as_bytes()).unwrap();
    assert_eq!(
        read.compensation,
        Some(CompensationRule::Loss(vec![Tier {
            up_to: Won::new(200_000),
            amount: Won::new(20_000)
        }]))
    );
    assert_eq!(read.to_json()["compensation"]["basis"], "loss");

    let cases: Vec<Case> = vec![
        (
            Box::new(|f| f["compensation_tiers"] = json!([{"up_to": 1, "amount": 1}])),
            "compensation",
            DefinitionProblem::TwoRules,
        ),
        (
            Box::new(|f| f["compensation"]["basis"] = json!("hours_out")),
            "compensation.basis",
            DefinitionProblem::UnknownCode,
        ),
        (
            Box::new(|f| {
                f["compensation"].as_object_mut().unwrap().remove("basis");
            }),
            "compensation.basis",
            DefinitionProblem::Missing,
        ),
        (
            Box::new(|f| f["compensation"]["tiers"] = json!([])),
            "compensation.tiers",
            DefinitionProblem::Missing,
        ),
        (
            Box::new(move |f| {
                f["compensation"] =
                    json!({"basis": "days_out", "tiers": [{"from_days": 0, "amount": 1}]})
            }),
            "compensation.tiers[0].from_days",
            DefinitionProblem::BadDays,
        ),
        (
            Box::new(move |f| {
                f["compensation"] =
                    json!({"basis": "days_out", "tiers": [{"from_days": 1.5, "amount": 1}]})
            }),
            "compensation.tiers[0].from_days",
            DefinitionProblem::BadDays,
        ),
        (
            Box::new(move |f| {
                f["compensation"] =
                    json!({"basis": "days_out", "tiers": [{"from_days": "1", "amount": 1}]})
            }),
            "compensation.tiers[0].from_days",
            DefinitionProblem::WrongType,
        ),
        (
            Box::new(move |f| {
                f["compensation"] = json!({"basis": "days_out", "tiers": [
                    {"from_days": 3, "amount": 800000}, {"from_days": 1, "amount": 900000}
                ]})
            }),
            "compensation.tiers[1].from_days",
            DefinitionProblem::TiersOutOfOrder,
        ),
        (
            Box::new(move |f| {
                f["compensation"] = json!({"basis": "days_out", "tiers": [
                    {"from_days": 1, "amount": 800000}, {"from_days": 3, "amount": 400000}
                ]})
            }),
            "compensation.tiers[1].amount",
            DefinitionProblem::TiersOutOfOrder,
        ),
        (
            Box::new(move |f| {
                f["compensation"] =
                    json!({"basis": "days_out", "tiers": [{"up_to": 1, "amount": 1}]})
            }),
            "compensation.tiers[0].from_days",
            DefinitionProblem::Missing,
        ),
        (
            Box::new(move |f| {
                f["compensation"] =
                    json!({"basis": "loss", "tiers": [{"from_days": 1, "amount": 1}]})
            }),
            "compensation.tiers[0].up_to",
            DefinitionProblem::BadAmount,
        ),
    ];
    for (change, field, problem) in cases {
        let mut file = kakao();
        change(&mut file);
        assert_eq!(refused(&file), (field.to_owned(), problem), "{file}");
        // The owner's sentence names the field.
        let error = IncidentDefinition::read(file.to_string().as_bytes()).unwrap_err();
        assert!(
            error.message(Lang::Ko).contains(field),
            "{}",
            error.message(Lang::Ko)
        );
    }
}

/// The public key `incident keygen` would print for this secret.
fn server_key_text(secret: u8) -> String {
    claim_core::signature::public_key_text(&[secret; 32])
}

/// Issue 39: where the app submits an incident's claims, and the key that
/// verifies that server: optional, read back as written, and refused at its
/// field when it is not an address the app may send to or not a key.
#[test]
fn submit_is_an_https_address_and_a_key_written_back_as_read() {
    let mut file = kakao();
    assert_eq!(
        IncidentDefinition::read(file.to_string().as_bytes())
            .unwrap()
            .submit,
        None
    );
    let key = server_key_text(5);
    file["submit"] = json!({"url": "https://Claims.Example.kr/연합회/", "server_key": key});
    let read = IncidentDefinition::read(file.to_string().as_bytes()).unwrap();
    let submit = read.submit.clone().unwrap();
    assert!(
        submit.url.starts_with("https://claims.example.kr/"),
        "{}",
        submit.url
    );
    assert!(!submit.url.ends_with('/'), "{}", submit.url);
    assert_eq!(
        claim_core::signature::public_key_base64(&submit.server_key),
        key
    );
    let again = IncidentDefinition::read(read.to_json().to_string().as_bytes()).unwrap();
    assert_eq!(again.submit, read.submit);
    // Loopback over plain HTTP, for tests; nothing else.
    for url in [
        "http://127.0.0.1:8470",
        "http://[::1]:8470/",
        "https://10.0.0.5:8470",
    ] {
        file["submit"]["url"] = json!(url);
        assert!(
            IncidentDefinition::read(file.to_string().as_bytes()).is_ok(),
            "{url}"
        );
    }
    let bad_addresses = [
        "http://claims.example.kr",
        "http://localhost:8470",
        "http://127.0.0.2",
        "ftp://claims.example.kr",
        "https://user:pw@claims.example.kr",
        "https://claims.example.kr/?to=elsewhere",
        "https://claims.example.kr/#x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "claims.example.kr",
        " https://claims.example.kr",
    ];
    for url in bad_addresses {
        file["submit"]["url"] = json!(url);
        assert_eq!(
            refused(&file),
            ("submit.url".to_owned(), DefinitionProblem::BadAddress),
            "{url}"
        );
    }
    file["submit"]["url"] = json!(format!("https://a.kr/{}", "x".repeat(2048)));
    assert_eq!(refused(&file).1, DefinitionProblem::BadAddress);
    file["submit"]["url"] = json!("https://claims.example.kr");
    for bad_key in ["", "not base64!", "AAAA", &"A".repeat(44)] {
        file["submit"]["server_key"] = json!(bad_key);
        let (field, problem) = refused(&file);
        assert_eq!(field, "submit.server_key", "{bad_key:?}");
        assert!(
            matches!(
                problem,
                DefinitionProblem::BadKey | DefinitionProblem::Missing
            ),
            "{bad_key:?} {problem:?}"
        );
    }
    file["submit"] = json!("https://claims.example.kr");
    assert_eq!(
        refused(&file),
        ("submit".to_owned(), DefinitionProblem::WrongType)
    );
    let message = IncidentDefinition::read(
        {
            file["submit"] = json!({"url": "http://claims.example.kr", "server_key": key});
            file.to_string()
        }
        .as_bytes(),
    )
    .unwrap_err()
    .message(Lang::Ko);
    assert!(
        message.contains("submit.url") && message.contains("https://"),
        "{message}"
    );
}

proptest::proptest! {
    /// Any address at all: taken only when it is https with a host, or
    /// http to the loopback address, with no user, query or fragment; what
    /// is taken reads back the same from the definition written out.
    #[test]
    fn only_a_safe_address_is_taken_and_it_reads_back_the_same(
        scheme in proptest::prop_oneof![
            proptest::strategy::Just("https".to_owned()),
            proptest::strategy::Just("http".to_owned()),
            proptest::strategy::Just("HTTPS".to_owned()),
            proptest::strategy::Just("ftp".to_owned()),
            "[a-z]{1,6}",
        ],
        host in proptest::prop_oneof![
            proptest::strategy::Just("127.0.0.1".to_owned()),
            proptest::strategy::Just("[::1]".to_owned()),
            proptest::strategy::Just("localhost".to_owned()),
            "[a-z]{1,10}(\\.[a-z]{2,3}){0,2}",
            "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
            "\\PC{0,12}",
        ],
        port in proptest::option::of(0u32..70000),
        path in "(/[a-z가-힣%]{0,6}){0,3}",
        tail in proptest::prop_oneof![
            proptest::strategy::Just(String::new()),
            "\\?[a-z=]{0,6}",
            "#[a-z]{0,6}",
        ],
        user in proptest::option::of("[a-z]{1,5}"),
    ) {
        let user = user.map(|user| format!("{user}@")).unwrap_or_default();
        let port = port.map(|port| format!(":{port}")).unwrap_or_default();
        let url = format!("{scheme}://{user}{host}{port}{path}{tail}");
        let mut file = kakao();
        file["submit"] = json!({"url": url, "server_key": server_key_text(3)});
        match IncidentDefinition::read(file.to_string().as_bytes()) {
            Ok(read) => {
                let submit = read.submit.clone().unwrap();
                let https = submit.url.starts_with("https://");
                let loopback = submit.url.starts_with("http://127.0.0.1")
                    || submit.url.starts_with("http://[::1]");
                proptest::prop_assert!(https || loopback, "{url} → {}", submit.url);
                proptest::prop_assert!(user.is_empty() && tail.is_empty(), "{url}");
                proptest::prop_assert!(!submit.url.contains(['?', '#', '@']), "{}", submit.url);
                let again = IncidentDefinition::read(read.to_json().to_string().as_bytes()).unwrap();
                proptest::prop_assert_eq!(again.submit, read.submit);
            }
            Err(error) => {
                proptest::prop_assert_eq!(error.field, "submit.url");
                proptest::prop_assert_eq!(error.problem, DefinitionProblem::BadAddress);
            }
        }
    }
}
