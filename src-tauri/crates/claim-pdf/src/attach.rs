//! The claim JSON travels inside the PDF as an attached file (`claim.json`,
//! in the catalog's `EmbeddedFiles` and `AF`, the way Factur-X carries an
//! invoice), so the association side can import the PDF itself. printpdf has
//! no attachment API; lopdf, which printpdf writes with, adds it after.

use crate::PdfError;
#[cfg(feature = "write")]
use lopdf::{dictionary, Stream, StringFormat};
use lopdf::{Document, Object};

/// The attached file's name.
pub const ATTACHMENT_NAME: &str = "claim.json";

#[cfg(feature = "write")]
/// Finishes the document printpdf laid out: compresses its streams, adds
/// `json` as `claim.json`, sets the file identifier to `file_id` (so the same
/// claim at the same clock gives the same bytes) and writes it out.
pub fn finish(
    mut document: Document,
    json: &[u8],
    file_id: &[u8; 16],
    description: &str,
) -> Result<Vec<u8>, PdfError> {
    let stream = Stream::new(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => Object::Name(b"application/json".to_vec()),
            "Params" => dictionary! { "Size" => i64::try_from(json.len()).unwrap_or(i64::MAX) },
        },
        json.to_vec(),
    );
    let file = document.add_object(stream);
    let name = || Object::String(ATTACHMENT_NAME.as_bytes().to_vec(), StringFormat::Literal);
    let spec = document.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => name(),
        "UF" => name(),
        "Desc" => Object::String(utf16be(description), StringFormat::Hexadecimal),
        "AFRelationship" => "Source",
        "EF" => dictionary! { "F" => file, "UF" => file },
    });
    let catalog = document
        .catalog_mut()
        .map_err(|error| PdfError::Internal(error.to_string()))?;
    catalog.set(
        "Names",
        dictionary! {
            "EmbeddedFiles" => dictionary! { "Names" => vec![name(), Object::Reference(spec)] },
        },
    );
    catalog.set("AF", vec![Object::Reference(spec)]);
    let id = Object::String(file_id.to_vec(), StringFormat::Hexadecimal);
    document.trailer.set("ID", vec![id.clone(), id]);
    remove_font_hints(&mut document);
    compress(&mut document);
    let mut out = Vec::new();
    document
        .save_to(&mut out)
        .map_err(|error| PdfError::Internal(error.to_string()))?;
    Ok(out)
}

#[cfg(feature = "write")]
/// The TrueType font programs (`FontFile2`) without their hints
/// (`unhinted`), before they are compressed.
fn remove_font_hints(document: &mut Document) {
    let programs: Vec<lopdf::ObjectId> = document
        .objects
        .values()
        .filter_map(|object| {
            object
                .as_dict()
                .ok()?
                .get(b"FontFile2")
                .ok()?
                .as_reference()
                .ok()
        })
        .collect();
    for id in programs {
        let Ok(Object::Stream(stream)) = document.get_object_mut(id) else {
            continue;
        };
        if stream.dict.has(b"Filter") {
            continue;
        }
        if let Some(program) = crate::unhinted::without_hints(&stream.content) {
            stream
                .dict
                .set("Length1", i64::try_from(program.len()).unwrap_or(i64::MAX));
            stream.set_content(program);
        }
    }
}

/// Deflates every stream that has no filter yet. Level 3, not lopdf's 6:
/// on a 2-page claim, level 6 took 1.4 ms more for 1.5 KB less (8.7 ms,
/// 69.0 KB) and level 1 saved 1.4 ms for 11 KB more (5.9 ms, 81.5 KB).
#[cfg(feature = "write")]
pub(crate) fn compress(document: &mut Document) {
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;
    for object in document.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter") || !stream.allows_compression {
            continue;
        }
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::new(LEVEL));
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        let Ok(compressed) = encoder.finish() else {
            continue;
        };
        if compressed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

#[cfg(feature = "write")]
const LEVEL: u32 = 3;

/// The most one stream of a received PDF may inflate to while it loads
/// (ClaimDesk's own are a few hundred kilobytes; a font is a few MB).
pub const MAX_STREAM_BYTES: usize = 16 * 1024 * 1024;

/// The most a received PDF may inflate to and hold while it loads, in all:
/// every object stream as it inflates, and every object as parsed (the
/// ones an object stream held among them). A limit per stream alone let a 50 MB file
/// of many object streams, or of incremental updates each bringing more,
/// hold gigabytes.
pub const MAX_LOADED_BYTES: usize = 64 * 1024 * 1024;

