//! Statistics over the current claims (each business counted once per
//! outage: replaced claims are left out), and the table the staff export:
//! CSV that Korean Excel opens as it is (UTF-8 with BOM), and XLSX.

use crate::desk::{Desk, DeskError, ReceivedClaim, Review, Store};
use claim_core::codes::{EvidenceKind, Industry, Region, Service, Vocabulary};
use claim_core::Lang;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// One bar of a chart: how many claims and how much they claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    pub key: String,
    pub label: String,
    pub claims: usize,
    pub claimed: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub claims: usize,
    pub claimed: i64,
    pub with_errors: usize,
    pub missing_evidence: usize,
    pub by_industry: Vec<Group>,
    pub by_region: Vec<Group>,
    /// A claim counts under each service it names.
    pub by_service: Vec<Group>,
    /// Paid and free service uses.
    pub by_paid: Vec<Group>,
    pub by_tier: Vec<Group>,
    /// Claims of incidents that pay by days out, by the steps of their
    /// incident's rule (`1~2일`, `3~4일`, … as the definition sets them).
    pub by_days_out: Vec<Group>,
    pub by_review: Vec<Group>,
    /// Businesses left out: two senders claim each, and the staff have not
    /// decided which is the business's ("같은 사업장을 두 곳에서 청구함").
    pub two_senders: usize,
}

fn label<V: Vocabulary>(code: &str, lang: Lang) -> String {
    V::from_code(code).map_or_else(
        || code.to_owned(),
        |v| match lang {
            Lang::Ko => v.label_ko().to_owned(),
            Lang::En => v.label_en().to_owned(),
        },
    )
}

fn unknown(lang: Lang) -> String {
    match lang {
        Lang::Ko => "미기재".to_owned(),
        Lang::En => "Not given".to_owned(),
    }
}

/// What the statistics and exports leave out while two senders wait.
pub fn two_senders_left_out(businesses: usize, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "같은 사업장을 두 곳에서 청구함: 사업장 {businesses}곳은 직원이 어느 청구서를 반영할지 정할 때까지 통계와 표에서 빠졌습니다."
        ),
        Lang::En => format!(
            "Two senders for one business: {businesses} business(es) are left out of the statistics and the table until the staff decide which claim to use."
        ),
    }
}

/// A claim's tier, worded from its incident's scale.
pub fn tier_label(
    incidents: &claim_core::Incidents,
    facts: &crate::facts::ClaimFacts,
    lang: Lang,
) -> String {
    let rule = facts
        .incident
        .as_deref()
        .and_then(|code| incidents.find(code))
        .and_then(|incident| incident.compensation.as_ref());
    facts.tier.label(rule, lang)
}

/// A claim's step on its incident's days-out scale: its key
/// (`{incident}:{from_days:02}`, so keys sort as the steps do; `unknown`
/// when the days are not known) and how it reads (`1~2일`); `None` for
/// claims of other incidents.
fn days_out_step(
    incidents: &claim_core::Incidents,
    facts: &crate::facts::ClaimFacts,
    lang: Lang,
) -> Option<(String, String)> {
    use claim_core::incident::{days_span, days_tier, CompensationRule};
    let code = facts.incident.as_deref()?;
    let Some(CompensationRule::DaysOut(tiers)) = incidents.find(code)?.compensation.as_ref() else {
        return None;
    };
    let unknown = || {
        let text = match lang {
            Lang::Ko => "알 수 없음",
            Lang::En => "Not known",
        };
        Some(("unknown".to_owned(), text.to_owned()))
    };
    let Some(days) = facts.days_out else {
        return unknown();
    };
    let Some(step) = days_tier(tiers, days) else {
        // Below the first step: counted, not paid.
        let first = tiers.first().map_or(1, |tier| tier.from_days);
        let text = match lang {
            Lang::Ko => format!("{first}일 미만 (보상 없음)"),
            Lang::En => format!("under {first} days (not paid)"),
        };
        return Some((format!("{code}:00"), text));
    };
    let text = days_span(tiers, step, lang);
    Some((format!("{code}:{:02}", step.from_days), text))
}

