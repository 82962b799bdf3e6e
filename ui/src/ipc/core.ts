// The one module that imports @tauri-apps/api/core: the invoke and Channel every area's wrappers
// use, and the check that a rejection carries the core's `{kind, message, field}` error.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { ErrorKind } from "./bindings/ErrorKind";

export { Channel, invoke };
export type { AppError } from "./bindings/AppError";
export type { ErrorKind } from "./bindings/ErrorKind";

// A Record over ErrorKind, so a kind added in Rust fails the typecheck until it is listed here.
const ERROR_KINDS: Record<ErrorKind, true> = {
  NotFound: true,
  Invalid: true,
  Conflict: true,
  Forbidden: true,
  Cancelled: true,
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
