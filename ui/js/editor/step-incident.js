// Step 1: whose claim (a stored business profile), which outage (an
// incident the app knows, or the owner's own times) and the claim period.
import * as api from "../api.js";
import { t } from "../i18n.js";
import { $ } from "../dom.js";
import { showAppError } from "../form.js";
import { readDate, showKstTime } from "../entry.js";
import { option, radioChoice } from "./controls.js";
import { change, changeThrough, state } from "./state.js";

/** The business part of a claim made from a stored profile. */
export function businessOf(profile) {
  return { ...structuredClone(profile.document), id: profile.id };
}

/** The incident the claim names by code (`incident.preset`), as Rust lists it. */
export function namedIncident() {
  const code = state.doc.incident?.preset;
  return code ? state.reference.incidents.find((known) => known.code === code) ?? null : null;
}

/** An incident's compensation rule in a line, its tiers worded in Rust
 *  from the definition; null when it has none. */
export function ruleText(compensation) {
  if (!compensation) return null;
  return t(`editor.incident.rule.${compensation.basis}`, { tiers: compensation.tiers.join(", ") });
}

export function renderIncident({ onIncidentChosen }) {
  const { doc, profiles, reference } = state;
  $("incident-second").hidden = true;
  waiting = null;
  const select = $("claim-business");
  const options = profiles.map((p) => option(`${p.name} (${p.registration_number})`, p.id));
  const ownId = doc.business?.id;
  if (doc.business && !profiles.some((p) => p.id === ownId)) {
    options.unshift(option(t("editor.business.asEntered", { name: doc.business.name ?? "" }), ""));
  }
  if (!doc.business) options.unshift(option(t("business.choose"), ""));
  select.replaceChildren(...options);
  select.value = profiles.some((p) => p.id === ownId) ? ownId : "";

  const choices = $("incident-choices");
  const current = doc.incident?.preset ?? (doc.incident ? "custom" : null);
  const radios = [
    ...reference.incidents.map((incident) => ({
      value: incident.code,
      label: incident.title,
      hint: [
        t("editor.incident.windowHint", { window: incident.window, period: incident.period }),
        incident.filing_deadline ? t("editor.incident.deadline", { date: incident.filing_deadline }) : "",
        ruleText(incident.compensation) ?? "",
        incident.verification === "built_in" ? "" : incident.verification_label,
      ]
        .filter(Boolean)
        .join(" · "),
    })),
    { value: "custom", label: t("editor.incident.custom"), hint: t("editor.incident.customHint") },
  ];
  choices.replaceChildren(
    ...radios.map((radio, index) =>
      radioChoice({
        group: "incident-choice",
        index,
        ...radio,
        checked: current === radio.value,
        onChange: () => chooseIncident(radio.value, onIncidentChosen),
      }),
    ),
  );
  // A preset's window may be narrower for this shop (spec §3.1): its own
  // times, in the same two fields, within the incident's.
  const own = Boolean(doc.incident?.preset && (doc.incident.start || doc.incident.end));
  $("incident-own").checked = own;
  showTimes(current, own);
  $("incident-start").value = showKstTime(doc.incident?.start);
  $("incident-end").value = showKstTime(doc.incident?.end);
  $("period-from").value = doc.period?.from ?? "";
  $("period-to").value = doc.period?.to ?? "";
  renderPeriodExplained();
}

/** The time fields: the outage's own for a custom one, the shop's own
 *  within a preset's window when the owner says it differed. */
function showTimes(current, own) {
  const incident = namedIncident();
  $("incident-own-field").hidden = !incident;
  $("incident-custom").hidden = !(current === "custom" || (incident && own));
  if (incident) {
    $("incident-start-label").textContent = t("editor.incident.ownStart.label");
    $("incident-end-label").textContent = t("editor.incident.ownEnd.label");
    $("incident-start-hint").textContent = t("editor.incident.ownStart.hint", { time: showKstTime(incident.start) });
    $("incident-end-hint").textContent = t("editor.incident.ownEnd.hint", { time: showKstTime(incident.end) });
  } else {
    $("incident-start-label").textContent = t("editor.incident.start.label");
    $("incident-end-label").textContent = t("editor.incident.end.label");
    $("incident-start-hint").textContent = t("editor.incident.time.hint");
    $("incident-end-hint").textContent = t("editor.incident.time.hint");
  }
}

function clearTimeFields() {
  $("incident-start").value = "";
  $("incident-end").value = "";
}

function renderPeriodExplained() {
  const incident = namedIncident();
  $("period-explained").textContent = incident
    ? t("editor.period.incidentDefault", { period: incident.period })
    : t("editor.period.customDefault");
}

/** Opens a stored claim in the editor (editor.js's, given at start). */
let openStored = async () => {};
/** The choice waiting on the owner's answer to "already a claim". */
let waiting = null;

/** The newest claim (not withdrawn) of `business` for the incident
 *  `code`, or null: the same profile, or the same registration number (a
 *  claim imported before the profile was saved). */
