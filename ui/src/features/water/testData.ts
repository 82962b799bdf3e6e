// Test data of the wastewater screens: an outfall with online COD, manual NH3-N and pH, and flow.
import type { ImportResult, Outfall, Param, Series } from "../../ipc/api";

const param = (n: number, code: string, name: string, over: Partial<Param> = {}): Param => ({
  id: `p-${code}`,
  n,
  outfall_id: "of-1",
  code,
  name,
  unit: "mg_l",
  factor_code: null,
  method: "manual",
  frequency: "monthly",
  limits: [],
  ...over,
});

export const outfall: Outfall = {
  id: "of-1",
  code: "DW001",
  name: "总排口",
  discharge_mode: "indirect",
  unit_class: "key",
  receiving: "城东污水处理厂",
  permit_no: "91320500MA1XXXXX01001P",
  permit_expires_on: "2028-06-30",
  mn: "88888880000001",
  params: [
    param(1, "cod", "化学需氧量", {
      method: "online",
      frequency: "continuous",
      factor_code: "w01018",
      limits: [
        { id: "l-1", upper: "500", lower: null, months: 0, months_text: "", valid_from: "2025-01-01", basis: "GB 8978-1996 三级" },
      ],
    }),
    param(2, "nh3n", "氨氮", {
      limits: [
        { id: "l-2", upper: "45", lower: null, months: 0, months_text: "", valid_from: "2025-01-01", basis: "" },
        { id: "l-3", upper: "25", lower: null, months: 3591, months_text: "12,1,2,3", valid_from: "2026-01-01", basis: "" },
      ],
    }),
    param(3, "ph", "pH 值", { unit: "ph", limits: [{ id: "l-4", upper: "9", lower: "6", months: 0, months_text: "", valid_from: "2025-01-01", basis: "" }] }),
    param(4, "flow", "废水流量", { unit: "m3", frequency: "daily" }),
  ],
};

export const importResult: ImportResult = {
  batch: {
    batch_id: "batch-7",
    accepted: 2160,
    duplicates: 24,
    rejected: 7,
    rejections: { conflict: 3, packet_bad_crc: 2, packet_unknown_mn: 2 },
    exceedances: 4,
  },
  packets: {
    accepted: 720,
    rejected: 4,
    by_reason: { bad_crc: 2, unknown_mn: 2 },
    not_data: 1,
    first_refusals: ["line 17: bad_crc: CRC 1A2B, computed 3C4D", "line 40: unknown_mn: MN 123 is no outfall's logger"],
  },
  rows: 725,
};

const H = 3600;
export const T0 = 1_764_518_400; // 2025-11-30T16:00:00Z = 2025-12-01 00:00 in Asia/Shanghai

export const series: Series = {
  outfall_code: "DW001",
  param_code: "cod",
  param_name: "化学需氧量",
  unit: "mg_l",
  interval: "hour",
  bucket_s: H,
  x: [T0, T0 + H, T0 + 2 * H],
  min: [120, 130, 480],
  max: [150, 620, 520],
  mean: [135, 300, 500],
  readings: 3,
  limits: [
    { from: T0, to: T0 + 86_400, upper: 500, lower: null },
    { from: T0 + 86_400, to: T0 + 2 * 86_400, upper: 400, lower: null },
  ],
  exceedances: [
    [T0 + H + 1800, 620],
    [T0 + 2 * H, 520],
  ],
  samples: [[T0 + 5 * H, 88, false]],
};
