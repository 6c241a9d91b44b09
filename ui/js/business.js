// The business profile: entered once, reused by every claim; several
// businesses possible. Every check comes from the rules engine
// (`checkBusiness`, `checkRegistrationNumber`), never from this file.
import * as api from "./api.js";
import { locale, t } from "./i18n.js";
import { newClaim } from "./editor.js";
import {
  clearErrors,
  clearFieldError,
  showAppError,
  showErrors,
  showFieldError,
  showResolved,
  showWarnings,
  summaryHeight,
} from "./form.js";

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
let latestRecheck = 0;
/** The form as last filled or saved (to tell what is typed and not kept). */
let kept = "{}";
/** What to do once the owner agrees to drop what she typed. */
let afterDiscard = null;

const unsaved = document.getElementById("business-unsaved");
const discard = document.getElementById("business-discard");

function typedNotKept() {
  return JSON.stringify(readForm()) !== kept;
}

function showUnsaved() {
  unsaved.hidden = !typedNotKept();
}

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
  kept = JSON.stringify(readForm());
  showUnsaved();
}

/** Runs `then` now if nothing typed would be lost; else asks first, in
 *  place, and runs it only on 저장하지 않고 지우기. */
function unlessUnsaved(then, { from }) {
  if (!typedNotKept()) {
    then();
    return;
  }
  afterDiscard = { then, from };
  discard.hidden = false;
  document.getElementById("business-discard-no").focus();
}

function closeDiscard(agreed) {
  const pending = afterDiscard;
  afterDiscard = null;
  discard.hidden = true;
  if (agreed) pending?.then();
  else pending?.from?.focus();
}

/** Errors shown by a 저장 clear as their fields are put right (and change
 *  if what is wrong changes), without waiting for the next 저장; a field
 *  not yet in error is not marked while she types. */
async function recheckShownErrors() {
  const shown = [...form.querySelectorAll("[aria-invalid='true']")];
  if (shown.length === 0) return;
  const request = ++latestRecheck;
  let errors;
  try {
    ({ errors } = await api.checkBusiness(readForm(), locale()));
  } catch (error) {
    showAppError(error);
    return;
  }
  if (request !== latestRecheck) return;
  const now = new Map(errors.filter((e) => FIELDS[e.field]).map((e) => [FIELDS[e.field], e.message]));
  const height = summaryHeight();
  const still = [];
  for (const input of form.querySelectorAll("[aria-invalid='true']")) {
    const message = now.get(input.id);
    if (message === undefined) clearFieldError(input);
    else still.push({ input, message });
  }
  if (still.length > 0) showErrors(still, { focus: false });
  // All put right: a calm note in the summary's place, so nothing moves
  // under her next click.
  else showResolved(height);
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
    kept = JSON.stringify(readForm());
    showUnsaved();
    document.getElementById("business-needed").hidden = true;
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
  form.addEventListener("input", () => {
    showUnsaved();
    recheckShownErrors();
  });
  form.addEventListener("change", () => {
    showUnsaved();
    recheckShownErrors();
  });
  document.getElementById("business-discard-yes").addEventListener("click", () => closeDiscard(true));
  document.getElementById("business-discard-no").addEventListener("click", () => closeDiscard(false));
  document.getElementById("business-next").addEventListener("click", () => newClaim());
  choice.addEventListener("change", () => {
    const wanted = choice.value;
    // Until she agrees, the chooser still names the business on screen.
    choice.value = idInput.value;
    unlessUnsaved(
      () => {
        saved.hidden = true;
        choice.value = wanted;
        fillForm(profiles.find((p) => p.id === wanted)?.document ?? null);
      },
      { from: choice },
    );
  });
  const newButton = document.getElementById("business-new");
  newButton.addEventListener("click", () =>
    unlessUnsaved(
      () => {
        saved.hidden = true;
        fillForm(null);
        choice.value = "";
        document.getElementById("business-name").focus();
      },
      { from: newButton },
    ),
  );
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
