import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { DueRound, NewRound, RoundQuery, RoundSummary, Template } from "../../ipc/api";
import { InspectionsTab } from "./InspectionsTab";
import { inspector, scales } from "./testData";

const template: Template = { id: "t-1", name: "车间周检", kind: "weekly", items: ["消防通道畅通", "灭火器在有效期内"], version: 1 };
const due = (due_on: string, area: string): DueRound => ({
  schedule_id: `s-${area}`,
  template_id: "t-1",
  template_name: "车间周检",
  kind: "weekly",
  area,
  due_on,
  overdue: due_on < "2026-03-10",
  inspector_name: "张三",
});
const summary: RoundSummary = {
  id: "r-1",
  template_id: "t-1",
  template_name: "车间周检",
  template_version: 1,
  kind: "weekly",
  schedule_id: "s-冲压车间",
  due_on: "2026-03-02",
  area: "冲压车间",
  done_at_local: "2026-03-10 10:00",
  local_date: "2026-03-10",
  inspector: "u-zhang",
  inspector_name: "张三",
  items: 2,
  passed: 1,
  failed: 1,
  not_applicable: 0,
  hazards: ["YH-20260310-001"],
};

function backend() {
  return mockBackend({
    inspection_templates: () => [template],
    inspection_schedules: () => [],
    inspection_due: () => [due("2026-03-02", "冲压车间"), due("2026-03-10", "仓库"), due("2026-03-14", "涂装车间")],
    inspection_round_record: () => ({ round_id: "r-1", hazards: [{ item_no: 1, hazard_id: "h-1", number: "YH-20260310-001" }] }),
    inspection_rounds: () => [summary],
    inspection_report_pdf: () => "/exports/隐患排查记录-冲压车间-2026-03-10-1000.pdf",
    inspection_rounds_xlsx: () => "/exports/巡检记录-SZ01-2026-03-10.xlsx",
  });
}

describe("InspectionsTab", () => {
  it("highlights overdue and today's rounds, and a started round records and names the hazards it raised", async () => {
    const calls = backend();
    const user = userEvent.setup();
    const changed: number[] = [];
    render(<InspectionsTab session={inspector} today="2026-03-10" version={0} scales={scales} onChanged={() => changed.push(1)} />);
    const overdue = await screen.findByTestId("due-2026-03-02-冲压车间");
    expect(overdue).toHaveClass("inspection-due--overdue");
    expect(within(overdue).getByTestId("due-overdue")).toHaveTextContent("逾期 8 天");
    expect(screen.getByTestId("due-2026-03-10-仓库")).toHaveClass("inspection-due--today");
    expect(within(screen.getByTestId("due-2026-03-10-仓库")).getByTestId("due-today")).toHaveTextContent("今天");
    expect(screen.getByTestId("due-2026-03-14-涂装车间")).toHaveClass("inspection-due--coming");
    expect(callsOf(calls, "inspection_due")[0]!.args).toEqual({ ahead: 7 });

    await user.click(screen.getByTestId("due-start-2026-03-02-冲压车间"));
    await user.click(await screen.findByTestId("round-item-1-fail"));
    await user.type(screen.getByTestId("item-1-note"), "堆放纸箱");
    await user.click(screen.getByTestId("round-item-2-pass"));
    await user.click(screen.getByTestId("round-submit"));
    expect(await screen.findByTestId("round-recorded")).toHaveTextContent("登记隐患 1 项：YH-20260310-001");
    const input = callsOf(calls, "inspection_round_record")[0]!.args.input as NewRound;
    expect([input.schedule_id, input.due_on]).toEqual(["s-冲压车间", "2026-03-02"]);
    expect(changed).toHaveLength(1);
  });

  it("lists the rounds with their findings and writes the record PDF and the workbook", async () => {
    const calls = backend();
    const user = userEvent.setup();
    render(<InspectionsTab session={inspector} today="2026-03-10" version={0} scales={scales} onChanged={() => {}} />);
    await user.click(screen.getByTestId("inspections-view-rounds"));
    const row = await screen.findByTestId("round-r-1");
    expect(row).toHaveTextContent("YH-20260310-001");
    expect(row).toHaveClass("inspection-round--findings");
    const q = callsOf(calls, "inspection_rounds")[0]!.args.query as RoundQuery;
    expect([q.from, q.to, q.with_findings]).toEqual(["2026-02-01", "2026-03-10", false]);
    await user.click(screen.getByTestId("round-pdf-r-1"));
    expect(await screen.findByTestId("rounds-saved-pdf")).toHaveTextContent("隐患排查记录-冲压车间-2026-03-10-1000.pdf");
    expect(callsOf(calls, "inspection_report_pdf")[0]!.args).toEqual({ round: "r-1", lang: "zh" });
    await user.selectOptions(screen.getByTestId("rounds-lang"), "en");
    await user.click(screen.getByTestId("rounds-xlsx"));
    await waitFor(() => expect(screen.getByTestId("rounds-saved-xlsx")).toHaveTextContent("巡检记录-SZ01-2026-03-10.xlsx"));
    const x = callsOf(calls, "inspection_rounds_xlsx")[0]!.args;
    expect([(x.query as RoundQuery).limit, x.lang]).toEqual([null, "en"]);
  });
});
