//! Why a use case could not be done: one type for the command line and the
//! window alike, each case a [`Failure`] with its stable code. The window
//! sends `{code, message}`, the command line prints `message (code)`; both
//! take them from here, so a store's full disk reads `E_STORE_DISK_FULL`
//! wherever it happens. No message holds what a claim says.

use crate::app::files::ReadFailure;
use claim_assoc::desk::DeskError;
use claim_core::{DocumentError, Failure, FailureCode, Lang};
use claim_import::ImportError;
use claim_pdf::PdfError;
use claim_store::StoreError;

/// (Its `Display` is the Korean message: one wording, in `message`.)
#[derive(Debug)]
pub enum AppError {
    Store(StoreError),
    Desk(DeskError),
    Pdf(PdfError),
    /// A file could not be opened or read, or is over the limit of what it
    /// was for.
    Read(ReadFailure),
    /// A claim file over the spec's size limit (its own words for it).
    ClaimFileTooLarge {
        bytes: u64,
    },
    /// The file is not a claim document at all.
    NotAClaim(DocumentError),
    /// A sales file gave nothing; `file` is its name (never its folder).
    Sales {
        file: String,
        error: ImportError,
    },
    /// Reading the file `file` (its name) was stopped: its worker process
    /// ran out of memory or time (nothing of it was kept).
    TooComplex {
        file: String,
    },
    /// The console program that reads files in a worker process is not
    /// installed beside this one.
    WorkerMissing,
    /// Some rows of a sales file could not be read, so nothing was applied.
    RowsRejected {
        rows: usize,
    },
    /// A file could not be written (nothing partial is left).
    Write {
        path: String,
        reason: String,
    },
    /// The file to replace is held open by another program (a PDF viewer
    /// on Windows); the old file is whole.
    FileInUse {
        path: String,
    },
    /// The claim a file or PDF carries is already stored: importing it would
    /// put a copy (perhaps the masked one that left the shop) over the
    /// owner's own.
    AlreadyStored {
        number: String,
    },
    DataDir,
    /// `--at` or `$SOURCE_DATE_EPOCH` is not a time.
    DocumentTime(String),
    /// A signing key file that is not one, or a key that could not be made.
    SigningKey(String),
    Definition(claim_core::definition::DefinitionError),
    /// The store would not open because of its file, and there is an
    /// automatic backup to restore it from.
    StoreWithBackup {
        error: Box<AppError>,
        backup: std::path::PathBuf,
    },
    /// Not one of the association's review statuses.
    UnknownReview(String),
    /// Not `apply` or `dismiss`.
    UnknownDecision(String),
    /// A receipt or answers file refused: not one, changed, or signed by a
    /// key this app does not trust.
    Answer(claim_core::answer::AnswerError),
    /// A receipt for a claim this computer does not hold, or for another
    /// business.
    ReceiptOtherClaim {
        number: Option<String>,
    },
    /// A receipt for other content than the claim holds now.
    ReceiptOtherContent {
        number: String,
    },
    /// The data folder's added CA file is there but holds no certificate.
    ExtraCa(crate::app::network::ExtraCaUnreadable),
    /// No server offers a definition of this incident (any more).
    OfferGone {
        id: String,
    },
}

fn claim_too_large(bytes: u64, lang: Lang) -> String {
    DocumentError::TooLarge {
        bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
    }
    .message(lang)
}

