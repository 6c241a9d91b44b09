// The work table: search, filters, sortable columns, a page at a time (the
// query runs in the store), moved through by keyboard.
import * as api from "../api.js";
import { formatWon, locale, t } from "../i18n.js";
import { showAppError } from "../form.js";
import { $, cell } from "../dom.js";
import { kstMinute, readAmount } from "../entry.js";
import { labels, PAGE, reach, shown, table, totalText } from "./state.js";
import { review, showDetail, step, updateNav } from "./detail.js";

let latest = 0;
/** The search's pending query: typing waits a moment before asking. */
let typing = null;

function flags(claim) {
  const list = [];
  if (claim.error_count > 0) list.push(t("assoc.flag.errors", { count: claim.error_count }));
  if (claim.missing_evidence.length > 0) list.push(t("assoc.flag.missing", { count: claim.missing_evidence.length }));
  if (claim.superseded_by) list.push(t("assoc.flag.replaced"));
  if (claim.held_state === "held") list.push(t(claim.two_senders ? "assoc.flag.twoSenders" : "assoc.flag.held"));
  return list.length > 0 ? list.join(" · ") : t("assoc.flag.none");
}

export function row(claim, index) {
  const tr = document.createElement("tr");
  tr.dataset.id = claim.id;
  tr.dataset.index = String(index);
  // One row is in the tab order at a time; the arrows move between them.
  tr.tabIndex = index === 0 ? 0 : -1;
  tr.setAttribute("aria-label", t("assoc.openLabel", { name: claim.business_name ?? "-", number: claim.intake_number ?? claim.claim_number ?? "" }));
  if (claim.error_count > 0 || claim.missing_evidence.length > 0 || claim.held_state === "held") {
    tr.className = "assoc-row--flagged";
  }
  const business = document.createElement("span");
  business.textContent = claim.business_name ?? "-";
  // The shop's own number stays beside its business (every shop counts
  // from CD-2022-000001); the association's number leads the row.
  if (claim.claim_number) {
    const shopNumber = document.createElement("small");
    shopNumber.className = "claims__brn";
    shopNumber.textContent = ` ${claim.claim_number}`;
    business.append(shopNumber);
  }
  if (claim.registration_number_shown) {
    const small = document.createElement("small");
    small.className = "claims__brn";
    small.textContent = ` ${claim.registration_number_shown}`;
    business.append(small);
  }
  const review = document.createElement("span");
  review.className = `status status--${claim.review}`;
  review.textContent = t(`assoc.review.${claim.review}`);
  tr.append(
    cell(claim.intake_number ?? "-"),
    cell(business),
    cell(kstMinute(claim.received_at)),
    cell(claim.claimed === null ? "-" : formatWon(claim.claimed), "claims__amount"),
    cell(claim.tier_label),
    cell(flags(claim), "assoc-flags"),
    cell(review),
  );
  tr.addEventListener("click", () => showDetail(claim.id));
  return tr;
}

/** The filters as the table query takes them. */
function query() {
  const value = (id) => $(id).value;
  const yesNo = (id) => (value(id) === "yes" ? true : value(id) === "no" ? false : undefined);
  const amount = (id) => {
    const read = readAmount(value(id));
    return typeof read === "number" ? read : undefined;
  };
  const q = {
    sort: table.sort,
    descending: table.descending,
    offset: table.offset,
    limit: PAGE,
    all: $("assoc-show-all").checked,
  };
  const text = value("assoc-search").trim();
  if (text) q.text = text;
  if (value("assoc-review-filter")) q.review = value("assoc-review-filter");
  if (yesNo("assoc-errors-filter") !== undefined) q.errors = yesNo("assoc-errors-filter");
  if (yesNo("assoc-missing-filter") !== undefined) q.missing_documents = yesNo("assoc-missing-filter");
  if (value("assoc-region-filter")) q.region = value("assoc-region-filter");
  if (value("assoc-industry-filter")) q.industry = value("assoc-industry-filter");
  if (value("assoc-service-filter")) q.service = value("assoc-service-filter");
  if (amount("assoc-min") !== undefined) q.claimed_at_least = amount("assoc-min");
  if (amount("assoc-max") !== undefined) q.claimed_at_most = amount("assoc-max");
  return q;
}

export async function refreshTable() {
  const request = ++latest;
  let page;
  try {
    page = await api.assocTable(query(), locale());
  } catch (error) {
    showAppError(error);
    return;
  }
  if (request !== latest) return; // a newer query has answered
  table.total = page.total;
  table.estimated = page.estimated === true;
  table.rows = page.rows;
  // A redraw keeps the keyboard where it was: the staff walking the rows
  // stay on the same claim (or the first row, when that claim left the
  // page), not on <body> where no shortcut reaches.
  const rows = $("assoc-rows");
  const focused = rows.contains(document.activeElement) ? document.activeElement.closest("tr")?.dataset.id : undefined;
  rows.replaceChildren(...page.rows.map(row));
  if (focused !== undefined) {
    const again = page.rows.findIndex((claim) => claim.id === focused);
    if (again >= 0 || page.rows.length > 0) focusRow(Math.max(again, 0));
    else $("assoc-search").focus();
  }
  $("assoc-rows").dataset.loaded = String(request);
  // Whether what is shown is all of it: the count says when conditions
  // narrow it, and the way back to everything is beside them.
  const on = activeFilters();
  $("assoc-count").textContent = on > 0 ? t("assoc.countFiltered", { count: totalText(), filters: on }) : t("assoc.count", { count: totalText() });
  $("assoc-filters-reset").hidden = on === 0 && !$("assoc-show-all").checked;
  if (FOLDED_FILTERS.some((id) => isSet(id))) $("assoc-more-filters").open = true;
  const first = page.total === 0 ? 0 : page.offset + 1;
  $("assoc-page").textContent = t("assoc.page", { first, last: page.offset + page.rows.length, total: totalText() });
  $("assoc-page-prev").disabled = page.offset === 0;
  $("assoc-page-next").disabled = table.estimated ? page.rows.length < PAGE : page.offset + page.rows.length >= page.total;
  for (const th of document.querySelectorAll("#assoc-table th[data-sort]")) {
    if (th.dataset.sort === table.sort) th.setAttribute("aria-sort", table.descending ? "descending" : "ascending");
    else th.removeAttribute("aria-sort");
  }
  if (shown.claim) updateNav();
}

