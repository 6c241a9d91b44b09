//! What can go wrong at the association's desk, in the staff's words.

use super::Review;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("the association data could not be opened or written: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the association data is from a newer ClaimDesk")]
    Schema,
    /// The association's database server does not answer (the server's
    /// store; the desktop's file is always there).
    #[error("the association's database does not answer")]
    Unavailable,
    /// The database server refused a statement: its SQLSTATE, never the
    /// values (they may be a claim's).
    #[error("the association's database refused a change ({0})")]
    Database(String),
    #[error("no received claim with that id")]
    NotFound,
    #[error("a claim cannot go from {} to {}", from.code(), to.code())]
    Transition { from: Review, to: Review },
    #[error("a returned claim needs the reason it was returned")]
    ReasonNeeded,
    /// A desk's claims are moved only into a store with none of its own.
    #[error("the store holds {claims} claims of its own")]
    HoldsOthers { claims: usize },
    /// The claim was changed since the copy the move was made on: by
    /// `actor` (none: the desk itself, an intake) at `at`.
    #[error("the claim was changed by someone else first")]
    Stale { actor: Option<String>, at: String },
    #[error("the claim has no change waiting for the staff")]
    NotHeld,
    #[error("cancelled: nothing of this intake was kept")]
    Cancelled,
    /// A receipt needs the claim's id and the business's registration number.
    #[error("the claim has no id or registration number to put on a receipt")]
    NotReceiptable,
    /// A receipt or answers file could not be signed (a field the desk holds
    /// is not one a shop would accept).
    #[error("the reply could not be signed: {0}")]
    Reply(String),
    /// association.sqlite3 is not ClaimDesk's association data (left as it is).
    #[error("association.sqlite3 is not ClaimDesk's association data")]
    Foreign,
    /// The file could not be opened: damaged, or the folder not writable.
    #[error("the association data could not be opened")]
    Unopenable,
    /// A backup of the association's data could not be made or restored
    /// (said as the shop's store says it: a file that is not a backup, a
    /// newer one, a full disk, the data in use).
    #[error(transparent)]
    Backup(claim_store::StoreError),
}

