// The claim editor: one claim as seven steps the owner moves between freely.
// The claim document (`claimdesk.claim/1`, as entered) is the one state
// (`editor/state.js`); every change is saved as the owner types (a draft)
// and assessed by the rules engine, whose report drives every number,
// message and mark shown. No rule lives here or in `editor/`: which
// problems exist, where they point, what the totals are, how sales go in
// and how customer details are masked all come from Rust.
//
// This file opens a claim and moves between the steps; each step draws and
// wires itself (`editor/step-*.js`), and `editor/errors.js` places the
// engine's problems.
import * as api from "./api.js";
import { locale, t } from "./i18n.js";
import { $ } from "./dom.js";
import { clearAppError, showAppError } from "./form.js";
import { resetSalesGrid } from "./sales-grid.js";
import { resetSalesImport } from "./sales-import.js";
import { showView } from "./views.js";
import { errorsOf, hasErrors, leftFreshCards, noServiceChosen, refreshMaskedText, renderErrors } from "./editor/errors.js";
import { FORMAT, STEPS, assess, flush, hold, onAssessed, onSummary, setSaveState, state } from "./editor/state.js";
import { businessOf, initIncident, renderIncident } from "./editor/step-incident.js";
import { renderServices } from "./editor/step-services.js";
import { initSales, renderMethodChoices, renderSales } from "./editor/step-sales.js";
import { initOrders, refreshMaskedCustomers, renderOrders } from "./editor/step-orders.js";
import { initCosts, renderCosts } from "./editor/step-costs.js";
import { initEvidence, refreshEvidence, renderEvidence } from "./editor/step-evidence.js";
import { byDaysOut, initReview, renderLive, renderReview } from "./editor/step-review.js";

const view = document.getElementById("view-editor");

// --- Opening --------------------------------------------------------------

async function loadReference() {
  state.reference = await api.referenceData(locale());
  state.profiles = await api.listBusinesses();
}

async function open(document, stored, storedEvidence, erasedOn = null) {
  clearAppError();
  hold(document, stored, storedEvidence, erasedOn);
  $("pdf-made").hidden = true;
  $("orders-erased").hidden = true;
  resetSalesGrid();
  resetSalesImport();
  await loadReference();
  renderAll();
  setSaveState(state.summary ? "saved" : "new");
  showView("editor");
  showStep("incident", { focus: false });
  $("editor-title").focus();
  await assess();
}

/** A new claim for the first (or only) business profile; stored on its first edit. */
export async function newClaim() {
  try {
    await loadReference();
  } catch (error) {
    showAppError(error);
    return;
  }
  // A claim is made from a business profile: with none yet, she is sent to
  // the profile first, told why, instead of to an empty chooser.
  if (state.profiles.length === 0) {
    showView("business");
    $("business-needed").hidden = false;
    $("business-name").focus();
    return;
  }
  const document = { format: FORMAT, business: businessOf(state.profiles[0]) };
  await open(document, null, []);
}

/** Opens a stored claim. */
export async function openClaim(id) {
  let whole;
  try {
    whole = await api.getClaim(id);
  } catch (error) {
    showAppError(error);
    return;
  }
  await open(whole.document, whole.summary, whole.evidence, whole.customer_details_erased_on);
}

/** Saves anything pending (before the window shows something else). */
export function saveNow() {
  return state.doc ? flush() : Promise.resolve();
}

// --- Steps ------------------------------------------------------------------

/** The errors of the revealed steps; a summary link shows its step first. */
function showErrors({ focus }) {
  renderErrors({ focus, reveal: (step) => showStep(step, { focus: false }) });
  // The running total counts the errors shown, which a step just revealed changes.
  if (state.assessed) renderLive();
}

