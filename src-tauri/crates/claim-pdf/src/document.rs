//! What the claim document says, section by section, in Korean or English.
//! Every figure comes from `claim_core`'s assessment of the attached JSON.

use crate::font;
use crate::layout::{
    Align, Column, Sheet, Style, ACCENT, BANNER_BASELINE, CONTENT_WIDTH, FOOTER_BASELINE, GREY,
    LINE, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, RED,
};
use crate::{attach, qr, sha256_hex, EvidenceFile, Options, PdfError, Rendered};
use claim_core::brn::RegistrationNumber;
use claim_core::claim::Claim;
use claim_core::codes::{EvidenceKind, Vocabulary};
use claim_core::incident::{rule_label, Compensation};
use claim_core::messages::{format_date, format_instant_kst};
use claim_core::money::{group_thousands, hangul_words};
use claim_core::privacy::{mask_customer_details, mask_name, mask_phone};
use claim_core::{assess_value_with, Assessment, Lang, Report, Won};
use printpdf::{FontId, PdfDocument, PdfPage, PdfSaveOptions, XObjectId};
use serde_json::Value;

/// Korean or English, chosen once per document.
fn tr(lang: Lang, ko: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

fn won(amount: Won, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{}원", group_thousands(amount.get())),
        Lang::En => format!("KRW {}", group_thousands(amount.get())),
    }
}

fn maybe_won(amount: Option<Won>, lang: Lang) -> String {
    amount.map_or_else(
        || tr(lang, "계산할 수 없음", "cannot be computed").to_owned(),
        |a| won(a, lang),
    )
}

/// The days a shop was out, or why they are not known.
fn days_out_words(days: Option<u32>, lang: Lang) -> String {
    match (days, lang) {
        (Some(days), Lang::Ko) => format!("{days}일 (24시간마다 하루, 남는 시간도 하루로 셉니다)"),
        (Some(1), Lang::En) => "1 day (a day for each 24 hours begun)".to_owned(),
        (Some(days), Lang::En) => format!("{days} days (a day for each 24 hours begun)"),
        (None, _) => tr(lang, "장애 시간을 알 수 없음", "outage window unknown").to_owned(),
    }
}

fn label<V: Vocabulary>(value: Option<V>, lang: Lang) -> String {
    value.map_or_else(
        || "-".to_owned(),
        |v| match lang {
            Lang::Ko => v.label_ko().to_owned(),
            Lang::En => v.label_en().to_owned(),
        },
    )
}

fn or_dash(text: Option<&str>) -> String {
    text.filter(|t| !t.trim().is_empty())
        .unwrap_or("-")
        .to_owned()
}

/// The id a claim without one gets: a UUID (version 8, "custom") made of the
/// first 16 bytes of the SHA-256 of its canonical JSON with the customers
/// masked, so the same claim always gets the same id and no random one is
/// ever invented. Masked first: the id is printed in the QR code, and a hash
/// of the names and phones as entered could be guessed back from a masked
/// PDF (it was, by brute force, in two minutes).
fn derived_id(document: &Value) -> Result<String, PdfError> {
    use sha2::{Digest, Sha256};
    let mut masked = document.clone();
    mask_customer_details(&mut masked);
    let canonical = serde_jcs::to_vec(&masked).map_err(|e| PdfError::Document(e.to_string()))?;
    let digest = Sha256::digest(&canonical);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    // Version 8 in the high nibble of byte 6, RFC 4122 variant in byte 8.
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    Ok(claim_core::ClaimId::from_bytes(bytes).into_string())
}

/// The claim as a PDF attaches it (and its QR code fingerprints): the
/// claim as entered, RFC 8785 (canonical JSON), with an id derived from its
/// content when it has none, customer details masked unless the owner
/// opted in. A receipt names the SHA-256 of this form when the claim was
/// handed in as a PDF.
pub fn attached_json(
    document: &Value,
    include_customer_details: bool,
) -> Result<Vec<u8>, PdfError> {
    let mut attached = claim_core::privacy::outgoing(document, include_customer_details);
    if let Some(object) = document.as_object() {
        if claim_core::ClaimId::of(object).is_none() {
            attached["id"] = Value::String(derived_id(document)?);
        }
    }
    serde_jcs::to_vec(&attached).map_err(|e| PdfError::Document(e.to_string()))
}

