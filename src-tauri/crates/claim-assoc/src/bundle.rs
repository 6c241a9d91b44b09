//! The association bundle, `claimdesk.bundle/1`: one ZIP file holding
//!
//! - `manifest.json`: `{"format": "claimdesk.bundle/1", "created_at",
//!   "app", "customer_details": "masked" | "included", "claims": [{"id",
//!   "number", "status", "updated_at", "line", "json_sha256", "pdf",
//!   "pdf_sha256"}]}`;
//! - `claims.jsonl`: the claims as JSON Lines, one `claimdesk.claim/1`
//!   document per line (compact JSON, UTF-8, `\n`), in manifest order: any
//!   tool that reads JSON Lines reads the claims;
//! - `pdf/<number>.pdf`: each claim's PDF (optional per claim).
//!
//! Customer names and phones are masked unless the owner opted in, and the
//! manifest says which. Reading streams `claims.jsonl` line by line, so a
//! bundle of 100,000 claims is read in flat memory; a member that is damaged
//! is reported with its line and the rest still read.

use claim_core::Lang;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Seek, Write};

pub const BUNDLE_FORMAT: &str = "claimdesk.bundle/1";
pub const MANIFEST: &str = "manifest.json";
pub const CLAIMS: &str = "claims.jsonl";
/// A manifest larger than this is not one (100,000 entries are ~30 MB).
const MAX_MANIFEST_BYTES: u64 = 128 * 1024 * 1024;
/// As for a claim file (spec §7).
const MAX_LINE_BYTES: u64 = claim_core::MAX_CLAIM_BYTES as u64;
const MAX_PDF_BYTES: u64 = 200 * 1024 * 1024;

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One claim as the owner's side puts it in a bundle.
#[derive(Debug)]
pub struct OutgoingClaim {
    /// The `claimdesk.claim/1` document as stored (customer details as entered).
    pub document: serde_json::Value,
    pub number: String,
    pub status: String,
    /// When the claim was last changed (RFC 3339).
    pub updated_at: String,
    pub pdf: Option<Vec<u8>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub id: Option<String>,
    pub number: Option<String>,
    pub status: Option<String>,
    pub updated_at: Option<String>,
    /// 1-based line of `claims.jsonl`.
    pub line: usize,
    pub json_sha256: String,
    pub pdf: Option<String>,
    pub pdf_sha256: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub created_at: String,
    #[serde(default)]
    pub app: Option<String>,
    /// `masked` or `included`.
    pub customer_details: String,
    pub claims: Vec<ManifestEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("not a ZIP file, or a damaged one")]
    NotZip,
    #[error("no manifest.json: not a ClaimDesk bundle")]
    NoManifest,
    #[error("manifest.json is not a claimdesk.bundle/1 manifest")]
    BadManifest,
    #[error("no claims.jsonl in the bundle")]
    NoClaims,
    #[error("the bundle could not be written: {0}")]
    Write(String),
}

impl claim_core::Failure for BundleError {
    fn code(&self) -> claim_core::FailureCode {
        use claim_core::FailureCode;
        match self {
            BundleError::NotZip => FailureCode::BundleDamaged,
            BundleError::NoManifest | BundleError::BadManifest => FailureCode::BundleManifest,
            BundleError::NoClaims => FailureCode::BundleClaims,
            BundleError::Write(_) => FailureCode::FileWrite,
        }
    }

    /// (The file's name is put before it by whoever knows the file.)
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (BundleError::NotZip, Lang::Ko) => {
                "묶음 파일(ZIP)이 아니거나 손상되었습니다.".to_owned()
            }
            (BundleError::NoManifest | BundleError::BadManifest, Lang::Ko) => {
                "ClaimDesk 청구서 묶음이 아닙니다 (manifest.json이 없거나 형식이 다릅니다)."
                    .to_owned()
            }
            (BundleError::NoClaims, Lang::Ko) => "묶음에 claims.jsonl이 없습니다.".to_owned(),
            (BundleError::Write(reason), Lang::Ko) => {
                format!("묶음 파일을 쓸 수 없습니다 ({reason}).")
            }
            (error, Lang::En) => format!("{error}."),
        }
    }
}

