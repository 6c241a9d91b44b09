// The only module that knows the names of the Rust commands. Every call
// resolves with the command's result or rejects with {code, message}, the
// message in the window's language (sent as a header with every call).
import { locale } from "./i18n.js";

// In the window, Tauri's IPC. Served by the HTTP host instead (the test
// host the Chromium suite drives), the same commands as `POST /api/<name>`
// with the per-run token the host put in the URL's fragment. Served by the
// association's server (no token): the staff's session cookie, and its CSRF
// token sent back with every call.
const tauri = window.__TAURI__?.core;
const TOKEN_KEY = "claimdesk.token";
const token = tauri ? null : hostToken();
const onServer = !tauri && !token;
let csrf = "";
let signedOut = () => {};

/** The HTTP host's token: from the fragment the host's URL carries (then
 *  dropped from the address bar), or kept from it for a reload. */
function hostToken() {
  const given = new URLSearchParams(location.hash.slice(1)).get("token");
  try {
    if (given) sessionStorage.setItem(TOKEN_KEY, given);
    return given ?? sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return given;
  }
}

/** The language the HTTP host's URL asks the page to open in, if any. */
export function hostLanguage() {
  return tauri ? null : new URLSearchParams(location.hash.slice(1)).get("lang");
}

function isCommandError(error) {
  return error && typeof error === "object" && "code" in error && "message" in error;
}

async function call(command, payload) {
  if (!tauri) return fetchCall(command, payload);
  try {
    return await tauri.invoke(command, payload, { headers: { "x-claimdesk-lang": locale() } });
  } catch (error) {
    if (isCommandError(error)) throw error;
    // A failure outside our commands (e.g. a missing permission).
    throw { code: "E_INTERNAL", message: String(error) };
  }
}

