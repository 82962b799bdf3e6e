// Test fixtures: the LEC scales as the core sends them (lec::scales) and hazards in each state.
import type { Hazard, HazardKpis, LecScales, Session } from "../../ipc/api";

const step = (tenths: number, wording: string) => ({
  value: tenths % 10 === 0 ? String(tenths / 10) : `${Math.trunc(tenths / 10)}.${tenths % 10}`,
  tenths,
  wording,
});

export const scales: LecScales = {
  l: [
    step(100, "完全可以预料"),
    step(60, "相当可能"),
    step(30, "可能，但不经常"),
    step(10, "可能性小，完全意外"),
    step(5, "很不可能，可以设想"),
    step(2, "极不可能"),
    step(1, "实际不可能"),
  ],
  e: [
    step(100, "连续暴露"),
    step(60, "每天工作时间内暴露"),
    step(30, "每周一次或偶然暴露"),
    step(20, "每月一次暴露"),
    step(10, "每年几次暴露"),
    step(5, "非常罕见地暴露"),
  ],
  c: [
    step(1000, "大灾难，许多人死亡"),
    step(400, "灾难，数人死亡"),
    step(150, "非常严重，一人死亡"),
    step(70, "严重，重伤"),
    step(30, "重大，致残"),
    step(10, "引人注目，需要救护"),
  ],
  bands: [
    { min_d: 320, grade: 1, colour: "red" },
    { min_d: 160, grade: 2, colour: "orange" },
    { min_d: 70, grade: 3, colour: "yellow" },
    { min_d: 20, grade: 4, colour: "blue" },
    { min_d: 0, grade: 5, colour: "blue" },
  ],
  bands_version: "LEC-5band-2026: [320,∞)=1 [160,320)=2 [70,160)=3 [20,70)=4 [0,20)=5",
};

export const inspector: Session = { user_id: "u-zhang", username: "zhang.san", display_name: "张三", role: "inspector" };
export const worker: Session = { user_id: "u-li", username: "li.si", display_name: "李四", role: "inspector" };

const lec = (l: string, e: string, c: string, d: string, grade: number, colour: "red" | "orange" | "yellow" | "blue") => ({
  l,
  e,
  c,
  d,
  grade,
  colour,
  table: scales.bands_version,
});

export function hazard(over: Partial<Hazard> & Pick<Hazard, "number">): Hazard {
  return {
    id: `id-${over.number}`,
    found_at_local: "2026-03-10 09:00",
    local_date: "2026-03-10",
    area: "冲压车间",
    equipment: "200T 冲床",
    description: "光电保护装置失效",
    category: "机械伤害",
    source: "daily",
    level: "general",
    lec: null,
    status: "registered",
    assignee: null,
    assignee_name: null,
    department: null,
    deadline: null,
    closed_on: null,
    overdue: false,
    exceedance_id: null,
    ...over,
  };
}

export const board: Hazard[] = [
  hazard({ number: "YH-2026-0001", lec: lec("10", "6", "15", "900", 1, "red"), level: "major" }),
  hazard({
    number: "YH-2026-0002",
    status: "assigned",
    lec: lec("6", "6", "7", "252", 2, "orange"),
    assignee: worker.user_id,
    assignee_name: "李四",
    deadline: "2026-03-05",
    overdue: true,
  }),
  hazard({
    number: "YH-2026-0003",
    status: "rectified",
    lec: lec("1", "6", "15", "90", 3, "yellow"),
    assignee: worker.user_id,
    assignee_name: "李四",
    deadline: "2026-03-20",
  }),
  hazard({ number: "YH-2026-0004", status: "verified", lec: lec("0.5", "6", "1", "3", 5, "blue"), deadline: "2026-03-20" }),
];
export const closed: Hazard[] = [
  hazard({ number: "YH-2026-0005", status: "closed", deadline: "2026-03-01", closed_on: "2026-02-28" }),
];

export const kpis: HazardKpis = {
  from: "2026-03-01",
  to: "2026-03-10",
  found: 12,
  closed: 7,
  due: 8,
  closed_on_time: 6,
  on_time_rate_pct: "75.00",
  on_time_definition:
    "on_time_rate v1 = count(deadline in period AND closed_on <= deadline) / count(deadline in period); deadline = the latest extended one",
  open: 9,
  overdue_open: 2,
  major_open: 1,
  mean_days_to_close: 4.5,
  found_by_area: { 冲压车间: 8, 涂装车间: 4 },
  found_by_grade: { "0": 1, "2": 5, "3": 6 },
};
