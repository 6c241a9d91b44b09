// Step 7 and the totals beside every step: what the engine computed, the
// warnings, the final PDF and marking the claim submitted.
import * as api from "../api.js";
import { formatDate, formatDaysLeft, locale, t } from "../i18n.js";
import { $, definition, wonOrDash as won } from "../dom.js";
import { clearAppError, pickFile, showAppError } from "../form.js";
import { hasErrors, shownErrors } from "./errors.js";
import { namedIncident } from "./step-incident.js";
import { methodLabel } from "./step-sales.js";
import { fileNamePart } from "../entry.js";
import { submitOnline } from "../online.js";
import { serviceLabel } from "./step-services.js";
import { STEPS, assess, flush, setSummary, state } from "./state.js";

/** The compensation on the incident's scale, worded in Rust (null: no scale). */
/** Whether no loss is entered yet (Rust says: a sales drop or lost orders
 *  are a loss; costs alone are not). */
function noLossYet() {
  return Boolean(state.assessed) && !state.assessed.loss_entered;
}

function tierText() {
  const label = state.assessed?.compensation_label ?? null;
  // Before any loss is known, Rust's "해당 없음" would read as "not
  // eligible": say it is worked out once the loss is entered. Costs alone
  // are not a loss on the scale: with no sales drop and no lost orders the
  // loss is still to come. (A rule by days out does not wait for it.)
  if (label !== null && !byDaysOut() && noLossYet()) {
    return t("editor.totals.tierPending");
  }
  return label;
}

/** Whether the claim's incident pays by the days the shop was out (spec
 *  §3.1): the report's compensation then carries `days_out`. */
export function byDaysOut() {
  return state.assessed?.report.compensation?.days_out !== undefined;
}

/** The days out in words, or why they are not known. */
function daysOutText() {
  const days = state.assessed.report.compensation.days_out;
  return days === null ? t("editor.totals.daysOutUnknown") : t("editor.totals.daysOutValue", { days });
}

/** The running totals beside the steps. */
export function renderLive() {
  const { assessed } = state;
  const list = $("live-totals");
  list.replaceChildren();
  const totals = assessed.report.totals;
  if (byDaysOut()) {
    // Paid by the days out, whatever the loss: those come first.
    definition(list, t("editor.totals.daysOut"), daysOutText(), { strong: true, id: "live-days-out" });
    definition(list, t("editor.totals.tier"), tierText(), { strong: true, id: "live-tier" });
  }
  definition(list, t("editor.totals.claimed"), won(totals.claimed), { strong: !byDaysOut(), id: "live-claimed" });
  // "0원" before any sales reads as "no loss": a dash until one is entered.
  definition(list, t("editor.totals.revenueLoss"), won(noLossYet() ? null : totals.revenue_loss));
  definition(list, t("editor.totals.salesDrop"), won(totals.sales_drop));
  definition(list, t("editor.totals.extraCosts"), won(totals.extra_costs));
  const tier = tierText();
  if (tier && !byDaysOut()) definition(list, t("editor.totals.tier"), tier);
  // Errors are counted once the owner has been to their step (or asked to
  // review): a claim she has just opened is being written, not wrong.
  const errors = assessed.problems.filter((p) => p.error);
  const shown = shownErrors().length;
  definition(
    list,
    t("editor.totals.problems"),
    errors.length === 0
      ? t("editor.totals.noErrors")
      : shown === 0
        ? t("editor.totals.inProgress")
        : t("editor.totals.errors", { count: shown }),
    { id: "live-problems" },
  );
  incidentNote(list, "live");
}

/** The incident's filing deadline with the days left, and a plain mark when
 *  nobody vouches for the incident's definition (both from Rust). */
function incidentNote(list, prefix) {
  const note = state.assessed.incident;
  if (!note) return;
  if (note.deadline) {
    const left = formatDaysLeft(note.deadline.days_left);
    definition(list, t("editor.totals.deadline"), t("editor.totals.deadlineValue", { date: note.deadline.label, left }), {
      id: `${prefix}-deadline`,
    });
  }
  if (note.verification === "unverified") {
    definition(list, t("claims.unverified"), note.verification_label, { id: `${prefix}-unverified` });
    list.lastElementChild.className = "incident-note--unverified";
  }
}

function percent(bp) {
  return bp === null || bp === undefined ? "–" : `${(bp / 100).toFixed(2)}%`;
}

