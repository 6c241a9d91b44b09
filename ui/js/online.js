// 온라인으로 제출: the claims chosen in the list go to the association's
// server that their signed incident definition names. Before anything is
// sent, the owner is told what goes (masked or not) and to whom (the name
// of the key that signed the definition), and warned when nobody vouches
// for the destination. Each claim is sent on its own, so progress can be
// said; what came back is a line per claim. Which claims may go, where, and
// what a receipt proves are Rust's (`app::submit`).
import * as api from "./api.js";
import { locale, t } from "./i18n.js";
import { $ } from "./dom.js";
import { clearAppError, clearFieldError, showAppError, showFieldError } from "./form.js";
import { showView } from "./views.js";

/** The list's side (claims.js): the chosen ids, a claim's number, redraw,
 *  and choosing one claim alone. */
let list = { chosen: () => [], numberOf: (id) => id, refresh: async () => {}, chooseOnly: async () => {} };

/** "2026-12-07T05:05:00Z" → "2026-12-07 14:05 KST" (the shop's clock). */
function kst(iso) {
  const at = new Date(iso ?? "");
  if (Number.isNaN(at.getTime())) return iso ?? "";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Seoul",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} KST`;
}

function detailsIncluded() {
  return $("claims-bundle-details").checked;
}

/** The claims asked about, waiting for the owner's yes. */
let pending = [];

function lineOf(result) {
  const item = document.createElement("li");
  item.className = `online-results__${result.outcome}`;
  item.dataset.id = result.id;
  if (result.outcome === "received") {
    item.textContent = result.unchanged
      ? t("online.unchanged", { number: result.number, receipt: result.receipt_number })
      : t("online.received", { number: result.number, receipt: result.receipt_number, at: kst(result.received_at) });
  } else {
    item.textContent = t(`online.${result.outcome}`, { number: result.number, message: result.message });
  }
  return item;
}

async function ask() {
  clearAppError();
  const button = $("claims-submit");
  $("claims-submit-results").hidden = true;
  $("claims-submit-progress").hidden = true;
  const ids = list.chosen();
  if (ids.length === 0) {
    showFieldError(button, t("online.none"), { summary: true });
    return;
  }
  clearFieldError(button);
  let destinations;
  try {
    destinations = await Promise.all(ids.map((id) => api.claimDestination(id)));
  } catch (error) {
    showAppError(error);
    return;
  }
  // Where each goes, once per destination; and what has nowhere to go.
  const to = new Map();
  let unverified = false;
  const nowhere = [];
  destinations.forEach((destination, index) => {
    if (!destination.url) {
      nowhere.push(t("online.noAddress", { number: list.numberOf(ids[index]) }));
      return;
    }
    unverified ||= !destination.verified;
    to.set(
      destination.url,
      destination.verified
        ? t("online.to", { signer: destination.signer, url: destination.url })
        : t("online.toUnverified", { url: destination.url }),
    );
  });
  pending = ids;
  $("claims-submit-what").textContent = t("online.what", {
    count: ids.length,
    details: t(detailsIncluded() ? "online.included" : "online.masked"),
  });
  $("claims-submit-to").replaceChildren(
    ...[...to.values(), ...nowhere].map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }),
  );
  $("claims-submit-unverified").hidden = !unverified;
  $("claims-submit-confirm").hidden = false;
  // Warned, the owner's first answer is the safe one.
  $(unverified ? "claims-submit-no" : "claims-submit-yes").focus();
}

/** Makes `calls` one after another (each resolves lines of results),
 *  saying how far it is. */
async function sendEach(calls) {
  const progress = $("claims-submit-progress");
  const results = $("claims-submit-results");
  results.replaceChildren();
  results.hidden = false;
  progress.hidden = false;
  const count = { received: 0, refused: 0, waiting: 0 };
  for (const [index, call] of calls.entries()) {
    progress.textContent = t("online.sending", { done: index, count: calls.length });
    try {
      for (const result of await call()) {
        count[result.outcome] += 1;
        results.append(lineOf(result));
      }
    } catch (error) {
      showAppError(error);
      break;
    }
  }
  progress.textContent = t("online.done", count);
  await list.refresh();
  progress.focus();
}

async function send() {
  const ids = pending;
  pending = [];
  $("claims-submit-confirm").hidden = true;
  const unverified = !$("claims-submit-unverified").hidden;
  const options = {
    include_customer_details: detailsIncluded(),
    // Only after the warning was shown and the owner said yes to it.
    to_unverified: unverified,
    lang: locale(),
  };
  await sendEach(ids.map((id) => () => api.submitClaims([id], options)));
}

