// Typed wrappers around the Tauri commands. This is the ONLY module that imports
// @tauri-apps/api; screens call these functions and import IPC types from here.
import { invoke } from "@tauri-apps/api/core";
import type {
  AppError,
  AppStatus,
  GenerationEntry,
  GenerationInput,
  HwCode,
  LedgerPage,
  LedgerQuery,
  NewStream,
  Session,
  SetupInput,
  SignInInput,
  VoidInput,
  WasteStream,
} from "./contract";

export type {
  AppError,
  AppStatus,
  ErrorKind,
  GenerationEntry,
  GenerationInput,
  HwCode,
  Jurisdiction,
  LedgerPage,
  LedgerQuery,
  LedgerSort,
  MassUnit,
  NewStream,
  PhysicalForm,
  Plant,
  Role,
  Session,
  SetupInput,
  SignInInput,
  VoidInput,
  WasteStream,
} from "./contract";

const ERROR_KINDS = new Set(["NotFound", "Invalid", "Conflict", "Forbidden", "Io", "Internal"]);

/** True when a rejected invoke carries the core's `{kind, message, field}` error. */
export function isAppError(e: unknown): e is AppError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.kind === "string" &&
    ERROR_KINDS.has(o.kind) &&
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
