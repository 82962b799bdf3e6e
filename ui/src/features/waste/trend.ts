// The trend tab's arithmetic, kept pure for tests: which days a range choice covers (the last
// 52 ISO weeks, or one ISO week-numbering year), and the core's weekly figures turned into the
// two charts — weekly per stream, and the running total against the category thresholds with
// the week each was reached marked. Figures come from the core in whole grams; kg and t here
// are for drawing only — tables show the core's exact kg text.
import type { WeeklyGeneration } from "../../ipc/api";
import type { ChartInput, ChartSeries, LimitLine, MarkedPoint } from "../../components/chart/timeSeries";

/** "last52" or an ISO week-numbering year ("2025"). */
export type TrendChoice = string;

const DAY_MS = 86_400_000;
const toDate = (ymd: string) => new Date(`${ymd}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(ymd: string, days: number): string {
  return fromDate(new Date(toDate(ymd).getTime() + days * DAY_MS));
}

/** The Monday of `ymd`'s ISO week. */
export function mondayOf(ymd: string): string {
  const dow = (toDate(ymd).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(ymd, -dow);
}

/** The Monday of ISO week 1 of `year` (the week holding 4 January). */
export function isoYearStart(year: number): string {
  return mondayOf(`${String(year).padStart(4, "0")}-01-04`);
}

/** The ISO week-numbering year of `ymd` (2024-12-30 is in 2025). */
export function isoYearOf(ymd: string): number {
  const y = Number(ymd.slice(0, 4));
  if (ymd >= isoYearStart(y + 1)) return y + 1;
  return ymd >= isoYearStart(y) ? y : y - 1;
}

/** The days a choice covers, never past today. */
export function trendRange(choice: TrendChoice, today: string): { from: string; to: string } {
  if (choice === "last52") return { from: addDays(mondayOf(today), -51 * 7), to: today };
  const year = Number(choice);
  const end = addDays(isoYearStart(year + 1), -1);
  return { from: isoYearStart(year), to: end < today ? end : today };
}

/** The choices offered: the last 52 weeks, then this ISO year and the two before. */
export function trendChoices(today: string): TrendChoice[] {
  const y = isoYearOf(today);
  return ["last52", String(y), String(y - 1), String(y - 2)];
}

/** Unix seconds of a YYYY-MM-DD day at 00:00 UTC (the chart's x). */
export const daySeconds = (ymd: string): number => toDate(ymd).getTime() / 1000;

/**
 * HJ 1259-2022 §4.2 decides the management category on a year's generation: ≥ 10 t 简化管理,
 * ≥ 100 t 重点监管 (tonnes a year, in grams here).
 */
export const CATEGORY_THRESHOLDS_G = [10_000_000, 100_000_000] as const;

/** Streams drawn one by one; the rest are summed into one 其他 line. */
export const MAX_STREAM_LINES = 6;

type WeeklyLabels = { total: string; other: string };

/** The weekly chart: the largest streams (kg), 其他, and the total (emphasised) over them. */
export function weeklyChart(w: WeeklyGeneration, labels: WeeklyLabels): ChartInput {
  const x = w.weeks.map((week) => daySeconds(week.monday));
  const kg = (grams: readonly number[]) => grams.map((g) => g / 1000);
  const shown = w.series.slice(0, MAX_STREAM_LINES);
  const rest = w.series.slice(MAX_STREAM_LINES);
  const series: ChartSeries[] = shown.map((s) => ({ label: s.name, values: kg(s.grams) }));
  if (rest.length > 0) {
    const summed = w.weeks.map((_, i) => rest.reduce((sum, s) => sum + (s.grams[i] ?? 0), 0));
    series.push({ label: labels.other, values: kg(summed) });
  }
  if (w.series.length > 1) series.push({ label: labels.total, values: kg(w.weeks.map((week) => week.total_g)), emphasis: true });
  return { x, series };
}

type CumulativeLabels = { cumulative: string; threshold: (tonnes: number) => string; crossed: string };

/**
 * The running total over the range (tonnes) against the category thresholds — over an ISO year
 * the year to date, over the last 52 weeks the trailing year's total. A threshold is drawn
 * when the total comes within half of it (a line far above would only flatten the curve), and
 * the first week the total reaches it is marked.
 */
export function cumulativeChart(w: WeeklyGeneration, labels: CumulativeLabels): ChartInput {
  const x = w.weeks.map((week) => daySeconds(week.monday));
  let running = 0;
  const grams = w.weeks.map((week) => (running += week.total_g));
  const final = running;
  const limits: LimitLine[] = [];
  const marks: MarkedPoint[] = [];
  for (const g of CATEGORY_THRESHOLDS_G) {
    if (final <= 0 || g > 2 * final) continue;
    limits.push({ label: labels.threshold(g / 1_000_000), value: g / 1_000_000 });
    const at = grams.findIndex((v) => v >= g);
    if (at >= 0) marks.push({ x: x[at]!, y: grams[at]! / 1_000_000 });
  }
  return {
    x,
    series: [{ label: labels.cumulative, values: grams.map((v) => v / 1_000_000), color: "#1d5fa8", emphasis: true }],
    limits,
    marks,
    marksLabel: labels.crossed,
  };
}
