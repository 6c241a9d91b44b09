//! Evidence files: what type a file really is (by its content, not its
//! name), and the size limit.

use serde::Serialize;

/// Largest evidence file accepted: 20 MB (20 × 1024 × 1024 bytes).
pub const MAX_EVIDENCE_BYTES: usize = 20 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MediaType {
    Png,
    Jpeg,
    Pdf,
    Csv,
    Xlsx,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Pdf => "application/pdf",
            MediaType::Csv => "text/csv",
            MediaType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn from_mime(mime: &str) -> Option<MediaType> {
        [
            MediaType::Png,
            MediaType::Jpeg,
            MediaType::Pdf,
            MediaType::Csv,
            MediaType::Xlsx,
        ]
        .into_iter()
        .find(|media| media.mime() == mime)
    }

    /// Reads the type from the bytes themselves.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else if bytes.starts_with(b"\xFF\xD8\xFF") {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(b"%PDF-") {
            Some(MediaType::Pdf)
        } else if bytes.starts_with(b"PK\x03\x04") {
            // An XLSX is a zip whose entry names (stored uncompressed in its
            // headers) include the workbook part; any other zip is refused.
            contains(bytes, b"xl/workbook.xml").then_some(MediaType::Xlsx)
        } else if looks_like_csv(bytes) {
            Some(MediaType::Csv)
        } else {
            None
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Text (UTF-8 or a legacy Korean encoding such as CP949: no NUL and no
/// control characters but tab and line ends) with a comma or tab separator.
fn looks_like_csv(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    !sample.is_empty()
        && sample
            .iter()
            .all(|b| *b >= 0x20 || matches!(b, b'\t' | b'\r' | b'\n'))
        && sample.iter().any(|b| matches!(b, b',' | b'\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_content() {
        assert_eq!(
            MediaType::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(MediaType::Png)
        );
        assert_eq!(
            MediaType::sniff(b"\xFF\xD8\xFF\xE0...."),
            Some(MediaType::Jpeg)
        );
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n"), Some(MediaType::Pdf));
        assert_eq!(
            MediaType::sniff("일자,매출액\n2022-10-15,410000\n".as_bytes()),
            Some(MediaType::Csv)
        );
        assert_eq!(
            MediaType::sniff(b"\xC0\xCF\xC0\xDA,\xB8\xC5\xC3\xE2\xBE\xD7\r\n"),
            Some(MediaType::Csv)
        );
        assert_eq!(MediaType::sniff(b"MZ\x90\x00\x03"), None);
        assert_eq!(MediaType::sniff(b"just a note without separators"), None);
        assert_eq!(MediaType::sniff(b"PK\x03\x04 some other zip"), None);
        assert_eq!(MediaType::sniff(b""), None);
        assert_eq!(MediaType::from_mime("image/png"), Some(MediaType::Png));
    }
}