pub fn review_label(review: Review, lang: Lang) -> &'static str {
    match (review, lang) {
        (Review::Received, Lang::Ko) => "접수",
        (Review::Received, Lang::En) => "Received",
        (Review::Checked, Lang::Ko) => "확인함",
        (Review::Checked, Lang::En) => "Checked",
        (Review::Forwarded, Lang::Ko) => "전달함",
        (Review::Forwarded, Lang::En) => "Forwarded",
        (Review::Returned, Lang::Ko) => "반려",
        (Review::Returned, Lang::En) => "Returned",
    }
}

/// Tallies keyed groups, then orders them: vocabulary order where there is one.
#[derive(Default)]
struct Tally(BTreeMap<String, (String, usize, i64)>);

impl Tally {
    fn add(&mut self, key: &str, label: impl FnOnce() -> String, claimed: i64) {
        let entry = self
            .0
            .entry(key.to_owned())
            .or_insert_with(|| (label(), 0, 0));
        entry.1 += 1;
        entry.2 = entry.2.saturating_add(claimed);
    }

    fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }

    fn groups(self, order: &[&str]) -> Vec<Group> {
        let mut groups: Vec<Group> = self
            .0
            .into_iter()
            .map(|(key, (label, claims, claimed))| Group {
                key,
                label,
                claims,
                claimed,
            })
            .collect();
        let rank = |key: &str| order.iter().position(|k| *k == key).unwrap_or(order.len());
        groups.sort_by(|a, b| rank(&a.key).cmp(&rank(&b.key)).then(a.key.cmp(&b.key)));
        groups
    }
}

fn codes<V: Vocabulary>() -> Vec<&'static str> {
    V::ALL.iter().map(|v| v.code()).collect()
}

pub fn stats<S: Store>(desk: &Desk<S>, lang: Lang) -> Result<Stats, DeskError> {
    let mut stats = Stats::default();
    let mut days = Tally::default();
    let (mut industry, mut region, mut service, mut paid, mut tier, mut review) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    desk.for_each_current(|claim| {
        let claimed = claim.facts.claimed.unwrap_or(0);
        stats.claims += 1;
        stats.claimed = stats.claimed.saturating_add(claimed);
        stats.with_errors += usize::from(claim.facts.error_count > 0);
        stats.missing_evidence += usize::from(!claim.facts.missing_evidence.is_empty());
        let none = "-";
        let key = claim.facts.industry.as_deref().unwrap_or(none);
        industry.add(
            key,
            || {
                if key == none {
                    unknown(lang)
                } else {
                    label::<Industry>(key, lang)
                }
            },
            claimed,
        );
        let key = claim.facts.region.as_deref().unwrap_or(none);
        region.add(
            key,
            || {
                if key == none {
                    unknown(lang)
                } else {
                    label::<Region>(key, lang)
                }
            },
            claimed,
        );
        for used in &claim.facts.services {
            service.add(
                &used.service,
                || label::<Service>(&used.service, lang),
                claimed,
            );
            let (key, text) = match (used.paid, lang) {
                (true, Lang::Ko) => ("paid", "유료"),
                (true, Lang::En) => ("paid", "Paid"),
                (false, Lang::Ko) => ("free", "무료"),
                (false, Lang::En) => ("free", "Free"),
            };
            paid.add(key, || text.to_owned(), claimed);
        }
        tier.add(
            &claim.facts.tier.code(),
            || tier_label(desk.known_incidents(), &claim.facts, lang),
            claimed,
        );
        if let Some((key, label)) = days_out_step(desk.known_incidents(), &claim.facts, lang) {
            days.add(&key, || label, claimed);
        }
        review.add(
            claim.review.code(),
            || review_label(claim.review, lang).to_owned(),
            claimed,
        );
    })?;
    stats.by_industry = industry.groups(&codes::<Industry>());
    stats.by_region = region.groups(&codes::<Region>());
    stats.by_service = service.groups(&codes::<Service>());
    stats.by_paid = paid.groups(&["paid", "free"]);
    // Tiers by amount, then review, then none: the scale's own order.
    let mut amounts: Vec<i64> = tier.keys().filter_map(|key| key.parse().ok()).collect();
    amounts.sort_unstable();
    let order: Vec<String> = amounts
        .iter()
        .map(i64::to_string)
        .chain(["review".to_owned(), "none".to_owned()])
        .collect();
    stats.by_tier = tier.groups(&order.iter().map(String::as_str).collect::<Vec<_>>());
    stats.by_review = review.groups(&Review::ALL.map(Review::code));
    // Steps in their own order (the keys sort so), unknown last.
    let order: Vec<String> = days
        .keys()
        .filter(|key| *key != "unknown")
        .cloned()
        .chain(["unknown".to_owned()])
        .collect();
    stats.by_days_out = days.groups(&order.iter().map(String::as_str).collect::<Vec<_>>());
    stats.two_senders = desk.businesses_with_two_senders()?;
    Ok(stats)
}

