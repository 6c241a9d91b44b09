// Step 3: the daily sales grid and how the sales are compared. Every way a
// day's sales go in (typed into a cell, pasted, taken from a sales file)
// is one rule in Rust (`claim_import::put_daily_sales`, on the grid's
// dates): this module sends what the owner gave and takes the document
// back.
import * as api from "../api.js";
import { formatDate, formatWon, t } from "../i18n.js";
import { $ } from "../dom.js";
import { showAmount } from "../entry.js";
import { renderSalesGrid, salesInputId, showPasted, showSalesNotice } from "../sales-grid.js";
import { initSalesImport } from "../sales-import.js";
import { radioChoice } from "./controls.js";
import { change, changeThrough, state } from "./state.js";

/** A comparison method's name in the current language. */
export function methodLabel(code) {
  return state.reference.baseline_methods.find((m) => m.code === code)?.label ?? code;
}

export function renderMethodChoices() {
  const { doc, reference } = state;
  const box = $("baseline-methods");
  const current = doc.baseline?.method ?? "prior_week";
  box.replaceChildren(
    ...reference.baseline_methods.map((method, index) =>
      radioChoice({
        group: "baseline-method",
        index,
        value: method.code,
        label: method.label,
        hint: t(`editor.method.${method.code}`),
        checked: method.code === current,
        onChange: () => {
          state.switchedFrom = null; // her own choice: no way back to offer
          change((d) => {
            d.baseline = { ...(d.baseline ?? {}), method: method.code };
          });
          $("baseline-weeks-box").hidden = method.code !== "average_weeks";
        },
      }),
    ),
  );
  $("baseline-weeks-box").hidden = current !== "average_weeks";
  $("baseline-weeks").value = doc.baseline?.weeks ?? "";
}

/** The grid for the latest assessment. */
export function renderSales() {
  renderSalesGrid(state.assessed, state.doc, { onAmount: typeSale, onPaste: pasteSales, onSettled: settleSale, methodLabel });
  offerHolidayFreeMethod();
}

/** The comparison that leaves holidays out. */
const HOLIDAY_FREE = "average_weeks";

/** "2022년 9월 17일(토)~2022년 10월 7일(금) 사이" for the days, in order. */
function span(days) {
  if (days.length === 0) return "";
  if (days.length === 1) return formatDate(days[0]);
  return t("editor.holiday.span", { from: formatDate(days[0]), to: formatDate(days[days.length - 1]) });
}

function amountLine(key, unknownKey, totals) {
  return typeof totals?.claimed === "number" ? t(key, { amount: formatWon(totals.claimed) }) : t(unknownKey);
}

/** The engine's holiday warnings (a day compared with a holiday, or a
 *  holiday with a working day) come with the method that avoids them and
 *  what switching costs: the days it adds, the amount now and after. Once
 *  she has switched: what is still missing, and the way back. */
function offerHolidayFreeMethod() {
  const assessed = state.assessed;
  const current = assessed?.method ?? "prior_week";
  const totalsOf = (code) => (assessed?.methods ?? []).find((m) => m.method === code);
  const holidays = (assessed?.problems ?? []).filter((p) => p.code === "W_BASELINE_HOLIDAY").length;
  const from = state.switchedFrom;
  const switched = from !== null && from !== current && current === HOLIDAY_FREE;
  const offered = !switched && holidays > 0 && current !== HOLIDAY_FREE;
  const lines = [];
  let text = "";
  if (offered) {
    const now = totalsOf(current);
    const after = totalsOf(HOLIDAY_FREE);
    const lacking = new Set(now?.without_sales ?? []);
    const more = (after?.without_sales ?? []).filter((day) => !lacking.has(day));
    text = t("editor.holiday.offer", { count: holidays, method: methodLabel(HOLIDAY_FREE) });
    lines.push(amountLine("editor.holiday.now", "editor.holiday.nowUnknown", now));
    lines.push(more.length > 0 ? t("editor.holiday.moreDays", { days: more.length, span: span(more) }) : t("editor.holiday.noMoreDays"));
    lines.push(after?.usable ? amountLine("editor.holiday.after", "editor.holiday.afterUnknown", after) : t("editor.holiday.afterUnknown"));
  } else if (switched) {
    const now = totalsOf(current);
    const before = totalsOf(from);
    const missing = now?.without_sales ?? [];
    text = t("editor.holiday.switched", { method: methodLabel(current) });
    lines.push(
      missing.length > 0
        ? t("editor.holiday.stillMissing", { days: missing.length, span: span(missing) })
        : amountLine("editor.holiday.amountNow", "editor.holiday.nowUnknown", now),
    );
    if (before?.usable && typeof before.claimed === "number") {
      lines.push(t("editor.holiday.before", { method: methodLabel(from), amount: formatWon(before.claimed) }));
    }
    $("baseline-holiday-back").textContent = t("editor.holiday.back", { method: methodLabel(from) });
  }
  $("baseline-holiday").hidden = !offered && !switched;
  $("baseline-holiday-text").textContent = text;
  $("baseline-holiday-costs").replaceChildren(
    ...lines.map((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      return item;
    }),
  );
  $("baseline-holiday-switch").hidden = !offered;
  $("baseline-holiday-back").hidden = !switched;
}

