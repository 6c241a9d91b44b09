// Intake: files picked in the window (or uploaded in the staff's browser),
// taken in with progress and a cancel that keeps nothing; 다음 청구서.
import * as api from "../api.js";
import { locale, t } from "../i18n.js";
import { clearAppError, pickFiles, showAppError } from "../form.js";
import { $ } from "../dom.js";
import { showDone } from "./state.js";
import { showDetail } from "./detail.js";
import { refreshAssoc } from "../assoc.js";

function showProgress(progress) {
  const box = $("assoc-progress-box");
  box.hidden = progress === null;
  if (!progress) return;
  $("assoc-progress-text").textContent = t("assoc.progress", {
    done: progress.files_done,
    files: progress.files,
    claims: progress.claims,
  });
  const bar = $("assoc-progress");
  bar.max = Math.max(progress.files, 1);
  // An upload's bytes move the bar within its file.
  bar.value = progress.files_done + (progress.fraction ?? 0);
}

/** 다음 청구서: the oldest claim still waiting for its first review that no
 *  one else has open, now this member of staff's for a while. */
export async function nextClaim() {
  clearAppError();
  $("assoc-result").hidden = true;
  let id;
  try {
    id = await api.assocNext();
  } catch (error) {
    showAppError(error);
    return;
  }
  if (id === null) {
    showDone(t("assoc.noNextClaim"));
    return;
  }
  await showDetail(id);
}

export async function takeIn() {
  clearAppError();
  // What the last action said (answers made, a backup) is not about this
  // intake: it goes at the press, before the files are chosen.
  $("assoc-result").hidden = true;
  $("assoc-failed").hidden = true;
  if (api.intakeByUpload()) {
    // The browser's own chooser; the files go up when chosen.
    $("assoc-upload").click();
    return;
  }
  const files = await pickFiles("assoc_intake", t("assoc.dialogTitle"));
  if (!files) return;
  showProgress({ files_done: 0, files: files.length, claims: 0 });
  $("assoc-take-in").disabled = true;
  $("assoc-cancel").focus();
  // Ask how far it is while it runs (every 200 ms).
  const timer = setInterval(async () => {
    try {
      const progress = await api.assocProgress();
      if (progress) showProgress(progress);
    } catch {
      // The next tick asks again.
    }
  }, 200);
  try {
    const report = await api.assocTakeIn(files.map((file) => file.token), locale());
    showResult(report);
  } catch (error) {
    showAppError(error);
  } finally {
    clearInterval(timer);
    showProgress(null);
    $("assoc-take-in").disabled = false;
    $("assoc-take-in").focus();
  }
  await refreshAssoc();
}

/** The files the staff chose in the browser, uploaded one after another,
 *  each taken in as the window takes in a file; one report for them all,
 *  a file the server refused whole said by its name. */
export async function uploadFiles(files) {
  if (files.length === 0) return;
  const total = { count: { received: 0, already: 0, superseded: 0, held: 0, two_senders: 0 }, files: 0, problems: [], problems_left_off: 0 };
  $("assoc-take-in").disabled = true;
  $("assoc-cancel").focus();
  try {
    for (const [done, file] of files.entries()) {
      const sofar = { files_done: done, files: files.length, claims: total.count.received + total.count.already };
      showProgress(sofar);
      let report;
      try {
        report = await api.assocUpload(file, (sent, size) => showProgress({ ...sofar, fraction: size > 0 ? sent / size : 0 }));
      } catch (error) {
        if (error.code === "E_CANCELLED") break;
        total.files += 1;
        total.problems.push({ file: file.name, code: error.code, message: `${file.name}: ${error.message}`, line: null });
        if (error.code === "E_SIGNED_OUT") break;
        continue;
      }
      total.files += report.files;
      for (const key of Object.keys(total.count)) total.count[key] += report.count[key] ?? 0;
      total.problems.push(...report.problems);
      total.problems_left_off += report.problems_left_off;
    }
    showResult(total);
  } finally {
    showProgress(null);
    $("assoc-take-in").disabled = false;
    $("assoc-take-in").focus();
  }
  await refreshAssoc();
}

/** What was taken in, in green; what was not, each file by name, in red. */
function showResult(report) {
  const taken = [
    t("assoc.result", {
      files: report.files,
      received: report.count.received,
      already: report.count.already,
      superseded: report.count.superseded,
    }),
    report.count.held > 0 ? t("assoc.resultHeld", { count: report.count.held }) : "",
    report.count.two_senders > 0 ? t("assoc.resultTwoSenders", { count: report.count.two_senders }) : "",
  ]
    .join(" ")
    .trim();
  $("assoc-result-text").textContent = taken;
  $("assoc-result").hidden = false;
  const failed = report.problems.length + report.problems_left_off;
  $("assoc-failed").hidden = failed === 0;
  $("assoc-failed-title").textContent = t("assoc.resultProblems", { count: failed });
  $("assoc-problems").replaceChildren(
    ...report.problems.map((problem) => {
      const item = document.createElement("li");
      item.dataset.code = problem.code;
      item.textContent = problem.message;
      return item;
    }),
    ...(report.problems_left_off > 0
      ? [Object.assign(document.createElement("li"), {
          textContent: t("assoc.problemsLeftOff", { count: report.problems_left_off }),
        })]
      : []),
  );
}
