// Places a rejected storage call: under the field the core named (translated when we have a
// sentence for that field and kind, else the core's own message, which names the object), or
// as a form-level error.
import type { TFunction } from "i18next";
import { placeErrorIn, type PlacedError } from "../../lib/errors";

export const placeStorageError = (e: unknown, t: TFunction, known: readonly string[]): PlacedError =>
  placeErrorIn("inventory.errors", e, t, known);
