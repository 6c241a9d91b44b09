// Step 4: the orders lost, one card each, and erasing the customers'
// names and phones from a stored claim.
import * as api from "../api.js";
import { formatDate, t } from "../i18n.js";
import { $ } from "../dom.js";
import { readAmount, showAmount, showKstTime } from "../entry.js";
import { clearAppError, showAppError } from "../form.js";
import { fieldBox, option, rowCard, setRowField, textInput } from "./controls.js";
import { assess, change, changeThrough, flush, state, takeStored } from "./state.js";
import { markFresh } from "./errors.js";

function setOrderField(index, field, value) {
  setRowField("lost_orders", index, field, value);
}

/** A lost order's time as typed, read in Rust; in the edit queue, so fast
 *  typing cannot undo itself. */
function typeOrderTime(index, text) {
  changeThrough(async (document) => {
    const read = await api.typeOrderTime(document, index, text);
    const at = read.lost_orders?.[index]?.at;
    return (d) => {
      if (d.lost_orders?.[index]) {
        if (at === undefined) delete d.lost_orders[index].at;
        else d.lost_orders[index].at = at;
      }
    };
  });
}

/** Customer details are shown as the owner typed them: her own screen is
 *  where she checks them. The hint below says how they leave the shop
 *  (PDF, bundle), masked by the rules engine. */
function customerInput(index, field) {
  const input = textInput();
  input.dataset.index = String(index);
  input.dataset.field = field;
  input.value = state.doc.lost_orders?.[index]?.[field] ?? "";
  input.addEventListener("input", () => setOrderField(index, field, input.value.trim() === "" ? undefined : input.value));
  return input;
}

/** After an assessment: each customer field's hint names the masked form
 *  that leaves the shop (as of the latest assessment). */
export function refreshMaskedCustomers() {
  for (const input of $("orders-list").querySelectorAll("input[data-field^='customer_']")) {
    const hint = document.getElementById(`${input.id}-hint`);
    if (!hint) continue;
    const { index, field } = input.dataset;
    const entered = state.doc.lost_orders?.[Number(index)]?.[field];
    const masked = state.assessed?.masked_customers?.[Number(index)]?.[field === "customer_name" ? "name" : "phone"];
    hint.textContent = entered && masked ? t("editor.orders.leavesAs", { value: masked }) : t("editor.orders.customerHint");
  }
}

function orderCard(order, index) {
  const at = textInput();
  at.value = showKstTime(order?.at);
  // Read in Rust, as amounts are: what she writes ("10월 16일 오후 2시",
  // "16일 14시"), against the claim's own outage.
  at.addEventListener("input", () => typeOrderTime(index, at.value));
  const service = document.createElement("select");
  service.className = "field__input field__input--select";
  service.append(option(t("business.choose"), ""), ...state.reference.services.map((s) => option(s.label, s.code)));
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

export function renderOrders() {
  $("orders-list").replaceChildren(...(state.doc.lost_orders ?? []).map(orderCard));
  refreshMaskedCustomers();
  // "Erase now" is for a stored claim; it works whatever the claim's status.
  $("orders-erase-box").hidden = !state.summary;
  const due = $("orders-erase-due");
  const erasedOn = state.customersErasedOn;
  due.hidden = !erasedOn;
  due.textContent = erasedOn ? t("editor.orders.eraseDue", { date: formatDate(erasedOn) }) : "";
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
    const id = state.summary.id;
    const erased = await api.eraseCustomers(id);
    const whole = await api.getClaim(id);
    takeStored(whole);
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

export function initOrders() {
  $("orders-add").addEventListener("click", () => {
    change((d) => {
      d.lost_orders = [...(d.lost_orders ?? []), {}];
    });
    markFresh(`lost_orders[${state.doc.lost_orders.length - 1}]`);
    renderOrders();
    $(`order-${state.doc.lost_orders.length - 1}-at`).focus();
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
}
