// The claim list: every claim with its number, business, outage, status,
// missing documents and amount; filter by status, search. A row opens its
// claim; the rarer actions (duplicate, withdraw, delete, each confirmed in
// place) wait in the row's "더 보기" menu.
import * as api from "./api.js";
import { formatDate, formatDaysLeft, formatWon, locale, t } from "./i18n.js";
import { clearAppError, clearFieldError, pickFile, showAppError, showFieldError } from "./form.js";
import { newClaim, openClaim } from "./editor.js";
import { cell, smallButton } from "./dom.js";
import { bundleBusiness, kstStamp } from "./entry.js";
import { showView } from "./views.js";
import { answerItems, initOnline, showWaiting } from "./online.js";

const STATUSES = ["draft", "ready", "exported", "submitted", "settled", "withdrawn"];

const statusFilter = document.getElementById("claims-status");
const order = document.getElementById("claims-order");
const search = document.getElementById("claims-search");
const rows = document.getElementById("claims-rows");
const count = document.getElementById("claims-count");
let incidents = new Map();
let evidenceKinds = new Map();
/** Claims chosen for a bundle (kept while the list refreshes). */
const chosen = new Set();
/** Each listed claim's number, by id (what the online box names them by). */
const numbers = new Map();
/** The business name of each claim listed, to name a bundle after. */
const businessOf = new Map();
let latest = 0;

function fillStatusFilter() {
  const current = statusFilter.value;
  statusFilter.replaceChildren(
    new Option(t("claims.status.all"), ""),
    ...STATUSES.map((status) => new Option(t(`status.${status}`), status)),
  );
  statusFilter.value = current;
}

function fillOrder() {
  const current = order.value || "newest";
  order.replaceChildren(
    new Option(t("claims.order.newest"), "newest"),
    new Option(t("claims.order.deadline"), "deadline"),
  );
  order.value = current;
}

/** The filing deadline in words; how near it is comes from the store. */
function deadlineCell(claim) {
  const box = document.createElement("span");
  const deadline = claim.deadline;
  if (!deadline) {
    box.textContent = t("claims.deadline.none");
    return box;
  }
  box.className = `deadline deadline--${deadline.warning}`;
  const date = document.createElement("span");
  date.textContent = formatDate(deadline.date);
  box.append(date);
  if (claim.editable) {
    const left = document.createElement("span");
    left.className = "deadline__left";
    left.textContent = formatDaysLeft(deadline.days_left);
    box.append(document.createElement("br"), left);
  }
  return box;
}

function button(label, className, onClick) {
  return smallButton(label, onClick, className);
}

async function act(work) {
  try {
    await work();
  } catch (error) {
    showAppError(error);
  }
  await refreshClaims();
}

/**
 * Asks once more in place of the row's buttons (not a browser dialog:
 * readable, and reachable by keyboard like everything else); `yes` runs
 * `work`, no (which has the focus) puts the buttons back.
 */
function askInRow(box, question, yesLabel, yesClass, work) {
  const said = document.createElement("p");
  said.className = "claims__confirm";
  said.setAttribute("role", "alert");
  said.textContent = question;
  const yes = button(yesLabel, yesClass, () => act(work));
  const no = button(t("claims.confirmNo"), "button--secondary", () => refreshClaims());
  box.replaceChildren(said, yes, no);
  no.focus();
}

function kindNames(codes) {
  return codes.map((code) => evidenceKinds.get(code) ?? code).join(", ");
}

function actions(claim) {
  const open = button(t("claims.open"), "", () => openClaim(claim.id));
  open.setAttribute("aria-label", t("claims.openLabel", { number: claim.number }));
  const menu = document.createElement("details");
  menu.className = "row-menu";
  const summary = document.createElement("summary");
  summary.className = "row-menu__summary";
  summary.textContent = t("claims.more");
  summary.setAttribute("aria-label", t("claims.moreLabel", { number: claim.number }));
  const box = document.createElement("div");
  box.className = "row-menu__items";
  menu.append(summary, box);
  box.append(button(t("claims.duplicate"), "button--secondary", () => act(() => api.duplicateClaim(claim.id))));
  // What the owner may do comes with the row, from the store's rule.
  if (claim.withdrawable) {
    // Withdrawing closes the claim.
    box.append(
      button(t("claims.withdraw"), "button--secondary", () =>
        askInRow(box, t("claims.confirmWithdraw", { number: claim.number }), t("claims.confirmWithdrawYes"), "", () =>
          api.setClaimStatus(claim.id, "withdrawn"),
        ),
      ),
    );
  }
  box.append(
    button(t("claims.delete"), "button--warning", () =>
      askInRow(box, t("claims.confirmDelete", { number: claim.number }), t("claims.confirmYes"), "button--warning", () =>
        api.deleteClaim(claim.id),
      ),
    ),
  );
  const actionsBox = document.createElement("div");
  actionsBox.className = "claims__actions";
  actionsBox.append(open, menu);
  return actionsBox;
}