pub fn render(
    document: &Value,
    evidence: &[EvidenceFile],
    options: &Options,
) -> Result<Rendered, PdfError> {
    let Some(object) = document.as_object() else {
        return Err(PdfError::Document("not a JSON object".into()));
    };
    let mut document = Value::Object(object.clone());
    // An id the store would not find the claim under (not a UUID) is no
    // id: the document gets one derived from its content, so importing
    // this PDF twice finds the first copy.
    let claim_id = match claim_core::ClaimId::of(object) {
        Some(id) => id.into_string(),
        None => {
            let id = derived_id(&document)?;
            document["id"] = Value::String(id.clone());
            id
        }
    };
    let Some(object) = document.as_object() else {
        return Err(PdfError::Document("not a JSON object".into()));
    };
    let (claim, assessment) = assess_value_with(object, &options.incidents);
    let lang = options.lang;
    let report = Report::new(&assessment, lang);
    if !report.errors.is_empty() && !options.draft {
        return Err(PdfError::HasErrors(report.errors));
    }
    let json = attached_json(&document, options.include_customer_details)?;
    let json_sha256 = sha256_hex(&json);

    let fonts = font::fonts(&options.font)?;
    let (mut pdf, font_id) = begin(
        tr(
            lang,
            "플랫폼 장애 피해 청구서",
            "Platform outage damage claim",
        ),
        options.at,
        &fonts,
    )?;
    pdf.metadata.info.identifier = claim_id.clone();
    pdf.metadata.info.subject = options.number.clone().unwrap_or_default();

    let images = evidence_images(&mut pdf, evidence);
    let writer = Writer {
        claim: &claim,
        assessment: &assessment,
        report: &report,
        options,
        claim_id: &claim_id,
        json_sha256: &json_sha256,
    };
    let mut sheet = Sheet::new(&fonts, font_id);
    writer.write(&mut sheet, &images)?;
    let draft = options.draft;
    let number = options.number.clone().unwrap_or_else(|| claim_id.clone());
    let pages = sheet.finish(|index, count, page| {
        let footer = Style::plain(8.5).colored(GREY);
        page.text_at(
            MARGIN_X,
            FOOTER_BASELINE,
            footer,
            &format!("ClaimDesk · {number}"),
        );
        let of = match lang {
            Lang::Ko => format!("{} / {} 쪽", index + 1, count),
            Lang::En => format!("Page {} / {}", index + 1, count),
        };
        let width = page.width(&of, footer);
        page.text_at(PAGE_WIDTH - MARGIN_X - width, FOOTER_BASELINE, footer, &of);
        if draft {
            // A pale diagonal mark across the page, beneath the content, and
            // a banner at the top that text extraction also finds.
            let mark = Style::bold(72.0).colored((0.97, 0.86, 0.86));
            page.rotated_text(110.0, PAGE_HEIGHT - 230.0, 40.0, mark, "초안 / DRAFT");
            let banner = Style::bold(10.0).colored(RED);
            let text = tr(
                lang,
                "초안 / DRAFT · 제출용이 아닙니다",
                "초안 / DRAFT · not for submission",
            );
            let width = page.width(text, banner);
            page.text_at((PAGE_WIDTH - width) / 2.0, BANNER_BASELINE, banner, text);
        }
    });
    let page_count = pages.len();
    let laid_out = lay_out(pdf, pages);
    let mut file_id = [0u8; 16];
    let seed =
        sha256_hex(format!("{json_sha256}{}{}", options.at.timestamp(), lang.code()).as_bytes());
    for (slot, pair) in file_id.iter_mut().zip(seed.as_bytes().chunks(2)) {
        *slot = std::str::from_utf8(pair)
            .ok()
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    let description = tr(
        lang,
        "ClaimDesk 청구서 원본 (claimdesk.claim/1, RFC 8785 JSON)",
        "ClaimDesk claim (claimdesk.claim/1, RFC 8785 JSON)",
    );
    let bytes = attach::finish(laid_out, &json, &file_id, description)?;
    Ok(Rendered {
        bytes,
        claim_id,
        json_sha256,
        pages: page_count,
    })
}

/// A new A4 document with the Hangul font and the one clock `at`.
pub(crate) fn begin(
    title: &str,
    at: chrono::DateTime<chrono::Utc>,
    fonts: &font::Fonts,
) -> Result<(PdfDocument, FontId), PdfError> {
    // The subset tag is fixed (six capitals, as PDF readers expect of a
    // subset font's name), so the same input gives the same bytes.
    let font_id = FontId("CDKRSB".into());
    let mut pdf = PdfDocument::new(title);
    pdf.resources.fonts.map.insert(
        font_id.clone(),
        printpdf::PdfFont::new(fonts.regular.parsed.clone()),
    );
    let stamp = printpdf::OffsetDateTime::from_unix_timestamp(at.timestamp())
        .map_err(|e| PdfError::Internal(e.to_string()))?;
    pdf.metadata.info.creation_date = stamp;
    pdf.metadata.info.modification_date = stamp;
    pdf.metadata.info.metadata_date = stamp;
    pdf.metadata.info.producer = "ClaimDesk".into();
    pdf.metadata.info.creator = "ClaimDesk".into();
    Ok((pdf, font_id))
}

/// The pages as A4, the font subset, as a lopdf document (compressed
/// later, at a faster level than printpdf's own: `attach::compress`).
pub(crate) fn lay_out(mut pdf: PdfDocument, pages: Vec<Vec<printpdf::Op>>) -> lopdf::Document {
    pdf.with_pages(
        pages
            .into_iter()
            .map(|ops| PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), ops))
            .collect(),
    );
    let save = PdfSaveOptions {
        subset_fonts: true,
        optimize: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    pdf.to_lopdf_document(&save, &mut warnings)
}

/// An evidence photo placed as an image XObject: its id and pixel size.
struct Photo {
    sha256: String,
    id: XObjectId,
    width: u32,
    height: u32,
    /// The file's own size when it was scaled down to fit.
    scaled_from: Option<(u32, u32)>,
}

/// The evidence images: those shown, and those too large to read (listed,
/// with why; by SHA-256).
struct Images {
    shown: Vec<Photo>,
    too_large: Vec<String>,
}

