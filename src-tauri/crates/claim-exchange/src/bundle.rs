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
// What a bundle may make us read. A bundle comes from a shop the
// association has never met, and a few kilobytes of ZIP can inflate to
// gigabytes: every member is read under a limit, and the whole bundle under
// one budget.
/// The most claims one bundle may hold (a shop's own claims are a handful;
/// the association's bench bundles hold 2,000).
pub const MAX_CLAIMS_PER_BUNDLE: usize = 10_000;
/// A manifest larger than this is not one (10,000 entries are ~3 MB).
pub const MAX_MANIFEST_BYTES: u64 = 8 * 1024 * 1024;
/// As for a claim file (spec §7).
const MAX_LINE_BYTES: u64 = claim_core::MAX_CLAIM_BYTES as u64;
/// A claim's PDF (ClaimDesk's are under 1 MB; evidence photos are not in it).
pub const MAX_PDF_BYTES: u64 = 20 * 1024 * 1024;
/// Everything read from one bundle, decompressed: manifest, claims, PDFs.
pub const MAX_BUNDLE_BYTES: u64 = 512 * 1024 * 1024;

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
    #[error("manifest.json is larger than a manifest may be")]
    ManifestTooLarge,
    #[error(
        "the bundle lists {claims} claims, more than the {MAX_CLAIMS_PER_BUNDLE} a bundle may hold"
    )]
    TooManyClaims { claims: usize },
    #[error("manifest.json names {member} for two claims")]
    MemberNamedTwice { member: String },
    #[error("the bundle could not be written: {0}")]
    Write(String),
}

impl claim_core::Failure for BundleError {
    fn code(&self) -> claim_core::FailureCode {
        use claim_core::FailureCode;
        match self {
            BundleError::NotZip => FailureCode::BundleDamaged,
            BundleError::NoManifest
            | BundleError::BadManifest
            | BundleError::MemberNamedTwice { .. } => FailureCode::BundleManifest,
            BundleError::ManifestTooLarge | BundleError::TooManyClaims { .. } => {
                FailureCode::BundleTooLarge
            }
            BundleError::NoClaims => FailureCode::BundleClaims,
            BundleError::Write(_) => FailureCode::FileWrite,
        }
    }

