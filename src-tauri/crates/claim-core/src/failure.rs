//! Failures that reach a person: every error the command line prints or the
//! window shows is a [`Failure`], a stable [`FailureCode`] and a sentence in
//! the reader's language. The codes are one registry, here, for every crate:
//! the UI and scripts may branch on a code, so a code is never reused for
//! something else, and a new failure adds its code to this list.
//!
//! These are not the claim's problems (spec §7, [`crate::codes::Code`]):
//! those are what is wrong with what an owner typed; these are why
//! something could not be done at all (a file unreadable, a disk full).

use crate::Lang;

/// An error that reaches a person. The message never holds what a claim
/// says (customer names and phones, notes): only codes, counts, dates, file
/// names and the like.
pub trait Failure: std::fmt::Debug {
    fn code(&self) -> FailureCode;
    fn message(&self, lang: Lang) -> String;
}

macro_rules! failure_codes {
    ($($variant:ident = $text:literal: $meaning:literal,)*) => {
        /// Every failure code, one per kind of failure.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FailureCode {
            $($variant,)*
        }

        impl FailureCode {
            /// The registry, in order.
            pub const ALL: &'static [FailureCode] = &[$(FailureCode::$variant,)*];

            /// The code as the UI and the command line show it (`E_STORE_DISK_FULL`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FailureCode::$variant => $text,)*
                }
            }

            /// What the code means, for whoever reads the registry.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(FailureCode::$variant => $meaning,)*
                }
            }
        }
    };
}

