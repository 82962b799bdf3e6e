// How HQ's screens word the core's exact figures: grams as tonnes text by integer arithmetic, a
// change against the prior year as a percentage by BigInt division (never a float), the year a
// screen opens on, instants in the group's time zone, and a plant-week cell's marks.
import type { Cell, Segment, SegmentSeries } from "../../ipc/api";
import { gramsToTonnesExact, groupThousands } from "../../lib/quantity";
import { localDateTimeIn } from "../../lib/time";

/** The current calendar year in `timezone`. */
export function currentYear(timezone: string): number {
  return Number(localDateTimeIn(timezone).slice(0, 4));
}

/** A typed year the core accepts (1900–2999), or null. */
export function parseYear(text: string): number | null {
  if (!/^\d{4}$/.test(text.trim())) return null;
  const y = Number(text.trim());
  return y >= 1900 && y <= 2999 ? y : null;
}

/** A UTC instant from the core ("2026-03-09T01:05:00Z") as "2026-03-09 09:05" in `timezone`. */
export function atLocal(ts: string | null, timezone: string): string {
  if (!ts) return "—";
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return localDateTimeIn(timezone, d).replace("T", " ");
}

/** An exact value in an indicator's unit as text: grams → tonnes ("31.5005"), else the integer. */
export function exactText(unit: string, value: number): string {
  return groupThousands(unit === "g" ? gramsToTonnesExact(value) : String(value));
}

/** The unit shown beside `exactText`. */
export function shownUnit(unit: string): string {
  return unit === "g" ? "t" : unit;
}

/** An indicator key that counts grams (the unit is in every name that leaves Rust). */
export const isGramsKey = (key: string): boolean => key.endsWith("_g");

/**
 * The change from `before` to `now` in percent with one decimal, rounded half away from zero,
 * e.g. (31500500, 30000000) → "+5.0%"; null when `before` is 0 (no base to compare with).
 */
export function percentChange(now: number, before: number): string | null {
  if (before === 0) return null;
  const n = BigInt(now);
  const b = BigInt(before);
  const num = (n - b) * 1000n; // tenths of a percent, times b
  const neg = num < 0n !== b < 0n && num !== 0n;
  const an = num < 0n ? -num : num;
  const ab = b < 0n ? -b : b;
  let q = an / ab;
  if ((an % ab) * 2n >= ab) q += 1n;
  const sign = q === 0n ? "±" : neg ? "−" : "+";
  return `${sign}${q / 10n}.${q % 10n}%`;
}

/** Month totals → running totals through `through` (1–12; null after it). */
export function cumulative(months: readonly number[], through = 12): (number | null)[] {
  let sum = 0;
  return months.map((v, i) => {
    sum += v;
    return i < through ? sum : null;
  });
}

/** The exact running totals as a chart draws them (tonnes for grams): floats for drawing only. */
export function forDrawing(unit: string, values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v === null ? null : unit === "g" ? v / 1_000_000 : v));
}

/** The series of one segment (null = the group), or undefined. */
export function seriesOf(series: readonly SegmentSeries[], segment: string | null): SegmentSeries | undefined {
  return series.find((s) => s.segment_code === segment);
}

/** Unix seconds of the first day of each month of `year` (UTC), the dashboard charts' x. */
export function monthStarts(year: number): number[] {
  return Array.from({ length: 12 }, (_, m) => Date.UTC(year, m, 1) / 1000);
}

export type CellMark = "anchor_broken" | "restated_after_review" | "late" | "restated";

/** A cell's marks, most serious first. */
export function cellMarks(c: Cell): CellMark[] {
  const out: CellMark[] = [];
  if (c.anchor_broken) out.push("anchor_broken");
  if (c.restated_after_review) out.push("restated_after_review");
  if (c.late) out.push("late");
  if (c.restated) out.push("restated");
  return out;
}

/** The one glyph a small cell has room for: its most serious mark. */
export const MARK_GLYPH: Record<CellMark, string> = {
  anchor_broken: "!",
  restated_after_review: "R",
  late: "L",
  restated: "r",
};

/** "a1b2c3d4…" → its first 12 characters, for tables (the whole hash goes in the tooltip). */
export const shaPrefix = (sha: string): string => sha.slice(0, 12);

/** A segment's (or any zh/en pair's) name in the UI language (zh for any Chinese locale). */
export function segmentName(s: Pick<Segment, "name_zh" | "name_en">, language: string): string {
  return language.startsWith("zh") ? s.name_zh : s.name_en;
}

/** A row's label in the UI language. */
export function labelIn(r: { label_zh: string; label_en: string }, language: string): string {
  return language.startsWith("zh") ? r.label_zh : r.label_en;
}
