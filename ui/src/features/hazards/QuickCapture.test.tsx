import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { NewHazard } from "../../ipc/api";
import { QuickCapture } from "./QuickCapture";
import { hazard, scales } from "./testData";

describe("QuickCapture", () => {
  it("shows D, the grade and its colour from the scales as L, E and C are picked", async () => {
    mockBackend({});
    const user = userEvent.setup();
    render(<QuickCapture scales={scales} onSaved={() => {}} />);
    const result = screen.getByTestId("capture-lec-result");
    expect(result).toHaveTextContent("选择 L、E、C 后显示 D 与风险等级");
    expect(screen.getByTestId("capture-lec-l")).toHaveTextContent("6 · 相当可能");
    await user.selectOptions(screen.getByTestId("capture-lec-l"), "6");
    await user.selectOptions(screen.getByTestId("capture-lec-e"), "6");
    await user.selectOptions(screen.getByTestId("capture-lec-c"), "7");
    expect(result).toHaveTextContent("D = 252 · 2 级 · 橙");
    expect(result).toHaveClass("hazard-grade--orange");
    await user.selectOptions(screen.getByTestId("capture-lec-c"), "15");
    expect(result).toHaveTextContent("D = 540 · 1 级 · 红");
    await user.selectOptions(screen.getByTestId("capture-lec-l"), "0.1");
    await user.selectOptions(screen.getByTestId("capture-lec-e"), "0.5");
    await user.selectOptions(screen.getByTestId("capture-lec-c"), "1");
    expect(result).toHaveTextContent("D = 0.05 · 5 级 · 蓝");
  });

  it("saves on Enter, keeps the area for the next capture and refuses L/E/C half picked", async () => {
    const calls = mockBackend({ hazard_register: () => hazard({ number: "YH-2026-0007" }) });
    const user = userEvent.setup();
    const saved: string[] = [];
    render(<QuickCapture scales={scales} onSaved={(h) => saved.push(h.number)} />);
    await user.type(screen.getByTestId("capture-area"), "冲压车间");
    await user.type(screen.getByTestId("capture-equipment"), "200T 冲床");
    await user.type(screen.getByTestId("capture-category"), "机械伤害");
    await user.type(screen.getByTestId("capture-description"), "光电保护装置失效");
    await user.selectOptions(screen.getByTestId("capture-lec-l"), "6");
    await user.type(screen.getByTestId("capture-category"), "{Enter}");
    expect(await screen.findByTestId("error-lec_e")).toHaveTextContent("L、E、C 须三项都选，或都不选");
    expect(callsOf(calls, "hazard_register")).toHaveLength(0);

    await user.selectOptions(screen.getByTestId("capture-lec-e"), "6");
    await user.selectOptions(screen.getByTestId("capture-lec-c"), "7");
    await user.selectOptions(screen.getByTestId("capture-level"), "major");
    await user.click(screen.getByTestId("capture-description"));
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(await screen.findByTestId("capture-saved")).toHaveTextContent("已登记 YH-2026-0007");
    const input = callsOf(calls, "hazard_register")[0]!.args.input as NewHazard;
    expect(input).toEqual({
      area: "冲压车间",
      equipment: "200T 冲床",
      description: "光电保护装置失效",
      category: "机械伤害",
      source: "daily",
      level: "major",
      lec: ["6", "6", "7"],
      found_at: null,
    });
    expect(saved).toEqual(["YH-2026-0007"]);
    expect(screen.getByTestId("capture-area")).toHaveValue("冲压车间");
    expect(screen.getByTestId("capture-equipment")).toHaveValue("");
    expect(screen.getByTestId("capture-equipment")).toHaveFocus();
    expect(screen.getByTestId("capture-lec-l")).toHaveValue("");
  });

  it("places the core's refusal under its field", async () => {
    mockBackend({
      hazard_register: () => {
        throw { kind: "Invalid", message: "area: too long", field: "area" };
      },
    });
    const user = userEvent.setup();
    render(<QuickCapture scales={scales} onSaved={() => {}} />);
    await user.type(screen.getByTestId("capture-area"), "x");
    await user.type(screen.getByTestId("capture-category"), "y");
    await user.type(screen.getByTestId("capture-description"), "z");
    await user.click(screen.getByTestId("capture-submit"));
    expect(await screen.findByTestId("error-area")).toHaveTextContent("area: too long");
  });
});