function row(claim) {
  const tr = document.createElement("tr");
  tr.dataset.id = claim.id;
  const status = document.createElement("span");
  const statusMark = document.createElement("span");
  statusMark.className = `status status--${claim.status}`;
  statusMark.textContent = t(`status.${claim.status}`);
  status.append(statusMark);
  // What the incident still asks for, while the claim can take it.
  if (claim.editable && claim.missing_evidence.length > 0) {
    const missing = document.createElement("small");
    missing.className = "claims__missing";
    missing.textContent = t("claims.missingDocs", { kinds: kindNames(claim.missing_evidence) });
    status.append(document.createElement("br"), missing);
  }
  // What the association answered, and its receipt.
  if (claim.answer) {
    // Returned and handed in again: the shop's own step, after the return.
    const shown = claim.answer.resent ? "resent" : claim.answer.status;
    const answer = document.createElement("small");
    answer.className = `claims__answer claims__answer--${shown}`;
    answer.textContent = t(`reply.status.${shown}`);
    status.append(document.createElement("br"), answer);
  }
  if (claim.waiting) {
    const waiting = document.createElement("small");
    waiting.className = "claims__waiting";
    waiting.textContent = t("online.waitingTag");
    status.append(document.createElement("br"), waiting);
  }
  if (claim.receipt_number) {
    const receipt = document.createElement("small");
    receipt.className = "claims__receipt";
    receipt.textContent = t("reply.receiptNumber", { number: claim.receipt_number });
    status.append(document.createElement("br"), receipt);
  }
  // The association's own number: the one to quote when calling it, since
  // every shop counts its CD- numbers from 000001.
  if (claim.intake_number) {
    const intake = document.createElement("small");
    intake.className = "claims__intake";
    intake.textContent = t("reply.intakeNumber", { number: claim.intake_number });
    status.append(document.createElement("br"), intake);
  }
  const incident = document.createElement("span");
  incident.textContent =
    claim.incident === "custom" ? t("claims.incident.custom") : incidents.get(claim.incident) ?? claim.incident ?? "-";
  if (claim.incident_verification === "unverified") {
    const badge = document.createElement("span");
    badge.className = "badge-unverified";
    badge.textContent = t("claims.unverified");
    badge.title = t("claims.unverifiedLabel");
    incident.append(" ", badge);
  }
  const amount = claim.claimed === null ? "-" : formatWon(claim.claimed);
  const business = document.createElement("span");
  business.textContent = claim.business_name ?? "-";
  if (claim.registration_number) {
    const small = document.createElement("small");
    small.className = "claims__brn";
    small.textContent = ` ${claim.registration_number}`;
    business.append(small);
  }
  const select = document.createElement("input");
  select.type = "checkbox";
  select.className = "checkbox__input claims__select";
  select.value = claim.id;
  select.checked = chosen.has(claim.id);
  select.setAttribute("aria-label", t("bundle.selectLabel", { number: claim.number }));
  select.addEventListener("change", () => {
    if (select.checked) chosen.add(claim.id);
    else chosen.delete(claim.id);
    if (chosen.size > 0) clearFieldError(document.getElementById("claims-bundle"));
  });
  tr.append(
    cell(select),
    cell(claim.number),
    cell(business),
    cell(incident),
    cell(claim.period_from ? `${formatDate(claim.period_from)} ~ ${formatDate(claim.period_to)}` : "-", "claims__period"),
    cell(deadlineCell(claim)),
    cell(status),
    cell(amount, "claims__amount"),
    cell(actions(claim)),
  );
  // The row opens its claim (a click on its own controls does what they say).
  tr.classList.add("claims__row--opens");
  tr.addEventListener("click", (event) => {
    if (event.target.closest("button, input, summary, details, a, label")) return;
    openClaim(claim.id);
  });
  return tr;
}