async function earlierClaim(business, code) {
  const digits = (text) => String(text ?? "").replace(/\D/g, "");
  const number = digits(business.registration_number);
  const claims = await api.listClaims({ incident: code });
  return (
    claims.find(
      (claim) =>
        claim.status !== "withdrawn" &&
        ((business.id && claim.business_id === business.id) || (number !== "" && digits(claim.registration_number) === number)),
    ) ?? null
  );
}

/** Shows the incident radios as the claim has it (an answer pending). */
function checkCurrentIncident() {
  const current = state.doc.incident?.preset ?? (state.doc.incident ? "custom" : null);
  for (const radio of document.querySelectorAll("input[name='incident-choice']")) radio.checked = radio.value === current;
}

async function chooseIncident(value, onIncidentChosen) {
  $("incident-second").hidden = true;
  waiting = null;
  // A claim not yet stored, for a business that already has one for this
  // outage: asked before it is made.
  if (value !== "custom" && state.summary === null && state.doc.business) {
    let earlier;
    try {
      earlier = await earlierClaim(state.doc.business, value);
    } catch (error) {
      showAppError(error);
      return;
    }
    if (earlier) {
      waiting = { value, onIncidentChosen, earlier };
      checkCurrentIncident();
      const incident = state.reference.incidents.find((known) => known.code === value);
      $("incident-second-text").textContent = t("editor.second.text", {
        business: state.doc.business.name ?? "",
        incident: incident?.title ?? value,
        number: earlier.number,
        status: t(`status.${earlier.status}`),
      });
      $("incident-second").hidden = false;
      $("incident-second-open").focus();
      return;
    }
  }
  applyIncident(value, onIncidentChosen);
}

/** Her own outage's start or end as typed ("3월 2일 오전 11시 10분"), read
 *  in Rust as an order's time is; in the edit queue, so fast typing cannot
 *  undo itself. */
function typeIncidentTime(end, text) {
  changeThrough(async (document) => {
    const read = await api.typeIncidentTime(document, end, text);
    const value = read.incident?.[end];
    return (d) => {
      d.incident = { ...(d.incident ?? {}) };
      if (value === undefined) delete d.incident[end];
      else d.incident[end] = value;
    };
  });
}

function applyIncident(value, onIncidentChosen) {
  for (const radio of document.querySelectorAll("input[name='incident-choice']")) radio.checked = radio.value === value;
  change((d) => {
    d.incident = value === "custom" ? { start: d.incident?.start, end: d.incident?.end } : { preset: value };
  });
  if (value === "custom") {
    // Times typed before choosing 직접 입력 count: read as she wrote them.
    for (const end of ["start", "end"]) {
      const typed = $(`incident-${end}`).value;
      if (state.doc.incident?.[end] === undefined && typed.trim() !== "") typeIncidentTime(end, typed);
    }
  }
  $("incident-own").checked = false;
  if (value !== "custom") clearTimeFields();
  showTimes(value, false);
  renderPeriodExplained();
  onIncidentChosen();
}

/** `open(id)` opens a stored claim in the editor. */
export function initIncident(open) {
  openStored = open;
  $("incident-second-open").addEventListener("click", () => {
    if (waiting) openStored(waiting.earlier.id);
  });
  $("incident-second-copy").addEventListener("click", async () => {
    if (!waiting) return;
    try {
      // The copy keeps the first claim's documents (통장 사본, 소상공인
      // 확인서): nothing to attach again.
      const copy = await api.duplicateClaim(waiting.earlier.id);
      await openStored(copy.id);
    } catch (error) {
      showAppError(error);
    }
  });
  $("incident-second-anyway").addEventListener("click", () => {
    if (!waiting) return;
    const { value, onIncidentChosen } = waiting;
    waiting = null;
    $("incident-second").hidden = true;
    applyIncident(value, onIncidentChosen);
    document.querySelector(`input[name='incident-choice'][value='${value}']`)?.focus();
  });
  $("claim-business").addEventListener("change", (event) => {
    const profile = state.profiles.find((p) => p.id === event.target.value);
    if (profile) change((d) => (d.business = businessOf(profile)));
  });
  $("incident-own").addEventListener("change", (event) => {
    const own = event.target.checked;
    if (!own) {
      // Back to the incident's own window: the shop's times go.
      clearTimeFields();
      change((d) => {
        if (d.incident?.preset) d.incident = { preset: d.incident.preset };
      });
    }
    showTimes(state.doc.incident?.preset ?? "custom", own);
    if (own) $("incident-end").focus();
  });
  $("incident-start").addEventListener("input", (event) => typeIncidentTime("start", event.target.value));
  $("incident-end").addEventListener("input", (event) => typeIncidentTime("end", event.target.value));
  const periodInput = () => {
    const from = readDate($("period-from").value);
    const to = readDate($("period-to").value);
    change((d) => {
      if (from === "" && to === "") delete d.period;
      else d.period = { from: from || undefined, to: to || undefined };
    });
  };
  $("period-from").addEventListener("input", periodInput);
  $("period-to").addEventListener("input", periodInput);
}
