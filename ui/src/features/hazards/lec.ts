// The live LEC preview of the capture form: D = L × E × C exact (three factors in tenths give
// thousandths, integers only), the grade from the core's band table (inclusive lower bounds) and
// its colour. The core assesses again on save; this only shows what it will say.
import type { Colour, Hazard, HazardStatus, LecScales } from "../../ipc/api";

export type LecPreview = { d: string; grade: number; colour: Colour };

/** D as the shortest exact decimal text of thousandths (252000 → "252", 50 → "0.05"). */
export function milliText(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const frac = milli % 1000;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, "0").replace(/0+$/, "")}`;
}

/** The preview of three picked values, or null while one is missing or off the scale. */
export function previewLec(scales: LecScales, l: string, e: string, c: string): LecPreview | null {
  const lv = scales.l.find((s) => s.value === l)?.tenths;
  const ev = scales.e.find((s) => s.value === e)?.tenths;
  const cv = scales.c.find((s) => s.value === c)?.tenths;
  if (lv === undefined || ev === undefined || cv === undefined) return null;
  const milli = lv * ev * cv;
  const band = scales.bands.find((b) => milli >= b.min_d * 1000) ?? scales.bands.at(-1);
  if (!band) return null;
  return { d: milliText(milli), grade: band.grade, colour: band.colour };
}

/** The board's columns, in the loop's order. */
export const BOARD_COLUMNS: readonly HazardStatus[] = ["registered", "assigned", "rectified", "verified", "closed"];

/** The card's colour class: the LEC colour, or "none" when not assessed. */
export const colourOf = (h: Hazard): Colour | "none" => h.lec?.colour ?? "none";
