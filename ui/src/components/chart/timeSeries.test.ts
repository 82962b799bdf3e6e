import { describe, expect, it } from "vitest";
import { buildChartModel, LIMIT_COLOR, MARK_COLOR, PALETTE, TOTAL_COLOR, yRange } from "./timeSeries";

describe("buildChartModel", () => {
  it("lines up x, each series, each limit line as a constant, and the marked points", () => {
    const m = buildChartModel({
      x: [100, 200, 300],
      series: [
        { label: "A", values: [1, 2, 3] },
        { label: "B", values: [4, null, 6] },
        { label: "合计", values: [5, 2, 9], emphasis: true },
      ],
      limits: [{ label: "限值", value: 8 }],
      marks: [
        { x: 300, y: 9 },
        { x: 999, y: 1 }, // not on the x grid: ignored
      ],
      marksLabel: "超标",
    });
    expect(m.data).toEqual([
      [100, 200, 300],
      [1, 2, 3],
      [4, null, 6],
      [5, 2, 9],
      [8, 8, 8],
      [null, null, 9],
    ]);
    expect(m.series).toEqual([
      { label: "A", kind: "line", color: PALETTE[0], width: 1.5 },
      { label: "B", kind: "line", color: PALETTE[1], width: 1.5 },
      { label: "合计", kind: "line", color: TOTAL_COLOR, width: 2.5 },
      { label: "限值", kind: "limit", color: LIMIT_COLOR, width: 1.5, dash: [6, 4] },
      { label: "超标", kind: "marks", color: MARK_COLOR, width: 0 },
    ]);
    expect(yRange(m)).toEqual([0, 9 * 1.08]);
  });

  it("thins a year of hourly points, keeping every marked point and the limit across the kept x", () => {
    const x = Array.from({ length: 8760 }, (_, i) => i * 3600);
    const values = x.map((_, i) => 40 + (i % 24));
    values[5000] = 120;
    const m = buildChartModel(
      {
        x,
        series: [{ label: "COD", values }],
        limits: [{ label: "许可限值", value: 100 }],
        marks: [
          { x: x[5000]!, y: 120 },
          { x: x[17]!, y: 57 },
        ],
      },
      600,
    );
    const kept = m.data[0]!;
    expect(kept.length).toBeLessThanOrEqual(600);
    expect(kept).toContain(x[5000]);
    expect(kept).toContain(x[17]);
    expect(m.data[2]!.every((v) => v === 100)).toBe(true);
    expect(m.data[2]).toHaveLength(kept.length);
    expect(m.data[3]!.filter((v) => v !== null)).toEqual([57, 120]);
  });

  it("has a y range from zero that holds a limit above the data", () => {
    const m = buildChartModel({ x: [1, 2], series: [{ label: "A", values: [1, 2] }], limits: [{ label: "L", value: 50 }] });
    expect(yRange(m)).toEqual([0, 54]);
    expect(yRange(buildChartModel({ x: [1], series: [{ label: "A", values: [0] }] }))).toEqual([0, 1]);
  });
});
