// Places a rejected storage call: under the field the core named (translated when we have a
// sentence for that field and kind, else the core's own message, which names the object), or
// as a form-level error.
import type { TFunction } from "i18next";
import i18n from "../../i18n";
import { isAppError } from "../../ipc/api";
import { placeError, type PlacedError } from "../../lib/errors";

export function placeStorageError(e: unknown, t: TFunction, known: readonly string[]): PlacedError {
  if (isAppError(e) && e.field && known.includes(e.field)) {
    const key = `inventory.errors.${e.field}.${e.kind}`;
    return { fields: { [e.field]: i18n.exists(key) ? t(key) : e.message }, form: null, detail: e.message };
  }
  return placeError(e, t, []);
}