export function renderReview() {
  const { assessed, doc } = state;
  if (!assessed) return;
  const errors = assessed.problems.filter((p) => p.error);
  $("review-state").textContent = reviewState(errors.length);

  const list = $("review-summary");
  list.replaceChildren();
  const incident = namedIncident();
  definition(list, t("editor.business.label"), doc.business?.name ?? "–");
  definition(list, t("editor.incident.label"), incident ? incident.title : doc.incident ? t("editor.incident.custom") : "–");
  const days = assessed.report.days;
  definition(
    list,
    t("editor.period.legend"),
    days.length > 0 ? `${formatDate(days[0].date)} ~ ${formatDate(days[days.length - 1].date)}` : "–",
  );
  const services = (doc.affected_services ?? [])
    .filter(Boolean)
    .map((s) => `${serviceLabel(s.service)} (${t(s.paid ? "editor.services.paid" : "editor.services.free")})`);
  definition(list, t("step.services"), services.length > 0 ? services.join(", ") : "–");
  definition(list, t("editor.method.label"), methodLabel(assessed.method ?? "prior_week"));
  definition(list, t("step.orders"), t("editor.review.orders", { count: (doc.lost_orders ?? []).length }));
  definition(list, t("step.evidence"), t("editor.review.evidence", { count: state.evidence.length }));

  const totals = assessed.report.totals;
  const table = $("review-totals");
  table.replaceChildren();
  definition(table, t("editor.totals.baseline"), won(totals.baseline));
  definition(table, t("editor.totals.actual"), won(totals.actual));
  definition(table, t("editor.totals.salesDrop"), won(totals.sales_drop), { id: "review-sales-drop" });
  definition(table, t("editor.totals.dropRate"), percent(totals.drop_rate_bp));
  definition(table, t("editor.totals.lostOrders"), won(totals.lost_orders), { id: "review-lost-orders" });
  definition(table, t("editor.totals.revenueLoss"), won(totals.revenue_loss), { id: "review-revenue-loss" });
  definition(table, t("editor.totals.extraCosts"), won(totals.extra_costs), { id: "review-extra-costs" });
  definition(table, t("editor.totals.claimed"), won(totals.claimed), { strong: true, id: "review-claimed" });
  if (totals.profit_loss_estimate !== null) {
    definition(table, t("editor.totals.profit"), won(totals.profit_loss_estimate), { id: "review-profit" });
  }
  if (byDaysOut()) definition(table, t("editor.totals.daysOut"), daysOutText(), { id: "review-days-out" });
  const tier = tierText();
  if (tier) definition(table, t("editor.totals.tier"), tier, { id: "review-tier" });
  // A word the rules cannot avoid, said plainly once beside it.
  const individual = assessed.report.compensation?.individual_review === true && totals.revenue_loss !== null;
  $("review-tier-hint").hidden = !individual;
  $("review-tier-hint").textContent = individual ? t("editor.totals.individualHint") : "";
  incidentNote(list, "review");

  // With errors, a marked draft can still be made to take to someone.
  $("make-draft-pdf").hidden = errors.length === 0;
  showOnline(errors.length);

  const warnings = assessed.problems.filter((p) => !p.error);
  $("review-warnings-box").hidden = warnings.length === 0;
  $("review-warnings").replaceChildren(
    ...warnings.map((warning) => {
      const item = document.createElement("li");
      item.dataset.code = warning.code;
      item.textContent = warning.message;
      return item;
    }),
  );
}

/** A file name for the claim's PDF: the shop and the number, so a folder
 *  of claims reads at a glance; what Windows forbids in a name goes. */
function suggestedPdfName(draft) {
  const business = fileNamePart(state.doc.business?.name);
  const name = t(draft ? "editor.pdf.draftFileName" : "editor.pdf.fileName", {
    business,
    number: state.summary?.number ?? "",
  });
  return name.replace(/\s+/g, " ").trim();
}

/** The PDF made: what it is, how to open it, and what to do next. */
function showMade(made, draft) {
  lastMade = made.path;
  const notice = $("pdf-made");
  notice.textContent = t(draft ? "editor.pdf.draftMade" : "editor.pdf.made", { path: made.path, pages: made.pages });
  notice.hidden = false;
  $("pdf-hand-in").textContent = handInWords();
  $("pdf-next").hidden = false;
}

/** Where and by when to hand the claim in: the association's own words for
 *  its incident, where its definition gives them (else the general
 *  advice), and its deadlines; a passed one is said and blocks nothing. */
function handInWords() {
  const incident = state.assessed?.incident;
  const deadline = (key, note, kind) =>
    note ? t(key, { date: note.label, left: formatDaysLeft(note.days_left, kind) }) : "";
  return [
    incident?.hand_in ?? t("editor.handIn.text"),
    deadline("editor.handIn.deadline", incident?.deadline, "filing"),
    deadline("editor.handIn.documentsDeadline", incident?.documents_deadline, "documents"),
  ]
    .filter(Boolean)
    .join(" ");
}

/** The path of the PDF made last (what 열기 and 폴더 열기 open). */
let lastMade = null;

