// HQ mode as the core answers it: a group with two segments and three plants, a grid, a week's
// history, an import report, the appendix (with a rounding reconciliation and one beyond
// tolerance), the safety view (the seed group's 2,434 of 2,435 on time), the dashboard, the years
// and history, the settings, the returns outbox. `hqHandlers()`
// is a small stateful stand-in for every hq_* command and the outbox commands an HQ file answers
// (decisions change the grid, a plant added is listed, a return mailed is queued), used by the
// tests and by `npm run dev` outside Tauri (see main.tsx).
import type {
  Appendix,
  AppendixFigure,
  AppStatus,
  Cell,
  CellState,
  Dashboard,
  Decision,
  DrillRow,
  Grid,
  GridCounts,
  GridQuery,
  GridRow,
  HistoryFigure,
  HqImportItem,
  HqImportReport,
  HqImportRun,
  HqOrg,
  HqSetting,
  ItemStatus,
  OutboxStatus,
  PlantInput,
  RegKey,
  RateFigure,
  RegPlant,
  Safety,
  SafetyPlant,
  SafetyRow,
  Segment,
  Session,
  WeekHistory,
  YearFacts,
} from "../ipc/api";
import type { Handler } from "../ipc/mockBackend";
import { addWeeks, sundayOf, weekOf } from "../lib/isoWeek";

export const group: HqOrg = { id: "0190b000-0000-7000-8000-0000000000g1", name: "华东电子集团", timezone: "Asia/Shanghai" };

export const analyst: Session = {
  user_id: "0190b000-0000-7000-8000-0000000000a1",
  username: "li",
  display_name: "李分析",
  role: "hq_analyst",
};

const base = { mode: "hq", plant: null, db_path: "/data/hq.db" } as const;
export const statusHqSetup: AppStatus = { ...base, initialized: false, group: null, session: null };
export const statusHqSignIn: AppStatus = { ...base, initialized: true, group, session: null };
export const statusHqSignedIn: AppStatus = { ...base, initialized: true, group, session: analyst };

export const segments: Segment[] = [
  { id: "seg-elec", code: "ELEC", name_zh: "电子制造", name_en: "Electronics" },
  { id: "seg-chem", code: "CHEM", name_zh: "化工材料", name_en: "Chemicals" },
];

export function regPlant(code: string, over: Partial<RegPlant> = {}): RegPlant {
  return {
    id: `plant-${code}`,
    code,
    name: `${code} 工厂`,
    segment_code: "ELEC",
    legal_entity: `${code} 有限公司`,
    timezone: "Asia/Shanghai",
    email: `${code.toLowerCase()}@example.com`,
    in_boundary_from: "2024-01-01",
    out_of_boundary_from: null,
    fingerprints: [`${code.toLowerCase()}a1b2c3d4e5f60718`],
    ...over,
  };
}

export const plants: RegPlant[] = [
  regPlant("SZ01", { name: "苏州一厂", legal_entity: "苏州华东电子有限公司", fingerprints: ["a1b2c3d4e5f60718"] }),
  regPlant("WX02", { name: "无锡二厂", segment_code: "CHEM", legal_entity: "无锡华东化工有限公司", fingerprints: ["0718a1b2c3d4e5f6"] }),
  regPlant("NJ03", {
    name: "南京三厂",
    legal_entity: "南京华东电子有限公司",
    in_boundary_from: "2026-03-01",
    fingerprints: ["99887766aabbccdd"],
  }),
];

export const keys: RegKey[] = [
  { id: "k1", plant_code: "SZ01", fingerprint: "ffee0011ffee0011", valid_from: "2024-01-01", valid_until: "2025-12-31", note: "首次登记" },
  { id: "k2", plant_code: "SZ01", fingerprint: "a1b2c3d4e5f60718", valid_from: "2026-01-01", valid_until: null, note: "年度轮换" },
];

export const PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA3e8mH0kYV1qf0fE2p8aQqkz8bq1fWmXo4x3C1cJ0p6Q=\n-----END PUBLIC KEY-----\n";

const noFlags = { late: false, restated: false, restated_after_review: false, anchor_broken: null };

/** A cell of `week` in `state`; received states carry revision 1 unless told. */
export function cell(week: string, state: CellState, over: Partial<Cell> = {}): Cell {
  const received = state === "received" || state === "returned" || state === "accepted";
  return {
    week,
    state,
    revision: received ? 1 : null,
    counted_revision: received ? 1 : null,
    ...noFlags,
    first_received_at: received ? `${sundayOf(week)}T03:00:00Z` : null,
    deadline: `${sundayOf(week)}T16:00:00Z`,
    ...over,
  };
}

