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

/** The string for `key`, with `{name}` placeholders filled from `values`.
 *  A Korean particle written both ways right after a placeholder
 *  (`{number}을(를)`, `‘{method}’(으)로`) becomes the one the value's last
 *  sound takes. */
export function t(key, values = {}) {
  const text = locales[current][key] ?? locales.ko[key] ?? key;
  return text.replace(PLACEHOLDER, (_, name, closing, both) => {
    const value = String(values[name] ?? "");
    return value + closing + (both === undefined ? "" : particleAfter(value, both));
  });
}

const PARTICLES = {
  "을(를)": ["을", "를"],
  "이(가)": ["이", "가"],
  "은(는)": ["은", "는"],
  "과(와)": ["과", "와"],
  "와(과)": ["과", "와"],
  "(으)로": ["으로", "로"],
  "(이)라": ["이라", "라"],
};
const PLACEHOLDER = new RegExp(
  String.raw`\{(\w+)\}([’”'")」』]*)(${Object.keys(PARTICLES).map((p) => p.replace(/[()]/g, "\\$&")).join("|")})?`,
  "g",
);

/** Whether each digit, read in Korean (영 일 이 삼 사 오 육 칠 팔 구),
 *  ends in a consonant, and whether that consonant is ㄹ. */
const DIGIT_ENDS = ["ng", "l", "", "m", "", "", "k", "l", "l", ""];

/** The form of the particle `both` (`을(를)`) that follows `word`: by the
 *  last Hangul syllable's final consonant (ㄹ takes 로, not 으로), or by how
 *  a last digit is read; closing quotes and brackets are looked through.
 *  After anything else (Latin letters) both stay written. */
export function particleAfter(word, both) {
  const [withFinal, withoutFinal] = PARTICLES[both];
  const last = [...word.replace(/[\s'"’”)\]」』>.]+$/u, "")].pop() ?? "";
  let final = null;
  const code = last.codePointAt(0) ?? 0;
  if (code >= 0xac00 && code <= 0xd7a3) {
    const jong = (code - 0xac00) % 28;
    final = jong === 0 ? "" : jong === 8 ? "l" : "other";
  } else if (/[0-9]/.test(last)) {
    final = DIGIT_ENDS[Number(last)];
  }
  if (final === null) return both;
  if (final === "") return withoutFinal;
  if (both === "(으)로" && final === "l") return withoutFinal;
  return withFinal;
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

/** Days to a deadline in words: "14일 남음", "오늘 마감", and once it has
 *  passed "접수 마감 지남" (or "서류 마감 지남" for the documents' one):
 *  said, never counted up, and it blocks nothing. */
export function formatDaysLeft(days, kind = "filing") {
  if (days > 0) return t("claims.deadline.left", { days });
  if (days === 0) return t("claims.deadline.today");
  return t(kind === "documents" ? "claims.deadline.documentsPassed" : "claims.deadline.passed");
}
