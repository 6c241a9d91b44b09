// Association mode: take in what shops sent (with progress and a cancel
// that keeps nothing), the work table (search, filters, sortable columns,
// a page at a time, the query in SQLite), one claim for a decision (the
// engine's errors and warnings, the documents, the lines, what changed,
// the review with fixed buttons confirmed or undone in place), the receipt
// and the answers for the shops, and the statistics in their own tab.
// Every number, flag and allowed move comes from Rust (`claim_assoc`);
// this file draws them.
import * as api from "./api.js";
import { formatWon, locale, t } from "./i18n.js";
import { clearAppError, pickFiles, pickFile, showAppError } from "./form.js";
import { $, cell, composing, definition } from "./dom.js";
import { fileNamePart, kstMinute, kstStamp, readAmount } from "./entry.js";

const PAGE = 100;
const MOVES = ["checked", "forwarded", "returned", "received"];

/** The table as asked: filters, order and page. */
const table = { sort: "received", descending: true, offset: 0, total: 0, rows: [] };
/** The claim shown in the detail (its whole record from `assoc_claim`). */
let open = null;
/** The last move made, to undo in place: {id, from}. */
let lastMove = null;
/** What the confirmation box will do when the staff say yes. */
let confirming = null;
/** Where the focus was when the confirmation asked: it goes back there on
 *  Esc or 아니요 (not to <body>, where no shortcut reaches). */
let askedFrom = null;
let latest = 0;
/** Where the open claim last stood in the whole table (0-based), so the
 *  next claim is found even when a move takes it out of the filter. */
let openAt = -1;

// --- Intake --------------------------------------------------------------------

function showProgress(progress) {
  const box = $("assoc-progress-box");
  box.hidden = progress === null;
  if (!progress) return;
  $("assoc-progress-text").textContent = t("assoc.progress", {
    done: progress.files_done,
    files: progress.files,
    claims: progress.claims,
  });
  const bar = $("assoc-progress");
  bar.max = Math.max(progress.files, 1);
  // An upload's bytes move the bar within its file.
  bar.value = progress.files_done + (progress.fraction ?? 0);
}

/** A message in the green box; the red box of failures goes. */
function showDone(text) {
  $("assoc-result-text").textContent = text;
  $("assoc-result").hidden = false;
  $("assoc-failed").hidden = true;
}

/** 다음 청구서: the oldest claim still waiting for its first review that no
 *  one else has open, now this member of staff's for a while. */
async function nextClaim() {
  clearAppError();
  $("assoc-result").hidden = true;
  let id;
  try {
    id = await api.assocNext();
  } catch (error) {
    showAppError(error);
    return;
  }
  if (id === null) {
    showDone(t("assoc.noNextClaim"));
    return;
  }
  await showDetail(id);
}

async function takeIn() {
  clearAppError();
  // What the last action said (answers made, a backup) is not about this
  // intake: it goes at the press, before the files are chosen.
  $("assoc-result").hidden = true;
  $("assoc-failed").hidden = true;
  if (api.intakeByUpload()) {
    // The browser's own chooser; the files go up when chosen.
    $("assoc-upload").click();
    return;
  }
  const files = await pickFiles("assoc_intake", t("assoc.dialogTitle"));
  if (!files) return;
  showProgress({ files_done: 0, files: files.length, claims: 0 });
  $("assoc-take-in").disabled = true;
  $("assoc-cancel").focus();
  // Ask how far it is while it runs (every 200 ms).
  const timer = setInterval(async () => {
    try {
      const progress = await api.assocProgress();
      if (progress) showProgress(progress);
    } catch {
      // The next tick asks again.
    }
  }, 200);
  try {
    const report = await api.assocTakeIn(files.map((file) => file.token), locale());
    showResult(report);
  } catch (error) {
    showAppError(error);
  } finally {
    clearInterval(timer);
    showProgress(null);
    $("assoc-take-in").disabled = false;
    $("assoc-take-in").focus();
  }
  await refreshAssoc();
}

/** The files the staff chose in the browser, uploaded one after another,
 *  each taken in as the window takes in a file; one report for them all,
 *  a file the server refused whole said by its name. */
async function uploadFiles(files) {
  if (files.length === 0) return;
  const total = { count: { received: 0, already: 0, superseded: 0, held: 0, two_senders: 0 }, files: 0, problems: [], problems_left_off: 0 };
  $("assoc-take-in").disabled = true;
  $("assoc-cancel").focus();
  try {
    for (const [done, file] of files.entries()) {
      const shown = { files_done: done, files: files.length, claims: total.count.received + total.count.already };
      showProgress(shown);
      let report;
      try {
        report = await api.assocUpload(file, (sent, size) => showProgress({ ...shown, fraction: size > 0 ? sent / size : 0 }));
      } catch (error) {
        if (error.code === "E_CANCELLED") break;
        total.files += 1;
        total.problems.push({ file: file.name, code: error.code, message: `${file.name}: ${error.message}`, line: null });
        if (error.code === "E_SIGNED_OUT") break;
        continue;
      }
      total.files += report.files;
      for (const key of Object.keys(total.count)) total.count[key] += report.count[key] ?? 0;
      total.problems.push(...report.problems);
      total.problems_left_off += report.problems_left_off;
    }
    showResult(total);
  } finally {
    showProgress(null);
    $("assoc-take-in").disabled = false;
    $("assoc-take-in").focus();
  }
  await refreshAssoc();
}