fn zip_options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // The ZIP's own dates are fixed: the manifest has the real one, and
        // the same claims give the same bytes.
        .last_modified_time(zip::DateTime::default())
}

/// A file name for a PDF inside the bundle: the claim number, kept to
/// letters, digits and `-` (it came from a document).
fn pdf_member(number: &str, line: usize) -> String {
    let safe: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if safe.is_empty() {
        format!("pdf/claim-{line}.pdf")
    } else {
        format!("pdf/{safe}.pdf")
    }
}

/// Writes a bundle of `claims` into `out`. Customer details are masked
/// unless `include_customer_details`.
pub fn write_bundle<W: Write + Seek>(
    out: W,
    claims: &[OutgoingClaim],
    created_at: &str,
    include_customer_details: bool,
) -> Result<W, BundleError> {
    let write_error = |error: &dyn std::fmt::Display| BundleError::Write(error.to_string());
    let mut zip = zip::ZipWriter::new(out);
    let mut lines = Vec::new();
    let mut entries = Vec::new();
    let mut pdfs = Vec::new();
    for (index, claim) in claims.iter().enumerate() {
        let line_number = index + 1;
        let mut document = claim.document.clone();
        if !include_customer_details {
            claim_core::privacy::mask_customer_details(&mut document);
        }
        let line = serde_json::to_string(&document).map_err(|e| write_error(&e))?;
        let pdf = claim
            .pdf
            .as_ref()
            .map(|bytes| (pdf_member(&claim.number, line_number), bytes));
        entries.push(ManifestEntry {
            id: document
                .as_object()
                .and_then(claim_core::ClaimId::of)
                .map(claim_core::ClaimId::into_string),
            number: Some(claim.number.clone()),
            status: Some(claim.status.clone()),
            updated_at: Some(claim.updated_at.clone()),
            line: line_number,
            json_sha256: sha256_hex(line.as_bytes()),
            pdf: pdf.as_ref().map(|(name, _)| name.clone()),
            pdf_sha256: pdf.as_ref().map(|(_, bytes)| sha256_hex(bytes)),
        });
        lines.push(line);
        if let Some(pdf) = pdf {
            pdfs.push(pdf);
        }
    }
    let manifest = Manifest {
        format: BUNDLE_FORMAT.to_owned(),
        created_at: created_at.to_owned(),
        app: Some(format!("ClaimDesk {}", env!("CARGO_PKG_VERSION"))),
        customer_details: if include_customer_details {
            "included"
        } else {
            "masked"
        }
        .to_owned(),
        claims: entries,
    };
    zip.start_file(MANIFEST, zip_options())
        .map_err(|e| write_error(&e))?;
    let manifest = serde_json::to_vec_pretty(&manifest).map_err(|e| write_error(&e))?;
    zip.write_all(&manifest).map_err(|e| write_error(&e))?;
    zip.start_file(CLAIMS, zip_options())
        .map_err(|e| write_error(&e))?;
    for line in &lines {
        zip.write_all(line.as_bytes())
            .map_err(|e| write_error(&e))?;
        zip.write_all(b"\n").map_err(|e| write_error(&e))?;
    }
    for (name, bytes) in pdfs {
        // PDFs are compressed already.
        let stored = zip_options().compression_method(zip::CompressionMethod::Stored);
        zip.start_file(name, stored).map_err(|e| write_error(&e))?;
        zip.write_all(bytes).map_err(|e| write_error(&e))?;
    }
    zip.finish().map_err(|e| write_error(&e))
}

/// A claim read from a bundle, with what the manifest says of it.
#[derive(Debug)]
pub struct BundledClaim {
    pub line: usize,
    pub document: serde_json::Map<String, serde_json::Value>,
    pub entry: Option<ManifestEntry>,
}

/// Why one member of a bundle was not read (the rest still are).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberProblem {
    /// The line is not a readable claim (the message says why).
    NotAClaim { line: usize, message: String },
    /// The line's bytes are not what the manifest recorded.
    Altered { line: usize },
    /// The manifest names a line the file does not have.
    LineMissing { line: usize },
    /// The claim's PDF is missing or not what the manifest recorded; the
    /// claim itself was read.
    PdfAltered { line: usize },
    /// A line longer than a claim may be.
    TooLong { line: usize },
}