function showStep(name, { focus = true } = {}) {
  state.step = name;
  for (const section of view.querySelectorAll(".step")) section.hidden = section.dataset.step !== name;
  for (const item of view.querySelectorAll(".steps__item")) {
    if (item.dataset.step === name) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
  if (name === "review") {
    for (const each of STEPS) state.revealed.add(each);
    state.fresh.clear();
    renderReview();
  }
  showErrors({ focus: name === "review" && hasErrors() });
  if (focus && !(name === "review" && hasErrors())) $(`step-${name}-title`).focus();
}

/** "Next": the step's errors if it has any (focus on the summary), else the next step. */
async function next(from, to) {
  await assess();
  const firstTime = !state.revealed.has(from);
  state.revealed.add(from);
  state.fresh.clear();
  if (errorsOf(from).length > 0) {
    showErrors({ focus: true });
    return;
  }
  // No service ticked is allowed, but not unnoticed: the first 다음 says so
  // beside the list and stays; the next one moves on.
  if (from === "services" && firstTime && noServiceChosen()) {
    showErrors({ focus: false });
    $("services-list-warning").focus();
    return;
  }
  showStep(to);
}

// --- Rendering --------------------------------------------------------------

function renderMeta() {
  const { summary } = state;
  $("editor-number").textContent = summary ? summary.number : t("editor.unsaved");
  const status = $("editor-status");
  status.hidden = !summary;
  if (summary) {
    status.className = `status status--${summary.status}`;
    status.textContent = t(`status.${summary.status}`);
  }
  const closed = summary !== null && !summary.editable;
  $("editor-closed").hidden = !closed;
  $("editor-closed").textContent = closed ? t("editor.closed", { status: t(`status.${summary.status}`) }) : "";
  for (const fields of view.querySelectorAll(".step__fields")) fields.disabled = closed;
  // Returned by the association: its reason at the top until the corrected
  // claim is handed in again (then the answer is marked resent).
  const returned = summary?.answer?.status === "returned" && !summary.answer.resent;
  $("editor-returned").hidden = !returned;
  $("editor-returned-reason").textContent = returned ? summary.answer.reason ?? "" : "";
  // Rust says what the claim allows now (the one rule of its life).
  $("mark-submitted").hidden = !summary?.submittable;
  $("mark-submitted-confirm").hidden = true;
}

function renderAll() {
  renderMeta();
  renderIncident({ onIncidentChosen: renderEvidence });
  renderServices();
  renderMethodChoices();
  renderOrders();
  renderCosts();
  renderEvidence();
}

function renderAssessment() {
  // Under a days-out rule sales and orders are optional, still evidence.
  $("sales-optional").hidden = !byDaysOut();
  $("orders-optional").hidden = !byDaysOut();
  renderSales();
  renderLive();
  refreshMaskedCustomers();
  refreshMaskedText();
  refreshEvidence();
  if (state.step === "review") renderReview();
  showErrors({ focus: false });
}

// --- Wiring ---------------------------------------------------------------------

export function initEditor() {
  onSummary(renderMeta);
  onAssessed(renderAssessment);
  initIncident(openClaim);
  initSales();
  initOrders();
  initCosts();
  initEvidence();
  initReview({ showErrors: () => showErrors({ focus: true }) });
  for (const item of view.querySelectorAll(".steps__item")) {
    item.addEventListener("click", () => showStep(item.dataset.step));
  }
  // Leaving a new card shows what it still lacks.
  view.addEventListener("focusin", (event) => {
    if (state.fresh.size > 0 && leftFreshCards(event.target)) showErrors({ focus: false });
  });
  for (const button of view.querySelectorAll("[data-next]")) {
    button.addEventListener("click", () => next(button.closest(".step").dataset.step, button.dataset.next));
  }
  for (const button of view.querySelectorAll("[data-previous]")) {
    button.addEventListener("click", () => showStep(button.dataset.previous));
  }
  // Whatever is pending is saved when the owner leaves the window.
  window.addEventListener("blur", () => saveNow());
  document.addEventListener("visibilitychange", () => saveNow());
}

/** After a language switch: every label, and the messages, again. */
export async function relabelEditor() {
  if (!state.doc || view.hidden) return;
  try {
    await loadReference();
  } catch (error) {
    showAppError(error);
    return;
  }
  resetSalesGrid();
  renderAll();
  setSaveState($("editor-saved").dataset.state ?? "saved");
  await assess();
}
