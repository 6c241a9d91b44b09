// The pure notation helpers of the form (entry.js), run with `node --test
// ui/tests`. The amount table is shared with claim-import's reader, so a
// number typed and the same number pasted are one value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  bundleBusiness,
  fileNamePart,
  kstMinute,
  kstStamp,
  readAmount,
  readDate,
  readMarginPercent,
  showAmount,
  showKstTime,
  showMarginPercent,
} from "../js/entry.js";

const table = JSON.parse(readFileSync(new URL("../../tests/fixtures/amount-notations.json", import.meta.url)));

test("amounts read as the shared table says", () => {
  for (const [text, expected] of table.cases) {
    const read = readAmount(text);
    assert.equal(read, expected === null ? text.trim() : expected, JSON.stringify(text));
  }
  assert.equal(readAmount("   "), null, "an empty field is no amount at all");
});

test("amounts show with Korean grouping", () => {
  assert.equal(showAmount(1234567), "1,234,567");
  assert.equal(showAmount(null), "");
  assert.equal(showAmount("12,5"), "12,5", "text as typed stays as typed");
});

test("dates and Korea times in the forms owners type", () => {
  assert.equal(readDate("2022.10.15"), "2022-10-15");
  assert.equal(readDate("2022/1/5"), "2022-01-05");
  assert.equal(readDate("20221015"), "2022-10-15");
  assert.equal(readDate("15.10.2022"), "15.10.2022", "day first is passed on for the engine to refuse");
  assert.equal(showKstTime("2022-10-15T18:20:00+09:00"), "2022-10-15 18:20");
  assert.equal(showKstTime("2022-10-15T09:20:00Z"), "2022-10-15T09:20:00Z");
});

test("margins in percent are basis points", () => {
  assert.equal(readMarginPercent("35"), 3500);
  assert.equal(readMarginPercent("35.5 %"), 3550);
  assert.equal(readMarginPercent("abc"), "abc");
  assert.equal(showMarginPercent(3550), "35.5");
  assert.equal(showMarginPercent(3500), "35");
});

test("file names carry the shop and a Korea-time stamp", () => {
  assert.equal(fileNamePart('행복케이크 / 망원점: "본점"'), "행복케이크 망원점 본점");
  assert.equal(fileNamePart("a\u0000b"), "a b");
  assert.equal(fileNamePart("가".repeat(100)).length, 80);
  // 23:30 UTC on 4 Dec is 08:30 on 5 Dec in Korea.
  assert.equal(kstStamp(new Date("2026-12-04T23:30:00Z")), "2026-12-05 0830");
  const others = (first, count) => `${first} 외 ${count}곳`;
  assert.equal(bundleBusiness(["행복케이크", "행복케이크"], others), "행복케이크");
  assert.equal(bundleBusiness(["행복케이크", "빵집", "꽃집"], others), "행복케이크 외 2곳");
  assert.equal(bundleBusiness([null, ""], others), "");
});

test("stored instants show in Korea time", () => {
  assert.equal(kstMinute("2026-11-29T19:57:49.648Z"), "2026-11-30 04:57");
  assert.equal(kstMinute("2026-11-30T04:57:00+09:00"), "2026-11-30 04:57");
  assert.equal(kstMinute("not a time"), "not a time");
  assert.equal(kstMinute(null), "");
});

// A file name part is cut by code point: generated names of Hangul, emoji
// (surrogate pairs), lone surrogates and forbidden characters, at lengths
// around the 80 kept, never end in half a pair nor carry a lone one.
test("file name parts never split a surrogate pair", () => {
  let seed = 20261206;
  const next = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ["가", "A", " ", "🍰", "👩‍🍳", "\uD83C", "\uDF70", "/", "\u0007", "é"];
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  for (let run = 0; run < 2000; run += 1) {
    const length = 70 + next(30);
    let text = "";
    for (let i = 0; i < length; i += 1) text += pieces[next(pieces.length)];
    const part = fileNamePart(text);
    assert.ok(!lone.test(part), JSON.stringify(part));
    assert.ok(Array.from(part).length <= 80, JSON.stringify(part));
    assert.ok(!/[\\/:*?"<>|\u0000-\u001f]/.test(part), JSON.stringify(part));
  }
  // 79 Hangul and an emoji: the emoji is the 80th code point, kept whole.
  assert.equal(fileNamePart(`${"가".repeat(79)}🍰🍰`), `${"가".repeat(79)}🍰`);
});