function cancel() {
  pending = [];
  $("claims-submit-confirm").hidden = true;
  $("claims-submit").focus();
}

async function resend() {
  clearAppError();
  await sendEach([() => api.sendWaiting(locale())]);
}

function item(text) {
  const line = document.createElement("li");
  line.textContent = text;
  return line;
}

/** What an answers file (imported, or fetched from the server) did, a line
 *  each: the claims it moved (a return with its reason), then what it
 *  left alone and why. */
export function answerItems(imported) {
  return [
    ...imported.applied.map((answer) =>
      item(
        t(answer.reason ? "reply.answerWithReason" : "reply.answer", {
          number: answer.number,
          status: t(`reply.status.${answer.status}`),
          reason: answer.reason ?? "",
        }),
      ),
    ),
    ...(imported.other_content ?? []).map((number) => item(t("reply.otherContent", { number }))),
    ...(imported.for_another_shop
      ? [t("reply.forAnotherShop", { shop: imported.for_another_shop })]
      : imported.other_businesses > 0
        ? [t("reply.otherBusinesses", { count: imported.other_businesses })]
        : []
    ).map(item),
    ...(imported.not_here > 0 ? [t("reply.notHere", { count: imported.not_here })] : []).map(item),
  ];
}

/** 회신 확인: the servers asked for this PC's businesses' answers (signed
 *  with each business's own key, in Rust); what moved is said a line per
 *  claim, and a server that did not answer is said plainly. `quiet` (at
 *  start): said only when something moved. */
async function fetchAnswers({ quiet = false } = {}) {
  if (!quiet) clearAppError();
  const status = $("claims-answers-status");
  const lines = $("claims-answers-list");
  if (!quiet) {
    status.textContent = t("online.asking");
    status.hidden = false;
    lines.replaceChildren();
  }
  let heard;
  try {
    heard = await api.fetchAnswers(locale());
  } catch (error) {
    if (!quiet) {
      status.hidden = true;
      showAppError(error);
    }
    return;
  }
  const moved = heard.filter((one) => one.kind === "answers").flatMap((one) => one.applied);
  if (quiet && moved.length === 0) return;
  const items = heard.flatMap((one) =>
    one.kind === "answers"
      ? answerItems(one)
      : [
          item(
            t(`online.answers.${one.kind}`, {
              url: one.url,
              business: one.registration_number,
              message: one.message,
            }),
          ),
        ],
  );
  status.textContent =
    heard.length === 0
      ? t("online.answers.nowhere")
      : moved.length > 0
        ? t("online.answers.moved", { count: moved.length })
        : t("online.answers.nothingNew");
  status.hidden = false;
  lines.replaceChildren(...items);
  lines.hidden = items.length === 0;
  if (moved.length > 0) await list.refresh();
  if (!quiet) {
    // The sentence at the top, its lines under it in view.
    status.focus({ preventScroll: true });
    status.scrollIntoView({ block: "start" });
  }
}

/** At start, after what waited was sent: the answers, quietly. */
export async function fetchAnswersAtStart() {
  await fetchAnswers({ quiet: true });
}

/** Whether any listed claim waits: the 다시 보내기 button shows then. */
export function showWaiting(claims) {
  $("claims-send-waiting").hidden = !claims.some((claim) => claim.waiting);
}

/** 온라인으로 제출 from a claim's editor: the claim list, that claim alone
 *  chosen, and the same question (what goes, to whom) before anything is
 *  sent. */
export async function submitOnline(id) {
  showView("claims");
  await list.chooseOnly(id);
  document.getElementById("claims-online").scrollIntoView({ block: "start" });
  await ask();
}

/** At start: what waited is sent again, quietly (the list shows the result). */
export async function sendWaitingAtStart() {
  try {
    const sent = await api.sendWaiting(locale());
    if (sent.length > 0) await list.refresh();
  } catch {
    // No data folder or no store yet: the list says what is wrong.
  }
}

export function initOnline(listSide) {
  list = listSide;
  $("claims-submit").addEventListener("click", ask);
  $("claims-submit-yes").addEventListener("click", send);
  $("claims-submit-no").addEventListener("click", cancel);
  $("claims-send-waiting").addEventListener("click", resend);
  $("claims-submit-progress").tabIndex = -1;
  $("claims-answers-fetch").addEventListener("click", () => fetchAnswers());
  $("claims-answers-status").tabIndex = -1;
}