export const emptyCounts: GridCounts = {
  expected: 0,
  received: 0,
  due: 0,
  missing: 0,
  late: 0,
  restated: 0,
  returned: 0,
  accepted: 0,
  anchor_broken: 0,
};

/** The counts over `rows`, as the core computes them. */
export function countsOf(rows: readonly GridRow[]): GridCounts {
  const c = { ...emptyCounts };
  for (const r of rows) {
    for (const x of r.cells) {
      if (x.state !== "not_expected") c.expected++;
      if (x.state === "due") c.due++;
      if (x.state === "missing") c.missing++;
      if (x.state === "returned") c.returned++;
      if (x.state === "accepted") c.accepted++;
      if (x.revision !== null) c.received++;
      if (x.late) c.late++;
      if (x.restated) c.restated++;
      if (x.anchor_broken) c.anchor_broken++;
    }
  }
  return c;
}

export function grid(year: number, weeks: string[], rows: GridRow[], over: Partial<Grid> = {}): Grid {
  return { year, weeks, deadline_days: 3, counts: countsOf(rows), plants_total: rows.length, rows, ...over };
}

/** A small grid of 2026, weeks 8–11: every state and flag once. */
export function smallGrid(): Grid {
  const weeks = ["2026-W08", "2026-W09", "2026-W10", "2026-W11"];
  return grid(2026, weeks, [
    {
      plant_code: "SZ01",
      plant_name: "苏州一厂",
      segment_code: "ELEC",
      cells: [
        cell("2026-W08", "accepted"),
        cell("2026-W09", "received", { late: true, revision: 2, counted_revision: 2, restated: true }),
        cell("2026-W10", "received"),
        cell("2026-W11", "due"),
      ],
    },
    {
      plant_code: "WX02",
      plant_name: "无锡二厂",
      segment_code: "CHEM",
      cells: [
        cell("2026-W08", "returned"),
        cell("2026-W09", "missing"),
        cell("2026-W10", "accepted", {
          revision: 2,
          counted_revision: 1,
          restated: true,
          restated_after_review: true,
          anchor_broken: {
            seq: 4182,
            held_hash: "9f2c4e1a7b3d5f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718",
            now_hash: "0a1b2c3d4e5f60718293a4b5c6d7e8f9f2c4e1a7b3d5f60a1b2c3d4e5f60718",
            in_week: "2026-W10",
            in_revision: 2,
          },
        }),
        cell("2026-W11", "not_expected"),
      ],
    },
  ]);
}

export function decision(action: string, over: Partial<Decision> = {}): Decision {
  return {
    id: `d-${action}`,
    action,
    revision: 1,
    comment: "",
    at: "2026-03-10T02:00:00.000Z",
    by: "李分析",
    delivery: action === "return" ? "pending" : null,
    ...over,
  };
}

export function weekHistory(plant = "SZ01", week = "2026-W10", over: Partial<WeekHistory> = {}): WeekHistory {
  return {
    plant_code: plant,
    week,
    revisions: [
      {
        packet_id: "pk-1",
        revision: 1,
        reason: null,
        generated_at: "2026-03-09T01:00:00Z",
        received_at: "2026-03-09T01:05:00Z",
        body_sha256: "c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc",
        key_fingerprint: "a1b2c3d4e5f60718",
        counted: true,
      },
    ],
    decisions: [],
    ...over,
  };
}

export function importItem(name: string, outcome: HqImportItem["outcome"], reason = "", over: Partial<HqImportItem> = {}): HqImportItem {
  return { name, outcome, reason, plant_code: null, week: null, revision: null, ...over };
}

export function importReport(over: Partial<HqImportReport> = {}): HqImportReport {
  return {
    import_id: "run-2",
    items: 6,
    accepted: 3,
    duplicates: 1,
    rejected: 1,
    not_packets: 1,
    ignored_files: 2,
    results: [
      importItem("SZ01_2026-W09_r1.json", "rejected", "the signature does not verify with SZ01's key valid on 2026-03-02", {
        plant_code: "SZ01",
        week: "2026-W09",
        revision: 1,
      }),
      importItem("readme.json", "not_packet", "not an ehs-ledger packet: no format field"),
      importItem("WX02_2026-W09_r1.json", "duplicate", "already imported", { plant_code: "WX02", week: "2026-W09", revision: 1 }),
      importItem("SZ01_2026-W10_r1.json", "accepted", "", { plant_code: "SZ01", week: "2026-W10", revision: 1 }),
      importItem("SZ01_2026-W11_r1.json", "accepted", "", { plant_code: "SZ01", week: "2026-W11", revision: 1 }),
      importItem("WX02_2026-W10_r2.json", "accepted", "", { plant_code: "WX02", week: "2026-W10", revision: 2 }),
    ],
    ...over,
  };
}

