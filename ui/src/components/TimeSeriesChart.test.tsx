// jsdom has no canvas: uPlot is replaced by a stand-in that keeps what the component gave it.
// The drawing itself is checked in the real window (the E2E reads the canvas pixels).
import { beforeEach, describe, expect, it, vi } from "vitest";
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type uPlot from "uplot";
import i18n from "../i18n";
import { TimeSeriesChart, tickFormatter } from "./TimeSeriesChart";

type Fake = {
  opts: uPlot.Options;
  data: (number | null)[][];
  scales: Record<string, { min?: number; max?: number }>;
  destroyed: boolean;
  setScale: (key: string, lim: { min: number; max: number }) => void;
};
const plots: Fake[] = [];

vi.mock("uplot", () => {
  class FakePlot {
    static tzDate = (d: Date) => d;
    opts: uPlot.Options;
    data: (number | null)[][];
    scales: Record<string, { min?: number; max?: number }>;
    destroyed = false;
    constructor(opts: uPlot.Options, data: (number | null)[][]) {
      this.opts = opts;
      this.data = data;
      this.scales = { x: { min: data[0]![0]!, max: data[0]!.at(-1)! } };
      plots.push(this as unknown as Fake);
    }
    setScale(key: string, lim: { min: number; max: number }) {
      this.scales[key] = lim;
      for (const h of this.opts.hooks?.setScale ?? []) h?.(this as unknown as uPlot, key);
    }
    setSize() {}
    destroy() {
      this.destroyed = true;
    }
  }
  return { default: FakePlot };
});

beforeEach(() => {
  plots.length = 0;
});

const input = {
  x: [1_735_516_800, 1_736_121_600, 1_736_726_400], // Mondays 2024-12-30, 2025-01-06, 2025-01-13
  series: [
    { label: "废矿物油", values: [120.5, 310, 0] },
    { label: "合计", values: [128.5, 310, 2.25], emphasis: true },
  ],
  limits: [{ label: "年产 10 t 的周均量", value: 192.3 }],
  marks: [{ x: 1_736_121_600, y: 310 }],
  marksLabel: "高于周均线的周",
};

function chart() {
  return (
    <TimeSeriesChart
      input={input}
      testId="c"
      yLabel="产生量（kg/周）"
      xLabel="周"
      formatY={(v) => `${v.toFixed(3)} kg`}
      summary="每周产生量"
    />
  );
}

describe("TimeSeriesChart", () => {
  it("gives uPlot the series, a dashed limit line, points-only marks and the translated labels", () => {
    render(chart());
    expect(plots).toHaveLength(1);
    const { opts, data } = plots[0]!;
    expect(data).toHaveLength(5); // x, two lines, the limit, the marks
    const series = opts.series;
    expect(series.map((s) => s.label)).toEqual(["周", "废矿物油", "合计", "年产 10 t 的周均量", "高于周均线的周"]);
    expect(series[2]!.width).toBe(2.5);
    expect(series[3]!.dash).toEqual([6, 4]);
    expect(series[4]!.points?.show).toBe(true);
    expect(series[4]!.paths?.({} as uPlot, 4, 0, 2)).toBeNull();
    expect(opts.axes?.[1]?.label).toBe("产生量（kg/周）");
    expect(opts.cursor?.drag).toMatchObject({ x: true, y: false });
    const value = series[1]!.value as (u: uPlot, v: number | null) => string;
    expect(value({} as uPlot, 310)).toBe("310.000 kg");
    expect(value({} as uPlot, null)).toBe("—");
    expect(screen.getByTestId("c")).toHaveAttribute("aria-label", "每周产生量");
  });

  it("enables reset after a drag-zoom and resets the x scale to the whole range", async () => {
    const user = userEvent.setup();
    render(chart());
    const reset = screen.getByTestId("c-reset");
    expect(reset).toBeDisabled();
    act(() => plots[0]!.setScale("x", { min: 1_736_000_000, max: 1_736_200_000 })); // what a drag does
    expect(reset).toBeEnabled();
    await user.click(reset);
    expect(plots[0]!.scales.x).toEqual({ min: input.x[0], max: input.x[2] });
    expect(reset).toBeDisabled();
  });

  it("redraws in the new language and destroys the old plot; dates stay MM-DD / YYYY in both (issue 14 item 5)", async () => {
    const { unmount } = render(chart());
    const ticks = (p: Fake) => (p.opts.axes![0]!.values as (u: uPlot, s: number[]) => string[])({} as uPlot, input.x);
    expect(ticks(plots[0]!)).toEqual(["12-30\n2024", "01-06\n2025", "01-13"]);
    await act(() => i18n.changeLanguage("en"));
    expect(plots).toHaveLength(2);
    expect(plots[0]!.destroyed).toBe(true);
    expect(ticks(plots[1]!)).toEqual(["12-30\n2024", "01-06\n2025", "01-13"]);
    expect(screen.getByTestId("c-reset")).toHaveTextContent("Reset zoom");
    unmount();
    expect(plots[1]!.destroyed).toBe(true);
  });

  it("labels ticks with the year on a second line at the start and when it changes", () => {
    const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 1000;
    expect(tickFormatter()([day("2025-06-02"), day("2025-06-09"), day("2026-01-05")])).toEqual(["06-02\n2025", "06-09", "01-05\n2026"]);
  });
});
