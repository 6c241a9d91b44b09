// The table as CSV or XLSX (a file in the window, a download in the
// browser), and "back up now".
import * as api from "../api.js";
import { locale, t } from "../i18n.js";
import { clearAppError, pickFile, showAppError } from "../form.js";
import { kstStamp } from "../entry.js";
import { showDone, table } from "./state.js";

export async function exportTable(format) {
  clearAppError();
  if (api.intakeByUpload()) {
    await downloadTable(format);
    return;
  }
  const file = await pickFile(
    format === "xlsx" ? "save_table_xlsx" : "save_table_csv",
    t("assoc.exportTitle"),
    t("assoc.exportFileName", { at: kstStamp(new Date()), format }),
  );
  if (!file) return;
  try {
    const written = await api.assocExport(file.token, format, locale());
    // Businesses two senders claim are not in the table until decided: say so.
    const leftOut = (await api.assocStats(locale())).two_senders;
    showDone(
      t("assoc.exported", { path: written }) +
        (leftOut > 0 ? ` ${t("assoc.exportLeftOut", { count: leftOut })}` : ""),
    );
  } catch (error) {
    showAppError(error);
  }
}

/** In the staff's browser: the table is a download, saved where the
 *  browser saves (it may ask). */
async function downloadTable(format) {
  const name = t("assoc.exportFileName", { at: kstStamp(new Date()), format });
  try {
    const table = await api.assocDownload(format, locale());
    const link = document.createElement("a");
    link.href = URL.createObjectURL(table);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    // After the browser has taken the file.
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    const leftOut = (await api.assocStats(locale())).two_senders;
    showDone(t("assoc.downloaded", { name }) + (leftOut > 0 ? ` ${t("assoc.exportLeftOut", { count: leftOut })}` : ""));
  } catch (error) {
    showAppError(error);
  }
}

/** "Back up now": every received claim, PDF, review and answer in one file
 *  the staff keep (the daily copies stay on this PC). */
export async function backupNow() {
  clearAppError();
  const file = await pickFile("save_backup", t("assoc.backupTitle"), t("assoc.backupFileName", { at: kstStamp(new Date()) }));
  if (!file) return;
  try {
    showDone(t("assoc.backedUp", { path: await api.assocBackup(file.token) }));
  } catch (error) {
    showAppError(error);
  }
}