impl claim_core::Failure for MemberProblem {
    fn code(&self) -> claim_core::FailureCode {
        claim_core::FailureCode::BundleMember
    }

    fn message(&self, lang: Lang) -> String {
        MemberProblem::message(self, lang)
    }
}

impl MemberProblem {
    pub fn line(&self) -> usize {
        match self {
            MemberProblem::NotAClaim { line, .. }
            | MemberProblem::Altered { line }
            | MemberProblem::LineMissing { line }
            | MemberProblem::PdfAltered { line }
            | MemberProblem::TooLong { line } => *line,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let line = self.line();
        match (self, lang) {
            (MemberProblem::NotAClaim { message, .. }, Lang::Ko) => {
                format!("claims.jsonl {line}번째 줄: 청구서로 읽을 수 없습니다 ({message})")
            }
            (MemberProblem::NotAClaim { message, .. }, Lang::En) => {
                format!("claims.jsonl line {line}: not a readable claim ({message})")
            }
            (MemberProblem::Altered { .. }, Lang::Ko) => {
                format!("claims.jsonl {line}번째 줄: 묶음을 만든 뒤 내용이 바뀌었습니다 (SHA-256 불일치)")
            }
            (MemberProblem::Altered { .. }, Lang::En) => {
                format!("claims.jsonl line {line}: changed after the bundle was made (SHA-256 mismatch)")
            }
            (MemberProblem::LineMissing { .. }, Lang::Ko) => {
                format!("claims.jsonl {line}번째 줄이 없습니다 (파일이 잘렸습니다)")
            }
            (MemberProblem::LineMissing { .. }, Lang::En) => {
                format!("claims.jsonl has no line {line} (the file was cut short)")
            }
            (MemberProblem::PdfAltered { .. }, Lang::Ko) => {
                format!("claims.jsonl {line}번째 줄 청구서의 PDF가 없거나 바뀌었습니다 (청구서 내용은 받았습니다)")
            }
            (MemberProblem::PdfAltered { .. }, Lang::En) => {
                format!("the PDF of the claim on line {line} is missing or changed (the claim itself was received)")
            }
            (MemberProblem::TooLong { .. }, Lang::Ko) => {
                format!("claims.jsonl {line}번째 줄이 청구서 한 건보다 큽니다")
            }
            (MemberProblem::TooLong { .. }, Lang::En) => {
                format!("claims.jsonl line {line} is larger than a claim may be")
            }
        }
    }
}

/// An open bundle: its manifest, read; claims are read on demand.
pub struct Bundle<R: Read + Seek> {
    archive: zip::ZipArchive<R>,
    pub manifest: Manifest,
}

impl<R: Read + Seek> std::fmt::Debug for Bundle<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bundle")
            .field("claims", &self.manifest.claims.len())
            .finish()
    }
}

/// Whether `bytes` begin like a ZIP file.
pub fn looks_like_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

impl<R: Read + Seek> Bundle<R> {
    pub fn open(reader: R) -> Result<Bundle<R>, BundleError> {
        let mut archive = zip::ZipArchive::new(reader).map_err(|_| BundleError::NotZip)?;
        let manifest: Manifest = {
            let member = archive.by_name(MANIFEST).map_err(|error| match error {
                zip::result::ZipError::FileNotFound => BundleError::NoManifest,
                _ => BundleError::NotZip,
            })?;
            let mut bytes = Vec::new();
            member
                .take(MAX_MANIFEST_BYTES)
                .read_to_end(&mut bytes)
                .map_err(|_| BundleError::NotZip)?;
            serde_json::from_slice(&bytes).map_err(|_| BundleError::BadManifest)?
        };
        if manifest.format != BUNDLE_FORMAT {
            return Err(BundleError::BadManifest);
        }
        Ok(Bundle { archive, manifest })
    }