fn headings(lang: Lang) -> [&'static str; 20] {
    match lang {
        Lang::Ko => [
            // The association's own number first: unique, where the shop's
            // numbers repeat from shop to shop.
            "연합회 번호",
            "청구 번호",
            "상호",
            "사업자등록번호",
            "대표자",
            "연락처",
            "업종",
            "지역",
            "장애",
            "영향 서비스",
            "청구 금액",
            "매출 손실",
            "보상 구간",
            "장애 일수",
            "오류",
            "빠진 증빙",
            "검토 상태",
            "메모",
            "받은 파일",
            "받은 때 (한국 시간)",
        ],
        Lang::En => [
            "Association number",
            "Claim number",
            "Business",
            "Registration number",
            "Representative",
            "Phone",
            "Industry",
            "Region",
            "Outage",
            "Services",
            "Amount claimed",
            "Revenue loss",
            "Compensation tier",
            "Days out",
            "Errors",
            "Missing evidence",
            "Review",
            "Note",
            "Received from",
            "Received at (KST)",
        ],
    }
}

fn incident_label(code: &str, incidents: &claim_core::Incidents, lang: Lang) -> String {
    match incidents.find(code) {
        Some(incident) => match lang {
            Lang::Ko => incident.title_ko.to_owned(),
            Lang::En => incident.title_en.to_owned(),
        },
        None => match lang {
            Lang::Ko => "직접 입력한 장애".to_owned(),
            Lang::En => "Custom outage".to_owned(),
        },
    }
}

/// A table cell: text, or an amount kept as a number (Excel sums it).
enum Value {
    Text(String),
    Amount(Option<i64>),
    /// A count; empty when not known or not asked (days out under a rule
    /// by loss).
    Count(Option<i64>),
}

