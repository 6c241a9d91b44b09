// The claim editor: one claim as seven steps the owner moves between freely.
// The claim document (`claimdesk.claim/1`, as entered) is the one state;
// every change is saved as the owner types (a draft) and assessed by the
// rules engine, whose report drives every number, message and mark shown.
// This file holds no rule: which problems exist, where they point, what the
// totals are and how customer details are masked all come from Rust.
import * as api from "./api.js";
import { formatDate, formatDaysLeft, formatWon, locale, t } from "./i18n.js";
import { clearAppError, clearErrors, pickFile, pickSavePath, showAppError, showErrors } from "./form.js";
import { readAmount, readDate, readKstTime, readMarginPercent, showAmount, showKstTime, showMarginPercent } from "./entry.js";
import {
  renderSalesGrid,
  resetSalesGrid,
  salesInputId,
  showPasted,
  showSalesNotice,
} from "./sales-grid.js";
import { initSalesImport, resetSalesImport } from "./sales-import.js";
import { showView } from "./views.js";

const STEPS = ["incident", "services", "sales", "orders", "costs", "evidence", "review"];
const FORMAT = "claimdesk.claim/1";
const SAVE_DELAY_MS = 400;
const ORDER_FIELDS = ["at", "service", "amount", "ref", "customer_name", "customer_phone", "note"];
const COST_FIELDS = ["date", "description", "amount"];

const view = document.getElementById("view-editor");
const $ = (id) => document.getElementById(id);

let reference = null; // presets and vocabularies in the current language
let profiles = []; // stored business profiles
let doc = null; // the claim document being edited
let summary = null; // the stored claim's list row (null until first saved)
let evidence = []; // the stored evidence entries
let customersErasedOn = null; // the day the retention time erases customer details
let assessed = null; // the latest assessment of `doc`
let step = "incident";
const revealed = new Set(); // steps whose errors are shown
let assessSeq = 0;
let shownRequired = null; // the evidence kinds the checklist shows
let saveTimer = null;
let dirty = false;
let saving = Promise.resolve();

// --- Saving and assessing ------------------------------------------------

function setSaveState(state) {
  const element = $("editor-saved");
  element.dataset.state = state;
  element.textContent = t(`editor.save.${state}`);
}

/** Saves now what is pending; resolves once the store has it. */
function flush() {
  clearTimeout(saveTimer);
  if (!dirty) return saving;
  dirty = false;
  saving = saving
    .then(async () => {
      const saved = await api.saveClaim(structuredClone(doc));
      doc.id = saved.id;
      summary = saved;
      renderMeta();
      if (!dirty) setSaveState("saved");
    })
    .catch((error) => {
      setSaveState("failed");
      showAppError(error);
    });
  return saving;
}

function scheduleSave() {
  dirty = true;
  setSaveState("saving");
  clearTimeout(saveTimer);
  saveTimer = setTimeout(flush, SAVE_DELAY_MS);
}

async function assess() {
  const seq = ++assessSeq;
  let result;
  try {
    result = await api.assessClaim(doc, locale());
  } catch (error) {
    showAppError(error);
    return;
  }
  if (seq !== assessSeq || doc === null) return; // a newer edit has answered
  assessed = result;
  renderAssessment();
}

/** Applies one edit of the document: saved soon, assessed now. */
function change(edit) {
  if (!summary?.editable && summary) return;
  edit(doc);
  scheduleSave();
  assess();
}

// --- Opening --------------------------------------------------------------

async function loadReference() {
  reference = await api.referenceData(locale());
  profiles = await api.listBusinesses();
}

function businessOf(profile) {
  return { ...structuredClone(profile.document), id: profile.id };
}

async function open(document, stored, storedEvidence, erasedOn = null) {
  clearAppError();
  doc = document;
  summary = stored;
  evidence = storedEvidence;
  customersErasedOn = erasedOn;
  assessed = null;
  revealed.clear();
  dirty = false;
  $("pdf-made").hidden = true;
  $("orders-erased").hidden = true;
  resetSalesGrid();
  resetSalesImport();
  await loadReference();
  renderAll();
  setSaveState(summary ? "saved" : "new");
  showView("editor");
  showStep("incident", { focus: false });
  $("editor-title").focus();
  await assess();
}

/** A new claim for the first (or only) business profile; stored on its first edit. */
export async function newClaim() {
  try {
    await loadReference();
  } catch (error) {
    showAppError(error);
    return;
  }
  const document = { format: FORMAT };
  if (profiles.length > 0) document.business = businessOf(profiles[0]);
  await open(document, null, []);
}

/** Opens a stored claim. */
export async function openClaim(id) {
  let whole;
  try {
    whole = await api.getClaim(id);
  } catch (error) {
    showAppError(error);
    return;
  }
  await open(whole.document, whole.summary, whole.evidence, whole.customer_details_erased_on);
}

/** Saves anything pending (before the window shows something else). */
export function saveNow() {
  return doc ? flush() : Promise.resolve();
}

