import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LoadsTab } from "./LoadsTab";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { MonthLoads, WaterFigures } from "../../ipc/api";

const monthly: MonthLoads[] = [
  { month: "2025-01", loads_g: { cod: 1_234_567, nh3n: 45_500 }, discharge_l: 12_345_678 },
  { month: "2025-02", loads_g: { cod: 1_000_000 }, discharge_l: 10_000_000 },
];

const figures: WaterFigures = {
  from: "2025-01-01",
  to: "2025-01-31",
  dl_policy: "half",
  outfalls: [
    {
      code: "DW001",
      name: "总排口",
      discharge_l: 12_345_678,
      discharge_days: 31,
      params: [
        {
          code: "cod",
          name: "化学需氧量",
          unit: "mg_l",
          basis: "online",
          load_g: 1_234_567,
          readings: 700,
          c_min: 20,
          c_mean: 100.25,
          c_max: 620,
          valid_hours: 700,
          expected_hours: 744,
          exceedances: 2,
          max_ratio_permille: 1240,
          missed: 2,
          notes: ["validity_below_threshold"],
        },
        {
          code: "nh3n",
          name: "氨氮",
          unit: "mg_l",
          basis: "manual",
          load_g: 45_500,
          readings: 1,
          c_min: 2,
          c_mean: 2,
          c_max: 2,
          valid_hours: 0,
          expected_hours: 0,
          exceedances: 0,
          max_ratio_permille: null,
          missed: 0,
          notes: ["no_flow_on_sampling_day"],
        },
      ],
    },
  ],
};

describe("LoadsTab", () => {
  it("tables the year's loads by month and parameter in kg or t with the discharge in m³", async () => {
    const calls = mockBackend({ water_monthly: () => monthly, water_loads: () => figures });
    const user = userEvent.setup();
    render(<LoadsTab today="2025-03-10" version={0} />);
    const rows = await screen.findAllByTestId("loads-row");
    expect(callsOf(calls, "water_monthly")[0]!.args).toEqual({ year: 2025, outfall: null });
    const cells = (r: HTMLElement) => within(r).getAllByRole("cell").map((c) => c.textContent);
    expect(cells(rows[0]!)).toEqual(["2025-01", "1,234.567", "45.500", "12,345.678"]);
    expect(cells(rows[1]!)).toEqual(["2025-02", "1,000.000", "—", "10,000.000"]);
    expect(screen.getByTestId("water-loads-table")).toHaveTextContent("2,234.567");
    await user.selectOptions(screen.getByTestId("loads-unit"), "t");
    expect(cells(screen.getAllByTestId("loads-row")[0]!)).toEqual(["2025-01", "1.234567", "0.0455", "12,345.678"]);
  });

  it("shows a month's detail per outfall with validity, exceedances, notes and the below-DL policy", async () => {
    const calls = mockBackend({ water_monthly: () => monthly, water_loads: () => figures });
    const user = userEvent.setup();
    render(<LoadsTab today="2025-03-10" version={0} />);
    await user.click(await screen.findByTestId("loads-month-2025-01"));
    const detail = await screen.findByTestId("loads-outfall-DW001");
    expect(callsOf(calls, "water_loads")[0]!.args).toEqual({ from: "2025-01-01", to: "2025-01-31" });
    expect(screen.getByTestId("loads-dl-policy")).toHaveTextContent("低于检出限的结果按检出限的一半计入排放量");
    const [cod, nh3n] = within(detail).getAllByTestId("loads-param-row");
    const cells = (r: HTMLElement) => within(r).getAllByRole("cell").map((c) => c.textContent);
    expect(cells(cod!)).toEqual([
      "cod · 化学需氧量",
      "在线监测",
      "1,234.567",
      "100.25 mg/L",
      "620",
      "700",
      "94.1%",
      "2（最高 1.240 ×）",
      "2",
      "部分日期在线数据有效率低于阈值",
    ]);
    expect(cells(nh3n!)[1]).toBe("手工监测");
    expect(cells(nh3n!)[6]).toBe("—");
    expect(cells(nh3n!)[9]).toBe("有采样日无流量记录，该次采样不计入");
    expect(detail).toHaveTextContent("排水 12,345.678 m³，排水 31 天");
  });
});
