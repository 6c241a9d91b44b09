// Step 2: which of the platform's services stopped for the shop, and
// whether the shop paid for each.
import { t } from "../i18n.js";
import { $ } from "../dom.js";
import { change, state } from "./state.js";

export function renderServices() {
  const list = $("services-list");
  const chosen = new Map((state.doc.affected_services ?? []).filter(Boolean).map((s) => [s.service, s.paid]));
  list.replaceChildren(...state.reference.services.map((service) => serviceBox(service, chosen)));
}

function serviceBox(service, chosen) {
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
}

function setService(code, affected, paid) {
  change((d) => {
    const kept = (d.affected_services ?? []).filter((s) => s?.service !== code);
    if (affected) kept.push({ service: code, paid });
    const order = state.reference.services.map((s) => s.code);
    kept.sort((a, b) => order.indexOf(a?.service) - order.indexOf(b?.service));
    d.affected_services = kept;
  });
}

/** A service's name in the current language. */
export function serviceLabel(code) {
  return state.reference.services.find((s) => s.code === code)?.label ?? code;
}