/** What was taken in, in green; what was not, each file by name, in red. */
function showResult(report) {
  const taken = [
    t("assoc.result", {
      files: report.files,
      received: report.count.received,
      already: report.count.already,
      superseded: report.count.superseded,
    }),
    report.count.held > 0 ? t("assoc.resultHeld", { count: report.count.held }) : "",
    report.count.two_senders > 0 ? t("assoc.resultTwoSenders", { count: report.count.two_senders }) : "",
  ]
    .join(" ")
    .trim();
  $("assoc-result-text").textContent = taken;
  $("assoc-result").hidden = false;
  const failed = report.problems.length + report.problems_left_off;
  $("assoc-failed").hidden = failed === 0;
  $("assoc-failed-title").textContent = t("assoc.resultProblems", { count: failed });
  $("assoc-problems").replaceChildren(
    ...report.problems.map((problem) => {
      const item = document.createElement("li");
      item.dataset.code = problem.code;
      item.textContent = problem.message;
      return item;
    }),
    ...(report.problems_left_off > 0
      ? [Object.assign(document.createElement("li"), {
          textContent: t("assoc.problemsLeftOff", { count: report.problems_left_off }),
        })]
      : []),
  );
}

// --- The signing key, receipts and answers ------------------------------------------

function showKey(key) {
  $("assoc-key-state").textContent = key
    ? t("assoc.keyChosen", { name: key.name, fingerprint: key.fingerprint })
    : t("assoc.keyNone");
  $("assoc-key-choose").textContent = t(key ? "assoc.keyChange" : "assoc.keyChoose");
}

async function chooseKey() {
  clearAppError();
  const file = await pickFile("signing_key", t("assoc.keyDialogTitle"));
  if (!file) return null;
  try {
    const key = await api.assocSigningKey(file.token);
    showKey(key);
    return key;
  } catch (error) {
    showAppError(error);
    return null;
  }
}

/** The signing key chosen in this run, or chosen now. */
async function ensureKey() {
  const key = await api.assocSigningKeyGet().catch(() => null);
  return key ?? (await chooseKey());
}

/** The answers of every claim, or (from a claim) of its business alone:
 *  one signed file to send. */
async function writeAnswers({ shop = null } = {}) {
  clearAppError();
  if (!(await ensureKey())) return;
  const claim = shop ? open?.claim : null;
  const name = claim
    ? t("assoc.answersShopFileName", { business: fileNamePart(claim.business_name), at: kstStamp(new Date()) })
    : t("assoc.answersFileName", { at: kstStamp(new Date()) });
  const file = await pickFile("save_answers", t("assoc.answersDialogTitle"), name.replace(/\s+/g, " ").trim());
  if (!file) return;
  try {
    const written = await api.assocAnswers(file.token, claim?.registration_number ?? undefined);
    const text = t("assoc.answersWritten", { ...written, path: written.file });
    if (claim) {
      // Beside the button that made it (with the receipt's), not in the
      // review's box a screen above.
      clearNotices();
      const made = $("assoc-receipt-made");
      made.textContent = text;
      made.hidden = false;
      $("assoc-answers-shop").focus();
    } else {
      showDone(text);
    }
  } catch (error) {
    showAppError(error);
  }
}

async function makeReceipt() {
  clearAppError();
  clearNotices();
  if (!open || !(await ensureKey())) return;
  const claim = open.claim;
  const name = t("assoc.receiptFileName", {
    business: fileNamePart(claim.business_name),
    number: fileNamePart(claim.claim_number ?? ""),
  }).replace(/\s+/g, " ").trim();
  const file = await pickFile("save_receipt", t("assoc.receiptDialogTitle"), name);
  if (!file) return;
  try {
    const issued = await api.assocReceipt(claim.id, file.token);
    const made = $("assoc-receipt-made");
    made.textContent = t(issued.new ? "assoc.receiptMade" : "assoc.receiptAgain", {
      number: issued.receipt_number,
      pdf: issued.pdf ?? "",
      file: issued.file,
      fingerprint: issued.fingerprint,
    });
    made.hidden = false;
    $("assoc-receipt-open").hidden = false;
    await showDetail(claim.id, { focus: false, keepNotices: true });
    $("assoc-receipt-open").hidden = false;
    $("assoc-receipt-open").focus();
  } catch (error) {
    showAppError(error);
  }
}

// --- Charts ------------------------------------------------------------------------

/** A horizontal bar chart: one bar per group, its length the number of
 *  claims, labelled with the count and the amount claimed. */
