import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { GridTab, GRID_PAGE } from "./GridTab";
import { callsOf, mockHq } from "../../ipc/mockBackend";
import { decision, group, smallGrid, weekHistory } from "../../test/hq";
import type { Grid } from "../../ipc/api";

function Harness({ initial = "2026" }: { initial?: string }) {
  const [year, setYear] = useState(initial);
  return <GridTab group={group} year={year} onYear={setYear} />;
}

const gridBackend = (over: Parameters<typeof mockHq>[0] = {}) =>
  mockHq({ hq_grid: () => smallGrid(), hq_week_history: (a) => weekHistory(String(a.plant), String(a.week)), ...over });

describe("GridTab", () => {
  it("asks for the year's first page and draws one cell per plant-week with its state, marks and tooltip", async () => {
    const calls = gridBackend();
    render(<Harness />);
    const cell = await screen.findByTestId("hq-cell-SZ01-2026-W09");
    expect(callsOf(calls, "hq_grid")[0]!.args).toEqual({
      query: { year: 2026, segment_code: null, only: [], offset: 0, limit: GRID_PAGE },
    });
    expect(screen.getAllByTestId("hq-grid-row")).toHaveLength(2);
    const states = Object.fromEntries(
      ["SZ01-2026-W08", "SZ01-2026-W10", "SZ01-2026-W11", "WX02-2026-W08", "WX02-2026-W09", "WX02-2026-W10", "WX02-2026-W11"].map((id) => [
        id,
        screen.getByTestId(`hq-cell-${id}`).getAttribute("data-state"),
      ]),
    );
    expect(states).toEqual({
      "SZ01-2026-W08": "accepted",
      "SZ01-2026-W10": "received",
      "SZ01-2026-W11": "due",
      "WX02-2026-W08": "returned",
      "WX02-2026-W09": "missing",
      "WX02-2026-W10": "accepted",
      "WX02-2026-W11": "not_expected",
    });
    // Late and restated: the most serious mark is drawn, all are listed.
    expect(cell).toHaveAttribute("data-state", "received");
    expect(cell).toHaveAttribute("data-marks", "late restated");
    expect(cell).toHaveTextContent("L");
    expect(cell.getAttribute("title")).toContain("SZ01 2026-W09（2026-02-23 至 2026-03-01）");
    expect(cell.getAttribute("title")).toContain("迟交");
    expect(cell.getAttribute("title")).toContain("最新修订 r2，计入附录 r2");
    const broken = screen.getByTestId("hq-cell-WX02-2026-W10");
    expect(broken).toHaveAttribute("data-marks", "anchor_broken restated_after_review restated");
    expect(broken).toHaveTextContent("!");
    expect(screen.getByTestId("hq-cell-SZ01-2026-W08")).toHaveTextContent("");
    expect(screen.getByTestId("hq-cell-SZ01-2026-W08")).toHaveClass("hq-cell--accepted");
  });

  it("shows the counts over the whole filter as the core gives them", async () => {
    const counts = { expected: 41_200, received: 40_100, due: 950, missing: 37, late: 5, restated: 12, returned: 4, accepted: 39_000, anchor_broken: 1 };
    gridBackend({ hq_grid: () => ({ ...smallGrid(), counts, plants_total: 1000 }) });
    render(<Harness />);
    const bar = await screen.findByTestId("hq-grid-counts");
    expect(within(bar).getByText("缺报").closest("[data-count]")).toHaveAttribute("data-value", "37");
    expect(bar).toHaveTextContent("应报 41200 已收 40100 待报 950 缺报 37 迟交 5 重报 12 退回 4 已接受 39000 链断开 1 共 1000 家工厂");
    // 1,000 plants: five pages of 200.
    expect(screen.getByTestId("hq-grid-page")).toHaveTextContent("第 1 / 5 页");
  });

  it("filters by segment and by the 'only' chips, from the first page again", async () => {
    const calls = gridBackend({ hq_grid: () => ({ ...smallGrid(), plants_total: 450 }) });
    const user = userEvent.setup();
    render(<Harness />);
    await screen.findByTestId("hq-grid-counts");
    await user.click(screen.getByTestId("hq-grid-next"));
    await waitFor(() => expect(callsOf(calls, "hq_grid").at(-1)!.args).toMatchObject({ query: { offset: 200 } }));
    await user.click(screen.getByTestId("hq-grid-only-missing"));
    await user.click(screen.getByTestId("hq-grid-only-anchor_broken"));
    expect(screen.getByTestId("hq-grid-only-missing")).toHaveAttribute("aria-pressed", "true");
    await user.selectOptions(await screen.findByTestId("hq-grid-segment"), "CHEM");
    await waitFor(() =>
      expect(callsOf(calls, "hq_grid").at(-1)!.args).toEqual({
        query: { year: 2026, segment_code: "CHEM", only: ["missing", "anchor_broken"], offset: 0, limit: GRID_PAGE },
      }),
    );
    await user.clear(screen.getByTestId("hq-grid-year"));
    await user.type(screen.getByTestId("hq-grid-year"), "2025");
    await waitFor(() => expect(callsOf(calls, "hq_grid").at(-1)!.args).toMatchObject({ query: { year: 2025 } }));
  });

  it("opens the week's history beside the grid: revisions, decisions and a broken anchor with both hashes", async () => {
    const calls = gridBackend({
      hq_week_history: () =>
        weekHistory("WX02", "2026-W10", {
          decisions: [decision("accept", { revision: 1, comment: "核对无误" })],
        }),
    });
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(await screen.findByTestId("hq-cell-WX02-2026-W10"));
    const panel = await screen.findByTestId("hq-week-panel");
    expect(callsOf(calls, "hq_week_history")[0]!.args).toEqual({ plant: "WX02", week: "2026-W10" });
    expect(await within(panel).findByTestId("hq-revision-row")).toHaveTextContent("r1");
    expect(within(panel).getByTestId("hq-revision-row")).toHaveTextContent("c0ffee001122");
    expect(within(panel).getByTestId("hq-revision-row")).toHaveTextContent("a1b2 c3d4 e5f6 0718");
    const decisions = within(panel).getByTestId("hq-decisions").querySelectorAll("li");
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toHaveAttribute("data-action", "accept");
    expect(decisions[0]).toHaveTextContent("核对无误");
    expect(within(panel).getByTestId("hq-anchor-seq")).toHaveTextContent("4182");
    expect(within(panel).getByTestId("hq-anchor-held")).toHaveTextContent("9f2c4e1a7b3d5f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718");
    expect(within(panel).getByTestId("hq-anchor-now")).toHaveTextContent("0a1b2c3d4e5f60718293a4b5c6d7e8f9f2c4e1a7b3d5f60a1b2c3d4e5f60718");
    // Accepted: it can be reopened.
    expect(within(panel).getByTestId("hq-reopen")).toBeInTheDocument();
  });

  it("returns a week with the comment, shows the saved file and reloads the grid", async () => {
    let grid: Grid = smallGrid();
    const calls = gridBackend({
      hq_grid: () => grid,
      hq_return: (a) => {
        grid = smallGrid();
        grid.rows[0]!.cells[2] = { ...grid.rows[0]!.cells[2]!, state: "returned" };
        return [decision("return", { comment: String(a.comment) }), "/home/li/EHS-Ledger/exports/SZ01_2026-W10_r1.return.json"];
      },
    });
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(await screen.findByTestId("hq-cell-SZ01-2026-W10"));
    const panel = await screen.findByTestId("hq-week-panel");
    await user.type(within(panel).getByTestId("hq-return-comment"), "  危废产生量比上周高 10 倍，请核对 HW08  ");
    await user.click(within(panel).getByTestId("hq-return"));
    expect(await within(panel).findByTestId("hq-return-saved")).toHaveAttribute(
      "data-path",
      "/home/li/EHS-Ledger/exports/SZ01_2026-W10_r1.return.json",
    );
    expect(callsOf(calls, "hq_return")[0]!.args).toEqual({ plant: "SZ01", week: "2026-W10", comment: "危废产生量比上周高 10 倍，请核对 HW08" });
    await waitFor(() => expect(screen.getByTestId("hq-cell-SZ01-2026-W10")).toHaveAttribute("data-state", "returned"));
    expect(callsOf(calls, "hq_grid")).toHaveLength(2);
    expect(within(panel).getByTestId("hq-week-state")).toHaveTextContent("已退回");
  });

  it("refuses to return without a comment, and shows the core's refusal under the comment", async () => {
    const calls = gridBackend({
      hq_return: () => {
        throw { kind: "Invalid", message: "comment contains a control character", field: "comment" };
      },
    });
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(await screen.findByTestId("hq-cell-SZ01-2026-W10"));
    const panel = await screen.findByTestId("hq-week-panel");
    await user.click(within(panel).getByTestId("hq-return"));
    expect(within(panel).getByTestId("error-return_comment")).toHaveTextContent("请说明工厂需要检查或更正的内容");
    expect(callsOf(calls, "hq_return")).toHaveLength(0);
    await user.type(within(panel).getByTestId("hq-return-comment"), "x");
    await user.click(within(panel).getByTestId("hq-return"));
    expect(await within(panel).findByTestId("error-return_comment")).toHaveTextContent("不超过 2000 字");
    expect(within(panel).getByTestId("error-return_comment")).toHaveAttribute("title", "comment contains a control character");
    expect(within(panel).queryByTestId("hq-return-saved")).not.toBeInTheDocument();
  });

  it("accepts a week (optional comment) and shows a conflict from the core as the form's error", async () => {
    let conflict = false;
    const calls = gridBackend({
      hq_accept: (a) => {
        if (conflict) throw { kind: "Conflict", message: "SZ01 2026-W10 revision 1 is already accepted", field: null };
        return decision("accept", { comment: String(a.comment) });
      },
    });
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(await screen.findByTestId("hq-cell-SZ01-2026-W10"));
    const panel = await screen.findByTestId("hq-week-panel");
    await user.click(within(panel).getByTestId("hq-accept"));
    expect(await within(panel).findByTestId("hq-week-done")).toHaveTextContent("已接受此周数据");
    expect(callsOf(calls, "hq_accept")[0]!.args).toEqual({ plant: "SZ01", week: "2026-W10", comment: "" });
    conflict = true;
    await user.click(within(panel).getByTestId("hq-accept"));
    expect(await within(panel).findByTestId("hq-accept-error")).toHaveTextContent("与现有数据冲突：SZ01 2026-W10 revision 1 is already accepted");
  });

  it("asks for a comment before accepting a week whose anchor broke", async () => {
    const calls = gridBackend({ hq_accept: () => decision("accept") });
    const user = userEvent.setup();
    render(<Harness />);
    // WX02 W10 is accepted but restated after review and its anchor broke.
    await user.click(await screen.findByTestId("hq-cell-WX02-2026-W10"));
    const panel = await screen.findByTestId("hq-week-panel");
    await user.click(within(panel).getByTestId("hq-accept"));
    expect(within(panel).getByTestId("error-accept_comment")).toHaveTextContent("历史链已断开");
    expect(callsOf(calls, "hq_accept")).toHaveLength(0);
  });

  it("reopens an accepted week only with a reason", async () => {
    const calls = gridBackend({ hq_reopen: (a) => decision("reopen", { comment: String(a.reason) }) });
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(await screen.findByTestId("hq-cell-SZ01-2026-W08"));
    const panel = await screen.findByTestId("hq-week-panel");
    await user.click(within(panel).getByTestId("hq-reopen"));
    expect(within(panel).getByTestId("error-reopen_reason")).toHaveTextContent("请填写重新打开的原因");
    await user.type(within(panel).getByTestId("hq-reopen-reason"), "工厂来电更正");
    await user.click(within(panel).getByTestId("hq-reopen"));
    await waitFor(() => expect(callsOf(calls, "hq_reopen")[0]!.args).toEqual({ plant: "SZ01", week: "2026-W08", reason: "工厂来电更正" }));
  });

  it("has no actions for a week with nothing received", async () => {
    gridBackend();
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(await screen.findByTestId("hq-cell-WX02-2026-W09"));
    const panel = await screen.findByTestId("hq-week-panel");
    expect(within(panel).getByTestId("hq-week-nothing")).toBeInTheDocument();
    expect(within(panel).queryByTestId("hq-accept")).not.toBeInTheDocument();
    expect(within(panel).queryByTestId("hq-return")).not.toBeInTheDocument();
    await user.click(within(panel).getByTestId("hq-week-close"));
    expect(screen.queryByTestId("hq-week-panel")).not.toBeInTheDocument();
  });

  it("keeps a long page virtual: 200 plants, only the rows in view are drawn", async () => {
    const big = smallGrid();
    const row = big.rows[0]!;
    big.rows = Array.from({ length: GRID_PAGE }, (_, i) => ({ ...row, plant_code: `P${String(i).padStart(4, "0")}` }));
    big.plants_total = 1000;
    gridBackend({ hq_grid: () => big });
    render(<Harness />);
    await screen.findByTestId("hq-cell-P0000-2026-W08");
    const drawn = screen.getAllByTestId("hq-grid-row").length;
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(80);
    expect(screen.getByTestId("hq-grid")).toHaveAttribute("aria-rowcount", String(GRID_PAGE + 1));
  });

  it("loads nothing for a year that is not one", async () => {
    const calls = gridBackend();
    render(<Harness initial="20x6" />);
    expect(await screen.findByText("请填写 1900–2999 之间的四位年份")).toBeInTheDocument();
    expect(callsOf(calls, "hq_grid")).toHaveLength(0);
  });
});
