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

/** "2022-10-15 18:20" (Korea time) → "2022-10-15T18:20:00+09:00". */
export function readKstTime(text) {
  const trimmed = text.trim();
  const match = trimmed.match(/^(\d{4}[-./]\d{1,2}[-./]\d{1,2})\.?\s+(\d{1,2}):(\d{2})$/);
  if (!match) return trimmed;
  const [, date, hour, minute] = match;
  return `${readDate(date)}T${hour.padStart(2, "0")}:${minute}:00+09:00`;
}

/** The reverse of `readKstTime` for display; other instants as stored. */
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