function chart(titleKey, groups) {
  const figure = document.createElement("figure");
  figure.className = "chart";
  const caption = document.createElement("figcaption");
  caption.className = "chart__title";
  caption.textContent = t(titleKey);
  figure.append(caption);
  if (groups.length === 0) {
    const empty = document.createElement("p");
    empty.textContent = t("assoc.chart.empty");
    figure.append(empty);
    return figure;
  }
  // Rows of label, bar and value laid out by CSS (not an SVG of fixed
  // widths): a long label (a tier's "개별 심사 대상 (50만 원 초과)") wraps
  // in its column instead of being cut at the chart's edge.
  const most = Math.max(...groups.map((g) => g.claims), 1);
  const rows = document.createElement("div");
  rows.className = "chart__rows";
  rows.setAttribute("role", "img");
  const described = groups.map((g) => t("assoc.chart.bar", { label: g.label, claims: g.claims, claimed: formatWon(g.claimed) }));
  rows.setAttribute("aria-label", `${t(titleKey)}: ${described.join("; ")}`);
  for (const group of groups) {
    const label = document.createElement("span");
    label.className = "chart__label";
    label.textContent = group.label;
    const track = document.createElement("span");
    track.className = "chart__track";
    const bar = document.createElement("span");
    bar.className = "chart__bar";
    bar.style.width = `${Math.max(1, Math.round((group.claims / most) * 100))}%`;
    track.append(bar);
    const value = document.createElement("span");
    value.className = "chart__value";
    value.textContent = `${group.claims} · ${formatWon(group.claimed)}`;
    rows.append(label, track, value);
  }
  figure.append(rows);
  return figure;
}

async function refreshStats() {
  let stats;
  try {
    stats = await api.assocStats(locale());
  } catch (error) {
    showAppError(error);
    return;
  }
  $("assoc-totals").textContent = t("assoc.totals", {
    claims: stats.claims,
    claimed: formatWon(stats.claimed),
    errors: stats.with_errors,
    missing: stats.missing_evidence,
  }) + (stats.two_senders > 0 ? " " + t("assoc.totalsTwoSenders", { count: stats.two_senders }) : "");
  $("assoc-charts").replaceChildren(
    chart("assoc.chart.industry", stats.by_industry),
    chart("assoc.chart.region", stats.by_region),
    chart("assoc.chart.service", stats.by_service),
    chart("assoc.chart.paid", stats.by_paid),
    chart("assoc.chart.tier", stats.by_tier),
    // Only incidents that pay by days out have this one (spec §3.1).
    ...(stats.by_days_out.length > 0 ? [chart("assoc.chart.daysOut", stats.by_days_out)] : []),
    chart("assoc.chart.review", stats.by_review),
  );
}

function selectTab(which) {
  for (const name of ["table", "stats"]) {
    const tab = $(`assoc-tab-${name}`);
    const selected = name === which;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`assoc-panel-${name}`).hidden = !selected;
  }
  if (which === "stats") refreshStats();
}

// --- The table -----------------------------------------------------------------------

let labels = { industries: new Map(), regions: new Map(), services: new Map(), kinds: new Map(), incidents: new Map() };

async function loadLabels() {
  const data = await api.referenceData(locale());
  labels = {
    industries: new Map(data.industries.map((c) => [c.code, c.label])),
    regions: new Map(data.regions.map((c) => [c.code, c.label])),
    services: new Map(data.services.map((c) => [c.code, c.label])),
    kinds: new Map(data.evidence_kinds.map((c) => [c.code, c.label])),
    incidents: new Map(data.incidents.map((p) => [p.code, p.title])),
  };
}

function flags(claim) {
  const list = [];
  if (claim.error_count > 0) list.push(t("assoc.flag.errors", { count: claim.error_count }));
  if (claim.missing_evidence.length > 0) list.push(t("assoc.flag.missing", { count: claim.missing_evidence.length }));
  if (claim.superseded_by) list.push(t("assoc.flag.replaced"));
  if (claim.held_state === "held") list.push(t(claim.two_senders ? "assoc.flag.twoSenders" : "assoc.flag.held"));
  return list.length > 0 ? list.join(" · ") : t("assoc.flag.none");
}

