//! Signed incident definitions and the registry the rules read them from:
//! a signed file verifies, any changed byte does not, definitions round-trip,
//! and a claim can name an imported incident only when it is given.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claim_core::definition::{IncidentDefinition, BUILT_IN};
use claim_core::signature::{
    open_definition, parse_public_key, public_key_text, sign_definition, TrustedKey,
    UnverifiedReason, Verification,
};
use claim_core::{assess_document, assess_document_with, Incidents};
use proptest::prelude::*;

const DRILL: &str =
    include_str!("../../../../tests/fixtures/incidents/drill-2026-11.incident.json");
/// The drill signed with the association's key (whose secret half is not in
/// this repository): it must verify with the key the app ships.
const DRILL_SIGNED: &str =
    include_str!("../../../../tests/fixtures/incidents/drill-2026-11.signed.json");

const TEST_SECRET: [u8; 32] = [7; 32];

fn test_key(name: &str) -> TrustedKey {
    TrustedKey {
        name: name.into(),
        key: parse_public_key(&public_key_text(&TEST_SECRET)).unwrap(),
        shipped: false,
        uses: claim_core::signature::KeyUse::Both,
    }
}

#[test]
fn definitions_round_trip() {
    for text in BUILT_IN.iter().map(|(_, text)| *text).chain([DRILL]) {
        let definition = IncidentDefinition::read(text.as_bytes()).unwrap();
        let written = serde_json::to_vec(&definition.to_json()).unwrap();
        assert_eq!(IncidentDefinition::read(&written).unwrap(), definition);
    }
    let drill = IncidentDefinition::read(DRILL.as_bytes()).unwrap();
    assert_eq!(drill.deadlines.len(), 2);
    assert!(drill.services[0].restored_at.is_some());
}

#[test]
fn the_shipped_key_verifies_the_association_file() {
    let opened = open_definition(DRILL_SIGNED.as_bytes(), &TrustedKey::shipped()).unwrap();
    assert_eq!(
        opened.verification,
        Verification::Verified {
            signer: "소상공인연합회".into(),
            fingerprint: TrustedKey::shipped()[0].fingerprint(),
            shipped: true,
        }
    );
    assert_eq!(opened.definition_bytes, DRILL.as_bytes());
    assert_eq!(
        opened.definition,
        IncidentDefinition::read(DRILL.as_bytes()).unwrap()
    );
    // Without the key the same file is only unverified, never refused.
    let unknown = open_definition(DRILL_SIGNED.as_bytes(), &[]).unwrap();
    assert_eq!(
        unknown.verification,
        Verification::Unverified {
            reason: UnverifiedReason::UnknownKey
        }
    );
}

#[test]
fn an_unsigned_file_is_usable_but_unverified() {
    let opened = open_definition(DRILL.as_bytes(), &TrustedKey::shipped()).unwrap();
    assert_eq!(
        opened.verification,
        Verification::Unverified {
            reason: UnverifiedReason::NotSigned
        }
    );
    assert!(opened
        .verification
        .label(claim_core::Lang::Ko)
        .contains("확인되지 않은"));
}

#[test]
fn an_owner_added_key_verifies_what_it_signed() {
    let signed = sign_definition(DRILL.as_bytes(), &TEST_SECRET).unwrap();
    let keys = [test_key("지역 상인회")];
    let opened = open_definition(&signed, &keys).unwrap();
    assert_eq!(
        opened.verification,
        Verification::Verified {
            signer: "지역 상인회".into(),
            fingerprint: keys[0].fingerprint(),
            shipped: false,
        }
    );
    // Another trusted key does not make it verified.
    let opened = open_definition(&signed, &TrustedKey::shipped()).unwrap();
    assert!(!opened.verification.is_trusted());
}

#[test]
fn a_signature_over_other_bytes_is_unverified() {
    let signed = sign_definition(DRILL.as_bytes(), &TEST_SECRET).unwrap();
    let mut envelope: serde_json::Value = serde_json::from_slice(&signed).unwrap();
    let other = sign_definition(BUILT_IN[1].1.as_bytes(), &TEST_SECRET).unwrap();
    let other: serde_json::Value = serde_json::from_slice(&other).unwrap();
    envelope["signature"] = other["signature"].clone();
    let opened = open_definition(envelope.to_string().as_bytes(), &[test_key("k")]).unwrap();
    assert_eq!(
        opened.verification,
        Verification::Unverified {
            reason: UnverifiedReason::BadSignature
        }
    );
}

/// Every single changed byte of a signed file: refused or unverified,
/// never verified.
#[test]
fn any_one_byte_change_fails_verification() {
    let signed = DRILL_SIGNED.as_bytes();
    // The key that signed it (shipped): unchanged, the file verifies, so
    // every refusal below is the change's doing.
    let keys = TrustedKey::shipped();
    assert!(open_definition(signed, &keys)
        .unwrap()
        .verification
        .is_trusted());
    let mut unverified = 0;
    for index in 0..signed.len() {
        for flip in [0x01u8, 0x20] {
            let mut changed = signed.to_vec();
            changed[index] ^= flip;
            if let Ok(opened) = open_definition(&changed, &keys) {
                assert!(
                    !opened.verification.is_trusted(),
                    "byte {index} ^ {flip:#x} still verifies"
                );
                unverified += 1;
            }
        }
    }
    // Changes inside the key, signature and definition mostly still read
    // (and are then unverified): the check is not just "refused".
    assert!(unverified > 100, "{unverified}");
}

