// The business profile: entered once, reused by every claim; several
// businesses possible. Every check comes from the rules engine
// (`checkBusiness`, `checkRegistrationNumber`), never from this file.
import * as api from "./api.js";
import { locale, t } from "./i18n.js";
import { newClaim } from "./editor.js";
import { clearErrors, clearFieldError, showAppError, showErrors, showFieldError, showWarnings } from "./form.js";

const form = document.getElementById("business-form");
const idInput = document.getElementById("business-id");
const brnInput = document.getElementById("registration-number");
const brnResult = document.getElementById("registration-number-result");
const choiceField = document.getElementById("business-choice-field");
const choice = document.getElementById("business-choice");
const saved = document.getElementById("business-saved");
const savedText = document.getElementById("business-saved-text");
const firstRun = document.getElementById("first-run");

/** Form field (a path in the profile) → its input's id. */
const FIELDS = {
  name: "business-name",
  representative: "representative",
  registration_number: "registration-number",
  industry: "industry",
  region: "region",
  address: "address",
  phone: "phone",
  email: "email",
  "bank.name": "bank-name",
  "bank.account": "bank-account",
  "bank.holder": "bank-holder",
};

let profiles = [];
let latestCheck = 0;

/** The profile as typed, without empty fields. */
function readForm() {
  const profile = {};
  const bank = {};
  for (const [field, id] of Object.entries(FIELDS)) {
    const value = document.getElementById(id).value.trim();
    if (value === "") continue;
    if (field.startsWith("bank.")) bank[field.slice(5)] = value;
    else profile[field] = value;
  }
  if (Object.keys(bank).length > 0) profile.bank = bank;
  if (idInput.value) profile.id = idInput.value;
  return profile;
}

function fillForm(profile) {
  clearErrors(form);
  showWarnings(form, []);
  idInput.value = profile?.id ?? "";
  for (const [field, id] of Object.entries(FIELDS)) {
    const value = field.startsWith("bank.")
      ? profile?.bank?.[field.slice(5)]
      : profile?.[field];
    document.getElementById(id).value = value ?? "";
  }
  brnResult.hidden = true;
  if (brnInput.value) checkNumber({ final: false });
}

function fillSelect(select, choices) {
  const current = select.value;
  const empty = new Option(t("business.choose"), "");
  select.replaceChildren(empty, ...choices.map((c) => new Option(c.label, c.code)));
  select.value = current;
}

async function loadChoices() {
  const data = await api.referenceData(locale());
  fillSelect(document.getElementById("industry"), data.industries);
  fillSelect(document.getElementById("region"), data.regions);
}

function fillChoice() {
  // With no business yet this is a first start: the three steps are
  // explained above the form until the first one is saved.
  firstRun.hidden = profiles.length > 0;
  choiceField.hidden = profiles.length === 0;
  const current = idInput.value;
  choice.replaceChildren(
    ...profiles.map((p) => new Option(`${p.name} (${p.registration_number})`, p.id)),
    new Option(t("business.choice.new"), ""),
  );
  choice.value = current;
}

async function checkNumber({ final }) {
  const request = ++latestCheck;
  let feedback;
  try {
    feedback = await api.checkRegistrationNumber(brnInput.value, locale());
  } catch (error) {
    showAppError(error);
    return;
  }
  if (request !== latestCheck) return; // a newer keystroke has answered
  if (feedback.valid) {
    clearFieldError(brnInput);
    brnResult.textContent = t("business.registrationNumber.valid", {
      formatted: feedback.formatted,
      type: feedback.business_type,
    });
    brnResult.hidden = false;
  } else {
    brnResult.hidden = true;
    // While typing, wait for all ten digits; on leaving the field, say what
    // is wrong whatever was typed.
    if (feedback.complete || final) {
      showFieldError(brnInput, feedback.error.message, { summary: false });
    } else {
      clearFieldError(brnInput);
    }
  }
}

async function submit(event) {
  event.preventDefault();
  saved.hidden = true;
  const profile = readForm();
  let errors;
  let warnings;
  try {
    ({ errors, warnings } = await api.checkBusiness(profile, locale()));
  } catch (error) {
    showAppError(error);
    return;
  }
  clearErrors(form);
  // The bank account's warnings stay beside its fields; they do not stop
  // the save (the owner may know better), but a payer checks the account.
  showWarnings(
    form,
    warnings
      .filter((w) => FIELDS[w.field])
      .map((w) => ({ input: document.getElementById(FIELDS[w.field]), message: w.message })),
  );
  const known = errors.filter((e) => FIELDS[e.field]);
  if (errors.length > known.length) {
    showAppError(errors.find((e) => !FIELDS[e.field]));
  }
  if (known.length > 0) {
    showErrors(known.map((e) => ({ input: document.getElementById(FIELDS[e.field]), message: e.message })));
    return;
  }
  try {
    const first = profiles.length === 0;
    const stored = await api.saveBusiness(profile);
    idInput.value = stored.id;
    profiles = await api.listBusinesses();
    fillChoice();
    // Said beside the save button, with the next step under it.
    savedText.textContent = t(first ? "business.savedFirst" : "business.saved", { name: stored.name });
    saved.hidden = false;
    saved.scrollIntoView({ block: "nearest" });
  } catch (error) {
    showAppError(error);
  }
}

export async function initBusiness() {
  brnInput.addEventListener("input", () => checkNumber({ final: false }));
  brnInput.addEventListener("blur", () => {
    if (brnInput.value.trim() !== "") checkNumber({ final: true });
  });
  form.addEventListener("submit", submit);
  document.getElementById("business-next").addEventListener("click", () => newClaim());
  choice.addEventListener("change", () => {
    saved.hidden = true;
    fillForm(profiles.find((p) => p.id === choice.value)?.document ?? null);
  });
  document.getElementById("business-new").addEventListener("click", () => {
    saved.hidden = true;
    fillForm(null);
    choice.value = "";
    document.getElementById("business-name").focus();
  });
  try {
    await loadChoices();
    profiles = await api.listBusinesses();
  } catch (error) {
    showAppError(error);
    return;
  }
  fillChoice();
  if (profiles.length > 0) fillForm(profiles[0].document);
  choice.value = idInput.value;
}

/** After a language switch: labels of the choices, and the number's feedback. */
export async function relabelBusiness() {
  try {
    await loadChoices();
  } catch (error) {
    showAppError(error);
  }
  fillChoice();
  if (brnInput.value.trim() !== "") checkNumber({ final: false });
}
