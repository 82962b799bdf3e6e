import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type uPlot from "uplot";
import { useState } from "react";
import { SafetyTab } from "./SafetyTab";
import { safetyChartModel } from "./SafetyChart";
import { callsOf, mockHq } from "../../ipc/mockBackend";
import { safety } from "../../test/hq";
import { setLanguage } from "../../i18n";

// jsdom cannot draw: uPlot is a stand-in that keeps its options and data; its bar path builder
// says it was asked for.
const plots: { opts: uPlot.Options; data: (number | null)[][] }[] = [];
vi.mock("uplot", () => ({
  default: class {
    static tzDate = (d: Date) => d;
    static paths = { bars: () => "bars" };
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
  return <SafetyTab year={year} onYear={setYear} />;
}

describe("SafetyTab", () => {
  it("shows the group, each segment and the prior years exactly as the core's text, the rate as a ratio of sums", async () => {
    const calls = mockHq({ hq_safety: () => safety() });
    render(<Harness />);
    const group = await screen.findByTestId("hq-safety-hazards_found-group");
    expect(callsOf(calls, "hq_safety")[0]!.args).toEqual({ year: 2026 });
    expect(group.textContent).toBe("2435");
    expect(screen.getByTestId("hq-safety-hazards_found-ELEC").textContent).toBe("1500");
    expect(screen.getByTestId("hq-safety-hazards_found-CHEM").textContent).toBe("935");
    expect(screen.getByTestId("hq-safety-hazards_found-prior-1").textContent).toBe("2435");
    expect(screen.getByTestId("hq-safety-hazards_found-prior-1")).toHaveAttribute("title", "来源：2025 年 ESG 报告");
    expect(screen.getByTestId("hq-safety-hazards_found-prior-2").textContent).toBe("—");
    const headers = within(screen.getByTestId("hq-safety-table"))
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual(["指标", "汇总方式", "2026 集团合计", "电子制造1 / 2 家工厂", "化工材料1 / 1 家工厂", "2025", "2024"]);
    // The rate: the core's text with its counts — 2,434 of 2,435, not the segments' average (99.95).
    expect(screen.getByTestId("hq-safety-rate-group").textContent).toBe("99.96 %");
    expect(screen.getByTestId("hq-safety-rate-group-of").textContent).toBe("按期 2434 / 到期 2435");
    expect(screen.getByTestId("hq-safety-rate-ELEC").textContent).toBe("100.00 %");
    expect(screen.getByTestId("hq-safety-rate-CHEM").textContent).toBe("99.89 %");
    expect(screen.getByTestId("hq-safety-rate-prior-1").textContent).toBe("100.00 %");
    expect(screen.getByTestId("hq-safety-rate-prior-1")).toHaveAttribute("title", "来源：2025 年 ESG 报告");
    expect(screen.getByTestId("hq-safety-rate-prior-2").textContent).toBe("—");
    expect(screen.queryByTestId("hq-safety-rate-prior-2-of")).not.toBeInTheDocument();
    // The rate row sits right after the closed-on-time row, with its definition beside the number.
    const rows = within(screen.getByTestId("hq-safety-table")).getAllByRole("row");
    const at = rows.findIndex((r) => r.dataset.testid === "hq-safety-row-hazards_closed_on_time");
    expect(rows[at + 1]).toHaveAttribute("data-testid", "hq-safety-row-rate");
    const definition = screen.getByTestId("hq-safety-definition");
    expect(definition).toHaveTextContent("比率之和，不是各比率的平均");
    expect(definition).toHaveTextContent("closed_on <= deadline");
    expect(screen.getByTestId("hq-safety-row-rate")).toHaveTextContent("比率之和");
    // The stocks say how they add up.
    expect(screen.getByTestId("hq-safety-row-hazards_overdue_open")).toHaveTextContent("期末时点数之和");
    expect(screen.getByTestId("hq-safety-row-hazards_found")).toHaveTextContent("期内累计");
    expect(screen.getByTestId("hq-safety-reporting")).toHaveTextContent("报送隐患数据的工厂：2 / 3 家（边界内）");
  });

  it("draws found as bars and the rate as points per column: the group, then each segment", async () => {
    mockHq({ hq_safety: () => safety() });
    render(<Harness />);
    await screen.findByTestId("hq-safety-chart");
    await waitFor(() => expect(plots).toHaveLength(1));
    const { opts, data } = plots[0]!;
    expect(data).toEqual([
      [0, 1, 2],
      [2435, 1500, 935],
      [99.96, 100, 99.89],
    ]);
    expect(opts.series.map((s) => s.label)).toEqual(["集团 / 分部", "发现隐患数", "按期整改完成率 %"]);
    expect(opts.series[1]!.paths).toBe("bars");
    expect(opts.series[2]!.scale).toBe("pct");
    // The axis names the columns; the legend shows the rate as the core wrote it.
    const axis = opts.axes![0]!;
    expect((axis.values as (u: unknown, s: number[]) => string[])(null, [0, 1, 2])).toEqual(["集团合计", "电子制造", "化工材料"]);
    const legend = opts.series[2]!.value as (u: unknown, v: number | null, s: number, i: number | null) => string;
    expect(legend(null, 99.96, 2, 0)).toBe("99.96 %");
    expect(legend(null, null, 2, 1)).toBe("100.00");
  });

  it("builds the chart's model with no data as gaps", () => {
    const sv = safety();
    sv.rate.segments[1] = { closed_on_time: null, due: null, text: "—", source: "" };
    sv.rows[0]!.segments[1] = { exact: null, text: "—", source: "" };
    const m = safetyChartModel(sv, "en", "Group total");
    expect(m.labels).toEqual(["Group total", "Electronics", "Chemicals"]);
    expect(m.found).toEqual([2435, 1500, null]);
    expect(m.rate).toEqual([99.96, 100, null]);
    expect(m.rateText).toEqual(["99.96", "100.00", "—"]);
  });

  it("lists the plants behind the columns, filtered by segment, with the day their stocks stand at", async () => {
    mockHq({ hq_safety: () => safety() });
    const user = userEvent.setup();
    render(<Harness />);
    let rows = await screen.findAllByTestId("hq-safety-plant");
    expect(rows).toHaveLength(3);
    const cells = (r: HTMLElement) => within(r).getAllByRole("cell").map((c) => c.textContent);
    expect(cells(rows[0]!)).toEqual(["SZ01", "苏州一厂", "ELEC", "1500", "1498", "1500", "1500", "100.00", "0", "1", "—", "—", "—", "—", "2026-12-31"]);
    expect(cells(rows[1]!)).toContain("—");
    await user.selectOptions(screen.getByTestId("hq-safety-segment"), "CHEM");
    rows = screen.getAllByTestId("hq-safety-plant");
    expect(rows).toHaveLength(1);
    expect(cells(rows[0]!).slice(0, 8)).toEqual(["WX02", "无锡二厂", "CHEM", "935", "932", "935", "934", "99.89"]);
  });

  it("shows the notes and the definition in the UI language, and exports xlsx and PDF in it", async () => {
    const calls = mockHq({ hq_safety: () => safety() });
    const user = userEvent.setup();
    render(<Harness />);
    await screen.findByTestId("hq-safety-table");
    expect(screen.getByTestId("hq-safety-notes")).toHaveTextContent("2025 年数据取自以往报告");
    await user.click(screen.getByTestId("hq-safety-export-xlsx"));
    const saved = await screen.findByTestId("hq-safety-saved");
    expect(callsOf(calls, "hq_safety_export")[0]!.args).toEqual({ year: 2026, lang: "zh", format: "xlsx" });
    expect(saved).toHaveAttribute("data-path", "/home/analyst/EHS-Ledger/exports/safety_2026_zh.xlsx");
    await setLanguage("en");
    expect(await screen.findByText("2025 figures are the published figures entered at HQ.")).toBeInTheDocument();
    expect(screen.getByTestId("hq-safety-definition")).toHaveTextContent("a ratio of sums, never an average of rates");
    expect(screen.getByTestId("hq-safety-rate-group-of").textContent).toBe("2434 on time of 2435 due");
    expect(screen.getByTestId("hq-safety-row-hazards_found")).toHaveTextContent("Hazards found");
    await user.click(screen.getByTestId("hq-safety-export-pdf"));
    await waitFor(() =>
      expect(screen.getByTestId("hq-safety-saved")).toHaveAttribute("data-path", "/home/analyst/EHS-Ledger/exports/safety_2026_en.pdf"),
    );
    expect(callsOf(calls, "hq_safety_export")[1]!.args).toEqual({ year: 2026, lang: "en", format: "pdf" });
  });

  it("says why it shows nothing for a year typed wrong and asks again for a new year", async () => {
    const calls = mockHq({ hq_safety: (a) => safety({ year: Number(a.year) }) });
    const user = userEvent.setup();
    render(<Harness />);
    await screen.findByTestId("hq-safety-table");
    await user.clear(screen.getByTestId("hq-safety-year"));
    await user.type(screen.getByTestId("hq-safety-year"), "20");
    expect(screen.getByTestId("hq-safety-export-pdf")).toBeDisabled();
    expect(screen.getByText("请填写 1900–2999 之间的四位年份")).toBeInTheDocument();
    await user.type(screen.getByTestId("hq-safety-year"), "25");
    await waitFor(() => expect(callsOf(calls, "hq_safety").at(-1)!.args).toEqual({ year: 2025 }));
    expect(await screen.findByTestId("hq-safety")).toHaveAttribute("data-year", "2025");
  });
});
