//! The claim JSON travels inside the PDF as an attached file (`claim.json`,
//! in the catalog's `EmbeddedFiles` and `AF`, the way Factur-X carries an
//! invoice), so the association side can import the PDF itself. printpdf has
//! no attachment API; lopdf, which printpdf writes with, adds it after.

use crate::PdfError;
use lopdf::{dictionary, Document, Object, Stream, StringFormat};

/// The attached file's name.
pub const ATTACHMENT_NAME: &str = "claim.json";

/// Adds `json` as `claim.json` to the PDF `bytes` and sets the file
/// identifier to `file_id` (so the same claim at the same clock gives the
/// same bytes).
pub fn attach(
    bytes: &[u8],
    json: &[u8],
    file_id: &[u8; 16],
    description: &str,
) -> Result<Vec<u8>, PdfError> {
    let mut document =
        Document::load_mem(bytes).map_err(|error| PdfError::Internal(error.to_string()))?;
    let mut stream = Stream::new(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => Object::Name(b"application/json".to_vec()),
            "Params" => dictionary! { "Size" => i64::try_from(json.len()).unwrap_or(i64::MAX) },
        },
        json.to_vec(),
    );
    // Compressed when that makes it smaller (it always does for JSON).
    let _ = stream.compress();
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
    // Open the attachments pane in viewers that have one.
    catalog.set("PageMode", "UseAttachments");
    let id = Object::String(file_id.to_vec(), StringFormat::Hexadecimal);
    document.trailer.set("ID", vec![id.clone(), id]);
    let mut out = Vec::new();
    document
        .save_to(&mut out)
        .map_err(|error| PdfError::Internal(error.to_string()))?;
    Ok(out)
}

/// The attached `claim.json` of a PDF made by ClaimDesk.
pub fn read_attached_claim(bytes: &[u8]) -> Result<Vec<u8>, PdfError> {
    let document = Document::load_mem(bytes).map_err(|_| PdfError::NotAPdf)?;
    let catalog = document.catalog().map_err(|_| PdfError::NotAPdf)?;
    let names = catalog
        .get(b"Names")
        .and_then(|names| resolve(&document, names).as_dict())
        .and_then(|names| names.get(b"EmbeddedFiles"))
        .and_then(|files| resolve(&document, files).as_dict())
        .and_then(|files| files.get(b"Names"))
        .and_then(|list| resolve(&document, list).as_array())
        .map_err(|_| PdfError::NoAttachedClaim)?;
    for pair in names.chunks(2) {
        let [key, spec] = pair else { continue };
        if key.as_str().ok() != Some(ATTACHMENT_NAME.as_bytes()) {
            continue;
        }
        let stream = resolve(&document, spec)
            .as_dict()
            .and_then(|spec| spec.get(b"EF"))
            .and_then(|ef| resolve(&document, ef).as_dict())
            .and_then(|ef| ef.get(b"F"))
            .and_then(|file| resolve(&document, file).as_stream())
            .map_err(|_| PdfError::NoAttachedClaim)?;
        return stream
            .decompressed_content()
            .or_else(|_| Ok::<_, lopdf::Error>(stream.content.clone()))
            .map_err(|_| PdfError::NoAttachedClaim);
    }
    Err(PdfError::NoAttachedClaim)
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => document.get_object(*id).unwrap_or(object),
        _ => object,
    }
}

/// A PDF text string in UTF-16BE with its byte-order mark (for Korean).
fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}
