import { describe, expect, it } from "vitest";
import { addWeeks, isWeek, lastClosedWeek, mondayOf, sundayOf, weekOf } from "./isoWeek";

describe("ISO weeks on plant-local dates", () => {
  it("numbers weeks by the ISO year (2024-12-30 is 2025-W01; 2026 has 53 weeks)", () => {
    expect(weekOf("2024-12-30")).toBe("2025-W01");
    expect(weekOf("2027-01-03")).toBe("2026-W53");
    expect(weekOf("2026-01-26")).toBe("2026-W05");
    expect(weekOf("2026-02-01")).toBe("2026-W05");
    expect(weekOf("2026-02-02")).toBe("2026-W06");
  });
  it("gives each week's Monday and Sunday", () => {
    expect([mondayOf("2026-W53"), sundayOf("2026-W53")]).toEqual(["2026-12-28", "2027-01-03"]);
    expect([mondayOf("2025-W01"), sundayOf("2025-W01")]).toEqual(["2024-12-30", "2025-01-05"]);
    expect([mondayOf("2026-W10"), sundayOf("2026-W10")]).toEqual(["2026-03-02", "2026-03-08"]);
  });
  it("steps across year ends, including week 53", () => {
    expect(addWeeks("2027-W01", -1)).toBe("2026-W53");
    expect(addWeeks("2026-W53", 1)).toBe("2027-W01");
    expect(addWeeks("2026-W01", -1)).toBe("2025-W52");
  });
  it("knows which weeks exist", () => {
    expect(isWeek("2026-W53")).toBe(true);
    expect(isWeek("2025-W53")).toBe(false);
    expect(isWeek("2026-W00")).toBe(false);
    expect(isWeek("2026-W1")).toBe(false);
  });
  it("defaults to the week before today's (the last closed week)", () => {
    expect(lastClosedWeek("2026-02-02")).toBe("2026-W05"); // Monday: last week just closed
    expect(lastClosedWeek("2026-02-08")).toBe("2026-W05"); // Sunday: this week is still open
    expect(lastClosedWeek("2027-01-04")).toBe("2026-W53");
  });
});