// --- Steps ------------------------------------------------------------------

function stepOf(focus) {
  if (/^(business|incident|period)/.test(focus)) return "incident";
  if (focus.startsWith("affected_services")) return "services";
  if (/^(daily_sales|baseline)/.test(focus)) return "sales";
  if (focus.startsWith("lost_orders")) return "orders";
  if (/^(extra_costs|margin_bp|narrative)/.test(focus)) return "costs";
  if (focus.startsWith("evidence")) return "evidence";
  return "review";
}

function showStep(name, { focus = true } = {}) {
  step = name;
  for (const section of view.querySelectorAll(".step")) section.hidden = section.dataset.step !== name;
  for (const item of view.querySelectorAll(".steps__item")) {
    if (item.dataset.step === name) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
  if (name === "review") {
    for (const each of STEPS) revealed.add(each);
    renderReview();
  }
  renderErrors({ focus: name === "review" && hasErrors() });
  if (focus && !(name === "review" && hasErrors())) $(`step-${name}-title`).focus();
}

function hasErrors() {
  return Boolean(assessed?.problems.some((p) => p.error));
}

/** "Next": the step's errors if it has any (focus on the summary), else the next step. */
async function next(from, to) {
  await assess();
  revealed.add(from);
  const own = (assessed?.problems ?? []).filter((p) => p.error && stepOf(p.focus) === from);
  if (own.length > 0) {
    renderErrors({ focus: true });
    return;
  }
  showStep(to);
}

// --- Where a problem points -------------------------------------------------

/** The element a problem's `focus` names, or the step's heading. */
function targetFor(focus) {
  const element = (id) => $(id);
  let match;
  if ((match = focus.match(/^daily_sales@(.+)$/))) return element(salesInputId(match[1]));
  if ((match = focus.match(/^daily_sales\[(\d+)\]/))) {
    const date = doc.daily_sales?.[Number(match[1])]?.date;
    return typeof date === "string" ? element(salesInputId(date)) : null;
  }
  if (focus === "daily_sales") return $("sales-rows").querySelector(".grid__row--period input");
  if ((match = focus.match(/^lost_orders\[(\d+)\](?:\.(\w+))?/))) return element(`order-${match[1]}-${match[2] ?? "at"}`);
  if (focus === "lost_orders") return element("orders-add");
  if ((match = focus.match(/^extra_costs\[(\d+)\](?:\.(\w+))?/))) return element(`cost-${match[1]}-${match[2] ?? "amount"}`);
  if (focus === "extra_costs") return element("costs-add");
  if ((match = focus.match(/^evidence@(\w+)$/))) return element(`evidence-${match[1]}`);
  if (focus.startsWith("evidence")) return element("evidence-other");
  if (focus.startsWith("affected_services")) return view.querySelector("#services-list input");
  if (focus.startsWith("business")) return element("claim-business");
  if (focus === "incident.start" || focus === "incident.end") {
    return element(doc.incident?.preset ? "incident-choice" : focus.replace(".", "-"));
  }
  if (focus.startsWith("incident")) return element(doc.incident?.preset || !doc.incident ? "incident-choice" : "incident-start");
  if (focus === "period.to") return element("period-to");
  if (focus.startsWith("period")) return element("period-from");
  if (focus === "baseline.weeks") return element("baseline-weeks");
  if (focus.startsWith("baseline")) return element("baseline-method");
  if (focus === "margin_bp") return element("margin");
  if (focus === "narrative") return element("narrative");
  return null;
}

/** The errors of the revealed steps, beside their fields and in the summary. */
function renderErrors({ focus }) {
  clearErrors(view);
  if (!assessed) return;
  const errors = assessed.problems
    .filter((p) => p.error && revealed.has(stepOf(p.focus)))
    .map((problem) => {
      const owner = stepOf(problem.focus);
      const input = targetFor(problem.focus) ?? $(`step-${owner}-title`);
      return { input, message: problem.message, reveal: () => showStep(owner, { focus: false }) };
    });
  showErrors(errors, { focus });
}

// --- Rendering --------------------------------------------------------------

function renderMeta() {
  $("editor-number").textContent = summary ? summary.number : t("editor.unsaved");
  const status = $("editor-status");
  status.hidden = !summary;
  if (summary) {
    status.className = `status status--${summary.status}`;
    status.textContent = t(`status.${summary.status}`);
  }
  const closed = summary !== null && !summary.editable;
  $("editor-closed").hidden = !closed;
  $("editor-closed").textContent = closed ? t("editor.closed", { status: t(`status.${summary.status}`) }) : "";
  for (const fields of view.querySelectorAll(".step__fields")) fields.disabled = closed;
  // Rust says what the claim allows now (the one rule of its life).
  $("mark-submitted").hidden = !summary?.submittable;
}

function renderAll() {
  renderMeta();
  renderIncident();
  renderServices();
  renderMethodChoices();
  renderOrders();
  renderCosts();
  renderEvidence();
}

function option(label, value) {
  return new Option(label, value);
}

function presetOf(code) {
  return reference.presets.find((p) => p.code === code);
}

/** One radio of a group with its label and hint. The first radio carries
 *  the group's id (the GOV.UK convention), so an error about the group
 *  links to it and sits beside the group. */
function radioChoice({ group, index, value, label, hint, checked, onChange }) {
  const box = document.createElement("div");
  box.className = "radio";
  const input = document.createElement("input");
  input.type = "radio";
  input.className = "radio__input";
  input.name = group;
  input.id = index === 0 ? group : `${group}-${value}`;
  input.value = value;
  input.checked = checked;
  const labelElement = document.createElement("label");
  labelElement.className = "radio__label";
  labelElement.htmlFor = input.id;
  labelElement.textContent = label;
  const hintElement = document.createElement("p");
  hintElement.className = "radio__hint";
  // Not `-hint`: for the first radio that is the group's hint.
  hintElement.id = `${input.id}-item-hint`;
  hintElement.textContent = hint;
  input.setAttribute("aria-describedby", hintElement.id);
  input.addEventListener("change", onChange);
  box.append(input, labelElement, hintElement);
  return box;
}

function renderIncident() {
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
    ...reference.presets.map((preset) => ({
      value: preset.code,
      label: preset.title,
      hint: [
        t("editor.incident.presetHint", { window: preset.window, period: preset.period }),
        preset.filing_deadline ? t("editor.incident.deadline", { date: preset.filing_deadline }) : "",
        preset.verification === "built_in" ? "" : preset.verification_label,
      ]
        .filter(Boolean)
        .join(" · "),
    })),
    { value: "custom", label: t("editor.incident.custom"), hint: t("editor.incident.customHint") },
  ];
  choices.replaceChildren(
    ...radios.map((radio, index) =>
      radioChoice({ group: "incident-choice", index, ...radio, checked: current === radio.value, onChange: () => chooseIncident(radio.value) }),
    ),
  );
  $("incident-custom").hidden = current !== "custom";
  $("incident-start").value = showKstTime(doc.incident?.start);
  $("incident-end").value = showKstTime(doc.incident?.end);
  $("period-from").value = doc.period?.from ?? "";
  $("period-to").value = doc.period?.to ?? "";
  renderPeriodExplained();
}