function row(claim, index) {
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

async function refreshTable() {
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
  table.rows = page.rows;
  $("assoc-rows").replaceChildren(...page.rows.map(row));
  $("assoc-rows").dataset.loaded = String(request);
  // Whether what is shown is all of it: the count says when conditions
  // narrow it, and the way back to everything is beside them.
  const on = activeFilters();
  $("assoc-count").textContent = on > 0 ? t("assoc.countFiltered", { count: page.total, filters: on }) : t("assoc.count", { count: page.total });
  $("assoc-filters-reset").hidden = on === 0 && !$("assoc-show-all").checked;
  if (FOLDED_FILTERS.some((id) => isSet(id))) $("assoc-more-filters").open = true;
  const first = page.total === 0 ? 0 : page.offset + 1;
  $("assoc-page").textContent = t("assoc.page", { first, last: page.offset + page.rows.length, total: page.total });
  $("assoc-page-prev").disabled = page.offset === 0;
  $("assoc-page-next").disabled = page.offset + page.rows.length >= page.total;
  for (const th of document.querySelectorAll("#assoc-table th[data-sort]")) {
    if (th.dataset.sort === table.sort) th.setAttribute("aria-sort", table.descending ? "descending" : "ascending");
    else th.removeAttribute("aria-sort");
  }
  if (open) updateNav();
}

/** The first page again (a filter or the order changed). */
function requery() {
  table.offset = 0;
  refreshTable();
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
function resetFilters() {
  for (const id of [...FILTERS, "assoc-show-all"]) {
    const field = $(id);
    if (field.type === "checkbox") field.checked = false;
    else field.value = "";
  }
  requery();
  $("assoc-search").focus();
}

function sortBy(column) {
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
  if (offset < 0 || offset >= Math.max(table.total, 1)) return false;
  table.offset = offset;
  await refreshTable();
  return true;
}

/** Focuses the table's row `index` (counted from the end when negative). */
function focusRow(index) {
  const rows = [...$("assoc-rows").querySelectorAll("tr")];
  if (rows.length === 0) return;
  const target = rows[Math.max(0, Math.min(rows.length - 1, index < 0 ? rows.length + index : index))];
  for (const tr of rows) tr.tabIndex = tr === target ? 0 : -1;
  target.focus();
}

/** The page turned by 이전 쪽/다음 쪽: its top in view, where reading starts. */
async function turnPageToTop(step) {
  if (await turnPage(step)) $("assoc-count").scrollIntoView({ block: "start" });
}

/** ↑/↓ move between rows (past the last row, to the next page's first; above
 *  the first, to the previous page's last), Home/End to the first/last,
 *  Enter opens. */
async function tableKeys(event) {
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

function fillFilters() {
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

// --- One claim ---------------------------------------------------------------------------

function clearNotices() {
  $("assoc-detail-saved").hidden = true;
  $("assoc-undo").hidden = true;
  $("assoc-confirm").hidden = true;
  $("assoc-receipt-made").hidden = true;
  confirming = null;
}

function linesTable(columns, rows) {
  if (rows.length === 0) {
    const empty = document.createElement("p");
    empty.textContent = t("assoc.none");
    return empty;
  }
  const tableElement = document.createElement("table");
  tableElement.className = "claims assoc-lines__table";
  const head = document.createElement("tr");
  for (const [title, className] of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = title;
    if (className) th.className = className;
    head.append(th);
  }
  const thead = document.createElement("thead");
  thead.append(head);
  const body = document.createElement("tbody");
  for (const values of rows) {
    const tr = document.createElement("tr");
    values.forEach((value, index) => tr.append(cell(value ?? "-", columns[index][1])));
    body.append(tr);
  }
  tableElement.append(thead, body);
  return tableElement;
}

function won(value) {
  return typeof value === "number" ? formatWon(value) : value ?? "-";
}

/** The position of the open claim among the table's rows. */
function position() {
  return table.rows.findIndex((claim) => claim.id === open?.claim.id);
}

async function showDetail(id, { focus = true, keepNotices = false } = {}) {
  clearAppError();
  let whole;
  try {
    whole = await api.assocClaim(id, locale());
  } catch (error) {
    showAppError(error);
    return;
  }
  if (!keepNotices) {
    clearNotices();
    if (open?.claim.id !== id) lastMove = null;
  }
  if (open?.claim.id !== id) openAt = -1;
  open = whole;
  const claim = whole.claim;
  const doc = whole.document ?? {};
  $("assoc-list").hidden = true;
  $("assoc-detail").hidden = false;
  // Which claim is open, for the keyboard's next/previous and for tests.
  $("assoc-detail").dataset.id = claim.id;
  $("assoc-detail-title").textContent = `${claim.intake_number ?? t("assoc.noNumber")} · ${claim.business_name ?? "-"}`;
  $("assoc-detail-status").textContent = t("assoc.statusLine", {
    review: t(`assoc.review.${claim.review}`),
    errors: whole.errors.length,
    warnings: whole.warnings.length,
  });
  updateNav();

  // The review: four moves, always in the same places; those not allowed
  // now are disabled, never moved.
  $("assoc-note").value = claim.review_note ?? "";
  for (const move of MOVES) {
    const button = $(`assoc-move-${move}`);
    button.textContent = t(`assoc.move.${move}`);
    button.disabled = !claim.next_reviews.includes(move);
  }

  showHeld(claim, whole.held);

  // The engine's errors and warnings, in its words.
  const item = (problem) => {
    const li = document.createElement("li");
    li.dataset.code = problem.code;
    li.textContent = problem.message;
    return li;
  };
  $("assoc-errors").replaceChildren(...whole.errors.map(item));
  $("assoc-warnings").replaceChildren(...whole.warnings.map(item));
  $("assoc-no-problems").hidden = whole.errors.length + whole.warnings.length > 0;

  const facts = $("assoc-detail-facts");
  facts.replaceChildren();
  const business = doc.business ?? {};
  const incident = claim.incident?.startsWith("custom:") ? t("claims.incident.custom") : labels.incidents.get(claim.incident) ?? "-";
  const services = claim.services
    .map((s) => `${labels.services.get(s.service) ?? s.service} (${t(s.paid ? "editor.services.paid" : "editor.services.free")})`)
    .join(", ");
  definition(facts, t("assoc.fact.intakeNumber"), claim.intake_number ?? "-");
  definition(facts, t("assoc.fact.number"), claim.claim_number ?? "-");
  definition(facts, t("assoc.fact.registration"), claim.registration_number_shown ?? "-");
  definition(facts, t("assoc.fact.representative"), business.representative ?? "-");
  definition(facts, t("assoc.fact.phone"), business.phone ?? "-");
  definition(facts, t("assoc.fact.where"), [labels.industries.get(claim.industry), labels.regions.get(claim.region)].filter(Boolean).join(" · ") || "-");
  definition(facts, t("assoc.fact.incident"), incident);
  definition(facts, t("assoc.fact.services"), services || "-");
  definition(facts, t("assoc.fact.claimed"), claim.claimed === null ? "-" : formatWon(claim.claimed), { strong: true });
  definition(facts, t("assoc.fact.revenueLoss"), claim.revenue_loss === null ? "-" : formatWon(claim.revenue_loss));
  definition(facts, t("assoc.fact.tier"), claim.tier_label);
  // Incidents that pay by days out: the shop's days (spec §3.1).
  if (typeof claim.days_out === "number") {
    definition(facts, t("editor.totals.daysOut"), t("editor.totals.daysOutValue", { days: claim.days_out }));
  }
  definition(facts, t("assoc.fact.missing"), claim.missing_evidence.map((k) => labels.kinds.get(k) ?? k).join(", ") || t("assoc.none"));
  definition(facts, t("assoc.fact.source"), claim.source);
  definition(facts, t("assoc.fact.received"), kstMinute(claim.received_at));
  definition(facts, t("assoc.fact.receipt"), whole.receipt_number ?? t("assoc.noReceipt"), { id: "assoc-receipt-number" });
  if (claim.customer_details_erased_at) {
    definition(facts, t("assoc.fact.erased"), kstMinute(claim.customer_details_erased_at));
  }
  $("assoc-open-pdf").hidden = !claim.has_pdf;
  $("assoc-answers-shop").hidden = !claim.registration_number;
  $("assoc-receipt").textContent = t(whole.receipt_number ? "assoc.receiptAgainButton" : "assoc.receipt");
  if (!keepNotices) $("assoc-receipt-open").hidden = true;

  $("assoc-replaced-box").hidden = whole.replaced.length === 0;
  $("assoc-replaced").replaceChildren(
    ...whole.replaced.map(({ claim: older, changes }) => {
      const li = document.createElement("li");
      const heading = document.createElement("p");
      heading.textContent = t(changes.length > 0 ? "assoc.replacedItem" : "assoc.replacedSame", {
        source: older.source,
        received: kstMinute(older.received_at),
        review: t(`assoc.review.${older.review}`),
      });
      const list = document.createElement("ul");
      list.replaceChildren(...changes.map((change) => Object.assign(document.createElement("li"), { textContent: change })));
      li.append(heading, list);
      return li;
    }),
  );

  // As the staff compare them (worded in Rust): the weekday, whether the
  // day is of the period or compared with, and the drop the rules found.
  const signed = (value) => (value === null || value === undefined ? "-" : value < 0 ? `−${won(-value)}` : won(value));
  $("assoc-sales").replaceChildren(
    linesTable(
      [
        [t("assoc.line.date")],
        [t("assoc.line.role")],
        [t("assoc.line.amount"), "claims__amount"],
        [t("assoc.line.baseline"), "claims__amount"],
        [t("assoc.line.drop"), "claims__amount"],
      ],
      (whole.sales ?? []).map((day) => [
        day.holiday ? `${day.label} · ${day.holiday}` : day.label,
        t(`assoc.line.role.${day.role}`),
        won(day.amount),
        day.role === "period" ? won(day.baseline) : "",
        day.role === "period" ? signed(day.drop) : "",
      ]),
    ),
  );
  $("assoc-orders").replaceChildren(
    linesTable(
      [[t("assoc.line.ref")], [t("assoc.line.at")], [t("assoc.line.amount"), "claims__amount"], [t("assoc.line.customer")]],
      (doc.lost_orders ?? []).map((order) => [
        order.ref,
        kstMinute(order.at),
        won(order.amount),
        [order.customer_name, order.customer_phone].filter(Boolean).join(" ") || "-",
      ]),
    ),
  );
  $("assoc-costs").replaceChildren(
    linesTable(
      [[t("assoc.line.date")], [t("assoc.line.what")], [t("assoc.line.amount"), "claims__amount"]],
      (doc.extra_costs ?? []).map((cost) => [cost.date, cost.description, won(cost.amount)]),
    ),
  );

  $("assoc-log").replaceChildren(
    ...whole.review_log.map((entry) => {
      const li = document.createElement("li");
      const moved = entry.from === entry.to
        ? entry.note ?? ""
        : `${t("assoc.reviewMoved", { from: t(`assoc.review.${entry.from}`), to: t(`assoc.review.${entry.to}`) })}${entry.note ? ` (${entry.note})` : ""}`;
      li.textContent = `${kstMinute(entry.at)} · ${moved}`;
      return li;
    }),
  );
  if (whole.review_log.length === 0) $("assoc-log").replaceChildren(Object.assign(document.createElement("li"), { textContent: t("assoc.logEmpty") }));

  // Erasing customer details: its own section, away from the review.
  const eraseBox = $("assoc-erase-box");
  eraseBox.replaceChildren();
  if (!claim.customer_details_erased_at) {
    const erase = document.createElement("button");
    erase.type = "button";
    erase.className = "button button--warning";
    erase.id = "assoc-erase";
    erase.textContent = t("assoc.erase");
    erase.addEventListener("click", () => {
      // Confirmed in place, as deleting a claim is: it cannot be undone.
      const question = document.createElement("p");
      question.className = "claims__confirm";
      question.setAttribute("role", "alert");
      question.textContent = t("editor.orders.eraseConfirm");
      const yes = document.createElement("button");
      yes.type = "button";
      yes.className = "button button--warning";
      yes.id = "assoc-erase-yes";
      yes.textContent = t("editor.orders.eraseYes");
      yes.addEventListener("click", eraseCustomers);
      const no = document.createElement("button");
      no.type = "button";
      no.className = "button button--secondary";
      no.textContent = t("claims.confirmNo");
      no.addEventListener("click", () => showDetail(open.claim.id, { focus: false }));
      erase.replaceWith(question, yes, no);
      no.focus();
    });
    eraseBox.append(erase);
  } else {
    eraseBox.append(Object.assign(document.createElement("p"), { textContent: t("assoc.erasedAt", { at: kstMinute(claim.customer_details_erased_at) }) }));
  }
  if (focus) $("assoc-detail-title").focus();
}

function backToList() {
  const id = open?.claim.id;
  openAt = -1;
  $("assoc-detail").hidden = true;
  $("assoc-list").hidden = false;
  open = null;
  clearNotices();
  refreshTable().then(() => {
    const row = [...$("assoc-rows").querySelectorAll("tr")].find((tr) => tr.dataset.id === id);
    const target = row ?? $("assoc-search");
    if (row) for (const tr of $("assoc-rows").querySelectorAll("tr")) tr.tabIndex = tr === row ? 0 : -1;
    target.focus();
  });
}

/** Where the open claim is among all the table's claims, or null when it
 *  has left the table (a move took it out of the filter). */
function here() {
  const at = position();
  if (at >= 0) openAt = table.offset + at;
  return at >= 0 ? table.offset + at : null;
}

/** Previous/next and "n of total", from where the open claim stands. */
function updateNav() {
  const now = here();
  $("assoc-position").textContent = now === null ? "" : t("assoc.position", { at: now + 1, total: table.total });
  // Out of the table, the claim that followed it has taken its place.
  const previous = now === null ? openAt - 1 : now - 1;
  const next = now === null ? openAt : now + 1;
  $("assoc-prev").disabled = previous < 0;
  $("assoc-next").disabled = next >= table.total || openAt < 0;
}

/** The next (`by` 1) or previous (-1) claim of the table, across pages. */
async function step(by) {
  if (!open) return;
  const now = here();
  const target = now === null ? (by > 0 ? openAt : openAt - 1) : now + by;
  if (target < 0 || target >= table.total) return;
  const pageOffset = Math.floor(target / PAGE) * PAGE;
  if (pageOffset !== table.offset) {
    table.offset = pageOffset;
    await refreshTable();
  }
  const next = table.rows[target - table.offset];
  if (next) await showDetail(next.id);
}

/** The staff's "erase now": the received claim's customer names and phones. */
async function eraseCustomers() {
  clearAppError();
  clearNotices();
  try {
    await api.assocEraseCustomers(open.claim.id);
  } catch (error) {
    showAppError(error);
    return;
  }
  await showDetail(open.claim.id, { focus: false });
  say(t("assoc.erased"));
  $("assoc-save-note").focus();
}

/** A notice beside the review, with an undo when there is one. */
function say(text, undo = null) {
  $("assoc-detail-saved-text").textContent = text;
  $("assoc-detail-saved").hidden = false;
  lastMove = undo;
  $("assoc-undo").hidden = undo === null;
}

// The held members, named in the UI's language by their place in the claim.
const HELD_FIELD_KEYS = {
  "/business/bank/name": "assoc.heldField.bank",
  "/business/bank/account": "assoc.heldField.account",
  "/business/bank/holder": "assoc.heldField.holder",
  "/business/representative": "assoc.heldField.representative",
  "/business/phone": "assoc.heldField.phone",
};

/** A claim that would change the bank account, representative or phone:
 *  each change old → new, and the two decisions, apart from the review.
 *  A second sender for the business is worded as such: the other claim is
 *  not "old", and neither is used until the staff decide. */
function showHeld(claim, held) {
  const box = $("assoc-held-box");
  box.hidden = claim.held_state !== "held";
  const two = claim.two_senders === true;
  $("assoc-held-title").textContent = t(two ? "assoc.twoSendersTitle" : "assoc.heldTitle");
  $("assoc-held-lead").textContent = t(two ? "assoc.twoSendersLead" : "assoc.heldLead");
  $("assoc-held-apply").textContent = t(two ? "assoc.twoSendersApply" : "assoc.heldApply");
  $("assoc-held-dismiss").textContent = t(two ? "assoc.twoSendersDismiss" : "assoc.heldDismiss");
  $("assoc-held-changes").replaceChildren(
    ...held.map((change) => {
      const item = document.createElement("li");
      item.textContent = t(two ? "assoc.twoSendersItem" : "assoc.heldItem", {
        field: t(HELD_FIELD_KEYS[change.field] ?? "assoc.heldField.phone"),
        before: change.before ?? "-",
        after: change.after ?? "-",
      });
      return item;
    }),
  );
}

async function decideHeld(apply) {
  clearAppError();
  clearNotices();
  try {
    await api.assocDecideHeld(open.claim.id, apply);
  } catch (failure) {
    showAppError(failure);
    return;
  }
  await showDetail(open.claim.id, { focus: false });
  const two = open.claim.two_senders === true;
  say(t(two ? (apply ? "assoc.twoSendersApplied" : "assoc.twoSendersDismissed") : apply ? "assoc.heldApplied" : "assoc.heldDismissed"));
  await refreshTable();
}

/** Asks in place before `action`: the question, and a yes worded for it. */
function confirmFirst(question, yes, action) {
  askedFrom = document.activeElement;
  $("assoc-confirm-text").textContent = question;
  $("assoc-confirm-yes").textContent = yes;
  $("assoc-confirm").hidden = false;
  confirming = action;
  $("assoc-confirm-no").focus();
}

/** No to the confirmation (아니요 or Esc): nothing done, and the focus back
 *  where it was when asked, or on the claim's title. */
function declineConfirmation() {
  clearNotices();
  const back = askedFrom;
  askedFrom = null;
  const usable = back?.isConnected && !back.disabled && back.offsetParent !== null && $("assoc-detail").contains(back);
  (usable ? back : $("assoc-detail-title")).focus();
}

/** A move button: checked with errors, and forwarded, are asked first. */
function askMove(status) {
  if (!open || $(`assoc-move-${status}`).disabled) return;
  clearAppError();
  clearNotices();
  const errors = open.errors.length;
  if (status === "checked" && errors > 0) {
    confirmFirst(t("assoc.confirmCheckedWithErrors", { count: errors }), t("assoc.move.checked"), () => review(status));
  } else if (status === "forwarded") {
    confirmFirst(t("assoc.confirmForwarded"), t("assoc.move.forwarded"), () => review(status));
  } else {
    review(status);
  }
}

/** Moves the review to `status`, or (null) saves the note only. */
async function review(status, { undoing = false } = {}) {
  clearAppError();
  clearNotices();
  const id = open.claim.id;
  const from = open.claim.review;
  const note = $("assoc-note").value;
  const error = $("assoc-note-error");
  error.hidden = true;
  $("assoc-note").removeAttribute("aria-invalid");
  $("assoc-note").setAttribute("aria-describedby", "assoc-note-hint");
  try {
    if (status === null) await api.assocNote(id, note);
    else {
      await api.assocReview(
        id,
        status,
        note.trim() === "" ? undefined : note,
        open.claim.review_version,
      );
    }
  } catch (failure) {
    if (failure.code === "E_ASSOC_STALE") {
      // Someone moved it first: said, and the claim shown as it is now.
      await showDetail(id, { focus: false, keepNotices: true });
      showAppError(failure);
    } else if (failure.code === "E_ASSOC_REASON") {
      // The reason is missing: said beside the note, which gets the focus.
      error.textContent = failure.message;
      error.hidden = false;
      $("assoc-note").setAttribute("aria-invalid", "true");
      $("assoc-note").setAttribute("aria-describedby", "assoc-note-hint assoc-note-error");
      $("assoc-note").focus();
    } else {
      showAppError(failure);
    }
    return;
  }
  await showDetail(id, { focus: false, keepNotices: true });
  if (status === null) {
    say(t("assoc.saved"));
  } else {
    // Undone by moving back, where the rules allow it (forwarded is final).
    const canUndo = !undoing && open.claim.next_reviews.includes(from);
    say(t(undoing ? "assoc.undone" : "assoc.moved", { review: t(`assoc.review.${status}`) }), canUndo ? { id, from } : null);
  }
  $(canFocusAfter(status)).focus();
  await refreshTable();
}

/** Where the focus goes after a move: the undo if there is one, else the
 *  next claim button (the work goes on), else the title. */
function canFocusAfter(status) {
  if (!$("assoc-undo").hidden) return "assoc-undo";
  if (status !== null && !$("assoc-next").disabled) return "assoc-next";
  return "assoc-detail-title";
}

async function undo() {
  if (!lastMove || !open || open.claim.id !== lastMove.id) return;
  await review(lastMove.from, { undoing: true });
}

/** Alt+1/2/3/0 move the review, Alt+↓/↑ the next/previous claim, Escape
 *  back to the table: written on each button as aria-keyshortcuts. */
function detailKeys(event) {
  // A note being typed in Hangul: its keys are the input method's.
  if ($("assoc-detail").hidden || composing(event)) return;
  if (event.key === "Escape" && !event.altKey) {
    if (!$("assoc-confirm").hidden) {
      event.preventDefault();
      declineConfirmation();
      return;
    }
    backToList();
  } else if (event.altKey && event.key === "ArrowDown") step(1);
  else if (event.altKey && event.key === "ArrowUp") step(-1);
  else if (event.altKey && ["1", "2", "3", "0"].includes(event.key)) {
    askMove({ 1: "checked", 2: "forwarded", 3: "returned", 0: "received" }[event.key]);
  } else return;
  event.preventDefault();
}

// --- Export ----------------------------------------------------------------------------------

async function exportTable(format) {
  clearAppError();
  if (api.intakeByUpload()) {
    await downloadTable(format);
    return;
  }
  const file = await pickFile(
    format === "xlsx" ? "save_table_xlsx" : "save_table_csv",
    t("assoc.exportTitle"),
    t("assoc.exportFileName", { at: kstStamp(new Date()), format }),
  );
  if (!file) return;
  try {
    const written = await api.assocExport(file.token, format, locale());
    // Businesses two senders claim are not in the table until decided: say so.
    const leftOut = (await api.assocStats(locale())).two_senders;
    showDone(
      t("assoc.exported", { path: written }) +
        (leftOut > 0 ? ` ${t("assoc.exportLeftOut", { count: leftOut })}` : ""),
    );
  } catch (error) {
    showAppError(error);
  }
}

/** In the staff's browser: the table is a download, saved where the
 *  browser saves (it may ask). */
async function downloadTable(format) {
  const name = t("assoc.exportFileName", { at: kstStamp(new Date()), format });
  try {
    const table = await api.assocDownload(format, locale());
    const link = document.createElement("a");
    link.href = URL.createObjectURL(table);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    // After the browser has taken the file.
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    const leftOut = (await api.assocStats(locale())).two_senders;
    showDone(t("assoc.downloaded", { name }) + (leftOut > 0 ? ` ${t("assoc.exportLeftOut", { count: leftOut })}` : ""));
  } catch (error) {
    showAppError(error);
  }
}

/** "Back up now": every received claim, PDF, review and answer in one file
 *  the staff keep (the daily copies stay on this PC). */
async function backupNow() {
  clearAppError();
  const file = await pickFile("save_backup", t("assoc.backupTitle"), t("assoc.backupFileName", { at: kstStamp(new Date()) }));
  if (!file) return;
  try {
    showDone(t("assoc.backedUp", { path: await api.assocBackup(file.token) }));
  } catch (error) {
    showAppError(error);
  }
}

// --- Wiring ------------------------------------------------------------------------------------

export async function refreshAssoc({ keepDetail = false } = {}) {
  if (!keepDetail) {
    $("assoc-detail").hidden = true;
    $("assoc-list").hidden = false;
    open = null;
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
  let typing = null;
  const searchTyped = () => {
    clearTimeout(typing);
    typing = setTimeout(requery, 250);
  };
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
    const action = confirming;
    clearNotices();
    if (action) action();
  });
  $("assoc-confirm-no").addEventListener("click", declineConfirmation);
  $("assoc-undo").addEventListener("click", undo);
  $("assoc-held-apply").addEventListener("click", () => decideHeld(true));
  $("assoc-held-dismiss").addEventListener("click", () => decideHeld(false));
  $("assoc-open-pdf").addEventListener("click", () => api.assocPdfOpen(open.claim.id).catch(showAppError));
  $("assoc-receipt").addEventListener("click", makeReceipt);
  $("assoc-receipt-open").addEventListener("click", () => api.assocReceiptOpen(open.claim.id).catch(showAppError));
  $("assoc-detail").addEventListener("keydown", detailKeys);
}
