//! What the window sends to a command, checked before any work is done.
//!
//! Commands take the raw IPC body and read it here, so that a payload of the
//! wrong shape gets the same `{code, message}` error as everything else the
//! UI shows, instead of a framework string. Pure serde: tested without Tauri.

use super::error::{CommandError, WindowError};
use claim_core::{ClaimId, Lang};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Reads a JSON payload into `T`; unknown fields, missing fields and wrong
/// types are all `E_PAYLOAD`. The message never echoes the payload.
pub fn read<T: DeserializeOwned>(body: &serde_json::Value) -> Result<T, CommandError> {
    T::deserialize(body).map_err(|_| malformed())
}

/// The error for a request that is not what the command takes.
pub fn malformed() -> CommandError {
    WindowError::Payload.into()
}

/// Reads a raw (non-JSON) body: always refused, as no command takes bytes.
pub fn refuse_raw() -> CommandError {
    WindowError::RawBody.into()
}

/// `check_registration_number` payload: what the owner has typed so far.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RegistrationNumberRequest {
    pub text: BoundedText,
    #[serde(default)]
    pub lang: UiLang,
}

/// A payload of nothing (`{}`).
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// `window_ready` payload: when the page's milestones fell, on its own clock
/// (`performance.timeOrigin` is the wall-clock time in ms its navigation
/// started; the others are ms after that). Only logged, to split the start-up
/// time between the app, WebKit and the page; any of them may be missing.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageTimings {
    // serde reads a missing `Option` field as None.
    pub time_origin: Option<f64>,
    pub html_parsed: Option<f64>,
    pub scripts_ran: Option<f64>,
    pub painted: Option<f64>,
}

/// The page's milestones as ms after the app started.
#[derive(Debug, PartialEq, Eq)]
pub struct StartMilestones {
    pub page_loading: u64,
    pub html_parsed: u64,
    pub scripts_ran: u64,
    pub painted: u64,
}

impl PageTimings {
    /// The milestones after the app's start (`started_epoch_ms`, wall clock),
    /// or None when the page's numbers are missing or make no sense: not
    /// finite, before the app started, out of order, or over a minute (the
    /// page's clock is hers to report, so it is checked, not trusted).
    pub fn after_start(&self, started_epoch_ms: f64) -> Option<StartMilestones> {
        const MINUTE_MS: f64 = 60_000.0;
        let origin = self.time_origin? - started_epoch_ms;
        let steps = [
            origin,
            origin + self.html_parsed?,
            origin + self.scripts_ran?,
            origin + self.painted?,
        ];
        // A few ms of slack below zero: the two clocks are read apart.
        let sane = steps
            .iter()
            .all(|ms| ms.is_finite() && (-5.0..=MINUTE_MS).contains(ms))
            && steps.windows(2).all(|pair| pair[0] <= pair[1]);
        if !sane {
            return None;
        }
        // In range and finite, so the casts neither wrap nor saturate.
        let ms = |value: f64| value.max(0.0).round() as u64;
        Some(StartMilestones {
            page_loading: ms(steps[0]),
            html_parsed: ms(steps[1]),
            scripts_ran: ms(steps[2]),
            painted: ms(steps[3]),
        })
    }
}

/// A form field's text, at most 200 characters (a registration number is 12).
#[derive(Debug, PartialEq, Eq)]
pub struct BoundedText(pub String);

impl<'de> Deserialize<'de> for BoundedText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.chars().count() > 200 {
            return Err(serde::de::Error::custom("text longer than 200 characters"));
        }
        Ok(BoundedText(text))
    }
}

/// `"ko"` or `"en"`; Korean when absent.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct UiLang(pub Lang);

impl<'de> Deserialize<'de> for UiLang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(deserializer)?;
        Lang::parse(&tag)
            .map(UiLang)
            .ok_or_else(|| serde::de::Error::custom("unknown language"))
    }
}

/// A stored claim's, profile's or received claim's id as the page sends
/// it. A UUID in any spelling is read as `ClaimId` (the store's lowercase
/// form, so an uppercase id finds its claim). Other text of a sensible
/// length names no claim: the store or desk answers "not found" with its
/// own code, as the command line does, rather than `E_PAYLOAD`.
#[derive(Debug, PartialEq, Eq)]
pub struct Id {
    text: String,
    id: Option<ClaimId>,
}

