//! Taking in what shops sent, many files at once: bundles
//! (`claimdesk.bundle/1`), ClaimDesk PDFs (through the claim they carry)
//! and claim JSON files, told apart by their content. One bad file, or one
//! bad member of a bundle, is reported by name (and line) and the rest go
//! on; the whole intake is still one transaction, so a cancel or a store
//! failure keeps nothing of it.

use crate::bundle::{looks_like_zip, Bundle, BundleError, ManifestEntry, MemberProblem};
use crate::desk::{Added, Desk, DeskError, Intake, IntakeCount, Origin, Prepared, Store};
use claim_core::{Failure, FailureCode, Lang};
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// As for `claimdesk import-pdf`.
pub const MAX_PDF_BYTES: u64 = 50 * 1024 * 1024;

/// A file (or a part of one) that was not taken in, and why, as said to
/// the staff: always made from an [`IntakeFailure`] (or another
/// [`Failure`]), so its code and sentence cannot drift apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileProblem {
    /// The file's name only, never its folder.
    pub file: String,
    pub code: FailureCode,
    /// The sentence, starting with the file's name.
    pub message: String,
    /// The line of a bundle's claims.jsonl it is about, if one.
    pub line: Option<usize>,
}

impl FileProblem {
    fn of(file: &str, failure: &dyn Failure, lang: Lang) -> FileProblem {
        FileProblem {
            file: file.to_owned(),
            code: failure.code(),
            message: format!("{file}: {}", failure.message(lang)),
            line: None,
        }
    }

    fn of_member(file: &str, problem: &MemberProblem, lang: Lang) -> FileProblem {
        FileProblem {
            line: Some(problem.line()),
            ..FileProblem::of(file, problem, lang)
        }
    }
}

/// Why a file taken in was not a claim, beyond what the bundle, PDF and
/// claim readers say themselves.
#[derive(Debug)]
pub enum IntakeFailure {
    /// Opening or reading it failed (the system's reason, which names no
    /// folder).
    Unreadable(std::io::Error),
    Empty,
    PdfTooLarge,
    /// A PDF that is not one or carries no claim.
    Pdf(claim_pdf::PdfError),
    /// Bytes that are not a claim document (the spec's envelope messages).
    NotAClaim(String),
}

impl Failure for IntakeFailure {
    fn code(&self) -> FailureCode {
        match self {
            IntakeFailure::Unreadable(_) => FailureCode::FileRead,
            IntakeFailure::Empty => FailureCode::FileEmpty,
            IntakeFailure::PdfTooLarge => FailureCode::FileTooLarge,
            IntakeFailure::Pdf(error) => error.code(),
            IntakeFailure::NotAClaim(_) => FailureCode::NotAClaim,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            // In plain words by what went wrong, never the system's own
            // text ("No such file or directory (os error 2)").
            (IntakeFailure::Unreadable(error), Lang::Ko) => match error.kind() {
                std::io::ErrorKind::NotFound => {
                    "파일이 없습니다. 고른 뒤에 옮겨졌거나 지워졌습니다. 다시 골라 주세요.".to_owned()
                }
                std::io::ErrorKind::PermissionDenied => {
                    "파일을 열 권한이 없습니다. 파일을 다른 폴더에 복사한 뒤 다시 골라 주세요.".to_owned()
                }
                _ => "파일을 열 수 없습니다. 다른 프로그램이 쓰고 있거나 USB 등이 빠졌는지 확인해 주세요."
                    .to_owned(),
            },
            (IntakeFailure::Unreadable(error), Lang::En) => match error.kind() {
                std::io::ErrorKind::NotFound => {
                    "the file is gone: it was moved or deleted after it was chosen; choose it again"
                        .to_owned()
                }
                std::io::ErrorKind::PermissionDenied => {
                    "no permission to open the file; copy it to another folder and choose it again"
                        .to_owned()
                }
                _ => "the file cannot be opened; check that no other program holds it and the USB drive is in"
                    .to_owned(),
            },
            (IntakeFailure::Empty, Lang::Ko) => "파일이 비어 있습니다".to_owned(),
            (IntakeFailure::Empty, Lang::En) => "the file is empty".to_owned(),
            (IntakeFailure::PdfTooLarge, Lang::Ko) => "PDF가 너무 큽니다 (50 MB 초과)".to_owned(),
            (IntakeFailure::PdfTooLarge, Lang::En) => {
                "the PDF is too large (over 50 MB)".to_owned()
            }
            (IntakeFailure::Pdf(error @ claim_pdf::PdfError::TooComplex), _) => error.message(lang),
            (IntakeFailure::Pdf(claim_pdf::PdfError::ClaimAltered), Lang::En) => {
                "the claim this PDF carries was doubled or replaced after ClaimDesk made it; the pages may say another claim, so it was not taken".to_owned()
            }
            (IntakeFailure::Pdf(claim_pdf::PdfError::NoAttachedClaim), Lang::En) => {
                "this PDF carries no ClaimDesk claim (claim.json)".to_owned()
            }
            (IntakeFailure::Pdf(_), Lang::En) => "not a readable PDF".to_owned(),
            (IntakeFailure::Pdf(error), Lang::Ko) => error.message(lang),
            (IntakeFailure::NotAClaim(message), _) => message.clone(),
        }
    }
}

