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

export function showFieldError(input, message, { summary: inSummary }) {
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
  if (inSummary) {
    const link = document.createElement("a");
    link.href = `#${input.id}`;
    link.textContent = message;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.focus();
    });
    const item = document.createElement("li");
    item.append(link);
    summaryList.replaceChildren(item);
    summary.hidden = false;
    summary.focus();
  }
}

export function clearFieldError(input) {
  const element = errorElement(input);
  element.replaceChildren();
  element.hidden = true;
  input.removeAttribute("aria-invalid");
  input.closest(".field").classList.remove("field--error");
  describedBy(input, false);
  summaryList.replaceChildren();
  summary.hidden = true;
}

/** An error from a command ({code, message}) that is not about one field. */
export function showAppError(error) {
  appError.textContent = `${error.message} (${error.code})`;
  appError.dataset.code = error.code;
  appError.hidden = false;
}
