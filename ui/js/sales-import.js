// Sales from the shop's own file (POS, card terminal, Excel): the owner
// picks it, sees the day totals and the rows that could not be read (with
// their row numbers), and only then puts them into the grid. Reading and
// checking the file is Rust's (`previewSales`); this shows the answer.
import * as api from "./api.js";
import { formatDate, formatWon, locale, t } from "./i18n.js";
import { clearAppError, pickFile, showAppError } from "./form.js";
import { $ } from "./dom.js";

const panel = $("sales-import-preview");
/** The file the owner chose: {token, name}. */
let chosen = null;
let preview = null;
let claim = () => null;
let apply = () => {};

function show() {
  panel.hidden = false;
  $("sales-import-title").textContent = t("import.title", { file: chosen.name });
  const summary = $("sales-import-summary");
  summary.classList.remove("field__error");
  const days = preview.days;
  summary.textContent = [
    t("import.summary", {
      days: days.length,
      date: preview.columns.date_heading || "-",
      amount: preview.columns.amount_heading || "-",
      inGrid: preview.on_grid,
    }),
    preview.rejected.length > 0 ? t("import.summaryRejected", { count: preview.rejected.length }) : "",
  ]
    .join(" ")
    .trim();
  $("sales-import-days").hidden = false;
  $("sales-import-day-rows").replaceChildren(
    ...days.map((day) => {
      const tr = document.createElement("tr");
      const date = document.createElement("th");
      date.scope = "row";
      date.textContent = formatDate(day.date);
      const amount = document.createElement("td");
      amount.className = "grid__number";
      amount.textContent = formatWon(day.amount);
      const used = document.createElement("td");
      used.textContent = day.on_grid ? t("import.yes") : t("import.no");
      tr.append(date, amount, used);
      return tr;
    }),
  );
  $("sales-import-rejected-box").hidden = preview.rejected.length === 0;
  $("sales-import-rejected").replaceChildren(
    ...preview.rejected.map((rejected) => {
      const item = document.createElement("li");
      item.dataset.row = String(rejected.row);
      item.textContent = t("import.rejectedRow", rejected);
      return item;
    }),
  );
  $("sales-import-apply").disabled = preview.on_grid === 0;
  $("sales-import-skip").hidden = true;
  $("sales-import-title").focus();
}

/** The file could not be read: say why; for columns not found, ask for them. */
function showFailure(error) {
  panel.hidden = false;
  $("sales-import-title").textContent = t("import.title", { file: chosen.name });
  const summary = $("sales-import-summary");
  summary.textContent = error.message;
  summary.classList.add("field__error");
  $("sales-import-days").hidden = true;
  $("sales-import-rejected-box").hidden = true;
  $("sales-import-apply").disabled = true;
  const askColumns = error.code === "E_IMPORT_COLUMNS" || error.code === "E_IMPORT_COLUMN_UNKNOWN";
  $("sales-import-columns").hidden = !askColumns;
  if (askColumns) $("sales-import-date-column").focus();
  else $("sales-import-title").focus();
}

async function read(columns = null) {
  clearAppError();
  try {
    preview = await api.previewSales(chosen.token, locale(), columns, claim());
  } catch (error) {
    preview = null;
    if (error.code === "E_PAYLOAD" || error.code === "E_INTERNAL") showAppError(error);
    else showFailure(error);
    return;
  }
  if (!columns) $("sales-import-columns").hidden = true;
  show();
}

async function choose() {
  const picked = await pickFile("sales_file", t("import.dialogTitle"));
  if (!picked) return;
  chosen = picked;
  $("sales-import-date-column").value = "";
  $("sales-import-amount-column").value = "";
  await read();
}

function close() {
  panel.hidden = true;
  $("sales-import-skip").hidden = true;
  preview = null;
  $("sales-import").focus();
}

/**
 * `claim()` gives the claim being edited (Rust marks the file's days its
 * grid has); `onApply([{date, amount}])` puts the file's days in, and Rust
 * decides which (the grid's dates, by the rule `claimdesk import-sales`
 * uses).
 */
export function initSalesImport({ claim: current, onApply }) {
  claim = current;
  apply = onApply;
  $("sales-import").addEventListener("click", choose);
  $("sales-import-retry").addEventListener("click", () =>
    read({ date: $("sales-import-date-column").value.trim(), amount: $("sales-import-amount-column").value.trim() }),
  );
  $("sales-import-cancel").addEventListener("click", close);
  $("sales-import-apply").addEventListener("click", () => {
    // Rows that could not be read: asked first, naming them, before the
    // days that were read go in without them.
    if (preview.rejected.length > 0) {
      $("sales-import-skip-text").textContent = t("import.skipAsk", {
        rows: preview.rejected.map((rejected) => t("import.rowNumber", { row: rejected.row })).join(", "),
        count: preview.rejected.length,
      });
      $("sales-import-skip").hidden = false;
      $("sales-import-skip-yes").focus();
      return;
    }
    applyRead();
  });
  $("sales-import-skip-yes").addEventListener("click", applyRead);
  $("sales-import-skip-no").addEventListener("click", () => {
    $("sales-import-skip").hidden = true;
    $("sales-import-apply").focus();
  });
}

/** The days read go into the grid (Rust puts those on its dates). */
function applyRead() {
  const days = preview.days.map((day) => ({ date: day.date, amount: day.amount }));
  close();
  apply(days);
}

/** Another claim opened: nothing of the last file is shown. */
export function resetSalesImport() {
  panel.hidden = true;
  preview = null;
  chosen = null;
}
