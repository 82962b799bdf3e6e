import { describe, expect, it } from "vitest";
import { boundsText, excessText, litresToM3, massText, monthRanges, multipleText, validityText } from "./format";

describe("wastewater wording", () => {
  it("words a limit's multiple and the 超标倍数 (multiple − 1)", () => {
    expect(multipleText(1333)).toBe("1.333");
    expect(excessText(1333)).toBe("0.33");
    expect(multipleText(2005)).toBe("2.005");
    expect(excessText(2005)).toBe("1.01");
    expect(excessText(1000)).toBe("0.00");
  });

  it("turns grams and litres into kg, t and m³ exactly", () => {
    expect(massText(1_234_567, "kg")).toBe("1,234.567");
    expect(massText(1_234_567, "t")).toBe("1.234567");
    expect(massText(45_500, "t")).toBe("0.0455");
    expect(litresToM3(12_345_678)).toBe("12,345.678");
  });

  it("words seasons and validity", () => {
    expect(monthRanges("12,1,2,3")).toBe("12–3");
    expect(monthRanges("1,2,3,12")).toBe("12–3");
    expect(boundsText("9", "6")).toBe("6–9");
    expect(boundsText("500", null)).toBe("≤ 500");
    expect(monthRanges("6,7,8")).toBe("6–8");
    expect(monthRanges("1,5")).toBe("1, 5");
    expect(monthRanges("")).toBe("");
    expect(validityText(700, 744)).toBe("94.1");
    expect(validityText(0, 0)).toBeNull();
  });
});
