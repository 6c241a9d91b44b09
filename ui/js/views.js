// Which screen is shown: one `<section class="view">` at a time, the
// navigation marking the current one. The window is one of two desks, the
// shop owner's or the association's (`data-desk` on each view and menu
// item): a desk shows only its own views, so an owner never meets the
// association's intake or its signing keys, and the association's staff
// never meet a shop's forms.
import { clearAppError, clearErrors } from "./form.js";

const nav = document.getElementById("app-nav");
const listeners = new Map();
let desk = "owner";
let home = () => "claims";

/** Calls `onShow` each time the view `name` is shown. */
export function onView(name, onShow) {
  listeners.set(name, onShow);
}

/** Whether `element` is of this desk, and of this host: the window, or
 *  the association's server (`data-host`, else both). */
function belongs(element) {
  const host = element.dataset.host;
  if (host && host !== (document.body.dataset.host ?? "window")) return false;
  return (element.dataset.desk ?? "owner association").split(" ").includes(desk);
}

export function showView(name) {
  const view = document.getElementById(`view-${name}`);
  // A view of the other desk is never shown: the desk's first one instead.
  if (!view || !belongs(view)) {
    const first = home(desk);
    if (first !== name) showView(first);
    return;
  }
  // Errors belong to the screen that showed them.
  clearErrors(document.getElementById("main"));
  for (const each of document.querySelectorAll(".view")) {
    each.hidden = each !== view;
  }
  for (const item of nav.querySelectorAll("[data-view]")) {
    if (item.dataset.view === name) item.setAttribute("aria-current", "page");
    else item.removeAttribute("aria-current");
  }
  document.getElementById("main").dataset.view = name;
  listeners.get(name)?.();
}

/** The desk the window is now ("owner" or "association"). */
export function currentDesk() {
  return desk;
}

/** Shows the menu of `name`'s desk (its first view is for the caller to show). */
export function setDesk(name) {
  desk = name === "association" ? "association" : "owner";
  document.body.dataset.desk = desk;
  for (const item of nav.querySelectorAll("[data-view]")) item.hidden = !belongs(item);
}

/** `first(desk)` names the view a desk starts on. */
export function initViews(first) {
  home = first;
  setDesk(desk);
  nav.hidden = false;
  for (const item of nav.querySelectorAll("[data-view]")) {
    // A failure said on the screen left behind is not about the next one.
    item.addEventListener("click", () => {
      clearAppError();
      showView(item.dataset.view);
    });
  }
}