/// The longest text taken as an id that is not one (a UUID is 36).
const MAX_ID_TEXT: usize = 100;

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.chars().count() > MAX_ID_TEXT {
            return Err(serde::de::Error::custom("an id too long"));
        }
        Ok(match ClaimId::parse(&text) {
            Some(id) => Id {
                text: id.as_str().to_owned(),
                id: Some(id),
            },
            None => Id { text, id: None },
        })
    }
}

impl Id {
    /// The id as the store spells it (or the text, which matches nothing).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The claim id, or the store's "no such claim" for text that is none.
    pub fn claim_id(&self) -> Result<ClaimId, crate::app::AppError> {
        self.id.clone().ok_or(crate::app::AppError::Store(
            claim_store::StoreError::ClaimNotFound,
        ))
    }
}

/// A file the owner chose in a dialog Rust opened (`choose`): the token it
/// gave, never a path (see `chosen`).
#[derive(Debug, PartialEq, Eq)]
pub struct ChosenFile(pub String);

impl<'de> Deserialize<'de> for ChosenFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if uuid::Uuid::parse_str(&text).is_err() {
            return Err(serde::de::Error::custom("not a token from choose"));
        }
        Ok(ChosenFile(text))
    }
}

/// A PDF this window made, by the path it answered with (opened only if it
/// is one of them).
#[derive(Debug, PartialEq, Eq)]
pub struct MadePath(pub std::path::PathBuf);

impl<'de> Deserialize<'de> for MadePath {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let path = std::path::PathBuf::from(String::deserialize(deserializer)?);
        if !path.is_absolute() {
            return Err(serde::de::Error::custom("not an absolute path"));
        }
        Ok(MadePath(path))
    }
}

/// `claim_pdf_open`: a PDF the window made.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MadePdfRequest {
    pub path: MadePath,
}

/// `choose`: which dialog, its title, the name a save suggests, and the
/// language of its file types.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ChooseRequest {
    pub purpose: super::chosen::Purpose,
    #[serde(default)]
    pub title: Option<BoundedText>,
    #[serde(default)]
    pub suggested_name: Option<FileName>,
    #[serde(default)]
    pub lang: UiLang,
}

/// A file name alone (no folder), to suggest in a save dialog: at most 200
/// characters, no separator, no control character, not `.` or `..`.
#[derive(Debug, PartialEq, Eq)]
pub struct FileName(pub String);

impl<'de> Deserialize<'de> for FileName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let BoundedText(text) = BoundedText::deserialize(deserializer)?;
        let bad = text.is_empty()
            || text == "."
            || text == ".."
            || text
                .chars()
                .any(|c| matches!(c, '/' | '\\') || c.is_control());
        if bad {
            return Err(serde::de::Error::custom("not a file name"));
        }
        Ok(FileName(text))
    }
}

/// A claim-list filter; every part optional.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ClaimListRequest {
    pub status: Option<String>,
    pub incident: Option<BoundedText>,
    pub business_id: Option<Id>,
    pub text: Option<BoundedText>,
    /// `newest` (the default) or `deadline`.
    pub order: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IdRequest {
    pub id: Id,
}

/// A whole `claimdesk.claim/1` document (the rules engine checks it).
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocumentRequest {
    pub document: serde_json::Value,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StatusRequest {
    pub id: Id,
    pub status: String,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileRequest {
    pub file: ChosenFile,
}

/// `claims_bundle`: the claims to send, and where the bundle goes.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BundleRequest {
    pub ids: Vec<Id>,
    pub file: ChosenFile,
    #[serde(default)]
    pub include_customer_details: bool,
    #[serde(default)]
    pub lang: UiLang,
}

/// `claims_submit`: the claims to send online, and the owner's choices.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    pub ids: Vec<Id>,
    #[serde(default)]
    pub include_customer_details: bool,
    #[serde(default)]
    pub to_unverified: bool,
    #[serde(default)]
    pub lang: UiLang,
}