impl Failure for AppError {
    fn code(&self) -> FailureCode {
        match self {
            AppError::Store(error) => error.code(),
            AppError::Desk(error) => error.code(),
            AppError::Pdf(error) => error.code(),
            AppError::Read(ReadFailure::Io { .. }) => FailureCode::FileRead,
            AppError::Read(ReadFailure::TooLarge { .. }) | AppError::ClaimFileTooLarge { .. } => {
                FailureCode::FileTooLarge
            }
            AppError::NotAClaim(error) => error.code(),
            AppError::Sales { error, .. } => error.code(),
            AppError::TooComplex { .. } => FailureCode::FileTooComplex,
            AppError::WorkerMissing => FailureCode::Internal,
            AppError::RowsRejected { .. } => FailureCode::ImportRowsRejected,
            AppError::Write { .. } => FailureCode::FileWrite,
            AppError::FileInUse { .. } => FailureCode::FileInUse,
            AppError::AlreadyStored { .. } => FailureCode::ClaimExists,
            AppError::DataDir => FailureCode::DataDir,
            AppError::DocumentTime(_) => FailureCode::DocumentTime,
            AppError::SigningKey(_) => FailureCode::SigningKey,
            AppError::Definition(error) => error.code(),
            AppError::UnknownReview(_) => FailureCode::AssocReview,
            AppError::UnknownDecision(_) => FailureCode::AssocDecision,
            AppError::StoreWithBackup { error, .. } => error.code(),
            AppError::Answer(error) => error.code(),
            AppError::ReceiptOtherClaim { .. } => FailureCode::ReceiptOtherClaim,
            AppError::ReceiptOtherContent { .. } => FailureCode::ReceiptOtherContent,
            AppError::ExtraCa(error) => error.code(),
            AppError::OfferGone { .. } => FailureCode::IncidentNotOffered,
        }
    }