function renderPeriodExplained() {
  const preset = doc.incident?.preset ? presetOf(doc.incident.preset) : null;
  $("period-explained").textContent = preset
    ? t("editor.period.presetDefault", { period: preset.period })
    : t("editor.period.customDefault");
}

function chooseIncident(value) {
  change((d) => {
    d.incident = value === "custom" ? { start: d.incident?.start, end: d.incident?.end } : { preset: value };
    if (value === "custom") {
      d.incident.start ??= readKstTime($("incident-start").value) || undefined;
      d.incident.end ??= readKstTime($("incident-end").value) || undefined;
    }
  });
  $("incident-custom").hidden = value !== "custom";
  renderPeriodExplained();
  renderEvidence();
}

function renderServices() {
  const list = $("services-list");
  const chosen = new Map((doc.affected_services ?? []).filter(Boolean).map((s) => [s.service, s.paid]));
  list.replaceChildren(
    ...reference.services.map((service) => {
      const box = document.createElement("div");
      box.className = "service";
      const check = document.createElement("div");
      check.className = "checkbox";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.className = "checkbox__input";
      input.id = `service-${service.code}`;
      input.checked = chosen.has(service.code);
      const label = document.createElement("label");
      label.className = "checkbox__label";
      label.htmlFor = input.id;
      label.textContent = service.label;
      check.append(input, label);

      const paid = document.createElement("fieldset");
      paid.className = "service__paid";
      paid.hidden = !input.checked;
      const legend = document.createElement("legend");
      legend.textContent = t("editor.services.paidLegend", { service: service.label });
      legend.className = "visually-hidden";
      paid.append(legend);
      for (const [value, key] of [
        [false, "editor.services.free"],
        [true, "editor.services.paid"],
      ]) {
        const radio = document.createElement("input");
        radio.type = "radio";
        radio.className = "radio__input";
        radio.name = `service-${service.code}-paid`;
        radio.id = `service-${service.code}-${value ? "paid" : "free"}`;
        radio.checked = chosen.get(service.code) === value;
        const radioLabel = document.createElement("label");
        radioLabel.className = "radio__label radio__label--inline";
        radioLabel.htmlFor = radio.id;
        radioLabel.textContent = t(key);
        radio.addEventListener("change", () => setService(service.code, true, value));
        paid.append(radio, radioLabel);
      }
      input.addEventListener("change", () => {
        paid.hidden = !input.checked;
        const paidValue = paid.querySelector("input:checked")?.id.endsWith("-paid") ?? false;
        if (input.checked && !paid.querySelector("input:checked")) {
          paid.querySelector("input").checked = true; // free, until said otherwise
        }
        setService(service.code, input.checked, paidValue);
      });
      box.append(check, paid);
      return box;
    }),
  );
}

