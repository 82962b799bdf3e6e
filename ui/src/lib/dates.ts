// Locale-independent dates. Everything the user types or reads is YYYY-MM-DD (and
// YYYY-MM-DD HH:mm, 24-hour), whatever the computer's locale: WebKitGTK's native date inputs
// and Intl's default orders follow the OS locale (12/01/2026), which officers misread.

// ---------- typed text ----------

/** One run of digits in a typed date, with the separator written before it. */
export type Segment = { readonly len: number; readonly sep: string };
export type Mask = readonly Segment[];

/** YYYY-MM-DD */
export const DATE_MASK: Mask = [
  { len: 4, sep: "" },
  { len: 2, sep: "-" },
  { len: 2, sep: "-" },
];
/** YYYY-MM */
export const MONTH_MASK: Mask = DATE_MASK.slice(0, 2);
/** YYYY-MM-DD HH:mm */
export const DATETIME_MASK: Mask = [...DATE_MASK, { len: 2, sep: " " }, { len: 2, sep: ":" }];

export function maskLength(mask: Mask): number {
  return mask.reduce((n, s) => n + s.len + s.sep.length, 0);
}

function segmentsOf(raw: string, mask: Mask): string[] {
  const segs = [""];
  for (const ch of raw) {
    const s = segs.length - 1;
    const cur = segs[s]!;
    if (ch >= "0" && ch <= "9") {
      if (cur.length < mask[s]!.len) segs[s] = cur + ch;
      else if (s + 1 < mask.length) segs.push(ch);
      // a digit past the last segment is dropped
    } else if (cur.length > 0 && s + 1 < mask.length) {
      // Any other character ends the segment: "2026-3-" is March, "2026/3/9" and "2026年3月9日" read too.
      if (s > 0 && cur.length === 1 && mask[s]!.len === 2) segs[s] = `0${cur}`;
      segs.push("");
    }
  }
  return segs;
}

/**
 * Rewrites typed text into the mask's shape: digits fill the segments in order, a separator
 * typed after a one-digit month/day/hour adds its leading zero, and while the user is typing
 * (`growing`) the separator after a full segment is written ahead, so "20261202" becomes
 * "2026-12-02". Idempotent on its own output.
 */
export function applyMask(raw: string, mask: Mask, growing: boolean): string {
  const segs = segmentsOf(raw, mask);
  const last = segs.length - 1;
  if (growing && segs[last]!.length === mask[last]!.len && last + 1 < mask.length) segs.push("");
  return segs.map((v, i) => mask[i]!.sep + v).join("");
}

/** On leaving the field (or Enter): a one-digit last segment gets its leading zero ("2026-03-9" → "2026-03-09"). */
export function finishMask(text: string, mask: Mask): string {
  const segs = segmentsOf(text, mask);
  const last = segs.length - 1;
  if (segs.length === mask.length && segs[last]!.length === 1 && mask[last]!.len === 2) segs[last] = `0${segs[last]}`;
  return segs.map((v, i) => mask[i]!.sep + v).join("");
}

// ---------- calendar ----------

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad2 = (n: number) => String(n).padStart(2, "0");

