// Association mode: the desk's entry, `refreshAssoc` and `initAssoc` (the
// wiring). Its sections are modules of their own under `assoc/`: intake
// (with 다음 청구서), replies (key, receipts, answers), charts, the table,
// one claim's detail, held changes, export; `assoc/state.js` holds what they
// share. Every number, flag, label and allowed move comes from Rust
// (`claim_assoc`); these files draw them.
import * as api from "./api.js";
import { showAppError } from "./form.js";
import { $, composing } from "./dom.js";
import { loadLabels, MOVES, shown } from "./assoc/state.js";
import { nextClaim, takeIn, uploadFiles } from "./assoc/intake.js";
import { chooseKey, makeReceipt, showKey, writeAnswers } from "./assoc/replies.js";
import { refreshStats, selectTab } from "./assoc/charts.js";
import { fillFilters, focusRow, refreshTable, requery, resetFilters, searchTyped, sortBy, tableKeys, turnPageToTop } from "./assoc/table.js";
import { askMove, backToList, clearNotices, declineConfirmation, detailKeys, review, step, undo } from "./assoc/detail.js";
import { decideHeld } from "./assoc/held.js";
import { backupNow, exportTable } from "./assoc/export.js";

export async function refreshAssoc({ keepDetail = false } = {}) {
  if (!keepDetail) {
    $("assoc-detail").hidden = true;
    $("assoc-list").hidden = false;
    shown.claim = null;
  }
  try {
    await loadLabels();
  } catch (error) {
    showAppError(error);
  }
  fillFilters();
  showKey(await api.assocSigningKeyGet().catch(() => null));
  const work = [refreshTable()];
  if (!$("assoc-panel-stats").hidden) work.push(refreshStats());
  await Promise.all(work);
}

export function initAssoc() {
  fillFilters();
  $("assoc-take-in").addEventListener("click", takeIn);
  $("assoc-upload").addEventListener("change", () => {
    const files = [...$("assoc-upload").files];
    $("assoc-upload").value = "";
    uploadFiles(files);
  });
  $("assoc-next-claim").addEventListener("click", nextClaim);
  $("assoc-cancel").addEventListener("click", () => api.assocCancel().catch(showAppError));
  $("assoc-export-csv").addEventListener("click", () => exportTable("csv"));
  $("assoc-export-xlsx").addEventListener("click", () => exportTable("xlsx"));
  $("assoc-answers").addEventListener("click", () => writeAnswers());
  $("assoc-backup").addEventListener("click", backupNow);
  $("assoc-answers-shop").addEventListener("click", () => writeAnswers({ shop: true }));
  $("assoc-key-choose").addEventListener("click", chooseKey);
  $("assoc-tab-table").addEventListener("click", () => selectTab("table"));
  $("assoc-tab-stats").addEventListener("click", () => selectTab("stats"));
  for (const tab of ["table", "stats"]) {
    $(`assoc-tab-${tab}`).addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const other = tab === "table" ? "stats" : "table";
      selectTab(other);
      $(`assoc-tab-${other}`).focus();
      event.preventDefault();
    });
  }
  $("assoc-filters-reset").addEventListener("click", resetFilters);
  $("assoc-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    requery();
  });
  // A syllable still being composed ("합ㅈ") is not searched for: the
  // search waits for the input method to commit it.
  $("assoc-search").addEventListener("input", (event) => {
    if (!event.isComposing) searchTyped();
  });
  $("assoc-search").addEventListener("compositionend", searchTyped);
  for (const id of ["assoc-review-filter", "assoc-errors-filter", "assoc-missing-filter", "assoc-region-filter", "assoc-industry-filter", "assoc-service-filter", "assoc-show-all", "assoc-min", "assoc-max"]) {
    $(id).addEventListener("change", requery);
  }
  for (const th of document.querySelectorAll("#assoc-table th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => sortBy(th.dataset.sort));
  }
  $("assoc-page-prev").addEventListener("click", () => turnPageToTop(-1));
  $("assoc-page-next").addEventListener("click", () => turnPageToTop(1));
  // From the search box, ↓ is the table's first row: one key, not a walk
  // through every filter.
  $("assoc-search").addEventListener("keydown", (event) => {
    if (composing(event) || event.key !== "ArrowDown" || event.altKey) return;
    event.preventDefault();
    focusRow(0);
  });
  $("assoc-rows").addEventListener("keydown", tableKeys);
  $("assoc-back").addEventListener("click", backToList);
  $("assoc-prev").addEventListener("click", () => step(-1));
  $("assoc-next").addEventListener("click", () => step(1));
  for (const move of MOVES) $(`assoc-move-${move}`).addEventListener("click", () => askMove(move));
  $("assoc-save-note").addEventListener("click", () => review(null));
  $("assoc-confirm-yes").addEventListener("click", () => {
    const action = shown.confirming;
    clearNotices();
    if (action) action();
  });
  $("assoc-confirm-no").addEventListener("click", declineConfirmation);
  $("assoc-undo").addEventListener("click", undo);
  $("assoc-held-apply").addEventListener("click", () => decideHeld(true));
  $("assoc-held-dismiss").addEventListener("click", () => decideHeld(false));
  $("assoc-open-pdf").addEventListener("click", () => api.assocPdfOpen(shown.claim.claim.id).catch(showAppError));
  $("assoc-receipt").addEventListener("click", makeReceipt);
  $("assoc-receipt-open").addEventListener("click", () => api.assocReceiptOpen(shown.claim.claim.id).catch(showAppError));
  $("assoc-detail").addEventListener("keydown", detailKeys);
}
