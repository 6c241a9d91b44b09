// Start-up: language, the store's state, and the first screen (the
// business profile). The UI holds no rule of its own: every check and
// number comes from the Rust rules engine through `api.js`.
import * as api from "./api.js";
import { initBusiness, relabelBusiness } from "./business.js";
import { initClaims, relabelClaims, refreshClaims } from "./claims.js";
import { fetchAnswersAtStart, sendWaitingAtStart } from "./online.js";
import { initEditor, relabelEditor, saveNow } from "./editor.js";
import { initAssoc, refreshAssoc } from "./assoc.js";
import { fetchOffersAtStart, initIncidents, refreshIncidentsView } from "./incidents.js";
import { initStaff, refreshStaff, staffSignedIn } from "./staff.js";
import { currentDesk, initViews, onView, setDesk, showView } from "./views.js";
import { locale, setLocale, t } from "./i18n.js";
import { showAppError } from "./form.js";

// The owner's language, remembered in the window's own storage (the app's
// WebKit data directory), so the next start opens in it.
const LANGUAGE_KEY = "claimdesk.language";

function applyLanguage(lang) {
  setLocale(lang);
  document.getElementById("language-switch").lang = locale() === "ko" ? "en" : "ko";
}

document.getElementById("language-switch").addEventListener("click", () => {
  applyLanguage(locale() === "ko" ? "en" : "ko");
  try {
    localStorage.setItem(LANGUAGE_KEY, locale());
  } catch {
    // Storage unavailable: the choice lasts for this session only.
  }
  relabelDesk();
  if (staffName) byId("staff-name").textContent = t("staff.signedInAs", { name: staffName });
  relabelBusiness();
  relabelClaims();
  relabelEditor();
  if (!document.getElementById("view-assoc").hidden) refreshAssoc();
  if (!document.getElementById("view-incidents").hidden) refreshIncidentsView();
  if (!document.getElementById("view-staff").hidden) refreshStaff();
});

// The desk switch in the footer: an association's PC is set once, and an
// owner who pressed it by mistake can switch back from the same place.
const deskSwitch = document.getElementById("desk-switch");

function relabelDesk() {
  const desk = currentDesk();
  document.getElementById("desk-now").textContent = t(`desk.${desk}`);
  deskSwitch.textContent = t(desk === "owner" ? "desk.toAssociation" : "desk.toOwner");
  // The signing keys are the association's work; an owner finds them
  // folded under "advanced" and never has to open it.
  document.getElementById("keys-box").open = desk === "association";
}

async function chooseDesk(desk) {
  try {
    const chosen = await api.setDesk(desk);
    setDesk(chosen.desk);
  } catch (error) {
    showAppError(error);
    return;
  }
  relabelDesk();
  showView(await firstView());
}

deskSwitch.addEventListener("click", () => chooseDesk(currentDesk() === "owner" ? "association" : "owner"));
document
  .getElementById("first-run-association")
  .addEventListener("click", () => chooseDesk("association"));

/** The view a desk opens on: the association's intake; for an owner the
 *  claim list once a business is entered, else the business profile (a
 *  first start, with the three steps explained). */
async function firstView() {
  if (currentDesk() === "association") return "assoc";
  let profiles = [];
  try {
    profiles = await api.listBusinesses();
  } catch (error) {
    showAppError(error);
  }
  return profiles.length > 0 ? "claims" : "business";
}

// If the saved data cannot be opened (damaged, or from a newer version),
// say so first and offer the newest automatic backup.
const storeProblem = document.getElementById("store-problem");
const restoreLatest = document.getElementById("store-restore-latest");

async function checkStore() {
  let state;
  try {
    state = await api.storeStatus();
  } catch (error) {
    showAppError(error);
    return;
  }
  storeProblem.hidden = state.ready;
  if (state.ready) return;
  document.getElementById("store-problem-message").textContent = state.error.message;
  document.getElementById("store-problem-message").dataset.code = state.error.code;
  const backup = document.getElementById("store-problem-backup");
  backup.hidden = !state.latest_backup;
  restoreLatest.hidden = !state.latest_backup;
  if (state.latest_backup) {
    backup.textContent = t("store.latestBackup", { path: state.latest_backup });
    restoreLatest.dataset.token = state.latest_backup_token;
  }
}

restoreLatest.addEventListener("click", async () => {
  try {
    const restored = await api.restoreBackup(restoreLatest.dataset.token);
    await checkStore();
    const message = document.getElementById("store-problem-message");
    storeProblem.hidden = false;
    storeProblem.classList.remove("notice--error");
    storeProblem.setAttribute("role", "status");
    message.textContent = t("store.restored", { count: restored.claims });
    document.getElementById("store-problem-title").hidden = true;
    document.getElementById("store-problem-backup").hidden = true;
    restoreLatest.hidden = true;
  } catch (error) {
    showAppError(error);
  }
});

