// Wastewater (废水): outfalls with their permit entries (parameters, limits, annual caps), lab
// results and daily flows, the import of monitor files (HJ 212 packet logs, CSV/xlsx exports)
// as a registered job, loads, cap progress, exceedances and the chart's series — decimated in
// the core to about as many buckets as the chart has pixels.
import { Channel, invoke } from "./core";
import type { BatchResult } from "./bindings/BatchResult";
import type { Cap } from "./bindings/Cap";
import type { CapProgress } from "./bindings/CapProgress";
import type { Exceedance } from "./bindings/Exceedance";
import type { ImportResult } from "./bindings/ImportResult";
import type { Interval } from "./bindings/Interval";
import type { JobProgress } from "./bindings/JobProgress";
import type { MonthLoads } from "./bindings/MonthLoads";
import type { NewLimit } from "./bindings/NewLimit";
import type { NewOutfall } from "./bindings/NewOutfall";
import type { NewParam } from "./bindings/NewParam";
import type { Outfall } from "./bindings/Outfall";
import type { Param } from "./bindings/Param";
import type { Reading } from "./bindings/Reading";
import type { SampleInput } from "./bindings/SampleInput";
import type { Series } from "./bindings/Series";
import type { WaterFigures } from "./bindings/WaterFigures";

export type { BatchResult } from "./bindings/BatchResult";
export type { Bound } from "./bindings/Bound";
export type { Cap } from "./bindings/Cap";
export type { CapProgress } from "./bindings/CapProgress";
export type { DischargeMode } from "./bindings/DischargeMode";
export type { DlPolicy } from "./bindings/DlPolicy";
export type { Exceedance } from "./bindings/Exceedance";
export type { Frequency } from "./bindings/Frequency";
export type { ImportResult } from "./bindings/ImportResult";
export type { Interval } from "./bindings/Interval";
export type { LimitRow } from "./bindings/LimitRow";
export type { LimitStep } from "./bindings/LimitStep";
export type { ListenerStatus } from "./bindings/ListenerStatus";
export type { LoadNote } from "./bindings/LoadNote";
export type { MonitoringMethod } from "./bindings/MonitoringMethod";
export type { MonthLoads } from "./bindings/MonthLoads";
export type { NewLimit } from "./bindings/NewLimit";
export type { NewOutfall } from "./bindings/NewOutfall";
export type { NewParam } from "./bindings/NewParam";
export type { Outfall } from "./bindings/Outfall";
export type { OutfallFigures } from "./bindings/OutfallFigures";
export type { PacketCounts } from "./bindings/PacketCounts";
export type { Param } from "./bindings/Param";
export type { ParamFigures } from "./bindings/ParamFigures";
export type { ParamUnit } from "./bindings/ParamUnit";
export type { Reading } from "./bindings/Reading";
export type { SampleInput } from "./bindings/SampleInput";
export type { SampleValue } from "./bindings/SampleValue";
export type { Series } from "./bindings/Series";
export type { UnitClass } from "./bindings/UnitClass";
export type { WaterFigures } from "./bindings/WaterFigures";

/** Every live outfall with its live parameters and limits, by code. */
export const waterOutfalls = (): Promise<Outfall[]> => invoke<Outfall[]>("water_outfalls");

/** An outfall with its parameters and limits, all or nothing. */
export const waterOutfallAdd = (input: NewOutfall): Promise<Outfall> => invoke<Outfall>("water_outfall_add", { input });

/** A parameter (with its limits) of the outfall given by id or code. */
export const waterParamAdd = (outfall: string, input: NewParam): Promise<Param> =>
  invoke<Param>("water_param_add", { outfall, input });

/** A revised permit: a new limit of parameter `code` from its date. */
export const waterLimitAdd = (outfall: string, code: string, input: NewLimit): Promise<Param> =>
  invoke<Param>("water_limit_add", { outfall, code, input });

