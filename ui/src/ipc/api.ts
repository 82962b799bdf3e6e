// Typed wrappers around the Tauri commands. This is the ONLY module that imports
// @tauri-apps/api; screens call these functions and import IPC types from here.
import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { ErrorKind } from "./bindings/ErrorKind";
import type { AppStatus } from "./bindings/AppStatus";
import type { Facility } from "./bindings/Facility";
import type { InventoryOverview } from "./bindings/InventoryOverview";
import type { Movement } from "./bindings/Movement";
import type { NewFacility } from "./bindings/NewFacility";
import type { StoreInput } from "./bindings/StoreInput";
import type { TakeOutInput } from "./bindings/TakeOutInput";
import type { GenerationEntry } from "./bindings/GenerationEntry";
import type { GenerationInput } from "./bindings/GenerationInput";
import type { Headcount } from "./bindings/Headcount";
import type { HwCode } from "./bindings/HwCode";
import type { LedgerPage } from "./bindings/LedgerPage";
import type { LedgerQuery } from "./bindings/LedgerQuery";
import type { NewStream } from "./bindings/NewStream";
import type { NewUserInput } from "./bindings/NewUserInput";
import type { Session } from "./bindings/Session";
import type { SetupInput } from "./bindings/SetupInput";
import type { SignInInput } from "./bindings/SignInInput";
import type { VoidInput } from "./bindings/VoidInput";
import type { WasteStream } from "./bindings/WasteStream";

// IPC types are generated from Rust by ts-rs into ./bindings (never edit those);
// screens import them from here.
export type { AlertView } from "./bindings/AlertView";
export type { AppError } from "./bindings/AppError";
export type { ContainerStatus } from "./bindings/ContainerStatus";
export type { ContainerView } from "./bindings/ContainerView";
export type { Facility } from "./bindings/Facility";
export type { FacilityKind } from "./bindings/FacilityKind";
export type { FacilityStatus } from "./bindings/FacilityStatus";
export type { FacilityStock } from "./bindings/FacilityStock";
export type { InventoryOverview } from "./bindings/InventoryOverview";
export type { Movement } from "./bindings/Movement";
export type { NewFacility } from "./bindings/NewFacility";
export type { Severity } from "./bindings/Severity";
export type { StoreInput } from "./bindings/StoreInput";
export type { TakeOutInput } from "./bindings/TakeOutInput";
export type { AppStatus } from "./bindings/AppStatus";
export type { ErrorKind } from "./bindings/ErrorKind";
export type { GenerationEntry } from "./bindings/GenerationEntry";
export type { GenerationInput } from "./bindings/GenerationInput";
export type { Headcount } from "./bindings/Headcount";
export type { HwCode } from "./bindings/HwCode";
export type { Jurisdiction } from "./bindings/Jurisdiction";
export type { LedgerPage } from "./bindings/LedgerPage";
export type { LedgerQuery } from "./bindings/LedgerQuery";
export type { LedgerSort } from "./bindings/LedgerSort";
export type { MassUnit } from "./bindings/MassUnit";
export type { NewStream } from "./bindings/NewStream";
export type { NewUserInput } from "./bindings/NewUserInput";
export type { PhysicalForm } from "./bindings/PhysicalForm";
export type { Plant } from "./bindings/Plant";
export type { Role } from "./bindings/Role";
export type { Session } from "./bindings/Session";
export type { SetupInput } from "./bindings/SetupInput";
export type { SignInInput } from "./bindings/SignInInput";
export type { VoidInput } from "./bindings/VoidInput";
export type { WasteStream } from "./bindings/WasteStream";

// A Record over ErrorKind, so a kind added in Rust fails the typecheck until it is listed here.
const ERROR_KINDS: Record<ErrorKind, true> = {
  NotFound: true,
  Invalid: true,
  Conflict: true,
  Forbidden: true,
  Io: true,
  Internal: true,
};

/** True when a rejected invoke carries the core's `{kind, message, field}` error. */
export function isAppError(e: unknown): e is AppError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.kind === "string" &&
    Object.hasOwn(ERROR_KINDS, o.kind) &&
    typeof o.message === "string" &&
    (o.field === null || o.field === undefined || typeof o.field === "string")
  );
}

export const appStatus = (): Promise<AppStatus> => invoke<AppStatus>("app_status");

export const setupPlant = (input: SetupInput): Promise<Session> => invoke<Session>("setup_plant", { input });

export const signIn = (input: SignInInput): Promise<Session> => invoke<Session>("sign_in", { input });

export const signOut = (): Promise<null> => invoke<null>("sign_out");

export const listHwCodes = (): Promise<HwCode[]> => invoke<HwCode[]>("list_hw_codes");

export const listStreams = (): Promise<WasteStream[]> => invoke<WasteStream[]>("list_streams");

export const addStream = (input: NewStream): Promise<WasteStream> => invoke<WasteStream>("add_stream", { input });

export const recordGeneration = (input: GenerationInput): Promise<GenerationEntry> =>
  invoke<GenerationEntry>("record_generation", { input });

export const listGeneration = (query: LedgerQuery): Promise<LedgerPage> =>
  invoke<LedgerPage>("list_generation", { query });

export const voidGeneration = (input: VoidInput): Promise<GenerationEntry> =>
  invoke<GenerationEntry>("void_generation", { input });

export const listHeadcount = (): Promise<Headcount[]> => invoke<Headcount[]>("list_headcount");

export const setHeadcount = (input: Headcount): Promise<Headcount> => invoke<Headcount>("set_headcount", { input });

export const listUsers = (): Promise<Session[]> => invoke<Session[]>("list_users");

export const createUser = (input: NewUserInput): Promise<Session> => invoke<Session>("create_user", { input });

export const listFacilities = (): Promise<Facility[]> => invoke<Facility[]>("list_facilities");

export const addFacility = (input: NewFacility): Promise<Facility> => invoke<Facility>("add_facility", { input });

export const storeContainer = (input: StoreInput): Promise<Movement> => invoke<Movement>("store_container", { input });

export const takeOut = (input: TakeOutInput): Promise<Movement> => invoke<Movement>("take_out", { input });

export const storageOverview = (): Promise<InventoryOverview> => invoke<InventoryOverview>("storage_overview");
