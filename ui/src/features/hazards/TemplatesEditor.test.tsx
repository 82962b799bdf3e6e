import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { Template } from "../../ipc/api";
import { TemplatesEditor } from "./TemplatesEditor";

const weekly: Template = { id: "t-1", name: "车间周检", kind: "weekly", items: ["消防通道畅通", "灭火器在有效期内", "电气柜门关闭"], version: 1 };
const itemValues = () =>
  screen.getAllByTestId(/^template-item-\d+$/).map((el) => (el as HTMLInputElement).value);

describe("TemplatesEditor", () => {
  it("edits a checklist's items (add with Enter, move, remove) and saves them as its next version", async () => {
    const calls = mockBackend({
      inspection_template_save: (a) => ({ ...weekly, id: "t-2", items: a.items as string[], version: 2 }),
    });
    const user = userEvent.setup();
    const saved: Template[] = [];
    render(<TemplatesEditor templates={[weekly]} canEdit onSaved={(t) => saved.push(t)} />);
    await user.click(screen.getByTestId("template-车间周检"));
    expect(itemValues()).toEqual(weekly.items);
    // Unchanged: nothing to save.
    expect(screen.getByTestId("template-save")).toBeDisabled();

    // Enter in item 1 opens a new item 2 with the focus in it.
    await user.click(screen.getByTestId("template-item-1"));
    await user.keyboard("{Enter}");
    expect(screen.getByTestId("template-item-2")).toHaveFocus();
    await user.keyboard("安全出口指示灯完好");
    expect(itemValues()).toEqual(["消防通道畅通", "安全出口指示灯完好", "灭火器在有效期内", "电气柜门关闭"]);
    // Move the last item up twice (a button, then Alt+↑), remove the first.
    await user.click(screen.getByTestId("template-item-4-up"));
    expect(screen.getByTestId("template-item-4-down")).toBeDisabled();
    expect(screen.getByTestId("template-item-1-up")).toBeDisabled();
    await user.click(screen.getByTestId("template-item-3"));
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    expect(itemValues()).toEqual(["消防通道畅通", "电气柜门关闭", "安全出口指示灯完好", "灭火器在有效期内"]);
    await user.click(screen.getByTestId("template-item-1-remove"));
    expect(itemValues()).toEqual(["电气柜门关闭", "安全出口指示灯完好", "灭火器在有效期内"]);

    await user.click(screen.getByTestId("template-save"));
    expect(await screen.findByTestId("template-saved")).toHaveTextContent("已保存 车间周检（第 2 版）");
    expect(callsOf(calls, "inspection_template_save")[0]!.args).toEqual({
      name: "车间周检",
      kind: "weekly",
      items: ["电气柜门关闭", "安全出口指示灯完好", "灭火器在有效期内"],
      supersedes: "t-1",
    });
    expect(saved.map((t) => t.version)).toEqual([2]);
  });

  it("a new checklist needs a name and an item; blank items are dropped; the core's refusal is shown", async () => {
    const calls = mockBackend({
      inspection_template_save: () => {
        throw { kind: "Invalid", message: "items: item 1 contains a control or invisible character", field: "items" };
      },
    });
    const user = userEvent.setup();
    render(<TemplatesEditor templates={[]} canEdit onSaved={() => {}} />);
    expect(screen.getByText("还没有检查表。")).toBeInTheDocument();
    await user.click(screen.getByTestId("template-new"));
    await user.click(screen.getByTestId("template-save"));
    expect(await screen.findByTestId("error-name")).toHaveTextContent("必填");
    expect(screen.getByTestId("error-items")).toHaveTextContent("检查表至少要有一个检查项目");
    expect(callsOf(calls, "inspection_template_save")).toHaveLength(0);

    await user.type(screen.getByTestId("template-name"), "节前检查");
    await user.selectOptions(screen.getByTestId("template-kind"), "holiday");
    await user.type(screen.getByTestId("template-item-1"), "门窗锁闭{Enter}{Enter}值班表已张贴");
    await user.click(screen.getByTestId("template-save"));
    expect(await screen.findByTestId("error-items")).toHaveTextContent("control or invisible character");
    expect(callsOf(calls, "inspection_template_save")[0]!.args).toEqual({
      name: "节前检查",
      kind: "holiday",
      items: ["门窗锁闭", "值班表已张贴"],
      supersedes: null,
    });
  });

  it("shows the checklists read-only to a user who may not edit them", async () => {
    mockBackend({});
    const user = userEvent.setup();
    render(<TemplatesEditor templates={[weekly]} canEdit={false} onSaved={() => {}} />);
    expect(screen.queryByTestId("template-new")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("template-车间周检"));
    expect(screen.getByTestId("template-item-1")).toHaveAttribute("readonly");
    expect(screen.queryByTestId("template-save")).not.toBeInTheDocument();
    expect(screen.queryByTestId("template-item-1-remove")).not.toBeInTheDocument();
  });
});