impl claim_core::Failure for DeskError {
    /// The staff's sentence (no claim content).
    fn message(&self, lang: claim_core::Lang) -> String {
        use claim_core::Lang::{En, Ko};
        let written = match (self, lang) {
            (DeskError::Cancelled, Ko) => {
                "받기를 취소했습니다. 이번에 고른 파일은 하나도 저장되지 않았습니다.".to_owned()
            }
            (DeskError::Cancelled, En) => "Cancelled: nothing of this intake was kept.".to_owned(),
            (DeskError::Stale { actor, at }, Ko) => {
                let at = crate::stats::kst_minute(at);
                let what = match actor {
                    Some(name) => format!("{name}님이 {at}에 이 청구서를 먼저 바꾸었습니다."),
                    None => format!("{at}에 이 청구서가 먼저 바뀌었습니다."),
                };
                format!("{what} 바뀐 내용을 다시 불러왔으니 확인하고 다시 하세요.")
            }
            (DeskError::Stale { actor, at }, En) => format!(
                "{} changed this claim first, at {} (Korea time). It was loaded again: check it and try again.",
                actor.as_deref().unwrap_or("Someone else"),
                crate::stats::kst_minute(at)
            ),
            (DeskError::HoldsOthers { claims }, Ko) => format!(
                "옮겨 받을 곳에 이미 다른 청구서 {claims}건이 있습니다. 연합회 번호(RX-…, RC-…)가 겹치지 않도록 빈 데이터베이스로만 옮깁니다."
            ),
            (DeskError::HoldsOthers { claims }, En) => format!(
                "The database already holds {claims} claims of its own. A desk is moved only into an empty one, so that no number (RX-…, RC-…) names two claims."
            ),
            (DeskError::ReasonNeeded, Ko) => "반려하려면 사유를 적어 주세요.".to_owned(),
            (DeskError::ReasonNeeded, En) => "Write the reason to return the claim.".to_owned(),
            (DeskError::NotHeld, Ko) => "이 청구서에는 확인을 기다리는 변경이 없습니다.".to_owned(),
            (DeskError::NotHeld, En) => "This claim has no change waiting for the staff.".to_owned(),
            (DeskError::Transition { from, to }, Ko) => {
                format!(
                    "검토 상태를 ‘{}’에서 ‘{}’(으)로 바꿀 수 없습니다.",
                    crate::stats::review_label(*from, Ko),
                    crate::stats::review_label(*to, Ko)
                )
            }
            (DeskError::Transition { from, to }, En) => {
                format!(
                    "A claim cannot go from {} to {}.",
                    crate::stats::review_label(*from, En),
                    crate::stats::review_label(*to, En)
                )
            }
            (DeskError::NotReceiptable, Ko) => "이 청구서에는 청구서 ID나 사업자등록번호가 없어 접수증을 만들 수 없습니다. 사업장에 고쳐서 다시 내 달라고 하세요.".to_owned(),
            (DeskError::NotReceiptable, En) => "This claim has no claim id or registration number, so no receipt can be made for it. Ask the shop to correct it and hand it in again.".to_owned(),
            (DeskError::Reply(_), Ko) => "접수증이나 회신 파일에 서명할 수 없습니다. 받은 청구서의 값이 올바르지 않습니다.".to_owned(),
            (DeskError::Reply(_), En) => "The receipt or answers file could not be signed: a value of the received claim is not valid.".to_owned(),
            (DeskError::NotFound, Ko) => "받은 청구서를 찾을 수 없습니다.".to_owned(),
            (DeskError::NotFound, En) => "No received claim with that id.".to_owned(),
            (DeskError::Schema, Ko) => {
                "연합회 자료가 더 새 버전의 ClaimDesk에서 만들어졌습니다.".to_owned()
            }
            (DeskError::Schema, En) => "The association data is from a newer ClaimDesk.".to_owned(),
            (DeskError::Foreign, Ko) => "연합회 자료 파일(association.sqlite3)이 ClaimDesk의 연합회 자료가 아닙니다. 파일을 그대로 두었습니다.".to_owned(),
            (DeskError::Foreign, En) => "association.sqlite3 is not ClaimDesk's association data; the file was left as it is.".to_owned(),
            (DeskError::Unopenable, Ko) => "연합회 자료 파일을 열 수 없습니다. 파일이 손상되었거나 폴더에 쓸 수 없습니다. 파일을 그대로 두었습니다.".to_owned(),
            (DeskError::Unopenable, En) => "The association data cannot be opened: the file is damaged or the folder is not writable. The file was left as it is.".to_owned(),
            (DeskError::Backup(error), lang) => error.message(lang),
            (DeskError::Unavailable, Ko) => "연합회 데이터베이스가 응답하지 않습니다. 잠시 뒤에 다시 해 주세요.".to_owned(),
            (DeskError::Unavailable, En) => "The association's database does not answer. Try again shortly.".to_owned(),
            (DeskError::Database(_), Ko) => "연합회 데이터베이스가 변경을 받아들이지 않았습니다.".to_owned(),
            (DeskError::Database(_), En) => "The association's database refused the change.".to_owned(),
            (DeskError::Sqlite(_), Ko) => "연합회 자료를 읽거나 쓸 수 없습니다.".to_owned(),
            (DeskError::Sqlite(_), En) => {
                "The association data cannot be read or written.".to_owned()
            }
        };
        // Names, statuses and files go into the sentences: their particles
        // are chosen by the word, never left as "(으)로".
        claim_core::messages::resolve_particles(&written)
    }

    fn code(&self) -> claim_core::FailureCode {
        use claim_core::FailureCode;
        match self {
            DeskError::Sqlite(_) | DeskError::Database(_) => FailureCode::AssocStore,
            DeskError::Unavailable => FailureCode::AssocUnavailable,
            DeskError::Schema => FailureCode::AssocSchema,
            DeskError::NotFound => FailureCode::AssocNotFound,
            DeskError::Transition { .. } => FailureCode::AssocTransition,
            DeskError::ReasonNeeded => FailureCode::AssocReason,
            DeskError::Stale { .. } => FailureCode::AssocStale,
            DeskError::HoldsOthers { .. } => FailureCode::AssocHoldsOthers,
            DeskError::NotHeld => FailureCode::AssocNotHeld,
            DeskError::Cancelled => FailureCode::Cancelled,
            DeskError::NotReceiptable => FailureCode::AssocReceipt,
            DeskError::Reply(_) => FailureCode::AssocReceipt,
            DeskError::Foreign => FailureCode::AssocForeign,
            DeskError::Unopenable => FailureCode::AssocStore,
            DeskError::Backup(error) => error.code(),
        }
    }
}
