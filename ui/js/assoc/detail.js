// One claim for a decision: the engine's errors and warnings, the
// documents, the lines, what changed, the review with fixed buttons
// confirmed or undone in place.
import * as api from "../api.js";
import { formatWon, locale, t } from "../i18n.js";
import { clearAppError, showAppError } from "../form.js";
import { $, cell, composing, definition } from "../dom.js";
import { kstMinute } from "../entry.js";
import { labels, MOVES, PAGE, reach, shown, table, totalText } from "./state.js";
import { refreshTable, row } from "./table.js";
import { showHeld } from "./held.js";

export function clearNotices() {
  $("assoc-detail-saved").hidden = true;
  $("assoc-undo").hidden = true;
  $("assoc-confirm").hidden = true;
  $("assoc-receipt-made").hidden = true;
  shown.confirming = null;
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
  return table.rows.findIndex((claim) => claim.id === shown.claim?.claim.id);
}

export async function showDetail(id, { focus = true, keepNotices = false } = {}) {
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
    if (shown.claim?.claim.id !== id) shown.lastMove = null;
  }
  if (shown.claim?.claim.id !== id) shown.at = -1;
  shown.claim = whole;
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
      no.addEventListener("click", () => showDetail(shown.claim.claim.id, { focus: false }));
      erase.replaceWith(question, yes, no);
      no.focus();
    });
    eraseBox.append(erase);
  } else {
    eraseBox.append(Object.assign(document.createElement("p"), { textContent: t("assoc.erasedAt", { at: kstMinute(claim.customer_details_erased_at) }) }));
  }
  if (focus) $("assoc-detail-title").focus();
}

export function backToList() {
  const id = shown.claim?.claim.id;
  shown.at = -1;
  $("assoc-detail").hidden = true;
  $("assoc-list").hidden = false;
  shown.claim = null;
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
  if (at >= 0) shown.at = table.offset + at;
  return at >= 0 ? table.offset + at : null;
}

/** Previous/next and "n of total", from where the open claim stands. */
export function updateNav() {
  const now = here();
  $("assoc-position").textContent = now === null ? "" : t("assoc.position", { at: now + 1, total: totalText() });
  // Out of the table, the claim that followed it has taken its place.
  const previous = now === null ? shown.at - 1 : now - 1;
  const next = now === null ? shown.at : now + 1;
  $("assoc-prev").disabled = previous < 0;
  $("assoc-next").disabled = next >= reach() || shown.at < 0;
}

/** The next (`by` 1) or previous (-1) claim of the table, across pages. */
export async function step(by) {
  if (!shown.claim) return;
  const now = here();
  const target = now === null ? (by > 0 ? shown.at : shown.at - 1) : now + by;
  if (target < 0 || target >= reach()) return;
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
    await api.assocEraseCustomers(shown.claim.claim.id);
  } catch (error) {
    showAppError(error);
    return;
  }
  await showDetail(shown.claim.claim.id, { focus: false });
  say(t("assoc.erased"));
  $("assoc-save-note").focus();
}

/** A notice beside the review, with an undo when there is one. */
export function say(text, undo = null) {
  $("assoc-detail-saved-text").textContent = text;
  $("assoc-detail-saved").hidden = false;
  shown.lastMove = undo;
  $("assoc-undo").hidden = undo === null;
}

/** Asks in place before `action`: the question, and a yes worded for it. */
function confirmFirst(question, yes, action) {
  shown.askedFrom = document.activeElement;
  $("assoc-confirm-text").textContent = question;
  $("assoc-confirm-yes").textContent = yes;
  $("assoc-confirm").hidden = false;
  shown.confirming = action;
  $("assoc-confirm-no").focus();
}

/** No to the confirmation (아니요 or Esc): nothing done, and the focus back
 *  where it was when asked, or on the claim's title. */
export function declineConfirmation() {
  clearNotices();
  const back = shown.askedFrom;
  shown.askedFrom = null;
  const usable = back?.isConnected && !back.disabled && back.offsetParent !== null && $("assoc-detail").contains(back);
  (usable ? back : $("assoc-detail-title")).focus();
}

/** A move button: checked with errors, and forwarded, are asked first. */
export function askMove(status) {
  if (!shown.claim || $(`assoc-move-${status}`).disabled) return;
  clearAppError();
  clearNotices();
  const errors = shown.claim.errors.length;
  if (status === "checked" && errors > 0) {
    confirmFirst(t("assoc.confirmCheckedWithErrors", { count: errors }), t("assoc.move.checked"), () => review(status));
  } else if (status === "forwarded") {
    confirmFirst(t("assoc.confirmForwarded"), t("assoc.move.forwarded"), () => review(status));
  } else {
    review(status);
  }
}

/** Moves the review to `status`, or (null) saves the note only. */
export async function review(status, { undoing = false } = {}) {
  clearAppError();
  clearNotices();
  const id = shown.claim.claim.id;
  const from = shown.claim.claim.review;
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
        shown.claim.claim.review_version,
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
    const canUndo = !undoing && shown.claim.claim.next_reviews.includes(from);
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

export async function undo() {
  if (!shown.lastMove || !shown.claim || shown.claim.claim.id !== shown.lastMove.id) return;
  await review(shown.lastMove.from, { undoing: true });
}

/** Alt+1/2/3/0 move the review, Alt+↓/↑ the next/previous claim, Escape
 *  back to the table: written on each button as aria-keyshortcuts. */
export function detailKeys(event) {
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