/** The first page again (a filter or the order changed). It asks with
 *  every field as it is now, the search's text too: a search typed just
 *  before is asked here, not once more a moment later (a second redraw). */
export function requery() {
  clearTimeout(typing);
  typing = null;
  table.offset = 0;
  refreshTable();
}

/** The search typed: asked once the typing pauses. */
export function searchTyped() {
  clearTimeout(typing);
  typing = setTimeout(requery, 250);
}

/** Every filter of the work table, by its field. */
const FILTERS = [
  "assoc-search",
  "assoc-review-filter",
  "assoc-errors-filter",
  "assoc-missing-filter",
  "assoc-region-filter",
  "assoc-industry-filter",
  "assoc-service-filter",
  "assoc-min",
  "assoc-max",
];

/** Those folded under 조건 더 보기 (with 새 청구서로 바뀐 것도 보기, which
 *  shows more rather than narrowing, so it is no condition). */
const FOLDED_FILTERS = [...FILTERS.slice(4), "assoc-show-all"];

function isSet(id) {
  const field = $(id);
  return field.type === "checkbox" ? field.checked : field.value.trim() !== "";
}

/** How many conditions narrow the table now. */
function activeFilters() {
  return FILTERS.filter(isSet).length;
}

/** Back to every claim: each condition cleared, the search focused. */
export function resetFilters() {
  for (const id of [...FILTERS, "assoc-show-all"]) {
    const field = $(id);
    if (field.type === "checkbox") field.checked = false;
    else field.value = "";
  }
  requery();
  $("assoc-search").focus();
}

export function sortBy(column) {
  if (table.sort === column) table.descending = !table.descending;
  else {
    table.sort = column;
    // Newest, largest and latest first; names and numbers from the start.
    table.descending = column === "received" || column === "claimed";
  }
  requery();
}

async function turnPage(step) {
  const offset = table.offset + step * PAGE;
  if (offset < 0 || offset >= Math.max(reach(), 1)) return false;
  // An estimated total bounds nothing: a short page is the last.
  if (step > 0 && table.estimated && table.rows.length < PAGE) return false;
  table.offset = offset;
  await refreshTable();
  return true;
}

/** Focuses the table's row `index` (counted from the end when negative). */
export function focusRow(index) {
  const rows = [...$("assoc-rows").querySelectorAll("tr")];
  if (rows.length === 0) return;
  const target = rows[Math.max(0, Math.min(rows.length - 1, index < 0 ? rows.length + index : index))];
  for (const tr of rows) tr.tabIndex = tr === target ? 0 : -1;
  target.focus();
}

/** The page turned by 이전 쪽/다음 쪽: its top in view, where reading starts. */
export async function turnPageToTop(step) {
  if (await turnPage(step)) $("assoc-count").scrollIntoView({ block: "start" });
}

/** ↑/↓ move between rows (past the last row, to the next page's first; above
 *  the first, to the previous page's last), Home/End to the first/last,
 *  Enter opens. */
export async function tableKeys(event) {
  const rows = [...$("assoc-rows").querySelectorAll("tr")];
  const at = rows.indexOf(document.activeElement);
  if (at < 0) return;
  const go = (index) => focusRow(Math.max(0, Math.min(rows.length - 1, index)));
  if (event.key === "ArrowDown" && at === rows.length - 1 && !$("assoc-page-next").disabled) {
    event.preventDefault();
    if (await turnPage(1)) focusRow(0);
    return;
  }
  if (event.key === "ArrowUp" && at === 0 && !$("assoc-page-prev").disabled) {
    event.preventDefault();
    if (await turnPage(-1)) focusRow(-1);
    return;
  }
  if (event.key === "ArrowDown") go(at + 1);
  else if (event.key === "ArrowUp") go(at - 1);
  else if (event.key === "Home") go(0);
  else if (event.key === "End") go(rows.length - 1);
  else if (event.key === "Enter" || event.key === " ") showDetail(rows[at].dataset.id);
  else return;
  event.preventDefault();
}

export function fillFilters() {
  const fill = (id, options) => {
    const select = $(id);
    const current = select.value;
    select.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
    select.value = current;
  };
  const all = ["", t("assoc.filterAll")];
  fill("assoc-review-filter", [all, ...["received", "checked", "forwarded", "returned"].map((s) => [s, t(`assoc.review.${s}`)])]);
  fill("assoc-errors-filter", [all, ["yes", t("assoc.errorsYes")], ["no", t("assoc.errorsNo")]]);
  fill("assoc-missing-filter", [all, ["yes", t("assoc.missingYes")], ["no", t("assoc.missingNo")]]);
  fill("assoc-region-filter", [all, ...labels.regions]);
  fill("assoc-industry-filter", [all, ...labels.industries]);
  fill("assoc-service-filter", [all, ...labels.services]);
}
