import { describe, expect, it } from "vitest";
import { DATE_MASK, DATETIME_MASK, addMonths, applyMask, checkDateText, checkDateTimeText, finishMask, formatDate, monthGrid } from "./dates";

describe("applyMask", () => {
  it("inserts separators, pads a one-digit segment ended by a separator, and is idempotent", () => {
    expect(applyMask("20261202", DATE_MASK, true)).toBe("2026-12-02");
    expect(applyMask("2026", DATE_MASK, true)).toBe("2026-");
    expect(applyMask("2026", DATE_MASK, false)).toBe("2026");
    expect(applyMask("2026-3-", DATE_MASK, true)).toBe("2026-03-");
    expect(applyMask("2026年3月9日", DATE_MASK, true)).toBe("2026-03-9");
    expect(applyMask("2026-12-02-99", DATE_MASK, true)).toBe("2026-12-02");
    expect(applyMask("2026-11-20T08:15:00", DATETIME_MASK, true)).toBe("2026-11-20 08:15");
    for (const s of ["2026-12-02", "2026-03-", "2026-11-20 08:15"]) expect(applyMask(s, DATETIME_MASK, false)).toBe(s);
    expect(finishMask("2026-03-9", DATE_MASK)).toBe("2026-03-09");
    expect(finishMask("2026-03", DATE_MASK)).toBe("2026-03");
  });
});

describe("checks", () => {
  it("knows leap years and month lengths", () => {
    expect(checkDateText("2024-02-29")).toEqual({ ok: true, value: "2024-02-29" });
    expect(checkDateText("2026-02-29")).toMatchObject({ ok: false, problem: { kind: "day", days: 28 } });
    expect(checkDateText("2026-04-31")).toMatchObject({ ok: false, problem: { kind: "day", days: 30 } });
    expect(checkDateText("2026-00-10")).toMatchObject({ ok: false, problem: { kind: "month" } });
    expect(checkDateTimeText("2026-04-30 23:59")).toEqual({ ok: true, value: "2026-04-30T23:59" });
    expect(checkDateTimeText("2026-04-30 12:60")).toMatchObject({ ok: false, problem: { kind: "time" } });
  });
});

describe("calendar", () => {
  it("starts the grid on a Monday and clamps month steps", () => {
    expect(monthGrid(2026, 3)[0]).toBe("2026-02-23"); // 1 March 2026 is a Sunday
    expect(monthGrid(2026, 6)[0]).toBe("2026-06-01"); // a Monday
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
  });
});

describe("formatDate", () => {
  it("writes YYYY-MM-DD and 24-hour HH:mm in the given zone, not the computer's locale order", () => {
    const at = new Date("2026-12-01T16:05:00Z");
    expect(formatDate.day(at)).toBe("2026-12-01");
    expect(formatDate.minute(at, "Asia/Shanghai")).toBe("2026-12-02 00:05");
    expect(formatDate.month(at)).toBe("2026-12");
    expect(formatDate.monthDay(at, "Asia/Shanghai")).toBe("12-02");
    expect(formatDate.time(at)).toBe("16:05");
  });
});