export async function refreshClaims() {
  const request = ++latest;
  // Busy until this request's rows are drawn (or a newer request's): a
  // screen reader waits for the list, and so does a test before it clicks.
  rows.setAttribute("aria-busy", "true");
  try {
    await drawClaims(request);
  } finally {
    if (request === latest) rows.removeAttribute("aria-busy");
  }
}

async function drawClaims(request) {
  const filter = {};
  if (statusFilter.value) filter.status = statusFilter.value;
  if (search.value.trim()) filter.text = search.value.trim();
  filter.order = order.value || "newest";
  let claims;
  try {
    claims = await api.listClaims(filter);
  } catch (error) {
    showAppError(error);
    return;
  }
  if (request !== latest) return; // a newer filter has answered
  const listed = new Set(claims.map((claim) => claim.id));
  for (const claim of claims) {
    businessOf.set(claim.id, claim.business_name ?? "");
    numbers.set(claim.id, claim.number);
  }
  showWaiting(claims);
  for (const id of [...chosen]) if (!listed.has(id) && !filter.status && !filter.text) chosen.delete(id);
  rows.replaceChildren(...claims.map(row));
  // The order the rows are drawn in, once they are: what a change of the
  // order has produced (a test waits for it, not for rows already there).
  rows.dataset.order = filter.order;
  count.textContent = claims.length === 0 ? t("claims.empty") : t("claims.count", { count: claims.length });
  // Which claims to warn of is the store's rule (`DeadlineWarning`): those
  // near their filing deadline, and those near the documents deadline that
  // still lack a document; each named with the days left and what it lacks.
  // Passed deadlines are said in their cell ("접수 마감 지남") and block
  // nothing; this box is for what can still be done in time.
  const soon = (deadline) => Boolean(deadline) && (deadline.warning === "soon" || deadline.warning === "today");
  const documentsDue = (claim) => soon(claim.documents_deadline) && claim.missing_evidence.length > 0;
  const near = claims.filter((claim) => soon(claim.deadline) || documentsDue(claim));
  const warning = document.getElementById("claims-deadline-warning");
  warning.hidden = near.length === 0;
  const list = document.createElement("ul");
  list.className = "deadline-list";
  for (const claim of near) {
    const item = document.createElement("li");
    const parts = [];
    if (soon(claim.deadline)) parts.push(t("claims.deadline.filing", { left: formatDaysLeft(claim.deadline.days_left) }));
    if (documentsDue(claim)) {
      parts.push(t("claims.deadline.documents", { left: formatDaysLeft(claim.documents_deadline.days_left) }));
    }
    if (claim.missing_evidence.length > 0) {
      parts.push(t("claims.deadline.missing", { kinds: kindNames(claim.missing_evidence) }));
    }
    item.textContent = t("claims.deadline.item", {
      number: claim.number,
      business: claim.business_name ?? "",
      what: parts.join(", "),
    });
    list.append(item);
  }
  const lead = document.createElement("span");
  lead.textContent = near.length === 0 ? "" : t("claims.deadline.warning", { count: near.length });
  warning.replaceChildren(...(near.length === 0 ? [] : [lead, list]));
}

/** The bundle made last (what its 폴더 열기 opens). */
let lastBundle = null;

async function openBundleFolder() {
  clearAppError();
  if (!lastBundle) return;
  try {
    await api.openMadeFolder(lastBundle);
  } catch (error) {
    showAppError(error);
  }
}

async function makeBundle() {
  clearAppError();
  const button = document.getElementById("claims-bundle");
  document.getElementById("claims-bundle-made").hidden = true;
  document.getElementById("claims-bundle-next").hidden = true;
  if (chosen.size === 0) {
    showFieldError(button, t("bundle.none"), { summary: true });
    return;
  }
  clearFieldError(button);
  // Named for the shop and the moment, so hundreds of bundles at the
  // association do not share one name.
  const business = bundleBusiness([...chosen].map((id) => businessOf.get(id) ?? ""), (first, others) =>
    t("bundle.fileNameOthers", { first, others }),
  );
  const suggested = t("bundle.fileName", { business, at: kstStamp(new Date()) }).replace(/\s+/g, " ").trim();
  const file = await pickFile("save_bundle", t("bundle.dialogTitle"), suggested);
  if (!file) return;
  try {
    const made = await api.makeBundle([...chosen], file.token, {
      include_customer_details: document.getElementById("claims-bundle-details").checked,
      lang: locale(),
    });
    const notice = document.getElementById("claims-bundle-made");
    notice.textContent = [
      t("bundle.made", { claims: made.claims, path: made.path }),
      made.drafts > 0 ? t("bundle.madeDrafts", { drafts: made.drafts }) : "",
    ]
      .join(" ")
      .trim();
    notice.hidden = false;
    lastBundle = made.path;
    document.getElementById("claims-bundle-next").hidden = false;
  } catch (error) {
    showAppError(error);
  }
}

