import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { AppendixTab } from "./AppendixTab";
import { callsOf, mockHq } from "../../ipc/mockBackend";
import { appendix, drillRows } from "../../test/hq";
import { setLanguage } from "../../i18n";

function Harness() {
  const [year, setYear] = useState("2026");
  return <AppendixTab year={year} onYear={setYear} />;
}

describe("AppendixTab", () => {
  it("shows every figure exactly as the core's text, per segment and for the two prior years, with its source", async () => {
    const calls = mockHq({ hq_appendix: () => appendix() });
    render(<Harness />);
    const group = await screen.findByTestId("hq-fig-hw_generated_g-group");
    expect(callsOf(calls, "hq_appendix")[0]!.args).toEqual({ year: 2026, view: "all" });
    expect(group.textContent).toBe("94.42");
    expect(group).toHaveAttribute("title", "来源：工厂周数据包");
    expect(screen.getByTestId("hq-fig-hw_generated_g-ELEC").textContent).toBe("60.21");
    expect(screen.getByTestId("hq-fig-hw_generated_g-CHEM").textContent).toBe("34.21");
    expect(screen.getByTestId("hq-fig-hw_generated_g-prior-1").textContent).toBe("90.12");
    expect(screen.getByTestId("hq-fig-hw_generated_g-prior-1")).toHaveAttribute("title", "来源：2025 年 ESG 报告第 88 页");
    expect(screen.getByTestId("hq-fig-hw_generated_g-prior-2").textContent).toBe("—");
    // Trailing zeros and no thousands separator: the text is the core's, never re-formatted.
    expect(screen.getByTestId("hq-fig-nhw_generated_g-group").textContent).toBe("1203.47");
    expect(screen.getByTestId("hq-fig-nhw_generated_g-prior-1").textContent).toBe("1188.00");
    const table = screen.getByTestId("hq-appendix-table");
    const headers = within(table).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["指标", "单位", "披露项", "2026 集团合计", "电子制造", "化工材料", "2025", "2024"]);
    const row = screen.getByTestId("hq-appendix-row-hw_generated_g");
    expect(row).toHaveTextContent("危险废物产生量");
    expect(row).toHaveTextContent("HKEX A1.3 / GRI 306-3");
  });

  it("marks a reconciliation: ±1 as rounding, beyond tolerance in red", async () => {
    mockHq({ hq_appendix: () => appendix() });
    render(<Harness />);
    const ok = await screen.findByTestId("hq-recon-nhw_generated_g");
    expect(ok).toHaveTextContent("±1");
    expect(ok).not.toHaveClass("hq-recon--bad");
    expect(ok).toHaveAttribute("title", "各板块取整后合计 1203.46，集团合计 1203.47，相差末位 1：属四舍五入差异");
    const bad = screen.getByTestId("hq-recon-hw_shipped_disposal_g");
    expect(bad).toHaveTextContent("±5");
    expect(bad).toHaveClass("hq-recon--bad");
    expect(screen.queryByTestId("hq-recon-hw_generated_g")).not.toBeInTheDocument();
  });

  it("shows intensities with their denominators, the coverage and the notes in the UI language", async () => {
    mockHq({ hq_appendix: () => appendix() });
    render(<Harness />);
    const intensity = await screen.findByTestId("hq-intensity-hw_per_fte");
    expect(intensity).toHaveTextContent("人均危险废物产生量");
    expect(intensity).toHaveTextContent("kg/人");
    expect(intensity).toHaveTextContent("7.868");
    expect(intensity).toHaveTextContent("12000 名全职员工（12 月 31 日在册）");
    expect(screen.getByTestId("hq-appendix-coverage")).toHaveTextContent(
      "数据覆盖：3 家工厂，应报 104 个工厂周，已收 100，已接受 96，缺报 2，退回 1，历史链断开 1。",
    );
    expect(screen.getByTestId("hq-appendix-notes")).toHaveTextContent("南京三厂自 2026-03-01 起纳入边界。");
    await setLanguage("en");
    expect(await screen.findByText("Nanjing plant 3 is inside the boundary from 2026-03-01.")).toBeInTheDocument();
    expect(screen.getByTestId("hq-appendix-row-hw_generated_g")).toHaveTextContent("Hazardous waste generated");
  });

  it("drills into a segment's figure and into the group total", async () => {
    const calls = mockHq({ hq_appendix: () => appendix(), hq_drill: () => drillRows });
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(await screen.findByTestId("hq-fig-hw_generated_g-ELEC"));
    const drill = await screen.findByTestId("hq-drill");
    expect(callsOf(calls, "hq_drill")[0]!.args).toEqual({ year: 2026, key: "hw_generated_g", segment: "ELEC" });
    expect(drill).toHaveTextContent("数据明细：危险废物产生量 · 电子制造 · 2026");
    const rows = await within(drill).findAllByTestId("hq-drill-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("SZ01");
    expect(rows[0]).toHaveTextContent("2026-W01");
    expect(rows[0]).toHaveTextContent("2026-01");
    expect(rows[0]).toHaveTextContent("r1");
    expect(rows[0]).toHaveTextContent("是");
    expect(rows[0]).toHaveTextContent("1.2505");
    expect(rows[1]).toHaveTextContent("否");
    expect(within(drill).getByText("共 2 条")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("hq-drill")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("hq-fig-hw_generated_g-group"));
    await waitFor(() => expect(callsOf(calls, "hq_drill")[1]!.args).toEqual({ year: 2026, key: "hw_generated_g", segment: null }));
    expect(screen.getByTestId("hq-drill")).toHaveTextContent("危险废物产生量 · 集团合计 · 2026");
  });

  it("exports xlsx and PDF in the UI language and shows the saved path; changes the view", async () => {
    const calls = mockHq({ hq_appendix: (a) => appendix({ view: a.view as "all" }) });
    const user = userEvent.setup();
    render(<Harness />);
    await screen.findByTestId("hq-appendix-table");
    await user.click(screen.getByTestId("hq-appendix-export-xlsx"));
    const saved = await screen.findByTestId("hq-appendix-saved");
    expect(callsOf(calls, "hq_appendix_export")[0]!.args).toEqual({ year: 2026, view: "all", lang: "zh", format: "xlsx" });
    expect(saved).toHaveAttribute("data-path", "/home/analyst/EHS-Ledger/exports/KPI-appendix_2026_all_zh.xlsx");
    await user.selectOptions(screen.getByTestId("hq-appendix-view"), "gri");
    await waitFor(() => expect(callsOf(calls, "hq_appendix").at(-1)!.args).toEqual({ year: 2026, view: "gri" }));
    await setLanguage("en");
    await user.click(screen.getByTestId("hq-appendix-export-pdf"));
    await waitFor(() =>
      expect(screen.getByTestId("hq-appendix-saved")).toHaveAttribute("data-path", "/home/analyst/EHS-Ledger/exports/KPI-appendix_2026_gri_en.pdf"),
    );
    expect(callsOf(calls, "hq_appendix_export")[1]!.args).toEqual({ year: 2026, view: "gri", lang: "en", format: "pdf" });
  });
});
