// Hazardous waste: the catalogue codes, the plant's streams, the generation ledger (B.1), its
// weekly trend, and the management category (重点 / 简化 / 登记) with its declaration calendar.
import { invoke } from "./core";
import type { GenerationEntry } from "./bindings/GenerationEntry";
import type { GenerationInput } from "./bindings/GenerationInput";
import type { HwCode } from "./bindings/HwCode";
import type { LedgerPage } from "./bindings/LedgerPage";
import type { LedgerQuery } from "./bindings/LedgerQuery";
import type { NewStream } from "./bindings/NewStream";
import type { PlantCategory } from "./bindings/PlantCategory";
import type { VoidInput } from "./bindings/VoidInput";
import type { WasteStream } from "./bindings/WasteStream";
import type { WeeklyGeneration } from "./bindings/WeeklyGeneration";

export type { GenerationEntry } from "./bindings/GenerationEntry";
export type { GenerationInput } from "./bindings/GenerationInput";
export type { HwCode } from "./bindings/HwCode";
export type { LedgerPage } from "./bindings/LedgerPage";
export type { LedgerQuery } from "./bindings/LedgerQuery";
export type { LedgerSort } from "./bindings/LedgerSort";
export type { MassUnit } from "./bindings/MassUnit";
export type { NewStream } from "./bindings/NewStream";
export type { PhysicalForm } from "./bindings/PhysicalForm";
export type { PlantCategory } from "./bindings/PlantCategory";
export type { TrendSeries } from "./bindings/TrendSeries";
export type { TrendWeek } from "./bindings/TrendWeek";
export type { UpcomingFiling } from "./bindings/UpcomingFiling";
export type { ManagementCategory } from "./bindings/ManagementCategory";
export type { CategoryBasis } from "./bindings/CategoryBasis";
export type { CategoryInputs } from "./bindings/CategoryInputs";
export type { Filing } from "./bindings/Filing";
export type { VoidInput } from "./bindings/VoidInput";
export type { WasteStream } from "./bindings/WasteStream";
export type { WeeklyGeneration } from "./bindings/WeeklyGeneration";

export const listHwCodes = (): Promise<HwCode[]> => invoke<HwCode[]>("list_hw_codes");

export const listStreams = (): Promise<WasteStream[]> => invoke<WasteStream[]>("list_streams");

export const addStream = (input: NewStream): Promise<WasteStream> => invoke<WasteStream>("add_stream", { input });

export const recordGeneration = (input: GenerationInput): Promise<GenerationEntry> =>
  invoke<GenerationEntry>("record_generation", { input });

export const listGeneration = (query: LedgerQuery): Promise<LedgerPage> =>
  invoke<LedgerPage>("list_generation", { query });

export const voidGeneration = (input: VoidInput): Promise<GenerationEntry> =>
  invoke<GenerationEntry>("void_generation", { input });

/** The category computed from the last three full years of the ledger, and filings due in 60 days. */
export const plantCategory = (): Promise<PlantCategory> => invoke<PlantCategory>("plant_category");

/** Generation per ISO week (Monday–Sunday) and stream over plant-local days from..=to
 *  (YYYY-MM-DD, at most 3 years; refused as Invalid on "from" / "to"). */
export const weeklyGeneration = (from: string, to: string): Promise<WeeklyGeneration> =>
  invoke<WeeklyGeneration>("weekly_generation", { from, to });
