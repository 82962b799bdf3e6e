import { describe, expect, it } from "vitest";
import { checkQuantity, gramsToKg, gramsToTonnes, gramsToTonnesExact, groupThousands, trimTonnes } from "./quantity";

describe("checkQuantity", () => {
  it("accepts positive decimals within the unit's precision", () => {
    expect(checkQuantity("1.25", "kg")).toBeNull();
    expect(checkQuantity(" 12 ", "kg")).toBeNull();
    expect(checkQuantity("0.001", "kg")).toBeNull();
    expect(checkQuantity("0.000001", "t")).toBeNull();
  });
  it("rejects empty, malformed, zero and over-precise input", () => {
    expect(checkQuantity("", "kg")).toBe("required");
    expect(checkQuantity("1,5", "kg")).toBe("format");
    expect(checkQuantity("-1", "kg")).toBe("format");
    expect(checkQuantity("1e3", "kg")).toBe("format");
    expect(checkQuantity(".5", "kg")).toBe("format");
    expect(checkQuantity("0.000", "kg")).toBe("zero");
    expect(checkQuantity("1.0001", "kg")).toBe("decimals");
    expect(checkQuantity("1.0000001", "t")).toBe("decimals");
  });
});

describe("groupThousands", () => {
  it("inserts separators in the integer part only", () => {
    expect(groupThousands("1250.000")).toBe("1,250.000");
    expect(groupThousands("1234567.123456")).toBe("1,234,567.123456");
    expect(groupThousands("999.5")).toBe("999.5");
    expect(groupThousands("-1000")).toBe("-1,000");
  });
  it("leaves unexpected text untouched", () => {
    expect(groupThousands("n/a")).toBe("n/a");
  });
});

describe("gramsToTonnes", () => {
  it("shows integer grams as tonnes to the kilogram, without float drift", () => {
    expect(gramsToTonnes(0)).toBe("0.000");
    expect(gramsToTonnes(12_345_678)).toBe("12.346");
    expect(gramsToTonnes(999_499)).toBe("0.999");
    expect(gramsToTonnes(900_000_000_000)).toBe("900000.000");
    expect(gramsToTonnes(-1_500_000)).toBe("-1.500");
  });
});

describe("trimTonnes", () => {
  it("drops only the zeros past the kilogram, never a significant digit", () => {
    expect(trimTonnes("12.500000")).toBe("12.500");
    expect(trimTonnes("0.046500")).toBe("0.0465");
    expect(trimTonnes("0.000001")).toBe("0.000001");
    expect(trimTonnes("-3.120400")).toBe("-3.1204");
    expect(trimTonnes("7.000")).toBe("7.000");
    expect(trimTonnes("not a number")).toBe("not a number");
  });
});

describe("gramsToKg / gramsToTonnesExact", () => {
  it("keeps every gram of an integer, beyond float-friendly sizes too", () => {
    expect(gramsToKg(120500)).toBe("120.500");
    expect(gramsToKg(5)).toBe("0.005");
    expect(gramsToKg(0)).toBe("0.000");
    expect(gramsToKg(-2500)).toBe("-2.500");
    expect(gramsToKg(9_007_199_254_740_991)).toBe("9007199254740.991");
    expect(gramsToTonnesExact(1_234_567)).toBe("1.234567");
    expect(gramsToTonnesExact(12_500_000)).toBe("12.500");
  });
});
