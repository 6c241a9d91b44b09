// The association desk's shared state: the table as asked, the claim shown
// in the detail, the labels of the codes (from Rust), and the green notice.
import * as api from "../api.js";
import { locale, t } from "../i18n.js";
import { $ } from "../dom.js";

export const PAGE = 100;

export const MOVES = ["checked", "forwarded", "returned", "received"];

/** The table as asked: filters, order and page; `estimated` when `total`
 *  is the server's estimate (tens of thousands of matches), not a count. */
export const table = { sort: "received", descending: true, offset: 0, total: 0, estimated: false, rows: [] };

/** The table's total as the staff read it: "약 1,000,000" when estimated. */
export function totalText() {
  return table.estimated ? t("assoc.about", { count: table.total.toLocaleString("ko-KR") }) : table.total;
}

/** How many claims the table is known to have: an estimate bounds nothing
 *  (a page shorter than asked is then the last). */
export function reach() {
  return table.estimated ? Number.POSITIVE_INFINITY : table.total;
}

/** The claim shown in the detail and what the detail is in the middle of:
 *  - `claim`: its whole record from `assoc_claim` (null: the table shows);
 *  - `at`: where it last stood in the whole table (0-based), so the next
 *    claim is found even when a move takes it out of the filter;
 *  - `lastMove`: the last move made, to undo in place: {id, from};
 *  - `confirming`: what the confirmation box will do when the staff say yes;
 *  - `askedFrom`: where the focus was when the confirmation asked: it goes
 *    back there on Esc or 아니요 (not to <body>, where no shortcut reaches). */
export const shown = { claim: null, at: -1, lastMove: null, confirming: null, askedFrom: null };

export const labels = { industries: new Map(), regions: new Map(), services: new Map(), kinds: new Map(), incidents: new Map() };

export async function loadLabels() {
  const data = await api.referenceData(locale());
  Object.assign(labels, {
    industries: new Map(data.industries.map((c) => [c.code, c.label])),
    regions: new Map(data.regions.map((c) => [c.code, c.label])),
    services: new Map(data.services.map((c) => [c.code, c.label])),
    kinds: new Map(data.evidence_kinds.map((c) => [c.code, c.label])),
    incidents: new Map(data.incidents.map((p) => [p.code, p.title])),
  });
}

/** A message in the green box; the red box of failures goes. */
export function showDone(text) {
  $("assoc-result-text").textContent = text;
  $("assoc-result").hidden = false;
  $("assoc-failed").hidden = true;
}
