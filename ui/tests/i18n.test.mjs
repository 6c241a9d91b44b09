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