/// `assoc_take_in`: files the staff picked (bundles, PDFs, JSON).
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FilesRequest {
    pub files: Vec<ChosenFile>,
    #[serde(default)]
    pub lang: UiLang,
}

/// `assoc_review`: a received claim's new review status and note.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AssocReviewRequest {
    pub id: Id,
    pub status: String,
    #[serde(default)]
    pub note: Option<BoundedNote>,
    /// The claim's `review_version` as the staff saw it: a move on an
    /// outdated copy is refused (E_ASSOC_STALE).
    #[serde(default)]
    pub seen: Option<i64>,
}

/// `assoc_decide_held`: apply a held change (`true`) or dismiss it.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AssocHeldRequest {
    pub id: Id,
    pub apply: bool,
}

/// `assoc_note`: a staff note on a received claim.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AssocNoteRequest {
    pub id: Id,
    pub note: BoundedNote,
}

/// `assoc_export`: the table as `csv` or `xlsx` in a file the staff chose.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AssocExportRequest {
    pub file: ChosenFile,
    pub format: String,
    #[serde(default)]
    pub lang: UiLang,
}

/// `assoc_table`: one page of the staff's work table.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AssocTableRequest {
    #[serde(default)]
    pub text: Option<BoundedText>,
    /// A review status code.
    #[serde(default)]
    pub review: Option<String>,
    #[serde(default)]
    pub errors: Option<bool>,
    #[serde(default)]
    pub missing_documents: Option<bool>,
    #[serde(default)]
    pub region: Option<BoundedText>,
    #[serde(default)]
    pub industry: Option<BoundedText>,
    #[serde(default)]
    pub service: Option<BoundedText>,
    #[serde(default)]
    pub claimed_at_least: Option<i64>,
    #[serde(default)]
    pub claimed_at_most: Option<i64>,
    #[serde(default)]
    pub all: bool,
    /// `received`, `claimed`, `name`, `number` or `review`.
    #[serde(default)]
    pub sort: Option<String>,
    #[serde(default)]
    pub descending: bool,
    #[serde(default)]
    pub offset: u64,
    #[serde(default)]
    pub limit: u32,
    #[serde(default)]
    pub lang: UiLang,
}

/// `assoc_claim`: a received claim, in the staff's language.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AssocClaimRequest {
    pub id: Id,
    #[serde(default)]
    pub lang: UiLang,
}

/// `assoc_receipt`: the receipt of a received claim, its PDF saved where
/// the staff chose (the signed file beside it).
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AssocReceiptRequest {
    pub id: Id,
    pub file: ChosenFile,
}

/// `assoc_answers`: the answers of every claim, or of one business.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AssocAnswersRequest {
    pub file: ChosenFile,
    /// A registration number (hyphens or not).
    #[serde(default)]
    pub shop: Option<BoundedText>,
}

/// A staff note: at most 2,000 characters.
#[derive(Debug, PartialEq, Eq)]
pub struct BoundedNote(pub String);

impl<'de> Deserialize<'de> for BoundedNote {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.chars().count() > 2_000 {
            return Err(serde::de::Error::custom(
                "note longer than 2,000 characters",
            ));
        }
        Ok(BoundedNote(text))
    }
}

/// `sales_preview`: a sales file, and the columns if the owner named them.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SalesPreviewRequest {
    pub file: ChosenFile,
    /// The claim being edited: the preview marks the days its grid has.
    #[serde(default)]
    pub document: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub date_column: Option<BoundedText>,
    #[serde(default)]
    pub amount_column: Option<BoundedText>,
    #[serde(default)]
    pub lang: UiLang,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    pub id: Id,
    pub file: ChosenFile,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRequest {
    pub claim_id: Id,
    /// A spec §2 evidence kind code.
    pub kind: String,
    pub file: ChosenFile,
}

/// An evidence file's SHA-256, as the store names it (64 lowercase hex).
#[derive(Debug, PartialEq, Eq)]
pub struct Sha256Hex(pub String);

impl<'de> Deserialize<'de> for Sha256Hex {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.len() != 64 || !text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(serde::de::Error::custom("not a SHA-256"));
        }
        Ok(Sha256Hex(text))
    }
}

