// Incidents and customers' personal data: the incident definitions (built in
// and imported, with whether the association's signature was verified), the
// import of a definition file, the retention time of customer details and
// the notice for customers. What is verified, and what a file may replace,
// is decided in Rust; this screen shows it.
import * as api from "./api.js";
import { formatDate, locale, t } from "./i18n.js";
import { clearAppError, clearErrors, clearFieldError, pickFile, showAppError, showFieldError } from "./form.js";
import { $, cell } from "./dom.js";
import { ruleText } from "./editor/step-incident.js";


async function refreshIncidents() {
  let incidents;
  try {
    incidents = await api.listIncidents();
  } catch (error) {
    showAppError(error);
    return;
  }
  // The window in Korea time and the verification in words (the PDF's own
  // words) come from Rust, with the incident's other labels.
  let known = new Map();
  try {
    known = new Map((await api.referenceData(locale())).incidents.map((p) => [p.code, p]));
  } catch (error) {
    showAppError(error);
  }
  $("incidents-rows").replaceChildren(
    ...incidents.map((incident) => {
      const tr = document.createElement("tr");
      tr.dataset.id = incident.id;
      const verification = document.createElement("span");
      const knownIncident = known.get(incident.id);
      verification.textContent = knownIncident?.verification_label ?? incident.verification.status;
      if (incident.verification.status === "unverified") verification.className = "badge-unverified";
      tr.append(
        cell(locale() === "en" ? incident.title_en : incident.title_ko),
        cell(verification),
        cell(knownIncident?.window ?? "-"),
        cell(ruleText(knownIncident?.compensation) ?? "-"),
        cell(incident.filing_deadline ? formatDate(incident.filing_deadline) : "-"),
      );
      return tr;
    }),
  );
}

async function importIncident() {
  clearAppError();
  const button = $("incident-import");
  clearFieldError(button);
  $("incident-imported").hidden = true;
  const file = await pickFile("incident_definition", t("incidents.dialogTitle"));
  if (!file) return;
  try {
    const imported = await api.importIncident(file.token, locale());
    const known = (await api.referenceData(locale())).incidents;
    const knownIncident = known.find((p) => p.code === imported.incident.id);
    const notice = $("incident-imported");
    notice.textContent = [
      t("incidents.imported", {
        title: knownIncident?.title ?? imported.incident.id,
        verification: knownIncident?.verification_label ?? imported.incident.verification.status,
      }),
      imported.claims_updated > 0 ? t("incidents.importedClaims", { count: imported.claims_updated }) : "",
    ]
      .join(" ")
      .trim();
    notice.hidden = false;
  } catch (error) {
    // A file that contradicts itself: the message names the field.
    showFieldError(button, error.message, { summary: true });
  }
  await refreshIncidents();
}

/** One offered definition: what it is, whose signature, and 가져오기. */
function offerItem(offer) {
  const line = document.createElement("li");
  line.dataset.id = offer.id;
  const title = locale() === "en" ? offer.title_en : offer.title_ko;
  const text = document.createElement("span");
  text.textContent = [
    offer.verified
      ? t("incidents.offers.verified", { title, signer: offer.signer })
      : t("incidents.offers.unverified", { title }),
    offer.replaces ? t("incidents.offers.replaces") : "",
  ]
    .join(" ")
    .trim();
  const take = document.createElement("button");
  take.type = "button";
  take.className = offer.verified ? "button" : "button button--warning";
  take.textContent = t("incidents.offers.take");
  take.addEventListener("click", () => takeOffer(offer, take));
  line.append(text, " ", take);
  return line;
}

/** 새 장애 정의 확인: what each server offers; `quiet` (at start) shows
 *  the box only when something is offered. */
async function fetchOffers({ quiet = false } = {}) {
  const status = $("incident-offers-status");
  const list = $("incident-offers-list");
  if (!quiet) {
    clearAppError();
    status.textContent = t("incidents.offers.asking");
    status.hidden = false;
  }
  let servers;
  try {
    servers = await api.incidentOffers(locale());
  } catch (error) {
    if (!quiet) {
      status.hidden = true;
      showAppError(error);
    }
    return;
  }
  const offers = servers.flatMap((server) => server.offers);
  if (quiet && offers.length === 0) return;
  const problems = servers
    .filter((server) => server.problem)
    .map((server) => {
      const line = document.createElement("li");
      line.textContent = t("incidents.offers.problem", server);
      return line;
    });
  list.replaceChildren(...offers.map(offerItem), ...problems);
  list.hidden = offers.length + problems.length === 0;
  status.textContent =
    servers.length === 0
      ? t("incidents.offers.nowhere")
      : offers.length > 0
        ? t("incidents.offers.count", { count: offers.length })
        : t("incidents.offers.none");
  status.hidden = false;
}

