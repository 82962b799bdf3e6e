// A week preview as the core returns it (`sync_week_preview`): 2026-W05 across the January /
// February month end, two HW codes (one shipped under a manifest), a solid-waste code with two
// routes, and two plausibility flags. Also HQ's returns as the plant lists them, and HQ's keys.
import type { HqKey, IndicatorInfo, ReceivedReturn, WeekView } from "../ipc/api";

const ind = (key: string, unit: IndicatorInfo["unit"], label_zh: string, label_en: string, disclosure = ""): IndicatorInfo => ({
  key,
  area: "waste",
  unit,
  aggregation: unit === "g" && !key.includes("stock") ? "sum" : "last",
  method: key.includes("stock") ? "calculated" : "measured",
  label_zh,
  label_en,
  disclosure,
});

export const indicators: IndicatorInfo[] = [
  ind("hw_generated_g", "g", "危险废物产生量", "Hazardous waste generated", "HKEX A1.3 / GRI 306-3"),
  ind("hw_shipped_disposal_g", "g", "危险废物委外处置量", "Hazardous waste shipped for disposal", "GRI 306-5"),
  ind("hw_closing_stock_g", "g", "危险废物期末贮存量", "Hazardous waste in storage at period end"),
  ind("hw_manifests_pending", "count", "待接收单位确认的联单数", "Manifests awaiting the receiver's confirmation"),
  ind("nhw_generated_g", "g", "一般工业固体废物产生量", "Non-hazardous waste generated"),
];

const fig = (key: string, value: number, unit: IndicatorInfo["unit"] = "g", method: "measured" | "calculated" | "estimated" = "measured") => ({
  key,
  value,
  unit,
  method,
});

export function weekView(over: Partial<WeekView> = {}): WeekView {
  return {
    week: "2026-W05",
    plant_code: "SZ01",
    timezone: "Asia/Shanghai",
    from: "2026-01-26",
    to: "2026-02-01",
    records: 5,
    parts: [
      {
        month: "2026-01",
        from: "2026-01-26",
        to: "2026-01-31",
        records: 4,
        figures: [
          fig("hw_generated_g", 123_000),
          fig("hw_shipped_disposal_g", 120_500),
          fig("hw_closing_stock_g", 2_500, "g", "calculated"),
          fig("hw_manifests_pending", 1, "count", "calculated"),
          fig("nhw_generated_g", 500_000),
        ],
        waste: {
          hw: [
            {
              code: "900-249-08",
              generated_g: 120_500,
              shipped_utilisation_g: 0,
              shipped_disposal_g: 120_500,
              own_use_g: 0,
              own_disposal_g: 0,
              opening_stock_g: 0,
              closing_stock_g: 0,
              manifests: ["20264403000123"],
            },
            {
              code: "900-041-49",
              generated_g: 2_500,
              shipped_utilisation_g: 0,
              shipped_disposal_g: 0,
              own_use_g: 0,
              own_disposal_g: 0,
              opening_stock_g: 0,
              closing_stock_g: 0,
              manifests: [],
            },
          ],
          nhw: [
            {
              code: "900-001-S17",
              generated_g: 500_000,
              routes: [
                { route: "recycling", onsite: false, grams: 300_000 },
                { route: "landfill", onsite: false, grams: 150_000 },
              ],
            },
          ],
        },
      },
      {
        month: "2026-02",
        from: "2026-02-01",
        to: "2026-02-01",
        records: 1,
        figures: [
          fig("hw_generated_g", 6_000),
          fig("hw_shipped_disposal_g", 0),
          fig("hw_closing_stock_g", 8_500, "g", "calculated"),
          fig("hw_manifests_pending", 1, "count", "calculated"),
          fig("nhw_generated_g", 0),
        ],
        waste: {
          hw: [
            {
              code: "900-249-08",
              generated_g: 6_000,
              shipped_utilisation_g: 0,
              shipped_disposal_g: 0,
              own_use_g: 0,
              own_disposal_g: 0,
              opening_stock_g: 0,
              closing_stock_g: 6_000,
              manifests: [],
            },
          ],
          nhw: [],
        },
      },
    ],
    totals: [
      fig("hw_generated_g", 129_000),
      fig("hw_shipped_disposal_g", 120_500),
      fig("hw_closing_stock_g", 8_500, "g", "calculated"),
      fig("hw_manifests_pending", 1, "count", "calculated"),
      fig("nhw_generated_g", 500_000),
    ],
    flags: [
      {
        kind: "figure_high",
        indicator: "hw_generated_g",
        params: { value: "129000", median: "12000.5", weeks: "4" },
        message: "hw_generated_g is 129000 (g), at least 10× the median 12000.5 of the previous weeks",
      },
      {
        kind: "stock_mismatch",
        indicator: "hw_closing_stock_g",
        params: {
          code: "900-041-49",
          opening_kg: "0.000",
          generated_kg: "2.500",
          out_kg: "0.000",
          expected_kg: "2.500",
          closing_kg: "0.000",
        },
        message: "900-041-49: closing stock 0.000 kg ≠ …",
      },
    ],
    indicators,
    ...over,
  };
}

/** HQ's return of 2026-W05 revision 1 as the plant lists it: open (no restatement built yet). */
export function receivedReturn(over: Partial<ReceivedReturn> = {}): ReceivedReturn {
  return {
    id: "ret-1",
    week: "2026-W05",
    revision: 1,
    group_name: "华东电子集团",
    comment: "危废产生量比上周高 10 倍，请核对 HW08",
    // 02:00 UTC is 10:00 in Shanghai.
    returned_at: "2026-02-03T02:00:00Z",
    returned_by: "李分析",
    received_at: "2026-02-03T02:30:00Z",
    via: "mail",
    hq_fingerprint: "5f3a9c0e11d2b4a7",
    answered_by_revision: null,
    ...over,
  };
}

/** An HQ key the plant registered (in use unless `voided_at` is given). */
export function hqKey(over: Partial<HqKey> = {}): HqKey {
  return {
    id: "hqk-1",
    fingerprint: "5f3a9c0e11d2b4a7",
    label: "华东电子集团",
    registered_at: "2026-01-05T01:00:00Z",
    voided_at: null,
    ...over,
  };
}