function switchMethod(to, from) {
  change((d) => {
    d.baseline = { ...(d.baseline ?? {}), method: to };
  });
  state.switchedFrom = from;
  renderMethodChoices();
}

function switchToHolidayFree() {
  const from = state.assessed?.method ?? "prior_week";
  switchMethod(HOLIDAY_FREE, from);
  // The box stays where it is and, once assessed, says what is missing;
  // her focus stays in it, on the way back.
  $("baseline-holiday-switch").hidden = true;
  $("baseline-holiday-back").textContent = t("editor.holiday.back", { method: methodLabel(from) });
  $("baseline-holiday-back").hidden = false;
  $("baseline-holiday-back").focus();
}

function switchBack() {
  const to = state.switchedFrom ?? "prior_week";
  switchMethod(to, null);
  document.querySelector("input[name='baseline-method']:checked")?.focus();
}

/** The daily sales Rust put in, into the claim. */
function salesOf(put) {
  const rows = put.document.daily_sales ?? [];
  return (d) => {
    d.daily_sales = rows;
  };
}

/** Shows the claim's amounts in the grid's cells (after a paste or a file,
 *  not while the owner types: the cell keeps what she typed). */
function showGridAmounts() {
  const rows = state.doc.daily_sales ?? [];
  for (const date of state.assessed?.sales_dates.map((day) => day.date) ?? []) {
    const input = $(salesInputId(date));
    if (input) input.value = showAmount(rows.find((r) => r && r.date === date)?.amount ?? "");
  }
}

/** The latest typed cell's edit, in the queue of edits. */
let typing = Promise.resolve();

function typeSale(date, text) {
  typing = changeThrough(async (document) => salesOf(await api.typeSale(document, date, text)));
}

/** The owner left a cell: once its edit is in, it shows the amount as
 *  read; text that did not read stays as typed (its error says why). */
function settleSale(date) {
  const input = $(salesInputId(date));
  const left = input?.value;
  typing.then(() => {
    const amount = (state.doc.daily_sales ?? []).find((r) => r && r.date === date)?.amount;
    // Only what she left there: if she is typing in the cell again, her
    // keys win.
    // An emptied cell shows nothing, whatever the claim held before.
    if (input && left !== "" && input.value === left && typeof amount === "number") input.value = showAmount(amount);
  });
}

function pasteSales(startDate, text) {
  changeThrough(async (document) => {
    const put = await api.pasteSales(document, startDate, text);
    showPasted(put.put, put.left_out);
    return salesOf(put);
  }).then(showGridAmounts);
}

function applySalesFile(days) {
  changeThrough(async (document) => {
    const put = await api.putSales(document, days);
    showSalesNotice(t("import.applied", { count: put.put }));
    return salesOf(put);
  }).then(showGridAmounts);
}

export function initSales() {
  $("baseline-holiday-switch").addEventListener("click", switchToHolidayFree);
  $("baseline-holiday-back").addEventListener("click", switchBack);
  initSalesImport({ claim: () => state.doc, onApply: applySalesFile });
  $("baseline-weeks").addEventListener("input", (event) => {
    const weeks = event.target.value.trim();
    change((d) => {
      d.baseline = { ...(d.baseline ?? {}) };
      if (weeks === "") delete d.baseline.weeks;
      else d.baseline.weeks = /^\d+$/.test(weeks) ? Number(weeks) : weeks;
    });
  });
}
