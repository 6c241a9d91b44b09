// The i18n module: every key exists in both languages with the same
// placeholders, and amounts are formatted as 원 in every language.
import { test } from "node:test";
import assert from "node:assert/strict";

// i18n.js sets <html lang>; a stand-in document is all it needs here.
globalThis.document = { documentElement: { lang: "" }, title: "", querySelectorAll: () => [] };
const { setLocale, t, formatWon, locale } = await import("../js/i18n.js");
const ko = (await import("../locales/ko.js")).default;
const en = (await import("../locales/en.js")).default;

const placeholders = (text) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("both languages have every key, with the same placeholders", () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(ko).sort());
  for (const key of Object.keys(ko)) {
    assert.deepEqual(placeholders(en[key]), placeholders(ko[key]), key);
  }
});

test("a key is filled in the chosen language; an unknown language is Korean", () => {
  setLocale("en");
  assert.equal(locale(), "en");
  assert.equal(t("import.applied", { count: 3 }), en["import.applied"].replace("{count}", "3"));
  setLocale("ja");
  assert.equal(locale(), "ko");
  assert.equal(document.documentElement.lang, "ko");
  assert.equal(t("import.applied", { count: 3 }), ko["import.applied"].replace("{count}", "3"));
});

test("amounts are won with Korean grouping", () => {
  setLocale("ko");
  const ko1 = formatWon(1314400);
  setLocale("en");
  const en1 = formatWon(1314400);
  assert.match(ko1, /1,314,400/);
  assert.match(en1, /1,314,400/);
});

test("a particle written both ways follows the word's last sound", async () => {
  const { particleAfter } = await import("../js/i18n.js");
  const cases = [
    ["계좌", "을(를)", "를"], ["통장 사본", "을(를)", "을"], ["CD-2022-000001", "을(를)", "을"],
    ["CD-2022-000002", "을(를)", "를"], ["검토 중", "(으)로", "으로"], ["보류", "(으)로", "로"],
    ["서울", "(으)로", "로"], ["‘전주 같은 요일과 비교’", "(으)로", "로"], ["접수됨", "(으)로", "으로"],
    ["7", "(으)로", "로"], ["3", "(으)로", "으로"], ["Kakao", "을(를)", "을(를)"], ["사업장", "이(가)", "이"],
    ["키", "은(는)", "는"], ["", "을(를)", "을(를)"],
  ];
  for (const [word, both, expected] of cases) assert.equal(particleAfter(word, both), expected, `${word} ${both}`);
  setLocale("ko");
  // Through t(): every key that writes a particle both ways after a
  // placeholder gets one form once the value is Hangul.
  for (const [key, text] of Object.entries(ko)) {
    const names = placeholders(text);
    const filled = t(key, Object.fromEntries(names.map((n) => [n, "보류"])));
    assert.doesNotMatch(filled, /보류(\(으\)로|을\(를\)|이\(가\)|은\(는\)|와\(과\))/, key);
  }
  assert.equal(t("assoc.moved", { review: "검토 중" }), "검토 중으로 바꿨습니다.");
});

test("a particle after a quoted placeholder follows the quoted word", () => {
  setLocale("ko");
  assert.equal(t("editor.holiday.switched", { method: "전주 같은 요일과 비교" }), "‘전주 같은 요일과 비교’로 바꿨습니다.");
  assert.equal(t("editor.holiday.back", { method: "검토 중" }), "‘검토 중’으로 되돌리기");
});