function setService(code, affected, paid) {
  change((d) => {
    const kept = (d.affected_services ?? []).filter((s) => s?.service !== code);
    if (affected) kept.push({ service: code, paid });
    const order = reference.services.map((s) => s.code);
    kept.sort((a, b) => order.indexOf(a?.service) - order.indexOf(b?.service));
    d.affected_services = kept;
  });
}

function methodLabel(code) {
  return reference.baseline_methods.find((m) => m.code === code)?.label ?? code;
}

function renderMethodChoices() {
  const box = $("baseline-methods");
  const current = doc.baseline?.method ?? "prior_week";
  box.replaceChildren(
    ...reference.baseline_methods.map((method, index) =>
      radioChoice({
        group: "baseline-method",
        index,
        value: method.code,
        label: method.label,
        hint: t(`editor.method.${method.code}`),
        checked: method.code === current,
        onChange: () => {
          change((d) => {
            d.baseline = { ...(d.baseline ?? {}), method: method.code };
          });
          $("baseline-weeks-box").hidden = method.code !== "average_weeks";
        },
      }),
    ),
  );
  $("baseline-weeks-box").hidden = current !== "average_weeks";
  $("baseline-weeks").value = doc.baseline?.weeks ?? "";
}

function setSale(date, text) {
  change((d) => {
    const rows = (d.daily_sales ?? []).filter((r) => !(r && r.date === date));
    const amount = readAmount(text);
    if (amount !== null) rows.push({ date, amount });
    rows.sort((a, b) => String(a?.date).localeCompare(String(b?.date)));
    d.daily_sales = rows;
  });
}

/**
 * Takes the daily sales Rust put in (a sales file's days or a paste, by the
 * rule `claimdesk import-sales` uses) into the claim and the grid.
 */
function takeSales(put) {
  const rows = put.document.daily_sales ?? [];
  change((d) => {
    d.daily_sales = rows;
  });
  for (const date of assessed?.sales_dates.map((day) => day.date) ?? []) {
    const input = $(salesInputId(date));
    if (input) input.value = showAmount(rows.find((r) => r && r.date === date)?.amount ?? "");
  }
}

async function pasteSales(startDate, text) {
  try {
    const put = await api.pasteSales(doc, startDate, text);
    takeSales(put);
    showPasted(put.put, put.left_out);
  } catch (error) {
    showAppError(error);
  }
}

async function applySalesFile(days) {
  try {
    const put = await api.putSales(doc, days);
    takeSales(put);
    showSalesNotice(t("import.applied", { count: put.put }));
  } catch (error) {
    showAppError(error);
  }
}

// --- Lost orders and costs: one card per row -------------------------------

function fieldBox(id, labelText, control, hintText) {
  const box = document.createElement("div");
  box.className = "field field--compact";
  const label = document.createElement("label");
  label.className = "field__label";
  label.htmlFor = id;
  label.textContent = labelText;
  box.append(label);
  if (hintText) {
    const hint = document.createElement("p");
    hint.className = "field__hint";
    hint.id = `${id}-hint`;
    hint.textContent = hintText;
    control.setAttribute("aria-describedby", hint.id);
    box.append(hint);
  }
  const error = document.createElement("p");
  error.className = "field__error";
  error.id = `${id}-error`;
  error.hidden = true;
  control.id = id;
  box.append(error, control);
  return box;
}

function textInput(className = "field__input") {
  const input = document.createElement("input");
  input.type = "text";
  input.className = className;
  input.autocomplete = "off";
  return input;
}

function removeButton(label, onClick) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--small button--secondary";
  button.textContent = label;
  button.addEventListener("click", onClick);
  return button;
}

/** Customer details are shown masked, as they leave the shop, except while
 *  the owner is typing in the field. */
function customerInput(index, field) {
  const input = textInput();
  input.dataset.index = String(index);
  input.dataset.field = field;
  showMasked(input);
  input.addEventListener("focus", () => {
    input.value = doc.lost_orders?.[index]?.[field] ?? "";
    input.dataset.masked = "false";
  });
  input.addEventListener("blur", () => showMasked(input));
  input.addEventListener("input", () => setOrderField(index, field, input.value.trim() === "" ? undefined : input.value));
  return input;
}

/** A customer field as it leaves the shop: masked by the rules engine (as
 *  of the latest assessment), or empty when nothing was entered. */
function showMasked(input) {
  const { index, field } = input.dataset;
  const entered = doc.lost_orders?.[Number(index)]?.[field];
  const masked = assessed?.masked_customers?.[Number(index)]?.[field === "customer_name" ? "name" : "phone"];
  input.dataset.masked = "true";
  input.value = entered ? (masked ?? "") : "";
}

/** Sets (or, for no value, removes) `field` of row `index` of the list `list`. */
function setRowField(list, index, field, value) {
  change((d) => {
    const row = d[list][index];
    if (value === undefined || value === null) delete row[field];
    else row[field] = value;
  });
}

