import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type uPlot from "uplot";
import { TrendTab } from "./TrendTab";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { weekly } from "../../test/trend";

// jsdom cannot draw: uPlot is a stand-in that keeps its options (the E2E checks the real canvas).
const plots: { opts: uPlot.Options; data: unknown[] }[] = [];
vi.mock("uplot", () => ({
  default: class {
    static tzDate = (d: Date) => d;
    constructor(opts: uPlot.Options, data: unknown[]) {
      plots.push({ opts, data });
    }
    setScale() {}
    setSize() {}
    destroy() {}
  },
}));

// The plant's clock: Tuesday 2026-11-24 10:00 in Shanghai.
beforeEach(() => {
  plots.length = 0;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-24T02:00:00Z"));
});
afterEach(() => vi.useRealTimers());

describe("TrendTab", () => {
  it("asks the core for the last 52 ISO weeks and draws the weekly streams and the running total", async () => {
    const calls = mockBackend({ weekly_generation: () => weekly() });
    render(<TrendTab timezone="Asia/Shanghai" />);
    expect(await screen.findByTestId("trend-total")).toHaveTextContent("2024-12-23 至 2025-01-12，共 3 周，合计 440.750 kg");
    expect(callsOf(calls, "weekly_generation")[0]!.args).toEqual({ from: "2025-12-01", to: "2026-11-24" });
    await waitFor(() => expect(plots).toHaveLength(2));
    expect(plots[0]!.opts.series.map((s) => s.label)).toEqual(["周", "废矿物油", "900-041-49", "合计"]);
    // 440.75 kg in all: no category line is within reach of the running total.
    expect(plots[1]!.opts.series.map((s) => s.label)).toEqual(["周", "累计产生量"]);
    // The legend names the ISO week under the cursor with its days.
    const x = plots[0]!.opts.series[0]!.value as (u: uPlot, v: number) => string;
    expect(x({} as uPlot, Date.UTC(2024, 11, 30) / 1000)).toBe("2025-W01（2024-12-30–01-05）");
    const t = plots[1]!.opts.series[1]!.value as (u: uPlot, v: number) => string;
    expect(t({} as uPlot, 0.43875)).toBe("0.439 t");
    expect(screen.getByTestId("trend-chart")).toHaveAttribute("aria-label", "2024-12-23 至 2025-01-12 每周危险废物产生量折线图");
  });

  it("draws the category line a running total reaches and marks the week", async () => {
    const big = weekly();
    big.weeks = big.weeks.map((w) => ({ ...w, total_g: 6_000_000, total_kg: "6000.000" }));
    mockBackend({ weekly_generation: () => big });
    render(<TrendTab timezone="Asia/Shanghai" />);
    await waitFor(() => expect(plots).toHaveLength(2));
    expect(plots[1]!.opts.series.map((s) => s.label)).toEqual(["周", "累计产生量", "简化管理线（年 10 t）", "首次达到该线的周"]);
    expect(plots[1]!.data.at(-1)).toEqual([null, 12, null]); // 6 t, 12 t (reached), 18 t
  });

  it("lists the weeks newest first with the core's exact kg per stream and the totals in the footer", async () => {
    mockBackend({ weekly_generation: () => weekly() });
    render(<TrendTab timezone="Asia/Shanghai" />);
    const rows = await screen.findAllByTestId("trend-week-row");
    expect(rows.map((r) => r.querySelector("td")?.textContent)).toEqual(["2025-W02", "2025-W01", "2024-W52"]);
    expect(rows[1]).toHaveTextContent("2024-12-30 – 2025-01-05");
    // 2025-W01: 310 kg of oil and nothing by code, so the total is 310 kg too.
    expect(within(rows[1]!).getAllByText("310.000").map((c) => c.className)).toEqual(["num mono", "num mono"]);
    expect(within(rows[2]!).getByText("128.500")).toHaveClass("num");
    expect(screen.getByRole("columnheader", { name: /废矿物油/ })).toBeInTheDocument();
    const footer = screen.getByTestId("trend-weeks-table").querySelector("tfoot")!;
    expect(footer).toHaveTextContent("430.500");
    expect(footer).toHaveTextContent("440.750");
  });

  it("switches to an ISO year, and says so when nothing was generated", async () => {
    const calls = mockBackend({
      weekly_generation: ({ from }) =>
        from === "2024-12-30" ? weekly({ series: [], weeks: [], total_g: 0, total_kg: "0.000" }) : weekly(),
    });
    const user = userEvent.setup();
    render(<TrendTab timezone="Asia/Shanghai" />);
    await screen.findByTestId("trend-chart");
    await user.selectOptions(screen.getByTestId("trend-range"), "2025");
    await waitFor(() => expect(callsOf(calls, "weekly_generation").at(-1)!.args).toEqual({ from: "2024-12-30", to: "2025-12-28" }));
    expect(await screen.findByTestId("trend-empty")).toHaveTextContent("本期间无产生记录");
    expect(screen.queryByTestId("trend-chart")).not.toBeInTheDocument();
    expect(screen.getByTestId("trend-weeks-empty")).toBeInTheDocument();
  });

  it("shows the core's refusal", async () => {
    mockBackend({
      weekly_generation: () => {
        throw { kind: "Invalid", field: "from", message: "a trend covers at most 1098 days (3 years)" };
      },
    });
    render(<TrendTab timezone="Asia/Shanghai" />);
    expect(await screen.findByTestId("trend-error")).toHaveTextContent("at most 1098 days");
  });
});

describe("WasteScreen", () => {
  it("opens 产生趋势 next to the ledger, loading the chart's code with the tab", async () => {
    const { WasteScreen } = await import("./WasteScreen");
    const { page, plant, officer } = await import("../../test/fixtures");
    const { category } = await import("../../test/settings");
    mockBackend({
      list_streams: () => [],
      list_hw_codes: () => [],
      plant_category: () => category(),
      list_generation: () => page([], 0),
      weekly_generation: () => weekly(),
    });
    const user = userEvent.setup();
    render(<WasteScreen plant={plant} session={officer} />);
    const tabs = screen.getAllByRole("tab").map((t) => t.getAttribute("data-testid"));
    expect(tabs.slice(0, 2)).toEqual(["tab-ledger", "tab-trend"]);
    await user.click(screen.getByTestId("tab-trend"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("危险废物产生趋势");
    expect(await screen.findByTestId("trend-chart")).toBeInTheDocument();
    expect(await screen.findAllByTestId("trend-week-row")).toHaveLength(3);
  });
});