    /// (The file's name is put before it by whoever knows the file.)
    fn message(&self, lang: Lang) -> String {
        let written = match (self, lang) {
            (BundleError::NotZip, Lang::Ko) => {
                "묶음 파일(ZIP)이 아니거나 손상되었습니다.".to_owned()
            }
            (BundleError::NoManifest | BundleError::BadManifest, Lang::Ko) => {
                "ClaimDesk 청구서 묶음이 아닙니다 (manifest.json이 없거나 형식이 다릅니다)."
                    .to_owned()
            }
            (BundleError::NoClaims, Lang::Ko) => "묶음에 claims.jsonl이 없습니다.".to_owned(),
            (BundleError::ManifestTooLarge, Lang::Ko) => {
                "묶음의 manifest.json이 허용된 크기(8MB)보다 커서 읽지 않았습니다.".to_owned()
            }
            (BundleError::TooManyClaims { claims }, Lang::Ko) => format!(
                "묶음에 청구서가 {claims}건 있어, 한 묶음의 한도({MAX_CLAIMS_PER_BUNDLE}건)를 넘습니다. 나누어 보내 달라고 하세요."
            ),
            (BundleError::MemberNamedTwice { member }, Lang::Ko) => format!(
                "묶음의 manifest.json이 {member}을(를) 두 청구서에 씁니다. 손으로 고친 묶음이라 받지 않았습니다."
            ),
            (BundleError::Write(reason), Lang::Ko) => {
                format!("묶음 파일을 쓸 수 없습니다 ({reason}).")
            }
            (error, Lang::En) => format!("{error}."),
        };
        // Names, statuses and files go into the sentences: their particles
        // are chosen by the word, never left as "(으)로".
        claim_core::messages::resolve_particles(&written)
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

/// A claim's line in a bundle: one line of JSON, customer details masked
/// unless `include_customer_details`. Its SHA-256 is what the manifest, the
/// desk and a receipt record of the claim "as received".
pub fn claim_line(
    document: &serde_json::Value,
    include_customer_details: bool,
) -> Result<String, serde_json::Error> {
    serde_json::to_string(&claim_core::privacy::outgoing(
        document,
        include_customer_details,
    ))
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
        let document = &claim.document;
        let line = claim_line(document, include_customer_details).map_err(|e| write_error(&e))?;
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

/// A line of a bundle's claims, with what the manifest says of it. Its
/// bytes are what the manifest recorded, but not yet known to be a claim:
/// the reader checks that as it parses them (once) to keep them.
#[derive(Debug)]
pub struct BundledClaim {
    pub line: usize,
    pub json: Vec<u8>,
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
    /// The line past the most claims a bundle may hold: not read, nor the rest.
    TooManyClaims { line: usize },
    /// The bundle's budget of bytes ran out here: nothing after was read.
    BundleTooLarge { line: usize },
    /// The claim's PDF is larger than a claim's PDF may be (not kept; the
    /// claim itself was read).
    PdfTooLarge { line: usize },
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
            | MemberProblem::TooLong { line }
            | MemberProblem::TooManyClaims { line }
            | MemberProblem::BundleTooLarge { line }
            | MemberProblem::PdfTooLarge { line } => *line,
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
            // A line no bundle can have (0, or past the most claims) is
            // said in words: its number would be 18446744073709551615.
            (MemberProblem::LineMissing { line }, Lang::Ko)
                if *line == 0 || *line > MAX_CLAIMS_PER_BUNDLE =>
            {
                "manifest.json이 claims.jsonl에 있을 수 없는 줄을 가리킵니다 (묶음을 만든 뒤 손으로 고쳤습니다). 그 항목은 받지 않았습니다".to_owned()
            }
            (MemberProblem::LineMissing { line }, Lang::En)
                if *line == 0 || *line > MAX_CLAIMS_PER_BUNDLE =>
            {
                "manifest.json points to a line claims.jsonl cannot have (the bundle was edited by hand); that entry was not taken".to_owned()
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
            (MemberProblem::TooManyClaims { .. }, Lang::Ko) => format!(
                "claims.jsonl {line}번째 줄부터는 읽지 않았습니다: 한 묶음에는 청구서가 {MAX_CLAIMS_PER_BUNDLE}건까지입니다"
            ),
            (MemberProblem::TooManyClaims { .. }, Lang::En) => format!(
                "claims.jsonl from line {line} on was not read: a bundle holds at most {MAX_CLAIMS_PER_BUNDLE} claims"
            ),
            (MemberProblem::BundleTooLarge { .. }, Lang::Ko) => format!(
                "claims.jsonl {line}번째 줄 근처에서 묶음이 허용된 크기(풀었을 때 512MB)를 넘어, 그 뒤는 읽지 않았습니다"
            ),
            (MemberProblem::BundleTooLarge { .. }, Lang::En) => format!(
                "the bundle passed its limit (512 MB unpacked) near claims.jsonl line {line}; nothing after was read"
            ),
            (MemberProblem::PdfTooLarge { .. }, Lang::Ko) => format!(
                "claims.jsonl {line}번째 줄 청구서의 PDF가 20MB보다 커서 받지 않았습니다 (청구서 내용은 받았습니다)"
            ),
            (MemberProblem::PdfTooLarge { .. }, Lang::En) => format!(
                "the PDF of the claim on line {line} is over 20 MB and was not kept (the claim itself was received)"
            ),
        }
    }
}

/// An open bundle: its manifest, read; claims are read on demand.
pub struct Bundle<R: Read + Seek> {
    archive: zip::ZipArchive<R>,
    pub manifest: Manifest,
    /// What may still be read from the bundle, decompressed.
    left: u64,
}

impl<R: Read + Seek> std::fmt::Debug for Bundle<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bundle")
            .field("claims", &self.manifest.claims.len())
            .finish()
    }
}

/// `archive` when each member has one name: none named twice, and each
/// local header naming what the central directory names. Else two ZIP
/// readers read two different bundles (the staff's unzip the first
/// `claims.jsonl`, the desk the last), and it is damaged.
fn one_name_per_member<R: Read + Seek>(
    mut archive: zip::ZipArchive<R>,
) -> Result<zip::ZipArchive<R>, BundleError> {
    // (The ZIP reader keeps one member per name; it says when it dropped one.)
    if archive.has_duplicate_names() {
        return Err(BundleError::NotZip);
    }
    let mut headers = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let member = archive
            .by_index_raw(index)
            .map_err(|_| BundleError::NotZip)?;
        headers.push((member.header_start(), member.name_raw().to_vec()));
    }
    let mut reader = archive.into_inner();
    for (start, name) in headers {
        // The local header: signature, 22 bytes, the name's length, the
        // extra field's length, the name.
        let mut fixed = [0u8; 30];
        reader
            .seek(std::io::SeekFrom::Start(start))
            .and_then(|_| reader.read_exact(&mut fixed))
            .map_err(|_| BundleError::NotZip)?;
        let length = usize::from(u16::from_le_bytes([fixed[26], fixed[27]]));
        if fixed[..4] != *b"PK\x03\x04" || length != name.len() {
            return Err(BundleError::NotZip);
        }
        let mut local = vec![0u8; length];
        reader
            .read_exact(&mut local)
            .map_err(|_| BundleError::NotZip)?;
        if local != name {
            return Err(BundleError::NotZip);
        }
    }
    reader.rewind().map_err(|_| BundleError::NotZip)?;
    zip::ZipArchive::new(reader).map_err(|_| BundleError::NotZip)
}

