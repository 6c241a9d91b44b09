//! The receipt (접수증) the association prints for a shop: one page saying
//! which claim it took in, with what content and when, and the fingerprint
//! of the key that signed the receipt file (so the paper can be matched to
//! the file, and the file to the association).

use crate::layout::{Sheet, Style, FOOTER_BASELINE, GREY, MARGIN_X};
use crate::{attach, font, FontChoice, PdfError};
use claim_core::answer::Receipt;
use claim_core::dates::{parse_instant, KST};
use claim_core::money::group_thousands;

/// A stored time as the staff and the owner read it: `2026-12-04 10:02 (한국 시간)`.
fn kst(text: &str) -> String {
    parse_instant(text).map_or_else(
        || text.to_owned(),
        |at| {
            at.with_timezone(&KST)
                .format("%Y-%m-%d %H:%M:%S (한국 시간)")
                .to_string()
        },
    )
}

/// The receipt as PDF bytes, signed by the key of `fingerprint`.
pub fn render_receipt(
    receipt: &Receipt,
    fingerprint: &str,
    at: chrono::DateTime<chrono::Utc>,
    font_choice: &FontChoice,
) -> Result<Vec<u8>, PdfError> {
    let fonts = font::fonts(font_choice)?;
    let title = format!("접수증 {}", receipt.receipt_number);
    let (pdf, font_id) = crate::document::begin(&title, at, &fonts)?;
    let mut sheet = Sheet::new(&fonts, font_id);
    sheet.space(16.0);
    sheet.paragraph("접수증", Style::bold(22.0), 0.0);
    sheet.paragraph("Receipt of a claim", Style::plain(10.0).colored(GREY), 0.0);
    sheet.space(14.0);
    let sha = &receipt.claim_sha256;
    let rows = [
        ("접수 번호", receipt.receipt_number.clone()),
        // The association's number for the claim (receipt/2): the one to
        // quote when asking about it.
        (
            "연합회 번호",
            receipt.intake_number.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            "청구 번호",
            receipt.claim_number.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            "상호",
            receipt.business_name.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            "사업자등록번호",
            claim_core::brn::shown_registration_number(&receipt.registration_number),
        ),
        (
            "청구 금액",
            receipt
                .claimed
                .map_or_else(|| "—".into(), |won| format!("{}원", group_thousands(won))),
        ),
        ("받은 때", kst(&receipt.received_at)),
        ("발급한 때", kst(&receipt.issued_at)),
        ("청구서 ID", receipt.claim_id.clone()),
        (
            "받은 청구서의 SHA-256",
            format!(
                "{} {}",
                &sha[..32.min(sha.len())],
                &sha[32.min(sha.len())..]
            ),
        ),
        ("발급한 곳", receipt.issuer.clone()),
        ("서명 키 지문", fingerprint.to_owned()),
    ];
    sheet.fields(
        &rows
            .iter()
            .map(|(label, value)| ((*label).to_owned(), value.clone()))
            .collect::<Vec<_>>(),
    );
    sheet.space(16.0);
    sheet.paragraph(
        &format!(
            "{}{} 위 사업장의 청구서를 위 내용(SHA-256)으로 위 시각에 받았습니다. \
             같은 번호의 접수증 파일(.json)에는 이 지문의 키로 한 서명이 있어, \
             ClaimDesk에서 가져오면 서명과 청구서 내용을 확인하고 청구서를 '제출함'으로 표시합니다.",
            receipt.issuer,
            claim_core::messages::particle_after(&receipt.issuer, "은(는)")
        ),
        Style::plain(10.5),
        0.0,
    );
    let pages = sheet.finish(|_, _, page| {
        page.text_at(
            MARGIN_X,
            FOOTER_BASELINE,
            Style::plain(8.5).colored(GREY),
            "ClaimDesk",
        );
    });
    let mut document = crate::document::lay_out(pdf, pages);
    attach::compress(&mut document);
    let mut out = Vec::new();
    document
        .save_to(&mut out)
        .map_err(|error| PdfError::Internal(error.to_string()))?;
    Ok(out)
}