export const importRuns: HqImportRun[] = [
  {
    id: "run-1",
    at: "2026-03-09T02:00:00Z",
    source: "folder",
    label: "/mnt/share/packets/2026-W09",
    items: 4,
    accepted: 4,
    duplicates: 0,
    rejected: 0,
    not_packets: 0,
  },
];

const fig = (text: string, exact: number | null, source = "packets"): AppendixFigure => ({ exact, text, source });

export function appendix(over: Partial<Appendix> = {}): Appendix {
  return {
    group: group.name,
    year: 2026,
    view: "all",
    segments,
    rows: [
      {
        key: "hw_generated_g",
        label_zh: "危险废物产生量",
        label_en: "Hazardous waste generated",
        unit: "t",
        disclosure: "HKEX A1.3 / GRI 306-3",
        group: fig("94.42", 94_421_500),
        segments: [fig("60.21", 60_214_300), fig("34.21", 34_207_200)],
        prior: [fig("90.12", 90_120_000, "2025 年 ESG 报告第 88 页"), fig("—", null, "")],
        reconciliation: null,
      },
      {
        key: "nhw_generated_g",
        label_zh: "一般工业固体废物产生量",
        label_en: "Non-hazardous waste generated",
        unit: "t",
        disclosure: "HKEX A1.4 / GRI 306-3",
        group: fig("1203.47", 1_203_466_000),
        segments: [fig("803.24", 803_244_000), fig("400.22", 400_222_000)],
        prior: [fig("1188.00", 1_188_000_000, "packets"), fig("1102.50", 1_102_500_000, "2024 年 ESG 报告")],
        reconciliation: { segments_sum: "1203.46", total: "1203.47", difference_units: 1, within_tolerance: true },
      },
      {
        key: "hw_shipped_disposal_g",
        label_zh: "危险废物委外处置量",
        label_en: "Hazardous waste shipped for disposal",
        unit: "t",
        disclosure: "GRI 306-5",
        group: fig("88.10", 88_100_000),
        segments: [fig("50.00", 50_000_000), fig("38.05", 38_050_000)],
        prior: [fig("—", null, ""), fig("—", null, "")],
        reconciliation: { segments_sum: "88.05", total: "88.10", difference_units: 5, within_tolerance: false },
      },
    ],
    intensities: [
      {
        key: "hw_per_fte",
        label_zh: "人均危险废物产生量",
        label_en: "Hazardous waste per FTE",
        unit: "kg/人",
        disclosure: "HKEX A1.3",
        values: ["7.868", "7.702", "—"],
        denominators: ["12000 名全职员工（12 月 31 日在册）", "11700 名全职员工（12 月 31 日在册）", "—"],
      },
    ],
    coverage: { plants: 3, expected: 104, received: 100, accepted: 96, missing: 2, returned: 1, anchor_broken: 1 },
    notes_zh: ["南京三厂自 2026-03-01 起纳入边界。", "2025 年数据来自 2025 年 ESG 报告。"],
    notes_en: ["Nanjing plant 3 is inside the boundary from 2026-03-01.", "2025 figures are from the 2025 ESG report."],
    ...over,
  };
}

export const drillRows: DrillRow[] = [
  {
    plant_code: "SZ01",
    segment_code: "ELEC",
    week: "2026-W01",
    month: "2026-01",
    revision: 1,
    accepted: true,
    value: 1_250_500,
    text: "1.2505",
    body_sha256: "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233",
  },
  {
    plant_code: "SZ01",
    segment_code: "ELEC",
    week: "2026-W05",
    month: "2026-02",
    revision: 2,
    accepted: false,
    value: 980_000,
    text: "0.98",
    body_sha256: "bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff0011223344aa",
  },
];

