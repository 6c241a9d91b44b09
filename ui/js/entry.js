// What the owner types, turned into the claim document's values and back.
// Only notation lives here (commas, 원, a space instead of "T", the Korea
// offset): whether a value is acceptable is for the rules engine to say, so
// text that does not read as a value is passed on as typed and comes back
// as that field's error.

/** The largest amount in won (1,000억원), as the rules engine has it. */
const MAX_WON = 100_000_000_000;

/**
 * "1,234,000원" → 1234000; "(5,000)" and "-5,000" → -5000; "" → null;
 * anything else → the text as typed. The notations are those the sales-file
 * and paste reader in Rust (claim-import's values.rs) reads, checked
 * against the same table (tests/fixtures/amount-notations.json), so a
 * number typed and the same number pasted are one value.
 */
export function readAmount(text) {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const won = wholeWon(trimmed);
  return won === null ? trimmed : won;
}

function wholeWon(typed) {
  let text = typed.replace(/\s/g, "");
  let negative = false;
  if (text.startsWith("(") && text.endsWith(")")) {
    negative = true;
    text = text.slice(1, -1);
  }
  for (const sign of ["-", "\u2212", "+"]) {
    if (text.startsWith(sign)) {
      negative = sign !== "+";
      text = text.slice(sign.length);
      break;
    }
  }
  text = text.replace(/^[₩￦]+/, "").replace(/원+$/, "");
  if (text.startsWith("-")) {
    negative = true;
    text = text.slice(1);
  }
  if (/[억만천백십]/.test(text)) {
    const value = koreanUnits(text);
    if (value === null || value > MAX_WON) return null;
    return negative && value !== 0 ? -value : value;
  }
  if (!/^[\d,.]+$/.test(text)) return null;
  let whole = text;
  const dot = text.indexOf(".");
  if (dot >= 0) {
    const int = text.slice(0, dot);
    const fraction = text.slice(dot + 1);
    // 1.234.000 or 1.234: dots between thousands read as a fraction in Korea.
    if (fraction.includes(".") || (int.length <= 3 && fraction.length === 3 && !int.includes(","))) return null;
    if (!/^0*$/.test(fraction)) return null;
    whole = int;
  }
  let digits = whole;
  if (whole.includes(",")) {
    const [first, ...groups] = whole.split(",");
    if (!(first.length >= 1 && first.length <= 3 && groups.every((group) => group.length === 3))) return null;
    digits = groups.reduce((all, group) => all + group, first);
  }
  if (!/^\d{1,15}$/.test(digits)) return null;
  const value = Number(digits);
  if (value > MAX_WON) return null;
  return negative && value !== 0 ? -value : value;
}

/**
 * Korean units as owners write them ("39만8800", "1억2천만", "5천"): 억 and
 * 만 split the amount into four-digit sections, highest first; inside one,
 * 천, 백 and 십 (after one digit, or none for 1), highest first, then at
 * most four digits. null for anything else. The same grammar as
 * claim-import's values.rs, held to it by the shared table.
 */
function koreanUnits(text) {
  const big = { 억: 100_000_000, 만: 10_000 };
  let total = 0;
  let lastBig = Infinity;
  let rest = text;
  for (;;) {
    const at = rest.search(/[억만]/);
    const sectionText = at < 0 ? rest : rest.slice(0, at);
    const unit = at < 0 ? null : big[rest[at]];
    rest = at < 0 ? "" : rest.slice(at + 1);
    const first = lastBig === Infinity;
    let multiplier = 1;
    if (unit !== null) {
      if (unit >= lastBig) return null;
      lastBig = unit;
      multiplier = unit;
    }
    let section;
    if (sectionText === "") {
      if (unit === null) section = 0;
      else if (first) section = 1;
      else return null;
    } else {
      section = sectionValue(sectionText);
      if (section === null) return null;
    }
    if (section >= 10_000 && (unit !== null || lastBig !== Infinity)) return null;
    total += section * multiplier;
    if (!Number.isSafeInteger(total)) return null;
    if (rest === "") return total;
  }
}

