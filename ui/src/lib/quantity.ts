// Quantity helpers. Quantities cross IPC as exact decimal strings; nothing here
// turns them into binary floats.
import type { MassUnit } from "../ipc/api";

/** Max decimals the form accepts per unit: 1 g resolution (kg: 3, t: 6). */
export const MAX_DECIMALS: Record<MassUnit, number> = { kg: 3, t: 6 };

export type QuantityProblem = "required" | "format" | "zero" | "decimals";

/** Client-side pre-check of the typed quantity; the core remains the authority. */
export function checkQuantity(text: string, unit: MassUnit): QuantityProblem | null {
  const s = text.trim();
  if (s === "") return "required";
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return "format";
  const whole = m[1] ?? "";
  const frac = m[2] ?? "";
  if (/^0*$/.test(whole) && /^0*$/.test(frac)) return "zero";
  if (frac.length > MAX_DECIMALS[unit]) return "decimals";
  return null;
}

/** "1250000.500" → "1,250,000.500"; the digits are kept exactly as given. */
export function groupThousands(decimal: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(decimal.trim());
  if (!m) return decimal;
  const [, sign = "", whole = "", frac = ""] = m;
  return sign + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + frac;
}

/** Integer grams → tonnes with kg resolution, e.g. 12345678 → "12.346"; no floats summed. */
export function gramsToTonnes(g: number): string {
  const kg = Math.round(Math.abs(g) / 1000);
  const sign = g < 0 && kg > 0 ? "-" : "";
  return `${sign}${Math.floor(kg / 1000)}.${String(kg % 1000).padStart(3, "0")}`;
}

/**
 * Exact tonnes text from the core (gram precision, six decimals) without the zeros past the
 * kilogram: "12.500000" → "12.500", "0.046500" → "0.0465"; nothing is rounded away.
 */
export function trimTonnes(text: string): string {
  const m = /^(-?\d+)\.(\d{3})(\d*?)0*$/.exec(text.trim());
  return m ? `${m[1]}.${m[2]}${m[3]}` : text;
}

/** Integer grams → exact kilograms text with three decimals: 120500 → "120.500", -5 → "-0.005". */
export function gramsToKg(g: number): string {
  const sign = g < 0 ? "-" : "";
  const a = Math.abs(Math.trunc(g));
  return `${sign}${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, "0")}`;
}

/** Integer grams → exact tonnes text (gram precision, zeros past the kilogram dropped): 1234567 → "1.234567". */
export function gramsToTonnesExact(g: number): string {
  const sign = g < 0 ? "-" : "";
  const a = Math.abs(Math.trunc(g));
  return trimTonnes(`${sign}${Math.floor(a / 1_000_000)}.${String(a % 1_000_000).padStart(6, "0")}`);
}
