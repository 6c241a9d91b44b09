// The editor's form controls, built the same way on every step: a field
// with its label, hint and error slot (linked by aria-describedby), a
// radio group in the GOV.UK convention, and a card per list row.
import { t } from "../i18n.js";
import { smallButton } from "../dom.js";
import { change } from "./state.js";

export function option(label, value) {
  return new Option(label, value);
}

export function textInput(className = "field__input") {
  const input = document.createElement("input");
  input.type = "text";
  input.className = className;
  input.autocomplete = "off";
  return input;
}

/** A secondary small button. */
export function removeButton(label, onClick) {
  return smallButton(label, onClick, "button--secondary");
}

/** `control` with its label, an optional hint and its (hidden) error. */
export function fieldBox(id, labelText, control, hintText) {
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

/** One radio of a group with its label and hint. The first radio carries
 *  the group's id (the GOV.UK convention), so an error about the group
 *  links to it and sits beside the group. */
export function radioChoice({ group, index, value, label, hint, checked, onChange }) {
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

/** Sets (or, for no value, removes) `field` of row `index` of the list `list`. */
export function setRowField(list, index, field, value) {
  change((d) => {
    const row = d[list][index];
    if (value === undefined || value === null) delete row[field];
    else row[field] = value;
  });
}

/** The card (a fieldset) of row `index` of `list`: its title, its fields
 *  and a button that removes it (keys name the title and button texts). */
export function rowCard({ list, index, titleKey, removeKey, fields, rerender }) {
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
