// A plant-week's decisions: a return says how its mail to the plant stands (pending, sent, failed
// with what to do, exported) or that it was not mailed because the plant has no e-mail; accept
// and reopen say nothing about mail.
import { describe, expect, it } from "vitest";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import i18n from "../../i18n";
import { WeekPanel } from "./WeekPanel";
import { callsOf, mockHq } from "../../ipc/mockBackend";
import { decision, regPlant, plants, smallGrid, weekHistory } from "../../test/hq";
import type { Decision } from "../../ipc/api";

const row = smallGrid().rows[0]!;
const cell = row.cells[2]!; // SZ01 2026-W10, received

function renderPanel(decisions: Decision[]) {
  const calls = mockHq({ hq_week_history: (a) => weekHistory(String(a.plant), String(a.week), { decisions }) });
  render(<WeekPanel row={row} cell={cell} timezone="Asia/Shanghai" onChanged={() => undefined} onClose={() => undefined} />);
  return calls;
}

const items = async () => {
  const list = await screen.findByTestId("hq-decisions");
  return Array.from(list.querySelectorAll("li"));
};

describe("a return's delivery", () => {
  const returns: Decision[] = [
    decision("return", { id: "d1", delivery: "pending", comment: "请核对 HW08" }),
    decision("return", { id: "d2", delivery: "sent" }),
    decision("return", { id: "d3", delivery: "failed" }),
    decision("return", { id: "d4", delivery: "exported" }),
    decision("return", { id: "d5", delivery: null }),
    decision("accept", { id: "d6" }),
  ];

  it("labels each state, says what to do when the mail failed, and when it was not mailed at all", async () => {
    renderPanel(returns);
    await screen.findByText("请核对 HW08");
    const li = await items();
    const delivery = li.map((l) => within(l).queryByTestId("hq-decision-delivery"));
    expect(delivery.map((d) => d?.getAttribute("data-delivery") ?? null)).toEqual(["pending", "sent", "failed", "exported", "none", null]);
    expect(delivery.map((d) => d?.textContent ?? null)).toEqual([
      "邮寄：待发送",
      "邮寄：已发送",
      "邮寄：发送失败请核对该工厂在登记册中的邮箱，然后在“设置 → 退回发件箱”中重试。",
      "邮寄：已导出",
      "未邮寄：该工厂未登记邮箱，请交付文件",
      null,
    ]);
  });

  it("words them in English", async () => {
    await act(() => i18n.changeLanguage("en"));
    renderPanel(returns);
    await screen.findByText("请核对 HW08");
    const li = await items();
    expect(li[2]).toHaveTextContent("Mail: failed");
    expect(li[2]).toHaveTextContent("retry in Settings → Returns outbox");
    expect(li[4]).toHaveTextContent("not mailed: the plant has no e-mail in the registry — hand over the file");
  });

  it("shows a new return as not mailed when the plant has no e-mail in the registry", async () => {
    const calls = mockHq({}, { plants: [regPlant("SZ01", { email: "" }), ...plants.slice(1)] });
    const user = userEvent.setup();
    render(<WeekPanel row={row} cell={cell} timezone="Asia/Shanghai" onChanged={() => undefined} onClose={() => undefined} />);
    await user.type(await screen.findByTestId("hq-return-comment"), "请核对 HW08");
    await user.click(screen.getByTestId("hq-return"));
    expect(await screen.findByTestId("hq-return-saved")).toHaveTextContent("SZ01_2026-W10_r1.return.json");
    const delivery = await screen.findByTestId("hq-decision-delivery");
    expect(delivery).toHaveAttribute("data-delivery", "none");
    expect(callsOf(calls, "hq_week_history").length).toBeGreaterThan(1);
  });
});
