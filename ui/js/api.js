// The only module that knows the names of the Rust commands. Every call
// resolves with the command's result or rejects with {code, message}, the
// message in the window's language (sent as a header with every call).
import { locale } from "./i18n.js";

const { invoke } = window.__TAURI__.core;

async function call(command, payload) {
  try {
    return await invoke(command, payload, { headers: { "x-claimdesk-lang": locale() } });
  } catch (error) {
    if (error && typeof error === "object" && "code" in error && "message" in error) {
      throw error;
    }
    // A failure outside our commands (e.g. a missing permission).
    throw { code: "E_INTERNAL", message: String(error) };
  }
}

/** Feedback on a business registration number as typed so far. */
export function checkRegistrationNumber(text, lang) {
  return call("check_registration_number", { text, lang });
}

/** Tells the app the first screen is painted (it logs the start-up time). */
export function windowReady() {
  return call("window_ready", {});
}

// --- The store -----------------------------------------------------------

/** {ready, error: {code, message} | null, data_dir, latest_backup}. */
export function storeStatus() {
  return call("store_status", {});
}

/** Claim-list rows. filter: {status, incident, business_id, text, order: "newest" | "deadline"}, all optional. */
export function listClaims(filter = {}) {
  return call("claims_list", filter);
}

/** {summary, document, evidence, audit} of one claim. */
export function getClaim(id) {
  return call("claim_get", { id });
}

/** Saves a claim document (new if it has no stored id); durable once resolved. */
export function saveClaim(document) {
  return call("claim_save", { document });
}

/** Erases the claim's customer names and phones now; true if there were any. */
export function eraseCustomers(id) {
  return call("claim_erase_customers", { id });
}

// --- Incidents and personal data -------------------------------------------

/** Every incident (imported first): {id, title_ko, title_en, verification, source, filing_deadline, deadlines, …}. */
export function listIncidents() {
  return call("incidents_list", {});
}

/** Imports the incident definition file at `path`: {incident, replaced, claims_updated}. */
export function importIncident(path, lang) {
  return call("incident_import", { path, lang });
}

/** The signing keys trusted: [{name, public_key, fingerprint, shipped}]. */
export function listKeys() {
  return call("keys_list", {});
}

/** Trusts another signing key (base64 public key), named for the owner. */
export function trustKey(publicKey, name) {
  return call("key_trust", { public_key: publicKey, name });
}

/** {days}: how long customer details are kept after a claim is settled or withdrawn. */
export function retention() {
  return call("retention_get", {});
}

export function setRetention(days) {
  return call("retention_set", { days });
}

/** {title, paragraphs}: the notice for customers whose details are written down. */
export function customerNotice(lang) {
  return call("customer_notice", { lang });
}

/** Writes the customer notice as a printable PDF at `path`; resolves with the path. */
export function makeNoticePdf(path, lang) {
  return call("customer_notice_pdf", { path, lang });
}

/** Moves a claim to draft | ready | exported | submitted | settled | withdrawn. */
export function setClaimStatus(id, status) {
  return call("claim_set_status", { id, status });
}

export function duplicateClaim(id) {
  return call("claim_duplicate", { id });
}

export function deleteClaim(id) {
  return call("claim_delete", { id });
}

/** Stores a claimdesk.claim/1 file the owner picked (absolute path). */
export function importClaim(path) {
  return call("claim_import", { path });
}

/** Writes the owner's copy of a claim as JSON; resolves {number, sha256}. */
export function exportClaim(id, path) {
  return call("claim_export", { id, path });
}

/** Imports an evidence file (absolute path) into the store for a claim. */
export function addEvidence(claimId, kind, path) {
  return call("evidence_add", { claim_id: claimId, kind, path });
}

/** Detaches the file `sha256` attached as `kind` from a claim. */
export function removeEvidence(claimId, kind, sha256) {
  return call("evidence_remove", { claim_id: claimId, kind, sha256 });
}

/** What a sales file (absolute path) gives, applying nothing:
 *  {days: [{date, amount, on_grid}], rejected: [{row, reason}], columns, on_grid}.
 *  columns: {date, amount} (headings or letters) when the owner named them;
 *  with the claim being edited, `on_grid` says which days its grid has. */
export function previewSales(path, lang, columns = null, document = null) {
  return call("sales_preview", {
    path,
    lang,
    ...(columns ? { date_column: columns.date, amount_column: columns.amount } : {}),
    ...(document ? { document } : {}),
  });
}

/**
 * Puts a sales file's days ([{date, amount}]) into the claim being edited,
 * on the dates its comparison uses: {document, put, left_out}.
 */
export function putSales(document, days) {
  return call("sales_put", { document, days });
}

/** Puts what a grid cell holds now into the claim, read as a pasted cell: {document, put, left_out}. */
export function typeSale(document, date, text) {
  return call("sales_type", { document, date, text });
}