thread_local! {
    /// What the PDF being loaded on this thread may still hold. lopdf takes
    /// its object filter as a plain function (no state of its own), and it
    /// loads on the calling thread (its `rayon` feature is off), so the
    /// budget lives here, for the one load in progress.
    static LOAD_BUDGET: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// The load's object filter: counts `object` against [`LOAD_BUDGET`], and
/// once the budget is spent keeps nothing more (the load is then refused).
fn count_against_budget(
    id: lopdf::ObjectId,
    object: &mut Object,
) -> Option<(lopdf::ObjectId, Object)> {
    let left = LOAD_BUDGET.with(std::cell::Cell::get)?;
    let mut cost = held_bytes(object);
    if let Object::Stream(stream) = object {
        // An object stream is inflated right after this filter: measured
        // first, against what is left (a few MB of work twice, for a
        // bound on the whole).
        if stream.dict.has_type(b"ObjStm") {
            match stream
                .decompressed_content_with_limit(left.saturating_sub(cost).min(MAX_STREAM_BYTES))
            {
                Ok(inflated) => cost = cost.saturating_add(inflated.len()),
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                })) => cost = usize::MAX,
                Err(_) => {}
            }
        }
    }
    match left.checked_sub(cost) {
        Some(left) => {
            LOAD_BUDGET.with(|budget| budget.set(Some(left)));
            // lopdf keeps what is returned for an object from an object
            // stream, and `object` itself for the others: both must be it.
            Some((id, object.clone()))
        }
        None => {
            LOAD_BUDGET.with(|budget| budget.set(None));
            None
        }
    }
}

/// About what `object` holds in memory: its bytes, and a node's worth for
/// each value (walked without recursion: nesting is the sender's choice).
fn held_bytes(object: &Object) -> usize {
    const NODE: usize = 48;
    let mut total = 0usize;
    let mut pending = vec![object];
    while let Some(object) = pending.pop() {
        total = total.saturating_add(NODE);
        match object {
            Object::Name(bytes) | Object::String(bytes, _) => {
                total = total.saturating_add(bytes.len());
            }
            Object::Array(items) => pending.extend(items.iter()),
            Object::Dictionary(dictionary) => {
                for (key, value) in dictionary.iter() {
                    total = total.saturating_add(key.len());
                    pending.push(value);
                }
            }
            Object::Stream(stream) => {
                total = total.saturating_add(stream.content.len());
                for (key, value) in stream.dict.iter() {
                    total = total.saturating_add(key.len());
                    pending.push(value);
                }
            }
            _ => {}
        }
    }
    total
}

/// The attached `claim.json` of a PDF made by ClaimDesk.
pub fn read_attached_claim(bytes: &[u8]) -> Result<Vec<u8>, PdfError> {
    let too_large = |limit: usize| PdfError::TooLarge {
        limit_mb: limit / (1024 * 1024),
    };
    let exceeded = |error: &lopdf::Error| {
        matches!(
            error,
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })
        )
    };
    // Object and cross-reference streams are inflated as the file loads:
    // each under a limit, and every object counted against the whole.
    LOAD_BUDGET.with(|budget| budget.set(Some(MAX_LOADED_BYTES)));
    let mut options = lopdf::LoadOptions::with_max_decompressed_size(MAX_STREAM_BYTES);
    options.filter = Some(count_against_budget);
    let loaded = Document::load_mem_with_options(bytes, options);
    let spent = LOAD_BUDGET.with(|budget| budget.replace(None)).is_none();
    if spent {
        return Err(too_large(MAX_LOADED_BYTES));
    }
    let document = loaded.map_err(|error| {
        if exceeded(&error) {
            too_large(MAX_STREAM_BYTES)
        } else {
            PdfError::NotAPdf
        }
    })?;
    // Every object on the way to the claim, by id: each must be in the PDF
    // as ClaimDesk wrote it.
    let mut path = Vec::new();
    if let Ok(root) = document.trailer.get(b"Root").and_then(Object::as_reference) {
        path.push(root);
    }
    let catalog = document.catalog().map_err(|_| PdfError::NotAPdf)?;
    let names = catalog
        .get(b"Names")
        .and_then(|names| tracked(&document, names, &mut path).as_dict())
        .and_then(|names| names.get(b"EmbeddedFiles"))
        .and_then(|files| tracked(&document, files, &mut path).as_dict())
        .and_then(|files| files.get(b"Names"))
        .and_then(|list| tracked(&document, list, &mut path).as_array())
        .map_err(|_| PdfError::NoAttachedClaim)?;
    let mut claims = names.chunks(2).filter_map(|pair| match pair {
        [key, spec] if key.as_str().ok() == Some(ATTACHMENT_NAME.as_bytes()) => Some(spec),
        _ => None,
    });
    let Some(spec) = claims.next() else {
        return Err(PdfError::NoAttachedClaim);
    };
    if claims.next().is_some() {
        return Err(PdfError::ClaimAltered);
    }
    let stream = tracked(&document, spec, &mut path)
        .as_dict()
        .and_then(|spec| spec.get(b"EF"))
        .and_then(|ef| tracked(&document, ef, &mut path).as_dict())
        .and_then(|ef| ef.get(b"F"))
        .and_then(|file| tracked(&document, file, &mut path).as_stream())
        .map_err(|_| PdfError::NoAttachedClaim)?;
    if !path
        .iter()
        .all(|id| written_before_any_update(&document, bytes, *id))
    {
        return Err(PdfError::ClaimAltered);
    }
    // The claim inflates no further than a claim file may be.
    let claim = match stream.decompressed_content_with_limit(claim_core::MAX_CLAIM_BYTES) {
        Ok(content) => content,
        Err(error) if exceeded(&error) => return Err(too_large(claim_core::MAX_CLAIM_BYTES)),
        // Not compressed: the bytes as they are (already in memory).
        Err(_) => stream.content.clone(),
    };
    pages_match_the_claim(&document, bytes, &claim)?;
    Ok(claim)
}

