// Held changes (bank account, representative, phone) and two senders: what
// would change, by the labels Rust sends, and the staff's decision.
import * as api from "../api.js";
import { t } from "../i18n.js";
import { clearAppError, showAppError } from "../form.js";
import { $ } from "../dom.js";
import { shown } from "./state.js";
import { refreshTable } from "./table.js";
import { clearNotices, say, showDetail } from "./detail.js";

/** Rust's label of a held member (`bank`, `계좌번호`), as the line's first
 *  word. */
function capitalised(label) {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** A claim that would change the bank account, representative or phone:
 *  each change old → new, and the two decisions, apart from the review.
 *  A second sender for the business is worded as such: the other claim is
 *  not "old", and neither is used until the staff decide. */
export function showHeld(claim, held) {
  const box = $("assoc-held-box");
  box.hidden = claim.held_state !== "held";
  const two = claim.two_senders === true;
  $("assoc-held-title").textContent = t(two ? "assoc.twoSendersTitle" : "assoc.heldTitle");
  $("assoc-held-lead").textContent = t(two ? "assoc.twoSendersLead" : "assoc.heldLead");
  $("assoc-held-apply").textContent = t(two ? "assoc.twoSendersApply" : "assoc.heldApply");
  $("assoc-held-dismiss").textContent = t(two ? "assoc.twoSendersDismiss" : "assoc.heldDismiss");
  $("assoc-held-changes").replaceChildren(
    ...held.map((change) => {
      const item = document.createElement("li");
      item.textContent = t(two ? "assoc.twoSendersItem" : "assoc.heldItem", {
        field: capitalised(change.label),
        before: change.before ?? "-",
        after: change.after ?? "-",
      });
      return item;
    }),
  );
}

export async function decideHeld(apply) {
  clearAppError();
  clearNotices();
  try {
    await api.assocDecideHeld(shown.claim.claim.id, apply);
  } catch (failure) {
    showAppError(failure);
    return;
  }
  await showDetail(shown.claim.claim.id, { focus: false });
  const two = shown.claim.claim.two_senders === true;
  say(t(two ? (apply ? "assoc.twoSendersApplied" : "assoc.twoSendersDismissed") : apply ? "assoc.heldApplied" : "assoc.heldDismissed"));
  await refreshTable();
}