/** Reads cells pasted on the grid day `start` into the claim: {document, put, left_out}. */
export function pasteSales(document, start, text) {
  return call("sales_paste", { document, start, text });
}

export function listBusinesses() {
  return call("business_list", {});
}

/** Saves a business profile (the claim's `business` object, with `id` once stored). */
export function saveBusiness(business) {
  return call("business_save", { business });
}

/** "Back up now" into one file at an absolute path. */
export function backupNow(path) {
  return call("backup_now", { path });
}

/** Replaces all data with a backup file; resolves {claims}. */
export function restoreBackup(path) {
  return call("backup_restore", { path });
}

/** Makes a stored claim's PDF at an absolute path; resolves {path, pages, sha256}.
 *  options: {lang, draft, include_customer_details}. */
export function makeClaimPdf(id, path, options = {}) {
  return call("claim_pdf", { id, path, ...options });
}

/** One bundle of the chosen stored claims for the association, at an
 *  absolute path; resolves {path, claims, drafts, sha256}.
 *  options: {include_customer_details, lang}. */
export function makeBundle(ids, path, options = {}) {
  return call("claims_bundle", { ids, path, ...options });
}

/** Stores the claim attached to a ClaimDesk PDF (absolute path). */
export function importClaimPdf(path) {
  return call("claim_import_pdf", { path });
}

/** The live assessment of a claim being typed (saved or not):
 *  {report, methods, sales_dates, method}. */
export function assessClaim(document, lang) {
  return call("claim_assess", { document, lang });
}

/** Presets and vocabularies with labels in `lang`. */
export function referenceData(lang) {
  return call("reference_data", { lang });
}

/** The problems of a business profile form: [{field, code, message}], in form order. */
export function checkBusiness(business, lang) {
  return call("check_business", { business, lang });
}

/** Opens a PDF this window made in the system's viewer. */
export function openPdf(path) {
  return call("claim_pdf_open", { path });
}

// --- The system's dialogs ------------------------------------------------
// Looked up at each call (not at import), so the end-to-end test can stand
// in for the native dialog, which WebDriver cannot reach.

/** The file the owner picks, or null if they cancel. */
export async function chooseFile(title, filters) {
  try {
    return await window.__TAURI__.dialog.open({ title, filters, multiple: false, directory: false });
  } catch (error) {
    throw { code: "E_DIALOG", message: String(error) };
  }
}

/** The path the owner saves to, or null if they cancel. */
export async function chooseSavePath(title, defaultPath, filters) {
  try {
    return await window.__TAURI__.dialog.save({ title, defaultPath, filters });
  } catch (error) {
    throw { code: "E_DIALOG", message: String(error) };
  }
}

// --- Association mode ----------------------------------------------------

/** Takes in bundles, claim PDFs and JSON files (absolute paths); resolves
 *  when done with {count: {received, already, superseded}, files, problems}. */
export function assocTakeIn(paths, lang) {
  return call("assoc_take_in", { paths, lang });
}

/** {files_done, files, claims} of the intake under way, or null. */
export function assocProgress() {
  return call("assoc_progress", {});
}

/** Cancels the intake under way (nothing of it is kept). */
export function assocCancel() {
  return call("assoc_cancel", {});
}

export function assocList(all, lang) {
  return call("assoc_list", { all, lang });
}

/** {claim, replaced: [{claim, differences}], held: [{field, label, before, after}]}. */
export function assocClaim(id) {
  return call("assoc_claim", { id });
}

/** status: received | checked | forwarded | returned (a return needs `note`, its reason). */
export function assocReview(id, status, note) {
  return call("assoc_review", note === undefined ? { id, status } : { id, status, note });
}

/** Saves a staff note without moving the review. */
/** Erases a received claim's customer names and phones now; the claim as it then is. */
export function assocEraseCustomers(id) {
  return call("assoc_erase_customers", { id });
}

/** Applies (apply: true) or dismisses a held change of bank account,
 *  representative or phone; the claim as it then is. */
export function assocDecideHeld(id, apply) {
  return call("assoc_decide_held", { id, apply });
}

export function assocNote(id, note) {
  return call("assoc_note", { id, note });
}

export function assocStats(lang) {
  return call("assoc_stats", { lang });
}

/** Writes the table as "csv" or "xlsx" at an absolute path. */
export function assocExport(path, format, lang) {
  return call("assoc_export", { path, format, lang });
}

/** The files the staff pick (several at once), or null if they cancel. */
export async function chooseFiles(title, filters) {
  try {
    const picked = await window.__TAURI__.dialog.open({ title, filters, multiple: true, directory: false });
    return picked === null ? null : [].concat(picked);
  } catch (error) {
    throw { code: "E_DIALOG", message: String(error) };
  }
}
