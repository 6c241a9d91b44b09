// Error display in the GOV.UK pattern: a summary at the top linking to each
// field, and the message beside the field, tied to it by aria-describedby.
import { t } from "./i18n.js";

const summary = document.getElementById("error-summary");
const summaryList = document.getElementById("error-summary-list");
const appError = document.getElementById("app-error");

function errorElement(input) {
  return document.getElementById(`${input.id}-error`);
}

function describedBy(input, withError) {
  const hint = `${input.id}-hint`;
  input.setAttribute("aria-describedby", withError ? `${hint} ${input.id}-error` : hint);
}

function markField(input, message) {
  const element = errorElement(input);
  element.replaceChildren();
  const prefix = document.createElement("span");
  prefix.className = "visually-hidden";
  prefix.textContent = `${t("errors.prefix")} `;
  element.append(prefix, message);
  element.hidden = false;
  input.setAttribute("aria-invalid", "true");
  input.closest(".field").classList.add("field--error");
  describedBy(input, true);
}

function summaryItem(input, message) {
  const link = document.createElement("a");
  link.href = `#${input.id}`;
  link.textContent = message;
  link.dataset.field = input.id;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    input.focus();
  });
  const item = document.createElement("li");
  item.append(link);
  return item;
}

/** One field's error beside it; with `summary`, the summary holds just it. */
export function showFieldError(input, message, { summary: inSummary }) {
  markField(input, message);
  if (inSummary) {
    summaryList.replaceChildren(summaryItem(input, message));
    summary.hidden = false;
    summary.focus();
  }
}

/** Every error of a form at once: each beside its field, all in the summary
 *  in the order of the form, and focus on the summary. */
export function showErrors(errors) {
  const sorted = [...errors].sort((a, b) =>
    a.input.compareDocumentPosition(b.input) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
  for (const { input, message } of sorted) markField(input, message);
  summaryList.replaceChildren(...sorted.map(({ input, message }) => summaryItem(input, message)));
  summary.hidden = sorted.length === 0;
  if (sorted.length > 0) summary.focus();
}

/** Clears one field's error, and its line in the summary (the summary goes
 *  when nothing is left in it). */
export function clearFieldError(input) {
  const element = errorElement(input);
  element.replaceChildren();
  element.hidden = true;
  input.removeAttribute("aria-invalid");
  input.closest(".field").classList.remove("field--error");
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
  summary.hidden = true;
}

/** An error from a command ({code, message}) that is not about one field. */
export function showAppError(error) {
  appError.textContent = `${error.message} (${error.code})`;
  appError.dataset.code = error.code;
  appError.hidden = false;
}
