// Error display in the GOV.UK pattern: a summary at the top linking to each
// field, and the message beside the field, tied to it by aria-describedby.
import * as api from "./api.js";
import { t } from "./i18n.js";

const summary = document.getElementById("error-summary");
const summaryTitle = summary.querySelector(".error-summary__title");
const summaryList = document.getElementById("error-summary-list");
const appError = document.getElementById("app-error");

function errorElement(input) {
  return document.getElementById(`${input.id}-error`);
}

// Only ids that exist: a dangling reference is an accessibility error. A
// warning shown beside the field is described too.
function describedBy(input, withError) {
  const ids = [`${input.id}-hint`];
  if (withError) ids.push(`${input.id}-error`);
  if (document.getElementById(`${input.id}-warning`)?.hidden === false) ids.push(`${input.id}-warning`);
  const present = ids.filter((id) => document.getElementById(id));
  if (present.length > 0) input.setAttribute("aria-describedby", present.join(" "));
  else input.removeAttribute("aria-describedby");
}

// A target without an error element of its own (a button that adds rows)
// is listed in the summary only.
function markField(input, message) {
  const element = errorElement(input);
  if (!element) return;
  element.replaceChildren();
  const prefix = document.createElement("span");
  prefix.className = "visually-hidden";
  prefix.textContent = `${t("errors.prefix")} `;
  element.append(prefix, message);
  element.hidden = false;
  input.setAttribute("aria-invalid", "true");
  input.closest(".field")?.classList.add("field--error");
  describedBy(input, true);
}

// `reveal` brings the field into view first (the editor's step holding it).
function summaryItem(input, message, reveal) {
  const link = document.createElement("a");
  link.href = `#${input.id}`;
  link.textContent = message;
  link.dataset.field = input.id;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    reveal?.();
    input.focus();
  });
  const item = document.createElement("li");
  item.append(link);
  return item;
}

/** Moves the focus to the summary and counts it (`data-focused`): what
 *  shows an action's own errors, where a focus left on the summary by an
 *  earlier action would look the same. */
function focusSummary() {
  summary.dataset.focused = String(Number(summary.dataset.focused ?? "0") + 1);
  summary.focus();
}

/** Back to a summary of errors (from the "all fixed" note). */
function summaryOfErrors() {
  delete summary.dataset.resolved;
  summary.setAttribute("role", "alert");
  summary.style.minHeight = "";
  summaryTitle.textContent = t("errors.summaryTitle");
}

/** Whether the summary lists errors now (not the "all fixed" note). */
export function summaryListsErrors() {
  return !summary.hidden && summary.dataset.resolved !== "true";
}

/** The summary's height on screen, in CSS pixels (0 when hidden). */
export function summaryHeight() {
  return summary.hidden ? 0 : summary.getBoundingClientRect().height;
}

/**
 * In place of a summary whose errors were all fixed: a calm note at least
 * `height` pixels tall, so nothing below it moves under the owner's next
 * click. It goes with the next change of step or view.
 */
export function showResolved(height) {
  summaryOfErrors();
  summary.dataset.resolved = "true";
  summary.setAttribute("role", "status");
  summaryTitle.textContent = t("errors.resolvedTitle");
  summaryList.replaceChildren();
  summary.style.minHeight = height > 0 ? `${height}px` : "";
  summary.hidden = false;
}

/** One field's error beside it; with `summary`, the summary holds just it. */
export function showFieldError(input, message, { summary: inSummary }) {
  markField(input, message);
  if (inSummary) {
    summaryOfErrors();
    summaryList.replaceChildren(summaryItem(input, message));
    summary.hidden = false;
    focusSummary();
  }
}

/** Every error of a form at once: each beside its field, all in the summary
 *  in the order of the form, and (unless `focus` is false) focus on the
 *  summary. An error may carry `reveal`, run before its link focuses it. */
export function showErrors(errors, { focus = true } = {}) {
  const sorted = [...errors].sort((a, b) =>
    a.input === b.input
      ? 0
      : a.input.compareDocumentPosition(b.input) & Node.DOCUMENT_POSITION_FOLLOWING
        ? -1
        : 1,
  );
  for (const { input, message } of sorted) markField(input, message);
  summaryOfErrors();
  summaryList.replaceChildren(
    ...sorted.map(({ input, message, reveal }) => summaryItem(input, message, reveal)),
  );
  summary.hidden = sorted.length === 0;
  if (focus && sorted.length > 0) focusSummary();
}

/** Clears one field's error, and its line in the summary (the summary goes
 *  when nothing is left in it). */
export function clearFieldError(input) {
  const element = errorElement(input);
  if (element) {
    element.replaceChildren();
    element.hidden = true;
  }
  input.removeAttribute("aria-invalid");
  input.closest(".field")?.classList.remove("field--error");
  describedBy(input, false);
  for (const link of summaryList.querySelectorAll(`a[data-field="${input.id}"]`)) {
    link.closest("li").remove();
  }
  summary.hidden = summaryList.children.length === 0;
}

/** Clears every field error inside `root` and the summary. */
export function clearErrors(root) {
  for (const input of root.querySelectorAll("[aria-invalid='true']")) clearFieldError(input);
  summaryList.replaceChildren();
  summaryOfErrors();
  summary.hidden = true;
}

/**
 * The engine's warnings beside their fields ({input, message}), each in the
 * field's `-warning` element: amber, never blocking, not in the error
 * summary. Every other warning inside `root` is cleared.
 */
export function showWarnings(root, warnings) {
  const touched = new Set();
  for (const element of root.querySelectorAll(".field__warning")) {
    element.replaceChildren();
    element.hidden = true;
    touched.add(element.id.replace(/-warning$/, ""));
  }
  for (const { input, message } of warnings) {
    const element = document.getElementById(`${input.id}-warning`);
    if (!element) continue;
    if (!element.hidden) {
      element.append(" ", message);
      continue;
    }
    const prefix = document.createElement("span");
    prefix.className = "visually-hidden";
    prefix.textContent = `${t("warnings.prefix")} `;
    element.append(prefix, message);
    element.hidden = false;
    touched.add(input.id);
  }
  for (const id of touched) {
    const input = document.getElementById(id);
    if (input) describedBy(input, input.getAttribute("aria-invalid") === "true");
  }
}

/** Hides the error from a command, if one is shown. */
export function clearAppError() {
  appError.hidden = true;
  appError.textContent = "";
}

/** An error from a command ({code, message}) that is not about one field:
 *  its sentence, in words (the code is the log's, kept on the element for
 *  tests, never shown to the owner). */
export function showAppError(error) {
  appError.textContent = error.message;
  appError.dataset.code = error.code;
  appError.hidden = false;
}

/**
 * Asks the system dialog (opened by Rust, with the file types of `purpose`)
 * for the files to open or the file to save to: `pickFile` gives one
 * {token, name}, `pickFiles` a list. null when the owner cancels, or when
 * the dialog fails, which is then shown as an app error. The token is what
 * a command takes; the page never holds a path.
 */
export async function pickFile(purpose, title, suggestedName) {
  const picked = await pickFiles(purpose, title, suggestedName);
  return picked?.[0] ?? null;
}

export async function pickFiles(purpose, title, suggestedName) {
  try {
    const picked = await api.choose(purpose, { title, suggestedName });
    return picked && picked.length > 0 ? picked : null;
  } catch (error) {
    showAppError(error);
    return null;
  }
}