/// Where an intake is: files finished of all, claims handled so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct IntakeProgress {
    pub files_done: usize,
    pub files: usize,
    pub claims: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct IntakeReport {
    pub count: IntakeCount,
    pub files: usize,
    /// The first [`MAX_PROBLEMS_KEPT`] problems, in the order met.
    pub problems: Vec<FileProblem>,
    /// How many more there were (counted, not kept: two million broken
    /// lines must not become a 559 MB report crossing IPC).
    pub problems_left_off: usize,
}

/// The most problems one intake keeps to show.
pub const MAX_PROBLEMS_KEPT: usize = 200;

fn name_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The files `paths` name: a folder stands for the files directly in it.
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .filter(|p| p.is_file())
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// How the claim a PDF carries is read: [`claim_pdf::read_attached_claim`]
/// in this process, or, in the app, the same in a bounded worker process.
pub type PdfClaimReader<'r> = &'r dyn Fn(&[u8]) -> Result<Vec<u8>, claim_pdf::PdfError>;

/// Takes in every file of `paths` in one intake, reading PDFs in this
/// process.
pub fn take_in_files<S: Store>(
    desk: &mut Desk<S>,
    paths: &[PathBuf],
    lang: Lang,
    progress: &dyn Fn(IntakeProgress),
    cancel: &AtomicBool,
) -> Result<IntakeReport, DeskError> {
    take_in_files_reading(
        desk,
        paths,
        lang,
        progress,
        cancel,
        &claim_pdf::read_attached_claim,
    )
}

/// Takes in every file of `paths` in one intake, the claim of each PDF
/// read by `read_pdf`.
pub fn take_in_files_reading<S: Store>(
    desk: &mut Desk<S>,
    paths: &[PathBuf],
    lang: Lang,
    progress: &dyn Fn(IntakeProgress),
    cancel: &AtomicBool,
    read_pdf: PdfClaimReader<'_>,
) -> Result<IntakeReport, DeskError> {
    take_in_files_observed(desk, paths, lang, progress, cancel, read_pdf, false)
        .map(|(report, _)| report)
}

/// [`take_in_files_reading`], and what became of each claim added when
/// `outcomes` (a submission answers for each).
pub fn take_in_files_observed<S: Store>(
    desk: &mut Desk<S>,
    paths: &[PathBuf],
    lang: Lang,
    progress: &dyn Fn(IntakeProgress),
    cancel: &AtomicBool,
    read_pdf: PdfClaimReader<'_>,
    outcomes: bool,
) -> Result<(IntakeReport, Vec<Added>), DeskError> {
    let files = expand(paths);
    let mut intake = desk.intake(cancel)?;
    if outcomes {
        intake.keep_outcomes();
    }
    let mut problems = Vec::new();
    let mut problems_left_off = 0;
    let mut claims = 0;
    for (done, path) in files.iter().enumerate() {
        let name = name_of(path);
        let mut report = |problem: FileProblem| {
            if problems.len() < MAX_PROBLEMS_KEPT {
                problems.push(problem);
            } else {
                problems_left_off += 1;
            }
        };
        let mut added =
            |intake: &mut Intake<'_>, prepared: Prepared| -> Result<Option<String>, DeskError> {
                let id = intake.add_prepared(prepared)?;
                claims += 1;
                progress(IntakeProgress {
                    files_done: done,
                    files: files.len(),
                    claims,
                });
                Ok(id)
            };
        take_in_file(
            &mut intake,
            path,
            &name,
            lang,
            read_pdf,
            &mut added,
            &mut report,
        )?;
        progress(IntakeProgress {
            files_done: done + 1,
            files: files.len(),
            claims,
        });
    }
    let added = intake.outcomes().to_vec();
    let count = intake.commit()?;
    Ok((
        IntakeReport {
            count,
            files: files.len(),
            problems,
            problems_left_off,
        },
        added,
    ))
}