const count = (exact: number | null, source = "packets"): AppendixFigure => ({
  exact,
  text: exact === null ? "—" : String(exact),
  source: exact === null ? "" : source,
});
const rateFig = (num: number | null, den: number | null, text: string, source = "packets"): RateFigure => ({
  closed_on_time: num,
  due: den,
  text,
  source: num === null && den === null ? "" : source,
});
/** A safety count row: group, ELEC, CHEM, then 2025 (from history) and 2024. */
const safetyRow = (
  key: string,
  zh: string,
  en: string,
  values: [number, number, number, number | null],
  aggregation: SafetyRow["aggregation"] = "sum",
): SafetyRow => ({
  key,
  label_zh: zh,
  label_en: en,
  aggregation,
  group: count(values[0]),
  segments: [count(values[1]), count(values[2])],
  prior: [count(values[3], "history: 2025 年 ESG 报告"), count(null)],
});
const safetyPlant = (code: string, segment: string, figures: Record<string, number>, rate: RateFigure, asOf: string | null): SafetyPlant => ({
  plant_code: code,
  plant_name: plants.find((p) => p.code === code)?.name ?? code,
  segment_code: segment,
  figures,
  rate,
  as_of: asOf,
});

/**
 * The safety view of 2026: ELEC 1,500 of 1,500 on time (SZ01; NJ03 reports nothing), CHEM 934 of
 * 935 (WX02) — the group 2,434 of 2,435 = 99.96 % (the average of the segment rates would be
 * 99.95); 2025 from the published report: 2,435 found, all on time.
 */
export function safety(over: Partial<Safety> = {}): Safety {
  return {
    group: group.name,
    year: 2026,
    segments,
    rows: [
      safetyRow("hazards_found", "发现隐患数", "Hazards found", [2435, 1500, 935, 2435]),
      safetyRow("hazards_closed", "销号隐患数", "Hazards closed", [2430, 1498, 932, null]),
      safetyRow("hazards_due", "到期应整改隐患数", "Hazards due for rectification", [2435, 1500, 935, 2435]),
      safetyRow("hazards_closed_on_time", "按期整改完成数", "Hazards rectified by their deadline", [2434, 1500, 934, 2435]),
      safetyRow("hazards_overdue_open", "逾期未整改隐患数", "Overdue open hazards", [1, 0, 1, null], "last"),
      safetyRow("hazards_major_open", "未销号重大隐患数", "Open major hazards", [2, 1, 1, null], "last"),
      safetyRow("hazards_new_red", "新增红色（1 级）隐患", "New hazards, red (grade 1)", [3, 2, 1, null]),
      safetyRow("hazards_new_orange", "新增橙色（2 级）隐患", "New hazards, orange (grade 2)", [40, 25, 15, null]),
      safetyRow("hazards_new_yellow", "新增黄色（3 级）隐患", "New hazards, yellow (grade 3)", [600, 400, 200, null]),
      safetyRow("hazards_new_blue", "新增蓝色（4–5 级）隐患", "New hazards, blue (grades 4–5)", [1700, 1000, 700, null]),
    ],
    rate: {
      label_zh: "按期整改完成率",
      label_en: "On-time rectification rate",
      group: rateFig(2434, 2435, "99.96"),
      segments: [rateFig(1500, 1500, "100.00"), rateFig(934, 935, "99.89")],
      prior: [rateFig(2435, 2435, "100.00", "history: 2025 年 ESG 报告"), rateFig(null, null, "—")],
      definition_zh: "按期整改完成率 = 整改期限在期内且于期限当日或之前销号的隐患数 ÷ 整改期限在期内的隐患数 × 100%（比率之和，不是各比率的平均）",
      definition_en: "On-time rectification rate = hazards whose deadline falls in the period and that were closed on or before it ÷ hazards whose deadline falls in the period × 100 % (a ratio of sums, never an average of rates)",
      formula: "on_time_rate v1 = count(deadline in period AND closed_on <= deadline) / count(deadline in period)",
    },
    plants: [
      safetyPlant(
        "SZ01",
        "ELEC",
        { hazards_found: 1500, hazards_closed: 1498, hazards_due: 1500, hazards_closed_on_time: 1500, hazards_overdue_open: 0, hazards_major_open: 1 },
        rateFig(1500, 1500, "100.00"),
        "2026-12-31",
      ),
      safetyPlant("NJ03", "ELEC", {}, rateFig(null, null, "—"), null),
      safetyPlant(
        "WX02",
        "CHEM",
        { hazards_found: 935, hazards_closed: 932, hazards_due: 935, hazards_closed_on_time: 934, hazards_overdue_open: 1, hazards_major_open: 1 },
        rateFig(934, 935, "99.89"),
        "2026-12-27",
      ),
    ],
    reporting: { plants: 3, reporting: 2 },
    reporting_segments: [
      { plants: 2, reporting: 1 },
      { plants: 1, reporting: 1 },
    ],
    coverage: { plants: 3, expected: 156, received: 150, accepted: 140, missing: 6, returned: 0, anchor_broken: 0 },
    notes_zh: ["逾期未整改隐患数、未销号重大隐患数为时点数：取各工厂当年最后一期数据，再按工厂相加。", "2025 年数据取自以往报告（HQ 录入的历史数据）。"],
    notes_en: ["Overdue open and open major hazards are stocks: each plant's value at its latest week part of the year, added over the plants.", "2025 figures are the published figures entered at HQ."],
    ...over,
  };
}