/// The pages a clerk reads are the ones ClaimDesk wrote with this claim:
/// every page and its content were written before any incremental update,
/// and the first page's QR code names the attached claim's SHA-256. So a
/// PDF whose pages say one amount and account while the attachment says
/// another is refused, whichever of the two was changed.
fn pages_match_the_claim(document: &Document, bytes: &[u8], claim: &[u8]) -> Result<(), PdfError> {
    let pages = document.get_pages();
    let written_once = pages.values().all(|page| {
        written_before_any_update(document, bytes, *page)
            && document
                .get_page_contents(*page)
                .iter()
                .all(|content| written_before_any_update(document, bytes, *content))
    });
    if !written_once {
        return Err(PdfError::ClaimAltered);
    }
    let Some(first) = pages.values().next() else {
        return Err(PdfError::ClaimAltered);
    };
    let sha256 = crate::sha256_hex(claim);
    let named = crate::qr::read(&filled_rectangles(document, *first)?)
        .into_iter()
        .filter_map(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .any(|payload| {
            payload["format"] == "claimdesk.qr/1" && payload["sha256"].as_str() == Some(&sha256)
        });
    if named {
        Ok(())
    } else {
        Err(PdfError::ClaimAltered)
    }
}

/// The rectangles a page fills (`x y w h re` … `f`), in PDF points; its
/// content inflated under the same limit as any stream.
fn filled_rectangles(
    document: &Document,
    page: lopdf::ObjectId,
) -> Result<Vec<(f32, f32, f32, f32)>, PdfError> {
    let mut fills = Vec::new();
    for id in document.get_page_contents(page) {
        let Ok(stream) = document.get_object(id).and_then(Object::as_stream) else {
            continue;
        };
        let content = match stream.decompressed_content_with_limit(MAX_STREAM_BYTES) {
            Ok(content) => content,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(PdfError::TooLarge {
                    limit_mb: MAX_STREAM_BYTES / (1024 * 1024),
                })
            }
            Err(_) => stream.content.clone(),
        };
        let Ok(content) = lopdf::content::Content::decode(&content) else {
            continue;
        };
        let mut path = Vec::new();
        for operation in content.operations {
            match operation.operator.as_str() {
                "re" => {
                    let numbers: Vec<f32> = operation
                        .operands
                        .iter()
                        .filter_map(|operand| operand.as_float().ok())
                        .collect();
                    if let [x, y, width, height] = numbers[..] {
                        path.push((x, y, width, height));
                    }
                }
                "f" | "F" | "f*" => fills.append(&mut path),
                "S" | "s" | "n" | "B" | "B*" | "b" | "b*" => path.clear(),
                _ => {}
            }
        }
    }
    Ok(fills)
}

/// `object`, resolved if it is a reference, whose id is noted in `path`.
fn tracked<'a>(
    document: &'a Document,
    object: &'a Object,
    path: &mut Vec<lopdf::ObjectId>,
) -> &'a Object {
    if let Object::Reference(id) = object {
        path.push(*id);
    }
    resolve(document, object)
}

/// Whether the object `id` (its newest definition, the one a reader uses)
/// lies in the PDF as first written: before its first `%%EOF`. ClaimDesk
/// writes a PDF in one piece; an object defined after that end came with
/// an incremental update (a second claim, or a new catalog leading to one).
fn written_before_any_update(document: &Document, bytes: &[u8], id: lopdf::ObjectId) -> bool {
    let Some(first_end) = bytes.windows(5).position(|window| window == b"%%EOF") else {
        return false;
    };
    let offset = match document.reference_table.get(id.0) {
        Some(lopdf::xref::XrefEntry::Normal { offset, .. }) => Some(*offset),
        Some(lopdf::xref::XrefEntry::Compressed { container, .. }) => {
            match document.reference_table.get(*container) {
                Some(lopdf::xref::XrefEntry::Normal { offset, .. }) => Some(*offset),
                _ => None,
            }
        }
        _ => None,
    };
    offset.is_some_and(|offset| usize::try_from(offset).is_ok_and(|at| at < first_end))
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => document.get_object(*id).unwrap_or(object),
        _ => object,
    }
}

/// A PDF text string in UTF-16BE with its byte-order mark (for Korean).
#[cfg(feature = "write")]
fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}
