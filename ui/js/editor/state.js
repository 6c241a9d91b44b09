// The editor's one state: the claim document being edited (as entered),
// what the store and the rules engine last said of it, and the doorway
// every edit goes through (saved soon, assessed now).
import * as api from "../api.js";
import { locale, t } from "../i18n.js";
import { $ } from "../dom.js";
import { showAppError } from "../form.js";

export const STEPS = ["incident", "services", "sales", "orders", "costs", "evidence", "review"];
export const FORMAT = "claimdesk.claim/1";
const SAVE_DELAY_MS = 400;
const editorView = document.getElementById("view-editor");

/** What is open in the editor. Step modules read it; only this module and
 *  `open` in editor.js replace its members. */
export const state = {
  reference: null, // incidents and vocabularies in the current language
  profiles: [], // stored business profiles
  doc: null, // the claim document being edited
  summary: null, // the stored claim's list row (null until first saved)
  evidence: [], // the stored evidence entries
  customersErasedOn: null, // the day the retention time erases customer details
  assessed: null, // the latest assessment of `doc`
  step: "incident",
  revealed: new Set(), // steps whose errors are shown
  // Cards just added ("lost_orders[2]", "extra_costs[0]"): their errors wait
  // until the owner leaves the card, so a new card does not open red.
  fresh: new Set(),
  // The comparison the owner left for the holiday-free one, so the way
  // back is offered where she left it (this visit to the claim only).
  switchedFrom: null,
};

const pending = {
  saveTimer: null,
  dirty: false,
  saving: Promise.resolve(),
  edits: Promise.resolve(), // edits that wait for Rust (sales), in order
  assessSeq: 0,
};

const listeners = { summary: [], assessed: [] };

/** Calls `fn` whenever the stored claim's row changes (after a save). */
export function onSummary(fn) {
  listeners.summary.push(fn);
}

/** Calls `fn` with each new assessment of the document. */
export function onAssessed(fn) {
  listeners.assessed.push(fn);
}

export function setSummary(summary) {
  state.summary = summary;
  for (const fn of listeners.summary) fn(summary);
}

/** Forgets the last claim and holds `document` instead. */
export function hold(document, stored, storedEvidence, erasedOn) {
  state.doc = document;
  state.summary = stored;
  state.evidence = storedEvidence;
  state.customersErasedOn = erasedOn;
  state.assessed = null;
  state.revealed.clear();
  state.fresh.clear();
  state.switchedFrom = null;
  pending.dirty = false;
}

/** The store changed the claim itself (customer details erased): its
 *  document and row as stored now. */
export function takeStored(whole) {
  state.doc = whole.document;
  state.customersErasedOn = whole.customer_details_erased_on;
  setSummary(whole.summary);
}

/** The store changed the claim's evidence: its list, and the document's. */
export function takeStoredEvidence(whole) {
  state.doc.evidence = whole.document.evidence;
  state.evidence = whole.evidence;
  setSummary(whole.summary);
}

/** A stored claim that is no longer edited (submitted, withdrawn, …). */
export function isClosed() {
  return state.summary !== null && !state.summary.editable;
}

export function setSaveState(saveState) {
  const element = $("editor-saved");
  element.dataset.state = saveState;
  element.textContent = t(`editor.save.${saveState}`);
}

/** Saves now what is pending (edits waiting for Rust first); resolves once
 *  the store has it. */
export async function flush() {
  await pending.edits;
  clearTimeout(pending.saveTimer);
  if (!pending.dirty) return pending.saving;
  pending.dirty = false;
  pending.saving = pending.saving
    .then(async () => {
      const saved = await api.saveClaim(structuredClone(state.doc));
      state.doc.id = saved.id;
      setSummary(saved);
      if (!pending.dirty) setSaveState("saved");
    })
    .catch((error) => {
      setSaveState("failed");
      showAppError(error);
    });
  return pending.saving;
}

/** Marks the document as needing a save (a claim never saved is stored
 *  on the next flush). */
export function markDirty() {
  pending.dirty = true;
}

function scheduleSave() {
  pending.dirty = true;
  setSaveState("saving");
  clearTimeout(pending.saveTimer);
  pending.saveTimer = setTimeout(flush, SAVE_DELAY_MS);
}

export async function assess() {
  const seq = ++pending.assessSeq;
  // The assessment's own mark, for whoever waits on it (the end-to-end
  // tests): the edit last asked about, and the one last answered.
  editorView.dataset.assessing = String(seq);
  let result;
  try {
    result = await api.assessClaim(state.doc, locale());
  } catch (error) {
    showAppError(error);
    return;
  }
  if (seq !== pending.assessSeq || state.doc === null) return; // a newer edit has answered
  state.assessed = result;
  for (const fn of listeners.assessed) fn(result);
  editorView.dataset.assessed = String(seq);
}

/** Applies one edit of the document: saved soon, assessed now. */
export function change(edit) {
  if (isClosed()) return;
  edit(state.doc);
  scheduleSave();
  assess();
}

/**
 * An edit Rust works out (`work(document)` resolves to the edit), applied
 * in the order asked: each is sent the document as the ones before it
 * left it, so fast typing cannot undo itself.
 */
export function changeThrough(work) {
  pending.edits = pending.edits.then(async () => {
    if (isClosed() || state.doc === null) return;
    try {
      const edit = await work(structuredClone(state.doc));
      if (edit) change(edit);
    } catch (error) {
      showAppError(error);
    }
  });
  return pending.edits;
}

/** Runs `work` in the save queue (after any save under way), so no
 *  autosave sends what `work` is changing in the store. */
export function afterSaves(work) {
  pending.saving = pending.saving.then(work);
  return pending.saving;
}
