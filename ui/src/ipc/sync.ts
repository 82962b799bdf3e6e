// The weekly sync to HQ: a week's preview (figures per calendar-month part, details, plausibility
// flags and the registry rows that label them), the plant key that signs the packets, building
// and queueing a week, the outbox (status, retry, send now), the export to a folder, the
// management report PDF, and the SMTP password (kept in the OS keyring, never in the database).
import { invoke } from "./core";
import type { BuildRequest } from "./bindings/BuildRequest";
import type { Built } from "./bindings/Built";
import type { Exported } from "./bindings/Exported";
import type { ItemStatus } from "./bindings/ItemStatus";
import type { OutboxStatus } from "./bindings/OutboxStatus";
import type { PublicKeyInfo } from "./bindings/PublicKeyInfo";
import type { SubmittedWeek } from "./bindings/SubmittedWeek";
import type { WeekState } from "./bindings/WeekState";
import type { WeekView } from "./bindings/WeekView";
import type { WorkerState } from "./bindings/WorkerState";
import type { ScheduleStatus } from "./bindings/ScheduleStatus";
import type { ManagementReport } from "./bindings/ManagementReport";
import type { HqKey } from "./bindings/HqKey";
import type { ReceivedReturn } from "./bindings/ReceivedReturn";
import type { ReturnImport } from "./bindings/ReturnImport";

export type { HqKey } from "./bindings/HqKey";
export type { ReceivedReturn } from "./bindings/ReceivedReturn";
export type { ReturnImport } from "./bindings/ReturnImport";

export type { WeekView } from "./bindings/WeekView";
export type { PreviewPart } from "./bindings/PreviewPart";
export type { IndicatorInfo } from "./bindings/IndicatorInfo";
export type { Figure } from "./bindings/Figure";
export type { FigureMethod } from "./bindings/FigureMethod";
export type { IndicatorUnit } from "./bindings/IndicatorUnit";
export type { Flag } from "./bindings/Flag";
export type { FlagKind } from "./bindings/FlagKind";
export type { WasteDetails } from "./bindings/WasteDetails";
export type { HwCodeDetail } from "./bindings/HwCodeDetail";
export type { SwCodeDetail } from "./bindings/SwCodeDetail";
export type { SwRouteDetail } from "./bindings/SwRouteDetail";
export type { PublicKeyInfo } from "./bindings/PublicKeyInfo";
export type { BuildRequest } from "./bindings/BuildRequest";
export type { Built } from "./bindings/Built";
export type { FlagNote } from "./bindings/FlagNote";
export type { Exported } from "./bindings/Exported";
export type { OutboxStatus } from "./bindings/OutboxStatus";
export type { ItemStatus } from "./bindings/ItemStatus";
export type { ItemState } from "./bindings/ItemState";
export type { LastEvent } from "./bindings/LastEvent";
export type { EventKind } from "./bindings/EventKind";
export type { Stream } from "./bindings/Stream";
export type { SubmittedWeek } from "./bindings/SubmittedWeek";
export type { WeekState } from "./bindings/WeekState";
export type { SmtpSecurity } from "./bindings/SmtpSecurity";
export type { Transport } from "./bindings/Transport";
export type { Lang } from "./bindings/Lang";
export type { WorkerState } from "./bindings/WorkerState";
export type { ScheduleStatus } from "./bindings/ScheduleStatus";
export type { ManagementReport } from "./bindings/ManagementReport";
export type { ReportValue } from "./bindings/ReportValue";
export type { ReportText } from "./bindings/ReportText";
export type { ReportBlock } from "./bindings/ReportBlock";
export type { Delivery } from "./bindings/Delivery";

/** Where the SMTP password is kept (the app's background delivery reads it from there). */
export type SmtpPasswordState = "keyring" | "session_only" | "missing" | "not_needed";

