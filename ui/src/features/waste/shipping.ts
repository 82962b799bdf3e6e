// Shared by the shipments, wizard and receivers screens: how a shipping refusal is placed,
// the colour of each state, and small text helpers. No IPC here beyond the error type.
import type { TFunction } from "i18next";
import { type LicenceStatus, type ShipmentStatus } from "../../ipc/api";
import { placeErrorIn, type PlacedError } from "../../lib/errors";

/**
 * Places a rejected shipping call under the field the core named: translated when
 * `shipping.errors.<field>.<kind>` exists, else the core's own sentence (it names the object).
 * Anything else becomes a form-level error.
 */
export const placeShippingError = (e: unknown, t: TFunction, known: readonly string[]): PlacedError =>
  placeErrorIn("shipping.errors", e, t, known);

export type Tone = "ok" | "warning" | "critical" | "none";

export const SHIPMENT_TONE: Record<ShipmentStatus, Tone> = {
  in_transit: "warning",
  confirmed: "ok",
  discrepancy: "critical",
  partly_rejected: "critical",
  rejected: "critical",
  voided: "none",
};

export const LICENCE_TONE: Record<LicenceStatus, Tone> = {
  valid: "ok",
  expiring: "warning",
  expired: "critical",
  none: "none",
};


/** "HW08, HW12，HW49 900-041-49" → ["HW08", "HW12", "HW49", "900-041-49"]. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Roles the core lets ship, confirm, void and register receivers. */
export const WRITERS = new Set(["admin", "ehs_officer"]);
