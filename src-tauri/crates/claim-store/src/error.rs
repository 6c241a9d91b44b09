//! Store errors: a stable code and a sentence for the owner. Never the
//! content of a claim (customer names and phones stay out of messages).

use claim_core::{Failure, FailureCode};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("데이터 파일이 ClaimDesk 데이터베이스가 아닙니다({path}). 파일을 덮어쓰지 않았습니다. 최근 백업에서 복원해 주세요.")]
    NotADatabase { path: PathBuf },
    #[error("데이터 파일이 더 새 버전의 ClaimDesk에서 만들어졌습니다(스키마 {found}, 이 프로그램은 {supported}). 파일을 그대로 두었습니다. ClaimDesk를 업데이트해 주세요.")]
    NewerSchema { found: usize, supported: usize },
    #[error("데이터 파일이 손상되었습니다({path}). 파일을 덮어쓰지 않았습니다. 최근 백업에서 복원해 주세요.")]
    Corrupt { path: PathBuf },
    #[error(
        "데이터 파일을 열 수 없습니다({path}). 폴더가 있는지, 쓰기 권한이 있는지 확인해 주세요."
    )]
    CannotOpen { path: PathBuf },
    #[error("청구서를 찾을 수 없습니다.")]
    ClaimNotFound,
    #[error("청구서 파일이 아닙니다: {0}")]
    Document(String),
    #[error("'{from}' 상태의 청구서는 '{to}' 상태로 바꿀 수 없습니다.")]
    Transition {
        from: &'static str,
        to: &'static str,
    },
    #[error("'{status}' 상태의 청구서는 고칠 수 없습니다. 고쳐야 하면 청구서를 복제해 새로 만들어 주세요.")]
    Closed { status: &'static str },
    #[error("증빙 파일이 너무 큽니다({megabytes}MB). 한 파일은 20MB까지 넣을 수 있습니다. 사진은 크기를 줄이거나 PDF는 나누어 주세요.")]
    EvidenceTooLarge { megabytes: u64 },
    #[error("증빙 파일을 찾을 수 없습니다.")]
    EvidenceNotFound,
    #[error("증빙으로 넣을 수 없는 파일입니다. 사진(PNG, JPEG), PDF, 엑셀(XLSX), CSV 파일만 넣을 수 있습니다.")]
    EvidenceType,
    #[error("데이터를 저장하지 못했습니다: {0}")]
    Sqlite(rusqlite::Error),
    #[error("데이터베이스 구조를 올리지 못했습니다: {0}")]
    Migration(String),
    #[error("디스크 공간이 부족해 저장하지 못했습니다. 마지막으로 저장된 내용은 그대로 있습니다. 필요 없는 파일을 지우고 다시 저장해 주세요.")]
    DiskFull,
    #[error("데이터 폴더가 읽기 전용이라 저장하지 못했습니다. 마지막으로 저장된 내용은 그대로 있습니다. 폴더의 쓰기 권한이나 USB 잠금을 확인해 주세요.")]
    ReadOnly,
    #[error("파일을 쓸 수 없습니다({path}). 다른 폴더나 이름을 골라 주세요.")]
    Output { path: PathBuf },
    #[error("데이터 폴더를 쓸 수 없습니다: {0}")]
    Io(std::io::Error),
    #[error("{}", .0.message(claim_core::Lang::Ko))]
    Definition(claim_core::definition::DefinitionError),
    #[error("'{id}'은(는) 이미 앱에 있거나 서명이 확인된 장애입니다. 서명이 확인되지 않은 파일로는 바꿀 수 없습니다. 소상공인연합회가 서명한 파일을 받아 주세요.")]
    IncidentUnverifiedReplace { id: String },
    #[error("'{id}'은(는) 앱에 포함된 장애입니다. 앱에 들어 있는 소상공인연합회 키로 서명된 파일만 이것을 바꿀 수 있습니다. 직접 추가한 키로 서명된 파일로는 바꿀 수 없습니다.")]
    IncidentBuiltInReplace { id: String },
    #[error("공개 키가 아닙니다. 32바이트 Ed25519 공개 키를 base64로 적은 한 줄이어야 합니다.")]
    KeyInvalid,
    #[error("키의 이름(누구의 키인지)을 적어 주세요.")]
    KeyNameMissing,
    #[error("'{name}'은(는) 앱에 들어 있는 소상공인연합회 키의 이름이라 다른 키에 붙일 수 없습니다. 누구의 키인지 다른 이름으로 적어 주세요.")]
    KeyNameReserved { name: String },
    #[error("ClaimDesk가 다른 창에서 이 데이터를 쓰고 있어 백업을 되돌리지 않았습니다. 다른 ClaimDesk 창을 모두 닫고 다시 해 주세요. 지금 데이터는 그대로입니다.")]
    InUse,
    #[error("이 접수증은 연합회가 돌려보내기 전에 낸 청구서의 것이라 다시 제출함으로 표시하지 않았습니다. 돌려받은 이유를 보고 고친 청구서를 다시 내 주세요.")]
    ReceiptBeforeReturn,
    #[error("키의 이름은 60자까지 적을 수 있습니다. 누구의 키인지 짧게 적어 주세요.")]
    KeyNameTooLong,
    #[error("보관 기간은 1일부터 3,650일 사이여야 합니다.")]
    RetentionInvalid,
    /// SQLite ran out of the memory it may have ([`crate::database::SQLITE_HEAP_LIMIT`])
    /// reading a file: a stranger's file built to take it all.
    #[error("이 파일은 너무 크거나 복잡해서 읽지 않았습니다({path}). ClaimDesk가 만든 백업이 맞는지 확인해 주세요. 지금 데이터는 그대로입니다.")]
    TooComplex { path: PathBuf },
}

