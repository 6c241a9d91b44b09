// The first screen: the business registration number, checked as it is typed
// by the Rust rules engine (the UI holds no rule of its own).
import * as api from "./api.js";
import { locale, setLocale, t } from "./i18n.js";
import { clearFieldError, showAppError, showFieldError } from "./form.js";

const input = document.getElementById("registration-number");
const result = document.getElementById("registration-number-result");
let latestRequest = 0;

async function checkNumber({ final }) {
  const request = ++latestRequest;
  let feedback;
  try {
    feedback = await api.checkRegistrationNumber(input.value, locale());
  } catch (error) {
    showAppError(error);
    return;
  }
  if (request !== latestRequest) return; // a newer keystroke has answered
  if (feedback.valid) {
    clearFieldError(input);
    result.textContent = t("business.registrationNumber.valid", {
      formatted: feedback.formatted,
      type: feedback.business_type,
    });
    result.hidden = false;
  } else {
    result.hidden = true;
    // While typing, wait for all ten digits; on leaving the field or
    // submitting, say what is wrong whatever was typed.
    if (feedback.complete || final) {
      showFieldError(input, feedback.error.message, { summary: final });
    } else {
      clearFieldError(input);
    }
  }
}

input.addEventListener("input", () => checkNumber({ final: false }));
input.addEventListener("blur", () => {
  if (input.value.trim() !== "") checkNumber({ final: false });
});
document.getElementById("business-form").addEventListener("submit", (event) => {
  event.preventDefault();
  checkNumber({ final: true });
});
document.getElementById("language-switch").addEventListener("click", () => {
  setLocale(locale() === "ko" ? "en" : "ko");
  document.getElementById("language-switch").lang = locale() === "ko" ? "en" : "ko";
  if (input.value.trim() !== "") checkNumber({ final: false });
});

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
  document.getElementById("store-problem-message").textContent =
    `${state.error.message} (${state.error.code})`;
  const backup = document.getElementById("store-problem-backup");
  backup.hidden = !state.latest_backup;
  restoreLatest.hidden = !state.latest_backup;
  if (state.latest_backup) {
    backup.textContent = t("store.latestBackup", { path: state.latest_backup });
    restoreLatest.dataset.path = state.latest_backup;
  }
}

restoreLatest.addEventListener("click", async () => {
  try {
    const restored = await api.restoreBackup(restoreLatest.dataset.path);
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

setLocale("ko");
checkStore();
// Two animation frames: the first screen has been painted, not just built.
requestAnimationFrame(() =>
  requestAnimationFrame(() => api.windowReady().catch(showAppError)),
);
