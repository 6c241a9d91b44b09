//! The Hangul font: found once per process among the system's fonts (or the
//! file the owner chose), parsed once, and measured here, since printpdf
//! 0.12 neither measures nor wraps text.

use crate::PdfError;
use printpdf::ParsedFont;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The families tried, in order: Windows, macOS, then the Linux packages
/// (`fonts-nanum` is a dependency of the `.deb`; Noto CJK is common).
pub const FAMILIES: [&str; 5] = [
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "NanumGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
];

/// One face, parsed, with what the layout needs to measure text.
#[derive(Debug)]
pub struct Face {
    pub family: String,
    pub parsed: ParsedFont,
    units_per_em: f32,
    /// Glyph and advance (font units) of each character met so far: the
    /// font's own cmap lookup is a linear search, too slow to run for every
    /// character of every line measured and written, and filling the table
    /// up front for every Hangul syllable cost a cold `pdf` about 17 ms of its
    /// 41 (a page uses a few hundred characters). `None`: no glyph.
    glyphs: Mutex<HashMap<char, Option<Glyph>>>,
}

impl Face {
    fn parse(family: String, bytes: &[u8], index: u32) -> Result<Face, PdfError> {
        // One copy of the font, shared by the parsed face and the subsetter;
        // its outlines are never decoded (only the subsetter reads `glyf`).
        let shared = Arc::new(rust_fontconfig::FontBytes::Owned(Arc::from(bytes)));
        let parsed = printpdf::font::AzulParsedFont::from_bytes_shared(
            shared,
            index as usize,
            &mut Vec::new(),
        )
        .map(ParsedFont::from_azul)
        .ok_or_else(|| PdfError::FontUnreadable(family.clone()))?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        Ok(Face {
            family,
            parsed,
            units_per_em,
            glyphs: Mutex::new(HashMap::new()),
        })
    }

    /// The glyph for `ch`, if the face has one.
    pub fn glyph(&self, ch: char) -> Option<Glyph> {
        let Ok(mut known) = self.glyphs.lock() else {
            // A thread panicked while holding the table: look it up again.
            return lookup(&self.parsed, ch);
        };
        *known.entry(ch).or_insert_with(|| lookup(&self.parsed, ch))
    }

    fn advance(&self, ch: char) -> Option<u16> {
        self.glyph(ch).map(|glyph| glyph.advance)
    }

    /// Whether the face has a glyph for `ch` (a missing one would print as
    /// an empty box or nothing at all).
    pub fn has(&self, ch: char) -> bool {
        ch == ' ' || self.glyph(ch).is_some()
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|ch| u32::from(self.advance(ch).unwrap_or(0)))
            .sum();
        units as f32 * size / self.units_per_em
    }
}

/// A glyph of the face: its id and advance in font units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Glyph {
    pub id: u16,
    pub advance: u16,
}

/// The glyph for `ch`, if the font has one (the slow way).
fn lookup(parsed: &ParsedFont, ch: char) -> Option<Glyph> {
    parsed
        .lookup_glyph_index(u32::from(ch))
        .filter(|gid| *gid != 0)
        .map(|id| Glyph {
            id,
            advance: parsed.get_horizontal_advance(id),
        })
}

/// The face a document is set in. One face only: headings are drawn bold
/// by stroking the glyph outlines, which costs nothing, where a second
/// (bold) face would add about 20 KB to every PDF.
#[derive(Debug)]
pub struct Fonts {
    pub regular: Face,
}

impl Fonts {
    /// Replaces every character the font cannot draw with one it can, so
    /// nothing vanishes from the page: a few symbols have look-alikes, the
    /// rest become `?`.
    pub fn printable(&self, text: &str) -> String {
        text.chars()
            .map(|ch| {
                if self.regular.has(ch) {
                    return ch.to_string();
                }
                let stand_in = match ch {
                    '☑' | '✔' | '✓' | '☒' => "[V]",
                    '☐' => "[ ]",
                    '—' | '–' => "-",
                    '\u{a0}' | '\t' => " ",
                    '“' | '”' => "\"",
                    '‘' | '’' => "'",
                    '₩' => "원",
                    _ => "?",
                };
                stand_in
                    .chars()
                    .map(|c| if self.regular.has(c) { c } else { '?' })
                    .collect()
            })
            .collect()
    }
}

/// Where the font came from: the system, or a file the owner chose.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FontChoice {
    System,
    File(PathBuf),
}

type Cache = Mutex<HashMap<FontChoice, Arc<Fonts>>>;

/// The fonts for `choice`, found and parsed on first use and then shared by
/// every document this process makes.
pub fn fonts(choice: &FontChoice) -> Result<Arc<Fonts>, PdfError> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(found) = cache.lock() {
        if let Some(fonts) = found.get(choice) {
            return Ok(Arc::clone(fonts));
        }
    }
    let fonts = Arc::new(match choice {
        FontChoice::System => system_fonts()?,
        FontChoice::File(path) => file_fonts(path)?,
    });
    if let Ok(mut found) = cache.lock() {
        found.insert(choice.clone(), Arc::clone(&fonts));
    }
    Ok(fonts)
}

fn system_database() -> &'static fontdb::Database {
    static DATABASE: OnceLock<fontdb::Database> = OnceLock::new();
    DATABASE.get_or_init(|| {
        let mut database = fontdb::Database::new();
        database.load_system_fonts();
        database
    })
}

fn system_fonts() -> Result<Fonts, PdfError> {
    let database = system_database();
    for family in FAMILIES {
        let families = [fontdb::Family::Name(family)];
        let query = |weight| fontdb::Query {
            families: &families,
            weight,
            ..fontdb::Query::default()
        };
        let Some(id) = database.query(&query(fontdb::Weight::NORMAL)) else {
            continue;
        };
        let regular = database
            .with_face_data(id, |data, index| {
                Face::parse(family.to_owned(), data, index)
            })
            .ok_or_else(|| PdfError::FontUnreadable(family.to_owned()))??;
        if !regular.has('한') {
            continue;
        }
        return Ok(Fonts { regular });
    }
    Err(PdfError::NoHangulFont)
}

/// The font file the owner chose: a `.ttf`/`.otf`, or a `.ttc`/`.otc`
/// collection, of which the first face with Hangul is used.
fn file_fonts(path: &Path) -> Result<Fonts, PdfError> {
    let mut database = fontdb::Database::new();
    database
        .load_font_file(path)
        .map_err(|_| PdfError::FontFile(path.to_owned()))?;
    let ids: Vec<fontdb::ID> = database.faces().map(|face| face.id).collect();
    if ids.is_empty() {
        return Err(PdfError::FontFile(path.to_owned()));
    }
    for id in ids {
        let name = database
            .face(id)
            .and_then(|face| face.families.first().map(|(name, _)| name.clone()))
            .unwrap_or_default();
        let parsed = database
            .with_face_data(id, |data, index| Face::parse(name.clone(), data, index))
            .ok_or_else(|| PdfError::FontFile(path.to_owned()))?;
        let Ok(regular) = parsed else { continue };
        if regular.has('한') {
            return Ok(Fonts { regular });
        }
    }
    Err(PdfError::FontWithoutHangul(path.to_owned()))
}
