// jsdom cannot draw: uPlot is a stand-in that keeps the options and data it was given, and lets
// the test drag a selection as a user would.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { act, render, screen, waitFor } from "@testing-library/react";
import type uPlot from "uplot";
import { ChartTab } from "./ChartTab";
import { buildWaterChart } from "./waterChart";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { outfall, series, T0 } from "./testData";

type Fake = { opts: uPlot.Options; data: (number | null)[][]; select: { left: number; width: number } };
const plots: Fake[] = [];
vi.mock("uplot", () => ({
  default: class {
    static tzDate = (d: Date) => d;
    opts: uPlot.Options;
    data: (number | null)[][];
    select = { left: 0, width: 0, top: 0, height: 0 };
    constructor(opts: uPlot.Options, data: (number | null)[][]) {
      this.opts = opts;
      this.data = data;
      plots.push(this as unknown as Fake);
    }
    posToVal(px: number) {
      return px; // the test's pixels are seconds
    }
    setSelect(s: { left: number; width: number }) {
      Object.assign(this.select, s);
    }
    setSize() {}
    destroy() {}
  },
}));

beforeEach(() => {
  plots.length = 0;
});

const H = 3600;

describe("buildWaterChart", () => {
  it("aligns the band, the mean, the limit steps, the exceedances and the lab results on one x", () => {
    const m = buildWaterChart(series);
    expect(m.kinds).toEqual(["min", "max", "mean", "upper", "exceedance", "sample"]);
    const x = m.data[0]!;
    const at = (t: number) => x.indexOf(t);
    const col = (k: string) => m.data[m.kinds.indexOf(k as never) + 1]!;
    expect(col("max")[at(T0 + H)]).toBe(620);
    expect(col("mean")[at(T0 + 2 * H)]).toBe(500);
    // The limit holds over each step: 500 the first day, 400 from the second (a revision).
    expect(col("upper")[at(T0)]).toBe(500);
    expect(col("upper")[at(T0 + 86_400 - 1)]).toBe(500);
    expect(col("upper")[at(T0 + 86_400)]).toBe(400);
    // Exceedances at their own times, red points only there.
    expect(col("exceedance")[at(T0 + H + 1800)]).toBe(620);
    expect(col("exceedance").filter((v) => v !== null)).toEqual([620, 520]);
    expect(col("sample")[at(T0 + 5 * H)]).toBe(88);
  });
});

describe("ChartTab", () => {
  it("asks for about as many buckets as the plot is wide and draws the limits and exceedances", async () => {
    const calls = mockBackend({ water_series: () => series });
    render(<ChartTab outfalls={[outfall]} timezone="Asia/Shanghai" today="2025-12-31" />);
    await waitFor(() => expect(plots).toHaveLength(1));
    const args = callsOf(calls, "water_series")[0]!.args;
    expect(args).toEqual({ paramId: "p-cod", from: "2025-12-01", to: "2025-12-31", buckets: 900 });
    const p = plots[0]!;
    expect(p.opts.series.map((s) => s.label)).toEqual([
      "时间",
      "最小值",
      "最大值",
      "均值",
      "排放限值（上限）",
      "超标",
      "手工监测",
    ]);
    // The band between min and max.
    expect(p.opts.bands).toEqual([{ series: [2, 1], fill: expect.any(String) }]);
    const upper = p.data[4]!;
    expect(upper.filter((v) => v !== null)).toContain(400);
    expect(p.data[5]!.filter((v) => v !== null)).toEqual([620, 520]);
    expect(p.opts.series[5]!.points?.show).toBe(true);
    expect(screen.getByTestId("chart-info")).toHaveTextContent("超标 2");
  });

  it("asks again for the dragged period, so detail appears when zooming in", async () => {
    const calls = mockBackend({ water_series: () => series });
    render(<ChartTab outfalls={[outfall]} timezone="Asia/Shanghai" today="2025-12-31" />);
    await waitFor(() => expect(plots).toHaveLength(1));
    const u = plots[0]!;
    // Drag from 2025-12-03 00:00 to 2025-12-05 12:00 Shanghai time.
    const left = T0 + 2 * 86_400;
    u.select.left = left;
    u.select.width = 2.5 * 86_400;
    act(() => {
      for (const h of u.opts.hooks?.setSelect ?? []) h?.(u as unknown as uPlot);
    });
    await waitFor(() => expect(callsOf(calls, "water_series")).toHaveLength(2));
    expect(callsOf(calls, "water_series")[1]!.args).toMatchObject({ from: "2025-12-03", to: "2025-12-05" });
    await waitFor(() => expect(plots.length).toBeGreaterThanOrEqual(2));
    expect(plots.at(-1)!.opts.scales?.x).toMatchObject({ min: left, max: left + 2.5 * 86_400 });
    expect(screen.getByTestId("chart-reset")).toBeEnabled();
  });
});
