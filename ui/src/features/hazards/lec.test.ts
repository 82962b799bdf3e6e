import { describe, expect, it } from "vitest";
import { milliText, previewLec } from "./lec";
import { monthGrid, shiftMonth } from "./calendar";
import { actionsFor } from "./actions";
import { board, closed, inspector, scales, worker } from "./testData";

describe("the live LEC preview", () => {
  it("computes D exactly and the grade from the band table (the domain vectors)", () => {
    const cases: [string, string, string, string, number, string][] = [
      ["6", "6", "7", "252", 2, "orange"],
      ["3", "6", "15", "270", 2, "orange"],
      ["1", "6", "15", "90", 3, "yellow"],
      ["6", "6", "3", "108", 3, "yellow"],
      ["10", "6", "15", "900", 1, "red"],
      ["0.5", "6", "1", "3", 5, "blue"],
      ["0.1", "0.5", "1", "0.05", 5, "blue"],
    ];
    for (const [l, e, c, d, grade, colour] of cases) {
      expect(previewLec(scales, l, e, c), `${l}×${e}×${c}`).toEqual({ d, grade, colour });
    }
    expect(previewLec(scales, "6", "", "7")).toBeNull();
    expect(previewLec(scales, "5", "6", "7")).toBeNull(); // 5 is not on the L scale
    expect(milliText(160_000)).toBe("160");
  });
});

describe("the board", () => {
  it("offers the steps of the state to this user (rectifier ≠ verifier, extend by managers)", () => {
    const [reg, assigned, rectified, verified] = board;
    expect(actionsFor(reg!, inspector, null)).toEqual(["assign"]); // major: no escalate
    expect(actionsFor(assigned!, worker, null)).toEqual(["rectify", "assign", "escalate"]);
    expect(actionsFor(assigned!, inspector, null)).toEqual(["assign", "escalate"]);
    expect(actionsFor(assigned!, { ...inspector, role: "plant_manager" }, null)).toEqual(["assign", "extend", "escalate"]);
    expect(actionsFor(rectified!, worker, worker.user_id)).toEqual(["escalate"]);
    expect(actionsFor(rectified!, inspector, worker.user_id)).toEqual(["verify", "escalate"]);
    expect(actionsFor(verified!, inspector, null)).toEqual(["close", "escalate"]);
    expect(actionsFor(closed[0]!, inspector, null)).toEqual([]);
    expect(actionsFor(reg!, { ...inspector, role: "hq_analyst" }, null)).toEqual([]);
  });
});

describe("the deadline calendar", () => {
  it("lays a month out in weeks from Monday", () => {
    const g = monthGrid("2026-03"); // 1 March 2026 is a Sunday
    expect(g[0]).toEqual([null, null, null, null, null, null, "2026-03-01"]);
    expect(g.at(-1)).toEqual(["2026-03-30", "2026-03-31", null, null, null, null, null]);
    expect(g.length).toBe(6);
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
  });
});