/** The preview of ISO week `week` ("2026-W05") in the plant's time zone. */
export const syncWeekPreview = (week: string): Promise<WeekView> => invoke<WeekView>("sync_week_preview", { week });

/** The active plant key's public half (fingerprint, algorithm, created). */
export const syncKeyInfo = (): Promise<PublicKeyInfo> => invoke<PublicKeyInfo>("sync_key_info");

/** Saves the public key file (PEM) into the export folder; resolves to its path. */
export const syncKeyExport = (): Promise<string> => invoke<string>("sync_key_export");

/** Builds, signs and queues the next revision of a week's packet for HQ. */
export const syncBuild = (request: BuildRequest): Promise<Built> => invoke<Built>("sync_build", { request });

/** The outbox now: counts, next try, last attempt, the newest items. */
export const syncStatus = (): Promise<OutboxStatus> => invoke<OutboxStatus>("sync_status");

/** Writes the week's latest packet into `dir` (empty: the export folder); the week counts as submitted. */
export const syncExport = (week: string, dir: string): Promise<Exported> => invoke<Exported>("sync_export", { week, dir });

/** Tries a failed outbox item again. */
export const syncRetry = (itemId: string): Promise<ItemStatus> => invoke<ItemStatus>("sync_retry", { itemId });

/** Every submitted week, newest first. */
export const syncSubmittedWeeks = (): Promise<SubmittedWeek[]> => invoke<SubmittedWeek[]>("sync_submitted_weeks");

/** One week's submission state (latest revision in the outbox, delivered revision, changed since). */
export const syncWeekState = (week: string): Promise<WeekState> => invoke<WeekState>("sync_week_state", { week });

/** The HQ keys this plant trusts for returns (newest first; a retired one has `voided_at`). */
export const syncHqKeys = (): Promise<HqKey[]> => invoke<HqKey[]>("sync_hq_keys");

/** Registers HQ's public key file (PEM) at `path`; an older key is retired. */
export const syncHqKeyRegister = (path: string): Promise<HqKey> => invoke<HqKey>("sync_hq_key_register", { path });

/** Imports HQ's return of a week from `path` (`.return.json`, or the `.eml` mail it came in). */
export const syncReturnImport = (path: string): Promise<ReturnImport> =>
  invoke<ReturnImport>("sync_return_import", { path });

/** Every return received, newest week first. */
export const syncReturns = (): Promise<ReceivedReturn[]> => invoke<ReceivedReturn[]>("sync_returns");

/** Saves the management report of `period` ("2026-W05" or "2026-02") in `lang`; resolves to its path. */
export const syncReportPdf = (period: string, lang: "zh" | "en"): Promise<string> =>
  invoke<string>("sync_report_pdf", { period, lang });

/** The export folder (the default folder of an export). */
export const exportFolder = (): Promise<string> => invoke<string>("export_folder");

/** Wakes the background delivery task (it sends what is due, ignoring the backoff). */
export const syncSendNow = (): Promise<null> => invoke<null>("sync_send_now");

/** Stores the SMTP password (OS keyring, else this session only). */
export const smtpPasswordSet = (password: string): Promise<SmtpPasswordState> =>
  invoke<SmtpPasswordState>("smtp_password_set", { password });

/** Where the SMTP password is kept now. */
export const smtpPasswordState = (): Promise<SmtpPasswordState> => invoke<SmtpPasswordState>("smtp_password_state");

/** What the background delivery task last did (last run, why it could not send, its attempts). */
export const syncWorkerState = (): Promise<WorkerState> => invoke<WorkerState>("sync_worker_state");

/** The weekly schedule: close rule, next close, weeks due, a week held for notes. */
export const syncScheduleStatus = (): Promise<ScheduleStatus> => invoke<ScheduleStatus>("sync_schedule_status");

/** The management report of a week or month as data (what the PDF draws), for the in-app view. */
export const reportView = (period: string): Promise<ManagementReport> => invoke<ManagementReport>("report_view", { period });
