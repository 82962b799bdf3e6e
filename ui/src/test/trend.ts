// Fixtures for the trend tab: the core's WeeklyGeneration as ts-rs types it.
import type { TrendSeries, TrendWeek, WeeklyGeneration } from "../ipc/api";

const kg = (g: number) => `${Math.floor(g / 1000)}.${String(g % 1000).padStart(3, "0")}`;

export function week(monday: string, sunday: string, week: string, total_g: number, days = 7): TrendWeek {
  return { week, monday, sunday, days, total_g, total_kg: kg(total_g) };
}

export function series(name: string, grams: number[], stream_id: string | null = `s-${name}`, code = "900-249-08"): TrendSeries {
  const total_g = grams.reduce((a, b) => a + b, 0);
  return { stream_id, name, code, grams, kg: grams.map(kg), total_g, total_kg: kg(total_g) };
}

/** Three weeks across the 2024/2025 boundary: 2025-W01 starts on 2024-12-30. */
export function weekly(over: Partial<WeeklyGeneration> = {}): WeeklyGeneration {
  const s = [series("废矿物油", [120_500, 310_000, 0]), series("900-041-49", [8_000, 0, 2_250], null, "900-041-49")];
  const totals = [0, 1, 2].map((i) => s.reduce((sum, x) => sum + (x.grams[i] ?? 0), 0));
  return {
    from: "2024-12-23",
    to: "2025-01-12",
    weeks: [
      week("2024-12-23", "2024-12-29", "2024-W52", totals[0]!),
      week("2024-12-30", "2025-01-05", "2025-W01", totals[1]!),
      week("2025-01-06", "2025-01-12", "2025-W02", totals[2]!),
    ],
    series: s,
    total_g: totals.reduce((a, b) => a + b, 0),
    total_kg: kg(totals.reduce((a, b) => a + b, 0)),
    ...over,
  };
}
