// Hidden hazards (隐患): registration with LEC, the rectification loop (assign with the 五到位
// plan for a major hazard, rectify, verify pass/fail, close 销号, extend, escalate), the adoption
// of a wastewater exceedance, lists and history, KPIs with their trend, and the LEC scales the
// pickers show, and every list and the KPIs as an xlsx workbook in the export folder. The core
// decides who may take which step; the UI only offers them.
import { invoke } from "./core";
import type { AssignInput } from "./bindings/AssignInput";
import type { Hazard } from "./bindings/Hazard";
import type { HazardEvent } from "./bindings/HazardEvent";
import type { Board } from "./bindings/Board";
import type { DesktopNotice } from "./bindings/DesktopNotice";
import type { HazardExport } from "./bindings/HazardExport";
import type { HazardKpis } from "./bindings/HazardKpis";
import type { HazardQuery } from "./bindings/HazardQuery";
import type { Lang } from "./bindings/Lang";
import type { LecScales } from "./bindings/LecScales";
import type { NewHazard } from "./bindings/NewHazard";
import type { TrendUnit } from "./bindings/TrendUnit";

export type { AssignInput } from "./bindings/AssignInput";
export type { Board } from "./bindings/Board";
export type { BoardColumn } from "./bindings/BoardColumn";
export type { DesktopNotice } from "./bindings/DesktopNotice";
export type { ReminderKind } from "./bindings/ReminderKind";
export type { Colour } from "./bindings/Colour";
export type { Hazard } from "./bindings/Hazard";
export type { HazardEvent } from "./bindings/HazardEvent";
export type { HazardEventKind } from "./bindings/HazardEventKind";
export type { HazardExport } from "./bindings/HazardExport";
export type { HazardKpis } from "./bindings/HazardKpis";
export type { HazardLevel } from "./bindings/HazardLevel";
export type { HazardQuery } from "./bindings/HazardQuery";
export type { HazardSource } from "./bindings/HazardSource";
export type { HazardStatus } from "./bindings/HazardStatus";
export type { Lec } from "./bindings/Lec";
export type { LecBand } from "./bindings/LecBand";
export type { LecScales } from "./bindings/LecScales";
export type { MajorPlan } from "./bindings/MajorPlan";
export type { NewHazard } from "./bindings/NewHazard";
export type { ScaleStep } from "./bindings/ScaleStep";
export type { TrendUnit } from "./bindings/TrendUnit";

export const hazardRegister = (input: NewHazard): Promise<Hazard> => invoke<Hazard>("hazard_register", { input });

/** Assigns (or re-assigns) a hazard (id or number); a major one needs `plan`. */
export const hazardAssign = (hazard: string, input: AssignInput): Promise<Hazard> =>
  invoke<Hazard>("hazard_assign", { hazard, input });

export const hazardRectify = (hazard: string, note: string): Promise<Hazard> =>
  invoke<Hazard>("hazard_rectify", { hazard, note });

/** Passed, or failed with the reason in `note` (required then). */
export const hazardVerify = (hazard: string, pass: boolean, note: string): Promise<Hazard> =>
  invoke<Hazard>("hazard_verify", { hazard, pass, note });

export const hazardClose = (hazard: string, note: string): Promise<Hazard> =>
  invoke<Hazard>("hazard_close", { hazard, note });

export const hazardExtend = (hazard: string, deadline: string, reason: string): Promise<Hazard> =>
  invoke<Hazard>("hazard_extend", { hazard, deadline, reason });

export const hazardEscalate = (hazard: string, reason: string): Promise<Hazard> =>
  invoke<Hazard>("hazard_escalate", { hazard, reason });

export const hazardAdoptExceedance = (exceedanceId: string): Promise<Hazard> =>
  invoke<Hazard>("hazard_adopt_exceedance", { exceedanceId });

export const hazardGet = (hazard: string): Promise<Hazard> => invoke<Hazard>("hazard_get", { hazard });

/** Live hazards, the earliest deadline first. */
export const hazardList = (query: HazardQuery): Promise<Hazard[]> => invoke<Hazard[]>("hazard_list", { query });

export const hazardHistory = (hazard: string): Promise<HazardEvent[]> =>
  invoke<HazardEvent[]>("hazard_history", { hazard });

/** KPIs of plant-local days `from..=to` (YYYY-MM-DD). */
export const hazardKpis = (from: string, to: string): Promise<HazardKpis> =>
  invoke<HazardKpis>("hazard_kpis", { from, to });

/** KPIs of the last `count` weeks or months up to `to`, oldest first. */
export const hazardKpiTrend = (unit: TrendUnit, to: string, count: number): Promise<HazardKpis[]> =>
  invoke<HazardKpis[]>("hazard_kpi_trend", { unit, to, count });

export const hazardLecScales = (): Promise<LecScales> => invoke<LecScales>("hazard_lec_scales");

/** The signed-in user's hazard clocks to show as OS notifications (each `key` once). */
export const hazardDesktopNotices = (): Promise<DesktopNotice[]> => invoke<DesktopNotice[]>("hazard_desktop_notices");

/** The board: per status column its count, overdue count and first `query.limit` (default 50). */
export const hazardBoard = (query: HazardQuery): Promise<Board> => invoke<Board>("hazard_board", { query });
/** Writes a list (the register for a query, my tasks, a calendar month) or the KPI tables as an
 * xlsx workbook to the export folder, worded in `lang`; resolves to the saved file's path. */
export const hazardExportXlsx = (what: HazardExport, lang: Lang): Promise<string> =>
  invoke<string>("hazard_export_xlsx", { what, lang });
