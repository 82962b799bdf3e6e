import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { HazardExport, HazardQuery } from "../../ipc/api";
import { BoardTab } from "./BoardTab";
import { CalendarTab } from "./CalendarTab";
import { MyTasksTab } from "./MyTasksTab";
import { board, closed, hazard, inspector, worker } from "./testData";

describe("CalendarTab", () => {
  it("asks the core for the month shown only (the deadline range) and again for the next month", async () => {
    const calls = mockBackend({
      hazard_list: (a) => {
        const q = a.query as HazardQuery;
        return q.deadline_from === "2026-03-01"
          ? [hazard({ number: "YH-2026-0002", status: "assigned", deadline: "2026-03-05", overdue: true })]
          : [hazard({ number: "YH-2026-0008", status: "assigned", deadline: "2026-04-02" })];
      },
    });
    const user = userEvent.setup();
    render(<CalendarTab session={inspector} today="2026-03-10" version={0} onChanged={() => {}} />);
    expect(await screen.findByTestId("calendar-hazard-YH-2026-0002")).toHaveAttribute("data-overdue", "true");
    const first = callsOf(calls, "hazard_list")[0]!.args.query as HazardQuery;
    expect([first.deadline_from, first.deadline_to, first.open_only, first.status]).toEqual(["2026-03-01", "2026-03-31", false, null]);
    await user.click(screen.getByTestId("calendar-next"));
    expect(await screen.findByTestId("calendar-hazard-YH-2026-0008")).toBeInTheDocument();
    const next = callsOf(calls, "hazard_list").at(-1)!.args.query as HazardQuery;
    expect([next.deadline_from, next.deadline_to]).toEqual(["2026-04-01", "2026-04-30"]);
    // February of a leap year ends on the 29th.
    fireEvent.change(screen.getByTestId("calendar-month"), { target: { value: "2028-02" } });
    await waitFor(() => {
      const q = callsOf(calls, "hazard_list").at(-1)!.args.query as HazardQuery;
      expect([q.deadline_from, q.deadline_to]).toEqual(["2028-02-01", "2028-02-29"]);
    });
  });
});

describe("Excel export of the hazards' lists", () => {
  it("exports the month shown, the whole register and my tasks, and shows where the file went", async () => {
    const calls = mockBackend({
      hazard_list: (a) => ((a.query as HazardQuery).status === "closed" ? closed : board),
      hazard_export_xlsx: (a) => `/home/ehs/Documents/EHS Ledger/hazards-${(a.what as HazardExport).kind}_SZ01_zh.xlsx`,
    });
    const user = userEvent.setup();
    const cal = render(<CalendarTab session={inspector} today="2026-03-10" version={0} onChanged={() => {}} />);
    await user.click(screen.getByTestId("hazard-calendar-export"));
    expect(await screen.findByTestId("hazard-calendar-export-saved")).toHaveTextContent("已保存到 /home/ehs/Documents/EHS Ledger/hazards-calendar_SZ01_zh.xlsx");
    expect(callsOf(calls, "hazard_export_xlsx")[0]!.args).toEqual({ what: { kind: "calendar", month: "2026-03" }, lang: "zh" });
    cal.unmount();

    const b = render(<BoardTab session={inspector} today="2026-03-10" version={0} onChanged={() => {}} />);
    await user.click(screen.getByTestId("hazard-board-export"));
    await screen.findByTestId("hazard-board-export-saved");
    const what = callsOf(calls, "hazard_export_xlsx")[1]!.args.what as HazardExport;
    expect(what.kind).toBe("list");
    const q = (what as { kind: "list"; query: HazardQuery }).query;
    expect([q.status, q.open_only, q.overdue_only, q.deadline_from, q.limit]).toEqual([null, false, false, null, null]);
    b.unmount();

    render(<MyTasksTab session={worker} today="2026-03-10" version={0} onChanged={() => {}} />);
    await user.click(screen.getByTestId("hazard-tasks-export"));
    await screen.findByTestId("hazard-tasks-export-saved");
    expect(callsOf(calls, "hazard_export_xlsx")[2]!.args.what).toEqual({ kind: "my_tasks" });
  });
});
