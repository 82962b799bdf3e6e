// Inspections (隐患排查): checklists (saving with `supersedes` makes the next version),
// schedules, the rounds due, recording a round (each failed item becomes a hazard found on the
// round; its photos then go to that hazard with hazardPhotoAdd), the rounds with their findings,
// one round with its items, its record PDF and the rounds workbook written to the export folder.
import { invoke } from "./core";
import type { DueRound } from "./bindings/DueRound";
import type { Lang } from "./bindings/Lang";
import type { NewRound } from "./bindings/NewRound";
import type { NewSchedule } from "./bindings/NewSchedule";
import type { RoundDetail } from "./bindings/RoundDetail";
import type { RoundDone } from "./bindings/RoundDone";
import type { RoundQuery } from "./bindings/RoundQuery";
import type { RoundSummary } from "./bindings/RoundSummary";
import type { Schedule } from "./bindings/Schedule";
import type { Template } from "./bindings/Template";
import type { TemplateKind } from "./bindings/TemplateKind";

export type { DueRound } from "./bindings/DueRound";
export type { Every } from "./bindings/Every";
export type { Finding } from "./bindings/Finding";
export type { ItemOutcome } from "./bindings/ItemOutcome";
export type { ItemResult } from "./bindings/ItemResult";
export type { NewRound } from "./bindings/NewRound";
export type { NewSchedule } from "./bindings/NewSchedule";
export type { RaisedHazard } from "./bindings/RaisedHazard";
export type { RoundDetail } from "./bindings/RoundDetail";
export type { RoundDone } from "./bindings/RoundDone";
export type { RoundItem } from "./bindings/RoundItem";
export type { RoundQuery } from "./bindings/RoundQuery";
export type { RoundSummary } from "./bindings/RoundSummary";
export type { Schedule } from "./bindings/Schedule";
export type { Template } from "./bindings/Template";
export type { TemplateKind } from "./bindings/TemplateKind";

/** The live checklists (the latest version of each). */
export const inspectionTemplates = (): Promise<Template[]> => invoke<Template[]>("inspection_templates");

/** A new checklist, or with `supersedes` (the current version's id) its next version. */
export const inspectionTemplateSave = (
  name: string,
  kind: TemplateKind,
  items: string[],
  supersedes: string | null,
): Promise<Template> => invoke<Template>("inspection_template_save", { name, kind, items, supersedes });

export const inspectionSchedules = (): Promise<Schedule[]> => invoke<Schedule[]>("inspection_schedules");

export const inspectionScheduleAdd = (input: NewSchedule): Promise<Schedule> =>
  invoke<Schedule>("inspection_schedule_add", { input });

/** The rounds due by today (and `ahead` days after it) not yet done, oldest first. */
export const inspectionDue = (ahead: number): Promise<DueRound[]> => invoke<DueRound[]>("inspection_due", { ahead });

/** Records a round; the hazards its failed items became, with their item numbers. */
export const inspectionRoundRecord = (input: NewRound): Promise<RoundDone> =>
  invoke<RoundDone>("inspection_round_record", { input });

/** Rounds, the newest first. */
export const inspectionRounds = (query: RoundQuery): Promise<RoundSummary[]> =>
  invoke<RoundSummary[]>("inspection_rounds", { query });

export const inspectionRound = (round: string): Promise<RoundDetail> => invoke<RoundDetail>("inspection_round", { round });

/** Writes the round's record (隐患排查记录) PDF to the export folder; the path. */
export const inspectionReportPdf = (round: string, lang: Lang): Promise<string> =>
  invoke<string>("inspection_report_pdf", { round, lang });

/** Writes the rounds of `query` as an xlsx workbook to the export folder; the path. */
export const inspectionRoundsXlsx = (query: RoundQuery, lang: Lang): Promise<string> =>
  invoke<string>("inspection_rounds_xlsx", { query, lang });
