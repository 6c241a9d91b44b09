// Step 5: extra costs the outage caused, one card each, the margin for
// the profit estimate, and the owner's own account of what happened.
import { t } from "../i18n.js";
import { $ } from "../dom.js";
import { readAmount, readDate, readMarginPercent, showAmount, showMarginPercent } from "../entry.js";
import { fieldBox, rowCard, setRowField, textInput } from "./controls.js";
import { change, state } from "./state.js";
import { markFresh } from "./errors.js";

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

export function renderCosts() {
  $("costs-list").replaceChildren(...(state.doc.extra_costs ?? []).map(costCard));
  $("margin").value = showMarginPercent(state.doc.margin_bp);
  $("narrative").value = state.doc.narrative ?? "";
}

export function initCosts() {
  $("costs-add").addEventListener("click", () => {
    change((d) => {
      d.extra_costs = [...(d.extra_costs ?? []), {}];
    });
    markFresh(`extra_costs[${state.doc.extra_costs.length - 1}]`);
    renderCosts();
    $(`cost-${state.doc.extra_costs.length - 1}-date`).focus();
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
}