async function fetchCall(command, payload) {
  let response;
  try {
    response = await fetch(`/api/${command}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-claimdesk-lang": locale(),
        ...(onServer ? { "x-claimdesk-csrf": csrf } : { "x-claimdesk-token": token ?? "" }),
      },
      body: JSON.stringify(payload),
    });
  } catch (error) {
    throw { code: "E_INTERNAL", message: String(error) };
  }
  const answer = await response.json().catch(() => undefined);
  if (response.ok) return answer;
  if (onServer && response.status === 401) signedOut(answer);
  if (isCommandError(answer)) throw answer;
  throw { code: "E_INTERNAL", message: `HTTP ${response.status}` };
}

/** On the association's server: the member of staff signed in
 *  ({name, role}), or {name: null} when no one is; null anywhere else (the
 *  window, the test host). */
export async function staffSession() {
  if (!onServer) return null;
  const response = await fetch("/v1/me", { headers: { "x-claimdesk-lang": locale() } }).catch(() => null);
  if (response?.ok) {
    const me = await response.json();
    csrf = me.csrf;
    return { name: me.name, role: me.role };
  }
  return { name: null };
}

/** Signs a member of staff in; resolves with {name, role} or rejects with
 *  {code, message} (a wrong name or password, a locked account). */
export async function signIn(name, password) {
  let response;
  try {
    response = await fetch("/v1/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json", "x-claimdesk-lang": locale() },
      body: JSON.stringify({ name, password }),
    });
  } catch (error) {
    throw { code: "E_INTERNAL", message: String(error) };
  }
  const answer = await response.json().catch(() => undefined);
  if (!response.ok) throw isCommandError(answer) ? answer : { code: "E_INTERNAL", message: `HTTP ${response.status}` };
  csrf = answer.csrf;
  return { name: answer.name, role: answer.role };
}

export async function signOut() {
  await fetch("/v1/sign-out", { method: "POST", headers: { "x-claimdesk-csrf": csrf } }).catch(() => {});
  csrf = "";
}

/** A request of the server's own (`/v1/…`) as the signed-in member of
 *  staff: their CSRF token and the page's language sent; resolves with the
 *  answer's JSON or rejects with {code, message}. */
async function staffFetch(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { "content-type": "application/json", "x-claimdesk-csrf": csrf, "x-claimdesk-lang": locale() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw { code: "E_INTERNAL", message: String(error) };
  }
  const answer = await response.json().catch(() => undefined);
  if (response.ok) return answer;
  if (response.status === 401) signedOut(answer);
  throw isCommandError(answer) ? answer : { code: "E_INTERNAL", message: `HTTP ${response.status}` };
}

/** The staff's accounts, for an admin: [{name, role, disabled}]. */
export function staffAccounts() {
  return staffFetch("GET", "/v1/staff");
}

/** A new account (role "staff" or "admin"); resolves with the accounts as
 *  they now are. */
export function staffAdd(name, role, password) {
  return staffFetch("POST", "/v1/staff", { name, role, password });
}

/** Disables the account `name`; resolves with the accounts as they now are. */
export function staffDisable(name) {
  return staffFetch("POST", `/v1/staff/${encodeURIComponent(name)}/disable`);
}

/** `handler({code, message})` runs when the server says the session ended. */
export function whenSignedOut(handler) {
  signedOut = handler;
}

/** Feedback on a business registration number as typed so far. */
export function checkRegistrationNumber(text, lang) {
  return call("check_registration_number", { text, lang });
}

/** Tells the app the first screen is painted (it logs the start-up time).
 *  timings: {time_origin, html_parsed, scripts_ran, painted}, in ms on the
 *  page's clock, any of them null. */
export function windowReady(timings) {
  if (onServer) return Promise.resolve(null);
  return call("window_ready", timings);
}

/** Reports the page's own fault to the app's log: {kind, at} (the error's
 *  name and where it happened; never its message). */
export function pageError(kind, at) {
  if (onServer) return Promise.resolve(null);
  return call("page_error", { kind, at });
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

/** Imports the incident definition file chosen as `file` (a token from
 *  `choose`): {incident, replaced, claims_updated}. */
export function importIncident(file, lang) {
  return call("incident_import", { file, lang });
}

/** What the association's servers offer: [{url, problem, offers: [{id,
 *  title_ko, title_en, verified, signer, fingerprint, replaces, sha256}]}]. */
export function incidentOffers(lang) {
  return call("incident_offers", lang ? { lang } : {});
}

/** Imports the offered definition the owner was shown (`id`, `sha256`), as
 *  a file is: {incident, replaced, claims_updated}. */
export function incidentOfferAccept(id, sha256, lang) {
  return call("incident_offer_accept", { id, sha256, lang });
}

/** The signing keys trusted: [{name, public_key, fingerprint, shipped}]. */
export function listKeys() {
  return call("keys_list", {});
}

/** Trusts another signing key (base64 public key), named for the owner. */
export function trustKey(publicKey, name, uses) {
  return call("key_trust", { public_key: publicKey, name, uses });
}

/** {days}: how long customer details are kept after a claim is settled or withdrawn. */
export function retention() {
  return call("retention_get", {});
}

export function setRetention(days) {
  return call("retention_set", { days });
}

/** {desk}: "owner" or "association", the desk the window opens as. */
export function desk() {
  return call("desk_get", {});
}

export function setDesk(desk) {
  return call("desk_set", { desk });
}

/** {title, paragraphs}: the notice for customers whose details are written down. */
export function customerNotice(lang) {
  return call("customer_notice", { lang });
}

/** Writes the customer notice as a printable PDF into `file` (a token);
 *  resolves with the path written. */
export function makeNoticePdf(file, lang) {
  return call("customer_notice_pdf", { file, lang });
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

/** Stores the claimdesk.claim/1 file the owner chose (`file`, a token). */
export function importClaim(file) {
  return call("claim_import", { file });
}

/** Writes the owner's copy of a claim as JSON into `file` (a token);
 *  resolves {number, sha256}. */
export function exportClaim(id, file) {
  return call("claim_export", { id, file });
}

/** Imports the evidence file chosen as `file` (a token) into the store for a claim. */
export function addEvidence(claimId, kind, file) {
  return call("evidence_add", { claim_id: claimId, kind, file });
}

/** Detaches the file `sha256` attached as `kind` from a claim. */
export function removeEvidence(claimId, kind, sha256) {
  return call("evidence_remove", { claim_id: claimId, kind, sha256 });
}

/** What the sales file chosen as `file` (a token) gives, applying nothing:
 *  {days: [{date, amount, on_grid}], rejected: [{row, reason}], columns, on_grid}.
 *  columns: {date, amount} (headings or letters) when the owner named them;
 *  with the claim being edited, `on_grid` says which days its grid has. */
export function previewSales(file, lang, columns = null, document = null) {
  return call("sales_preview", {
    file,
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

/** Puts what a lost order's time field holds now into the claim, read in
 *  Rust ("10월 16일 오후 2시", "16일 14시"): resolves with the document. */
export function typeOrderTime(document, index, text) {
  return call("order_time_type", { document, index, text });
}

/** Puts what her outage's start or end field (`end`: "start" | "end")
 *  holds now into the claim, read in Rust: resolves with the document. */
export function typeIncidentTime(document, end, text) {
  return call("incident_time_type", { document, end, text });
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

/** "Back up now" into the file chosen as `file` (a token); resolves {path}. */
export function backupNow(file) {
  return call("backup_now", { file });
}

/** Replaces all data with the backup chosen as `file` (a token, or the
 *  store status's `latest_backup_token`); resolves {claims}. */
export function restoreBackup(file) {
  return call("backup_restore", { file });
}

/** Makes a stored claim's PDF into `file` (a token); resolves {path, pages, sha256}.
 *  options: {lang, draft, include_customer_details}. */
export function makeClaimPdf(id, file, options = {}) {
  return call("claim_pdf", { id, file, ...options });
}

/** One bundle of the chosen stored claims for the association, into `file`
 *  (a token); resolves {path, claims, drafts, sha256}.
 *  options: {include_customer_details, lang}. */
export function makeBundle(ids, file, options = {}) {
  return call("claims_bundle", { ids, file, ...options });
}

/** Stores the claim attached to the ClaimDesk PDF chosen as `file` (a token). */
export function importClaimPdf(file) {
  return call("claim_import_pdf", { file });
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

/** The problems of a business profile form, in form order: {errors, warnings},
 *  each [{field, code, message}]; warnings (the bank account) do not block a save. */
export function checkBusiness(business, lang) {
  return call("check_business", { business, lang });
}

/** Opens a PDF this window made (by the path it answered with) in the system's viewer. */
export function openPdf(path) {
  return call("claim_pdf_open", { path });
}

/** Opens the folder holding a file this window made (a claim's PDF, a
 *  bundle), in the file manager. */
export function openMadeFolder(path) {
  return call("claim_pdf_folder", { path });
}

// --- The system's dialogs ------------------------------------------------
// Rust opens them and keeps the paths; the page is given tokens and names,
// and every command that reads or writes a file takes a token.

/**
 * Opens the system dialog for `purpose` (sales_file, evidence, claim_file,
 * claim_pdf, incident_definition, backup_to_restore, assoc_intake,
 * save_claim_pdf, save_bundle, save_claim_export, save_backup,
 * save_table_csv, save_table_xlsx, save_notice, signing_key, save_receipt,
 * save_answers, reply) with `title` and, for a
 * save, `suggestedName`: [{token, name}], or null when cancelled.
 */
export function choose(purpose, { title, suggestedName } = {}, lang = locale()) {
  return call("choose", {
    purpose,
    lang,
    ...(title ? { title } : {}),
    ...(suggestedName ? { suggested_name: suggestedName } : {}),
  });
}

// --- Association mode ----------------------------------------------------

/** Takes in bundles, claim PDFs and JSON files (tokens from `choose`); resolves
 *  when done with {count: {received, already, superseded}, files, problems}. */
export function assocTakeIn(files, lang) {
  return call("assoc_take_in", { files, lang });
}

/** {files_done, files, claims} of the intake under way, or null. */
export function assocProgress() {
  return call("assoc_progress", {});
}

/** Cancels the intake under way (nothing of it is kept). */
export function assocCancel() {
  if (onServer) {
    upload?.abort();
    return Promise.resolve(null);
  }
  return call("assoc_cancel", {});
}

/** Whether files are chosen in the browser and uploaded (the association's
 *  server) rather than picked in the system's dialog (the window). */
export function intakeByUpload() {
  return onServer;
}

let upload = null;

/** On the association's server: the current claims' table as "csv" or
 *  "xlsx", a Blob for the browser to save. */
export async function assocDownload(format, lang) {
  let response;
  try {
    response = await fetch(`/v1/desk/export/${format}`, { headers: { "x-claimdesk-csrf": csrf, "x-claimdesk-lang": lang } });
  } catch (error) {
    throw { code: "E_INTERNAL", message: String(error) };
  }
  if (response.ok) return response.blob();
  const answer = await response.json().catch(() => undefined);
  if (response.status === 401) signedOut(answer);
  throw isCommandError(answer) ? answer : { code: "E_INTERNAL", message: `HTTP ${response.status}` };
}

/** On the association's server: uploads one file the staff chose (a File)
 *  to be taken in, `onProgress(sent, total)` as its bytes go; resolves with
 *  the intake's report, or rejects with {code, message} (E_CANCELLED when
 *  `assocCancel` stopped it). */
export function assocUpload(file, onProgress) {
  const name = file.name.toLowerCase();
  const type = name.endsWith(".zip") ? "application/zip" : name.endsWith(".pdf") ? "application/pdf" : "application/json";
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    upload = request;
    request.open("POST", "/v1/desk/take-in");
    request.setRequestHeader("content-type", type);
    request.setRequestHeader("x-claimdesk-csrf", csrf);
    request.setRequestHeader("x-claimdesk-lang", locale());
    request.setRequestHeader("x-claimdesk-file-name", encodeURIComponent(file.name));
    request.upload.onprogress = (event) => onProgress?.(event.loaded, event.total);
    request.onload = () => {
      upload = null;
      let answer;
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        answer = undefined;
      }
      if (request.status === 200) return resolve(answer);
      if (request.status === 401) signedOut(answer);
      reject(isCommandError(answer) ? answer : { code: "E_INTERNAL", message: `HTTP ${request.status}` });
    };
    request.onerror = () => {
      upload = null;
      reject({ code: "E_INTERNAL", message: "the upload did not reach the server" });
    };
    request.onabort = () => {
      upload = null;
      reject({ code: "E_CANCELLED", message: "" });
    };
    request.send(file);
  });
}

/** One page of the staff's work table: {total, offset, rows}. `query`:
 *  {text, review, errors, missing_documents, region, industry, service,
 *  claimed_at_least, claimed_at_most, all, sort, descending, offset, limit}. */
export function assocTable(query, lang) {
  return call("assoc_table", { ...query, lang });
}

/** {claim, replaced: [{claim, differences}], held: [{field, label, before, after}]}. */
export function assocClaim(id, lang) {
  return call("assoc_claim", { id, lang });
}

/** status: received | checked | forwarded | returned (a return needs `note`, its reason). */
/** `seen`: the claim's review_version as shown; a move on an outdated copy
 * is refused (E_ASSOC_STALE). Members left undefined are not sent. */
export function assocReview(id, status, note, seen) {
  return call("assoc_review", { id, status, note, seen });
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

/** 다음 청구서: the id of the oldest claim still waiting for its first
 *  review, now held for this member of staff a while (null: none left). */
export function assocNext() {
  return call("assoc_next", {});
}

export function assocStats(lang) {
  return call("assoc_stats", { lang });
}

/** Writes the table as "csv" or "xlsx" into `file` (a token); resolves with the path. */
export function assocExport(file, format, lang) {
  return call("assoc_export", { file, format, lang });
}

/** "Back up now" of the association's data into `file` (a token, purpose
 *  save_backup); resolves with the path. */
export function assocBackup(file) {
  return call("assoc_backup", { file });
}

/** Opens the PDF a received claim came with, in the system's viewer. */
export function assocPdfOpen(id) {
  return call("assoc_pdf_open", { id });
}

/** The association's signing key file (a token from `choose`, purpose
 *  signing_key): {name, fingerprint}. */
export function assocSigningKey(file) {
  return call("assoc_signing_key", { file });
}

/** The signing key chosen in this run: {name, fingerprint} or null. */
export function assocSigningKeyGet() {
  // The server signs with its own key (`--key`), never one the page names.
  if (onServer) return Promise.resolve(null);
  return call("assoc_signing_key_get", {});
}

/** The receipt of a received claim: its PDF into `file` (purpose
 *  save_receipt), the signed file beside it. */
export function assocReceipt(id, file) {
  return call("assoc_receipt", { id, file });
}

/** Opens the receipt PDF written in this run. */
export function assocReceiptOpen(id) {
  return call("assoc_receipt_open", { id });
}

/** The signed answers of every claim (or of `shop`, a registration number)
 *  into `file` (purpose save_answers). */
export function assocAnswers(file, shop) {
  return call("assoc_answers", shop ? { file, shop } : { file });
}

/** Where stored claim `id` would go online: {url, verified, signer,
 *  fingerprint, errors, waiting}. */
export function claimDestination(id) {
  return call("claim_destination", { id });
}

/** Sends the chosen stored claims online; resolves a line per claim
 *  {id, number, to, outcome: "received"|"refused"|"waiting", …}.
 *  options: {include_customer_details, to_unverified, lang}. */
export function submitClaims(ids, options = {}) {
  return call("claims_submit", { ids, ...options });
}

/** Sends what waits in the outbox; resolves a line per claim, as submitClaims. */
export function sendWaiting(lang) {
  return call("claims_send_waiting", lang ? { lang } : {});
}

/** Asks each server a definition names for this PC's businesses' answers
 *  and applies them; resolves one line per server and business
 *  {url, registration_number, kind: "answers"|"unanswered"|"refused", …}. */
export function fetchAnswers(lang) {
  return call("answers_fetch", lang ? { lang } : {});
}

/** The owner imports a receipt or answers file (purpose reply):
 *  {kind: "receipt"|"answers", …}. */
export function replyImport(file) {
  return call("reply_import", { file });
}
