// Where each of the engine's problems belongs: its step, and the field it
// is shown beside (the summary links there). Only the revealed steps show
// their errors, so a new claim does not open full of red.
import { $ } from "../dom.js";
import { t } from "../i18n.js";
import { clearErrors, showErrors, showResolved, showWarnings, summaryHeight, summaryListsErrors } from "../form.js";
import { salesInputId } from "../sales-grid.js";
import { state } from "./state.js";

const view = document.getElementById("view-editor");

/** The step a problem's `focus` (its field path) belongs to. */
export function stepOf(focus) {
  if (/^(business|incident|period)/.test(focus)) return "incident";
  if (focus.startsWith("affected_services")) return "services";
  if (/^(daily_sales|baseline)/.test(focus)) return "sales";
  if (focus.startsWith("lost_orders")) return "orders";
  if (/^(extra_costs|margin_bp|narrative)/.test(focus)) return "costs";
  if (focus.startsWith("evidence")) return "evidence";
  return "review";
}

export function hasErrors() {
  return Boolean(state.assessed?.problems.some((p) => p.error));
}

/** Whether no service is chosen (a warning, said once before she moves on). */
export function noServiceChosen() {
  return Boolean(state.assessed?.problems.some((p) => p.code === "W_SERVICES_EMPTY"));
}

/** The errors that belong to `step`. */
export function errorsOf(step) {
  return (state.assessed?.problems ?? []).filter((p) => p.error && stepOf(p.focus) === step);
}

/** The element a problem's `focus` names, or null (then the step's heading). */
function targetFor(focus) {
  const doc = state.doc;
  let match;
  if ((match = focus.match(/^daily_sales@(.+)$/))) return $(salesInputId(match[1]));
  if ((match = focus.match(/^daily_sales\[(\d+)\]/))) {
    const date = doc.daily_sales?.[Number(match[1])]?.date;
    return typeof date === "string" ? $(salesInputId(date)) : null;
  }
  if (focus === "daily_sales") return $("sales-rows").querySelector(".grid__row--period input");
  if ((match = focus.match(/^lost_orders\[(\d+)\](?:\.(\w+))?/))) return $(`order-${match[1]}-${match[2] ?? "at"}`);
  if (focus === "lost_orders") return $("orders-add");
  if ((match = focus.match(/^extra_costs\[(\d+)\](?:\.(\w+))?/))) return $(`cost-${match[1]}-${match[2] ?? "amount"}`);
  if (focus === "extra_costs") return $("costs-add");
  if ((match = focus.match(/^evidence@(\w+)$/))) return $(`evidence-${match[1]}`);
  if (focus.startsWith("evidence")) return $("evidence-other");
  if (focus.startsWith("affected_services")) return view.querySelector("#services-list input");
  if (focus.startsWith("business")) return $("claim-business");
  if (focus === "incident.start" || focus === "incident.end") {
    // Beside a preset, the shop's own times (spec §3.1) are in the same
    // fields, shown once the owner said its outage differed.
    const ownTimes = doc.incident?.start || doc.incident?.end;
    return $(doc.incident?.preset && !ownTimes ? "incident-choice" : focus.replace(".", "-"));
  }
  if (focus.startsWith("incident")) return $(doc.incident?.preset || !doc.incident ? "incident-choice" : "incident-start");
  if (focus === "period.to") return $("period-to");
  if (focus.startsWith("period")) return $("period-from");
  if (focus === "baseline.weeks") return $("baseline-weeks");
  if (focus.startsWith("baseline")) return $("baseline-method");
  if (focus === "margin_bp") return $("margin");
  if (focus === "narrative") return $("narrative");
  return null;
}

/** After an assessment: a free-text field holding a customer's name or a
 *  phone number says, at the field, how it leaves the shop (masked, as
 *  the engine masks it), and goes back to its plain hint once it does not. */
export function refreshMaskedText() {
  const masked = new Map();
  for (const item of state.assessed?.masked_text ?? []) {
    const target = targetFor(item.field);
    if (target?.id) masked.set(target.id, item.leaves_as);
  }
  for (const hint of view.querySelectorAll(".field__hint[data-masked]")) {
    if (masked.has(hint.id.replace(/-hint$/, ""))) continue;
    hint.textContent = hint.dataset.plain ?? "";
    hint.classList.remove("field__hint--masked");
    delete hint.dataset.masked;
  }
  for (const [id, value] of masked) {
    const hint = document.getElementById(`${id}-hint`);
    if (!hint) continue;
    if (hint.dataset.masked === undefined) hint.dataset.plain = hint.textContent;
    hint.dataset.masked = "";
    hint.classList.add("field__hint--masked");
    hint.textContent = t("editor.maskedText", { value });
  }
}

