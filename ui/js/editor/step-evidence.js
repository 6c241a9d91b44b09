// Step 6: the documents the claim should carry (the engine's checklist for
// its incident) and the files attached, stored with the claim.
import * as api from "../api.js";
import { t } from "../i18n.js";
import { $, cell } from "../dom.js";
import { clearAppError, pickFile, showAppError } from "../form.js";
import { removeButton } from "./controls.js";
import { afterSaves, assess, flush, isClosed, markDirty, state, takeStoredEvidence } from "./state.js";

let shownRequired = null; // the evidence kinds the checklist shows

/** A kind of evidence in the current language. */
export function kindLabel(code) {
  return state.reference.evidence_kinds.find((k) => k.code === code)?.label ?? code;
}

/** After an assessment: redraws the checklist if what is asked changed. */
export function refreshEvidence() {
  if (state.assessed.required_evidence.join(",") !== shownRequired) renderEvidence();
}

/** What a file is, in words, and how big ("사진 · 1.2MB"): not its MIME
 *  type, which no owner reads. */
export function fileKind(entry) {
  const type = entry.media_type ?? "";
  const key = type.startsWith("image/")
    ? "editor.evidence.fileImage"
    : type === "application/pdf"
      ? "editor.evidence.filePdf"
      : "editor.evidence.fileOther";
  return `${t(key)} · ${fileSize(entry.size ?? 0)}`;
}

/** 830 → "830B", 120_400 → "118KB", 1_250_000 → "1.2MB". */
export function fileSize(bytes) {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)}KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}

export function renderEvidence() {
  const required = state.assessed?.required_evidence ?? [];
  shownRequired = required.join(",");
  const attachedKinds = new Set((state.doc.evidence ?? []).map((e) => e?.kind));
  $("evidence-checklist").replaceChildren(...required.map((kind) => checklistItem(kind, attachedKinds.has(kind))));
  const closed = isClosed();
  $("evidence-rows").replaceChildren(
    ...state.evidence.map((entry) => {
      const tr = document.createElement("tr");
      for (const text of [entry.file_name, kindLabel(entry.kind), fileKind(entry)]) tr.append(cell(text));
      const remove = removeButton(t("editor.evidence.remove"), () => detachEvidence(entry));
      remove.setAttribute("aria-label", t("editor.evidence.removeLabel", { file: entry.file_name, kind: kindLabel(entry.kind) }));
      remove.disabled = closed;
      tr.append(cell(remove));
      return tr;
    }),
  );
  if (state.evidence.length === 0) {
    const tr = document.createElement("tr");
    const td = cell(t("editor.evidence.none"));
    td.colSpan = 4;
    tr.append(td);
    $("evidence-rows").append(tr);
  }
}

function checklistItem(kind, done) {
  const item = document.createElement("li");
  item.className = "checklist__item";
  item.dataset.done = String(done);
  const name = document.createElement("span");
  name.className = "checklist__name";
  name.textContent = kindLabel(kind);
  const stateMark = document.createElement("span");
  stateMark.className = `checklist__state checklist__state--${done ? "done" : "missing"}`;
  stateMark.id = `evidence-${kind}-hint`;
  stateMark.textContent = done ? t("editor.evidence.done") : t("editor.evidence.missing");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--small";
  button.id = `evidence-${kind}`;
  button.textContent = t("editor.evidence.attach", { kind: kindLabel(kind) });
  button.setAttribute("aria-describedby", stateMark.id);
  button.addEventListener("click", () => attachEvidence(kind));
  // What the document is and where to get it, in one line.
  const about = document.createElement("p");
  about.className = "checklist__about field__hint";
  about.id = `evidence-${kind}-about`;
  about.textContent = t(`evidence.about.${kind}`);
  button.setAttribute("aria-describedby", `${stateMark.id} ${about.id}`);
  item.append(name, stateMark, button, about);
  return item;
}

/** Runs `work` on the stored claim in the save queue (so no autosave sends
 *  a stale evidence list), then takes the store's document evidence back. */
async function changeStoredEvidence(work) {
  await afterSaves(async () => {
    try {
      await work();
      takeStoredEvidence(await api.getClaim(state.doc.id));
    } catch (error) {
      showAppError(error);
    }
  });
  renderEvidence();
  await assess();
}

async function detachEvidence(entry) {
  clearAppError();
  await flush();
  await changeStoredEvidence(() => api.removeEvidence(state.doc.id, entry.kind, entry.sha256));
  $("evidence-other").focus();
}

async function attachEvidence(kind) {
  clearAppError();
  const file = await pickFile("evidence", t("editor.evidence.dialogTitle", { kind: kindLabel(kind) }));
  if (!file) return; // cancelled
  markDirty(); // a claim never saved is stored first: evidence needs its id
  await flush();
  await changeStoredEvidence(() => api.addEvidence(state.doc.id, kind, file.token));
  $(`evidence-${kind}`)?.focus();
}

export function initEvidence() {
  $("evidence-other").addEventListener("click", () => attachEvidence("other"));
}