/** Why a receipt or answers file was refused, beside its button: Rust's
 *  sentence (with the key's fingerprint when the key is not trusted) and,
 *  for a key the app does not know, what to do and the way to the keys. */
function replyRefused(error) {
  const untrusted = error.code === "E_SIGNATURE_UNTRUSTED";
  document.getElementById("claims-reply-failed-text").textContent = error.message;
  const what = document.getElementById("claims-reply-failed-what");
  what.textContent = untrusted ? t("reply.untrustedWhat") : "";
  what.hidden = !untrusted;
  document.getElementById("claims-reply-keys").hidden = !untrusted;
  const failed = document.getElementById("claims-reply-failed");
  failed.dataset.code = error.code;
  failed.hidden = false;
}

/** To the keys, unfolded, with the cursor where the key is pasted. */
function goToKeys() {
  showView("incidents");
  document.getElementById("keys-box").open = true;
  document.getElementById("key-uses-answers").checked = true;
  const input = document.getElementById("key-public");
  input.scrollIntoView({ block: "center" });
  input.focus();
}

/** The association's receipt or answers file: verified in Rust, then what
 *  it did to which claim, said in the box under the button. */
async function importReply() {
  clearAppError();
  const box = document.getElementById("claims-reply-made");
  box.hidden = true;
  document.getElementById("claims-reply-failed").hidden = true;
  const file = await pickFile("reply", t("reply.dialogTitle"));
  if (!file) return;
  let imported;
  try {
    imported = await api.replyImport(file.token);
  } catch (error) {
    replyRefused(error);
    return;
  }
  const list = document.getElementById("claims-reply-list");
  if (imported.kind === "receipt") {
    const done = t("reply.receiptDone", {
      number: imported.receipt_number,
      claim: imported.summary.number,
      signer: imported.signer,
      fingerprint: imported.fingerprint,
    });
    document.getElementById("claims-reply-text").textContent = imported.intake_number
      ? `${done} ${t("reply.receiptIntake", { number: imported.intake_number })}`
      : done;
    list.replaceChildren();
  } else {
    document.getElementById("claims-reply-text").textContent = t("reply.answersDone", {
      applied: imported.applied.length,
      already: imported.already,
      signer: imported.signer,
      fingerprint: imported.fingerprint,
    });
    list.replaceChildren(...answerItems(imported));
  }
  box.hidden = false;
  await refreshClaims();
}

export async function initClaims() {
  initOnline({
    chosen: () => [...chosen],
    numberOf: (id) => numbers.get(id) ?? id,
    refresh: refreshClaims,
    chooseOnly: async (id) => {
      chosen.clear();
      chosen.add(id);
      await refreshClaims();
    },
  });
  document.getElementById("claims-bundle").addEventListener("click", makeBundle);
  document.getElementById("claims-bundle-folder").addEventListener("click", openBundleFolder);
  document.getElementById("claims-reply-keys").addEventListener("click", goToKeys);
  document.getElementById("claims-reply-import").addEventListener("click", importReply);
  fillStatusFilter();
  fillOrder();
  order.addEventListener("change", refreshClaims);
  document.getElementById("claims-new").addEventListener("click", () => newClaim());
  statusFilter.addEventListener("change", refreshClaims);
  search.addEventListener("input", refreshClaims);
  await relabelClaims();
}

/** Labels in the current language (outage titles come from the incidents). */
export async function relabelClaims() {
  fillStatusFilter();
  fillOrder();
  try {
    const data = await api.referenceData(locale());
    incidents = new Map(data.incidents.map((incident) => [incident.code, incident.title]));
    evidenceKinds = new Map(data.evidence_kinds.map((kind) => [kind.code, kind.label]));
  } catch (error) {
    showAppError(error);
  }
  await refreshClaims();
}