    fn message(&self, lang: Lang) -> String {
        let written = match (self, lang) {
            (AppError::Store(error), _) => error.message(lang),
            (AppError::Desk(error), _) => error.message(lang),
            (AppError::Pdf(error), _) => error.message(lang),
            (AppError::Read(failure), _) => failure.message(lang),
            (AppError::ClaimFileTooLarge { bytes }, _) => claim_too_large(*bytes, lang),
            (AppError::NotAClaim(error), _) => error.message(lang),
            (AppError::Sales { file, error }, _) => error.message(file, lang),
            (AppError::TooComplex { file }, _) => {
                format!("{file}: {}", claim_core::TooComplex.message(lang))
            }
            (AppError::WorkerMissing, _) => crate::app::worker::missing_message(),
            (AppError::Definition(error), _) => error.message(lang),
            (AppError::Answer(error), _) => error.message(lang),
            (AppError::ExtraCa(error), _) => error.message(lang),
            (AppError::OfferGone { id }, Lang::Ko) => format!(
                "연합회 서버가 지금 '{id}' 장애 정의를 주지 않습니다. 목록을 다시 받아 주세요."
            ),
            (AppError::OfferGone { id }, Lang::En) => format!(
                "The association's server does not offer the definition '{id}' now. Fetch the list again."
            ),
            (AppError::ReceiptOtherClaim { number }, Lang::Ko) => format!(
                "이 접수증의 청구서{}가 이 컴퓨터에 없거나, 다른 사업장의 청구서입니다. 가져오지 않았습니다.",
                number.as_deref().map(|n| format!("({n})")).unwrap_or_default()
            ),
            (AppError::ReceiptOtherClaim { number }, Lang::En) => format!(
                "The receipt's claim{} is not on this computer, or belongs to another business. Nothing was imported.",
                number.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
            ),
            (AppError::ReceiptOtherContent { number }, Lang::Ko) => format!(
                "이 접수증은 청구서 {number}의 지금 내용과 다른 내용을 받았다고 적혀 있습니다. 연합회에 낸 뒤 청구서를 고쳤다면, 고친 청구서를 다시 내고 새 접수증을 받으세요. 가져오지 않았습니다."
            ),
            (AppError::ReceiptOtherContent { number }, Lang::En) => format!(
                "This receipt is for other content than claim {number} holds now. If you changed the claim after handing it in, hand in the corrected claim and ask for a new receipt. Nothing was imported."
            ),
            (AppError::RowsRejected { .. }, Lang::Ko) => "읽지 못한 줄이 있어 아무것도 넣지 않았습니다. 파일을 고친 뒤 다시 하거나, 읽은 날만 넣기로 하세요.".to_owned(),
            (AppError::RowsRejected { .. }, Lang::En) => "rows could not be read, so nothing was applied; fix the file, or choose to apply only the days that were read.".to_owned(),
            (AppError::Write { path, reason }, Lang::Ko) => {
                format!("파일을 쓸 수 없습니다: {path} ({reason})")
            }
            (AppError::Write { path, reason }, Lang::En) => {
                format!("cannot write the file: {path} ({reason})")
            }
            (AppError::FileInUse { path }, Lang::Ko) => format!("다른 프로그램이 이 파일을 열고 있어 덮어쓸 수 없습니다: {path}\nPDF 보기 프로그램 등에서 이 파일을 닫은 뒤 다시 하거나, 다른 이름으로 저장하세요. 원래 파일은 그대로 있습니다."),
            (AppError::FileInUse { path }, Lang::En) => format!("another program has this file open, so it cannot be replaced: {path}\nClose it (in the PDF viewer, say) and try again, or save under another name. The old file is unchanged."),
            (AppError::AlreadyStored { number }, Lang::Ko) => format!("이 청구서({number})는 이미 저장되어 있습니다. 저장된 청구서를 그대로 두었습니다(가져온 파일로 바꾸지 않음)."),
            (AppError::AlreadyStored { number }, Lang::En) => format!("this claim ({number}) is already stored; the stored claim was left as it is (not replaced by the file)"),
            // Host-neutral: the command line adds its options (`--data-dir`,
            // `--at`, `--font`) in `cli::output::fail`, the window its own.
            (AppError::DataDir, Lang::Ko) => "데이터 폴더를 정할 수 없습니다.".to_owned(),
            (AppError::DataDir, Lang::En) => "No data folder could be chosen.".to_owned(),
            (AppError::DocumentTime(text), Lang::Ko) => format!("문서의 시각은 2026-11-25T14:05:00+09:00 같은 형식이어야 하고, 초로 주는 시각은 정수여야 합니다: {text}"),
            (AppError::DocumentTime(text), Lang::En) => format!("The document's time must read like 2026-11-25T14:05:00+09:00, and a time in seconds be whole: {text}"),
            (AppError::SigningKey(reason), Lang::Ko) => format!("서명 키: {reason}"),
            (AppError::SigningKey(reason), Lang::En) => format!("signing key: {reason}"),
            (AppError::UnknownReview(status), Lang::Ko) => format!("검토 상태는 received, checked, forwarded, returned 가운데 하나입니다: {status}"),
            (AppError::UnknownReview(status), Lang::En) => format!("the review is one of received, checked, forwarded, returned: {status}"),
            (AppError::UnknownDecision(word), Lang::Ko) => format!("apply(반영) 또는 dismiss(반영하지 않음)로 적어 주세요: {word}"),
            (AppError::UnknownDecision(word), Lang::En) => format!("write apply or dismiss: {word}"),
            (AppError::StoreWithBackup { error, backup }, Lang::Ko) => format!(
                "{} 가장 최근 자동 백업: claimdesk restore \"{}\"",
                error.message(lang),
                backup.display()
            ),
            (AppError::StoreWithBackup { error, backup }, Lang::En) => format!(
                "{} The newest automatic backup: claimdesk restore \"{}\"",
                error.message(lang),
                backup.display()
            ),
        };
        // Names, statuses and files go into the sentences: their particles
        // are chosen by the word, never left as "(으)로".
        claim_core::messages::resolve_particles(&written)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.message(Lang::Ko))
    }
}

impl std::error::Error for AppError {}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        AppError::Store(error)
    }
}

impl From<DeskError> for AppError {
    fn from(error: DeskError) -> AppError {
        AppError::Desk(error)
    }
}

impl From<PdfError> for AppError {
    fn from(error: PdfError) -> AppError {
        AppError::Pdf(error)
    }
}

impl AppError {
    /// A claim file that could not be read: the spec's own words for one
    /// over the size limit.
    pub fn claim_file(failure: ReadFailure) -> AppError {
        match failure {
            ReadFailure::TooLarge { bytes } => AppError::ClaimFileTooLarge { bytes },
            other => AppError::Read(other),
        }
    }

    pub fn write(path: &std::path::Path, error: &std::io::Error) -> AppError {
        if error.kind() == std::io::ErrorKind::ResourceBusy {
            return AppError::FileInUse {
                path: path.display().to_string(),
            };
        }
        AppError::Write {
            path: path.display().to_string(),
            reason: error.to_string(),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