/// Whether `bytes` begin like a ZIP file.
pub fn looks_like_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

impl<R: Read + Seek> Bundle<R> {
    pub fn open(reader: R) -> Result<Bundle<R>, BundleError> {
        Bundle::open_within(reader, MAX_BUNDLE_BYTES)
    }

    /// Opens the bundle with `budget` bytes to read from it in all.
    fn open_within(reader: R, budget: u64) -> Result<Bundle<R>, BundleError> {
        let archive = zip::ZipArchive::new(reader).map_err(|_| BundleError::NotZip)?;
        let mut archive = one_name_per_member(archive)?;
        let (manifest, manifest_bytes) = {
            let member = archive.by_name(MANIFEST).map_err(|error| match error {
                zip::result::ZipError::FileNotFound => BundleError::NoManifest,
                _ => BundleError::NotZip,
            })?;
            if member.size() > MAX_MANIFEST_BYTES {
                return Err(BundleError::ManifestTooLarge);
            }
            let mut bytes = Vec::new();
            member
                .take(MAX_MANIFEST_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|_| BundleError::NotZip)?;
            if bytes.len() as u64 > MAX_MANIFEST_BYTES {
                return Err(BundleError::ManifestTooLarge);
            }
            let manifest: Manifest =
                serde_json::from_slice(&bytes).map_err(|_| BundleError::BadManifest)?;
            let read = bytes.len() as u64;
            (manifest, read)
        };
        if manifest.format != BUNDLE_FORMAT {
            return Err(BundleError::BadManifest);
        }
        if manifest.claims.len() > MAX_CLAIMS_PER_BUNDLE {
            return Err(BundleError::TooManyClaims {
                claims: manifest.claims.len(),
            });
        }
        // One member for one claim: a PDF named twice would be stored twice
        // (four entries naming one 150 MB PDF stored 600 MB), a line named
        // twice would count one claim as two.
        let mut lines = std::collections::HashSet::new();
        let mut pdfs = std::collections::HashSet::new();
        for entry in &manifest.claims {
            if !lines.insert(entry.line) {
                return Err(BundleError::MemberNamedTwice {
                    member: format!("{CLAIMS}:{}", entry.line),
                });
            }
            if let Some(pdf) = &entry.pdf {
                if !pdfs.insert(pdf.as_str()) {
                    return Err(BundleError::MemberNamedTwice {
                        member: pdf.clone(),
                    });
                }
            }
        }
        Ok(Bundle {
            archive,
            manifest,
            left: budget.saturating_sub(manifest_bytes),
        })
    }