export function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** `YYYY-MM-DD` moved by `days` (calendar arithmetic, no time zone involved). */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` moved by whole months, the day clamped to the target month's length. */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const ty = y + Math.floor(m / 12);
  const tm = (((m % 12) + 12) % 12) + 1;
  return isoDay(ty, tm, Math.min(Number(iso.slice(8, 10)), daysInMonth(ty, tm)));
}

/** 0 = Monday … 6 = Sunday (weeks start on Monday, as in China). */
export function weekdayMondayFirst(iso: string): number {
  return (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The 42 days (six Monday-first weeks) of the month grid holding `YYYY-MM`. */
export function monthGrid(year: number, month: number): string[] {
  const first = isoDay(year, month, 1);
  const start = addDays(first, -weekdayMondayFirst(first));
  return Array.from({ length: 42 }, (_, i) => addDays(start, i));
}

/** Today on the computer's clock as `YYYY-MM-DD` (for highlighting only; records use the plant's zone). */
export function todayIso(now: Date = new Date()): string {
  return isoDay(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

// ---------- validation ----------

/** Why typed text is not a usable date, with what the message needs. */
export type DateProblem =
  | { kind: "incomplete" }
  | { kind: "year" }
  | { kind: "month" }
  | { kind: "day"; year: string; month: string; days: number }
  | { kind: "time" }
  | { kind: "beforeMin"; min: string }
  | { kind: "afterMax"; max: string };

export type Checked = { ok: true; value: string } | { ok: false; problem: DateProblem };

function checkDay(y: string, m: string, d: string): DateProblem | null {
  const year = Number(y);
  const month = Number(m);
  if (year < MIN_YEAR || year > MAX_YEAR) return { kind: "year" };
  if (month < 1 || month > 12) return { kind: "month" };
  const days = daysInMonth(year, month);
  const day = Number(d);
  if (day < 1 || day > days) return { kind: "day", year: y, month: m, days };
  return null;
}

function checkRange(value: string, min?: string, max?: string): Checked {
  if (min && value < min) return { ok: false, problem: { kind: "beforeMin", min: displayValue(min) } };
  if (max && value > max) return { ok: false, problem: { kind: "afterMax", max: displayValue(max) } };
  return { ok: true, value };
}

/** A segment already typed in full that cannot be right ("2026-13", "2026-02-30 0", "… 25:"), else incomplete. */
function partialProblem(text: string): DateProblem {
  const [y = "", mo = "", d = "", h = "", mi = ""] = text.split(/[- :]/);
  if (y.length === 4 && (Number(y) < MIN_YEAR || Number(y) > MAX_YEAR)) return { kind: "year" };
  if (mo.length === 2 && (Number(mo) < 1 || Number(mo) > 12)) return { kind: "month" };
  if (d.length === 2) {
    const p = checkDay(y, mo, d);
    if (p) return p;
  }
  if ((h.length === 2 && Number(h) > 23) || (mi.length === 2 && Number(mi) > 59)) return { kind: "time" };
  return { kind: "incomplete" };
}

/** Typed `YYYY-MM-DD` → the value (same string) or why not. `min`/`max` are `YYYY-MM-DD`. */
export function checkDateText(text: string, min?: string, max?: string): Checked {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return { ok: false, problem: partialProblem(text) };
  const problem = checkDay(m[1]!, m[2]!, m[3]!);
  if (problem) return { ok: false, problem };
  return checkRange(text, min, max);
}

/** Typed `YYYY-MM-DD HH:mm` → the datetime-local value `YYYY-MM-DDTHH:mm` or why not. */
export function checkDateTimeText(text: string, min?: string, max?: string): Checked {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) return { ok: false, problem: partialProblem(text) };
  const problem = checkDay(m[1]!, m[2]!, m[3]!);
  if (problem) return { ok: false, problem };
  if (Number(m[4]) > 23 || Number(m[5]) > 59) return { ok: false, problem: { kind: "time" } };
  return checkRange(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`, min, max);
}

/** Typed `YYYY-MM` → the value (same string) or why not. `min`/`max` are `YYYY-MM`. */
export function checkMonthText(text: string, min?: string, max?: string): Checked {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return { ok: false, problem: partialProblem(text) };
  const problem = checkDay(m[1]!, m[2]!, "01");
  if (problem) return { ok: false, problem };
  return checkRange(text, min, max);
}

/** A value as the field shows it: `YYYY-MM-DD` as is, `YYYY-MM-DDTHH:mm[:ss]` as `YYYY-MM-DD HH:mm`. */
export function displayValue(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(value);
  if (!m) return value;
  return m[2] ? `${m[1]} ${m[2]}` : m[1]!;
}

// ---------- display of instants ----------

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** Year, month, day, hour, minute of an instant on the wall clock of `timeZone` (default UTC), as digits. */
export function zonedParts(at: Date, timeZone = "UTC"): { year: string; month: string; day: string; hour: string; minute: string } {
  let fmt = partsFormats.get(timeZone);
  if (!fmt) {
    // en-GB only fixes the digits and 24-hour clock; the order is taken from the parts, not the string.
    fmt = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    partsFormats.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return { year: get("year").padStart(4, "0"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute") };
}

/** What the user reads for a date or time, whatever the OS locale. An unknown zone throws RangeError. */
export const formatDate = {
  /** `YYYY-MM-DD` */
  day(at: Date, timeZone?: string): string {
    const p = zonedParts(at, timeZone);
    return `${p.year}-${p.month}-${p.day}`;
  },
  /** `YYYY-MM-DD HH:mm` (24-hour) */
  minute(at: Date, timeZone?: string): string {
    const p = zonedParts(at, timeZone);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  },
  /** `YYYY-MM` */
  month(at: Date, timeZone?: string): string {
    const p = zonedParts(at, timeZone);
    return `${p.year}-${p.month}`;
  },
  /** `MM-DD` (axis ticks, where the year is shown apart) */
  monthDay(at: Date, timeZone?: string): string {
    const p = zonedParts(at, timeZone);
    return `${p.month}-${p.day}`;
  },
  /** `HH:mm` (24-hour) */
  time(at: Date, timeZone?: string): string {
    const p = zonedParts(at, timeZone);
    return `${p.hour}:${p.minute}`;
  },
};
