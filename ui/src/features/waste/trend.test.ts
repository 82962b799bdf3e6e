import { describe, expect, it } from "vitest";
import {
  addDays,
  daySeconds,
  isoYearOf,
  isoYearStart,
  mondayOf,
  trendChart,
  trendChoices,
  trendRange,
  weeklyPaceKg,
} from "./trend";
import { series, week, weekly } from "../../test/trend";

const labels = {
  total: "合计",
  other: "其他",
  threshold: (t: number, kg: number) => `${t} t/${kg.toFixed(0)}`,
  marks: "超线",
};

describe("trend ranges", () => {
  it("finds Mondays and ISO week-numbering years (never the calendar year)", () => {
    expect(mondayOf("2025-01-05")).toBe("2024-12-30"); // a Sunday
    expect(mondayOf("2024-12-30")).toBe("2024-12-30");
    expect(isoYearStart(2025)).toBe("2024-12-30");
    expect(isoYearStart(2021)).toBe("2021-01-04");
    expect(isoYearOf("2024-12-30")).toBe(2025);
    expect(isoYearOf("2021-01-03")).toBe(2020);
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it("covers 52 whole weeks up to today, or one ISO year cut at today", () => {
    // Tuesday 2026-11-24: this week (from Monday 2026-11-23) and the 51 before it.
    expect(trendRange("last52", "2026-11-24")).toEqual({ from: "2025-12-01", to: "2026-11-24" });
    expect(mondayOf("2025-12-01")).toBe("2025-12-01");
    expect(trendRange("2025", "2026-11-24")).toEqual({ from: "2024-12-30", to: "2025-12-28" });
    expect(trendRange("2026", "2026-11-24")).toEqual({ from: "2025-12-29", to: "2026-11-24" });
    expect(trendChoices("2026-11-24")).toEqual(["last52", "2026", "2025", "2024"]);
    expect(trendChoices("2024-12-31")).toEqual(["last52", "2025", "2024", "2023"]);
  });
});

describe("trendChart", () => {
  it("draws each stream, the total, and Mondays as x in UTC seconds", () => {
    const c = trendChart(weekly(), labels);
    expect(c.x).toEqual([daySeconds("2024-12-23"), daySeconds("2024-12-30"), daySeconds("2025-01-06")]);
    expect(c.x[1]).toBe(Date.UTC(2024, 11, 30) / 1000);
    expect(c.series.map((s) => s.label)).toEqual(["废矿物油", "900-041-49", "合计"]);
    expect(c.series[0]!.values).toEqual([120.5, 310, 0]);
    expect(c.series[2]).toMatchObject({ values: [128.5, 310, 2.25], emphasis: true });
  });

  it("sums the streams past the sixth into 其他, and draws no total for a single stream", () => {
    const many = weekly({
      series: Array.from({ length: 8 }, (_, i) => series(`S${i}`, [1000 * (8 - i), 0, 0])),
      weeks: [week("2024-12-23", "2024-12-29", "2024-W52", 36_000), ...weekly().weeks.slice(1)],
    });
    const c = trendChart(many, labels);
    expect(c.series.map((s) => s.label)).toEqual(["S0", "S1", "S2", "S3", "S4", "S5", "其他", "合计"]);
    expect(c.series[6]!.values).toEqual([3, 0, 0]); // S6 (2 kg) + S7 (1 kg)
    const one = trendChart(weekly({ series: [series("废矿物油", [1000, 2000, 3000])] }), labels);
    expect(one.series.map((s) => s.label)).toEqual(["废矿物油"]);
  });

  it("draws a threshold pace only within twice the highest week, and marks the weeks above the lowest drawn", () => {
    expect(weeklyPaceKg(10)).toBeCloseTo(192.3077, 3);
    // Highest week 310 kg: the 10 t pace (192 kg) is drawn, the 100 t pace (1,923 kg) is not.
    const c = trendChart(weekly(), labels);
    expect(c.limits!.map((l) => l.label)).toEqual(["10 t/192"]);
    expect(c.marks).toEqual([{ x: daySeconds("2024-12-30"), y: 310 }]);
    expect(c.marksLabel).toBe("超线");
    // Small weeks: no line, nothing marked.
    const small = weekly({ weeks: weekly().weeks.map((w) => ({ ...w, total_g: 5_000 })) });
    expect(trendChart(small, labels)).toMatchObject({ limits: [], marks: [] });
    // Nothing at all.
    const none = weekly({ series: [], weeks: weekly().weeks.map((w) => ({ ...w, total_g: 0 })) });
    expect(trendChart(none, labels)).toMatchObject({ series: [], limits: [], marks: [] });
  });
});
