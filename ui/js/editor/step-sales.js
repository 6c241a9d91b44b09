// Step 3: the daily sales grid and how the sales are compared. Every way a
// day's sales go in (typed into a cell, pasted, taken from a sales file)
// is one rule in Rust (`claim_import::put_daily_sales`, on the grid's
// dates): this module sends what the owner gave and takes the document
// back.
import * as api from "../api.js";
import { t } from "../i18n.js";
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

/** The engine's holiday warnings (a day compared with a holiday, or a
 *  holiday with a working day) come with the method that avoids them. */
function offerHolidayFreeMethod() {
  const holidays = (state.assessed?.problems ?? []).filter((p) => p.code === "W_BASELINE_HOLIDAY");
  $("baseline-holiday").hidden = holidays.length === 0;
  $("baseline-holiday-text").textContent =
    holidays.length === 0
      ? ""
      : t("editor.holiday.offer", { count: holidays.length, method: methodLabel("average_weeks") });
}

function switchToAverageWeeks() {
  change((d) => {
    d.baseline = { ...(d.baseline ?? {}), method: "average_weeks" };
  });
  renderMethodChoices();
  $("baseline-holiday").hidden = true;
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
  $("baseline-holiday-switch").addEventListener("click", switchToAverageWeeks);
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
