import { describe, expect, it } from "vitest";
import {
  addDays,
  daySeconds,
  isoYearOf,
  isoYearStart,
  mondayOf,
  cumulativeChart,
  trendChoices,
  trendRange,
  weeklyChart,
} from "./trend";
import { series, week, weekly } from "../../test/trend";

const labels = { total: "合计", other: "其他" };
const cumLabels = { cumulative: "累计", threshold: (t: number) => `${t} t`, crossed: "达到" };

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

describe("weeklyChart", () => {
  it("draws each stream, the total, and Mondays as x in UTC seconds", () => {
    const c = weeklyChart(weekly(), labels);
    expect(c.x).toEqual([daySeconds("2024-12-23"), daySeconds("2024-12-30"), daySeconds("2025-01-06")]);
    expect(c.x[1]).toBe(Date.UTC(2024, 11, 30) / 1000);
    expect(c.series.map((s) => s.label)).toEqual(["废矿物油", "900-041-49", "合计"]);
    expect(c.series[0]!.values).toEqual([120.5, 310, 0]);
    expect(c.series[2]).toMatchObject({ values: [128.5, 310, 2.25], emphasis: true });
    expect(c.limits).toBeUndefined();
  });

  it("sums the streams past the sixth into 其他, and draws no total for a single stream", () => {
    const many = weekly({
      series: Array.from({ length: 8 }, (_, i) => series(`S${i}`, [1000 * (8 - i), 0, 0])),
      weeks: [week("2024-12-23", "2024-12-29", "2024-W52", 36_000), ...weekly().weeks.slice(1)],
    });
    const c = weeklyChart(many, labels);
    expect(c.series.map((s) => s.label)).toEqual(["S0", "S1", "S2", "S3", "S4", "S5", "其他", "合计"]);
    expect(c.series[6]!.values).toEqual([3, 0, 0]); // S6 (2 kg) + S7 (1 kg)
    const one = weeklyChart(weekly({ series: [series("废矿物油", [1000, 2000, 3000])] }), labels);
    expect(one.series.map((s) => s.label)).toEqual(["废矿物油"]);
  });
});

describe("cumulativeChart", () => {
  const tonnes = (weeksT: number[]) =>
    weekly({ weeks: weeksT.map((t, i) => week(`2025-01-0${i + 1}`, "x", `2025-W0${i + 1}`, t * 1_000_000)) });

  it("runs the total in tonnes, draws the thresholds within reach and marks the week each is reached", () => {
    // 4 + 5 + 2 = 11 t: the 10 t line is reached in the third week; 100 t is out of reach.
    const c = cumulativeChart(tonnes([4, 5, 2]), cumLabels);
    expect(c.series).toHaveLength(1);
    expect(c.series[0]).toMatchObject({ label: "累计", values: [4, 9, 11], emphasis: true });
    expect(c.limits).toEqual([{ label: "10 t", value: 10 }]);
    expect(c.marks).toEqual([{ x: daySeconds("2025-01-03"), y: 11 }]);
    expect(c.marksLabel).toBe("达到");
  });

  it("draws a line the total comes within half of without marking it, and both once past 50 t", () => {
    const near = cumulativeChart(tonnes([2, 2, 1.5]), cumLabels); // 5.5 t: the 10 t line, not reached
    expect(near.limits!.map((l) => l.value)).toEqual([10]);
    expect(near.marks).toEqual([]);
    const big = cumulativeChart(tonnes([40, 40, 40]), cumLabels); // 120 t: both lines, both reached
    expect(big.limits!.map((l) => l.value)).toEqual([10, 100]);
    expect(big.marks!.map((m) => m.y)).toEqual([40, 120]);
    const none = cumulativeChart(tonnes([0, 0, 0]), cumLabels);
    expect(none).toMatchObject({ limits: [], marks: [] });
    expect(cumulativeChart(tonnes([1, 1, 1]), cumLabels).limits).toEqual([]); // 3 t: 10 t is out of reach
  });
});
