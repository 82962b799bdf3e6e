// Thins a long time series before it reaches a canvas: the chart is a few hundred pixels wide,
// a year of hourly readings is 8,760 points. Min/max per bucket (not averaging, not LTTB) so
// that every peak and trough survives — an exceedance must never be smoothed away — and the
// first and last points stay so the x range is unchanged. Several series sharing one x axis
// are thinned together: a point is kept for all of them if any of them needs it.

/** Indices to keep: for each of `buckets` equal slices of the index range, the first point, the
 *  last point, and the minimum and maximum of every series (nulls ignored); ascending, unique. */
export function decimateIndices(length: number, series: readonly (readonly (number | null)[])[], buckets: number): number[] {
  if (length <= 0) return [];
  const keep = new Set<number>([0, length - 1]);
  const n = Math.max(1, Math.floor(buckets));
  const size = length / n;
  for (let b = 0; b < n; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(length, Math.floor((b + 1) * size));
    if (end <= start) continue;
    for (const ys of series) {
      let lo = -1;
      let hi = -1;
      for (let i = start; i < end; i++) {
        const v = ys[i];
        if (v === null || v === undefined || Number.isNaN(v)) continue;
        if (lo < 0 || v < (ys[lo] as number)) lo = i;
        if (hi < 0 || v > (ys[hi] as number)) hi = i;
      }
      if (lo >= 0) keep.add(lo);
      if (hi >= 0) keep.add(hi);
    }
  }
  return [...keep].sort((a, b) => a - b);
}

export type Aligned = { x: number[]; ys: (number | null)[][] };

/**
 * The series thinned to about `maxPoints` points (at most 2 per series per bucket, plus the
 * ends); returned unchanged when already that short.
 */
export function decimate(data: Aligned, maxPoints: number): Aligned {
  const length = data.x.length;
  if (length <= maxPoints) return data;
  // Each bucket keeps up to 2 points per series: size the buckets so the total stays near maxPoints.
  const perBucket = 2 * Math.max(1, data.ys.length);
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / perBucket));
  const idx = decimateIndices(length, data.ys, buckets);
  return { x: idx.map((i) => data.x[i]!), ys: data.ys.map((ys) => idx.map((i) => ys[i] ?? null)) };
}
