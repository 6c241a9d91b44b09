//! The embedded font without its TrueType hints.
//!
//! Hints are bytecode that snaps outlines to a screen's pixel grid at small
//! sizes. A claim is read zoomed or printed, where viewers draw the outlines
//! unhinted or auto-hint them, so the hints are dead weight: in NanumGothic's
//! subset for the public example they were 40 KB of the 104 KB font program.
//! Removed here after printpdf has subset the font: each glyph's instructions,
//! and the tables only they use (`fpgm`, `prep`, `cvt `).
//!
//! allsorts (printpdf's font library) reads the tables and writes the font
//! back. Simple glyphs are cut out of their bytes, not parsed and rewritten:
//! allsorts writes parsed outlines uncompacted, which would undo the saving.

use allsorts::binary::read::ReadScope;
use allsorts::binary::write::{WriteBinaryDep, WriteBuffer};
use allsorts::error::ParseError;
use allsorts::font_data::FontData;
use allsorts::tables::glyf::{CompositeGlyphFlag, GlyfRecord, GlyfTable, Glyph};
use allsorts::tables::loca::{owned, LocaTable};
use allsorts::tables::{FontTableProvider, HeadTable, MaxpTable};
use allsorts::tag;
use std::borrow::Cow;

/// The tables that exist only for the hints.
const HINT_TABLES: [u32; 3] = [tag::FPGM, tag::PREP, tag::CVT];

/// `program` (a TrueType font) without hints, or `None` if it cannot be read
/// as one (then the caller keeps it as it is: a larger file, never a broken one).
pub(crate) fn without_hints(program: &[u8]) -> Option<Vec<u8>> {
    let font = ReadScope::new(program).read::<FontData<'_>>().ok()?;
    let provider = font.table_provider(0).ok()?;
    let head = ReadScope::new(&provider.read_table_data(tag::HEAD).ok()?)
        .read::<HeadTable>()
        .ok()?;
    let maxp = ReadScope::new(&provider.read_table_data(tag::MAXP).ok()?)
        .read::<MaxpTable>()
        .ok()?;
    let loca_data = provider.read_table_data(tag::LOCA).ok()?;
    let loca = ReadScope::new(&loca_data)
        .read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format))
        .ok()?;
    let glyf_data = provider.read_table_data(tag::GLYF).ok()?;
    let glyf = ReadScope::new(&glyf_data)
        .read_dep::<GlyfTable<'_>>(&loca)
        .ok()?;

    // The simple glyphs' new bytes first: the rewritten table borrows them.
    let cut: Vec<Option<Vec<u8>>> = glyf
        .records()
        .iter()
        .map(|record| match record {
            GlyfRecord::Present {
                number_of_contours,
                scope,
            } if *number_of_contours > 0 => {
                simple_without_instructions(scope.data(), *number_of_contours)
            }
            _ => None,
        })
        .collect();
    let mut records = Vec::with_capacity(cut.len());
    for (record, cut) in glyf.records().iter().zip(&cut) {
        records.push(match (record, cut) {
            (
                GlyfRecord::Present {
                    number_of_contours, ..
                },
                Some(bytes),
            ) => GlyfRecord::Present {
                number_of_contours: *number_of_contours,
                scope: ReadScope::new(bytes),
            },
            (
                GlyfRecord::Present {
                    number_of_contours, ..
                },
                None,
            ) if *number_of_contours > 0 => return None,
            (record, _) => composite_without_instructions(record.clone())?,
        });
    }
    let glyf = GlyfTable::new(records).ok()?;
    let mut glyf_out = WriteBuffer::new();
    let new_loca = GlyfTable::write_dep(&mut glyf_out, glyf, head.index_to_loc_format).ok()?;
    let mut loca_out = WriteBuffer::new();
    owned::LocaTable::write_dep(&mut loca_out, new_loca, head.index_to_loc_format).ok()?;

    let unhinted = Unhinted {
        font: &provider,
        glyf: glyf_out.into_inner(),
        loca: loca_out.into_inner(),
    };
    let tags = unhinted.table_tags()?;
    allsorts::subset::whole_font(&unhinted, &tags).ok()
}

/// A simple glyph's bytes with an empty instruction block: the header (10
/// bytes), the contours' end points, then the instructions' length and bytes.
fn simple_without_instructions(glyph: &[u8], contours: i16) -> Option<Vec<u8>> {
    let length_at = 10 + 2 * usize::try_from(contours).ok()?;
    let length = glyph.get(length_at..length_at + 2)?;
    let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
    let outline = glyph.get(length_at + 2 + length..)?;
    let mut out = Vec::with_capacity(length_at + 2 + outline.len());
    out.extend_from_slice(&glyph[..length_at]);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(outline);
    Some(out)
}

/// An empty or composite glyph without instructions (composites say they
/// have some with a flag on their components; allsorts writes them exactly).
fn composite_without_instructions(mut record: GlyfRecord<'_>) -> Option<GlyfRecord<'_>> {
    if record.number_of_contours() >= 0 {
        return Some(record); // empty: nothing to remove
    }
    record.parse().ok()?;
    if let GlyfRecord::Parsed(Glyph::Composite(composite)) = &mut record {
        composite.instructions = Box::default();
        for component in &mut composite.glyphs {
            component
                .flags
                .remove(CompositeGlyphFlag::WE_HAVE_INSTRUCTIONS);
        }
    }
    Some(record)
}

/// The font's tables, with the new `glyf` and `loca` and without the hint tables.
struct Unhinted<'a, F> {
    font: &'a F,
    glyf: Vec<u8>,
    loca: Vec<u8>,
}

