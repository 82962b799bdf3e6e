import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ExceedancesTab } from "./ExceedancesTab";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { AppError, Exceedance } from "../../ipc/api";
import { hazard } from "../hazards/testData";

const x = (id: string, hazard_number: string | null): Exceedance => ({
  id,
  outfall_code: "DW001",
  param_code: "cod",
  interval: "sample",
  at_local: "2026-03-09 10:00",
  local_date: "2026-03-09",
  value: 130,
  bound: "upper",
  limit: "100",
  ratio_permille: 1300,
  found_at: "2026-03-09T02:05:00Z",
  hazard_number,
});

describe("ExceedancesTab: 转为整改隐患", () => {
  it("takes an exceedance up as a corrective action, shows the new hazard's number and disables the button", async () => {
    const calls = mockBackend({
      water_exceedances: () => [x("x1", "YH-20260308-001"), x("x2", null)],
      hazard_adopt_exceedance: () => hazard({ number: "YH-20260309-001", source: "exceedance", exceedance_id: "x2" }),
    });
    const user = userEvent.setup();
    let changed = 0;
    render(<ExceedancesTab today="2026-03-10" version={0} canAdopt onChanged={() => changed++} />);
    const adopted = await screen.findByTestId("exceedances-adopt-x1");
    expect(adopted).toBeDisabled();
    expect(adopted).toHaveTextContent("已转为 YH-20260308-001");
    const open = screen.getByTestId("exceedances-adopt-x2");
    expect(open).toBeEnabled();
    expect(open).toHaveTextContent("转为整改隐患");
    await user.click(open);
    await waitFor(() => expect(screen.getByTestId("exceedances-adopt-x2")).toHaveTextContent("已转为 YH-20260309-001"));
    expect(screen.getByTestId("exceedances-adopt-x2")).toBeDisabled();
    expect(callsOf(calls, "hazard_adopt_exceedance").map((c) => c.args)).toEqual([{ exceedanceId: "x2" }]);
    expect(changed).toBe(1);
  });

  it("shows the core's refusal, and only the number where the user may not adopt", async () => {
    const taken: AppError = {
      kind: "Conflict",
      message: "the exceedance is already hazard YH-20260309-002",
      field: null,
      key: "hazards.exceedance_already_hazard",
      params: { n: "YH-20260309-002" },
      context: [],
    };
    mockBackend({
      water_exceedances: () => [x("x1", "YH-20260308-001"), x("x2", null)],
      hazard_adopt_exceedance: () => {
        throw taken;
      },
    });
    const user = userEvent.setup();
    const { unmount } = render(<ExceedancesTab today="2026-03-10" version={0} canAdopt onChanged={() => {}} />);
    await user.click(await screen.findByTestId("exceedances-adopt-x2"));
    expect(await screen.findByTestId("exceedances-adopt-error")).toHaveTextContent("该超标记录已登记为隐患 YH-20260309-002");
    unmount();
    render(<ExceedancesTab today="2026-03-10" version={0} canAdopt={false} onChanged={() => {}} />);
    expect(await screen.findByTestId("exceedances-hazard-x1")).toHaveTextContent("YH-20260308-001");
    expect(screen.queryByTestId("exceedances-adopt-x2")).not.toBeInTheDocument();
  });
});