/** The final PDF, or every step's errors (`showErrors`) if there are any;
 *  with `draft`, a marked draft even with errors (to take to someone for
 *  help). */
async function makePdf(showErrors, { draft = false } = {}) {
  clearAppError();
  $("pdf-made").hidden = true;
  $("pdf-next").hidden = true;
  $("orders-erased").hidden = true;
  await flush();
  await assess();
  for (const each of STEPS) state.revealed.add(each);
  if (hasErrors() && !draft) {
    showErrors();
    return;
  }
  const file = await pickFile("save_claim_pdf", t("editor.pdf.dialogTitle"), suggestedPdfName(draft));
  if (!file) return;
  try {
    const made = await api.makeClaimPdf(state.summary.id, file.token, {
      lang: locale(),
      draft,
      include_customer_details: $("pdf-customer-details").checked,
    });
    setSummary((await api.getClaim(state.summary.id)).summary);
    showMade(made, draft);
    await api.openPdf(made.path);
  } catch (error) {
    showAppError(error);
  }
}

/** "Handed in" is asked once more, in place: it closes the claim. */
/** The review's first line: once handed in, what to expect next (a receipt,
 *  then an answer); before, what is left to fix or that it is ready. */
/** 온라인으로 제출 beside the PDF: for a stored claim without errors, not
 *  yet handed in, whose incident's definition names a server (asked of Rust each time the
 *  review is drawn: the definition may have been imported meanwhile). */
function showOnline(errorCount) {
  const box = $("editor-online");
  const id = state.summary?.id;
  // Rust's word on the status (draft, ready or exported: still the owner's
  // to hand in), not a list of statuses here.
  if (!id || errorCount > 0 || !state.summary.editable) {
    box.hidden = true;
    return;
  }
  api
    .claimDestination(id)
    .then((destination) => {
      // Still this claim, and still without errors.
      if (state.summary?.id === id) box.hidden = !destination.url || destination.errors > 0;
    })
    .catch(() => {
      box.hidden = true;
    });
}

function reviewState(errorCount) {
  const status = state.summary?.status;
  if (status === "submitted") return t("editor.review.submitted");
  if (status === "settled") return t("editor.review.settled");
  // Counted as listed (the empty days as one line each kind), the same
  // number the running total and the error summary show.
  return errorCount === 0 ? t("editor.review.ready") : t("editor.review.fix", { count: shownErrors().length });
}

/** The documents the claim should carry and does not, by name. */
function missingDocuments() {
  const labels = new Map((state.reference?.evidence_kinds ?? []).map((kind) => [kind.code, kind.label]));
  return (state.summary?.missing_evidence ?? []).map((code) => labels.get(code) ?? code);
}

function askSubmitted(asking) {
  // Handed in without a document it needs: asked again, naming them.
  const missing = asking ? missingDocuments() : [];
  $("mark-submitted-missing").hidden = missing.length === 0;
  $("mark-submitted-missing").textContent =
    missing.length === 0 ? "" : t("editor.submittedMissing", { kinds: missing.join(", "), count: missing.length });
  $("mark-submitted-yes").textContent = t(missing.length === 0 ? "editor.submittedYes" : "editor.submittedYesWithout");
  $("mark-submitted-confirm").hidden = !asking;
  $("mark-submitted").hidden = asking || !state.summary?.submittable;
  if (asking) $("mark-submitted-no").focus();
}

async function markSubmitted() {
  clearAppError();
  askSubmitted(false);
  try {
    setSummary(await api.setClaimStatus(state.summary.id, "submitted"));
    $("pdf-next").hidden = true;
    $("pdf-made").textContent = t("editor.submittedDone");
    $("pdf-made").hidden = false;
    $("review-state").textContent = reviewState(0);
  } catch (error) {
    showAppError(error);
  }
}

async function openMade(folder) {
  clearAppError();
  if (!lastMade) return;
  try {
    if (folder) await api.openMadeFolder(lastMade);
    else await api.openPdf(lastMade);
  } catch (error) {
    showAppError(error);
  }
}

export function initReview({ showErrors }) {
  $("make-pdf").addEventListener("click", () => makePdf(showErrors));
  $("make-draft-pdf").addEventListener("click", () => makePdf(showErrors, { draft: true }));
  $("mark-submitted").addEventListener("click", () => askSubmitted(true));
  $("mark-submitted-yes").addEventListener("click", markSubmitted);
  $("mark-submitted-no").addEventListener("click", () => {
    askSubmitted(false);
    $("mark-submitted").focus();
  });
  $("pdf-open").addEventListener("click", () => openMade(false));
  $("editor-submit-online").addEventListener("click", async () => {
    await flush();
    if (state.summary?.id) await submitOnline(state.summary.id);
  });
  $("pdf-folder").addEventListener("click", () => openMade(true));
}
