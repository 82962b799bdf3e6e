// General industrial solid waste (一般工业固体废物) and the GRI 306 waste figures.
import type { Route } from "./bindings/Route";
import { invoke } from "./core";
import type { GriWaste } from "./bindings/GriWaste";
import type { NewSwStream } from "./bindings/NewSwStream";
import type { SwRecord } from "./bindings/SwRecord";
import type { SwRecordInput } from "./bindings/SwRecordInput";
import type { SwStream } from "./bindings/SwStream";

export type { GriWaste } from "./bindings/GriWaste";
export type { NewSwStream } from "./bindings/NewSwStream";
export type { RouteTotal } from "./bindings/RouteTotal";
export type { SwRecord } from "./bindings/SwRecord";
export type { SwRecordInput } from "./bindings/SwRecordInput";
export type { SwStream } from "./bindings/SwStream";
export type { Route } from "./bindings/Route";
export type { SwRecordKind } from "./bindings/SwRecordKind";

/** Outbound routes, in GRI 306 order (306-4 diverted first, then 306-5 disposal), as the core's
 * `gri::Route` declares them (the `satisfies` fails the typecheck on a value Rust does not know). */
export const SW_ROUTES = [
  "reuse",
  "recycling",
  "other_recovery",
  "energy_recovery",
  "incineration",
  "landfill",
  "other_disposal",
] as const satisfies readonly Route[];
export type SwRoute = Route;

export const listSwStreams = (): Promise<SwStream[]> => invoke<SwStream[]>("list_sw_streams");

export const addSwStream = (input: NewSwStream): Promise<SwStream> => invoke<SwStream>("add_sw_stream", { input });

export const recordSwGeneration = (input: SwRecordInput): Promise<SwRecord> =>
  invoke<SwRecord>("record_sw_generation", { input });

/** Never more than the stream's stock (refused as Invalid on "quantity"). */
export const recordSwOutbound = (input: SwRecordInput): Promise<SwRecord> =>
  invoke<SwRecord>("record_sw_outbound", { input });

export const voidSwRecord = (id: string, reason: string): Promise<SwRecord> =>
  invoke<SwRecord>("void_sw_record", { id, reason });

/** Records of plant-local days from..=to (YYYY-MM-DD), oldest first. */
export const listSwRecords = (from: string, to: string, includeVoided: boolean): Promise<SwRecord[]> =>
  invoke<SwRecord[]>("list_sw_records", { from, to, includeVoided });

/** GRI 306-3/4/5 over from..=to, both ledgers, with the GRI and zero-waste-to-landfill diversion rates. */
export const griWaste = (from: string, to: string): Promise<GriWaste> => invoke<GriWaste>("gri_waste", { from, to });
