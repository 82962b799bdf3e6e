// HQ mode: first-run set-up of an HQ database, the registry (segments, plants with their
// boundary dates and keys), packet import (paths dropped on the window or typed; a job of the
// registry with progress and cancel) and its log, the week × plant grid, a plant-week's history
// and the analyst's decisions (accept / return / reopen), the year's facts and the historical
// figures, the KPI appendix (view, export, drill-down), the safety view (hazards per segment,
// export), the dashboard, HQ's settings and HQ's own public key. Every figure arrives as exact
// integers or decimal text from the core.
import { Channel, invoke } from "./core";
import type { Appendix } from "./bindings/Appendix";
import type { Dashboard } from "./bindings/Dashboard";
import type { FetchState } from "./bindings/FetchState";
import type { FetchSummary } from "./bindings/FetchSummary";
import type { Decision } from "./bindings/Decision";
import type { DrillRow } from "./bindings/DrillRow";
import type { Grid } from "./bindings/Grid";
import type { GridQuery } from "./bindings/GridQuery";
import type { HistoryFigure } from "./bindings/HistoryFigure";
import type { HistoryImport } from "./bindings/HistoryImport";
import type { HqImportItem } from "./bindings/HqImportItem";
import type { HqImportReport } from "./bindings/HqImportReport";
import type { HqImportRun } from "./bindings/HqImportRun";
import type { HqSetting } from "./bindings/HqSetting";
import type { HqSetupInput } from "./bindings/HqSetupInput";
import type { JobProgress } from "./bindings/JobProgress";
import type { Lang } from "./bindings/Lang";
import type { PlantChange } from "./bindings/PlantChange";
import type { PlantInput } from "./bindings/PlantInput";
import type { RegKey } from "./bindings/RegKey";
import type { RegPlant } from "./bindings/RegPlant";
import type { Safety } from "./bindings/Safety";
import type { Segment } from "./bindings/Segment";
import type { Session } from "./bindings/Session";
import type { View } from "./bindings/View";
import type { WeekHistory } from "./bindings/WeekHistory";
import type { YearFacts } from "./bindings/YearFacts";

export type { AnchorBreak } from "./bindings/AnchorBreak";
export type { Appendix } from "./bindings/Appendix";
export type { AppendixFigure } from "./bindings/AppendixFigure";
export type { AppendixRow } from "./bindings/AppendixRow";
export type { Cell } from "./bindings/Cell";
export type { CellState } from "./bindings/CellState";
export type { Coverage } from "./bindings/Coverage";
export type { Dashboard } from "./bindings/Dashboard";
export type { FetchState } from "./bindings/FetchState";
export type { FetchSummary } from "./bindings/FetchSummary";
export type { DbKind } from "./bindings/DbKind";
export type { Decision } from "./bindings/Decision";
export type { DrillRow } from "./bindings/DrillRow";
export type { Grid } from "./bindings/Grid";
export type { GridCounts } from "./bindings/GridCounts";
export type { GridQuery } from "./bindings/GridQuery";
export type { GridRow } from "./bindings/GridRow";
export type { HistoryFigure } from "./bindings/HistoryFigure";
export type { HistoryImport } from "./bindings/HistoryImport";
export type { HqImportItem } from "./bindings/HqImportItem";
export type { HqImportReport } from "./bindings/HqImportReport";
export type { HqImportRun } from "./bindings/HqImportRun";
export type { HqOrg } from "./bindings/HqOrg";
export type { HqSetting } from "./bindings/HqSetting";
export type { HqSetupInput } from "./bindings/HqSetupInput";
export type { ImportOutcome } from "./bindings/ImportOutcome";
export type { ImportSource } from "./bindings/ImportSource";
export type { IndicatorSeries } from "./bindings/IndicatorSeries";
export type { IntensityRow } from "./bindings/IntensityRow";
export type { MissingPlant } from "./bindings/MissingPlant";
export type { PlantChange } from "./bindings/PlantChange";
export type { PlantInput } from "./bindings/PlantInput";
export type { RegKey } from "./bindings/RegKey";
export type { RegPlant } from "./bindings/RegPlant";
export type { RateFigure } from "./bindings/RateFigure";
export type { Reporting } from "./bindings/Reporting";
export type { Revision } from "./bindings/Revision";
export type { RowReconciliation } from "./bindings/RowReconciliation";
export type { Safety } from "./bindings/Safety";
export type { SafetyPlant } from "./bindings/SafetyPlant";
export type { SafetyRate } from "./bindings/SafetyRate";
export type { SafetyRow } from "./bindings/SafetyRow";
export type { Segment } from "./bindings/Segment";
export type { SegmentSeries } from "./bindings/SegmentSeries";
export type { View } from "./bindings/View";
export type { WeekHistory } from "./bindings/WeekHistory";
export type { YearFacts } from "./bindings/YearFacts";