function setOrderField(index, field, value) {
  setRowField("lost_orders", index, field, value);
}

/** The card (a fieldset) of row `index` of `list`: its title, its fields
 *  and a button that removes it (keys name the title and button texts). */
function rowCard({ list, index, titleKey, removeKey, fields, rerender }) {
  const card = document.createElement("fieldset");
  card.className = "card";
  const legend = document.createElement("legend");
  legend.className = "card__title";
  legend.textContent = t(titleKey, { number: index + 1 });
  const grid = document.createElement("div");
  grid.className = "card__fields";
  grid.append(...fields);
  card.append(
    legend,
    grid,
    removeButton(t(removeKey, { number: index + 1 }), () => {
      change((d) => d[list].splice(index, 1));
      rerender();
    }),
  );
  return card;
}

function orderCard(order, index) {

  const at = textInput();
  at.value = showKstTime(order?.at);
  at.addEventListener("input", () => setOrderField(index, "at", at.value.trim() === "" ? undefined : readKstTime(at.value)));
  const service = document.createElement("select");
  service.className = "field__input field__input--select";
  service.append(option(t("business.choose"), ""), ...reference.services.map((s) => option(s.label, s.code)));
  service.value = order?.service ?? "";
  service.addEventListener("change", () => setOrderField(index, "service", service.value || undefined));
  const amount = textInput("field__input field__input--amount");
  amount.inputMode = "numeric";
  amount.value = showAmount(order?.amount);
  amount.addEventListener("input", () => setOrderField(index, "amount", readAmount(amount.value) ?? undefined));
  const ref = textInput();
  ref.value = order?.ref ?? "";
  ref.addEventListener("input", () => setOrderField(index, "ref", ref.value.trim() === "" ? undefined : ref.value));
  const note = textInput("field__input field__input--wide");
  note.value = order?.note ?? "";
  note.addEventListener("input", () => setOrderField(index, "note", note.value.trim() === "" ? undefined : note.value));

  const id = (field) => `order-${index}-${field}`;
  const fields = [
    fieldBox(id("at"), t("editor.orders.at"), at, t("editor.orders.atHint")),
    fieldBox(id("service"), t("editor.orders.service"), service),
    fieldBox(id("amount"), t("editor.orders.amount"), amount, t("editor.amountHint")),
    fieldBox(id("ref"), t("editor.orders.ref"), ref, t("editor.optional")),
    fieldBox(id("customer_name"), t("editor.orders.customerName"), customerInput(index, "customer_name"), t("editor.orders.customerHint")),
    fieldBox(id("customer_phone"), t("editor.orders.customerPhone"), customerInput(index, "customer_phone"), t("editor.orders.customerHint")),
    fieldBox(id("note"), t("editor.orders.note"), note, t("editor.optional")),
  ];
  return rowCard({
    list: "lost_orders",
    index,
    titleKey: "editor.orders.item",
    removeKey: "editor.orders.remove",
    fields,
    rerender: renderOrders,
  });
}

function renderOrders() {
  $("orders-list").replaceChildren(...(doc.lost_orders ?? []).map(orderCard));
  // "Erase now" is for a stored claim; it works whatever the claim's status.
  $("orders-erase-box").hidden = !summary;
  const due = $("orders-erase-due");
  due.hidden = !customersErasedOn;
  due.textContent = customersErasedOn ? t("editor.orders.eraseDue", { date: formatDate(customersErasedOn) }) : "";
  askErase(false);
}

function askErase(asking) {
  $("orders-erase").hidden = asking;
  $("orders-erase-question").hidden = !asking;
  $("orders-erase-yes").hidden = !asking;
  $("orders-erase-no").hidden = !asking;
}

async function eraseCustomers() {
  clearAppError();
  askErase(false);
  try {
    await flush();
    const erased = await api.eraseCustomers(summary.id);
    const whole = await api.getClaim(summary.id);
    doc = whole.document;
    summary = whole.summary;
    customersErasedOn = whole.customer_details_erased_on;
    renderOrders();
    const said = $("orders-erased");
    said.textContent = t(erased ? "editor.orders.erased" : "editor.orders.nothingToErase");
    said.hidden = false;
    $("orders-erase").focus();
    await assess();
  } catch (error) {
    showAppError(error);
  }
}

function refreshMaskedCustomers() {
  for (const input of $("orders-list").querySelectorAll("input[data-masked='true']")) showMasked(input);
}

function setCostField(index, field, value) {
  setRowField("extra_costs", index, field, value);
}

