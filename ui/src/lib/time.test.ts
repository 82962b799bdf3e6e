import { describe, expect, it } from "vitest";
import { defaultPeriod, displayLocal, localDateTimeIn, previousMonth, yearToDate } from "./time";

describe("localDateTimeIn", () => {
  it("renders the instant in the plant zone, not the computer's", () => {
    const at = new Date("2026-01-31T23:30:00Z");
    expect(localDateTimeIn("Asia/Shanghai", at)).toBe("2026-02-01T07:30");
    expect(localDateTimeIn("UTC", at)).toBe("2026-01-31T23:30");
    expect(localDateTimeIn("America/New_York", at)).toBe("2026-01-31T18:30");
  });
  it("uses 00 for midnight, not 24", () => {
    expect(localDateTimeIn("Asia/Shanghai", new Date("2026-03-01T16:00:00Z"))).toBe("2026-03-02T00:00");
  });
});

describe("displayLocal", () => {
  it("drops the T and seconds", () => {
    expect(displayLocal("2026-11-24T08:05:59")).toBe("2026-11-24 08:05");
    expect(displayLocal("odd")).toBe("odd");
  });
});

describe("periods", () => {
  it("gives the month so far, the whole previous month (across a year end and February) and the year so far", () => {
    expect(defaultPeriod("2026-11-24")).toEqual({ from: "2026-11-01", to: "2026-11-24" });
    expect(previousMonth("2026-11-24")).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(previousMonth("2026-01-05")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(previousMonth("2024-03-31")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(yearToDate("2026-11-24")).toEqual({ from: "2026-01-01", to: "2026-11-24" });
  });
});