/** The annual cap of a parameter in t/a (exact decimal text) from `fromYear` on. */
export const waterCapSet = (paramCode: string, tonnes: string, fromYear: number, basis: string): Promise<Cap> =>
  invoke<Cap>("water_cap_set", { paramCode, tonnes, fromYear, basis });

export const waterCaps = (): Promise<Cap[]> => invoke<Cap[]>("water_caps");

/** Voids an outfall, a parameter, a limit or a cap by its id, with a reason. */
export const waterPermitVoid = (id: string, reason: string): Promise<void> =>
  invoke<void>("water_permit_void", { id, reason });

/** A sampling's lab results: each value a decimal or `4L` (below the detection limit). */
export const waterSampleAdd = (input: SampleInput): Promise<BatchResult> =>
  invoke<BatchResult>("water_sample_add", { input });

/** An outfall's flow in m³ (exact decimal text) of a plant-local day. */
export const waterFlowAdd = (outfall: string, date: string, m3: string): Promise<BatchResult> =>
  invoke<BatchResult>("water_flow_add", { outfall, date, m3 });

/** Lab results and daily flows of plant-local days from..=to, newest first. */
export const waterReadings = (from: string, to: string): Promise<Reading[]> =>
  invoke<Reading[]>("water_readings", { from, to });

export const waterReadingVoid = (seq: number, reason: string): Promise<void> =>
  invoke<void>("water_reading_void", { seq, reason });

/** Voids a whole batch (an imported file) with a reason. */
export const waterBatchVoid = (batchId: string, reason: string): Promise<void> =>
  invoke<void>("water_batch_void", { batchId, reason });

/** The file's bytes (FileReader: older WebKit webviews lack Blob.arrayBuffer). */
function readBytes(file: File): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsArrayBuffer(file);
  });
}

/** What a file is: an HJ 212 packet log, or a wide table with its outfall and interval. */
export type WaterImportSpec = { format: "hj212" } | { format: "table"; outfall: string; interval: Interval };

/** Imports a monitor file as a registered job (the first progress report names it; cancel it
 *  with `cancelJob`, and nothing is written). */
export async function waterImport(
  file: File,
  spec: WaterImportSpec,
  onProgress: (p: JobProgress) => void,
): Promise<ImportResult> {
  const bytes = await readBytes(file);
  const channel = new Channel<JobProgress>();
  channel.onmessage = onProgress;
  const headers: Record<string, string> = {
    "x-file-name": encodeURIComponent(file.name),
    "x-progress-channel": channel.toJSON(),
    "x-water-format": spec.format,
  };
  if (spec.format === "table") {
    headers["x-outfall"] = encodeURIComponent(spec.outfall);
    headers["x-interval"] = spec.interval;
  }
  return invoke<ImportResult>("water_import", bytes, { headers });
}

/** Loads, concentrations, validity, exceedances and missed monitoring of days from..=to. */
export const waterLoads = (from: string, to: string): Promise<WaterFigures> =>
  invoke<WaterFigures>("water_loads", { from, to });

/** The monthly loads of a year to date, of one outfall (by code) or all (null). */
export const waterMonthly = (year: number, outfall: string | null): Promise<MonthLoads[]> =>
  invoke<MonthLoads[]>("water_monthly", { year, outfall });

/** Each capped parameter's load to date against its cap, with the year's forecast. */
export const waterCapProgress = (year: number | null): Promise<CapProgress[]> =>
  invoke<CapProgress[]>("water_cap_progress", { year });

/** Exceedances of days from..=to, newest first. */
export const waterExceedances = (from: string, to: string): Promise<Exceedance[]> =>
  invoke<Exceedance[]>("water_exceedances", { from, to });

/** A parameter's series over days from..=to in at most `buckets` (≈ the chart's pixel width). */
export const waterSeries = (paramId: string, from: string, to: string, buckets: number): Promise<Series> =>
  invoke<Series>("water_series", { paramId, from, to, buckets });
