// Plant settings, calendar days and the management category as the core returns them.
import type { CalendarDay, PlantCategory, Setting, UpcomingFiling } from "../ipc/api";

/** The plant's own keys; the rest are the waste area's (as `areas::SETTINGS` registers them). */
const PLANT_KEYS = new Set(["uscc", "address", "contact", "phone", "emergency_phone"]);

export const settings = (over: Record<string, Partial<Setting>> = {}): Setting[] =>
  [
    { key: "uscc", value: "", is_default: true, help: "统一社会信用代码 of the plant (manifests, label IDs)" },
    { key: "address", value: "苏州工业园区星湖街 1 号", is_default: false, help: "plant address (manifests)" },
    { key: "contact", value: "", is_default: true, help: "contact person (manifests, labels)" },
    { key: "phone", value: "", is_default: true, help: "contact phone (manifests, labels)" },
    { key: "emergency_phone", value: "", is_default: true, help: "emergency phone (manifests)" },
    { key: "licence_warn_days", value: "30", is_default: true, help: "days before a licence expires to alert" },
    { key: "tolerance_measured_permille", value: "20", is_default: true, help: "shipped vs received, weighed (‰)" },
    { key: "tolerance_estimated_permille", value: "100", is_default: true, help: "shipped vs received, estimated (‰)" },
    {
      key: "own_hw_facility",
      value: "no",
      is_default: true,
      help: "the site has its own HW utilisation/disposal facility (yes/no; makes it 重点)",
    },
    {
      key: "storage_limit_days",
      value: "",
      is_default: true,
      help: "storage clock limit override (days; empty = jurisdiction default)",
    },
    { key: "us_generator_status", value: "", is_default: true, help: "US plants: RCRA generator status" },
    { key: "eia_annual_estimate_t", value: "", is_default: true, help: "EIA/permit annual HW estimate (t)" },
    { key: "authority_category", value: "", is_default: true, help: "category assigned by the authority" },
    { key: "authority_category_doc", value: "", is_default: true, help: "the authority's document reference" },
    { key: "authority_category_date", value: "", is_default: true, help: "date of the authority's document" },
    { key: "hw_operating_licence", value: "no", is_default: true, help: "the site holds a HW operating licence" },
  ].map((s) => ({ area: PLANT_KEYS.has(s.key) ? "plant" : "waste", ...s, ...over[s.key] }) as Setting);

export const calendarDays: CalendarDay[] = [
  { id: "cd-1", day: "2026-10-01", kind: "holiday", note: "国庆节" },
  { id: "cd-2", day: "2026-10-10", kind: "workday", note: "国庆调休" },
];

/** A filing; its severity follows the core's rule (≤ 2 critical, ≤ 7 warning) unless given. */
export const filing = (over: Partial<UpcomingFiling> = {}): UpcomingFiling => {
  const days_left = over.days_left ?? 21;
  const severity = days_left <= 2 ? "critical" : days_left <= 7 ? "warning" : "info";
  return { filing: "monthly", period: "2026-11", due: "2026-12-15", days_left, severity, ...over };
};

export const category = (over: Partial<PlantCategory> = {}): PlantCategory => ({
  category: "simplified",
  category_zh: "危险废物简化管理单位",
  computed: "simplified",
  basis_t: "94.420000",
  basis: "ledger_3_years",
  basis_year: 2024,
  reason: "10 t ≤ annual generation < 100 t — 94.420000 t, the largest of the last 3 years (2024)",
  reason_key: "ge10",
  reason_params: { basis_t: "94.420000", basis: "ledger_3_years", year: "2024", years_of_ledger: "3" },
  inputs: {
    years_of_ledger: 3,
    ledger_since: "2022-01-04",
    eia_estimate_t: null,
    authority_category: null,
    authority_doc: "",
    authority_date: null,
    operating_licence: false,
    own_facility: false,
  },
  ytd_t: "12.300000",
  years: [
    [2023, "80.000000"],
    [2024, "94.420000"],
    [2025, "60.500000"],
  ],
  upcoming: [],
  ...over,
});
