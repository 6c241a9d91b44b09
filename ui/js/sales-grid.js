// The daily sales grid: one row per date the claim needs (its period and
// the days it is compared with), as the rules engine lists them, with the
// baseline and the drop per day beside each day of the period, and the three
// baseline methods side by side. Pasting one column (amounts) or two (date,
// amount) copied from Excel fills it.
import { formatWon, t } from "./i18n.js";
import { composing, wonOrDash as won } from "./dom.js";
import { showAmount } from "./entry.js";

const rows = document.getElementById("sales-rows");
const empty = document.getElementById("sales-empty");
const pasted = document.getElementById("sales-pasted");
const methodRows = document.getElementById("methods-rows");

let shownDates = "";

/** The grid input of a date (`sales-2022-10-15`). */
export function salesInputId(date) {
  return `sales-${date}`;
}

function signedWon(value) {
  if (value === null || value === undefined) return "–";
  return value < 0 ? `−${formatWon(-value)}` : formatWon(value);
}

function amountOf(document, date) {
  const row = (document.daily_sales ?? []).find((r) => r && r.date === date);
  return row ? showAmount(row.amount) : "";
}

function buildRow(day, document, { onAmount, onPaste, onSettled }) {
  const id = salesInputId(day.date);
  const tr = window.document.createElement("tr");
  tr.dataset.date = day.date;
  // Every day listed outside the period is one the period is compared
  // with (the engine lists no others): marked so, as the period is.
  tr.className = [day.in_period ? "grid__row--period" : "grid__row--compared", day.holiday ? "grid__row--holiday" : ""]
    .join(" ")
    .trim();

  const dateCell = window.document.createElement("th");
  dateCell.scope = "row";
  const label = window.document.createElement("label");
  label.htmlFor = id;
  label.textContent = day.label;
  const hint = window.document.createElement("span");
  hint.id = `${id}-hint`;
  hint.className = "grid__hint";
  const marks = [];
  marks.push(t(day.in_period ? "editor.sales.inPeriod" : "editor.sales.compared"));
  if (day.holiday) marks.push(t("editor.sales.holiday", { name: day.holiday }));
  hint.textContent = marks.join(" · ");
  dateCell.append(label, hint);

  const amountCell = window.document.createElement("td");
  amountCell.className = "field";
  const error = window.document.createElement("p");
  error.className = "field__error";
  error.id = `${id}-error`;
  error.hidden = true;
  const input = window.document.createElement("input");
  input.className = "field__input field__input--amount";
  input.id = id;
  input.type = "text";
  input.inputMode = "numeric";
  input.autocomplete = "off";
  input.maxLength = 200; // what one cell may send (the window's bound)
  input.value = amountOf(document, day.date);
  input.setAttribute("aria-describedby", hint.id);
  const typed = () => {
    // What the last paste or file filled is no longer what the grid holds.
    pasted.hidden = true;
    onAmount(day.date, input.value);
  };
  // A syllable being composed ("39마" on the way to "39만") is not an
  // amount yet: the cell is read once the input method commits it.
  input.addEventListener("input", (event) => {
    if (!event.isComposing) typed();
  });
  input.addEventListener("compositionend", typed);
  // Enter goes down a day and Shift+Enter up, as in a spreadsheet; never
  // the Enter that commits a syllable (Chromium sends it before the
  // commit, WebKit after, as keyCode 229).
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || composing(event) || event.altKey || event.ctrlKey) return;
    const next = event.shiftKey ? tr.previousElementSibling : tr.nextElementSibling;
    const target = next?.querySelector("input");
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.select();
  });
  // Leaving the cell: it shows the amount as read ("88만9800" → 889,800).
  input.addEventListener("change", () => onSettled?.(day.date));
  input.addEventListener("paste", (event) => {
    const text = event.clipboardData?.getData("text/plain") ?? "";
    // A single value is an ordinary paste into this cell.
    if (!/[\t\n]/.test(text.trim())) return;
    event.preventDefault();
    onPaste(day.date, text);
  });
  amountCell.append(error, input);

  const baseline = window.document.createElement("td");
  baseline.className = "grid__number";
  baseline.dataset.column = "baseline";
  const drop = window.document.createElement("td");
  drop.className = "grid__number";
  drop.dataset.column = "drop";
  tr.append(dateCell, amountCell, baseline, drop);
  return tr;
}

/** Draws the grid for `assessed` (rebuilt only when its dates change, so
 *  typing keeps its place), then the computed columns. */
export function renderSalesGrid(assessed, document, handlers) {
  const dates = assessed.sales_dates;
  const key = dates.map((d) => `${d.date}${d.label}`).join(",");
  if (key !== shownDates) {
    shownDates = key;
    rows.replaceChildren(...dates.map((day) => buildRow(day, document, handlers)));
  }
  empty.hidden = dates.length > 0;
  const days = new Map(assessed.report.days.map((day) => [day.date, day]));
  for (const tr of rows.children) {
    const day = days.get(tr.dataset.date);
    tr.querySelector("[data-column=baseline]").textContent = day ? won(day.baseline) : "";
    const drop = tr.querySelector("[data-column=drop]");
    drop.textContent = day ? signedWon(day.drop) : "";
    drop.classList.toggle("grid__number--gain", Boolean(day && day.drop !== null && day.drop < 0));
  }
  renderMethods(assessed, handlers.methodLabel);
}

/** Forgets the drawn rows (another claim, or another language). */
export function resetSalesGrid() {
  shownDates = "";
  rows.replaceChildren();
  pasted.hidden = true;
}

function renderMethods(assessed, methodLabel) {
  methodRows.replaceChildren(
    ...assessed.methods.map((totals) => {
      const tr = window.document.createElement("tr");
      const chosen = totals.method === assessed.method;
      tr.className = chosen ? "grid__row--chosen" : "";
      const name = window.document.createElement("th");
      name.scope = "row";
      name.textContent = methodLabel(totals.method);
      if (chosen) {
        const mark = window.document.createElement("strong");
        mark.className = "tag";
        mark.textContent = t("editor.methods.chosen");
        name.append(" ", mark);
      }
      if (!totals.usable) {
        const note = window.document.createElement("span");
        note.className = "grid__hint";
        note.textContent = t("editor.methods.unusable");
        name.append(note);
      }
      const cells = [totals.baseline, totals.actual, totals.sales_drop].map((value) => {
        const td = window.document.createElement("td");
        td.className = "grid__number";
        td.textContent = won(value);
        return td;
      });
      tr.append(name, ...cells);
      return tr;
    }),
  );
}

/** A status message above the grid (read out by screen readers). */
export function showSalesNotice(text) {
  pasted.textContent = text;
  pasted.hidden = false;
}

/** Says what a paste filled. */
export function showPasted(filled, skipped) {
  showSalesNotice(
    skipped > 0 ? t("editor.sales.pastedSkipped", { filled, skipped }) : t("editor.sales.pasted", { filled }),
  );
}
