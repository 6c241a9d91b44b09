//! What a command answers when it cannot do what it was asked: `{code,
//! message}`, from any [`Failure`] with `?`. The message is in the language
//! the window is shown in (the header `api.js` sends with every call).

use crate::app::AppError;
use claim_core::{Failure, FailureCode, Lang};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};

/// Every error a command returns to the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: FailureCode,
    pub message: String,
}

/// Failures of the window itself, not of a use case.
#[derive(Debug)]
pub enum WindowError {
    /// The request is not what the command takes.
    Payload,
    /// Bytes where a JSON request was expected.
    RawBody,
    /// A lock poisoned by a panic elsewhere: a fault of ours.
    Internal,
    /// The window opens only PDFs it made.
    NotMadeHere,
    /// A file the page named without the owner choosing it in this window.
    NotChosen,
    /// The system's PDF viewer did not start for the PDF at `path`.
    Viewer { path: String },
    /// A receipt or answers file was asked before the signing key was chosen.
    NoSigningKey,
}

impl Failure for WindowError {
    fn code(&self) -> FailureCode {
        match self {
            WindowError::Payload | WindowError::RawBody => FailureCode::Payload,
            WindowError::Internal => FailureCode::Internal,
            WindowError::NotMadeHere => FailureCode::PdfNotMadeHere,
            WindowError::NotChosen => FailureCode::NotChosen,
            WindowError::Viewer { .. } => FailureCode::Viewer,
            WindowError::NoSigningKey => FailureCode::SigningKey,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (WindowError::Payload, Lang::Ko) => "화면이 보낸 요청의 형식이 맞지 않습니다. 프로그램을 다시 시작해 주세요.".to_owned(),
            (WindowError::Payload, Lang::En) => "The request from the window was malformed; please restart ClaimDesk.".to_owned(),
            (WindowError::RawBody, Lang::Ko) => "화면이 보낸 요청의 형식이 맞지 않습니다.".to_owned(),
            (WindowError::RawBody, Lang::En) => "The window sent bytes where a JSON request was expected.".to_owned(),
            (WindowError::Internal, Lang::Ko) => "프로그램 내부 오류입니다. ClaimDesk를 다시 시작해 주세요.".to_owned(),
            (WindowError::Internal, Lang::En) => "Internal error: please restart ClaimDesk.".to_owned(),
            (WindowError::NotChosen, Lang::Ko) => "고른 파일을 찾을 수 없습니다. 파일을 다시 골라 주세요.".to_owned(),
            (WindowError::NotChosen, Lang::En) => "The chosen file is not known; choose it again.".to_owned(),
            (WindowError::NotMadeHere, Lang::Ko) => "이 창에서 만든 PDF만 열 수 있습니다.".to_owned(),
            (WindowError::NotMadeHere, Lang::En) => "Only PDFs made in this window can be opened.".to_owned(),
            (WindowError::Viewer { path }, Lang::Ko) => format!("PDF는 만들어졌지만 여는 프로그램을 실행하지 못했습니다. 파일을 직접 열어 주세요: {path}"),
            (WindowError::NoSigningKey, Lang::Ko) => "연합회 서명 키 파일을 먼저 고르세요. 접수증과 회신 파일은 이 키로 서명합니다.".to_owned(),
            (WindowError::NoSigningKey, Lang::En) => "Choose the association's signing key file first: receipts and answers are signed with it.".to_owned(),
            (WindowError::Viewer { path }, Lang::En) => format!("The PDF was made, but no viewer could be started. Open the file yourself: {path}"),
        }
    }
}

/// The window's language for messages: Korean until a call says otherwise.
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// The language the window is shown in now.
pub fn window_lang() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) {
        Lang::En
    } else {
        Lang::Ko
    }
}

/// Notes the language a call came with.
pub fn note_window_lang(lang: Lang) {
    ENGLISH.store(lang == Lang::En, Ordering::Relaxed);
}

impl CommandError {
    fn of(failure: &dyn Failure) -> CommandError {
        // The code is for the log (and the command line); the window shows
        // the sentence alone. Never the sentence here: it may name a file.
        log::info!("a command failed: {}", failure.code().as_str());
        CommandError {
            code: failure.code(),
            message: failure.message(window_lang()),
        }
    }
}

impl From<AppError> for CommandError {
    fn from(error: AppError) -> CommandError {
        CommandError::of(&error)
    }
}

impl From<WindowError> for CommandError {
    fn from(error: WindowError) -> CommandError {
        CommandError::of(&error)
    }
}

// No conversion from the store's or the desk's errors: the window reaches
// them only through `app/`, whose `AppError` keeps their codes and words.

/// A poisoned lock is a fault of ours.
impl<T> From<std::sync::PoisonError<T>> for CommandError {
    fn from(_: std::sync::PoisonError<T>) -> CommandError {
        WindowError::Internal.into()
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