#[test]
fn a_claim_names_an_imported_incident_only_when_given() {
    let claim = serde_json::json!({
        "format": "claimdesk.claim/1",
        "business": {"name": "드릴 분식", "representative": "김대표", "phone": "02-123-4567", "registration_number": "105-23-45674", "industry": "food", "region": "seoul"},
        "incident": {"preset": "drill-2026-11"},
        "affected_services": [{"service": "talk_channel", "paid": false}],
        "baseline": {"method": "prior_week"},
        "daily_sales": [
            {"date": "2026-10-31", "amount": 500000},
            {"date": "2026-11-01", "amount": 400000},
            {"date": "2026-11-07", "amount": 200000},
            {"date": "2026-11-08", "amount": 100000}
        ]
    })
    .to_string();
    let (_, alone) = assess_document(claim.as_bytes()).unwrap();
    assert!(alone
        .problems
        .iter()
        .any(|problem| problem.code() == claim_core::codes::Code::PresetUnknown));
    let opened = open_definition(DRILL_SIGNED.as_bytes(), &TrustedKey::shipped()).unwrap();
    let incidents =
        Incidents::with_imported([(opened.definition.clone(), opened.verification.clone())]);
    let (claim, assessment) = assess_document_with(claim.as_bytes(), &incidents).unwrap();
    assert!(
        !assessment
            .problems
            .iter()
            .any(|problem| problem.code() == claim_core::codes::Code::PresetUnknown),
        "{:?}",
        assessment.problems
    );
    // The drop is (500,000 + 400,000) − (200,000 + 100,000), and the drill's
    // own tiers apply: 600,000 is above its last tier, so individual review.
    assert_eq!(
        assessment.totals.sales_drop.map(|won| won.get()),
        Some(600_000)
    );
    let incident = claim.incident.preset.valid().unwrap();
    assert_eq!(
        incident.filing_deadline().unwrap().date.to_string(),
        "2026-12-10"
    );
    assert_eq!(incident.verification.code(), "verified");
    // Reading the same imports again gives the very same incident.
    let again = Incidents::with_imported([(opened.definition, opened.verification)]);
    assert!(std::ptr::eq(
        again.find("drill-2026-11").unwrap(),
        incidents.find("drill-2026-11").unwrap()
    ));
    // The built-ins are still there, after the imported one.
    let codes: Vec<_> = incidents
        .all()
        .iter()
        .map(|incident| incident.code)
        .collect();
    assert_eq!(codes, ["drill-2026-11", "kakao-2022-10", "kt-2021-10"]);
}

proptest! {
    /// A signed file with bytes changed anywhere, under the key that signed
    /// it: refused, unverified, or (a change only in the envelope's
    /// whitespace) verified as the very same definition. Never a changed
    /// definition that verifies. (Random bytes alone never parse, so they
    /// would check nothing.)
    #[test]
    fn a_changed_signed_file_never_verifies_as_another_definition(
        changes in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..6),
    ) {
        let keys = TrustedKey::shipped();
        let original = open_definition(DRILL_SIGNED.as_bytes(), &keys).unwrap();
        prop_assert!(original.verification.is_trusted());
        let mut bytes = DRILL_SIGNED.as_bytes().to_vec();
        for (at, change) in changes {
            let index = at.index(bytes.len());
            bytes[index] ^= change;
        }
        if let Ok(opened) = open_definition(&bytes, &keys) {
            if opened.verification.is_trusted() {
                prop_assert_eq!(opened.definition, original.definition.clone());
            }
        }
    }
}

proptest! {
    /// The issuer's name in any disguise a person would still read as it:
    /// syllables decomposed into jamo (NFD), hidden characters (Hangul
    /// fillers, zero-width and bidirectional marks, soft hyphens, tags)
    /// and spaces of any width anywhere, upper or lower case.
    #[test]
    fn the_issuers_name_is_known_in_any_disguise(
        decompose in proptest::collection::vec(any::<bool>(), 7),
        inserts in proptest::collection::vec((0usize..8, 0usize..10), 0..6),
    ) {
        use unicode_normalization::UnicodeNormalization;
        let hidden = [
            "\u{3164}", "\u{115F}", "\u{1160}", "\u{FFA0}", "\u{200B}", "\u{202E}",
            "\u{00AD}", "\u{E0041}", " ", "\u{3000}",
        ];
        let mut pieces: Vec<String> = claim_core::signature::ISSUER_NAME
            .chars()
            .zip(&decompose)
            .map(|(ch, &nfd)| if nfd { ch.to_string().nfd().collect() } else { ch.to_string() })
            .collect();
        for (at, which) in inserts {
            let at = at.min(pieces.len());
            pieces.insert(at, hidden[which].to_owned());
        }
        let disguised: String = pieces.concat();
        prop_assert!(claim_core::signature::names_the_issuer(&disguised), "{:?}", disguised);
        // Another name stays another.
        let another = format!("{disguised}지부");
        prop_assert!(!claim_core::signature::names_the_issuer(&another));
    }
}

/// A small-order public key signs for anyone: it is no key.
#[test]
fn a_weak_public_key_is_not_a_key() {
    use base64::Engine;
    // The identity point (y = 1) and another small-order point.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut order_two = [0u8; 32];
    order_two[0] = 0xEC;
    order_two[1..31].fill(0xFF);
    order_two[31] = 0x7F;
    for weak in [identity, order_two] {
        let text = base64::engine::general_purpose::STANDARD.encode(weak);
        assert!(
            claim_core::signature::parse_public_key(&text).is_none(),
            "{text}"
        );
    }
    let fine = claim_core::signature::public_key_text(&[9u8; 32]);
    assert!(claim_core::signature::parse_public_key(&fine).is_some());
}
