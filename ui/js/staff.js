// The staff's accounts, for the association server's admins: who may sign
// in, a new account, and an account disabled (asked first, in its row).
// The server decides who may do this; the page only shows it to admins.
import * as api from "./api.js";
import { t } from "./i18n.js";
import { clearErrors, clearFieldError, showFieldError } from "./form.js";
import { $, cell, smallButton } from "./dom.js";

/** The name of whoever is signed in: their own account has no 중지. */
let me = null;

/** Where a refusal of the server belongs: beside its field, or above. */
const FIELD_OF = {
  E_STAFF_NAME: "staff-add-name",
  E_STAFF_EXISTS: "staff-add-name",
  E_STAFF_PASSWORD: "staff-add-password",
};

// The notices sit above the list: the focus goes to them, so whoever
// pressed the form's button below sees (and hears) what happened.
function failed(error) {
  $("staff-failed").textContent = error.message;
  $("staff-failed").hidden = false;
  $("staff-done").hidden = true;
  $("staff-failed").focus();
}

function done(text) {
  $("staff-done").textContent = text;
  $("staff-done").hidden = false;
  $("staff-failed").hidden = true;
  $("staff-done").focus();
}

function row(account) {
  const tr = document.createElement("tr");
  tr.dataset.name = account.name;
  const state = t(account.disabled ? "staff.state.disabled" : "staff.state.active");
  const actions = document.createElement("td");
  if (account.name === me) actions.textContent = t("staff.you");
  else if (!account.disabled) actions.append(disableButton(account.name, actions));
  tr.append(cell(account.name), cell(t(`staff.role.${account.role}`)), cell(state), actions);
  if (account.disabled) tr.className = "staff-row--disabled";
  return tr;
}

function show(accounts) {
  $("staff-rows").replaceChildren(...accounts.map(row));
}

/** 사용 중지 for the account `name`, in its row's `actions` cell. */
function disableButton(name, actions) {
  return smallButton(t("staff.disable"), () => askDisable(name, actions), "button--secondary");
}

/** Asks in the row itself; 아니요 puts the button back and the focus on it. */
function askDisable(name, actions) {
  const question = document.createElement("span");
  question.textContent = t("staff.disableAsk", { name });
  const yes = smallButton(t("staff.disableYes"), () => disable(name));
  const no = smallButton(t("staff.disableNo"), () => {
    actions.replaceChildren(disableButton(name, actions));
    actions.querySelector("button").focus();
  }, "button--secondary");
  actions.replaceChildren(question, " ", yes, " ", no);
  no.focus();
}

async function disable(name) {
  try {
    show(await api.staffDisable(name));
    done(t("staff.disabled", { name }));
  } catch (error) {
    failed(error);
  }
}

async function add(event) {
  event.preventDefault();
  const name = $("staff-add-name");
  const password = $("staff-add-password");
  clearErrors($("staff-add-form"));
  $("staff-failed").hidden = true;
  if (!name.value.trim()) {
    showFieldError(name, t("staff.nameMissing"), { summary: false });
    name.focus();
    return;
  }
  if (!password.value) {
    showFieldError(password, t("staff.passwordMissing"), { summary: false });
    password.focus();
    return;
  }
  try {
    show(await api.staffAdd(name.value.trim(), $("staff-add-role").value, password.value));
    done(t("staff.added", { name: name.value.trim() }));
    name.value = "";
    password.value = "";
    $("staff-add-role").value = "staff";
  } catch (error) {
    const field = FIELD_OF[error.code];
    if (field) {
      showFieldError($(field), error.message, { summary: false });
      $(field).focus();
    } else {
      failed(error);
    }
    // A password is never left in a field after a refusal: typed again.
    password.value = "";
  }
}

/** Shows the accounts (the view opened). */
export async function refreshStaff() {
  $("staff-done").hidden = true;
  try {
    show(await api.staffAccounts());
  } catch (error) {
    failed(error);
  }
}

/** Wires the view, once. */
export function initStaff() {
  $("staff-add-form").addEventListener("submit", add);
  for (const id of ["staff-add-name", "staff-add-password"]) {
    $(id).addEventListener("input", () => clearFieldError($(id)));
  }
}

/** Whoever signed in (their own row has no 중지). */
export function staffSignedIn(name) {
  me = name;
}
