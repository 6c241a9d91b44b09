//! A PNG evidence photo read row by row into at most [`MAX_PHOTO_SIDE`]
//! pixels a side, flattened onto white paper. Never decoded whole: an
//! 11,000 × 11,000 screenshot decoded whole took 1.5 GB and 6 s; here memory
//! is one row plus the (small) result, whatever the file says its size is.

/// The longest side a photo keeps in the PDF: 2,000 px fill an A4 page at
/// about 240 dpi. A larger one is scaled down by a whole factor, each pixel
/// of the result the average of the block it stands for.
pub const MAX_PHOTO_SIDE: u32 = 2_000;

/// The most pixels a PNG may have to be read at all (12,000 × 12,500): past
/// it the reading time alone would be the owner's wait, so the photo is
/// listed in the PDF but not shown, and the PDF says why.
pub const MAX_PHOTO_PIXELS: u64 = 150_000_000;

/// A photo ready for the PDF: 8-bit RGB, `width × height × 3` bytes.
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    /// The size of the file's image when it was scaled down.
    pub scaled_from: Option<(u32, u32)>,
}

/// Why a PNG is not shown.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// More than [`MAX_PHOTO_PIXELS`].
    TooLarge { width: u32, height: u32 },
    /// Not a PNG this reader can decode (damaged, an animation's frames are
    /// only read as the first).
    Unreadable,
}

/// Where each Adam7 pass puts its pixels: (x0, y0, dx, dy).
const ADAM7: [(u32, u32, u32, u32); 7] = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
];

pub fn png_over_white(bytes: &[u8]) -> Result<Picture, Refused> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // 8 bits a channel, palettes and low bit depths expanded: one sample a byte.
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|_| Refused::Unreadable)?;
    let (width, height) = (reader.info().width, reader.info().height);
    if u64::from(width) * u64::from(height) > MAX_PHOTO_PIXELS {
        return Err(Refused::TooLarge { width, height });
    }
    let (color, _) = reader.output_color_type();
    let channels = color.samples();
    if width == 0 || height == 0 || !(1..=4).contains(&channels) {
        return Err(Refused::Unreadable);
    }
    let factor = width.max(height).div_ceil(MAX_PHOTO_SIDE);
    let out_width = width.div_ceil(factor);
    let out_height = height.div_ceil(factor);
    let cells = usize::try_from(u64::from(out_width) * u64::from(out_height))
        .map_err(|_| Refused::TooLarge { width, height })?;
    // Per output pixel: the sums of R, G and B over white, and how many
    // pixels of the file fell in it (an interlaced file's come in passes).
    let mut sums = vec![[0u32; 3]; cells];
    // (A block holds at most about 75,000 of the file's pixels within
    // MAX_PHOTO_PIXELS, so the sums stay far inside u32.)
    let mut counts = vec![0u32; cells];
    let mut places = row_places(width, height, reader.info().interlaced);
    while let Some(row) = reader.next_row().map_err(|_| Refused::Unreadable)? {
        // The decoder hands rows in this same order (its row information
        // is not public).
        let Some((x0, y, dx)) = places.next() else {
            break;
        };
        if y >= height {
            continue;
        }
        let out_row = (y / factor) as usize * out_width as usize;
        for (index, pixel) in row.data().chunks_exact(channels).enumerate() {
            let x = u32::try_from(index)
                .ok()
                .and_then(|i| i.checked_mul(dx))
                .and_then(|i| i.checked_add(x0))
                .filter(|&x| x < width);
            let Some(x) = x else { break };
            let rgb = over_white(pixel);
            let at = out_row + (x / factor) as usize;
            if let (Some(sum), Some(count)) = (sums.get_mut(at), counts.get_mut(at)) {
                for (total, value) in sum.iter_mut().zip(rgb) {
                    *total += u32::from(value);
                }
                *count += 1;
            }
        }
    }
    let mut rgb = Vec::with_capacity(cells * 3);
    for (sum, &count) in sums.iter().zip(&counts) {
        // A pixel the file never gave (cut short) stays white paper.
        if count == 0 {
            rgb.extend([255; 3]);
        } else {
            rgb.extend(sum.map(|total| u8::try_from(total / count).unwrap_or(u8::MAX)));
        }
    }
    Ok(Picture {
        width: out_width,
        height: out_height,
        rgb,
        scaled_from: (factor > 1).then_some((width, height)),
    })
}

