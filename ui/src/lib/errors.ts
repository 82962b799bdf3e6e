// Turns a rejected IPC call into messages a form can place: a field error under
// the input named by AppError.field, or a form-level error. Every AppError is worded by
// errorText from its catalog key and parameters (errors.core.<key> in both languages).
import type { TFunction } from "i18next";
import { isAppError } from "../ipc/api";
import type { AppError } from "../ipc/api";
import i18n from "../i18n";

/** A catalog message: key and parameters (an AppError itself, or one of its context entries). */
export type KeyedMessage = { key?: string; params?: Partial<Record<string, string>> };

/** A field (or record kind) name in the current language; the raw name when there is none. */
export function fieldName(t: TFunction, name: string): string {
  const key = `fields.${name.replace(/ /g, "_")}`;
  return i18n.exists(key) ? t(key) : name;
}

/** One catalog message in the current language, or null when the UI does not know its key. */
export function messageText(t: TFunction, m: KeyedMessage): string | null {
  if (!m.key) return null;
  const key = `errors.core.${m.key}`;
  if (!i18n.exists(key)) return null;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.params ?? {})) {
    if (value === undefined) continue;
    // `what` names a kind of record (NotFound): translated like a field name.
    params[name] = name === "what" ? fieldName(t, value) : value;
  }
  return t(key, params);
}

/**
 * An AppError in the current language: its context (row, item), then its message; with
 * `withField`, the field's name first (for a form-level line that is not under the field).
 * Falls back to the core's English `message` for a key the UI does not know.
 */
export function errorText(e: AppError, t: TFunction, opts: { withField?: boolean } = {}): string {
  const sep = i18n.language === "en" ? ": " : "：";
  const parts = (e.context ?? []).map((c) => messageText(t, c)).filter((s): s is string => s !== null);
  const main = messageText(t, e);
  if (main === null) return e.message;
  parts.push(main);
  if (opts.withField && e.field) parts.unshift(fieldName(t, e.field));
  const s = parts.join(sep);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

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
    const text = i18n.exists(key) ? t(key) : errorText(e, t);
    return { fields: { [field]: text }, form: null, detail: e.message };
  }
  return {
    fields: {},
    form: t(`errors.kind.${e.kind}`, { message: errorText(e, t, { withField: true }) }),
    detail: e.message,
  };
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
    const text = overrides[`${e.field}.${e.kind}`] ?? (i18n.exists(key) ? t(key) : errorText(e, t));
    return { fields: { [e.field]: text }, form: null, detail: e.message };
  }
  return placeError(e, t, []);
}
