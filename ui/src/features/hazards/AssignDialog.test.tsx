import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { AssignDialog } from "./AssignDialog";
import { board, hazard, inspector, worker } from "./testData";

describe("AssignDialog", () => {
  it("a major hazard is assigned only with its 五到位 plan", async () => {
    const major = board[0]!;
    const calls = mockBackend({
      list_users: () => [inspector, worker],
      hazard_assign: () => ({ ...major, status: "assigned" }),
    });
    const user = userEvent.setup();
    const done: string[] = [];
    render(<AssignDialog hazard={major} today="2026-03-10" onDone={(h) => done.push(h.status)} onClose={() => {}} />);
    await user.selectOptions(await screen.findByTestId("hazard-assign-assignee"), worker.user_id);
    await user.type(screen.getByTestId("hazard-assign-department"), "冲压车间");
    await user.type(screen.getByTestId("hazard-assign-deadline"), "2026-04-30");
    await user.type(screen.getByTestId("hazard-assign-measures"), "更换光电保护器");
    await user.click(screen.getByTestId("hazard-assign-submit"));
    expect(await screen.findByTestId("error-funds")).toBeInTheDocument();
    expect(screen.getByTestId("error-contingency")).toBeInTheDocument();
    expect(callsOf(calls, "hazard_assign")).toHaveLength(0);
    await user.type(screen.getByTestId("hazard-assign-funds"), "2 万元，备件已到");
    await user.type(screen.getByTestId("hazard-assign-contingency"), "停机挂牌，专人监护");
    await user.click(screen.getByTestId("hazard-assign-submit"));
    expect(callsOf(calls, "hazard_assign")[0]!.args).toEqual({
      hazard: major.id,
      input: {
        assignee: worker.user_id,
        department: "冲压车间",
        deadline: "2026-04-30",
        measures: "更换光电保护器",
        plan: { funds: "2 万元，备件已到", contingency: "停机挂牌，专人监护", goal: "" },
      },
    });
    expect(done).toEqual(["assigned"]);
  });

  it("a general hazard goes without a plan; a past deadline is refused in the form", async () => {
    const general = hazard({ number: "YH-2026-0009" });
    const calls = mockBackend({ list_users: () => [worker], hazard_assign: () => ({ ...general, status: "assigned" }) });
    const user = userEvent.setup();
    render(<AssignDialog hazard={general} today="2026-03-10" onDone={() => {}} onClose={() => {}} />);
    await user.selectOptions(await screen.findByTestId("hazard-assign-assignee"), worker.user_id);
    await user.type(screen.getByTestId("hazard-assign-department"), "设备部");
    await user.type(screen.getByTestId("hazard-assign-deadline"), "2026-03-09");
    await user.type(screen.getByTestId("hazard-assign-measures"), "紧固");
    await user.click(screen.getByTestId("hazard-assign-submit"));
    expect(await screen.findByTestId("error-deadline")).toHaveTextContent("期限不能早于今天");
    await user.clear(screen.getByTestId("hazard-assign-deadline"));
    await user.type(screen.getByTestId("hazard-assign-deadline"), "2026-03-12");
    await user.click(screen.getByTestId("hazard-assign-submit"));
    expect((callsOf(calls, "hazard_assign")[0]!.args.input as { plan: unknown }).plan).toBeNull();
  });
});