type Add<'f, 'i> = dyn FnMut(&mut Intake<'i>, Prepared) -> Result<Option<String>, DeskError> + 'f;

fn take_in_file<'i>(
    intake: &mut Intake<'i>,
    path: &Path,
    name: &str,
    lang: Lang,
    read_pdf: PdfClaimReader<'_>,
    add: &mut Add<'_, 'i>,
    report: &mut dyn FnMut(FileProblem),
) -> Result<(), DeskError> {
    let problem = |failure: IntakeFailure| FileProblem::of(name, &failure, lang);
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) => {
            report(problem(IntakeFailure::Unreadable(error)));
            return Ok(());
        }
    };
    let mut head = [0u8; 8];
    let read = file.read(&mut head).unwrap_or(0);
    let head = &head[..read];
    if read == 0 {
        report(problem(IntakeFailure::Empty));
        return Ok(());
    }
    if looks_like_zip(head) {
        take_in_bundle(intake, file, name, lang, add, report)
    } else if head.starts_with(b"%PDF") {
        take_in_pdf(intake, path, name, lang, read_pdf, add, report)
    } else {
        take_in_json(intake, path, name, lang, add, report)
    }
}

fn take_in_bundle<'i>(
    intake: &mut Intake<'i>,
    file: std::fs::File,
    name: &str,
    lang: Lang,
    add: &mut Add<'_, 'i>,
    report: &mut dyn FnMut(FileProblem),
) -> Result<(), DeskError> {
    use std::io::Seek;
    let mut file = file;
    if file.rewind().is_err() {
        return Ok(());
    }
    let mut bundle = match Bundle::open(std::io::BufReader::new(file)) {
        Ok(bundle) => bundle,
        Err(error) => {
            report(FileProblem::of(name, &error, lang));
            return Ok(());
        }
    };
    let mut failure = None;
    let mut with_pdfs: Vec<(ManifestEntry, String)> = Vec::new();
    let incidents = intake.incidents();
    // Only the manifest says whether the owner opted in to send customer
    // details; an export never guesses it from a value.
    let customer_details_included = bundle.manifest.customer_details == "included";
    // Two halves that take about as long: reading each claim (inflating,
    // parsing it once, checking and assessing it) on a second thread, and
    // writing it to the store on this one, a batch behind. On two cores
    // `assoc import` of 100,000 claims takes 6.7 s (one after the other,
    // parsing each claim twice, it took 18 s). The channel holds a few
    // batches, so the memory stays flat; dropping it stops the reader.
    let read = std::thread::scope(|scope| {
        let (batches, arriving) =
            std::sync::mpsc::sync_channel::<Vec<ReadClaim>>(BATCHES_IN_FLIGHT);
        let bundle = &mut bundle;
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let read = bundle.for_each_claim(|item| {
                let item = item.and_then(|claim| {
                    let origin = Origin {
                        source: match lang {
                            Lang::Ko => format!("{name} › {}번째 청구서", claim.line),
                            Lang::En => format!("{name} › claim {}", claim.line),
                        },
                        made_at: claim
                            .entry
                            .as_ref()
                            .and_then(|entry| entry.updated_at.clone()),
                        pdf: None,
                        number: claim.entry.as_ref().and_then(|entry| entry.number.clone()),
                        customer_details_included,
                    };
                    match Prepared::from_json(&claim.json, origin, incidents) {
                        Ok(prepared) => Ok((prepared.at_line(claim.line), claim.entry)),
                        Err(error) => Err(MemberProblem::NotAClaim {
                            line: claim.line,
                            message: error.message(lang),
                        }),
                    }
                });
                batch.push(item);
                if batch.len() < BATCH {
                    return std::ops::ControlFlow::Continue(());
                }
                match batches.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))) {
                    Ok(()) => std::ops::ControlFlow::Continue(()),
                    Err(_) => std::ops::ControlFlow::Break(()),
                }
            });
            if !batch.is_empty() {
                // The writer may have stopped already: then this goes unread.
                let _ = batches.send(batch);
            }
            read
        });
        for item in arriving.iter().flatten() {
            let outcome = match item {
                Ok((prepared, entry)) => add(intake, prepared).map(|id| {
                    if let (Some(id), Some(entry)) = (id, entry.filter(|entry| entry.pdf.is_some()))
                    {
                        with_pdfs.push((entry, id));
                    }
                }),
                Err(problem) => {
                    report(FileProblem::of_member(name, &problem, lang));
                    Ok(())
                }
            };
            if let Err(error) = outcome {
                failure = Some(error);
                break;
            }
        }
        drop(arriving);
        // A reader that panicked met a bundle damaged in a way the ZIP
        // reader did not expect: said as a damaged bundle.
        reader.join().unwrap_or(Err(BundleError::NotZip))
    });
    if let Some(error) = failure {
        return Err(error);
    }
    if let Err(error) = read {
        report(FileProblem::of(name, &error, lang));
    }
    for (entry, id) in with_pdfs {
        match bundle.pdf(&entry) {
            Ok(Some(pdf)) => intake.attach_pdf(&id, &pdf)?,
            Ok(None) => {}
            Err(problem) => report(FileProblem::of_member(name, &problem, lang)),
        }
    }
    Ok(())
}

