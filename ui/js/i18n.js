// A tiny i18n module: locale files are plain ES modules, numbers and money go
// through Intl.NumberFormat('ko-KR') in every language (amounts are 원).
import ko from "../locales/ko.js";
import en from "../locales/en.js";

const locales = { ko, en };
let current = "ko";

export function locale() {
  return current;
}

export function setLocale(lang) {
  current = lang in locales ? lang : "ko";
  document.documentElement.lang = current;
  document.title = t("app.title");
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  }
}

/** The string for `key`, with `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const text = locales[current][key] ?? locales.ko[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

const wonFormat = new Intl.NumberFormat("ko-KR");

/** 1234567 → "1,234,567원" (whole won; never a fraction). */
export function formatWon(amount) {
  return `${wonFormat.format(amount)}원`;
}

const WEEKDAYS = {
  ko: ["일", "월", "화", "수", "목", "금", "토"],
  en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
};
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2022-10-15" → "2022년 10월 15일(토)" / "Sat 15 Oct 2022" (as the PDF writes it). */
export function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!match) return iso ?? "";
  const [year, month, day] = match.slice(1).map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return current === "en"
    ? `${WEEKDAYS.en[weekday]} ${day} ${MONTHS_EN[month - 1]} ${year}`
    : `${year}년 ${month}월 ${day}일(${WEEKDAYS.ko[weekday]})`;
}

/** Days to a deadline in words: "14일 남음", "오늘 마감", "마감 3일 지남". */
export function formatDaysLeft(days) {
  if (days > 0) return t("claims.deadline.left", { days });
  if (days === 0) return t("claims.deadline.today");
  return t("claims.deadline.passed", { days: -days });
}