function sectionValue(text) {
  const small = { 천: 1000, 백: 100, 십: 10 };
  let value = 0;
  let lastSmall = Infinity;
  let digits = "";
  for (const ch of text) {
    if (ch in small) {
      const unit = small[ch];
      if (unit >= lastSmall || digits.includes(",") || digits.length > 1) return null;
      const count = digits === "" ? 1 : plainNumber(digits);
      if (count === null || count === 0) return null;
      value += count * unit;
      lastSmall = unit;
      digits = "";
    } else if (/[\d,]/.test(ch)) {
      digits += ch;
    } else {
      return null;
    }
  }
  if (digits !== "") {
    const tail = plainNumber(digits);
    if (tail === null) return null;
    if (lastSmall !== Infinity && tail >= lastSmall) return null;
    value += tail;
  }
  return value;
}

/** Digits, with commas only as thousands ("8,800"), at most four digits. */
function plainNumber(text) {
  if (text.includes(",")) {
    const [first, ...groups] = text.split(",");
    if (!(first.length >= 1 && first.length <= 3 && groups.every((group) => group.length === 3))) return null;
  }
  const digits = text.replace(/,/g, "");
  if (!/^\d{1,4}$/.test(digits)) return null;
  return Number(digits);
}

/** An amount as the owner sees it in an input: digits with commas. */
export function showAmount(value) {
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    return new Intl.NumberFormat("ko-KR").format(value);
  }
  return value == null ? "" : String(value);
}

/** "2022.10.15", "2022/10/15", "20221015" → "2022-10-15"; else as typed. */
export function readDate(text) {
  const trimmed = text.trim();
  const match =
    trimmed.match(/^(\d{4})[-./]\s*(\d{1,2})[-./]\s*(\d{1,2})\.?$/) ?? trimmed.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!match) return trimmed;
  const [, year, month, day] = match;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** A stored Korea-time instant as a field shows it ("2022-10-15 18:20"),
 *  which Rust reads back; other instants as stored. */
export function showKstTime(value) {
  if (typeof value !== "string") return "";
  const match = value.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::00)?\+09:00$/);
  return match ? `${match[1]} ${match[2]}` : value;
}

/** A margin typed in percent ("35", "35.5 %") → basis points (3500, 3550). */
export function readMarginPercent(text) {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const match = trimmed.replace(/\s*%$/, "").match(/^(\d{1,3})(?:\.(\d{1,2}))?$/);
  if (!match) return trimmed;
  const [, whole, fraction = ""] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** Basis points → percent text for display (3500 → "35"). */
export function showMarginPercent(value) {
  if (typeof value !== "number" || !Number.isInteger(value)) return value == null ? "" : String(value);
  const fraction = value % 100;
  return fraction === 0 ? String(value / 100) : `${Math.floor(value / 100)}.${String(fraction).padStart(2, "0").replace(/0$/, "")}`;
}

/** Text made fit for a file name on Windows and Linux: the characters a
 *  file name may not hold become spaces, runs of space one, at most 80
 *  characters ("행복케이크 / 망원점" → "행복케이크 망원점"). Cut by code
 *  point, never inside a surrogate pair (an emoji in a shop's name), and a
 *  lone surrogate, which no file system name can carry, becomes a space. */
export function fileNamePart(text) {
  const cleaned = String(text ?? "")
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, " ")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return Array.from(cleaned).slice(0, 80).join("").trim();
}

/** A moment as a file name stamps it, in Korea time: "2026-12-05 1430". */
export function kstStamp(date) {
  const korea = new Date(date.getTime() + 9 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${korea.getUTCFullYear()}-${pad(korea.getUTCMonth() + 1)}-${pad(korea.getUTCDate())} ${pad(korea.getUTCHours())}${pad(korea.getUTCMinutes())}`;
}

/** The business a bundle is named after: the one name all its claims
 *  share, or the first with how many others ("행복케이크 외 2곳"). */
export function bundleBusiness(names, others) {
  const distinct = [...new Set(names.map(fileNamePart).filter((name) => name !== ""))];
  if (distinct.length <= 1) return distinct[0] ?? "";
  return others(distinct[0], distinct.length - 1);
}

/** A stored instant (RFC 3339, any offset) as Korea time to the minute:
 *  "2026-11-29T19:57:49.648Z" → "2026-11-30 04:57". Text that is not one
 *  stays as it is. */
export function kstMinute(value) {
  if (typeof value !== "string") return "";
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  const stamp = kstStamp(at);
  return `${stamp.slice(0, 13)}:${stamp.slice(13)}`;
}
