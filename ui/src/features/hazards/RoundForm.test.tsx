import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { NewRound, RoundDone, Template } from "../../ipc/api";
import { RoundForm } from "./RoundForm";
import type { RoundTarget } from "./roundDraft";
import { scales } from "./testData";

const template: Template = {
  id: "t-2",
  name: "车间周检",
  kind: "weekly",
  items: ["消防通道畅通", "灭火器在有效期内", "电气柜门关闭"],
  version: 2,
};
const scheduled: RoundTarget = { template, scheduleId: "s-1", dueOn: "2026-03-09", area: "冲压车间" };
const raised: RoundDone = {
  round_id: "r-1",
  hazards: [{ item_no: 2, hazard_id: "h-7", number: "YH-20260310-007" }],
};

describe("RoundForm", () => {
  it("is answered from the keyboard: 1/2/3 pick and move on, a failed item opens its hazard's fields", async () => {
    const calls = mockBackend({ inspection_round_record: () => raised });
    const user = userEvent.setup();
    const done: RoundDone[] = [];
    render(<RoundForm target={scheduled} scales={scales} onDone={(d) => done.push(d)} onCancel={() => {}} />);
    expect(screen.getByTestId("round-form-due")).toHaveTextContent("计划日期 2026-03-09");
    expect(screen.getByTestId("round-form-area")).toHaveTextContent("冲压车间");

    screen.getByTestId("round-item-1-pass").focus();
    await user.keyboard("1");
    expect(screen.getByTestId("round-item-1-pass")).toBeChecked();
    await waitFor(() => expect(screen.getByTestId("round-item-2-pass")).toHaveFocus());
    expect(screen.queryByTestId("item-2-finding")).not.toBeInTheDocument();
    await user.keyboard("f");
    expect(screen.getByTestId("round-item-2-fail")).toBeChecked();
    const finding = screen.getByTestId("item-2-finding");
    await waitFor(() => expect(screen.getByTestId("item-2-note")).toHaveFocus());
    await user.keyboard("压力表指针在红区");
    await user.type(within(finding).getByTestId("item-2-location"), "2 号门旁");
    await user.selectOptions(within(finding).getByTestId("item-2-level"), "major");
    await user.selectOptions(within(finding).getByTestId("item-2-lec-l"), "6");
    await user.selectOptions(within(finding).getByTestId("item-2-lec-e"), "6");
    await user.selectOptions(within(finding).getByTestId("item-2-lec-c"), "7");
    expect(within(finding).getByTestId("item-2-lec-result")).toHaveTextContent("D = 252 · 2 级 · 橙");
    screen.getByTestId("round-item-3-pass").focus();
    await user.keyboard("3");
    expect(screen.getByTestId("round-item-3-na")).toBeChecked();
    expect(screen.getByTestId("round-counts")).toHaveTextContent("合格 1 · 不合格 1 · 不适用 1 · 未检 0");

    await user.click(screen.getByTestId("round-submit"));
    await waitFor(() => expect(done).toEqual([raised]));
    const input = callsOf(calls, "inspection_round_record")[0]!.args.input as NewRound;
    expect(input).toEqual({
      schedule_id: "s-1",
      due_on: "2026-03-09",
      template_id: null,
      area: null,
      items: [
        { item: "消防通道畅通", result: "pass", note: "", finding: null },
        {
          item: "灭火器在有效期内",
          result: "fail",
          note: "压力表指针在红区",
          finding: { location: "2 号门旁", description: "", category: "", level: "major", lec: ["6", "6", "7"] },
        },
        { item: "电气柜门关闭", result: "na", note: "", finding: null },
      ],
    });
  });

  it("refuses to send until every item is answered, a failed item says what was found and L/E/C are all or none", async () => {
    const calls = mockBackend({ inspection_round_record: () => raised });
    const user = userEvent.setup();
    render(<RoundForm target={scheduled} scales={scales} onDone={() => {}} onCancel={() => {}} />);
    await user.click(screen.getByTestId("round-item-2-fail"));
    await user.selectOptions(screen.getByTestId("item-2-lec-l"), "6");
    await user.click(screen.getByTestId("round-submit"));
    expect(await screen.findByTestId("error-item-1-result")).toHaveTextContent("请选择：合格、不合格或不适用");
    expect(screen.getByTestId("error-item-3-result")).toBeInTheDocument();
    expect(screen.getByTestId("error-item-2-note")).toHaveTextContent("不合格项须写明发现的问题");
    expect(screen.getByTestId("error-item-2-lec")).toHaveTextContent("L、E、C 须三项都选，或都不选");
    expect(callsOf(calls, "inspection_round_record")).toHaveLength(0);

    // "All others pass" answers only the open items; the failed one stays failed.
    await user.click(screen.getByTestId("round-all-pass"));
    expect(screen.getByTestId("round-item-1-pass")).toBeChecked();
    expect(screen.getByTestId("round-item-2-fail")).toBeChecked();
    expect(screen.getByTestId("round-item-3-pass")).toBeChecked();
  });

  it("an unscheduled round names its area; photos go to the hazard each failed item became, a refused one is named", async () => {
    const calls = mockBackend({
      inspection_round_record: () => raised,
      hazard_photo_add: (a) => {
        const h = a.headers as Record<string, string>;
        if (decodeURIComponent(h["x-hazard"] ?? "") !== "h-7" || h["x-photo-stage"] !== "before") throw "wrong hazard";
        if ((a.body as number[]).length < 5) throw { kind: "Invalid", message: "not a JPEG, PNG or WebP image", field: "file" };
        return {};
      },
    });
    const user = userEvent.setup();
    const results: [RoundDone, string[]][] = [];
    const target: RoundTarget = { template, scheduleId: null, dueOn: null, area: "" };
    render(<RoundForm target={target} scales={scales} onDone={(d, e) => results.push([d, e])} onCancel={() => {}} />);
    expect(screen.getByTestId("round-form-due")).toHaveTextContent("计划外检查");
    await user.click(screen.getByTestId("round-item-1-pass"));
    await user.click(screen.getByTestId("round-item-2-fail"));
    await user.type(screen.getByTestId("item-2-description"), "灭火器压力不足");
    await user.click(screen.getByTestId("round-item-3-pass"));
    const good = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], "door.jpg", { type: "image/jpeg" });
    const bad = new File([new Uint8Array([1])], "bad.jpg", { type: "image/jpeg" });
    await user.upload(screen.getByTestId("item-2-photos"), [good, bad]);
    expect(screen.getByTestId("item-2-photo-1")).toHaveTextContent("door.jpg");
    expect(screen.getByTestId("item-2-photo-2")).toHaveTextContent("bad.jpg");

    await user.click(screen.getByTestId("round-submit"));
    expect(await screen.findByTestId("error-area")).toHaveTextContent("请填写检查区域");
    expect(callsOf(calls, "inspection_round_record")).toHaveLength(0);
    await user.type(screen.getByTestId("round-area"), "仓库");
    await user.click(screen.getByTestId("round-submit"));
    await waitFor(() => expect(results).toHaveLength(1));
    const input = callsOf(calls, "inspection_round_record")[0]!.args.input as NewRound;
    expect([input.schedule_id, input.template_id, input.area, input.due_on]).toEqual([null, "t-2", "仓库", null]);
    expect(input.items[1]!.finding?.description).toBe("灭火器压力不足");
    expect(callsOf(calls, "hazard_photo_add")).toHaveLength(2);
    const [, photoErrors] = results[0]!;
    expect(photoErrors).toHaveLength(1);
    expect(photoErrors[0]).toContain("YH-20260310-007 的照片 bad.jpg 未能保存");
  });
});