function costCard(cost, index) {
  const date = textInput();
  date.value = cost?.date ?? "";
  date.addEventListener("input", () => setCostField(index, "date", date.value.trim() === "" ? undefined : readDate(date.value)));
  const description = textInput("field__input field__input--wide");
  description.value = cost?.description ?? "";
  description.addEventListener("input", () =>
    setCostField(index, "description", description.value.trim() === "" ? undefined : description.value),
  );
  const amount = textInput("field__input field__input--amount");
  amount.inputMode = "numeric";
  amount.value = showAmount(cost?.amount);
  amount.addEventListener("input", () => setCostField(index, "amount", readAmount(amount.value) ?? undefined));
  const id = (field) => `cost-${index}-${field}`;
  return rowCard({
    list: "extra_costs",
    index,
    titleKey: "editor.costs.item",
    removeKey: "editor.costs.remove",
    fields: [
      fieldBox(id("date"), t("editor.costs.date"), date, t("editor.date.hint")),
      fieldBox(id("description"), t("editor.costs.description"), description, t("editor.costs.descriptionHint")),
      fieldBox(id("amount"), t("editor.costs.amount"), amount, t("editor.amountHint")),
    ],
    rerender: renderCosts,
  });
}

function renderCosts() {
  $("costs-list").replaceChildren(...(doc.extra_costs ?? []).map(costCard));
  $("margin").value = showMarginPercent(doc.margin_bp);
  $("narrative").value = doc.narrative ?? "";
}

// --- Evidence ----------------------------------------------------------------

function kindLabel(code) {
  return reference.evidence_kinds.find((k) => k.code === code)?.label ?? code;
}

function renderEvidence() {
  const required = assessed?.required_evidence ?? [];
  shownRequired = required.join(",");
  const attachedKinds = new Set((doc.evidence ?? []).map((e) => e?.kind));
  $("evidence-checklist").replaceChildren(
    ...required.map((kind) => {
      const item = document.createElement("li");
      item.className = "checklist__item";
      const done = attachedKinds.has(kind);
      item.dataset.done = String(done);
      const name = document.createElement("span");
      name.className = "checklist__name";
      name.textContent = kindLabel(kind);
      const state = document.createElement("span");
      state.className = `checklist__state checklist__state--${done ? "done" : "missing"}`;
      state.id = `evidence-${kind}-hint`;
      state.textContent = done ? t("editor.evidence.done") : t("editor.evidence.missing");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button button--small";
      button.id = `evidence-${kind}`;
      button.textContent = t("editor.evidence.attach", { kind: kindLabel(kind) });
      button.setAttribute("aria-describedby", state.id);
      button.addEventListener("click", () => attachEvidence(kind));
      item.append(name, state, button);
      return item;
    }),
  );
  const closed = summary !== null && !summary.editable;
  $("evidence-rows").replaceChildren(
    ...evidence.map((entry) => {
      const tr = document.createElement("tr");
      for (const text of [entry.file_name, kindLabel(entry.kind), entry.media_type]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      const action = document.createElement("td");
      const remove = removeButton(t("editor.evidence.remove"), () => detachEvidence(entry));
      remove.setAttribute("aria-label", t("editor.evidence.removeLabel", { file: entry.file_name, kind: kindLabel(entry.kind) }));
      remove.disabled = closed;
      action.append(remove);
      tr.append(action);
      return tr;
    }),
  );
  if (evidence.length === 0) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = 4;
    td.textContent = t("editor.evidence.none");
    tr.append(td);
    $("evidence-rows").append(tr);
  }
}

/** Runs `work` on the stored claim in the save queue (so no autosave sends
 *  a stale evidence list), then takes the store's document evidence back. */
async function changeStoredEvidence(work) {
  saving = saving.then(async () => {
    try {
      await work();
      const whole = await api.getClaim(doc.id);
      doc.evidence = whole.document.evidence;
      evidence = whole.evidence;
      summary = whole.summary;
      renderMeta();
    } catch (error) {
      showAppError(error);
    }
  });
  await saving;
  renderEvidence();
  await assess();
}

async function detachEvidence(entry) {
  clearAppError();
  await flush();
  await changeStoredEvidence(() => api.removeEvidence(doc.id, entry.kind, entry.sha256));
  $("evidence-other").focus();
}

async function attachEvidence(kind) {
  clearAppError();
  const path = await pickFile(t("editor.evidence.dialogTitle", { kind: kindLabel(kind) }), [
    { name: t("editor.evidence.filter"), extensions: ["pdf", "png", "jpg", "jpeg", "csv", "xlsx"] },
  ]);
  if (!path) return; // cancelled
  dirty = true; // a claim never saved is stored first: evidence needs its id
  await flush();
  await changeStoredEvidence(() => api.addEvidence(doc.id, kind, path));
  $(`evidence-${kind}`)?.focus();
}

// --- Totals and review ---------------------------------------------------------

function won(value) {
  return value === null || value === undefined ? "–" : formatWon(value);
}

function definition(list, term, value, { strong = false, id } = {}) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  if (id) dd.id = id;
  dd.textContent = value;
  if (strong) dd.className = "summary-list__strong";
  list.append(dt, dd);
}

/** The compensation on the incident's scale, worded in Rust (null: no scale). */
function tierText() {
  return assessed?.compensation_label ?? null;
}

