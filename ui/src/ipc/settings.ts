// Plant settings, the working-day calendar (holidays / 调休 days), headcount and users.
import { invoke } from "./core";
import type { CalendarDay } from "./bindings/CalendarDay";
import type { CalendarDayInput } from "./bindings/CalendarDayInput";
import type { Headcount } from "./bindings/Headcount";
import type { NewUserInput } from "./bindings/NewUserInput";
import type { Session } from "./bindings/Session";
import type { Setting } from "./bindings/Setting";

export type { CalendarDay } from "./bindings/CalendarDay";
export type { CalendarDayKind } from "./bindings/CalendarDayKind";
export type { CalendarDayInput } from "./bindings/CalendarDayInput";
export type { Headcount } from "./bindings/Headcount";
export type { NewUserInput } from "./bindings/NewUserInput";
export type { Setting } from "./bindings/Setting";
export type { GeneratorStatus } from "./bindings/GeneratorStatus";
export type { DlPolicy } from "./bindings/DlPolicy";
export type { WebhookKind } from "./bindings/WebhookKind";

export const listSettings = (): Promise<Setting[]> => invoke<Setting[]>("list_settings");

export const setSetting = (key: string, value: string): Promise<Setting> => invoke<Setting>("set_setting", { key, value });

/** Changes several settings in one transaction; one refusal (naming its key as the field) writes none. */
export const setSettings = (changes: Array<[string, string]>): Promise<Setting[]> =>
  invoke<Setting[]>("set_settings", { changes });

export const listCalendarDays = (): Promise<CalendarDay[]> => invoke<CalendarDay[]>("list_calendar_days");

export const addCalendarDay = (input: CalendarDayInput): Promise<CalendarDay> =>
  invoke<CalendarDay>("add_calendar_day", { input });

/** Removes a configured holiday/workday (kept in the audit trail with the reason). */
export const voidCalendarDay = (id: string, reason: string): Promise<null> =>
  invoke<null>("void_calendar_day", { id, reason });

export const listHeadcount = (): Promise<Headcount[]> => invoke<Headcount[]>("list_headcount");

export const setHeadcount = (input: Headcount): Promise<Headcount> => invoke<Headcount>("set_headcount", { input });

export const listUsers = (): Promise<Session[]> => invoke<Session[]>("list_users");

export const createUser = (input: NewUserInput): Promise<Session> => invoke<Session>("create_user", { input });
