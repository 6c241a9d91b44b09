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