/// `evidence_remove`: which attached file to detach from which claim.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRemoveRequest {
    pub claim_id: Id,
    /// A spec §2 evidence kind code.
    pub kind: String,
    pub sha256: Sha256Hex,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BusinessRequest {
    pub business: serde_json::Value,
}

/// `claim_pdf` payload: which claim, where to write, in which language,
/// whether as a draft, and whether customer details are shown (the owner's
/// opt-in).
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PdfRequest {
    pub id: Id,
    pub file: ChosenFile,
    #[serde(default)]
    pub lang: UiLang,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub include_customer_details: bool,
}

/// `claim_assess` payload: the claim being typed, and the message language.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AssessRequest {
    pub document: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub lang: UiLang,
}

/// A request that only names a language.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LangRequest {
    #[serde(default)]
    pub lang: UiLang,
}

/// `incident_offer_accept` payload: the offered definition the owner said
/// yes to, by its incident id and the SHA-256 of the file she was shown.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OfferRequest {
    pub id: String,
    pub sha256: String,
    #[serde(default)]
    pub lang: UiLang,
}

/// `incident_import` payload: the definition file the owner chose.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IncidentImportRequest {
    pub file: ChosenFile,
    #[serde(default)]
    pub lang: UiLang,
}

/// `key_trust` payload: a signing key the owner trusts, and whose it is.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TrustKeyRequest {
    pub public_key: BoundedText,
    pub name: BoundedText,
    /// `incidents`, `answers` or `both`.
    pub uses: KeyUseCode,
}

/// What a trusted key vouches for, by its code; anything else is refused.
#[derive(Debug, PartialEq, Eq)]
pub struct KeyUseCode(pub claim_store::KeyUse);

impl<'de> Deserialize<'de> for KeyUseCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        claim_store::KeyUse::from_code(&code)
            .map(KeyUseCode)
            .ok_or_else(|| serde::de::Error::custom("incidents, answers or both"))
    }
}

/// `retention_set` payload: days customer details are kept after a claim
/// is settled or withdrawn.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RetentionRequest {
    pub days: u32,
}

/// `desk_set` payload: the desk the window opens as.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeskRequest {
    pub desk: claim_store::Desk,
}

/// `customer_notice_pdf` payload: where to write the printable notice.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct NoticePdfRequest {
    pub file: ChosenFile,
    #[serde(default)]
    pub lang: UiLang,
}

/// `check_business` payload: the profile form as typed.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CheckBusinessRequest {
    pub business: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub lang: UiLang,
}

/// A day as `YYYY-MM-DD`.
#[derive(Debug, PartialEq, Eq)]
pub struct IsoDate(pub chrono::NaiveDate);

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(IsoDate)
            .map_err(|_| serde::de::Error::custom("not a date"))
    }
}

/// A day total from a sales file's preview.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DayAmount {
    pub date: IsoDate,
    pub amount: i64,
}

/// `sales_put`: the claim being edited, and the days the owner chose to
/// put in (at most a few years of days).
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SalesPutRequest {
    pub document: serde_json::Map<String, serde_json::Value>,
    pub days: BoundedList<DayAmount, 4_000>,
}

/// `sales_type`: the claim being edited, a grid day, and what its cell
/// holds now (a cell's text: at most a few hundred characters).
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SalesTypeRequest {
    pub document: serde_json::Map<String, serde_json::Value>,
    pub date: IsoDate,
    pub text: BoundedText,
}

/// `page_error`: what went wrong in the page's own code (an uncaught error
/// or an unhandled rejection): its kind and where, at most 200 characters
/// each.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageErrorRequest {
    pub kind: BoundedText,
    pub at: BoundedText,
}

/// `order_time_type`: the claim being edited, a lost order's index, and
/// what its time field holds now.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OrderTimeRequest {
    pub document: serde_json::Map<String, serde_json::Value>,
    pub index: usize,
    pub text: BoundedText,
}

/// `incident_time_type`: the claim being edited, which end of the shop's
/// own outage, and what its field holds now.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IncidentTimeRequest {
    pub document: serde_json::Map<String, serde_json::Value>,
    pub end: crate::app::orders::OutageEnd,
    pub text: BoundedText,
}