impl<F: FontTableProvider> FontTableProvider for Unhinted<'_, F> {
    fn table_data(&self, tag: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
        match tag {
            tag::GLYF => Ok(Some(Cow::Borrowed(&self.glyf))),
            tag::LOCA => Ok(Some(Cow::Borrowed(&self.loca))),
            tag if HINT_TABLES.contains(&tag) => Ok(None),
            tag => self.font.table_data(tag),
        }
    }

    fn has_table(&self, tag: u32) -> bool {
        !HINT_TABLES.contains(&tag) && self.font.has_table(tag)
    }

    fn table_tags(&self) -> Option<Vec<u32>> {
        let mut tags = self.font.table_tags()?;
        tags.retain(|tag| !HINT_TABLES.contains(tag));
        Some(tags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::{fonts, FontChoice};
    use std::collections::BTreeMap;

    fn tables(font: &[u8]) -> Vec<u32> {
        let data = ReadScope::new(font).read::<FontData<'_>>().unwrap();
        data.table_provider(0).unwrap().table_tags().unwrap()
    }

    /// Every glyph of `font`, parsed (composites and simple glyphs alike).
    fn glyphs(font: &[u8]) -> Vec<Glyph> {
        let data = ReadScope::new(font).read::<FontData<'_>>().unwrap();
        let provider = data.table_provider(0).unwrap();
        let head = ReadScope::new(&provider.read_table_data(tag::HEAD).unwrap())
            .read::<HeadTable>()
            .unwrap();
        let maxp = ReadScope::new(&provider.read_table_data(tag::MAXP).unwrap())
            .read::<MaxpTable>()
            .unwrap();
        let loca_data = provider.read_table_data(tag::LOCA).unwrap();
        let loca = ReadScope::new(&loca_data)
            .read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format))
            .unwrap();
        let glyf_data = provider.read_table_data(tag::GLYF).unwrap();
        let mut glyf = ReadScope::new(&glyf_data)
            .read_dep::<GlyfTable<'_>>(&loca)
            .unwrap();
        (0..glyf.num_glyphs())
            .map(|index| glyf.get_parsed_glyph(index).unwrap().clone())
            .collect()
    }

    fn instructions(glyph: &Glyph) -> usize {
        match glyph {
            Glyph::Empty(_) => 0,
            Glyph::Simple(simple) => simple.instructions.len(),
            Glyph::Composite(composite) => composite.instructions.len(),
        }
    }

    #[test]
    fn the_hints_go_and_every_outline_stays() {
        // The face the documents use (fonts-nanum here, as the .deb depends on).
        let fonts = fonts(&FontChoice::System).unwrap();
        let face = &fonts.regular;
        let used: BTreeMap<u16, String> =
            "플랫폼 장애 피해 청구서 ClaimDesk 0123456789,원 (행복케이크)"
                .chars()
                .filter_map(|ch| Some((face.glyph(ch)?.id, ch.to_string())))
                .collect();
        let hinted = printpdf::font::subset_font(&face.parsed, &used)
            .unwrap()
            .bytes;
        let before = glyphs(&hinted);
        // Not a vacuous test: the subset printpdf makes carries hints.
        assert!(before.iter().any(|glyph| instructions(glyph) > 0));
        assert!(tables(&hinted).iter().any(|tag| HINT_TABLES.contains(tag)));

        let unhinted = without_hints(&hinted).unwrap();
        assert!(
            unhinted.len() < hinted.len(),
            "{} bytes, hinted {}",
            unhinted.len(),
            hinted.len()
        );
        assert!(!tables(&unhinted)
            .iter()
            .any(|tag| HINT_TABLES.contains(tag)));
        for table in [
            tag::CMAP,
            tag::HEAD,
            tag::HHEA,
            tag::HMTX,
            tag::MAXP,
            tag::GLYF,
            tag::LOCA,
        ] {
            assert!(tables(&unhinted).contains(&table), "{table:08x} kept");
        }
        let after = glyphs(&unhinted);
        assert_eq!(after.len(), before.len());
        for (index, (old, new)) in before.into_iter().zip(after).enumerate() {
            assert_eq!(instructions(&new), 0, "glyph {index}");
            let mut old = old;
            match &mut old {
                Glyph::Simple(simple) => simple.instructions = Box::default(),
                Glyph::Composite(composite) => {
                    composite.instructions = Box::default();
                    for component in &mut composite.glyphs {
                        component
                            .flags
                            .remove(CompositeGlyphFlag::WE_HAVE_INSTRUCTIONS);
                    }
                }
                Glyph::Empty(_) => {}
            }
            assert_eq!(new, old, "glyph {index}: the same outline");
        }
    }

    #[test]
    fn what_is_not_a_truetype_font_is_left_alone() {
        assert_eq!(without_hints(b""), None);
        assert_eq!(without_hints(b"%PDF-1.7 not a font"), None);
        assert_eq!(without_hints(&[0, 1, 0, 0, 0, 9, 0, 0]), None);
    }
}
