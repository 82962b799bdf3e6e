import { describe, expect, it } from "vitest";
import { cellMarks, cumulative, exactText, forDrawing, parseYear, percentChange } from "./format";
import { cell } from "../../test/hq";

describe("hq format", () => {
  it("words the change against the prior year exactly, rounding half away from zero", () => {
    expect(percentChange(31_500_500, 30_000_000)).toBe("+5.0%");
    expect(percentChange(13_000_000, 12_000_000)).toBe("+8.3%");
    expect(percentChange(1, 3)).toBe("−66.7%");
    expect(percentChange(1_000_500, 1_000_000)).toBe("+0.1%"); // 0.05% rounds up, not to float noise
    expect(percentChange(1_000_499, 1_000_000)).toBe("±0.0%");
    expect(percentChange(5, 0)).toBeNull();
    // Near 2^53 the BigInt arithmetic stays exact.
    expect(percentChange(9_007_199_254_740_991, 4_503_599_627_370_496)).toBe("+100.0%");
  });

  it("turns grams into tonnes text without floats", () => {
    expect(exactText("g", 31_500_500)).toBe("31.5005");
    expect(exactText("g", 1_234_567_890_123)).toBe("1,234,567.890123");
    expect(exactText("count", 1234)).toBe("1,234");
  });

  it("accumulates month totals up to the dashboard's month", () => {
    expect(cumulative([1, 2, 3, 4], 2)).toEqual([1, 3, null, null]);
    expect(forDrawing("g", [1_500_000, null])).toEqual([1.5, null]);
  });

  it("accepts only a year the core accepts", () => {
    expect(parseYear("2026")).toBe(2026);
    expect(parseYear(" 1900 ")).toBe(1900);
    expect(parseYear("1899")).toBeNull();
    expect(parseYear("26")).toBeNull();
    expect(parseYear("2026a")).toBeNull();
  });

  it("orders a cell's marks most serious first", () => {
    expect(cellMarks(cell("2026-W01", "received", { late: true, restated: true }))).toEqual(["late", "restated"]);
    expect(cellMarks(cell("2026-W01", "accepted"))).toEqual([]);
  });
});
