// Turns a rejected IPC call into messages a form can place: a field error under
// the input named by AppError.field, or a form-level error.
import type { TFunction } from "i18next";
import { isAppError } from "../ipc/api";
import i18n from "../i18n";

export type FieldErrors = Record<string, string>;
export type PlacedError = { fields: FieldErrors; form: string | null; detail: string | null };

/**
 * @param known   field names this form shows (after aliasing)
 * @param aliases core field name → form field name, e.g. generated_at_local → generated_at
 */
export function placeError(
  e: unknown,
  t: TFunction,
  known: readonly string[],
  aliases: Record<string, string> = {},
): PlacedError {
  if (!isAppError(e)) {
    const message = e instanceof Error ? e.message : String(e);
    return { fields: {}, form: t("errors.unexpected", { message }), detail: message };
  }
  const field = e.field ? (aliases[e.field] ?? e.field) : null;
  if (field && known.includes(field)) {
    const key = `errors.field.${field}.${e.kind}`;
    // Fall back to the core's own sentence when we have no translation for this field+kind.
    const text = i18n.exists(key) ? t(key) : e.message;
    return { fields: { [field]: text }, form: null, detail: e.message };
  }
  return { fields: {}, form: t(`errors.kind.${e.kind}`, { message: e.message }), detail: e.message };
}

/**
 * Like placeError, with an area's own wording: a field error reads `${ns}.${field}.${kind}` (or
 * `overrides["field.kind"]`), else the core's sentence, which names the object it refused.
 */
export function placeErrorIn(
  ns: string,
  e: unknown,
  t: TFunction,
  known: readonly string[],
  overrides: Record<string, string> = {},
): PlacedError {
  if (isAppError(e) && e.field && known.includes(e.field)) {
    const key = `${ns}.${e.field}.${e.kind}`;
    const text = overrides[`${e.field}.${e.kind}`] ?? (i18n.exists(key) ? t(key) : e.message);
    return { fields: { [e.field]: text }, form: null, detail: e.message };
  }
  return placeError(e, t, []);
}