/** The per-day "no sales for this day" errors (E_SALES_MISSING for the
 *  period, E_BASELINE_MISSING for the days compared with) become one each,
 *  at the first such day: "아직 입력하지 않은 날 11일", not a red grid. */
function summariseMissingDays(problems) {
  const kinds = { E_SALES_MISSING: "editor.sales.missingDays", E_BASELINE_MISSING: "editor.sales.missingBaselineDays" };
  const perDay = (p) => kinds[p.code] && p.focus.startsWith("daily_sales@");
  const out = [];
  for (const problem of problems) {
    if (!perDay(problem)) {
      out.push(problem);
      continue;
    }
    if (out.some((p) => p.code === problem.code && p.summarised)) continue;
    const count = problems.filter((p) => p.code === problem.code && perDay(p)).length;
    out.push(count === 1 ? problem : { ...problem, message: t(kinds[problem.code], { count }), summarised: true });
  }
  return out;
}

/** The errors as the owner sees them: those of the revealed steps, the
 *  empty days summarised. */
export function shownErrors() {
  return summariseMissingDays(
    (state.assessed?.problems ?? []).filter(
      (p) => p.error && state.revealed.has(stepOf(p.focus)) && !state.fresh.has(cardOf(p.focus)),
    ),
  );
}

/** The card a problem's `focus` is in ("lost_orders[2]"), or null. */
function cardOf(focus) {
  return focus.match(/^(?:lost_orders|extra_costs)\[\d+\]/)?.[0] ?? null;
}

/** The prefix of the ids of a card's fields ("order-2-", "cost-0-"). */
function fieldPrefix(card) {
  const [, list, index] = card.match(/^(\w+)\[(\d+)\]$/);
  return `${list === "lost_orders" ? "order" : "cost"}-${index}-`;
}

/** A card just added: its errors wait until the focus leaves it. */
export function markFresh(card) {
  state.fresh.add(card);
}

/** The focus moved to `element`: the fresh cards it is not in are fresh
 *  no more. True when one stopped being fresh (its errors may show now). */
export function leftFreshCards(element) {
  let left = false;
  for (const card of [...state.fresh]) {
    if (!element?.id?.startsWith(fieldPrefix(card))) {
      state.fresh.delete(card);
      left = true;
    }
  }
  return left;
}

/** The errors of the revealed steps, beside their fields and in the
 *  summary; following a summary link calls `reveal(step)` first. */
export function renderErrors({ focus, reveal }) {
  // Errors all fixed on this step: the summary's place is kept (as a calm
  // note) until the step changes, so the page does not jump up under the
  // owner's next click.
  const keepPlace = summaryListsErrors() || (resolvedOn === state.step && summaryHeight() > 0);
  const height = summaryHeight();
  clearErrors(view);
  // The chosen business's warnings (its bank account) beside the chooser:
  // the money is paid there, so the owner sees them where she picks it.
  // No service chosen, once she has been past the step: a claim that
  // names no failed service is hard for the association to place.
  const warnings = (state.assessed?.problems ?? []).filter((p) => !p.error);
  showWarnings(view, [
    ...warnings
      .filter((p) => p.focus.startsWith("business"))
      .map((p) => ({ input: $("claim-business"), message: p.message })),
    ...warnings
      .filter((p) => p.code === "W_SERVICES_EMPTY" && state.revealed.has("services"))
      .map((p) => ({ input: $("services-list"), message: p.message })),
  ]);
  if (!state.assessed) return;
  const errors = shownErrors()
    .map((problem) => {
      const owner = stepOf(problem.focus);
      const input = targetFor(problem.focus) ?? $(`step-${owner}-title`);
      return { input, message: problem.message, reveal: () => reveal(owner) };
    });
  showErrors(errors, { focus });
  if (errors.length === 0 && keepPlace) {
    resolvedOn = state.step;
    showResolved(height);
  } else {
    resolvedOn = null;
  }
}

/** The step whose errors were all fixed while the summary showed them. */
let resolvedOn = null;
