import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { Board, HazardEvent, HazardQuery } from "../../ipc/api";
import { BoardTab } from "./BoardTab";
import { board, closed, inspector, worker } from "./testData";

const rectifiedBy = (actor: string): HazardEvent[] => [
  { seq: 1, kind: "assigned", at_local: "2026-03-10 10:00", actor: "u-zhang", actor_name: "张三", data: { measures: "更换" }, reason: null },
  { seq: 2, kind: "rectified", at_local: "2026-03-11 10:00", actor, actor_name: "李四", data: { note: "已更换" }, reason: null },
];

/** The core's board of the test hazards: per column its count (here one more than shown for
 * the assigned column, to page), overdue count and cards. */
function boardOf(extraAssigned = 0): Board {
  const all = [...board, ...closed];
  return {
    closed_since: "2026-02-09",
    columns: (["registered", "assigned", "rectified", "verified", "closed"] as const).map((status) => {
      const hazards = all.filter((h) => h.status === status);
      return {
        status,
        count: hazards.length + (status === "assigned" ? extraAssigned : 0),
        overdue: hazards.filter((h) => h.overdue).length,
        hazards,
      };
    }),
  };
}

function backend(history: HazardEvent[] = [], extraAssigned = 0) {
  return mockBackend({
    hazard_board: () => boardOf(extraAssigned),
    hazard_history: () => history,
    hazard_photos: () => [],
    hazard_verify: (a) => ({ ...board[2]!, status: a.pass ? "verified" : "assigned" }),
  });
}

describe("BoardTab", () => {
  it("groups the hazards by status in columns, cards coloured by grade with the major and overdue badges", async () => {
    const calls = backend();
    render(<BoardTab session={inspector} today="2026-03-10" version={0} onChanged={() => {}} />);
    const reg = await screen.findByTestId("hazard-column-registered");
    const queries = callsOf(calls, "hazard_board").map((c) => c.args.query as HazardQuery);
    expect(queries.map((q) => q.limit)).toEqual([50]);
    expect(within(reg).getByTestId("hazard-card-YH-2026-0001")).toHaveAttribute("data-colour", "red");
    expect(within(reg).getByTestId("hazard-major")).toHaveTextContent("重大");
    const assigned = within(screen.getByTestId("hazard-column-assigned")).getByTestId("hazard-card-YH-2026-0002");
    expect(assigned).toHaveAttribute("data-colour", "orange");
    expect(assigned).toHaveClass("hazard-card--orange");
    expect(within(assigned).getByTestId("hazard-overdue")).toHaveTextContent("逾期");
    expect(assigned).toHaveTextContent("期限 2026-03-05");
    expect(within(screen.getByTestId("hazard-column-rectified")).getByTestId("hazard-card-YH-2026-0003")).toHaveAttribute("data-colour", "yellow");
    expect(within(screen.getByTestId("hazard-column-verified")).getByTestId("hazard-card-YH-2026-0004")).toHaveAttribute("data-colour", "blue");
    expect(within(screen.getByTestId("hazard-column-closed")).getByTestId("hazard-card-YH-2026-0005")).toHaveAttribute("data-colour", "none");
    expect(screen.getByTestId("hazard-column-closed")).toHaveTextContent("近期销号");
    expect(screen.getByTestId("hazard-column-closed")).toHaveTextContent("2026-02-09 至今");
    expect(screen.getByTestId("hazard-column-overdue-assigned")).toHaveTextContent("逾期 1");
  });

  // Guards the paging: a column's header counts every hazard in it, the cards are the first
  // page, and "show more" asks the core for a longer page rather than loading everything.
  it("counts the whole column and pages it on request", async () => {
    const calls = backend([], 120);
    const user = userEvent.setup();
    render(<BoardTab session={inspector} today="2026-03-10" version={0} onChanged={() => {}} />);
    const count = await screen.findByTestId("hazard-column-count-assigned");
    expect(count).toHaveTextContent("121");
    expect(screen.getByTestId("hazard-column-assigned")).toHaveTextContent("显示 1 / 121");
    await user.click(screen.getByTestId("hazard-column-more-assigned"));
    await screen.findByTestId("hazard-column-count-assigned");
    expect(callsOf(calls, "hazard_board").map((c) => (c.args.query as HazardQuery).limit)).toEqual([50, 100]);
  });

  it("opens the detail with its history, its photos and only the steps allowed to this user", async () => {
    backend(rectifiedBy(worker.user_id));
    const user = userEvent.setup();
    render(<BoardTab session={worker} today="2026-03-10" version={0} onChanged={() => {}} />);
    await user.click(await screen.findByTestId("hazard-card-YH-2026-0003"));
    const detail = screen.getByTestId("hazard-detail");
    expect(await within(detail).findAllByTestId("hazard-history-event")).toHaveLength(2);
    expect(within(detail).getByTestId("hazard-photos")).toBeInTheDocument();
    // The rectifier does not verify their own work.
    expect(within(detail).queryByTestId("hazard-action-verify")).not.toBeInTheDocument();
    expect(within(detail).getByTestId("hazard-action-escalate")).toBeInTheDocument();
  });

  it("a failed verification requires the reason before anything is sent", async () => {
    const calls = backend(rectifiedBy(worker.user_id));
    const user = userEvent.setup();
    const changed: number[] = [];
    render(<BoardTab session={inspector} today="2026-03-10" version={0} onChanged={() => changed.push(1)} />);
    await user.click(await screen.findByTestId("hazard-card-YH-2026-0003"));
    await user.click(await screen.findByTestId("hazard-action-verify"));
    await user.click(screen.getByTestId("hazard-verify-fail"));
    await user.click(screen.getByTestId("hazard-verify-submit"));
    expect(await screen.findByTestId("error-note")).toHaveTextContent("验收不通过须写明原因");
    expect(callsOf(calls, "hazard_verify")).toHaveLength(0);
    await user.type(screen.getByTestId("hazard-verify-text"), "双手按钮未接线");
    await user.click(screen.getByTestId("hazard-verify-submit"));
    expect(callsOf(calls, "hazard_verify")[0]!.args).toEqual({ hazard: "id-YH-2026-0003", pass: false, note: "双手按钮未接线" });
    expect(screen.queryByTestId("hazard-verify-dialog")).not.toBeInTheDocument();
    expect(changed).toHaveLength(1);
  });

  it("a passed verification needs no note", async () => {
    const calls = backend(rectifiedBy(worker.user_id));
    const user = userEvent.setup();
    render(<BoardTab session={inspector} today="2026-03-10" version={0} onChanged={() => {}} />);
    await user.click(await screen.findByTestId("hazard-card-YH-2026-0003"));
    await user.click(await screen.findByTestId("hazard-action-verify"));
    await user.click(screen.getByTestId("hazard-verify-submit"));
    expect(callsOf(calls, "hazard_verify")[0]!.args).toEqual({ hazard: "id-YH-2026-0003", pass: true, note: "" });
  });
});
