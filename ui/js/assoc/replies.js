// The signing key, receipts and answers for the shops.
import * as api from "../api.js";
import { t } from "../i18n.js";
import { clearAppError, pickFile, showAppError } from "../form.js";
import { $ } from "../dom.js";
import { fileNamePart, kstStamp } from "../entry.js";
import { showDone, shown } from "./state.js";
import { clearNotices, showDetail } from "./detail.js";

export function showKey(key) {
  $("assoc-key-state").textContent = key
    ? t("assoc.keyChosen", { name: key.name, fingerprint: key.fingerprint })
    : t("assoc.keyNone");
  $("assoc-key-choose").textContent = t(key ? "assoc.keyChange" : "assoc.keyChoose");
}

export async function chooseKey() {
  clearAppError();
  const file = await pickFile("signing_key", t("assoc.keyDialogTitle"));
  if (!file) return null;
  try {
    const key = await api.assocSigningKey(file.token);
    showKey(key);
    return key;
  } catch (error) {
    showAppError(error);
    return null;
  }
}

/** The signing key chosen in this run, or chosen now. */
async function ensureKey() {
  const key = await api.assocSigningKeyGet().catch(() => null);
  return key ?? (await chooseKey());
}

/** The answers of every claim, or (from a claim) of its business alone:
 *  one signed file to send. */
export async function writeAnswers({ shop = null } = {}) {
  clearAppError();
  if (!(await ensureKey())) return;
  const claim = shop ? shown.claim?.claim : null;
  const name = claim
    ? t("assoc.answersShopFileName", { business: fileNamePart(claim.business_name), at: kstStamp(new Date()) })
    : t("assoc.answersFileName", { at: kstStamp(new Date()) });
  const file = await pickFile("save_answers", t("assoc.answersDialogTitle"), name.replace(/\s+/g, " ").trim());
  if (!file) return;
  try {
    const written = await api.assocAnswers(file.token, claim?.registration_number ?? undefined);
    const text = t("assoc.answersWritten", { ...written, path: written.file });
    if (claim) {
      // Beside the button that made it (with the receipt's), not in the
      // review's box a screen above.
      clearNotices();
      const made = $("assoc-receipt-made");
      made.textContent = text;
      made.hidden = false;
      $("assoc-answers-shop").focus();
    } else {
      showDone(text);
    }
  } catch (error) {
    showAppError(error);
  }
}

export async function makeReceipt() {
  clearAppError();
  clearNotices();
  if (!shown.claim || !(await ensureKey())) return;
  const claim = shown.claim.claim;
  const name = t("assoc.receiptFileName", {
    business: fileNamePart(claim.business_name),
    number: fileNamePart(claim.claim_number ?? ""),
  }).replace(/\s+/g, " ").trim();
  const file = await pickFile("save_receipt", t("assoc.receiptDialogTitle"), name);
  if (!file) return;
  try {
    const issued = await api.assocReceipt(claim.id, file.token);
    const made = $("assoc-receipt-made");
    made.textContent = t(issued.new ? "assoc.receiptMade" : "assoc.receiptAgain", {
      number: issued.receipt_number,
      pdf: issued.pdf ?? "",
      file: issued.file,
      fingerprint: issued.fingerprint,
    });
    made.hidden = false;
    $("assoc-receipt-open").hidden = false;
    await showDetail(claim.id, { focus: false, keepNotices: true });
    $("assoc-receipt-open").hidden = false;
    $("assoc-receipt-open").focus();
  } catch (error) {
    showAppError(error);
  }
}