function renderLive() {
  const list = $("live-totals");
  list.replaceChildren();
  const totals = assessed.report.totals;
  definition(list, t("editor.totals.claimed"), won(totals.claimed), { strong: true, id: "live-claimed" });
  definition(list, t("editor.totals.revenueLoss"), won(totals.revenue_loss));
  definition(list, t("editor.totals.salesDrop"), won(totals.sales_drop));
  definition(list, t("editor.totals.extraCosts"), won(totals.extra_costs));
  const tier = tierText();
  if (tier) definition(list, t("editor.totals.tier"), tier);
  const errors = assessed.problems.filter((p) => p.error).length;
  definition(list, t("editor.totals.problems"), errors === 0 ? t("editor.totals.noErrors") : t("editor.totals.errors", { count: errors }));
  incidentNote(list, "live");
}

/** The incident's filing deadline with the days left, and a plain mark when
 *  nobody vouches for the incident's definition (both from Rust). */
function incidentNote(list, prefix) {
  const note = assessed.incident;
  if (!note) return;
  if (note.deadline) {
    const left = formatDaysLeft(note.deadline.days_left);
    definition(list, t("editor.totals.deadline"), t("editor.totals.deadlineValue", { date: note.deadline.label, left }), {
      id: `${prefix}-deadline`,
    });
  }
  if (note.verification === "unverified") {
    definition(list, t("claims.unverified"), note.verification_label, { id: `${prefix}-unverified` });
    list.lastElementChild.className = "incident-note--unverified";
  }
}

function percent(bp) {
  return bp === null || bp === undefined ? "–" : `${(bp / 100).toFixed(2)}%`;
}

function renderReview() {
  if (!assessed) return;
  const errors = assessed.problems.filter((p) => p.error);
  $("review-state").textContent =
    errors.length === 0 ? t("editor.review.ready") : t("editor.review.fix", { count: errors.length });

  const list = $("review-summary");
  list.replaceChildren();
  const preset = doc.incident?.preset ? presetOf(doc.incident.preset) : null;
  definition(list, t("editor.business.label"), doc.business?.name ?? "–");
  definition(list, t("editor.incident.label"), preset ? preset.title : doc.incident ? t("editor.incident.custom") : "–");
  const days = assessed.report.days;
  definition(
    list,
    t("editor.period.legend"),
    days.length > 0 ? `${formatDate(days[0].date)} ~ ${formatDate(days[days.length - 1].date)}` : "–",
  );
  const services = (doc.affected_services ?? [])
    .filter(Boolean)
    .map((s) => `${reference.services.find((x) => x.code === s.service)?.label ?? s.service} (${t(s.paid ? "editor.services.paid" : "editor.services.free")})`);
  definition(list, t("step.services"), services.length > 0 ? services.join(", ") : "–");
  definition(list, t("editor.method.label"), methodLabel(assessed.method ?? "prior_week"));
  definition(list, t("step.orders"), t("editor.review.orders", { count: (doc.lost_orders ?? []).length }));
  definition(list, t("step.evidence"), t("editor.review.evidence", { count: evidence.length }));

  const totals = assessed.report.totals;
  const table = $("review-totals");
  table.replaceChildren();
  definition(table, t("editor.totals.baseline"), won(totals.baseline));
  definition(table, t("editor.totals.actual"), won(totals.actual));
  definition(table, t("editor.totals.salesDrop"), won(totals.sales_drop), { id: "review-sales-drop" });
  definition(table, t("editor.totals.dropRate"), percent(totals.drop_rate_bp));
  definition(table, t("editor.totals.lostOrders"), won(totals.lost_orders), { id: "review-lost-orders" });
  definition(table, t("editor.totals.revenueLoss"), won(totals.revenue_loss), { id: "review-revenue-loss" });
  definition(table, t("editor.totals.extraCosts"), won(totals.extra_costs), { id: "review-extra-costs" });
  definition(table, t("editor.totals.claimed"), won(totals.claimed), { strong: true, id: "review-claimed" });
  if (totals.profit_loss_estimate !== null) {
    definition(table, t("editor.totals.profit"), won(totals.profit_loss_estimate), { id: "review-profit" });
  }
  const tier = tierText();
  if (tier) definition(table, t("editor.totals.tier"), tier, { id: "review-tier" });
  incidentNote(list, "review");

  const warnings = assessed.problems.filter((p) => !p.error);
  $("review-warnings-box").hidden = warnings.length === 0;
  $("review-warnings").replaceChildren(
    ...warnings.map((warning) => {
      const item = document.createElement("li");
      item.dataset.code = warning.code;
      item.textContent = warning.message;
      return item;
    }),
  );
}

function renderAssessment() {
  renderSalesGrid(assessed, doc, { onAmount: setSale, onPaste: pasteSales, methodLabel });
  renderLive();
  refreshMaskedCustomers();
  if (assessed.required_evidence.join(",") !== shownRequired) renderEvidence();
  if (step === "review") renderReview();
  renderErrors({ focus: false });
}