/// A move the claim's life refuses (claim-core's one table), in the
/// store's words.
impl From<claim_core::status::Refusal> for StoreError {
    fn from(refusal: claim_core::status::Refusal) -> StoreError {
        use claim_core::status::Refusal;
        match refusal {
            Refusal::Closed(status) => StoreError::Closed {
                status: status.code(),
            },
            Refusal::Transition { from, to } => StoreError::Transition {
                from: from.code(),
                to: to.code(),
            },
            Refusal::ReceiptBeforeReturn => StoreError::ReceiptBeforeReturn,
        }
    }
}

impl Failure for StoreError {
    /// The owner's sentence in `lang` (Korean is the `Display` text).
    fn message(&self, lang: claim_core::Lang) -> String {
        match (self, lang) {
            (StoreError::Definition(error), _) => error.message(lang),
            (other, claim_core::Lang::Ko) => other.to_string(),
            (other, claim_core::Lang::En) => english(other),
        }
    }

    /// The stable code the UI and the command line show with the message.
    fn code(&self) -> FailureCode {
        match self {
            StoreError::NotADatabase { .. } => FailureCode::StoreNotADatabase,
            StoreError::NewerSchema { .. } => FailureCode::StoreNewerSchema,
            StoreError::Corrupt { .. } => FailureCode::StoreCorrupt,
            StoreError::CannotOpen { .. } => FailureCode::StoreCannotOpen,
            StoreError::ClaimNotFound => FailureCode::ClaimNotFound,
            StoreError::Document(_) => FailureCode::Document,
            StoreError::Transition { .. } => FailureCode::StatusTransition,
            StoreError::Closed { .. } => FailureCode::ClaimClosed,
            StoreError::EvidenceTooLarge { .. } => FailureCode::EvidenceTooLarge,
            StoreError::EvidenceType => FailureCode::EvidenceType,
            StoreError::EvidenceNotFound => FailureCode::EvidenceNotFound,
            StoreError::Sqlite(_) => FailureCode::StoreSqlite,
            StoreError::Migration(_) => FailureCode::StoreMigration,
            StoreError::DiskFull => FailureCode::StoreDiskFull,
            StoreError::ReadOnly => FailureCode::StoreReadOnly,
            StoreError::Output { .. } => FailureCode::FileWrite,
            StoreError::Io(_) => FailureCode::StoreIo,
            StoreError::Definition(_) => FailureCode::IncidentDefinition,
            StoreError::IncidentUnverifiedReplace { .. } => FailureCode::IncidentUnverifiedReplace,
            StoreError::IncidentBuiltInReplace { .. } => FailureCode::IncidentBuiltInReplace,
            StoreError::KeyInvalid => FailureCode::KeyInvalid,
            StoreError::KeyNameMissing => FailureCode::KeyNameMissing,
            StoreError::KeyNameReserved { .. } => FailureCode::KeyNameReserved,
            StoreError::KeyNameTooLong => FailureCode::KeyNameTooLong,
            StoreError::ReceiptBeforeReturn => FailureCode::ReceiptBeforeReturn,
            StoreError::InUse => FailureCode::StoreInUse,
            StoreError::RetentionInvalid => FailureCode::RetentionInvalid,
            StoreError::TooComplex { .. } => FailureCode::FileTooComplex,
        }
    }
}

