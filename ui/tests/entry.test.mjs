// The pure notation helpers of the form (entry.js), run with `node --test
// ui/tests`. The amount table is shared with claim-import's reader, so a
// number typed and the same number pasted are one value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  readAmount,
  readDate,
  readKstTime,
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
  assert.equal(readKstTime("2022-10-15 18:20"), "2022-10-15T18:20:00+09:00");
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
