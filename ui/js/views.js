// Which screen is shown: one `<section class="view">` at a time, the
// navigation marking the current one.
import { clearErrors } from "./form.js";

const nav = document.getElementById("app-nav");
const listeners = new Map();

/** Calls `onShow` each time the view `name` is shown. */
export function onView(name, onShow) {
  listeners.set(name, onShow);
}

export function showView(name) {
  // Errors belong to the screen that showed them.
  clearErrors(document.getElementById("main"));
  for (const view of document.querySelectorAll(".view")) {
    view.hidden = view.id !== `view-${name}`;
  }
  for (const item of nav.querySelectorAll("[data-view]")) {
    if (item.dataset.view === name) item.setAttribute("aria-current", "page");
    else item.removeAttribute("aria-current");
  }
  document.getElementById("main").dataset.view = name;
  listeners.get(name)?.();
}

export function initViews() {
  nav.hidden = false;
  for (const item of nav.querySelectorAll("[data-view]")) {
    item.addEventListener("click", () => showView(item.dataset.view));
  }
}
