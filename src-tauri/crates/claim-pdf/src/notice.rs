//! The one-page notice an owner prints for customers whose name and phone
//! are written down for a claim (`claim_core::privacy::customer_notice`).

use crate::layout::{Sheet, Style, FOOTER_BASELINE, GREY, MARGIN_X};
use crate::{attach, font, FontChoice, PdfError};
use claim_core::privacy::CustomerNotice;
use printpdf::{FontId, PdfDocument, PdfPage, PdfSaveOptions};

/// The notice as PDF bytes, dated `at` (the same notice and time give the
/// same bytes).
pub fn render_notice(
    notice: &CustomerNotice,
    at: chrono::DateTime<chrono::Utc>,
    font_choice: &FontChoice,
) -> Result<Vec<u8>, PdfError> {
    let fonts = font::fonts(font_choice)?;
    let font_id = FontId("CDKRSB".into());
    let mut pdf = PdfDocument::new(&notice.title);
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
    let mut document = pdf.to_lopdf_document(&save, &mut warnings);
    attach::compress(&mut document);
    let mut out = Vec::new();
    document
        .save_to(&mut out)
        .map_err(|error| PdfError::Internal(error.to_string()))?;
    Ok(out)
}