/** Twelve months: `first` values then zeros. */
const months = (first: number[]): number[] => [...first, ...Array<number>(12 - first.length).fill(0)];

export function dashboard(over: Partial<Dashboard> = {}): Dashboard {
  return {
    year: 2026,
    through_month: 3,
    indicators: [
      {
        key: "hw_generated_g",
        label_zh: "危险废物产生量",
        label_en: "Hazardous waste generated",
        unit: "g",
        series: [
          {
            segment_code: null,
            this_year: months([10_000_000, 12_500_000, 9_000_500]),
            prior_year: [
              9_000_000, 11_000_000, 10_000_000, 9_500_000, 9_800_000, 10_100_000, 9_900_000, 10_000_000, 9_700_000,
              10_300_000, 10_000_000, 9_600_000,
            ],
            ytd: 31_500_500,
            prior_ytd: 30_000_000,
          },
          {
            segment_code: "ELEC",
            this_year: months([6_000_000, 7_500_000, 5_000_500]),
            prior_year: months([6_000_000, 6_000_000, 6_000_000]),
            ytd: 18_500_500,
            prior_ytd: 18_000_000,
          },
          {
            segment_code: "CHEM",
            this_year: months([4_000_000, 5_000_000, 4_000_000]),
            prior_year: months([3_000_000, 5_000_000, 4_000_000]),
            ytd: 13_000_000,
            prior_ytd: 12_000_000,
          },
        ],
      },
    ],
    missing: [{ plant_code: "WX02", plant_name: "无锡二厂", segment_code: "CHEM", missing_weeks: ["2026-W08", "2026-W09"] }],
    counts: { ...emptyCounts, expected: 30, received: 26, due: 2, missing: 2, late: 3, restated: 1, returned: 1, accepted: 20, anchor_broken: 1 },
    ...over,
  };
}

export const years: YearFacts[] = [
  {
    year: 2025,
    revenue_rmb_million: "365906.2",
    revenue_currency: "CNY",
    revenue_note: "2025 年年报第 12 页",
    headcount_fte: 12000,
    headcount_definition: "12 月 31 日在册全职员工",
  },
];

export const history: HistoryFigure[] = [
  { id: "h1", year: 2025, indicator: "hw_generated_g", segment_code: null, value: 90_120_000, source: "2025 年 ESG 报告第 88 页" },
  { id: "h2", year: 2025, indicator: "hw_generated_g", segment_code: "ELEC", value: 55_000_500, source: "2025 年 ESG 报告第 88 页" },
];

export function hqSettingsList(): HqSetting[] {
  return [
    { key: "deadline_days", value: "3", default: "3", help: "a week's packet is due by the end of this many days after its Sunday (plant-local); later is late" },
    { key: "imap_host", value: "", default: "", help: "the HQ mailbox's IMAP server" },
    { key: "imap_port", value: "993", default: "993", help: "its port" },
    { key: "imap_security", value: "tls", default: "tls", help: "tls, starttls or plain" },
    { key: "imap_username", value: "", default: "", help: "the mailbox's user name" },
    { key: "imap_mailbox", value: "INBOX", default: "INBOX", help: "the folder the plants' mails arrive in" },
    { key: "imap_processed_mailbox", value: "EHS-Imported", default: "EHS-Imported", help: "imported mails are moved here (empty: flagged in place instead)" },
    { key: "return_from", value: "", default: "", help: "the sender address of returns to plants" },
    { key: "smtp_host", value: "", default: "", help: "the SMTP server returns are mailed through" },
    { key: "smtp_port", value: "587", default: "587", help: "its port" },
    { key: "smtp_security", value: "starttls", default: "starttls", help: "starttls, tls or none" },
    { key: "smtp_username", value: "", default: "", help: "the SMTP user name (empty: no login)" },
    { key: "smtp_timeout_s", value: "60", default: "60", help: "seconds before a silent server is given up" },
  ];
}

