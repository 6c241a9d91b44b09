//! The one-page notice an owner prints for customers whose name and phone
//! are written down for a claim (`claim_core::privacy::customer_notice`).

use crate::layout::{Sheet, Style, FOOTER_BASELINE, GREY, MARGIN_X};
use crate::{attach, font, FontChoice, PdfError};
use claim_core::privacy::CustomerNotice;

/// The notice as PDF bytes, dated `at` (the same notice and time give the
/// same bytes).
pub fn render_notice(
    notice: &CustomerNotice,
    at: chrono::DateTime<chrono::Utc>,
    font_choice: &FontChoice,
) -> Result<Vec<u8>, PdfError> {
    let fonts = font::fonts(font_choice)?;
    let (pdf, font_id) = crate::document::begin(&notice.title, at, &fonts)?;
    let mut sheet = Sheet::new(&fonts, font_id);
    sheet.space(20.0);
    sheet.paragraph(&notice.title, Style::bold(20.0), 0.0);
    sheet.space(18.0);
    for paragraph in &notice.paragraphs {
        sheet.paragraph(paragraph, Style::plain(13.0), 0.0);
        sheet.space(10.0);
    }
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
