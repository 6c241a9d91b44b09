// Association mode: take in what shops sent (with progress and a cancel
// that keeps nothing), the statistics as charts, the table of claims with
// what to check, and the staff's review of each. Every number, flag and
// allowed move comes from Rust (`claim_assoc`); this file draws them.
import * as api from "./api.js";
import { formatWon, locale, t } from "./i18n.js";
import { clearAppError, pickFiles, pickFile, showAppError } from "./form.js";
import { $, cell, definition } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
let claims = [];
let open = null; // the claim shown in the detail panel

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
  bar.value = progress.files_done;
}

async function takeIn() {
  clearAppError();
  const files = await pickFiles("assoc_intake", t("assoc.dialogTitle"));
  if (!files) return;
  $("assoc-result").hidden = true;
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

function showResult(report) {
  $("assoc-result-text").textContent = [
    t("assoc.result", {
      files: report.files,
      received: report.count.received,
      already: report.count.already,
      superseded: report.count.superseded,
    }),
    report.count.held > 0 ? t("assoc.resultHeld", { count: report.count.held }) : "",
    report.problems.length > 0
      ? t("assoc.resultProblems", { count: report.problems.length + report.problems_left_off })
      : "",
  ]
    .join(" ")
    .trim();
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
  $("assoc-result").hidden = false;
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
  const rowHeight = 34;
  const labelWidth = 190;
  const barWidth = 300;
  const width = labelWidth + barWidth + 210;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${groups.length * rowHeight}`);
  svg.setAttribute("width", "100%");
  svg.setAttribute("role", "img");
  const most = Math.max(...groups.map((g) => g.claims), 1);
  const described = groups.map((g) => t("assoc.chart.bar", { label: g.label, claims: g.claims, claimed: formatWon(g.claimed) }));
  svg.setAttribute("aria-label", `${t(titleKey)}: ${described.join("; ")}`);
  groups.forEach((group, index) => {
    const y = index * rowHeight;
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", String(labelWidth - 8));
    label.setAttribute("y", String(y + rowHeight / 2 + 6));
    label.setAttribute("text-anchor", "end");
    label.setAttribute("class", "chart__label");
    label.textContent = group.label;
    const bar = document.createElementNS(SVG, "rect");
    bar.setAttribute("x", String(labelWidth));
    bar.setAttribute("y", String(y + 6));
    bar.setAttribute("height", String(rowHeight - 12));
    bar.setAttribute("width", String(Math.max(2, Math.round((group.claims / most) * barWidth))));
    bar.setAttribute("class", "chart__bar");
    const value = document.createElementNS(SVG, "text");
    value.setAttribute("x", String(labelWidth + Math.round((group.claims / most) * barWidth) + 8));
    value.setAttribute("y", String(y + rowHeight / 2 + 6));
    value.setAttribute("class", "chart__value");
    value.textContent = `${group.claims} · ${formatWon(group.claimed)}`;
    svg.append(label, bar, value);
  });
  figure.append(svg);
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
  });
  $("assoc-charts").replaceChildren(
    chart("assoc.chart.industry", stats.by_industry),
    chart("assoc.chart.region", stats.by_region),
    chart("assoc.chart.service", stats.by_service),
    chart("assoc.chart.paid", stats.by_paid),
    chart("assoc.chart.tier", stats.by_tier),
    chart("assoc.chart.review", stats.by_review),
  );
}

// --- The table -----------------------------------------------------------------------

function flags(claim) {
  const list = [];
  if (claim.error_count > 0) list.push(t("assoc.flag.errors", { count: claim.error_count }));
  if (claim.missing_evidence.length > 0) list.push(t("assoc.flag.missing", { count: claim.missing_evidence.length }));
  if (claim.superseded_by) list.push(t("assoc.flag.replaced"));
  if (claim.held_state === "held") list.push(t("assoc.flag.held"));
  return list.length > 0 ? list.join(" · ") : t("assoc.flag.none");
}

function row(claim, labels) {
  const tr = document.createElement("tr");
  tr.dataset.id = claim.id;
  if (claim.error_count > 0 || claim.missing_evidence.length > 0 || claim.held_state === "held") {
    tr.className = "assoc-row--flagged";
  }
  const business = document.createElement("span");
  business.textContent = claim.business_name ?? "-";
  if (claim.registration_number_shown) {
    const small = document.createElement("small");
    small.className = "claims__brn";
    small.textContent = ` ${claim.registration_number_shown}`;
    business.append(small);
  }
  const where = [labels.industries.get(claim.industry), labels.regions.get(claim.region)].filter(Boolean).join(" · ") || "-";
  const review = document.createElement("span");
  review.className = `status status--${claim.review}`;
  review.textContent = t(`assoc.review.${claim.review}`);
  const view = document.createElement("button");
  view.type = "button";
  view.className = "button button--small";
  view.textContent = t("assoc.open");
  view.setAttribute("aria-label", t("assoc.openLabel", { name: claim.business_name ?? "" }));
  view.addEventListener("click", () => showDetail(claim.id));
  tr.append(
    cell(business),
    cell(where),
    cell(claim.claimed === null ? "-" : formatWon(claim.claimed), "claims__amount"),
    cell(claim.tier_label),
    cell(flags(claim)),
    cell(review),
    cell(view),
  );
  return tr;
}

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

async function refreshTable() {
  try {
    claims = await api.assocList($("assoc-show-all").checked, locale());
  } catch (error) {
    showAppError(error);
    return;
  }
  const status = $("assoc-review-filter").value;
  const shown = status ? claims.filter((c) => c.review === status) : claims;
  $("assoc-rows").replaceChildren(...shown.map((claim) => row(claim, labels)));
  $("assoc-count").textContent = t("assoc.count", { count: shown.length });
}

function fillReviewFilter() {
  const select = $("assoc-review-filter");
  const current = select.value;
  select.replaceChildren(
    new Option(t("assoc.reviewAll"), ""),
    ...["received", "checked", "forwarded", "returned"].map((s) => new Option(t(`assoc.review.${s}`), s)),
  );
  select.value = current;
}

// --- One claim ---------------------------------------------------------------------------

async function showDetail(id, { focus = true } = {}) {
  clearAppError();
  let whole;
  try {
    whole = await api.assocClaim(id);
  } catch (error) {
    showAppError(error);
    return;
  }
  open = whole.claim;
  const claim = whole.claim;
  $("assoc-detail").hidden = false;
  $("assoc-detail-saved").hidden = true;
  $("assoc-detail-title").textContent = claim.business_name ?? "-";
  const facts = $("assoc-detail-facts");
  facts.replaceChildren();
  const incident = claim.incident?.startsWith("custom:") ? t("claims.incident.custom") : labels.incidents.get(claim.incident) ?? "-";
  const services = claim.services
    .map((s) => `${labels.services.get(s.service) ?? s.service} (${t(s.paid ? "editor.services.paid" : "editor.services.free")})`)
    .join(", ");
  definition(facts, t("assoc.fact.registration"), claim.registration_number_shown ?? "-");
  definition(facts, t("assoc.fact.incident"), incident);
  definition(facts, t("assoc.fact.services"), services || "-");
  definition(facts, t("assoc.fact.claimed"), claim.claimed === null ? "-" : formatWon(claim.claimed));
  definition(facts, t("assoc.fact.revenueLoss"), claim.revenue_loss === null ? "-" : formatWon(claim.revenue_loss));
  definition(facts, t("assoc.fact.problems"), t("assoc.problems", { errors: claim.error_count, warnings: claim.warning_count }));
  definition(facts, t("assoc.fact.missing"), claim.missing_evidence.map((k) => labels.kinds.get(k) ?? k).join(", ") || "-");
  definition(facts, t("assoc.fact.source"), claim.source);
  definition(facts, t("assoc.fact.received"), claim.received_at.replace("T", " ").slice(0, 16));
  definition(facts, t("assoc.fact.review"), t(`assoc.review.${claim.review}`));
  if (claim.customer_details_erased_at) {
    definition(facts, t("assoc.fact.erased"), claim.customer_details_erased_at.replace("T", " ").slice(0, 16));
  }
  $("assoc-replaced-box").hidden = whole.replaced.length === 0;
  $("assoc-replaced").replaceChildren(
    ...whole.replaced.map(({ claim: older, differences }) => {
      const item = document.createElement("li");
      const received = older.received_at.replace("T", " ").slice(0, 16);
      item.textContent =
        differences.length > 0
          ? t("assoc.replacedItem", { source: older.source, received, differences: differences.join(", ") })
          : t("assoc.replacedSame", { source: older.source, received });
      return item;
    }),
  );
  showHeld(whole.held);
  $("assoc-note").value = claim.review_note ?? "";
  const buttons = $("assoc-review-buttons");
  buttons.replaceChildren(
    ...claim.next_reviews.map((next) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `button ${next === "returned" ? "button--warning" : ""}`.trim();
      button.id = `assoc-move-${next}`;
      button.textContent = t(`assoc.move.${next}`);
      button.addEventListener("click", () => review(next));
      return button;
    }),
  );
  const save = document.createElement("button");
  save.type = "button";
  save.className = "button button--secondary";
  save.id = "assoc-save-note";
  save.textContent = t("assoc.saveNote");
  save.addEventListener("click", () => review(null));
  buttons.append(save);
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
      no.addEventListener("click", () => showDetail(open.id, { focus: false }));
      erase.replaceWith(question, yes, no);
      no.focus();
    });
    buttons.append(erase);
  }
  if (focus) $("assoc-detail-title").focus();
}

/** The staff's "erase now": the received claim's customer names and phones. */
async function eraseCustomers() {
  clearAppError();
  // The notice of an earlier action goes first: it must not stand beside
  // this one's outcome, or be read as it.
  $("assoc-detail-saved").hidden = true;
  try {
    await api.assocEraseCustomers(open.id);
  } catch (error) {
    showAppError(error);
    return;
  }
  await showDetail(open.id, { focus: false });
  $("assoc-detail-saved").textContent = t("assoc.erased");
  $("assoc-detail-saved").hidden = false;
  $("assoc-save-note").focus();
}

/** Moves the review to `status`, or (null) saves the note only. */
// The held members, named in the UI's language by their place in the claim.
const HELD_FIELD_KEYS = {
  "/business/bank/name": "assoc.heldField.bank",
  "/business/bank/account": "assoc.heldField.account",
  "/business/bank/holder": "assoc.heldField.holder",
  "/business/representative": "assoc.heldField.representative",
  "/business/phone": "assoc.heldField.phone",
};

/** A claim that would change the bank account, representative or phone:
 *  each change old → new, and the two decisions, apart from the review. */
function showHeld(held) {
  const box = $("assoc-held-box");
  box.hidden = held.length === 0;
  $("assoc-held-changes").replaceChildren(
    ...held.map((change) => {
      const item = document.createElement("li");
      item.textContent = t("assoc.heldItem", {
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
  try {
    await api.assocDecideHeld(open.id, apply);
  } catch (failure) {
    showAppError(failure);
    return;
  }
  await showDetail(open.id, { focus: false });
  $("assoc-detail-saved").textContent = t(apply ? "assoc.heldApplied" : "assoc.heldDismissed");
  $("assoc-detail-saved").hidden = false;
  await refreshAssoc({ keepDetail: true });
}

async function review(status) {
  clearAppError();
  $("assoc-detail-saved").hidden = true;
  const note = $("assoc-note").value;
  const error = $("assoc-note-error");
  error.hidden = true;
  $("assoc-note").removeAttribute("aria-invalid");
  try {
    if (status === null) await api.assocNote(open.id, note);
    else await api.assocReview(open.id, status, note.trim() === "" ? undefined : note);
  } catch (failure) {
    if (failure.code === "E_ASSOC_REASON") {
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
  await showDetail(open.id, { focus: false });
  $("assoc-detail-saved").textContent = t("assoc.saved");
  $("assoc-detail-saved").hidden = false;
  await refreshAssoc({ keepDetail: true });
}

// --- Export ----------------------------------------------------------------------------------

async function exportTable(format) {
  clearAppError();
  const file = await pickFile(
    format === "xlsx" ? "save_table_xlsx" : "save_table_csv",
    t("assoc.exportTitle"),
    `claimdesk-${new Date().toISOString().slice(0, 10)}.${format}`,
  );
  if (!file) return;
  try {
    const written = await api.assocExport(file.token, format, locale());
    $("assoc-result-text").textContent = t("assoc.exported", { path: written });
    $("assoc-problems").replaceChildren();
    $("assoc-result").hidden = false;
  } catch (error) {
    showAppError(error);
  }
}

// --- Wiring ------------------------------------------------------------------------------------

export async function refreshAssoc({ keepDetail = false } = {}) {
  if (!keepDetail) $("assoc-detail").hidden = true;
  try {
    await loadLabels();
  } catch (error) {
    showAppError(error);
  }
  fillReviewFilter();
  await Promise.all([refreshStats(), refreshTable()]);
}

export function initAssoc() {
  fillReviewFilter();
  $("assoc-take-in").addEventListener("click", takeIn);
  $("assoc-cancel").addEventListener("click", () => api.assocCancel().catch(showAppError));
  $("assoc-export-csv").addEventListener("click", () => exportTable("csv"));
  $("assoc-export-xlsx").addEventListener("click", () => exportTable("xlsx"));
  $("assoc-review-filter").addEventListener("change", refreshTable);
  $("assoc-show-all").addEventListener("change", refreshTable);
  $("assoc-held-apply").addEventListener("click", () => decideHeld(true));
  $("assoc-held-dismiss").addEventListener("click", () => decideHeld(false));
}
