// The only module that knows the names of the Rust commands. Every call
// resolves with the command's result or rejects with {code, message}.
const { invoke } = window.__TAURI__.core;

async function call(command, payload) {
  try {
    return await invoke(command, payload);
  } catch (error) {
    if (error && typeof error === "object" && "code" in error && "message" in error) {
      throw error;
    }
    // A failure outside our commands (e.g. a missing permission).
    throw { code: "E_INTERNAL", message: String(error) };
  }
}

/** Feedback on a business registration number as typed so far. */
export function checkRegistrationNumber(text, lang) {
  return call("check_registration_number", { text, lang });
}

/** Tells the app the first screen is painted (it logs the start-up time). */
export function windowReady() {
  return call("window_ready", {});
}
