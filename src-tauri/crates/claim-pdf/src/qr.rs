//! The QR code on page 1: who claims what, and the fingerprint of the
//! attached claim JSON, so a clerk's phone can check a printout against the
//! file. Drawn as vector rectangles, one per run of dark modules in a row
//! (sharp at any zoom, no image to decode).

use crate::layout::{Sheet, BLACK};
use crate::PdfError;
use qrcode::{Color, EcLevel, QrCode};

/// What the QR code holds: canonical JSON, keys in order.
pub fn payload(id: &str, registration_number: &str, claimed: Option<i64>, sha256: &str) -> String {
    let value = serde_json::json!({
        "claimed": claimed,
        "format": "claimdesk.qr/1",
        "id": id,
        "registration_number": registration_number,
        "sha256": sha256,
    });
    serde_jcs::to_string(&value).unwrap_or_default()
}

/// Draws `text` as a QR code `size` points wide at (`x`, `top`).
pub fn draw(
    sheet: &mut Sheet<'_>,
    text: &str,
    x: f32,
    top: f32,
    size: f32,
) -> Result<(), PdfError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| PdfError::Internal("the QR payload does not fit".into()))?;
    let width = code.width();
    // Four modules of quiet zone on every side, as scanners need.
    let module = size / (width as f32 + 8.0);
    let colors = code.to_colors();
    // Each row's runs of dark modules as one rectangle (a module a
    // rectangle drew about 1,100 of them, 8.6 KB of the page's stream),
    // a hair larger than the run so neighbours leave no seam.
    let mut runs: Vec<(f32, f32, f32, f32)> = Vec::new();
    for (row, modules) in colors.chunks(width.max(1)).enumerate() {
        let mut column = 0;
        for run in modules.chunk_by(|a, b| a == b) {
            if run[0] == Color::Dark {
                runs.push((
                    x + (column as f32 + 4.0) * module,
                    top + (row as f32 + 4.0) * module,
                    run.len() as f32 * module + 0.05,
                    module + 0.05,
                ));
            }
            column += run.len();
        }
    }
    sheet.fill_rects(&runs, BLACK);
    Ok(())
}