failure_codes! {
    // Files an owner or the staff picked.
    FileRead = "E_FILE_READ": "a file could not be opened or read",
    NotChosen = "E_NOT_CHOSEN": "a file the window names was not chosen in a dialog of this window",
    FileTooLarge = "E_FILE_TOO_LARGE": "a file is over the limit for what it is for",
    FileTooComplex = "E_FILE_TOO_COMPLEX": "reading a file took more memory or time than its reader may have (its worker process was stopped)",
    FileWrite = "E_FILE_WRITE": "a file could not be written (nothing partial is left)",
    FileInUse = "E_FILE_IN_USE": "the file to replace is held open by another program, such as a PDF viewer (the old file is kept whole)",
    FileEmpty = "E_FILE_EMPTY": "a file the association took in is empty",
    NotAClaim = "E_NOT_A_CLAIM": "a file is not a claimdesk.claim/1 document",
    ClaimTooManyEntries = "E_CLAIM_TOO_MANY_ENTRIES": "a list of the claim is longer than a claim holds",
    DataDir = "E_DATA_DIR": "no data folder could be decided",
    // The shop's store.
    StoreNotADatabase = "E_STORE_NOT_A_DATABASE": "the data file is not ClaimDesk's database",
    StoreNewerSchema = "E_STORE_NEWER_SCHEMA": "the data file is from a newer ClaimDesk",
    StoreCorrupt = "E_STORE_CORRUPT": "the data file is damaged",
    StoreCannotOpen = "E_STORE_CANNOT_OPEN": "the data file cannot be opened",
    StoreSqlite = "E_STORE_SQLITE": "the database refused a read or write",
    StoreMigration = "E_STORE_MIGRATION": "the database could not be upgraded",
    StoreDiskFull = "E_STORE_DISK_FULL": "the disk is full",
    StoreReadOnly = "E_STORE_READ_ONLY": "the data folder is read-only",
    StoreIo = "E_STORE_IO": "the data folder cannot be written",
    StoreInUse = "E_STORE_IN_USE": "a restore was refused: the store is open in another window or process",
    ClaimNotFound = "E_CLAIM_NOT_FOUND": "no stored claim has that id",
    ClaimExists = "E_CLAIM_EXISTS": "the claim is already stored (it is not replaced)",
    ClaimClosed = "E_CLAIM_CLOSED": "a submitted, settled or withdrawn claim cannot be edited",
    ClaimHasErrors = "E_CLAIM_HAS_ERRORS": "a final document was asked of a claim with errors",
    Document = "E_DOCUMENT": "a claim or profile document is not an object of the right shape",
    StatusTransition = "E_STATUS_TRANSITION": "a claim cannot move to that status",
    EvidenceTooLarge = "E_EVIDENCE_TOO_LARGE": "an evidence file is over 20 MB",
    EvidenceType = "E_EVIDENCE_TYPE": "an evidence file is not a photo, PDF, XLSX or CSV",
    EvidenceNotFound = "E_EVIDENCE_NOT_FOUND": "no such evidence file is attached",
    // Incidents and keys.
    IncidentDefinition = "E_INCIDENT_DEFINITION": "an incident definition file is refused, its field named",
    IncidentUnverifiedReplace = "E_INCIDENT_UNVERIFIED_REPLACE": "an unverified definition may not replace a built-in or verified one",
    IncidentBuiltInReplace = "E_INCIDENT_BUILT_IN_REPLACE": "only the key shipped with the app may replace a built-in incident",
    IncidentNotOffered = "E_INCIDENT_NOT_OFFERED": "no server offers a definition of this incident now",
    KeyInvalid = "E_KEY_INVALID": "not an Ed25519 public key",
    KeyNameMissing = "E_KEY_NAME_MISSING": "a trusted key needs the name of whose it is",
    KeyNameReserved = "E_KEY_NAME_RESERVED": "the shipped issuer's name belongs to its key alone",
    KeyNameTooLong = "E_KEY_NAME_TOO_LONG": "a trusted key's name is over 60 characters",
    SigningKey = "E_SIGNING_KEY": "a signing key file is not a secret key, or one could not be made",
    RetentionInvalid = "E_RETENTION_INVALID": "the retention time is outside 1 to 3,650 days",
    // Sales files.
    ImportEmpty = "E_IMPORT_EMPTY": "the sales file is empty",
    ImportTooLarge = "E_IMPORT_TOO_LARGE": "the sales file is over the limit",
    ImportEncoding = "E_IMPORT_ENCODING": "the sales file's text cannot be read",
    ImportDamaged = "E_IMPORT_DAMAGED": "the spreadsheet is damaged or cut short",
    ImportOldExcel = "E_IMPORT_OLD_EXCEL": "Excel 97-2003's XLS is not read; save as XLSX or CSV",
    ImportMalformed = "E_IMPORT_MALFORMED": "a CSV quote is never closed",
    ImportColumns = "E_IMPORT_COLUMNS": "no date and amount columns were found",
    ImportColumnUnknown = "E_IMPORT_COLUMN_UNKNOWN": "a column the owner named is not there",
    ImportNoRows = "E_IMPORT_NO_ROWS": "a heading with no rows under it",
    ImportRowsRejected = "E_IMPORT_ROWS_REJECTED": "rows could not be read, so nothing was applied",
    // Documents.
    FontMissing = "E_FONT_MISSING": "no Hangul font on the system",
    FontUnreadable = "E_FONT_UNREADABLE": "a font file cannot be read",
    FontNoHangul = "E_FONT_NO_HANGUL": "the font has no Hangul",
    NotAPdf = "E_NOT_A_PDF": "the file is not a PDF",
    PdfNoClaim = "E_PDF_NO_CLAIM": "the PDF carries no ClaimDesk claim",
    PdfClaimAltered = "E_PDF_CLAIM_ALTERED": "the claim a PDF carries is there twice, was put there (or a page changed) after ClaimDesk wrote the PDF, or is not the one the first page's QR code names",
    PdfInternal = "E_PDF_INTERNAL": "the PDF could not be made (a fault of ours)",
    PdfNotMadeHere = "E_PDF_NOT_MADE_HERE": "the window opens only PDFs it made",
    Viewer = "E_VIEWER": "the system's PDF viewer did not start",
    DocumentTime = "E_DOCUMENT_TIME": "the document's time (--at, SOURCE_DATE_EPOCH) is not a time",
    // The association.
    AssocStore = "E_ASSOC_STORE": "the association data cannot be read or written",
    AssocUnavailable = "E_ASSOC_UNAVAILABLE": "the association's database server does not answer",
    AssocSchema = "E_ASSOC_SCHEMA": "the association data is from a newer ClaimDesk",
    AssocForeign = "E_ASSOC_FOREIGN": "association.sqlite3 is not ClaimDesk's association data",
    AssocNotFound = "E_ASSOC_NOT_FOUND": "no received claim has that id",
    AssocTransition = "E_ASSOC_TRANSITION": "a received claim cannot move to that review",
    AssocStale = "E_ASSOC_STALE": "the claim was changed by someone else since it was read",
    AssocHoldsOthers = "E_ASSOC_HOLDS_OTHERS": "a desk is moved only into a store with no claims of its own",
    AssocReason = "E_ASSOC_REASON": "a returned claim needs its reason",
    AssocNotHeld = "E_ASSOC_NOT_HELD": "the claim has no held change to apply or dismiss",
    AssocReview = "E_ASSOC_REVIEW": "not one of the review statuses",
    AssocDecision = "E_ASSOC_DECISION": "a held change is applied or dismissed, nothing else",
    AssocReceipt = "E_ASSOC_RECEIPT": "no receipt can be made for a claim without its id or registration number",
    Cancelled = "E_CANCELLED": "the intake was cancelled; nothing of it was kept",
    BundleDamaged = "E_BUNDLE_DAMAGED": "a bundle is not a readable ZIP",
    BundleManifest = "E_BUNDLE_MANIFEST": "a bundle has no claimdesk.bundle/1 manifest",
    BundleClaims = "E_BUNDLE_CLAIMS": "a bundle has no claims.jsonl",
    BundleMember = "E_BUNDLE_MEMBER": "one claim of a bundle is damaged or altered",
    BundleTooLarge = "E_BUNDLE_TOO_LARGE": "a bundle holds more than a bundle may (its manifest, claims or bytes)",
    // The association's server: its door for submissions, and staff signing in.
    SubmitContentType = "E_SUBMIT_CONTENT_TYPE": "a submission is a bundle, a claim PDF or a claim JSON, and says which",
    SubmitTooLarge = "E_SUBMIT_TOO_LARGE": "a submission is larger than its kind may be",
    SubmitBusy = "E_SUBMIT_BUSY": "the server takes in as many submissions as it can at once; send again shortly",
    SubmitDisk = "E_SUBMIT_DISK": "the server could not hold a submission on its disk",
    SubmitUnreadable = "E_SUBMIT_UNREADABLE": "a submission did not arrive whole, or is not the kind it says",
    SubmitSlow = "E_SUBMIT_SLOW": "a submission did not arrive in time",
    SubmitNoAddress = "E_SUBMIT_NO_ADDRESS": "the claim's incident definition names no server to submit to",
    SubmitUnverified = "E_SUBMIT_UNVERIFIED": "the address comes from a definition nobody this app trusts signed; sent only when the owner says so",
    SubmitRefused = "E_SUBMIT_REFUSED": "the server refused the submission as a whole",
    SubmitReceiptInvalid = "E_SUBMIT_RECEIPT_INVALID": "the server's receipt is not signed by the key its definition names, or is not for this claim as it is",
    SubmitUnanswered = "E_SUBMIT_UNANSWERED": "the server did not answer; the claim waits in the outbox",
    SubmitCertificate = "E_SUBMIT_CERTIFICATE": "the server's certificate is not one this computer trusts",
    SubmitExtraCa = "E_SUBMIT_EXTRA_CA": "the added CA file cannot be read as PEM certificates",
    AskingRefused = "E_ASKING_REFUSED": "the request for answers is not signed by the key it names",
    AskingNonce = "E_ASKING_NONCE": "the request's nonce is unknown, used or too old: ask for a new one",
    AskingBusy = "E_ASKING_BUSY": "too many requests are open: try again in a few minutes",
    SignInRefused = "E_SIGN_IN_REFUSED": "the name or password is not right (or the account is disabled)",
    SignInLocked = "E_SIGN_IN_LOCKED": "too many wrong passwords: the account is locked for a while",
    SignedOut = "E_SIGNED_OUT": "no session, or it ended: sign in again",
    Csrf = "E_CSRF": "a change without its session's CSRF token",
    AdminOnly = "E_ADMIN_ONLY": "only an admin of the association's server manages staff accounts",
    StaffName = "E_STAFF_NAME": "an account's name is 1 to 64 letters, digits, '.', '-' or '_'",
    StaffPassword = "E_STAFF_PASSWORD": "an account's password is too short or too long",
    StaffRole = "E_STAFF_ROLE": "an account's role is staff or admin",
    StaffExists = "E_STAFF_EXISTS": "there is already an account of that name",
    StaffUnknown = "E_STAFF_UNKNOWN": "there is no account of that name",
    StaffSelf = "E_STAFF_SELF": "an admin cannot disable the account they are signed in with",
    // What the association sends back: receipts and answers.
    ReceiptFile = "E_RECEIPT_FILE": "a file is not a ClaimDesk receipt, or one of its fields is not valid",
    AnswersFile = "E_ANSWERS_FILE": "a file is not a ClaimDesk answers file, or one of its fields is not valid",
    SignatureUntrusted = "E_SIGNATURE_UNTRUSTED": "a receipt or answers file is signed with a key the app does not trust",
    SignatureBad = "E_SIGNATURE_BAD": "a receipt or answers file was changed after it was signed",
    ReceiptOtherClaim = "E_RECEIPT_OTHER_CLAIM": "the receipt is for a claim this computer does not hold, or for another business",
    ReceiptOtherContent = "E_RECEIPT_OTHER_CONTENT": "the receipt is for other content than the claim holds now",
    ReceiptBeforeReturn = "E_RECEIPT_BEFORE_RETURN": "the receipt is for the claim as handed in before the association returned it",
    // The window.
    Payload = "E_PAYLOAD": "the window sent a request of the wrong shape",
    Internal = "E_INTERNAL": "a fault of ours; restarting helps",
}