// --- The PDF ---------------------------------------------------------------------

async function makePdf() {
  clearAppError();
  $("pdf-made").hidden = true;
  $("orders-erased").hidden = true;
  await flush();
  await assess();
  for (const each of STEPS) revealed.add(each);
  if (hasErrors()) {
    renderErrors({ focus: true });
    return;
  }
  const path = await pickSavePath(t("editor.pdf.dialogTitle"), `${summary.number}.pdf`, [
    { name: "PDF", extensions: ["pdf"] },
  ]);
  if (!path) return;
  try {
    const made = await api.makeClaimPdf(summary.id, path, {
      lang: locale(),
      draft: false,
      include_customer_details: $("pdf-customer-details").checked,
    });
    summary = (await api.getClaim(summary.id)).summary;
    renderMeta();
    const notice = $("pdf-made");
    notice.textContent = t("editor.pdf.made", { path: made.path, pages: made.pages });
    notice.hidden = false;
    await api.openPdf(made.path);
  } catch (error) {
    showAppError(error);
  }
}

async function markSubmitted() {
  clearAppError();
  try {
    summary = await api.setClaimStatus(summary.id, "submitted");
    renderMeta();
    $("pdf-made").textContent = t("editor.submittedDone");
    $("pdf-made").hidden = false;
  } catch (error) {
    showAppError(error);
  }
}

// --- Wiring ---------------------------------------------------------------------

export function initEditor() {
  initSalesImport({
    dates: () => assessed?.sales_dates.map((day) => day.date) ?? [],
    onApply: applySalesFile,
  });
  for (const item of view.querySelectorAll(".steps__item")) {
    item.addEventListener("click", () => showStep(item.dataset.step));
  }
  for (const button of view.querySelectorAll("[data-next]")) {
    button.addEventListener("click", () => next(button.closest(".step").dataset.step, button.dataset.next));
  }
  for (const button of view.querySelectorAll("[data-previous]")) {
    button.addEventListener("click", () => showStep(button.dataset.previous));
  }
  $("claim-business").addEventListener("change", (event) => {
    const profile = profiles.find((p) => p.id === event.target.value);
    if (profile) change((d) => (d.business = businessOf(profile)));
  });
  $("incident-start").addEventListener("input", (event) =>
    change((d) => (d.incident = { ...(d.incident ?? {}), start: readKstTime(event.target.value) || undefined })),
  );
  $("incident-end").addEventListener("input", (event) =>
    change((d) => (d.incident = { ...(d.incident ?? {}), end: readKstTime(event.target.value) || undefined })),
  );
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
  $("baseline-weeks").addEventListener("input", (event) => {
    const weeks = event.target.value.trim();
    change((d) => {
      d.baseline = { ...(d.baseline ?? {}) };
      if (weeks === "") delete d.baseline.weeks;
      else d.baseline.weeks = /^\d+$/.test(weeks) ? Number(weeks) : weeks;
    });
  });
  $("orders-add").addEventListener("click", () => {
    change((d) => {
      d.lost_orders = [...(d.lost_orders ?? []), {}];
    });
    renderOrders();
    $(`order-${doc.lost_orders.length - 1}-at`).focus();
  });
  $("orders-erase").addEventListener("click", () => {
    $("orders-erased").hidden = true;
    askErase(true);
    $("orders-erase-no").focus();
  });
  $("orders-erase-yes").addEventListener("click", eraseCustomers);
  $("orders-erase-no").addEventListener("click", () => {
    askErase(false);
    $("orders-erase").focus();
  });
  $("costs-add").addEventListener("click", () => {
    change((d) => {
      d.extra_costs = [...(d.extra_costs ?? []), {}];
    });
    renderCosts();
    $(`cost-${doc.extra_costs.length - 1}-date`).focus();
  });
  $("margin").addEventListener("input", (event) => {
    const margin = readMarginPercent(event.target.value);
    change((d) => {
      if (margin === null) delete d.margin_bp;
      else d.margin_bp = margin;
    });
  });
  $("narrative").addEventListener("input", (event) => {
    const text = event.target.value;
    change((d) => {
      if (text.trim() === "") delete d.narrative;
      else d.narrative = text;
    });
  });
  $("evidence-other").addEventListener("click", () => attachEvidence("other"));
  $("make-pdf").addEventListener("click", makePdf);
  $("mark-submitted").addEventListener("click", markSubmitted);
  // Whatever is pending is saved when the owner leaves the window.
  window.addEventListener("blur", () => saveNow());
  document.addEventListener("visibilitychange", () => saveNow());
}

/** After a language switch: every label, and the messages, again. */
export async function relabelEditor() {
  if (!doc || view.hidden) return;
  try {
    await loadReference();
  } catch (error) {
    showAppError(error);
    return;
  }
  resetSalesGrid();
  renderAll();
  setSaveState($("editor-saved").dataset.state ?? "saved");
  await assess();
}
