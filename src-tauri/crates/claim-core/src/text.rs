//! Text from strangers that a person will read as a label: a key's name,
//! an answer's reason, a receipt's number. Such text must show what it
//! says. Characters that show nothing or move what surrounds them (format
//! characters, line and paragraph separators, default-ignorable code
//! points such as the Hangul fillers) could make one name pass for
//! another or reorder the line it sits in; a pile of combining marks
//! draws over the lines around it. Names are compared as a person reads
//! them: after NFKC, with the invisible removed.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// The most combining marks one character may carry (Hangul needs none;
/// Latin with accents one or two).
pub const MAX_COMBINING_MARKS: usize = 4;

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt):
/// characters a font draws as nothing. The Hangul fillers (U+115F, U+1160,
/// U+3164, U+FFA0) are among them.
const DEFAULT_IGNORABLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
];

/// Whether `ch` is Default_Ignorable_Code_Point.
pub fn is_default_ignorable(ch: char) -> bool {
    let code = u32::from(ch);
    DEFAULT_IGNORABLE
        .iter()
        .any(|&(first, last)| (first..=last).contains(&code))
}

/// A character that shows nothing or moves what surrounds it: a control
/// character, a format character (Cf: bidirectional marks, zero-width
/// joiners), a line or paragraph separator, or a default-ignorable one.
pub fn is_hidden_char(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch.general_category(),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
        || is_default_ignorable(ch)
}

/// Whether some character of `text` carries more than
/// [`MAX_COMBINING_MARKS`] combining marks.
pub fn has_piled_marks(text: &str) -> bool {
    let mut run = 0;
    for ch in text.chars() {
        if ch.general_category_group() == GeneralCategoryGroup::Mark {
            run += 1;
            if run > MAX_COMBINING_MARKS {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Whether `text` shows what it says: no hidden character (line breaks and
/// tabs allowed when `lines`), no piled marks.
pub fn shows_plainly(text: &str, lines: bool) -> bool {
    !has_piled_marks(text)
        && !text
            .chars()
            .any(|ch| is_hidden_char(ch) && !(lines && matches!(ch, '\n' | '\t')))
}

/// A name as a person reads it, for comparing names: NFKC (so that
/// decomposed jamo, full-width letters and compatibility forms read as
/// what they look like), without hidden characters or spaces, lower case.
pub fn comparable_name(name: &str) -> String {
    name.nfkc()
        .filter(|&ch| !is_hidden_char(ch) && !ch.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hangul_fillers_and_format_characters_are_hidden() {
        for ch in [
            '\u{115F}',
            '\u{1160}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{200B}',
            '\u{202E}',
            '\u{2028}',
            '\u{2029}',
            '\u{00AD}',
            '\u{FEFF}',
            '\u{E0041}',
            '\u{180E}',
            '\u{0007}',
        ] {
            assert!(is_hidden_char(ch), "U+{:04X}", u32::from(ch));
        }
        for ch in ['가', 'A', ' ', '1', '-', 'é', 'ㄱ'] {
            assert!(!is_hidden_char(ch), "{ch}");
        }
    }

    #[test]
    fn names_compare_as_they_read() {
        let issuer = comparable_name("소상공인연합회");
        // Decomposed into conjoining jamo (NFD), with a Hangul filler, a
        // zero-width space and full-width spaces inside.
        let decomposed: String = "소상공인연합회"
            .chars()
            .flat_map(|c| {
                let mut buffer = String::new();
                buffer.extend(std::iter::once(c).collect::<String>().nfd());
                buffer.chars().collect::<Vec<_>>()
            })
            .collect();
        assert_ne!(decomposed, "소상공인연합회");
        assert_eq!(comparable_name(&decomposed), issuer);
        assert_eq!(comparable_name("소상공인\u{3164}연합\u{200B}회"), issuer);
        assert_eq!(comparable_name("소상공인　연합회"), issuer);
        assert_ne!(comparable_name("소상공인연합"), issuer);
    }

    #[test]
    fn marks_are_capped() {
        assert!(!has_piled_marks("e\u{301}\u{302}"));
        assert!(has_piled_marks(&format!("e{}", "\u{301}".repeat(5))));
        assert!(shows_plainly("반려 사유:\n서류 누락", true));
        assert!(!shows_plainly("반려 사유:\n서류 누락", false));
        assert!(!shows_plainly("사유\u{2028}", true));
    }
}