    /// Reads every claim in line order, in one pass over `claims.jsonl`,
    /// handing each to `take` (a claim, or the problem with its line); then
    /// each line the manifest names that was not there. Stops early when
    /// `take` says so. PDFs are fetched afterwards with [`Bundle::pdf`].
    pub fn for_each_claim(
        &mut self,
        mut take: impl FnMut(Result<BundledClaim, MemberProblem>) -> std::ops::ControlFlow<()>,
    ) -> Result<(), BundleError> {
        let entries: std::collections::HashMap<usize, ManifestEntry> = self
            .manifest
            .claims
            .iter()
            .map(|entry| (entry.line, entry.clone()))
            .collect();
        let mut seen = std::collections::HashSet::new();
        let mut reader = BufReader::new(
            self.archive
                .by_name(CLAIMS)
                .map_err(|_| BundleError::NoClaims)?,
        );
        let mut buffer = Vec::new();
        let mut line = 0;
        loop {
            buffer.clear();
            // A member cut short ends here: the lines before were read.
            let outcome = read_line(&mut reader, &mut buffer).unwrap_or(LineRead::End);
            if outcome == LineRead::End {
                break;
            }
            line += 1;
            let item = if outcome == LineRead::TooLong {
                Err(MemberProblem::TooLong { line })
            } else if buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            } else {
                claim_of(line, &buffer, entries.get(&line))
            };
            seen.insert(line);
            if take(item).is_break() {
                return Ok(());
            }
        }
        let mut missing: Vec<usize> = entries
            .keys()
            .copied()
            .filter(|line| !seen.contains(line))
            .collect();
        missing.sort_unstable();
        for line in missing {
            if take(Err(MemberProblem::LineMissing { line })).is_break() {
                break;
            }
        }
        Ok(())
    }

    /// The PDF the manifest names for a claim: `Ok(None)` when it names
    /// none, `Err` when it is missing or not what was recorded.
    pub fn pdf(&mut self, entry: &ManifestEntry) -> Result<Option<Vec<u8>>, MemberProblem> {
        let (Some(name), Some(expected)) = (entry.pdf.as_ref(), entry.pdf_sha256.as_ref()) else {
            return Ok(None);
        };
        let altered = MemberProblem::PdfAltered { line: entry.line };
        let member = self.archive.by_name(name).map_err(|_| altered.clone())?;
        let mut bytes = Vec::new();
        member
            .take(MAX_PDF_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|_| altered.clone())?;
        if sha256_hex(&bytes) == *expected {
            Ok(Some(bytes))
        } else {
            Err(altered)
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum LineRead {
    Line,
    TooLong,
    End,
}

/// One line into `buffer` (without its `\n`), never more than a claim may be.
fn read_line<B: BufRead>(reader: &mut B, buffer: &mut Vec<u8>) -> std::io::Result<LineRead> {
    let read = reader
        .by_ref()
        .take(MAX_LINE_BYTES + 1)
        .read_until(b'\n', buffer)?;
    if read == 0 {
        return Ok(LineRead::End);
    }
    if buffer.last() == Some(&b'\n') {
        buffer.pop();
        if buffer.last() == Some(&b'\r') {
            buffer.pop();
        }
        return Ok(LineRead::Line);
    }
    if u64::try_from(buffer.len()).unwrap_or(u64::MAX) > MAX_LINE_BYTES {
        // Skip the rest of the overlong line.
        let mut rest = Vec::new();
        reader.read_until(b'\n', &mut rest)?;
        return Ok(LineRead::TooLong);
    }
    Ok(LineRead::Line) // the last line, without a final newline
}

fn claim_of(
    line: usize,
    bytes: &[u8],
    entry: Option<&ManifestEntry>,
) -> Result<BundledClaim, MemberProblem> {
    if let Some(entry) = entry {
        if sha256_hex(bytes) != entry.json_sha256 {
            return Err(MemberProblem::Altered { line });
        }
    }
    claim_core::read_document(bytes).map_err(|error| MemberProblem::NotAClaim {
        line,
        message: error.message(Lang::Ko),
    })?;
    match serde_json::from_slice(bytes) {
        Ok(serde_json::Value::Object(document)) => Ok(BundledClaim {
            line,
            document,
            entry: entry.cloned(),
        }),
        _ => Err(MemberProblem::NotAClaim {
            line,
            message: "JSON".to_owned(),
        }),
    }
}