/// A stored time as the staff read it: `2026-11-30 04:57` in Korea.
pub fn kst_minute(text: &str) -> String {
    claim_core::dates::parse_instant(text).map_or_else(
        || text.to_owned(),
        |at| {
            at.with_timezone(&claim_core::dates::KST)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

/// The business's representative and phone as the export carries them:
/// masked (김*진, 010-****-3333) unless the bundle's manifest said the owner
/// included customer details. Never guessed from a value: a name without a
/// `*` may be a masked one's look-alike, or the owner's choice unknown.
fn contact(claim: &ReceivedClaim, document: &serde_json::Value) -> (String, String) {
    let unmasked = claim.customer_details_included;
    let field = |key: &str, mask: fn(&str) -> String| {
        document["business"][key]
            .as_str()
            .map(|text| {
                if unmasked {
                    text.to_owned()
                } else {
                    mask(text)
                }
            })
            .unwrap_or_default()
    };
    (
        field("representative", claim_core::privacy::mask_name),
        field("phone", claim_core::privacy::mask_phone),
    )
}

fn row(
    claim: &ReceivedClaim,
    document: &serde_json::Value,
    incidents: &claim_core::Incidents,
    lang: Lang,
) -> [Value; 20] {
    let (representative, phone) = contact(claim, document);
    let services = claim
        .facts
        .services
        .iter()
        .map(|used| {
            let paid = match (used.paid, lang) {
                (true, Lang::Ko) => "유료",
                (false, Lang::Ko) => "무료",
                (true, Lang::En) => "paid",
                (false, Lang::En) => "free",
            };
            format!("{} ({paid})", label::<Service>(&used.service, lang))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let missing = claim
        .facts
        .missing_evidence
        .iter()
        .map(|kind| label::<EvidenceKind>(kind, lang))
        .collect::<Vec<_>>()
        .join(", ");
    [
        Value::Text(claim.intake_number.clone().unwrap_or_default()),
        Value::Text(claim.claim_number.clone().unwrap_or_default()),
        Value::Text(claim.facts.business_name.clone().unwrap_or_default()),
        Value::Text(
            claim
                .facts
                .registration_number
                .as_deref()
                .map(claim_core::brn::shown_registration_number)
                .unwrap_or_default(),
        ),
        Value::Text(representative),
        Value::Text(phone),
        Value::Text(
            claim
                .facts
                .industry
                .as_deref()
                .map(|c| label::<Industry>(c, lang))
                .unwrap_or_default(),
        ),
        Value::Text(
            claim
                .facts
                .region
                .as_deref()
                .map(|c| label::<Region>(c, lang))
                .unwrap_or_default(),
        ),
        Value::Text(
            claim
                .facts
                .incident
                .as_deref()
                .map(|c| incident_label(c, incidents, lang))
                .unwrap_or_default(),
        ),
        Value::Text(services),
        Value::Amount(claim.facts.claimed),
        Value::Amount(claim.facts.revenue_loss),
        Value::Text(tier_label(incidents, &claim.facts, lang)),
        Value::Count(claim.facts.days_out.map(i64::from)),
        Value::Count(Some(claim.facts.error_count)),
        Value::Text(missing),
        Value::Text(review_label(claim.review, lang).to_owned()),
        Value::Text(claim.review_note.clone().unwrap_or_default()),
        Value::Text(claim.source.clone()),
        Value::Text(kst_minute(&claim.received_at)),
    ]
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Desk(#[from] DeskError),
    #[error("the table could not be written: {0}")]
    Write(String),
}

/// A CSV text cell that Excel would take for a formula (it begins with `=`,
/// `+`, `-`, `@`, a tab or a carriage return, as OWASP lists them: a shop's
/// name `=HYPERLINK(…)` or a received file's) begins with an apostrophe
/// instead, which Excel shows as text and does not run.
pub fn inert_in_excel(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// The most an XLSX cell holds, in UTF-16 units (Excel's limit).
pub const XLSX_CELL_LIMIT: usize = 32_767;

/// Text cut to what one XLSX cell holds, ending with a note that it was cut;
/// one overlong name must not fail the whole export.
pub fn fit_a_cell(text: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    let units = |text: &str| text.encode_utf16().count();
    if units(text) <= XLSX_CELL_LIMIT {
        return std::borrow::Cow::Borrowed(text);
    }
    let note = match lang {
        Lang::Ko => "…(엑셀 칸 한도 32,767자를 넘어 잘림)",
        Lang::En => "… (cut at Excel's 32,767-character cell limit)",
    };
    let room = XLSX_CELL_LIMIT - units(note);
    let mut used = 0;
    let kept: String = text
        .chars()
        .take_while(|ch| {
            used += ch.len_utf16();
            used <= room
        })
        .collect();
    std::borrow::Cow::Owned(kept + note)
}

/// The current claims as CSV: UTF-8 with a BOM, which Korean Excel needs
/// to show Hangul rather than garbled text. Amounts are plain numbers.
pub fn write_csv<W: Write, S: Store>(desk: &Desk<S>, out: W, lang: Lang) -> Result<W, ExportError> {
    let write = |e: &dyn std::fmt::Display| ExportError::Write(e.to_string());
    let mut out = out;
    out.write_all(b"\xEF\xBB\xBF").map_err(|e| write(&e))?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(headings(lang)).map_err(|e| write(&e))?;
    let mut failure = None;
    desk.for_each_current_with_document(|claim, document| {
        if failure.is_some() {
            return;
        }
        let document = serde_json::Value::Object(document);
        let cells: Vec<String> = row(&claim, &document, desk.known_incidents(), lang)
            .into_iter()
            .map(|value| match value {
                Value::Text(text) => inert_in_excel(text),
                Value::Amount(amount) => amount.map(|a| a.to_string()).unwrap_or_default(),
                Value::Count(count) => count.map(|c| c.to_string()).unwrap_or_default(),
            })
            .collect();
        if let Err(error) = csv.write_record(&cells) {
            failure = Some(write(&error));
        }
    })?;
    if let Some(error) = failure {
        return Err(error);
    }
    csv.into_inner().map_err(|e| write(&e))
}

/// The current claims as an XLSX workbook: the table (amounts as numbers
/// with thousands separators) and a sheet of the statistics.
pub fn write_xlsx<S: Store>(desk: &Desk<S>, lang: Lang) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let write = |e: &dyn std::fmt::Display| ExportError::Write(e.to_string());
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let won = Format::new().set_num_format("#,##0");
    let sheet = workbook.add_worksheet();
    sheet
        .set_name(match lang {
            Lang::Ko => "청구서",
            Lang::En => "Claims",
        })
        .map_err(|e| write(&e))?;
    for (column, heading) in (0u16..).zip(headings(lang)) {
        sheet
            .write_string_with_format(0, column, heading, &bold)
            .map_err(|e| write(&e))?;
    }
    let mut row_number = 0u32;
    let mut failure = None;
    desk.for_each_current_with_document(|claim, document| {
        row_number += 1;
        let document = serde_json::Value::Object(document);
        for (column, value) in (0u16..).zip(row(&claim, &document, desk.known_incidents(), lang)) {
            let written = match value {
                // A string cell (shared strings), never a formula, whatever
                // the text begins with.
                Value::Text(text) => sheet
                    .write_string(row_number, column, fit_a_cell(&text, lang).as_ref())
                    .map(|_| ()),
                #[allow(clippy::cast_precision_loss)] // won amounts are far below 2^53
                Value::Amount(Some(amount)) => sheet
                    .write_number_with_format(row_number, column, amount as f64, &won)
                    .map(|_| ()),
                Value::Amount(None) => Ok(()),
                #[allow(clippy::cast_precision_loss)]
                Value::Count(Some(count)) => sheet
                    .write_number(row_number, column, count as f64)
                    .map(|_| ()),
                Value::Count(None) => Ok(()),
            };
            if let Err(error) = written {
                failure.get_or_insert(write(&error));
            }
        }
    })?;
    if let Some(error) = failure {
        return Err(error);
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| write(&e))?;
    let stats = stats(desk, lang)?;
    let summary = workbook.add_worksheet();
    summary
        .set_name(match lang {
            Lang::Ko => "통계",
            Lang::En => "Statistics",
        })
        .map_err(|e| write(&e))?;
    let mut line = 0u32;
    if stats.two_senders > 0 {
        summary
            .write_string_with_format(
                line,
                0,
                two_senders_left_out(stats.two_senders, lang),
                &bold,
            )
            .map_err(|e| write(&e))?;
        line += 2;
    }
    let sections: [(&str, &str, &Vec<Group>); 7] = [
        ("업종", "Industry", &stats.by_industry),
        ("지역", "Region", &stats.by_region),
        ("서비스", "Service", &stats.by_service),
        ("유료/무료", "Paid/free", &stats.by_paid),
        ("보상 구간", "Compensation tier", &stats.by_tier),
        ("장애 일수", "Days out", &stats.by_days_out),
        ("검토 상태", "Review", &stats.by_review),
    ];
    for (ko, en, groups) in sections {
        let (count, amount) = match lang {
            Lang::Ko => ("건수", "청구 금액"),
            Lang::En => ("Claims", "Amount claimed"),
        };
        for (column, heading) in [
            (0u16, if lang == Lang::Ko { ko } else { en }),
            (1, count),
            (2, amount),
        ] {
            summary
                .write_string_with_format(line, column, heading, &bold)
                .map_err(|e| write(&e))?;
        }
        line += 1;
        for group in groups {
            summary
                .write_string(line, 0, &group.label)
                .map_err(|e| write(&e))?;
            #[allow(clippy::cast_precision_loss)]
            summary
                .write_number(line, 1, group.claims as f64)
                .map_err(|e| write(&e))?;
            #[allow(clippy::cast_precision_loss)]
            summary
                .write_number_with_format(line, 2, group.claimed as f64, &won)
                .map_err(|e| write(&e))?;
            line += 1;
        }
        line += 1;
    }
    workbook.save_to_buffer().map_err(|e| write(&e))
}