/** An item of HQ's returns outbox: a return of `plant`'s `week` revision 1, pending unless told. */
export function returnItem(plant: string, week: string, over: Partial<ItemStatus> = {}): ItemStatus {
  const revision = over.revision ?? 1;
  return {
    id: `ret-${plant}-${week}`,
    seq: 1,
    stream: "plants",
    kind: "return",
    week,
    revision,
    subject: `[EHS Ledger] HQ 退回 / returned: ${plant} ${week} r${revision}`,
    plant_code: plant,
    created_at: "2026-03-10T02:00:00Z",
    state: "pending",
    attempts: 0,
    next_try_at: null,
    last_event: null,
    ...over,
  };
}

/** HQ's returns outbox: WX02's return bounced (permanent failure), SZ01's was sent. */
export function returnsOutbox(): OutboxStatus {
  const bounced = returnItem("WX02", "2026-W08", {
    seq: 2,
    state: "failed",
    attempts: 1,
    last_event: { item_id: "ret-WX02-2026-W08", at: "2026-03-10T02:01:00Z", kind: "permanent", detail: "550 5.1.1 wx02@example.com: no such user" },
  });
  const sent = returnItem("SZ01", "2026-W07", {
    state: "sent",
    attempts: 1,
    last_event: { item_id: "ret-SZ01-2026-W07", at: "2026-03-03T02:01:00Z", kind: "sent", detail: "250 OK" },
  });
  return { pending: 0, failed: 1, next_try_at: null, due_now: false, last_attempt: bounced.last_event, items: [bounced, sent] };
}

// ---------- a stateful stand-in for npm run dev and screen tests ----------

/** The ISO weeks of `year` (W01 to the last week of that ISO year). */
export function weeksOfYear(year: number): string[] {
  const last = weekOf(`${year}-12-28`);
  const out: string[] = [];
  for (let w = `${year}-W01`; ; w = addWeeks(w, 1)) {
    out.push(w);
    if (w === last) break;
  }
  return out;
}

/** Extra plants for a long grid (the demo backend): `n` plants across the segments. */
export function manyPlants(n: number): RegPlant[] {
  return Array.from({ length: n }, (_, i) =>
    regPlant(`P${String(i + 100).padStart(4, "0")}`, {
      name: `演示工厂 ${i + 1}`,
      segment_code: segments[i % segments.length]!.code,
    }),
  );
}

/** A plausible cell for a demo plant-week (deterministic in the plant's index and the week). */
function demoCell(week: string, i: number, today: string, from: string): Cell {
  const sunday = sundayOf(week);
  if (sunday >= today || sunday < from) return cell(week, "not_expected");
  const n = Number(week.slice(-2));
  if (addWeeks(weekOf(today), -1) === week) return cell(week, "due");
  const k = (i * 7 + n * 3) % 41;
  if (k === 0) return cell(week, "missing");
  if (k === 1) return cell(week, "returned");
  if (k < 6) return cell(week, "received", { late: k === 2, restated: k === 3, revision: k === 3 ? 2 : 1 });
  return cell(week, "accepted");
}

export type HqState = {
  status: AppStatus;
  segments: Segment[];
  plants: RegPlant[];
  keys: RegKey[];
  decisions: Map<string, Decision[]>;
  years: YearFacts[];
  history: HistoryFigure[];
  settings: HqSetting[];
  runs: HqImportRun[];
  /** HQ's returns outbox (newest first, as `sync_status` lists it). */
  outbox: ItemStatus[];
  smtpPassword: "keyring" | "session_only" | "missing" | "not_needed";
  today: string;
};

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * Handlers for app_status, sign-in/out, setup_hq and every hq_* command over one state. The
 * grid is derived from the plants and the decisions taken; pass `extraPlants` for a long grid.
 * Lists are answered as fresh copies, as over IPC: a screen never holds the stand-in's objects.
 */