async function takeOffer(offer, button) {
  clearAppError();
  button.disabled = true;
  try {
    const imported = await api.incidentOfferAccept(offer.id, offer.sha256, locale());
    const notice = $("incident-imported");
    const title = locale() === "en" ? offer.title_en : offer.title_ko;
    notice.textContent = [
      t("incidents.imported", {
        title,
        verification: offer.verified ? offer.signer : t("incidents.offers.unverifiedShort"),
      }),
      imported.claims_updated > 0 ? t("incidents.importedClaims", { count: imported.claims_updated }) : "",
    ]
      .join(" ")
      .trim();
    notice.hidden = false;
    button.closest("li").remove();
    const left = $("incident-offers-list").querySelectorAll("li[data-id]").length;
    $("incident-offers-list").hidden = $("incident-offers-list").childElementCount === 0;
    $("incident-offers-status").textContent =
      left > 0 ? t("incidents.offers.count", { count: left }) : t("incidents.offers.none");
    await refreshIncidents();
    notice.tabIndex = -1;
    notice.focus();
  } catch (error) {
    button.disabled = false;
    showFieldError($("incident-offers-fetch"), error.message, { summary: true });
  }
}

/** At start: what the servers offer, said in the incidents view when there
 *  is something. */
export async function fetchOffersAtStart() {
  await fetchOffers({ quiet: true });
}

async function refreshKeys() {
  let keys;
  try {
    keys = await api.listKeys();
  } catch (error) {
    showAppError(error);
    return;
  }
  $("keys-rows").replaceChildren(
    ...keys.map((key) => {
      const tr = document.createElement("tr");
      const code = document.createElement("code");
      code.textContent = key.fingerprint;
      tr.append(
        cell(key.shipped ? `${key.name} (${t("keys.shipped")})` : key.name),
        cell(t(`keys.uses.${key.uses}`)),
        cell(code),
      );
      return tr;
    }),
  );
}

/** Which field a key error belongs beside (the codes are the store's). */
const KEY_ERROR_FIELDS = {
  E_KEY_INVALID: "key-public",
  E_KEY_NAME_MISSING: "key-name",
  E_KEY_NAME_TOO_LONG: "key-name",
  E_KEY_NAME_RESERVED: "key-name",
};

async function trustKey(event) {
  event.preventDefault();
  clearAppError();
  clearErrors($("key-form"));
  $("key-added").hidden = true;
  let key;
  try {
    const uses = document.querySelector('input[name="key-uses"]:checked')?.value ?? "incidents";
    key = await api.trustKey($("key-public").value.trim(), $("key-name").value, uses);
    $("key-public").value = "";
    $("key-name").value = "";
    $("key-uses-incidents").checked = true;
  } catch (error) {
    const field = KEY_ERROR_FIELDS[error.code];
    if (field) showFieldError($(field), error.message, { summary: true });
    else showAppError(error);
    return;
  }
  // Files already imported are checked again against the new key. The
  // confirmation comes once both lists show what the key changed, so what
  // it stands beside is already true.
  await Promise.all([refreshKeys(), refreshIncidents()]);
  $("key-added").textContent = t("keys.added", { name: key.name, fingerprint: key.fingerprint });
  $("key-added").hidden = false;
}

async function refreshRetention() {
  try {
    const { days } = await api.retention();
    $("retention-days").value = String(days);
  } catch (error) {
    showAppError(error);
  }
}

async function saveRetention(event) {
  event.preventDefault();
  clearAppError();
  const input = $("retention-days");
  clearFieldError(input);
  $("retention-saved").hidden = true;
  const text = input.value.trim().replace(/,/g, "").replace(/일$/, "");
  // Only the notation is read here; the range is the store's rule.
  const days = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(days)) {
    showFieldError(input, t("privacy.retention.invalid"), { summary: true });
    return;
  }
  try {
    const saved = await api.setRetention(days);
    $("retention-saved").textContent = t("privacy.retention.saved", { days: saved.days });
    $("retention-saved").hidden = false;
    await refreshNotice();
  } catch (error) {
    showFieldError(input, error.message, { summary: true });
  }
}

async function refreshNotice() {
  try {
    const notice = await api.customerNotice(locale());
    const box = $("customer-notice");
    const title = document.createElement("h4");
    title.textContent = notice.title;
    box.replaceChildren(
      title,
      ...notice.paragraphs.map((text) => {
        const p = document.createElement("p");
        p.textContent = text;
        return p;
      }),
    );
  } catch (error) {
    showAppError(error);
  }
}

async function makeNoticePdf() {
  clearAppError();
  $("customer-notice-made").hidden = true;
  const file = await pickFile("save_notice", t("privacy.notice.dialogTitle"), "claimdesk-customer-notice.pdf");
  if (!file) return;
  try {
    const made = await api.makeNoticePdf(file.token, locale());
    $("customer-notice-made").textContent = t("privacy.notice.made", { path: made });
    $("customer-notice-made").hidden = false;
    await api.openPdf(made);
  } catch (error) {
    showAppError(error);
  }
}

export async function refreshIncidentsView() {
  await Promise.all([refreshIncidents(), refreshKeys(), refreshRetention(), refreshNotice()]);
}

export function initIncidents() {
  $("incident-import").addEventListener("click", importIncident);
  $("incident-offers-fetch").addEventListener("click", () => fetchOffers());
  $("retention-form").addEventListener("submit", saveRetention);
  $("key-form").addEventListener("submit", trustKey);
  $("customer-notice-pdf").addEventListener("click", makeNoticePdf);
}
