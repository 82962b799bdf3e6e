import { describe, expect, it } from "vitest";
import { decimate, decimateIndices } from "./decimate";

/** A year of hourly readings: a daily wave, one spike and one dip. */
function year() {
  const x = Array.from({ length: 8760 }, (_, i) => 1_735_689_600 + i * 3600);
  const y: (number | null)[] = x.map((_, i) => 50 + 10 * Math.sin((i / 24) * 2 * Math.PI));
  y[4321] = 400; // the exceedance
  y[777] = -5;
  y[100] = null; // a gap in the readings
  return { x, ys: [y] };
}

describe("decimate", () => {
  it("thins a year of hourly points to the budget, keeping both ends, the spike and the dip", () => {
    const data = year();
    const out = decimate(data, 1000);
    expect(out.x.length).toBeLessThanOrEqual(1000);
    expect(out.x.length).toBeGreaterThan(500);
    expect(out.x[0]).toBe(data.x[0]);
    expect(out.x.at(-1)).toBe(data.x.at(-1));
    expect(Math.max(...(out.ys[0]!.filter((v) => v !== null) as number[]))).toBe(400);
    expect(Math.min(...(out.ys[0]!.filter((v) => v !== null) as number[]))).toBe(-5);
    expect(out.x.indexOf(data.x[4321]!)).toBeGreaterThan(0);
    // Strictly ascending x: nothing duplicated or reordered.
    expect(out.x.every((v, i) => i === 0 || v > out.x[i - 1]!)).toBe(true);
  });

  it("keeps series aligned: a point one series needs is kept for all", () => {
    const x = Array.from({ length: 1000 }, (_, i) => i);
    const a = x.map(() => 1);
    const b = x.map(() => 2);
    a[333] = 99;
    b[666] = -99;
    const out = decimate({ x, ys: [a, b] }, 100);
    expect(out.ys).toHaveLength(2);
    expect(out.ys[0]).toHaveLength(out.x.length);
    expect(out.ys[1]).toHaveLength(out.x.length);
    const at = (xv: number) => out.x.indexOf(xv);
    expect(at(333)).toBeGreaterThanOrEqual(0);
    expect(at(666)).toBeGreaterThanOrEqual(0);
    expect(out.ys[0]![at(333)]).toBe(99);
    expect(out.ys[1]![at(333)]).toBe(2);
    expect(out.ys[1]![at(666)]).toBe(-99);
  });

  it("returns short series unchanged", () => {
    const data = { x: [1, 2, 3], ys: [[5, null, 7]] };
    expect(decimate(data, 10)).toBe(data);
  });

  it("picks first, last, min and max per bucket, skipping gaps", () => {
    expect(decimateIndices(0, [], 4)).toEqual([]);
    expect(decimateIndices(1, [[3]], 4)).toEqual([0]);
    //                      0  1  2     3  4  5  6  7
    const ys = [[5, 9, 1, null, 4, 4, 8, 2]];
    expect(decimateIndices(8, ys, 2)).toEqual([0, 1, 2, 6, 7]); // bucket 1: max 9, min 1; bucket 2: max 8, min 2 (last)
    expect(decimateIndices(8, [[null, null, null, null, null, null, null, null]], 2)).toEqual([0, 7]);
  });
});