export function hqHandlers(init: Partial<HqState> = {}, extraPlants = 0): Record<string, Handler> {
  const s: HqState = {
    status: statusHqSignedIn,
    segments: [...segments],
    plants: [...plants, ...manyPlants(extraPlants)],
    keys: [...keys],
    decisions: new Map(),
    years: [...years],
    history: [...history],
    settings: hqSettingsList(),
    runs: [...importRuns],
    outbox: returnsOutbox().items,
    smtpPassword: "missing",
    today: new Date().toISOString().slice(0, 10),
    ...init,
  };
  const cellOf = (p: RegPlant, index: number, week: string): Cell => {
    const base = demoCell(week, index, s.today, p.in_boundary_from);
    const ds = s.decisions.get(`${p.code}|${week}`) ?? [];
    const last = ds.at(-1);
    if (!last || base.revision === null) return base;
    if (last.action === "accept") return { ...base, state: "accepted" };
    if (last.action === "return") return { ...base, state: "returned" };
    return { ...base, state: "received" };
  };
  const rowsOf = (q: GridQuery): { weeks: string[]; rows: GridRow[] } => {
    const weeks = weeksOfYear(q.year);
    const rows = s.plants
      .map((p, i) => ({
        plant_code: p.code,
        plant_name: p.name,
        segment_code: p.segment_code,
        cells: weeks.map((w) => cellOf(p, i, w)),
      }))
      .filter((r) => !q.segment_code || r.segment_code === q.segment_code)
      .filter(
        (r) =>
          q.only.length === 0 ||
          r.cells.some((c) =>
            q.only.some((o) =>
              o === "late" ? c.late : o === "restated" ? c.restated : o === "anchor_broken" ? c.anchor_broken !== null : c.state === o,
            ),
          ),
      );
    return { weeks, rows };
  };
  const decide = (action: string) => (a: Record<string, unknown>) => {
    const text = str(a.comment ?? a.reason).trim();
    if (action !== "accept" && !text) {
      throw { kind: "Invalid", message: "say what the plant should check or correct", field: action === "reopen" ? "reason" : "comment" };
    }
    const k = `${str(a.plant)}|${str(a.week)}`;
    const d = decision(action, { id: `d-${Date.now()}`, comment: text, at: new Date().toISOString(), by: s.status.session?.display_name ?? "" });
    s.decisions.set(k, [...(s.decisions.get(k) ?? []), d]);
    return d;
  };
  return {
    app_status: () => s.status,
    sign_in: () => {
      s.status = statusHqSignedIn;
      return analyst;
    },
    sign_out: () => {
      s.status = statusHqSignIn;
      return null;
    },
    setup_hq: (a) => {
      const input = a.input as { group_name: string; timezone: string };
      s.status = { ...statusHqSignedIn, group: { ...group, name: input.group_name, timezone: input.timezone } };
      return analyst;
    },
    list_jobs: () => [],
    cancel_job: () => true,
    hq_segments: () => [...s.segments],
    hq_add_segment: (a) => {
      const seg: Segment = { id: `seg-${str(a.code)}`, code: str(a.code), name_zh: str(a.nameZh), name_en: str(a.nameEn) };
      if (s.segments.some((x) => x.code === seg.code)) {
        throw { kind: "Conflict", message: `segment '${seg.code}' exists already`, field: "code" };
      }
      s.segments.push(seg);
      return seg;
    },
    hq_plants: () => s.plants.map((p) => ({ ...p })),
    hq_add_plant: (a) => {
      const input = a.input as PlantInput;
      const p = regPlant(input.code, { ...input, out_of_boundary_from: null, fingerprints: ["0011223344556677"] });
      s.plants.push(p);
      return p;
    },
    hq_change_plant: (a) => {
      const p = s.plants.find((x) => x.code === a.code);
      if (!p) throw { kind: "NotFound", message: `plant ${str(a.code)} is not registered`, field: "code" };
      const c = a.change as Record<string, string | null>;
      for (const [k, v] of Object.entries(c)) if (v !== null) (p as Record<string, unknown>)[k] = v === "" ? null : v;
      return { ...p };
    },
    hq_keys: (a) => s.keys.filter((k) => !a.code || k.plant_code === a.code),
    hq_rotate_key: (a) => {
      const k: RegKey = {
        id: `k-${s.keys.length + 1}`,
        plant_code: str(a.code),
        fingerprint: "5566778899aabbcc",
        valid_from: str(a.validFrom),
        valid_until: null,
        note: str(a.note),
      };
      s.keys.push(k);
      return k;
    },
    hq_import_paths: () => importReport(),
    hq_import_runs: () => [...s.runs],
    hq_import_items: () => importReport().results,
    hq_grid: (a) => {
      const q = a.query as GridQuery;
      const { weeks, rows } = rowsOf(q);
      const page = q.limit > 0 ? rows.slice(q.offset, q.offset + q.limit) : rows;
      return grid(q.year, weeks, page, { counts: countsOf(rows), plants_total: rows.length });
    },
    hq_week_history: (a) =>
      weekHistory(str(a.plant), str(a.week), { decisions: [...(s.decisions.get(`${str(a.plant)}|${str(a.week)}`) ?? [])].reverse() }),
    hq_accept: decide("accept"),
    hq_reopen: decide("reopen"),
    hq_return: (a) => {
      // Mailed (queued in the outbox) when the plant has an e-mail; else the file is handed over.
      const d = decide("return")(a);
      const email = s.plants.find((p) => p.code === a.plant)?.email ?? "";
      d.delivery = email ? "pending" : null;
      if (email) s.outbox.unshift(returnItem(str(a.plant), str(a.week), { id: `ret-${d.id}`, seq: s.outbox.length + 1 }));
      return [d, `/home/analyst/EHS-Ledger/exports/${str(a.plant)}_${str(a.week)}_r1.return.json`];
    },
    hq_years: () => [...s.years],
    hq_set_year: (a) => {
      const f = a.facts as YearFacts;
      if (f.revenue_currency.trim() && f.revenue_currency.trim() !== "CNY" && !f.revenue_note.trim()) {
        throw {
          kind: "Invalid",
          message: `revenue converted from ${f.revenue_currency}: give the original amount, the FX rate and its date`,
          field: "revenue_note",
        };
      }
      s.years = [...s.years.filter((y) => y.year !== f.year), f].sort((x, y) => y.year - x.year);
      return f;
    },
    hq_history: (a) => s.history.filter((h) => a.year === null || a.year === undefined || h.year === a.year),
    hq_import_history: () => ({ rows: 12 }),
    hq_appendix: (a) => appendix({ year: Number(a.year), view: a.view as Appendix["view"] }),
    hq_appendix_export: (a) => `/home/analyst/EHS-Ledger/exports/KPI-appendix_${String(a.year)}_${str(a.view)}_${str(a.lang)}.${str(a.format)}`,
    hq_drill: () => drillRows,
    hq_dashboard: (a) => dashboard({ year: Number(a.year) }),
    hq_safety: (a) => safety({ year: Number(a.year) }),
    hq_safety_export: (a) => `/home/analyst/EHS-Ledger/exports/safety_${String(a.year)}_${str(a.lang)}.${str(a.format)}`,
    hq_settings: () => s.settings.map((x) => ({ ...x })),
    hq_set_setting: (a) => {
      const row = s.settings.find((x) => x.key === a.key);
      if (!row) throw { kind: "Invalid", message: `'${str(a.key)}' is not an HQ setting`, field: "key" };
      row.value = str(a.value).trim();
      return { ...row };
    },
    hq_public_key: () => ["5f3a9c0e11d2b4a7", PEM],
    hq_fetch_now: () => ({ messages: 3, accepted: 2, duplicates: 0, rejected: 0, not_packets: 1, retried: 0, skipped_known: 0, too_large: 0 }),
    hq_fetch_state: () => ({ last_run_at: "2026-12-02T01:00:00Z", last_error: "imap_password: no password is known for imap:ehs-hq@imap.group.cn: enter it", last: null, stopped: false }),
    // The outbox commands an HQ file answers (its returns to the plants).
    sync_status: (): OutboxStatus => {
      const items = s.outbox.map((i) => ({ ...i }));
      const failed = items.filter((i) => i.state === "failed");
      return {
        pending: items.filter((i) => i.state === "pending").length,
        failed: failed.length,
        next_try_at: null,
        due_now: items.some((i) => i.state === "pending"),
        last_attempt: failed[0]?.last_event ?? null,
        items,
      };
    },
    sync_worker_state: () => ({ last_run_at: "2026-03-10T02:01:00Z", last_error: null, last_deliveries: [], stopped: false }),
    sync_send_now: () => null,
    sync_retry: (a) => {
      const it = s.outbox.find((i) => i.id === a.itemId);
      if (!it) throw { kind: "NotFound", message: `outbox item ${str(a.itemId)} does not exist`, field: null };
      if (it.state !== "failed") throw { kind: "Conflict", message: `outbox item ${it.id} is ${it.state}, not failed: nothing to retry`, field: null };
      it.state = "pending";
      it.last_event = { item_id: it.id, at: new Date().toISOString(), kind: "retry", detail: "" };
      return { ...it };
    },
    smtp_password_state: () => s.smtpPassword,
    smtp_password_set: (a) => {
      if (!str(a.password)) throw { kind: "Invalid", message: "enter the password", field: "password" };
      s.smtpPassword = "keyring";
      return s.smtpPassword;
    },
    hq_imap_password_set: (a) => {
      if (!str(a.password)) throw { kind: "Invalid", message: "enter the mailbox password", field: "password" };
      return null;
    },
  };
}