/** The appendix views, in the order the select offers them. */
export const APPENDIX_VIEWS: readonly View[] = ["all", "hkex", "gri"];
/** The formats the appendix exports to. */
export type AppendixFormat = "xlsx" | "pdf";

// ---- set-up ----

/** First-run set-up in HQ mode: the database becomes an HQ database; signs the admin in. */
export const setupHq = (input: HqSetupInput): Promise<Session> => invoke<Session>("setup_hq", { input });

// ---- registry ----

/** The business segments, in appendix order. */
export const hqSegments = (): Promise<Segment[]> => invoke<Segment[]>("hq_segments");

/** Adds a business segment (one more column of the appendix). */
export const hqAddSegment = (code: string, nameZh: string, nameEn: string): Promise<Segment> =>
  invoke<Segment>("hq_add_segment", { code, nameZh, nameEn });

/** The registered plants. */
export const hqPlants = (): Promise<RegPlant[]> => invoke<RegPlant[]>("hq_plants");

/** Registers a plant with its public key. */
export const hqAddPlant = (input: PlantInput): Promise<RegPlant> => invoke<RegPlant>("hq_add_plant", { input });

/** Changes a registered plant (only the fields given change). */
export const hqChangePlant = (code: string, change: PlantChange): Promise<RegPlant> =>
  invoke<RegPlant>("hq_change_plant", { code, change });

/** The registered keys, of one plant or of all. */
export const hqKeys = (code: string | null = null): Promise<RegKey[]> => invoke<RegKey[]>("hq_keys", { code });

/** Registers a plant's new key from `validFrom` (the previous one ends the day before). */
export const hqRotateKey = (code: string, pem: string, validFrom: string, note: string): Promise<RegKey> =>
  invoke<RegKey>("hq_rotate_key", { code, pem, validFrom, note });

// ---- import ----

/**
 * Imports files and folders as one run (a job: the first progress message names it, for
 * `cancelJob`). Resolves to the run's report.
 */
export const hqImportPaths = (paths: string[], onProgress: (p: JobProgress) => void): Promise<HqImportReport> => {
  const channel = new Channel<JobProgress>();
  channel.onmessage = onProgress;
  return invoke<HqImportReport>("hq_import_paths", { paths, onProgress: channel });
};

/** The import log, newest first. */
export const hqImportRuns = (): Promise<HqImportRun[]> => invoke<HqImportRun[]>("hq_import_runs");

/** Every item of one import run with its outcome. */
export const hqImportItems = (run: string): Promise<HqImportItem[]> => invoke<HqImportItem[]>("hq_import_items", { run });

// ---- review ----

/** The week × plant grid of a year (a page of plants, counts over the whole filter). */
export const hqGrid = (query: GridQuery): Promise<Grid> => invoke<Grid>("hq_grid", { query });

/** One plant-week's revisions and decisions. */
export const hqWeekHistory = (plant: string, week: string): Promise<WeekHistory> =>
  invoke<WeekHistory>("hq_week_history", { plant, week });

