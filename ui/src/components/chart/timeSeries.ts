// What TimeSeriesChart draws, as plain data: uPlot's aligned columns (x, then every series) and
// the look of each series. Pure, so it is tested without a canvas. Limit lines (a permit
// limit, a threshold) are constant series drawn dashed; marked points (exceedances) are a
// series of points only, null everywhere else. Long series are thinned by min/max buckets
// first, keeping every marked point's x.
import { decimate } from "../../lib/decimate";

export type ChartSeries = {
  label: string;
  values: readonly (number | null)[];
  color?: string;
  /** Drawn thicker, e.g. the total over the parts. */
  emphasis?: boolean;
};
export type LimitLine = { label: string; value: number; color?: string };
/** A point to mark; `x` must be one of the chart's x values. */
export type MarkedPoint = { x: number; y: number };

export type ChartInput = {
  /** Unix seconds, ascending. */
  x: readonly number[];
  series: readonly ChartSeries[];
  limits?: readonly LimitLine[];
  marks?: readonly MarkedPoint[];
  marksLabel?: string;
};

export type SeriesKind = "line" | "limit" | "marks";
export type SeriesSpec = { label: string; kind: SeriesKind; color: string; width: number; dash?: number[] };
export type ChartModel = { data: (number | null)[][]; series: SeriesSpec[] };

/** Distinct on white and for the common colour-vision deficiencies (Okabe–Ito, then Tableau). */
export const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c564b", "#7f7f7f"];
export const TOTAL_COLOR = "#1f2933";
export const LIMIT_COLOR = "#c0262d";
export const MARK_COLOR = "#c0262d";

/** Points drawn at most; above this the series are thinned (two per bucket per series). */
export const MAX_POINTS = 1500;

export function buildChartModel(input: ChartInput, maxPoints = MAX_POINTS): ChartModel {
  const index = new Map(input.x.map((x, i) => [x, i]));
  const marks = (input.marks ?? []).filter((m) => index.has(m.x));
  // The marks ride along as one more series, so decimation keeps their x values.
  const markColumn: (number | null)[] = input.x.map(() => null);
  for (const m of marks) markColumn[index.get(m.x)!] = m.y;
  const thin = decimate(
    { x: [...input.x], ys: [...input.series.map((s) => [...s.values]), ...(marks.length > 0 ? [markColumn] : [])] },
    maxPoints,
  );

  const data: (number | null)[][] = [thin.x];
  const series: SeriesSpec[] = [];
  input.series.forEach((s, i) => {
    data.push(thin.ys[i]!);
    series.push({
      label: s.label,
      kind: "line",
      color: s.color ?? (s.emphasis ? TOTAL_COLOR : PALETTE[i % PALETTE.length]!),
      width: s.emphasis ? 2.5 : 1.5,
    });
  });
  for (const l of input.limits ?? []) {
    data.push(thin.x.map(() => l.value));
    series.push({ label: l.label, kind: "limit", color: l.color ?? LIMIT_COLOR, width: 1.5, dash: [6, 4] });
  }
  if (marks.length > 0) {
    data.push(thin.ys[input.series.length]!);
    series.push({ label: input.marksLabel ?? "", kind: "marks", color: MARK_COLOR, width: 0 });
  }
  return { data, series };
}

/** The y range to draw: the data and every limit line, from zero. */
export function yRange(model: ChartModel): [number, number] {
  let max = 0;
  for (const column of model.data.slice(1)) for (const v of column) if (v !== null && v > max) max = v;
  return [0, max > 0 ? max * 1.08 : 1];
}