/// Where each row the decoder gives lands in the image: its first pixel's
/// x, its y, and the step between its pixels. Rows come top to bottom, or
/// for Adam7 pass by pass, a pass with no pixels skipped.
fn row_places(
    width: u32,
    height: u32,
    interlaced: bool,
) -> Box<dyn Iterator<Item = (u32, u32, u32)>> {
    if !interlaced {
        return Box::new((0..height).map(|y| (0, y, 1)));
    }
    Box::new(ADAM7.iter().flat_map(move |&(x0, y0, dx, dy)| {
        let samples = width.saturating_sub(x0).div_ceil(dx);
        let lines = if samples == 0 {
            0
        } else {
            height.saturating_sub(y0).div_ceil(dy)
        };
        (0..lines).map(move |line| (x0, y0 + line * dy, dx))
    }))
}

/// One pixel in gray, gray + alpha, RGB or RGBA, over white paper.
fn over_white(pixel: &[u8]) -> [u8; 3] {
    let blend = |c: u8, a: u8| -> u8 {
        let c = u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a));
        u8::try_from(c / 255).unwrap_or(u8::MAX)
    };
    match *pixel {
        [gray] => [gray; 3],
        [gray, alpha] => [blend(gray, alpha); 3],
        [r, g, b] => [r, g, b],
        [r, g, b, alpha] => [blend(r, alpha), blend(g, alpha), blend(b, alpha)],
        _ => [255; 3],
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let root = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/evidence/"
        );
        std::fs::read(format!("{root}{name}")).unwrap()
    }

    /// The whole image as the image crate decodes it, over white.
    fn decoded_whole(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let rgba = image::load_from_memory(bytes).unwrap().to_rgba8();
        let rgb = rgba.pixels().flat_map(|p| over_white(&p.0)).collect();
        (rgba.width(), rgba.height(), rgb)
    }

    fn encoded(width: u32, height: u32, color: png::ColorType, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(data)
            .unwrap();
        out
    }

    #[test]
    fn an_interlaced_palette_png_reads_pixel_for_pixel_as_decoded_whole() {
        // 97 × 61, Adam7, a palette with transparency.
        let bytes = fixture("interlaced.png");
        assert_eq!(bytes[28], 1, "the fixture is interlaced");
        let picture = png_over_white(&bytes).unwrap();
        let (width, height, rgb) = decoded_whole(&bytes);
        assert_eq!((picture.width, picture.height), (width, height));
        assert_eq!(picture.rgb, rgb);
        assert_eq!(picture.scaled_from, None);
    }

    #[test]
    fn the_committed_screenshot_reads_as_decoded_whole() {
        let bytes = fixture("kakao-channel-screenshot.png");
        let picture = png_over_white(&bytes).unwrap();
        let (width, height, rgb) = decoded_whole(&bytes);
        assert_eq!(
            (picture.width, picture.height, picture.rgb),
            (width, height, rgb)
        );
    }

    #[test]
    fn a_wide_png_is_scaled_down_by_a_whole_factor_averaging_each_block() {
        // 4,100 × 4 gray: each column's value is its x modulo 256, so a
        // block of three columns averages them.
        let (width, height) = (4_100u32, 4u32);
        let data: Vec<u8> = (0..height)
            .flat_map(|_| (0..width).map(|x| (x % 256) as u8))
            .collect();
        let picture =
            png_over_white(&encoded(width, height, png::ColorType::Grayscale, &data)).unwrap();
        // ceil(4,100 / 2,000) = 3: 1,367 × 2.
        assert_eq!((picture.width, picture.height), (1_367, 2));
        assert_eq!(picture.scaled_from, Some((4_100, 4)));
        assert!(picture.width <= MAX_PHOTO_SIDE);
        // Block 0: columns 0, 1, 2 → 1. Block 1: 3, 4, 5 → 4.
        assert_eq!(&picture.rgb[..6], &[1, 1, 1, 4, 4, 4]);
        // The last block holds only column 4,098 and 4,099 (2 and 3 mod 256).
        let last = (picture.width as usize - 1) * 3;
        assert_eq!(picture.rgb[last], ((4_098 % 256 + 4_099 % 256) / 2) as u8);
    }

    #[test]
    fn a_png_past_the_pixel_limit_is_refused_from_its_header_alone() {
        // A header claiming 20,000 × 20,000 with hardly any data behind it.
        let mut bytes = encoded(1, 1, png::ColorType::Grayscale, &[0]);
        bytes[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        // The header's CRC, so the decoder reads the size rather than
        // stopping at a checksum.
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            png_over_white(&bytes).err(),
            Some(Refused::TooLarge {
                width: 20_000,
                height: 20_000
            })
        );
        // A file cut short is unreadable, not a panic.
        let whole = fixture("interlaced.png");
        for cut in [9, 40, whole.len() / 2] {
            assert!(png_over_white(&whole[..cut]).is_err(), "cut at {cut}");
        }
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        crc.sum()
    }
}
