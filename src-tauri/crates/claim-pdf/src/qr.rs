//! The QR code on page 1: who claims what, and the fingerprint of the
//! attached claim JSON, so a clerk's phone can check a printout against the
//! file. Drawn as vector rectangles, one per run of dark modules in a row
//! (sharp at any zoom, no image to decode).

#[cfg(feature = "write")]
use crate::layout::{Sheet, BLACK};
#[cfg(feature = "write")]
use crate::PdfError;
#[cfg(feature = "write")]
use qrcode::{Color, EcLevel, QrCode};

#[cfg(feature = "write")]
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

/// How much larger than its modules each drawn run is, so that neighbours
/// leave no seam; [`read`] takes it off again.
const RUN_OVERLAP: f32 = 0.05;

/// The most rectangles of one height [`read`] looks at: a version-40 code
/// has 177 rows of at most 89 runs.
const MAX_RUNS: usize = 177 * 89;

#[cfg(feature = "write")]
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
                    run.len() as f32 * module + RUN_OVERLAP,
                    module + RUN_OVERLAP,
                ));
            }
            column += run.len();
        }
    }
    sheet.fill_rects(&runs, BLACK);
    Ok(())
}

/// The text of every QR code [`draw`] could have drawn among `fills`
/// (filled rectangles of a page as `x, y, width, height` in PDF points, y
/// up): the runs of one height are laid back on their grid and decoded.
/// Rectangles that make no code are ignored; nothing here trusts the page.
pub fn read(fills: &[(f32, f32, f32, f32)]) -> Vec<String> {
    let mut by_height: std::collections::BTreeMap<i64, Vec<(f32, f32, f32)>> =
        std::collections::BTreeMap::new();
    for &(x, y, width, height) in fills {
        let finite = [x, y, width, height].iter().all(|v| v.is_finite());
        if finite && height > RUN_OVERLAP && width > 0.0 {
            // Heights equal to a thousandth of a point are one code's rows.
            #[allow(clippy::cast_possible_truncation)]
            let key = (height * 1000.0).round() as i64;
            let runs = by_height.entry(key).or_default();
            if runs.len() < MAX_RUNS {
                runs.push((x, y, width));
            }
        }
    }
    by_height
        .into_iter()
        .filter_map(|(key, runs)| {
            #[allow(clippy::cast_precision_loss)]
            let module = key as f32 / 1000.0 - RUN_OVERLAP;
            decode_runs(&runs, module)
        })
        .collect()
}

/// One code from its runs, `module` points a module; `None` unless they lie
/// on a square grid of a QR code's size and decode.
fn decode_runs(runs: &[(f32, f32, f32)], module: f32) -> Option<String> {
    if runs.len() < 21 || module <= 0.0 {
        return None;
    }
    let left = runs.iter().map(|r| r.0).fold(f32::INFINITY, f32::min);
    let top = runs.iter().map(|r| r.1).fold(f32::NEG_INFINITY, f32::max);
    // Module steps from the code's corner; off the grid is no code.
    let step = |distance: f32| -> Option<usize> {
        let steps = distance / module;
        let whole = steps.round();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        ((steps - whole).abs() < 0.1 && (0.0..=177.0).contains(&whole)).then_some(whole as usize)
    };
    let mut dark = Vec::with_capacity(runs.len());
    for &(x, y, width) in runs {
        let (column, row) = (step(x - left)?, step(top - y)?);
        let length = step(width - RUN_OVERLAP)?;
        dark.push((row, column, length));
    }
    let size = dark
        .iter()
        .map(|(row, column, length)| (row + 1).max(column + length))
        .max()?;
    if !(21..=177).contains(&size) || (size - 21) % 4 != 0 {
        return None;
    }
    let mut cells = vec![false; size * size];
    for (row, column, length) in dark {
        for cell in cells.get_mut(row * size + column..row * size + column + length)? {
            *cell = true;
        }
    }
    let grid = rqrr::SimpleGrid::from_func(size, |x, y| cells[y * size + x]);
    rqrr::Grid::new(grid).decode().ok().map(|(_, text)| text)
}

#[cfg(test)]
#[cfg(feature = "write")]
mod tests {
    use super::*;

    /// The runs [`draw`] lays out for `text`, as a page holds them.
    fn drawn(text: &str, x: f32, top: f32, size: f32) -> Vec<(f32, f32, f32, f32)> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        let width = code.width();
        let module = size / (width as f32 + 8.0);
        let mut rects = Vec::new();
        for (row, modules) in code.to_colors().chunks(width).enumerate() {
            let mut column = 0;
            for run in modules.chunk_by(|a, b| a == b) {
                if run[0] == Color::Dark {
                    let height = module + RUN_OVERLAP;
                    rects.push((
                        x + (column as f32 + 4.0) * module,
                        // PDF y grows upward from the page's foot.
                        842.0 - (top + (row as f32 + 4.0) * module) - height,
                        run.len() as f32 * module + RUN_OVERLAP,
                        height,
                    ));
                }
                column += run.len();
            }
        }
        rects
    }

    proptest::proptest! {
        /// Whatever the payload, place and size, what is drawn reads back,
        /// among other rectangles of the page.
        #[test]
        fn a_drawn_code_reads_back(
            sha in "[0-9a-f]{64}",
            claimed in proptest::option::of(0i64..10_000_000_000),
            x in 300.0f32..480.0,
            top in 20.0f32..400.0,
            size in 80.0f32..120.0,
        ) {
            let text = payload("0192f5c4-0000-7000-8000-000000000001", "1052345674", claimed, &sha);
            let mut fills = drawn(&text, x, top, size);
            fills.push((40.0, 700.0, 515.0, 0.8));
            fills.push((40.0, 600.0, 515.0, 0.8));
            proptest::prop_assert_eq!(read(&fills), vec![text]);
        }

        /// Rectangles that are no code give no text, and never a panic.
        #[test]
        fn stray_rectangles_read_as_no_code(
            fills in proptest::collection::vec(
                (-1e6f32..1e6, -1e6f32..1e6, -10.0f32..1e3, -10.0f32..10.0),
                0..400,
            ),
        ) {
            proptest::prop_assert!(read(&fills).is_empty());
        }
    }
}