/// A claim of a bundle read and prepared, with its manifest entry, or why
/// its line is not one.
type ReadClaim = Result<(Prepared, Option<ManifestEntry>), MemberProblem>;

/// Claims go to the writer in batches: one wake-up of the writer per claim
/// cost the reader a tenth of its time (futex wake-ups, measured with perf).
const BATCH: usize = 16;
/// How many batches the reader may be ahead of the store.
const BATCHES_IN_FLIGHT: usize = 4;

fn read_all(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn take_in_pdf<'i>(
    intake: &mut Intake<'i>,
    path: &Path,
    name: &str,
    lang: Lang,
    read_pdf: PdfClaimReader<'_>,
    add: &mut Add<'_, 'i>,
    report: &mut dyn FnMut(FileProblem),
) -> Result<(), DeskError> {
    let problem = |failure: IntakeFailure| FileProblem::of(name, &failure, lang);
    let bytes = match read_all(path, MAX_PDF_BYTES) {
        Ok(bytes) if u64::try_from(bytes.len()).unwrap_or(u64::MAX) <= MAX_PDF_BYTES => bytes,
        Ok(_) => {
            report(problem(IntakeFailure::PdfTooLarge));
            return Ok(());
        }
        Err(error) => {
            report(problem(IntakeFailure::Unreadable(error)));
            return Ok(());
        }
    };
    let json = match read_pdf(&bytes) {
        Ok(json) => json,
        Err(error) => {
            report(problem(IntakeFailure::Pdf(error)));
            return Ok(());
        }
    };
    add_document(intake, &json, name, lang, Some(bytes), add, report)
}

fn take_in_json<'i>(
    intake: &mut Intake<'i>,
    path: &Path,
    name: &str,
    lang: Lang,
    add: &mut Add<'_, 'i>,
    report: &mut dyn FnMut(FileProblem),
) -> Result<(), DeskError> {
    let limit = u64::try_from(claim_core::MAX_CLAIM_BYTES).unwrap_or(u64::MAX);
    let bytes = match read_all(path, limit) {
        Ok(bytes) => bytes,
        Err(error) => {
            report(FileProblem::of(
                name,
                &IntakeFailure::Unreadable(error),
                lang,
            ));
            return Ok(());
        }
    };
    add_document(intake, &bytes, name, lang, None, add, report)
}

/// Adds the claim in a file's JSON bytes (with the PDF it came in, if any),
/// or reports why the bytes are not a claim (the spec's envelope messages:
/// size, UTF-8, JSON, format).
fn add_document<'i>(
    intake: &mut Intake<'i>,
    json: &[u8],
    name: &str,
    lang: Lang,
    pdf: Option<Vec<u8>>,
    add: &mut Add<'_, 'i>,
    report: &mut dyn FnMut(FileProblem),
) -> Result<(), DeskError> {
    let origin = Origin {
        source: name.to_owned(),
        made_at: None,
        pdf,
        number: None,
        // No manifest says the owner opted in: exported masked.
        customer_details_included: false,
    };
    match Prepared::from_json(json, origin, intake.incidents()) {
        Ok(prepared) => {
            add(intake, prepared)?;
        }
        Err(error) => report(FileProblem::of(
            name,
            &IntakeFailure::NotAClaim(error.message(lang)),
            lang,
        )),
    }
    Ok(())
}