let remembered = "ko";
try {
  remembered = localStorage.getItem(LANGUAGE_KEY) ?? api.hostLanguage() ?? "ko";
} catch {
  // Storage unavailable: Korean.
}
applyLanguage(remembered);
// On the association's server: the staff sign in, then see the
// association's desk alone (what only the desktop's window does is hidden:
// `data-host="window"`).
const byId = (id) => document.getElementById(id);
let staffName = null;

function showStaff(staff) {
  staffName = staff.name;
  // An admin also sees the staff's accounts (the server refuses the rest).
  document.body.dataset.role = staff.role === "admin" ? "admin" : "staff";
  staffSignedIn(staff.name);
  byId("staff-name").textContent = t("staff.signedInAs", { name: staff.name });
  byId("staff-line").hidden = false;
  byId("app-nav").hidden = false;
  showView("assoc");
}

function askSignIn(message) {
  staffName = null;
  delete document.body.dataset.role;
  byId("staff-line").hidden = true;
  byId("app-nav").hidden = true;
  byId("sign-in-failed").textContent = message ?? "";
  byId("sign-in-failed").hidden = !message;
  showView("sign-in");
  byId("sign-in-name").focus();
}

async function signInSubmitted(event) {
  event.preventDefault();
  const name = byId("sign-in-name").value.trim();
  const password = byId("sign-in-password").value;
  const failed = byId("sign-in-failed");
  if (!name || !password) {
    failed.textContent = t("staff.missing");
    failed.hidden = false;
    return;
  }
  try {
    const staff = await api.signIn(name, password);
    byId("sign-in-password").value = "";
    failed.hidden = true;
    showStaff(staff);
  } catch (error) {
    failed.textContent = error.message;
    failed.hidden = false;
    byId("sign-in-password").value = "";
    byId("sign-in-password").focus();
  }
}

function startStaffDesk(staff) {
  document.body.dataset.host = "server";
  initViews(() => "assoc");
  setDesk("association");
  onView("assoc", () => refreshAssoc());
  initAssoc();
  onView("staff", () => refreshStaff());
  initStaff();
  api.whenSignedOut((refusal) => askSignIn(refusal?.message));
  byId("sign-in-form").addEventListener("submit", signInSubmitted);
  byId("sign-out").addEventListener("click", async () => {
    await api.signOut();
    askSignIn(null);
  });
  if (staff.name) showStaff(staff);
  else askSignIn(null);
  document.body.dataset.started = "true";
}

// The first screen: the desk's own (`firstView`).
async function start() {
  const staff = await api.staffSession();
  if (staff) {
    startStaffDesk(staff);
    return;
  }
  initViews((desk) => (desk === "association" ? "assoc" : "claims"));
  // Leaving the editor saves what is pending before the list reads it.
  onView("claims", () => saveNow().then(refreshClaims));
  initEditor();
  onView("assoc", () => refreshAssoc());
  initAssoc();
  onView("incidents", () => saveNow().then(refreshIncidentsView));
  initIncidents();
  // The profile form listens from the first moment (its listeners are
  // attached before anything is awaited).
  const business = initBusiness();
  await checkStore();
  await business;
  await initClaims();
  try {
    setDesk((await api.desk()).desk);
  } catch {
    // The store did not open (said above): the owner's desk, most users'.
    setDesk("owner");
  }
  relabelDesk();
  showView(await firstView());
  document.body.dataset.started = "true";
  // What waited in the outbox goes again, then the association's answers
  // and new incident definitions are asked for, in the background (only
  // where a definition names a server): the store is not held while a
  // server is waited for.
  sendWaitingAtStart().then(fetchAnswersAtStart).then(fetchOffersAtStart);
}

// The page's own faults go to the app's log (kind and place, never the
// message: it may quote what the owner typed); the end-to-end tests fail
// on any.
const short = (text) => String(text ?? "").slice(0, 200);
window.addEventListener("error", (event) => {
  api.pageError(short(event.error?.name ?? "Error"), short(`${event.filename}:${event.lineno}:${event.colno}`)).catch(() => {});
});
window.addEventListener("unhandledrejection", (event) => {
  const reason = event.reason;
  // A command's refusal ({code, message}) is not a fault of the page.
  const kind = reason?.code ? `unhandled refusal ${reason.code}` : `unhandled rejection ${reason?.name ?? typeof reason}`;
  const at = short((reason?.stack ?? "").split("\n").find((line) => line.includes(".js")) ?? "");
  api.pageError(short(kind), at).catch(() => {});
});

start();
// Every module has run by now (main.js runs last), and so has start() up to
// its first wait. With the page's other milestones this goes to the app's
// log, so a slow start can be split between the app, WebKit and this page.
const scriptsRan = performance.now();
// Two animation frames: the first screen has been painted, not just built.
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    const [navigation] = performance.getEntriesByType("navigation");
    api
      .windowReady({
        time_origin: performance.timeOrigin,
        html_parsed: navigation?.domInteractive ?? null,
        scripts_ran: scriptsRan,
        painted: performance.now(),
      })
      .catch(showAppError);
  }),
);
