// What the wastewater chart draws, as plain data (tested without a canvas): the core's
// decimated series as a min–max band with the mean line, the limit in force as steps (upper and
// lower), exceedances as red points and lab results as their own points. uPlot wants one x
// column for every series, so the x values are the union of the bucket starts, the step edges
// and the marked times; each series is null where it has nothing.
import type { Series } from "../../ipc/api";

export type WaterSeriesKind = "min" | "max" | "mean" | "upper" | "lower" | "exceedance" | "sample";
export type WaterChartModel = {
  data: (number | null)[][];
  kinds: WaterSeriesKind[];
};

export const COLORS: Record<WaterSeriesKind, string> = {
  min: "rgba(0, 114, 178, 0.35)",
  max: "rgba(0, 114, 178, 0.35)",
  mean: "#0072b2",
  upper: "#c0262d",
  lower: "#e69f00",
  exceedance: "#c0262d",
  sample: "#009e73",
};
export const BAND_FILL = "rgba(0, 114, 178, 0.15)";

/** The limit bound at `x` (UTC seconds): the step holding it, or null. */
function stepAt(s: Series, x: number, which: "upper" | "lower"): number | null {
  for (const l of s.limits) if (x >= l.from && x < l.to) return l[which] ?? null;
  return null;
}

export function buildWaterChart(s: Series): WaterChartModel {
  const xs = new Set<number>(s.x);
  // Each step drawn from its first to its last second, so it is flat between revisions.
  for (const l of s.limits) {
    xs.add(l.from);
    xs.add(l.to - 1);
  }
  for (const [x] of s.exceedances) xs.add(x);
  for (const [x] of s.samples) xs.add(x);
  const x = [...xs].sort((a, b) => a - b);
  const index = new Map(x.map((v, i) => [v, i]));
  const column = () => x.map((): number | null => null);
  const min = column();
  const max = column();
  const mean = column();
  s.x.forEach((bx, i) => {
    const k = index.get(bx)!;
    min[k] = s.min[i] ?? null;
    max[k] = s.max[i] ?? null;
    mean[k] = s.mean[i] ?? null;
  });
  const upper = x.map((v) => stepAt(s, v, "upper"));
  const lower = x.map((v) => stepAt(s, v, "lower"));
  const exceed = column();
  for (const [t, v] of s.exceedances) exceed[index.get(t)!] = v;
  const sample = column();
  for (const [t, v] of s.samples) sample[index.get(t)!] = v;

  const data: (number | null)[][] = [x];
  const kinds: WaterSeriesKind[] = [];
  const add = (k: WaterSeriesKind, col: (number | null)[], always = false) => {
    if (always || col.some((v) => v !== null)) {
      data.push(col);
      kinds.push(k);
    }
  };
  add("min", min, true);
  add("max", max, true);
  add("mean", mean, true);
  add("upper", upper);
  add("lower", lower);
  add("exceedance", exceed);
  add("sample", sample);
  return { data, kinds };
}

/** The y range: every value drawn and the limits, from zero (pH and other small ranges too). */
export function waterYRange(m: WaterChartModel): [number, number] {
  let hi = 0;
  for (const col of m.data.slice(1)) for (const v of col) if (v !== null && v > hi) hi = v;
  return [0, hi > 0 ? hi * 1.08 : 1];
}