/// JPEG files go in as they are (DCT, not re-encoded); PNGs are read row by
/// row, scaled down past 2,000 px a side and stored losslessly (Flate).
/// Other files are listed but not shown.
fn evidence_images(pdf: &mut PdfDocument, evidence: &[EvidenceFile]) -> Images {
    use printpdf::{DictItem, ExternalStream, ExternalXObject, XObject};
    let mut photos = Vec::new();
    let mut too_large = Vec::new();
    for (index, file) in evidence.iter().enumerate() {
        let stream = match image_stream(&file.bytes) {
            Ok(stream) => stream,
            Err(crate::photo::Refused::TooLarge { .. }) => {
                too_large.push(file.sha256.clone());
                continue;
            }
            Err(crate::photo::Refused::Unreadable) => continue,
        };
        let ImageStream {
            dict: dict_extra,
            content,
            compress,
            width,
            height,
            scaled_from,
        } = stream;
        let mut dict = std::collections::BTreeMap::new();
        dict.insert("Type".to_owned(), DictItem::Name(b"XObject".to_vec()));
        dict.insert("Subtype".to_owned(), DictItem::Name(b"Image".to_vec()));
        dict.insert("Width".to_owned(), DictItem::Int(i64::from(width)));
        dict.insert("Height".to_owned(), DictItem::Int(i64::from(height)));
        dict.insert("BitsPerComponent".to_owned(), DictItem::Int(8));
        for (key, value) in dict_extra {
            dict.insert(key.to_owned(), value);
        }
        let id = XObjectId(format!("Im{}", index + 1));
        pdf.resources.xobjects.map.insert(
            id.clone(),
            XObject::External(ExternalXObject {
                stream: ExternalStream {
                    dict,
                    content,
                    compress,
                },
                width: None,
                height: None,
                dpi: None,
            }),
        );
        photos.push(Photo {
            sha256: file.sha256.clone(),
            id,
            width,
            height,
            scaled_from,
        });
    }
    Images {
        shown: photos,
        too_large,
    }
}

struct ImageStream {
    dict: Vec<(&'static str, printpdf::DictItem)>,
    content: Vec<u8>,
    compress: bool,
    width: u32,
    height: u32,
    scaled_from: Option<(u32, u32)>,
}

/// The image of an evidence file, or why it is not shown (`Unreadable` for
/// what is not a JPEG or PNG: such files are listed only).
fn image_stream(bytes: &[u8]) -> Result<ImageStream, crate::photo::Refused> {
    use image::ImageDecoder;
    use printpdf::DictItem;
    let cursor = std::io::Cursor::new(bytes);
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        // Only the header is read: the viewer decodes the JPEG, whatever its
        // size, and the file goes in byte for byte.
        let decoder = image::codecs::jpeg::JpegDecoder::new(cursor)
            .map_err(|_| crate::photo::Refused::Unreadable)?;
        let (width, height) = decoder.dimensions();
        let space: &[u8] = match decoder.color_type() {
            image::ColorType::L8 => b"DeviceGray",
            image::ColorType::Rgb8 => b"DeviceRGB",
            _ => return Err(crate::photo::Refused::Unreadable),
        };
        return Ok(ImageStream {
            dict: vec![
                ("ColorSpace", DictItem::Name(space.to_vec())),
                ("Filter", DictItem::Name(b"DCTDecode".to_vec())),
            ],
            content: bytes.to_vec(),
            compress: false,
            width,
            height,
            scaled_from: None,
        });
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let picture = crate::photo::png_over_white(bytes)?;
        return Ok(ImageStream {
            dict: vec![("ColorSpace", DictItem::Name(b"DeviceRGB".to_vec()))],
            content: picture.rgb,
            compress: true,
            width: picture.width,
            height: picture.height,
            scaled_from: picture.scaled_from,
        });
    }
    Err(crate::photo::Refused::Unreadable)
}

struct Writer<'a> {
    claim: &'a Claim,
    assessment: &'a Assessment,
    report: &'a Report,
    options: &'a Options,
    claim_id: &'a str,
    json_sha256: &'a str,
}