/** Accepts the highest revision received (a comment is optional unless the anchor broke). */
export const hqAccept = (plant: string, week: string, comment: string): Promise<Decision> =>
  invoke<Decision>("hq_accept", { plant, week, comment });

/** Lifts an accept, with a reason. */
export const hqReopen = (plant: string, week: string, reason: string): Promise<Decision> =>
  invoke<Decision>("hq_reopen", { plant, week, reason });

/** Returns the week to the plant with a comment; resolves to the decision and the signed message's file path. */
export const hqReturn = (plant: string, week: string, comment: string): Promise<[Decision, string]> =>
  invoke<[Decision, string]>("hq_return", { plant, week, comment });

// ---- years and history ----

/** Every reporting year's revenue and headcount. */
export const hqYears = (): Promise<YearFacts[]> => invoke<YearFacts[]>("hq_years");

/** Sets (or corrects) a year's revenue and headcount. */
export const hqSetYear = (facts: YearFacts): Promise<YearFacts> => invoke<YearFacts>("hq_set_year", { facts });

/** The historical figures, of one year or all. */
export const hqHistory = (year: number | null = null): Promise<HistoryFigure[]> =>
  invoke<HistoryFigure[]>("hq_history", { year });

/** Imports historical figures from an xlsx or csv file (year, indicator, segment, value, source). */
export const hqImportHistory = (path: string): Promise<HistoryImport> =>
  invoke<HistoryImport>("hq_import_history", { path });

// ---- appendix and dashboard ----

/** The KPI appendix of a year in a view. */
export const hqAppendix = (year: number, view: View): Promise<Appendix> => invoke<Appendix>("hq_appendix", { year, view });

/** Saves the appendix as xlsx or PDF in the export folder; resolves to its path. */
export const hqAppendixExport = (year: number, view: View, lang: Lang, format: AppendixFormat): Promise<string> =>
  invoke<string>("hq_appendix_export", { year, view, lang, format });

/** The plant-week month parts a figure adds up (`segment` null: the group). */
export const hqDrill = (year: number, key: string, segment: string | null = null): Promise<DrillRow[]> =>
  invoke<DrillRow[]>("hq_drill", { year, key, segment });

/** The group safety view of a year: hazards per segment and prior years, the on-time rate. */
export const hqSafety = (year: number): Promise<Safety> => invoke<Safety>("hq_safety", { year });

/** Saves the safety view as xlsx or PDF in the export folder; resolves to its path. */
export const hqSafetyExport = (year: number, lang: Lang, format: AppendixFormat): Promise<string> =>
  invoke<string>("hq_safety_export", { year, lang, format });

/** The dashboard of a year. */
export const hqDashboard = (year: number): Promise<Dashboard> => invoke<Dashboard>("hq_dashboard", { year });

// ---- settings and HQ's key ----

/** HQ's settings with their values, defaults and help. */
export const hqSettings = (): Promise<HqSetting[]> => invoke<HqSetting[]>("hq_settings");

/** Sets one HQ setting (checked by the core). */
export const hqSetSetting = (key: string, value: string): Promise<HqSetting> =>
  invoke<HqSetting>("hq_set_setting", { key, value });

/** HQ's public key (made on first use): its fingerprint and the PEM plants register. */
export const hqPublicKey = (): Promise<[string, string]> => invoke<[string, string]>("hq_public_key");

/** Reads the HQ mailbox now (IMAP), as the signed-in analyst. */
export const hqFetchNow = (): Promise<FetchSummary> => invoke<FetchSummary>("hq_fetch_now");
/** What the background mailbox task last did. */
export const hqFetchState = (): Promise<FetchState> => invoke<FetchState>("hq_fetch_state");
/** The mailbox password, into the OS keyring (or this session's memory); never the database. */
export const hqImapPasswordSet = (password: string): Promise<void> => invoke<void>("hq_imap_password_set", { password });
