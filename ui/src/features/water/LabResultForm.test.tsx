import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LabResultForm } from "./LabResultForm";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { outfall } from "./testData";

const saved = { batch_id: "b-1", accepted: 2, duplicates: 0, rejected: 0, rejections: {}, exceedances: 1 };

describe("LabResultForm", () => {
  it("has a row per parameter except flow, and sends 4L for a result below the detection limit", async () => {
    const calls = mockBackend({ water_sample_add: () => saved });
    const onSaved = vi.fn();
    const user = userEvent.setup();
    render(<LabResultForm outfalls={[outfall]} now="2025-12-02T09:30" onSaved={onSaved} />);
    expect(screen.getAllByTestId("lab-row")).toHaveLength(3); // cod, nh3n, pH — flow is the daily flow
    await user.type(screen.getByTestId("lab-lab"), "苏州环境检测中心");
    await user.type(screen.getByTestId("lab-value-cod"), "4L");
    await user.type(screen.getByTestId("lab-method-cod"), "HJ 828-2017");
    // Enter moves to the next value.
    await user.type(screen.getByTestId("lab-value-cod"), "{Enter}");
    expect(screen.getByTestId("lab-value-nh3n")).toHaveFocus();
    await user.keyboard("52.5");
    // Ctrl+Enter saves.
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(await screen.findByTestId("lab-saved")).toHaveTextContent("已保存 2 项结果，超标 1 项");
    expect(callsOf(calls, "water_sample_add")[0]!.args).toEqual({
      input: {
        outfall: "DW001",
        sampled_at: "2025-12-02T09:30",
        lab: "苏州环境检测中心",
        values: [
          { param: "cod", value: "4L", method: "HJ 828-2017" },
          { param: "nh3n", value: "52.5", method: "" },
        ],
      },
    });
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("lab-value-cod")).toHaveValue("");
  });

  it("refuses a value that is neither a number nor nL before calling the core", async () => {
    const calls = mockBackend({ water_sample_add: () => saved });
    const user = userEvent.setup();
    render(<LabResultForm outfalls={[outfall]} now="2025-12-02T09:30" onSaved={vi.fn()} />);
    await user.type(screen.getByTestId("lab-value-cod"), "<4");
    await user.click(screen.getByTestId("lab-submit"));
    expect(screen.getByTestId("error-value-cod")).toHaveTextContent("低于检出限填 4L");
    expect(callsOf(calls, "water_sample_add")).toHaveLength(0);
  });
});