/// Text pasted into the sales grid: at most 1 MB.
#[derive(Debug, PartialEq, Eq)]
pub struct PastedText(pub String);

impl<'de> Deserialize<'de> for PastedText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.len() > claim_import::paste::MAX_PASTE_BYTES {
            return Err(serde::de::Error::custom("paste larger than 1 MB"));
        }
        Ok(PastedText(text))
    }
}

/// `sales_paste`: the claim being edited, the grid day pasted on, and the
/// text pasted.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SalesPasteRequest {
    pub document: serde_json::Map<String, serde_json::Value>,
    pub start: IsoDate,
    pub text: PastedText,
}

/// A list of at most `N` items.
#[derive(Debug, PartialEq, Eq)]
pub struct BoundedList<T, const N: usize>(pub Vec<T>);

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for BoundedList<T, N> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(deserializer)?;
        if items.len() > N {
            return Err(serde::de::Error::custom("too many items"));
        }
        Ok(BoundedList(items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn an_outage_time_names_which_end_and_nothing_else() {
        let request: IncidentTimeRequest =
            read(&json!({"document": {}, "end": "start", "text": "3월 2일 11시"})).unwrap();
        assert_eq!(request.end, crate::app::orders::OutageEnd::Start);
        for bad in [
            json!({"document": {}, "end": "middle", "text": "11시"}),
            json!({"document": {}, "end": "end", "text": "x".repeat(10_000)}),
            json!({"document": {}, "end": "end", "text": "11시", "extra": 1}),
            json!({"document": [], "end": "end", "text": "11시"}),
        ] {
            assert!(read::<IncidentTimeRequest>(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_well_formed_request() {
        let request: RegistrationNumberRequest =
            read(&json!({"text": "120-81-47521", "lang": "en"})).unwrap();
        assert_eq!(request.text.0, "120-81-47521");
        assert_eq!(request.lang.0, Lang::En);
        let request: RegistrationNumberRequest = read(&json!({"text": ""})).unwrap();
        assert_eq!(request.lang.0, Lang::Ko);
    }

    #[test]
    fn malformed_requests_are_payload_errors_that_do_not_echo_input() {
        for body in [
            json!(null),
            json!("120-81-47521"),
            json!({}),
            json!({"text": 1208147521}),
            json!({"text": "x", "lang": "ja"}),
            json!({"text": "x", "extra": "이수진 010-2222-3333"}),
            json!({"text": "1".repeat(201)}),
        ] {
            let error = read::<RegistrationNumberRequest>(&body).unwrap_err();
            assert_eq!(error.code, "E_PAYLOAD", "{body}");
            assert!(!error.message.contains("이수진") && !error.message.contains("1208147521"));
        }
        assert!(read::<Empty>(&json!({"x": 1})).is_err());
        // Not an id's type, or far too long: malformed. Text that is no
        // UUID is read, and names no claim (the store says so, E_CLAIM_NOT_FOUND).
        for body in [json!({"id": 7}), json!({"id": "x".repeat(101)}), json!({})] {
            assert_eq!(
                read::<IdRequest>(&body).unwrap_err().code,
                "E_PAYLOAD",
                "{body}"
            );
        }
        for text in ["CD-2022-000001", "'; DROP TABLE claim; --", ""] {
            let request: IdRequest = read(&json!({ "id": text })).unwrap();
            assert_eq!(request.id.as_str(), text);
            assert_eq!(
                claim_core::Failure::code(&request.id.claim_id().unwrap_err()).as_str(),
                "E_CLAIM_NOT_FOUND"
            );
        }
        for path in ["relative/file.json", "", "~/x.json", "/home/owner/.bashrc"] {
            let body = json!({"file": path});
            assert_eq!(
                read::<FileRequest>(&body).unwrap_err().code,
                "E_PAYLOAD",
                "{body}"
            );
        }
        assert!(read::<ClaimListRequest>(&json!({"sort": "name"})).is_err());
        assert!(read::<Empty>(&json!({})).is_ok());
    }

    #[test]
    fn page_timings_become_milestones_after_the_start_only_when_they_make_sense() {
        let started = 1_796_531_161_000.0;
        let timings: PageTimings = read(&json!({
            "time_origin": started + 170.4,
            "html_parsed": 12.0,
            "scripts_ran": 101.6,
            "painted": 190.0,
        }))
        .unwrap();
        assert_eq!(
            timings.after_start(started),
            Some(StartMilestones {
                page_loading: 170,
                html_parsed: 182,
                scripts_ran: 272,
                painted: 360,
            })
        );
        // An older page sends nothing: ready, without a breakdown.
        let empty: PageTimings = read(&json!({})).unwrap();
        assert_eq!(empty.after_start(started), None);
        for (name, timings) in [
            (
                "before the app started",
                json!({"time_origin": started - 1000.0, "html_parsed": 1.0, "scripts_ran": 2.0, "painted": 3.0}),
            ),
            (
                "out of order",
                json!({"time_origin": started + 100.0, "html_parsed": 50.0, "scripts_ran": 20.0, "painted": 60.0}),
            ),
            (
                "an hour later",
                json!({"time_origin": started + 3_600_000.0, "html_parsed": 1.0, "scripts_ran": 2.0, "painted": 3.0}),
            ),
            (
                "a huge painted time",
                json!({"time_origin": started, "html_parsed": 1.0, "scripts_ran": 2.0, "painted": 1e300}),
            ),
            (
                "one missing",
                json!({"time_origin": started, "html_parsed": 1.0, "painted": 3.0}),
            ),
        ] {
            let timings: PageTimings = read(&timings).unwrap();
            assert_eq!(timings.after_start(started), None, "{name}");
        }
        for body in [
            json!({"time_origin": "now"}),
            json!({"painted": 3.0, "owner": "이수진"}),
            json!(null),
        ] {
            assert_eq!(
                read::<PageTimings>(&body).unwrap_err().code,
                "E_PAYLOAD",
                "{body}"
            );
        }
    }

    #[test]
    fn store_requests_read_ids_paths_and_filters() {
        let id = "01936f2e-8a4b-7c3d-9e5f-0a1b2c3d4e5f";
        let token = "01936f2e-8a4b-7c3d-9e5f-0a1b2c3d4e60";
        let request: ExportRequest =
            read(&json!({"id": id.to_uppercase(), "file": token})).unwrap();
        assert_eq!(
            request.id.as_str(),
            id,
            "ids are compared in the store's lowercase form"
        );
        assert_eq!(request.file.0, token);
        // The page names no file: a path is not a token.
        assert!(read::<ExportRequest>(&json!({"id": id, "file": "/home/owner/.bashrc"})).is_err());
        assert!(read::<ExportRequest>(&json!({"id": id, "path": token})).is_err());
        let filter: ClaimListRequest = read(&json!({})).unwrap();
        assert_eq!(filter, ClaimListRequest::default());
        let filter: ClaimListRequest =
            read(&json!({"status": "draft", "text": "케이크", "business_id": id})).unwrap();
        assert_eq!(filter.status.as_deref(), Some("draft"));
        assert_eq!(filter.business_id.unwrap().as_str(), id);
        let sha = "ab".repeat(32);
        let remove: EvidenceRemoveRequest =
            read(&json!({"claim_id": id, "kind": "sales_proof", "sha256": sha})).unwrap();
        assert_eq!(remove.sha256.0, sha);
        for wrong in [
            "AB".repeat(32),
            "ab".repeat(31),
            format!("{}zz", "ab".repeat(31)),
        ] {
            let refused = read::<EvidenceRemoveRequest>(
                &json!({"claim_id": id, "kind": "sales_proof", "sha256": wrong}),
            );
            assert_eq!(refused.unwrap_err().code, "E_PAYLOAD");
        }
    }

    #[test]
    fn a_desk_is_owner_or_association_and_nothing_else() {
        let request: DeskRequest = read(&json!({"desk": "association"})).unwrap();
        assert_eq!(request.desk, claim_store::Desk::Association);
        let request: DeskRequest = read(&json!({"desk": "owner"})).unwrap();
        assert_eq!(request.desk, claim_store::Desk::Owner);
        for body in [
            json!({"desk": "admin"}),
            json!({"desk": "Owner"}),
            json!({}),
            json!({"desk": "owner", "x": 1}),
        ] {
            let error = read::<DeskRequest>(&body).unwrap_err();
            assert_eq!(error.code, "E_PAYLOAD", "{body}");
        }
    }

    #[test]
    fn a_dialog_is_named_by_purpose_and_suggests_a_bare_file_name() {
        let request: ChooseRequest = read(&json!({
            "purpose": "save_claim_pdf",
            "title": "PDF 저장",
            "suggested_name": "CD-2026-000001 행복케이크.pdf",
            "lang": "ko"
        }))
        .unwrap();
        assert_eq!(request.purpose, super::super::chosen::Purpose::SaveClaimPdf);
        assert_eq!(
            request.suggested_name.unwrap().0,
            "CD-2026-000001 행복케이크.pdf"
        );
        let request: ChooseRequest = read(&json!({"purpose": "assoc_intake"})).unwrap();
        assert_eq!(request.title, None);
        for body in [
            json!({"purpose": "anything"}),
            json!({"purpose": "sales_file", "path": "/etc/passwd"}),
            json!({"purpose": "save_bundle", "suggested_name": "../../.bashrc"}),
            json!({"purpose": "save_bundle", "suggested_name": "/home/owner/.bashrc"}),
            json!({"purpose": "save_bundle", "suggested_name": "..\\x.zip"}),
            json!({"purpose": "save_bundle", "suggested_name": ".."}),
            json!({"purpose": "save_bundle", "suggested_name": "a\nb.zip"}),
            json!({"purpose": "save_bundle", "suggested_name": ""}),
        ] {
            assert_eq!(
                read::<ChooseRequest>(&body).unwrap_err().code,
                "E_PAYLOAD",
                "{body}"
            );
        }
    }

    #[test]
    fn sales_requests_are_bounded() {
        let put: SalesPutRequest = read(&json!({
            "document": {"format": "claimdesk.claim/1"},
            "days": [{"date": "2022-10-15", "amount": 410000}]
        }))
        .unwrap();
        assert_eq!(put.days.0[0].date.0.to_string(), "2022-10-15");
        let too_many: Vec<Value> = (0..4_001)
            .map(|_| json!({"date": "2022-10-15", "amount": 1}))
            .collect();
        for body in [
            json!({"document": {}, "days": too_many}),
            json!({"document": {}, "days": [{"date": "2022.10.15", "amount": 1}]}),
            json!({"document": {}, "days": [{"date": "2022-10-15", "amount": 1.5}]}),
            json!({"document": {}, "start": "2022-10-15", "text": "x".repeat(1024 * 1024 + 1)}),
            json!({"document": {}, "start": "15/10/2022", "text": "1"}),
        ] {
            let refused = read::<SalesPutRequest>(&body)
                .err()
                .or_else(|| read::<SalesPasteRequest>(&body).err());
            assert!(
                read::<SalesPutRequest>(&body).is_err()
                    && read::<SalesPasteRequest>(&body).is_err(),
                "{}",
                &body.to_string()[..80.min(body.to_string().len())]
            );
            assert_eq!(refused.unwrap().code, "E_PAYLOAD");
        }
        let paste: SalesPasteRequest =
            read(&json!({"document": {}, "start": "2022-10-15", "text": "410,000\n"})).unwrap();
        assert_eq!(paste.text.0, "410,000\n");
        let typed: SalesTypeRequest =
            read(&json!({"document": {}, "date": "2022-10-15", "text": "(5,000)"})).unwrap();
        assert_eq!(typed.text.0, "(5,000)");
        for body in [
            json!({"document": {}, "date": "2022-10-15", "text": "1".repeat(201)}),
            json!({"document": {}, "date": "2022/10/15", "text": "1"}),
            json!({"document": {}, "date": "2022-10-15", "text": 1}),
        ] {
            assert_eq!(
                read::<SalesTypeRequest>(&body).unwrap_err().code,
                "E_PAYLOAD"
            );
        }
    }

    #[test]
    fn errors_serialize_as_code_and_message() {
        let value = serde_json::to_value(refuse_raw()).unwrap();
        assert_eq!(value["code"], "E_PAYLOAD");
        assert!(value["message"].is_string());
        assert_eq!(value.as_object().unwrap().len(), 2);
    }
}