fn english(error: &StoreError) -> String {
    match error {
        StoreError::NotADatabase { path } => format!("The data file is not a ClaimDesk database ({}). It was not overwritten. Restore a recent backup.", path.display()),
        StoreError::NewerSchema { found, supported } => format!("The data file was made by a newer ClaimDesk (schema {found}; this program knows {supported}). It was left as it is. Update ClaimDesk."),
        StoreError::Corrupt { path } => format!("The data file is damaged ({}). It was not overwritten. Restore a recent backup.", path.display()),
        StoreError::CannotOpen { path } => format!("The data file cannot be opened ({}). Check that the folder exists and can be written.", path.display()),
        StoreError::ClaimNotFound => "The claim cannot be found.".to_owned(),
        StoreError::Document(reason) => format!("Not a claim file: {reason}"),
        StoreError::Transition { from, to } => format!("A claim that is '{from}' cannot become '{to}'."),
        StoreError::Closed { status } => format!("A claim that is '{status}' cannot be changed. Duplicate it to make a new one if it must change."),
        StoreError::EvidenceTooLarge { megabytes } => format!("The evidence file is too large ({megabytes} MB). One file may be up to 20 MB: make photos smaller or split PDFs."),
        StoreError::EvidenceNotFound => "The evidence file cannot be found.".to_owned(),
        StoreError::EvidenceType => "This file cannot be evidence. Only photos (PNG, JPEG), PDF, Excel (XLSX) and CSV files can.".to_owned(),
        StoreError::Sqlite(error) => format!("The data could not be saved: {error}"),
        StoreError::Migration(reason) => format!("The database could not be upgraded: {reason}"),
        StoreError::DiskFull => "The disk is full, so nothing was saved. What was saved last is still there. Free some space and save again.".to_owned(),
        StoreError::ReadOnly => "The data folder is read-only, so nothing was saved. What was saved last is still there. Check the folder's permissions or the USB lock.".to_owned(),
        StoreError::Output { path } => format!("The file cannot be written ({}). Choose another folder or name.", path.display()),
        StoreError::Io(error) => format!("The data folder cannot be written: {error}"),
        StoreError::Definition(error) => error.message(claim_core::Lang::En),
        StoreError::IncidentUnverifiedReplace { id } => format!("'{id}' is built in or verified: an unverified file cannot replace it. Get the file signed by the association."),
        StoreError::IncidentBuiltInReplace { id } => format!("'{id}' is built into the app: only a file signed with the association's key shipped with the app can replace it, not one signed with a key the owner added."),
        StoreError::KeyInvalid => "Not a public key: it must be one line, a 32-byte Ed25519 public key in base64.".to_owned(),
        StoreError::KeyNameMissing => "Write whose key it is.".to_owned(),
        StoreError::InUse => "Another ClaimDesk window is using this data, so the backup was not restored. Close every other ClaimDesk window and try again; the data is as it was.".to_owned(),
        StoreError::ReceiptBeforeReturn => "This receipt is for the claim as handed in before the association returned it, so the claim was not marked submitted again. Read why it was returned, correct it and hand it in again.".to_owned(),
        StoreError::KeyNameTooLong => "A key's name may have up to 60 characters; write whose key it is, briefly.".to_owned(),
        StoreError::KeyNameReserved { name } => format!("'{name}' is the name of the association's key shipped with the app; give this key another name."),
        StoreError::RetentionInvalid => "The retention time must be 1 to 3,650 days.".to_owned(),
        StoreError::TooComplex { path } => format!("This file is too large or complex to read ({}). Check that it is a backup ClaimDesk made. The current data is as it was.", path.display()),
    }
}

/// SQLite's own word that the file is damaged becomes `Corrupt`, whose
/// message sends the owner to a backup, wherever it is found (not only when
/// the file is opened: damage can sit in a page read much later).
impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Corrupt {
                    path: PathBuf::from(crate::DATABASE_FILE),
                }
            }
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly,
            _ => StoreError::Sqlite(error),
        }
    }
}

/// A full disk or a read-only folder reads the same whether SQLite or a plain
/// file write ran into it.
impl From<std::io::Error> for StoreError {
    fn from(error: std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                StoreError::DiskFull
            }
            std::io::ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly,
            _ => StoreError::Io(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_store_failure_reads_in_english_too() {
        let path = PathBuf::from("/data/claimdesk.sqlite3");
        let all = [
            StoreError::NotADatabase { path: path.clone() },
            StoreError::NewerSchema {
                found: 9,
                supported: 5,
            },
            StoreError::Corrupt { path: path.clone() },
            StoreError::CannotOpen { path: path.clone() },
            StoreError::ClaimNotFound,
            StoreError::Document("x".into()),
            StoreError::Transition {
                from: "draft",
                to: "settled",
            },
            StoreError::Closed {
                status: "submitted",
            },
            StoreError::EvidenceTooLarge { megabytes: 21 },
            StoreError::EvidenceNotFound,
            StoreError::EvidenceType,
            StoreError::Migration("x".into()),
            StoreError::DiskFull,
            StoreError::ReadOnly,
            StoreError::Output { path },
            StoreError::Io(std::io::Error::other("x")),
            StoreError::IncidentUnverifiedReplace {
                id: "kakao-2022-10".into(),
            },
            StoreError::IncidentBuiltInReplace {
                id: "kakao-2022-10".into(),
            },
            StoreError::KeyInvalid,
            StoreError::KeyNameMissing,
            StoreError::KeyNameTooLong,
            StoreError::ReceiptBeforeReturn,
            StoreError::InUse,
            StoreError::KeyNameReserved {
                name: "KFME".into(),
            },
            StoreError::RetentionInvalid,
        ];
        let hangul = |text: &str| text.chars().any(|c| ('가'..='힣').contains(&c));
        for error in &all {
            let english = error.message(claim_core::Lang::En);
            assert!(!hangul(&english), "{english}");
            assert!(hangul(&error.message(claim_core::Lang::Ko)), "{error:?}");
            assert_ne!(english, error.message(claim_core::Lang::Ko));
        }
    }
}