impl Writer<'_> {
    fn lang(&self) -> Lang {
        self.options.lang
    }

    /// Free text as the page shows it: with customer names and phone
    /// numbers masked unless the owner opted in, as the attached claim has
    /// it ([`claim_core::privacy::outgoing`]).
    fn shown(&self, text: &str) -> String {
        if self.options.include_customer_details {
            return text.to_owned();
        }
        let names: Vec<&str> = self
            .claim
            .lost_orders
            .iter()
            .filter_map(|order| order.customer_name.as_deref())
            .map(str::trim)
            .collect();
        claim_core::privacy::mask_free_text(text, &names)
    }

    fn write(&self, sheet: &mut Sheet<'_>, images: &Images) -> Result<(), PdfError> {
        self.title(sheet)?;
        self.business(sheet);
        self.incident(sheet);
        self.sales(sheet);
        self.totals(sheet);
        self.lost_orders(sheet);
        self.extra_costs(sheet);
        self.narrative(sheet);
        self.evidence(sheet, images);
        self.declaration(sheet);
        self.photos(sheet, &images.shown);
        self.for_staff(sheet);
        Ok(())
    }

    fn title(&self, sheet: &mut Sheet<'_>) -> Result<(), PdfError> {
        let lang = self.lang();
        let qr_size = 92.0;
        let top = sheet.y();
        sheet.text_at(
            MARGIN_X,
            top + 22.0,
            Style::bold(21.0),
            tr(
                lang,
                "플랫폼 장애 피해 청구서",
                "Platform outage damage claim",
            ),
        );
        let number = self.options.number.as_deref().unwrap_or("-");
        let made = format_instant_kst(self.options.at.fixed_offset(), lang);
        let rows = [
            format!("{} {number}", tr(lang, "청구 번호", "Claim number")),
            format!("{} {made}", tr(lang, "작성", "Made")),
            format!("ID {}", self.claim_id),
        ];
        for (i, row) in rows.iter().enumerate() {
            sheet.text_at(
                MARGIN_X,
                top + 44.0 + i as f32 * 14.0,
                Style::plain(9.5).colored(GREY),
                row,
            );
        }
        let registration = self
            .claim
            .business
            .registration_number
            .as_deref()
            .unwrap_or("");
        let payload = qr::payload(
            self.claim_id,
            registration,
            self.assessment.totals.claimed.map(Won::get),
            self.json_sha256,
        );
        let qr_x = PAGE_WIDTH - MARGIN_X - qr_size;
        qr::draw(sheet, &payload, qr_x, top - 6.0, qr_size)?;
        let caption = tr(lang, "청구 확인용 QR", "Claim check QR");
        let width = sheet.width(caption, Style::plain(7.5));
        sheet.text_at(
            qr_x + (qr_size - width) / 2.0,
            top + qr_size - 2.0,
            Style::plain(7.5).colored(GREY),
            caption,
        );
        sheet.space(qr_size + 4.0);
        if self.options.draft {
            sheet.paragraph(
                tr(
                    lang,
                    "초안입니다. 제출용이 아닙니다. 오류를 고친 뒤 다시 만들어 주세요.",
                    "Draft: not for submission. Fix the errors and make it again.",
                ),
                Style::bold(10.5).colored(RED),
                0.0,
            );
            for problem in &self.report.errors {
                sheet.paragraph(
                    &format!("• {} ({})", problem.message, problem.code.as_str()),
                    Style::plain(9.0).colored(RED),
                    8.0,
                );
            }
        }
        Ok(())
    }

    fn business(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        let b = &self.claim.business;
        sheet.heading(tr(lang, "1. 신청 사업장", "1. The business"), 60.0);
        let registration =
            b.registration_number
                .as_deref()
                .map(|text| match RegistrationNumber::parse(text) {
                    Ok(number) => {
                        let kind = number.business_type();
                        let kind = match lang {
                            Lang::Ko => kind.label_ko(),
                            Lang::En => kind.label_en(),
                        };
                        format!("{number} ({kind})")
                    }
                    Err(_) => text.to_owned(),
                });
        let contact = [b.phone.as_deref(), b.email.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        let bank = b.bank.as_ref().map(|bank| {
            [
                bank.name.as_deref(),
                bank.account.as_deref(),
                bank.holder
                    .as_deref()
                    .map(|h| match lang {
                        Lang::Ko => format!("예금주 {h}"),
                        Lang::En => format!("holder {h}"),
                    })
                    .as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
        });
        sheet.fields(&[
            (tr(lang, "상호", "Name").into(), or_dash(b.name.as_deref())),
            (
                tr(lang, "대표자", "Representative").into(),
                or_dash(b.representative.as_deref()),
            ),
            (
                tr(lang, "사업자등록번호", "Registration no.").into(),
                or_dash(registration.as_deref()),
            ),
            (tr(lang, "업종", "Industry").into(), label(b.industry, lang)),
            (tr(lang, "지역", "Region").into(), label(b.region, lang)),
            (
                tr(lang, "주소", "Address").into(),
                or_dash(b.address.as_deref()),
            ),
            (
                tr(lang, "연락처", "Contact").into(),
                or_dash(Some(&contact)),
            ),
            (
                tr(lang, "지급 계좌", "Bank account").into(),
                or_dash(bank.as_deref()),
            ),
        ]);
    }

    fn incident(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        sheet.heading(
            tr(
                lang,
                "2. 장애와 피해 기간",
                "2. The outage and the claim period",
            ),
            50.0,
        );
        let incident = self.claim.incident.preset.valid();
        let name = match (incident, lang) {
            (Some(p), Lang::Ko) => p.title_ko.to_owned(),
            (Some(p), Lang::En) => p.title_en.to_owned(),
            (None, _) => tr(lang, "직접 입력한 장애", "Custom outage").to_owned(),
        };
        // Whoever reads the PDF must see when nobody vouches for the
        // incident's hours and tiers.
        let name = match incident.map(|p| &p.verification) {
            Some(verification @ claim_core::signature::Verification::Unverified { .. }) => {
                format!("[{}] {name}", verification.label(lang))
            }
            _ => name,
        };
        // The shop's own outage, when it gave one beside the incident's.
        let own = incident.is_some()
            && (self.claim.incident.start.valid().is_some()
                || self.claim.incident.end.valid().is_some());
        let window = self.assessment.window.as_ref().map_or_else(
            || "-".to_owned(),
            |w| {
                format!(
                    "{} ~ {}",
                    format_instant_kst(w.start, lang),
                    format_instant_kst(w.end, lang)
                )
            },
        );
        let period = self.assessment.period.as_ref().map_or_else(
            || "-".to_owned(),
            |p| {
                format!(
                    "{} ~ {}",
                    format_date(p.from, lang),
                    format_date(p.to, lang)
                )
            },
        );
        let services = self
            .claim
            .affected_services
            .iter()
            .map(|s| {
                let paid = match s.paid {
                    Some(true) => tr(lang, "유료", "paid"),
                    Some(false) => tr(lang, "무료", "free"),
                    None => "-",
                };
                format!("{} ({paid})", label(s.service, lang))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut rows: Vec<(String, String)> = vec![(tr(lang, "장애", "Outage").into(), name)];
        match incident.filter(|_| own) {
            Some(incident) => {
                rows.push((
                    tr(lang, "장애 시간 (한국 시간)", "Outage window (KST)").into(),
                    format!(
                        "{} ~ {}",
                        format_instant_kst(incident.start, lang),
                        format_instant_kst(incident.end, lang)
                    ),
                ));
                rows.push((
                    tr(lang, "우리 가게 장애 시간", "Our shop's outage (KST)").into(),
                    window,
                ));
            }
            None => rows.push((
                tr(lang, "장애 시간 (한국 시간)", "Outage window (KST)").into(),
                window,
            )),
        }
        rows.extend([
            (tr(lang, "피해 기간", "Claim period").into(), period),
            (
                tr(lang, "피해 서비스", "Services affected").into(),
                or_dash(Some(&services)),
            ),
        ]);
        sheet.fields(&rows);
        if let Some(incident) = incident {
            let mut rows: Vec<(String, String)> = Vec::new();
            if incident.verification != claim_core::signature::Verification::BuiltIn {
                rows.push((
                    tr(lang, "장애 정의", "Incident definition").into(),
                    incident.verification.label(lang),
                ));
            }
            if let Some(deadline) = incident.filing_deadline() {
                rows.push((
                    tr(lang, "접수 마감", "Filing deadline").into(),
                    format!(
                        "{} ({})",
                        format_date(deadline.date, lang),
                        deadline.title.get(lang)
                    ),
                ));
            }
            if !rows.is_empty() {
                sheet.fields(&rows);
            }
        }
    }

    /// Whether the claim's incident pays by days out (spec §3.1).
    fn days_out_rule(&self) -> bool {
        self.assessment
            .compensation
            .is_some_and(|c| c.by_days_out())
    }

    fn sales(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        sheet.heading(tr(lang, "3. 매출 비교", "3. Sales compared"), 80.0);
        if self.report.days.iter().all(|day| day.actual.is_none())
            && self.claim.daily_sales.is_empty()
        {
            let said = match (self.days_out_rule(), self.claim.lost_orders.is_empty()) {
                (true, true) => tr(
                    lang,
                    "이 장애는 장애 일수로 보상하므로 매출 자료 없이 청구했습니다.",
                    "This outage is paid by the days out: claimed without sales data.",
                ),
                _ => tr(
                    lang,
                    "매출 자료가 없어 놓친 주문으로 피해를 계산했습니다.",
                    "No sales data: the loss is the lost orders.",
                ),
            };
            sheet.paragraph(said, Style::plain(10.0), 0.0);
            self.warnings(sheet);
            return;
        }
        let method = self.assessment.method.map_or_else(
            || "-".to_owned(),
            |m| match lang {
                Lang::Ko => m.label_ko().to_owned(),
                Lang::En => m.label_en().to_owned(),
            },
        );
        let mut explanation = format!("{}: {method}", tr(lang, "비교 방법", "Baseline"));
        if let Some(best) = self.assessment.best_week {
            explanation.push_str(&format!(
                " ({} {} ~ {})",
                tr(lang, "가장 높은 주", "best week"),
                format_date(best.from, lang),
                format_date(best.to, lang)
            ));
        }
        sheet.paragraph(&explanation, Style::plain(10.0), 0.0);
        sheet.space(3.0);
        // The holiday column only when a day in the table is one: an empty
        // column reads as something left out.
        let any_holiday = self.report.days.iter().any(|day| day.holiday);
        let mut columns = vec![Column {
            title: tr(lang, "날짜", "Date").into(),
            width: if any_holiday { 150.0 } else { 205.0 },
            align: Align::Left,
        }];
        if any_holiday {
            columns.push(Column {
                title: tr(lang, "공휴일", "Holiday").into(),
                width: 55.0,
                align: Align::Left,
            });
        }
        columns.extend([
            Column {
                title: tr(lang, "실제 매출", "Actual").into(),
                width: 97.0,
                align: Align::Right,
            },
            Column {
                title: tr(lang, "비교 매출", "Baseline").into(),
                width: 97.0,
                align: Align::Right,
            },
            Column {
                title: tr(lang, "감소액", "Drop").into(),
                width: CONTENT_WIDTH - 399.0,
                align: Align::Right,
            },
        ]);
        let amount = |value: Option<Won>| value.map_or_else(|| "-".to_owned(), |v| won(v, lang));
        let rows: Vec<(Vec<String>, bool)> = self
            .report
            .days
            .iter()
            .map(|day| {
                let mut cells = vec![format_date(day.date, lang)];
                if any_holiday {
                    cells.push(if day.holiday {
                        tr(lang, "공휴일", "holiday").to_owned()
                    } else {
                        String::new()
                    });
                }
                cells.extend([amount(day.actual), amount(day.baseline), amount(day.drop)]);
                (cells, day.holiday)
            })
            .collect();
        sheet.table(&columns, &rows, Style::plain(9.0));
        sheet.space(4.0);
        self.warnings(sheet);
    }

    fn warnings(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        if self.report.warnings.is_empty() {
            return;
        }
        sheet.space(2.0);
        sheet.paragraph(
            tr(lang, "확인할 점", "Points to note"),
            Style::bold(9.5),
            0.0,
        );
        // Worded for the association, who read this after it is handed in:
        // the facts, without the owner's advice (the report says that).
        for problem in self
            .assessment
            .problems
            .iter()
            .filter(|problem| !problem.code().is_error())
        {
            sheet.paragraph(
                &format!("※ {}", claim_core::messages::staff_message(problem, lang)),
                Style::plain(9.0).colored(GREY),
                6.0,
            );
        }
    }

    fn totals(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        let t = &self.assessment.totals;
        sheet.heading(tr(lang, "4. 피해 금액", "4. The loss"), 160.0);
        let rate = t
            .drop_rate_bp
            .map(|bp| format!(" ({}.{:02}%)", bp / 100, bp % 100))
            .unwrap_or_default();
        let mut rows = vec![
            (
                tr(lang, "비교 매출 합계", "Baseline total").into(),
                maybe_won(t.baseline, lang),
            ),
            (
                tr(lang, "실제 매출 합계", "Actual total").into(),
                maybe_won(t.actual, lang),
            ),
            (
                tr(lang, "매출 감소액", "Sales drop").into(),
                format!("{}{rate}", maybe_won(t.sales_drop, lang)),
            ),
            (
                tr(lang, "놓친 주문 합계", "Lost orders").into(),
                maybe_won(t.lost_orders, lang),
            ),
            (
                tr(lang, "추가로 든 비용", "Extra costs").into(),
                maybe_won(t.extra_costs, lang),
            ),
        ];
        if let Some(profit) = t.profit_loss_estimate {
            rows.push((
                tr(lang, "영업이익 손실 추정", "Lost profit (estimate)").into(),
                won(profit, lang),
            ));
        }
        // The incident's own rule, worded from its definition (spec §3.1).
        if let Some(rule) = self
            .claim
            .incident
            .preset
            .valid()
            .and_then(|p| p.compensation.as_ref())
        {
            let outcome = self.assessment.compensation;
            if let Some(days) = outcome.and_then(|c| c.days_out) {
                rows.push((
                    tr(lang, "장애 일수", "Days out").into(),
                    days_out_words(days, lang),
                ));
            }
            let tier = match outcome {
                Some(c) if c.tier_amount.is_some() || c.individual_review => {
                    rule_label(rule, &c, lang)
                }
                _ => "-".to_owned(),
            };
            rows.push((
                tr(lang, "보상 구간 (미리보기)", "Compensation tier (preview)").into(),
                tier,
            ));
        }
        // Under a days-out rule the payment is the step's amount, whatever
        // the loss: that stands out, and the amount claimed (loss and
        // costs) is a line above it.
        let days_out_amount = self
            .assessment
            .compensation
            .filter(Compensation::by_days_out)
            .map(|c| c.tier_amount);
        if days_out_amount.is_some() {
            rows.push((
                tr(
                    lang,
                    "청구 금액 (손실·비용)",
                    "Amount claimed (loss and costs)",
                )
                .into(),
                maybe_won(t.claimed, lang),
            ));
        }
        sheet.fields(&rows);
        // The amount claimed stands out, in figures and in words.
        sheet.space(4.0);
        sheet.ensure(48.0);
        let top = sheet.y();
        sheet.fill(MARGIN_X, top, CONTENT_WIDTH, 42.0, (0.93, 0.95, 0.99));
        let (title, amount) = match days_out_amount {
            Some(amount) => (tr(lang, "장애 일수 보상", "Paid by days out"), amount),
            None => (tr(lang, "청구 금액", "Amount claimed"), t.claimed),
        };
        sheet.text_at(
            MARGIN_X + 8.0,
            top + 17.0,
            Style::bold(11.0).colored(ACCENT),
            title,
        );
        let shown = match (days_out_amount, amount) {
            (Some(_), None) => tr(lang, "해당 없음", "none").to_owned(),
            _ => maybe_won(amount, lang),
        };
        sheet.text_at(MARGIN_X + 126.0, top + 18.0, Style::bold(15.0), &shown);
        if let Some(words) = amount
            .filter(|c| c.get() > 0)
            .and_then(|c| hangul_words(c.get()))
            .filter(|_| lang == Lang::Ko)
        {
            sheet.text_at(
                MARGIN_X + 126.0,
                top + 34.0,
                Style::plain(9.5),
                &format!("금 {words}원정"),
            );
        }
        sheet.space(48.0);
        let notes = match lang {
            Lang::Ko => [
                "매출 감소액은 피해 기간 전체를 합쳐 계산합니다. 평소보다 매출이 많았던 날은 다른 날의 감소분을 줄입니다(미뤄진 주문이 나중에 들어온 경우).",
                "놓친 주문은 매출 감소를 뒷받침하는 자료이며, 매출 감소액에 더하지 않습니다. 매출 자료가 없을 때만 놓친 주문 합계가 피해액이 됩니다.",
                "청구 금액 = 피해액(매출 감소액 또는 놓친 주문 합계) + 장애 때문에 추가로 든 비용.",
            ],
            Lang::En => [
                "The sales drop is netted over the whole period: a day that sold more than its baseline reduces the drop of the others (orders deferred and made up later).",
                "Lost orders support the sales drop and are not added to it. Only without sales data is the loss the sum of the lost orders.",
                "Amount claimed = the loss (sales drop, or lost orders) + the extra costs the outage caused.",
            ],
        };
        for note in notes {
            sheet.paragraph(&format!("· {note}"), Style::plain(9.0).colored(GREY), 0.0);
        }
    }

    fn lost_orders(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        if self.claim.lost_orders.is_empty() {
            return;
        }
        sheet.heading(tr(lang, "5. 놓친 주문", "5. Lost orders"), 40.0);
        let masked = !self.options.include_customer_details;
        let columns = [
            Column {
                title: tr(lang, "주문 번호", "Order").into(),
                width: 66.0,
                align: Align::Left,
            },
            Column {
                title: tr(lang, "주문 시각(한국)", "Time (KST)").into(),
                width: 112.0,
                align: Align::Left,
            },
            Column {
                title: tr(lang, "서비스", "Service").into(),
                width: 122.0,
                align: Align::Left,
            },
            Column {
                title: tr(lang, "금액", "Amount").into(),
                width: 62.0,
                align: Align::Right,
            },
            Column {
                title: tr(lang, "고객", "Customer").into(),
                width: 48.0,
                align: Align::Left,
            },
            Column {
                title: tr(lang, "연락처", "Phone").into(),
                width: CONTENT_WIDTH - 410.0,
                align: Align::Left,
            },
        ];
        let rows: Vec<(Vec<String>, bool)> = self
            .claim
            .lost_orders
            .iter()
            .map(|order| {
                let name = order.customer_name.as_deref().map(|n| {
                    if masked {
                        mask_name(n)
                    } else {
                        n.to_owned()
                    }
                });
                let phone = order.customer_phone.as_deref().map(|p| {
                    if masked {
                        claim_core::privacy::without_words(&mask_phone(p))
                    } else {
                        p.to_owned()
                    }
                });
                (
                    vec![
                        or_dash(order.reference.as_deref().map(|r| self.shown(r)).as_deref()),
                        order.at.map_or_else(
                            || "-".to_owned(),
                            |at| {
                                at.with_timezone(&claim_core::dates::KST)
                                    .format("%Y.%m.%d %H:%M")
                                    .to_string()
                            },
                        ),
                        label(order.service, lang),
                        order
                            .amount
                            .map_or_else(|| "-".to_owned(), |a| won(a, lang)),
                        or_dash(name.as_deref()),
                        or_dash(phone.as_deref()),
                    ],
                    false,
                )
            })
            .collect();
        sheet.table(&columns, &rows, Style::plain(8.5));
        if masked {
            sheet.space(2.0);
            sheet.paragraph(
                tr(
                    lang,
                    "고객 이름과 연락처는 개인정보 보호를 위해 가렸습니다.",
                    "Customer names and phones are masked to protect personal data.",
                ),
                Style::plain(8.5).colored(GREY),
                0.0,
            );
        }
    }

    fn extra_costs(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        if self.claim.extra_costs.is_empty() {
            return;
        }
        sheet.heading(tr(lang, "6. 추가로 든 비용", "6. Extra costs"), 40.0);
        let columns = [
            Column {
                title: tr(lang, "날짜", "Date").into(),
                width: 130.0,
                align: Align::Left,
            },
            Column {
                title: tr(lang, "내용", "What").into(),
                width: CONTENT_WIDTH - 230.0,
                align: Align::Left,
            },
            Column {
                title: tr(lang, "금액", "Amount").into(),
                width: 100.0,
                align: Align::Right,
            },
        ];
        let rows: Vec<(Vec<String>, bool)> = self
            .claim
            .extra_costs
            .iter()
            .map(|cost| {
                (
                    vec![
                        cost.date
                            .map_or_else(|| "-".to_owned(), |d| format_date(d, lang)),
                        or_dash(
                            cost.description
                                .as_deref()
                                .map(|d| self.shown(d))
                                .as_deref(),
                        ),
                        cost.amount.map_or_else(|| "-".to_owned(), |a| won(a, lang)),
                    ],
                    false,
                )
            })
            .collect();
        sheet.table(&columns, &rows, Style::plain(9.0));
    }

    fn narrative(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        let Some(text) = self
            .claim
            .narrative
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        else {
            return;
        };
        sheet.heading(tr(lang, "7. 피해 내용", "7. What happened"), 30.0);
        sheet.paragraph(&self.shown(text), Style::plain(10.0), 0.0);
    }

    fn evidence(&self, sheet: &mut Sheet<'_>, images: &Images) {
        let lang = self.lang();
        sheet.heading(tr(lang, "8. 증빙 자료", "8. Evidence"), 40.0);
        if self.claim.evidence.is_empty() {
            sheet.paragraph(
                tr(
                    lang,
                    "첨부한 증빙 자료가 없습니다.",
                    "No evidence attached.",
                ),
                Style::plain(10.0),
                0.0,
            );
            return;
        }
        // The files' fingerprints are for staff matching files: they are on
        // the last page, with the claim file's.
        let columns = [
            Column {
                title: tr(lang, "종류", "Kind").into(),
                width: 140.0,
                align: Align::Left,
            },
            Column {
                title: tr(lang, "파일", "File").into(),
                width: CONTENT_WIDTH - 140.0,
                align: Align::Left,
            },
        ];
        let rows: Vec<(Vec<String>, bool)> = self
            .claim
            .evidence
            .iter()
            .map(|item| {
                let sha = item.sha256.as_deref();
                let shown = sha.is_some_and(|sha| images.shown.iter().any(|p| p.sha256 == sha));
                let too_large = sha.is_some_and(|sha| images.too_large.iter().any(|p| p == sha));
                let mut file = or_dash(item.file_name.as_deref());
                if shown {
                    file.push_str(tr(lang, " (사진 첨부)", " (image attached)"));
                } else if too_large {
                    file.push_str(tr(
                        lang,
                        " (사진이 1억 5천만 화소를 넘어 싣지 못함)",
                        " (image over 150 megapixels, not shown)",
                    ));
                }
                (vec![label::<EvidenceKind>(item.kind, lang), file], false)
            })
            .collect();
        sheet.table(&columns, &rows, Style::plain(9.0));
    }

    fn declaration(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        sheet.heading(
            tr(lang, "9. 확인 및 서명", "9. Declaration and signature"),
            130.0,
        );
        sheet.paragraph(
            tr(
                lang,
                "위 내용과 첨부한 자료가 사실과 다름이 없음을 확인하며, 위와 같이 피해를 신고합니다.",
                "I confirm that the above and the attached evidence are true, and claim for the loss as stated.",
            ),
            Style::plain(10.5),
            0.0,
        );
        sheet.space(8.0);
        let date = format_date(
            self.options
                .at
                .with_timezone(&claim_core::dates::KST)
                .date_naive(),
            lang,
        );
        sheet.paragraph(&date, Style::plain(10.5), 0.0);
        sheet.space(6.0);
        let top = sheet.y();
        let name = or_dash(self.claim.business.representative.as_deref());
        sheet.text_at(
            MARGIN_X,
            top + 26.0,
            Style::plain(10.5),
            &format!(
                "{} {name}",
                tr(lang, "신청인(대표자)", "Applicant (representative)")
            ),
        );
        let box_x = PAGE_WIDTH - MARGIN_X - 150.0;
        sheet.frame(box_x, top, 150.0, 56.0, LINE, 0.8);
        sheet.text_at(
            box_x + 6.0,
            top + 12.0,
            Style::plain(8.0).colored(GREY),
            tr(lang, "서명 또는 인", "Signature or seal"),
        );
        sheet.space(64.0);
    }

    /// The machine part, on a page of its own and labelled for the
    /// association's staff: the fingerprint of the claim file attached to
    /// this PDF and of each evidence file, to match files against.
    fn for_staff(&self, sheet: &mut Sheet<'_>) {
        let lang = self.lang();
        sheet.new_page();
        sheet.heading(
            tr(
                lang,
                "연합회 확인용: 파일 대조 정보",
                "For the association's staff: file fingerprints",
            ),
            80.0,
        );
        sheet.paragraph(
            tr(
                lang,
                "이 쪽은 연합회 직원이 받은 파일을 대조할 때 씁니다. 신청인이 적거나 확인할 것은 없습니다.",
                "Staff use this page to match the files they received. Nothing here is for the applicant to fill in or check.",
            ),
            Style::plain(9.0).colored(GREY),
            0.0,
        );
        sheet.space(4.0);
        let columns = [
            Column {
                title: tr(lang, "파일", "File").into(),
                width: 170.0,
                align: Align::Left,
            },
            Column {
                title: "SHA-256".into(),
                width: CONTENT_WIDTH - 170.0,
                align: Align::Left,
            },
        ];
        let mut rows = vec![(
            vec![
                tr(
                    lang,
                    "청구서 원본 (이 PDF에 첨부된 claim.json, RFC 8785 JSON)",
                    "The claim (claim.json attached to this PDF, RFC 8785 JSON)",
                )
                .to_owned(),
                self.json_sha256.to_owned(),
            ],
            false,
        )];
        rows.extend(self.claim.evidence.iter().map(|item| {
            (
                vec![
                    format!(
                        "{} · {}",
                        label::<EvidenceKind>(item.kind, lang),
                        or_dash(item.file_name.as_deref())
                    ),
                    or_dash(item.sha256.as_deref()),
                ],
                false,
            )
        }));
        sheet.table(&columns, &rows, Style::plain(7.5));
    }

    /// Each evidence photo on a page of its own, scaled to fit, with its
    /// caption and fingerprint.
    fn photos(&self, sheet: &mut Sheet<'_>, photos: &[Photo]) {
        let lang = self.lang();
        for photo in photos {
            let item = self
                .claim
                .evidence
                .iter()
                .find(|item| item.sha256.as_deref() == Some(photo.sha256.as_str()));
            sheet.new_page();
            let caption = item.map_or_else(String::new, |item| {
                format!(
                    "{} · {}",
                    label::<EvidenceKind>(item.kind, lang),
                    or_dash(item.file_name.as_deref())
                )
            });
            sheet.paragraph(
                &format!("{} {caption}", tr(lang, "증빙:", "Evidence:")),
                Style::bold(11.0),
                0.0,
            );
            let size = match photo.scaled_from {
                Some((width, height)) => match lang {
                    Lang::Ko => format!(
                        " · 원본 {width}×{height} 화소를 {}×{} 화소로 줄여 실음",
                        photo.width, photo.height
                    ),
                    Lang::En => format!(
                        " · scaled down from {width}×{height} to {}×{} pixels",
                        photo.width, photo.height
                    ),
                },
                None => String::new(),
            };
            sheet.paragraph(
                &format!("SHA-256 {}{size}", photo.sha256),
                Style::plain(8.0).colored(GREY),
                0.0,
            );
            sheet.space(6.0);
            let available_height = FOOTER_BASELINE - 24.0 - sheet.y();
            // Scaled to fit the page; a small image is enlarged at most
            // twofold (past that it only shows its pixels bigger).
            let scale = (CONTENT_WIDTH / photo.width.max(1) as f32)
                .min(available_height / photo.height.max(1) as f32)
                .min(2.0);
            let (width, height) = (photo.width as f32 * scale, photo.height as f32 * scale);
            let top = sheet.y();
            sheet.image(
                photo.id.clone(),
                MARGIN_X + (CONTENT_WIDTH - width) / 2.0,
                top,
                width,
                height,
            );
            sheet.space(height);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_derived_id_says_nothing_of_the_customers() {
        let claim = |name: &str, phone: &str| {
            serde_json::json!({
                "format": "claimdesk.claim/1",
                "lost_orders": [{"customer_name": name, "customer_phone": phone, "amount": 45000}],
            })
        };
        let entered = derived_id(&claim("김민진", "010-2222-3333")).unwrap();
        // Another customer with the same masked form: the id cannot tell
        // them apart, so it cannot be guessed back to either.
        assert_eq!(
            entered,
            derived_id(&claim("김영진", "010-9876-3333")).unwrap()
        );
        assert_ne!(
            entered,
            derived_id(&claim("박민진", "010-2222-3333")).unwrap()
        );
        assert!(claim_core::ClaimId::parse(&entered).is_some());
    }
}
