// Small DOM helpers every screen uses, written once.
import { formatWon } from "./i18n.js";

/** The element with `id`. */
export const $ = (id) => document.getElementById(id);

/** Whether a key belongs to text still being composed (Hangul input):
 *  Chromium (WebView2) sends keydown with `isComposing` (keyCode 229)
 *  before `compositionend`, WebKit after. Such a key never moves the focus
 *  or acts; it is the input method's. */
export function composing(event) {
  return event.isComposing || event.keyCode === 229;
}

/** A table cell holding `content` (text or a node). */
export function cell(content, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.append(content);
  return td;
}

/** A term and its value appended to the description list `list`. */
export function definition(list, term, value, { strong = false, id } = {}) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  if (id) dd.id = id;
  dd.textContent = value;
  if (strong) dd.className = "summary-list__strong";
  list.append(dt, dd);
}

/** A small button (`className` adds to `button button--small`). */
export function smallButton(label, onClick, className = "") {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `button button--small ${className}`.trim();
  button.textContent = label;
  button.addEventListener("click", onClick);
  return button;
}

/** An amount in won, or a dash when there is none. */
export function wonOrDash(value) {
  return value === null || value === undefined ? "–" : formatWon(value);
}