    /// Reads every claim line in order, in one pass over `claims.jsonl`,
    /// handing each to `take` (its bytes, checked against the manifest, or
    /// the problem with its line; whether it is a claim is for the reader
    /// to say: the association's intake parses each once); then
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
        let budget = self.left;
        let mut reader = BufReader::new(
            self.archive
                .by_name(CLAIMS)
                .map_err(|_| BundleError::NoClaims)?
                // One byte past the budget tells a member that is over it.
                .take(budget + 1),
        );
        let mut buffer = Vec::new();
        let mut line = 0;
        let mut claims = 0;
        let mut stopped = false;
        loop {
            buffer.clear();
            // A member cut short ends here: the lines before were read.
            let outcome = read_line(&mut reader, &mut buffer).unwrap_or(LineRead::End);
            // A line read to its newline is whole, even if reading ahead
            // used the budget up; one that ended with the budget is not.
            if outcome != LineRead::Line && reader.get_ref().limit() == 0 {
                // Over the budget: this line and what follows are not read.
                line += 1;
                stopped = true;
                if take(Err(MemberProblem::BundleTooLarge { line })).is_break() {
                    return Ok(());
                }
                break;
            }
            if outcome == LineRead::End {
                break;
            }
            line += 1;
            if outcome != LineRead::TooLong && buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            claims += 1;
            if claims > MAX_CLAIMS_PER_BUNDLE {
                stopped = true;
                if take(Err(MemberProblem::TooManyClaims { line })).is_break() {
                    return Ok(());
                }
                break;
            }
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
        self.left = reader.get_ref().limit().saturating_sub(1);
        if stopped {
            // What was not read is not missing: it was said above.
            return Ok(());
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
        let too_large = MemberProblem::PdfTooLarge { line: entry.line };
        let member = self.archive.by_name(name).map_err(|_| altered.clone())?;
        if member.size() > MAX_PDF_BYTES {
            return Err(too_large);
        }
        if self.left == 0 {
            return Err(MemberProblem::BundleTooLarge { line: entry.line });
        }
        let mut bytes = Vec::new();
        member
            .take((MAX_PDF_BYTES + 1).min(self.left))
            .read_to_end(&mut bytes)
            .map_err(|_| altered.clone())?;
        let read = bytes.len() as u64;
        self.left = self.left.saturating_sub(read);
        if read > MAX_PDF_BYTES {
            return Err(too_large);
        }
        if self.left == 0 {
            return Err(MemberProblem::BundleTooLarge { line: entry.line });
        }
        if sha256_hex(&bytes) == *expected {
            Ok(Some(bytes))
        } else {
            Err(altered)
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum LineRead {
    /// A line, read to its newline.
    Line,
    /// The last line, which has no newline.
    Last,
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
        // Skip the rest of the overlong line as it comes, keeping none of it
        // (a 1.3 GB line must not become 1.3 GB of memory).
        loop {
            let available = reader.fill_buf()?;
            if available.is_empty() {
                break;
            }
            if let Some(end) = available.iter().position(|&byte| byte == b'\n') {
                reader.consume(end + 1);
                break;
            }
            let length = available.len();
            reader.consume(length);
        }
        return Ok(LineRead::TooLong);
    }
    Ok(LineRead::Last)
}

fn claim_of(
    line: usize,
    bytes: &[u8],
    entry: Option<&ManifestEntry>,
) -> Result<BundledClaim, MemberProblem> {
    // A line the manifest does not list is damage too (a bit flipped in
    // the member can make a newline): the writer lists every line.
    let Some(entry) = entry else {
        return Err(MemberProblem::Altered { line });
    };
    if sha256_hex(bytes) != entry.json_sha256 {
        return Err(MemberProblem::Altered { line });
    }
    Ok(BundledClaim {
        line,
        json: bytes.to_vec(),
        entry: Some(entry.clone()),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use std::io::Cursor;

    fn claim(number: &str) -> OutgoingClaim {
        OutgoingClaim {
            document: serde_json::json!({"format": "claimdesk.claim/1", "narrative": number}),
            number: number.to_owned(),
            status: "exported".to_owned(),
            updated_at: "2026-11-20T01:02:03Z".to_owned(),
            pdf: Some(vec![b'%'; 4000]),
        }
    }

    #[test]
    fn reading_stops_where_the_bundles_budget_runs_out() {
        let claims: Vec<OutgoingClaim> = (1..=50)
            .map(|n| claim(&format!("CD-2026-{n:06}")))
            .collect();
        let bytes = write_bundle(
            Cursor::new(Vec::new()),
            &claims,
            "2026-11-25T00:00:00Z",
            false,
        )
        .unwrap()
        .into_inner();
        // Room for the manifest and about half the claims' lines.
        let size = |name: &str| {
            zip::ZipArchive::new(Cursor::new(bytes.clone()))
                .unwrap()
                .by_name(name)
                .unwrap()
                .size()
        };
        let budget = size(MANIFEST) + size(CLAIMS) / 2;
        let mut bundle = Bundle::open_within(Cursor::new(bytes.clone()), budget).unwrap();
        let mut read = 0;
        let mut problems = Vec::new();
        bundle
            .for_each_claim(|item| {
                match item {
                    Ok(_) => read += 1,
                    Err(problem) => problems.push(problem),
                }
                std::ops::ControlFlow::Continue(())
            })
            .unwrap();
        assert!(read > 0 && read < 50, "{read} read");
        assert!(
            matches!(problems.as_slice(), [MemberProblem::BundleTooLarge { line }] if *line == read + 1),
            "{problems:?}"
        );
        // PDFs count against the same budget: room for about ten.
        let budget = size(MANIFEST) + size(CLAIMS) + 10 * 4_000 + 100;
        let mut bundle = Bundle::open_within(Cursor::new(bytes), budget).unwrap();
        let mut entries = Vec::new();
        bundle
            .for_each_claim(|item| {
                entries.push(item.unwrap().entry.unwrap());
                std::ops::ControlFlow::Continue(())
            })
            .unwrap();
        let outcomes: Vec<_> = entries.iter().map(|entry| bundle.pdf(entry)).collect();
        assert!(outcomes[0].as_ref().unwrap().is_some());
        assert!(matches!(
            outcomes.last().unwrap(),
            Err(MemberProblem::BundleTooLarge { .. })
        ));
    }
}