impl std::fmt::Display for FailureCode {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl serde::Serialize for FailureCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for FailureCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for FailureCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl FailureCode {
    /// The code named `text`, if it is one.
    pub fn parse(text: &str) -> Option<FailureCode> {
        FailureCode::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == text)
    }
}

/// A claim file that is not a claim at all reads as one failure.
impl Failure for crate::report::DocumentError {
    fn code(&self) -> FailureCode {
        match self {
            crate::report::DocumentError::TooManyEntries { .. } => FailureCode::ClaimTooManyEntries,
            _ => FailureCode::NotAClaim,
        }
    }

    fn message(&self, lang: Lang) -> String {
        crate::report::DocumentError::message(self, lang)
    }
}

impl Failure for crate::definition::DefinitionError {
    fn code(&self) -> FailureCode {
        FailureCode::IncidentDefinition
    }

    fn message(&self, lang: Lang) -> String {
        crate::definition::DefinitionError::message(self, lang)
    }
}

/// A stranger's file whose reading was stopped: its worker process ran out
/// of the memory or time it may use, or died. Nothing of it was kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooComplex;

impl Failure for TooComplex {
    fn code(&self) -> FailureCode {
        FailureCode::FileTooComplex
    }

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Ko => "이 파일은 너무 크거나 복잡해서 읽지 않았습니다. 보낸 곳에 원래 프로그램에서 다시 저장해 보내 달라고 해 주세요. 다른 파일과 이미 저장된 내용은 그대로입니다.".to_owned(),
            Lang::En => "this file is too large or complex to read, so it was not read. Ask whoever sent it to save it again from the program that made it. Other files and what is already kept are unchanged.".to_owned(),
        }
    }
}
