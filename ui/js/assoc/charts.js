// The statistics in their own tab: charts drawn from Rust's figures.
import * as api from "../api.js";
import { formatWon, locale, t } from "../i18n.js";
import { showAppError } from "../form.js";
import { $ } from "../dom.js";

/** A horizontal bar chart: one bar per group, its length the number of
 *  claims, labelled with the count and the amount claimed. */
function chart(titleKey, groups) {
  const figure = document.createElement("figure");
  figure.className = "chart";
  const caption = document.createElement("figcaption");
  caption.className = "chart__title";
  caption.textContent = t(titleKey);
  figure.append(caption);
  if (groups.length === 0) {
    const empty = document.createElement("p");
    empty.textContent = t("assoc.chart.empty");
    figure.append(empty);
    return figure;
  }
  // Rows of label, bar and value laid out by CSS (not an SVG of fixed
  // widths): a long label (a tier's "개별 심사 대상 (50만 원 초과)") wraps
  // in its column instead of being cut at the chart's edge.
  const most = Math.max(...groups.map((g) => g.claims), 1);
  const rows = document.createElement("div");
  rows.className = "chart__rows";
  rows.setAttribute("role", "img");
  const described = groups.map((g) => t("assoc.chart.bar", { label: g.label, claims: g.claims, claimed: formatWon(g.claimed) }));
  rows.setAttribute("aria-label", `${t(titleKey)}: ${described.join("; ")}`);
  for (const group of groups) {
    const label = document.createElement("span");
    label.className = "chart__label";
    label.textContent = group.label;
    const track = document.createElement("span");
    track.className = "chart__track";
    const bar = document.createElement("span");
    bar.className = "chart__bar";
    bar.style.width = `${Math.max(1, Math.round((group.claims / most) * 100))}%`;
    track.append(bar);
    const value = document.createElement("span");
    value.className = "chart__value";
    value.textContent = `${group.claims} · ${formatWon(group.claimed)}`;
    rows.append(label, track, value);
  }
  figure.append(rows);
  return figure;
}

export async function refreshStats() {
  let stats;
  try {
    stats = await api.assocStats(locale());
  } catch (error) {
    showAppError(error);
    return;
  }
  $("assoc-totals").textContent = t("assoc.totals", {
    claims: stats.claims,
    claimed: formatWon(stats.claimed),
    errors: stats.with_errors,
    missing: stats.missing_evidence,
  }) + (stats.two_senders > 0 ? " " + t("assoc.totalsTwoSenders", { count: stats.two_senders }) : "");
  $("assoc-charts").replaceChildren(
    chart("assoc.chart.industry", stats.by_industry),
    chart("assoc.chart.region", stats.by_region),
    chart("assoc.chart.service", stats.by_service),
    chart("assoc.chart.paid", stats.by_paid),
    chart("assoc.chart.tier", stats.by_tier),
    // Only incidents that pay by days out have this one (spec §3.1).
    ...(stats.by_days_out.length > 0 ? [chart("assoc.chart.daysOut", stats.by_days_out)] : []),
    chart("assoc.chart.review", stats.by_review),
  );
}

export function selectTab(which) {
  for (const name of ["table", "stats"]) {
    const tab = $(`assoc-tab-${name}`);
    const selected = name === which;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`assoc-panel-${name}`).hidden = !selected;
  }
  if (which === "stats") refreshStats();
}
