import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { KpiTab } from "./KpiTab";
import { kpis } from "./testData";

// jsdom has no canvas: uPlot is replaced by a stand-in.
vi.mock("uplot", () => {
  class FakePlot {
    static tzDate = (d: Date) => d;
    setScale() {}
    setSize() {}
    destroy() {}
  }
  return { default: FakePlot };
});

describe("KpiTab", () => {
  it("shows the tiles and the on-time rate with its written definition beside the number", async () => {
    const calls = mockBackend({
      hazard_kpis: () => kpis,
      hazard_kpi_trend: () => [kpis, { ...kpis, from: "2026-03-09", on_time_rate_pct: null }],
    });
    const user = userEvent.setup();
    render(<KpiTab today="2026-03-10" version={0} />);
    const onTime = await screen.findByTestId("kpi-on-time");
    expect(callsOf(calls, "hazard_kpis")[0]!.args).toEqual({ from: "2026-03-01", to: "2026-03-10" });
    expect(callsOf(calls, "hazard_kpi_trend")[0]!.args).toEqual({ unit: "week", to: "2026-03-10", count: 12 });
    expect(onTime).toHaveTextContent("按期整改完成率");
    expect(onTime).toHaveTextContent("75.00 %");
    const def = within(onTime).getByTestId("kpi-on-time-definition");
    expect(def).toHaveTextContent("6 / 8");
    expect(def).toHaveTextContent("整改期限（含延期后的期限）落在本期内");
    expect(def).toHaveTextContent(kpis.on_time_definition);
    expect(screen.getByTestId("kpi-found")).toHaveTextContent("12");
    expect(screen.getByTestId("kpi-overdue")).toHaveTextContent("2");
    expect(screen.getByTestId("kpi-major")).toHaveTextContent("1");
    expect(screen.getByTestId("kpi-mean-days")).toHaveTextContent("4.5");
    expect(screen.getByTestId("kpi-by-area")).toHaveTextContent("涂装车间4");
    expect(screen.getByTestId("kpi-by-grade")).toHaveTextContent("未评价1");
    expect(screen.getByTestId("kpi-by-grade")).toHaveTextContent("2 级5");
    expect(await screen.findByTestId("kpi-trend-counts")).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId("kpi-trend-unit"), "month");
    expect(callsOf(calls, "hazard_kpi_trend").at(-1)!.args).toEqual({ unit: "month", to: "2026-03-10", count: 12 });
  });

  it("exports the period's KPI tables to Excel, and not while the period is invalid", async () => {
    const calls = mockBackend({
      hazard_kpis: () => kpis,
      hazard_kpi_trend: () => [],
      hazard_export_xlsx: () => "/exports/hazards-kpi_SZ01_2026-03-01_2026-03-10_zh.xlsx",
    });
    const user = userEvent.setup();
    render(<KpiTab today="2026-03-10" version={0} />);
    await screen.findByTestId("kpi-on-time");
    await user.click(screen.getByTestId("hazard-kpi-export"));
    expect(await screen.findByTestId("hazard-kpi-export-saved")).toHaveTextContent("hazards-kpi_SZ01_2026-03-01_2026-03-10_zh.xlsx");
    expect(callsOf(calls, "hazard_export_xlsx")[0]!.args).toEqual({ what: { kind: "kpi", from: "2026-03-01", to: "2026-03-10" }, lang: "zh" });
    await user.clear(screen.getByTestId("kpi-from"));
    expect(screen.getByTestId("hazard-kpi-export")).toBeDisabled();
  });

  it("shows — when nothing fell due", async () => {
    mockBackend({ hazard_kpis: () => ({ ...kpis, due: 0, closed_on_time: 0, on_time_rate_pct: null }), hazard_kpi_trend: () => [] });
    render(<KpiTab today="2026-03-10" version={0} />);
    const onTime = await screen.findByTestId("kpi-on-time");
    expect(onTime).toHaveTextContent("—");
    expect(within(onTime).getByTestId("kpi-on-time-definition")).toHaveTextContent("on_time_rate v1");
  });
});
