// Wording of the core's wastewater figures, pure and exact where the core is exact: loads come
// as whole grams (shown as kg or t by integer arithmetic), discharge as whole litres (÷ 1000 =
// m³ the same way), a limit's multiple as thousandths (1333 → "1.333 ×"; Chinese regulators
// word the excess as 超标倍数 = multiple − 1 → "0.33"), validity as valid ÷ expected hours.
import { gramsToKg, gramsToTonnes, gramsToTonnesExact, groupThousands } from "../../lib/quantity";
import type { Interval, ParamUnit } from "../../ipc/api";

export type MassShown = "kg" | "t";

/** Whole grams as kg (three decimals) or t (gram precision, trailing zeros past the kg dropped). */
export function massText(g: number, unit: MassShown): string {
  return groupThousands(unit === "kg" ? gramsToKg(g) : gramsToTonnesExact(g));
}

/** Whole grams as t rounded to the kilogram ("5.732"), for bars and summaries. */
export function tonnesShort(g: number): string {
  return groupThousands(gramsToTonnes(g));
}

/** Whole litres as m³ with three decimals (exact: 1 L = 0.001 m³). */
export function litresToM3(l: number): string {
  return groupThousands(gramsToKg(l));
}

/** ratio ‰ → the multiple of the limit, "1.333". */
export function multipleText(permille: number): string {
  const a = Math.abs(Math.trunc(permille));
  return `${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, "0")}`;
}

/** ratio ‰ → 超标倍数 (multiple − 1) to two decimals, "0.33"; rounded half up on the ‰. */
export function excessText(permille: number): string {
  const hundredths = Math.round((permille - 1000) / 10);
  const h = Math.max(0, hundredths);
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, "0")}`;
}

/** Valid ÷ expected hours in percent with one decimal, or null without expected hours. */
export function validityText(valid: number, expected: number): string | null {
  if (expected <= 0) return null;
  const tenths = Math.round((valid * 1000) / expected);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** The core's months list ("12,1,2,3", "" = all year) as ranges: "12–3", "6–8", "1, 5". */
export function monthRanges(text: string): string {
  const ms = text
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((m) => Number.isInteger(m) && m >= 1 && m <= 12);
  if (ms.length === 0 || ms.length === 12) return "";
  const runs: number[][] = [];
  for (const m of ms) {
    const last = runs.at(-1);
    if (last && (last.at(-1)! % 12) + 1 === m) last.push(m);
    else runs.push([m]);
  }
  // A season over the year end (12, 1, 2, 3 — listed 1, 2, 3, 12) is one run from December.
  if (runs.length > 1 && runs[0]![0] === 1 && runs.at(-1)!.at(-1) === 12) {
    const last = runs.pop()!;
    runs[0] = [...last, ...runs[0]!];
  }
  return runs.map((r) => (r.length === 1 ? String(r[0]) : `${r[0]}–${r.at(-1)}`)).join(", ");
}

/** A concentration for tables: up to three decimals, no trailing zeros. */
export function concText(v: number | null | undefined, lang: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 3 }).format(v);
}

/** The unit a parameter's values are in, as shown. */
export function unitText(unit: ParamUnit): string {
  return unit === "mg_l" ? "mg/L" : unit === "m3" ? "m³" : "";
}

/** The parameters the permit forms offer, in the order of HJ 819 tables (the core knows them). */
export const KNOWN_PARAMS = ["cod", "bod5", "nh3n", "tn", "tp", "ss", "ph", "flow"] as const;

/** Intervals a monitor export can be read as (real-time values come only from the logger). */
export const TABLE_INTERVALS: readonly Interval[] = ["hour", "minute", "day", "sample"];

/** `YYYY-MM-DD` of a date `days` before `day` (UTC arithmetic on a calendar date). */
export function daysBefore(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** First and last day of month `YYYY-MM`. */
export function monthBounds(month: string): { from: string; to: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** The plant-local calendar day (`YYYY-MM-DD`) of UTC seconds. */
export function localDay(seconds: number, timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(
      new Date(seconds * 1000),
    );
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "01";
    return `${get("year")}-${get("month")}-${get("day")}`;
  } catch {
    return new Date(seconds * 1000).toISOString().slice(0, 10);
  }
}

/** A measured value as typed: a decimal, or a decimal with L below the detection limit. */
export const MEASURED_RE = /^\d+(\.\d+)?[Ll]?$/;
/** An exact non-negative decimal (limits, m³, t/a). */
export const DECIMAL_RE = /^\d+(\.\d+)?$/;

/** A UTC instant (`2026-12-01T08:00:00Z`) as plant-local `YYYY-MM-DD HH:MM`. */
export function localMinute(utc: string, timeZone: string): string {
  const d = new Date(utc);
  if (Number.isNaN(d.getTime())) return utc;
  try {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(d);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
    return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
  } catch {
    return utc;
  }
}

/** A limit's bounds as read: "≤ 500", "≥ 6", "6–9". */
export function boundsText(upper: string | null, lower: string | null): string {
  if (upper && lower) return `${lower}–${upper}`;
  if (upper) return `≤ ${upper}`;
  return lower ? `≥ ${lower}` : "—";
}
