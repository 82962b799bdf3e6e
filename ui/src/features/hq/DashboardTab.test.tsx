import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type uPlot from "uplot";
import { useState } from "react";
import { DashboardTab } from "./DashboardTab";
import { callsOf, mockHq } from "../../ipc/mockBackend";
import { dashboard } from "../../test/hq";

// jsdom cannot draw: uPlot is a stand-in that keeps its options and data.
const plots: { opts: uPlot.Options; data: (number | null)[][] }[] = [];
vi.mock("uplot", () => ({
  default: class {
    static tzDate = (d: Date) => d;
    constructor(opts: uPlot.Options, data: (number | null)[][]) {
      plots.push({ opts, data });
    }
    setScale() {}
    setSize() {}
    destroy() {}
  },
}));

beforeEach(() => {
  plots.length = 0;
});

function Harness() {
  const [year, setYear] = useState("2026");
  return <DashboardTab year={year} onYear={setYear} />;
}

describe("DashboardTab", () => {
  it("draws each indicator's running total against the year before, with the exact YTD and its change", async () => {
    const calls = mockHq({ hq_dashboard: () => dashboard() });
    render(<Harness />);
    expect(await screen.findByTestId("hq-dash-chart-hw_generated_g")).toBeInTheDocument();
    expect(callsOf(calls, "hq_dashboard")[0]!.args).toEqual({ year: 2026 });
    expect(screen.getByTestId("hq-dash-ytd-hw_generated_g")).toHaveTextContent("1–3 月累计 31.5005 t 上年同期 30.000 t +5.0%");
    await waitFor(() => expect(plots).toHaveLength(1));
    expect(plots[0]!.opts.series.map((s) => s.label)).toEqual(["月份", "2026 年累计", "2025 年累计"]);
    // Tonnes for drawing; this year stops at the dashboard's month, the year before runs on.
    expect(plots[0]!.data[1]!.slice(0, 4)).toEqual([10, 22.5, 31.5005, null]);
    expect(plots[0]!.data[2]!.slice(0, 3)).toEqual([9, 20, 30]);
    expect(plots[0]!.data[2]![11]).toBeCloseTo(118.9, 6);
  });

  it("switches to one segment's series", async () => {
    mockHq({ hq_dashboard: () => dashboard() });
    const user = userEvent.setup();
    render(<Harness />);
    await screen.findByTestId("hq-dash-ytd-hw_generated_g");
    await user.selectOptions(await screen.findByTestId("hq-dashboard-segment"), "CHEM");
    expect(screen.getByTestId("hq-dash-ytd-hw_generated_g")).toHaveTextContent("1–3 月累计 13.000 t 上年同期 12.000 t +8.3%");
    expect(screen.getByTestId("hq-dash-hw_generated_g")).toHaveTextContent("危险废物产生量 · 化工材料");
  });

  it("shows the counts and lists the plants with missing weeks", async () => {
    mockHq({ hq_dashboard: () => dashboard() });
    render(<Harness />);
    const counts = await screen.findByTestId("hq-dashboard-counts");
    expect(counts).toHaveTextContent("应报 30 已收 26 待报 2 缺报 2 迟交 3");
    const row = await screen.findByTestId("hq-missing-row");
    expect(within(row).getAllByRole("cell").map((c) => c.textContent)).toEqual(["WX02", "无锡二厂", "CHEM", "2", "2026-W08, 2026-W09"]);
  });
});
