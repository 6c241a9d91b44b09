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

setLocale("ko");
// Two animation frames: the first screen has been painted, not just built.
requestAnimationFrame(() =>
  requestAnimationFrame(() => api.windowReady().catch(showAppError)),
);
