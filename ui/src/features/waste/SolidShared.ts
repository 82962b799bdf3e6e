// Shared by the 一般固废 tab and its dialogs: how a refusal is placed, route colours and
// groups, and the small number helpers (basis points, quantity pre-check). No IPC here.
import type { TFunction } from "i18next";
import { SW_ROUTES, type MassUnit, type PhysicalForm } from "../../ipc/api";
import { placeErrorIn, type PlacedError } from "../../lib/errors";
import { checkQuantity, MAX_DECIMALS } from "../../lib/quantity";

export const SW_FORMS = ["solid", "semi_solid", "liquid", "sludge", "gas"] as const satisfies readonly PhysicalForm[];

/**
 * Places a refusal under the field the core named: `overrides["field.Kind"]` first (a text the
 * dialog composed, e.g. with the stock), then `solid.errors.<field>.<kind>`, else the core's own
 * sentence. Anything else is a form-level error.
 */
export const placeSolidError = (
  e: unknown,
  t: TFunction,
  known: readonly string[],
  overrides: Record<string, string> = {},
): PlacedError => placeErrorIn("solid.errors", e, t, known, overrides);

/** The form's pre-check of a required quantity (the core remains the authority). */
export function quantityProblem(text: string, unit: MassUnit, t: TFunction): string | null {
  const problem = checkQuantity(text, unit);
  if (problem === "required") return t("gen.check.quantityRequired");
  if (problem === "decimals") return t("gen.check.quantityDecimals", { unit, max: MAX_DECIMALS[unit] });
  if (problem === "zero") return t("gen.check.quantityZero");
  if (problem === "format") return t("gen.check.quantityFormat");
  return null;
}

/** GRI 306-4 (diverted from disposal): reuse, recycling, other recovery. */
export const DIVERTED_ROUTES: ReadonlySet<string> = new Set(["reuse", "recycling", "other_recovery"]);

export type RouteGroup = "diverted" | "energy" | "disposal";

export function routeGroup(route: string): RouteGroup {
  if (DIVERTED_ROUTES.has(route)) return "diverted";
  if (route === "energy_recovery") return "energy";
  return "disposal";
}

/** Bar colours: greens for diverted routes, amber for energy recovery, red/greys for disposal. */
export const ROUTE_COLOR: Record<string, string> = {
  reuse: "#1f7a3e",
  recycling: "#3a9a5b",
  other_recovery: "#7cc08f",
  energy_recovery: "#d9911a",
  incineration: "#b8453e",
  landfill: "#6b7580",
  other_disposal: "#a7b0ba",
};
export const routeColor = (route: string): string => ROUTE_COLOR[route] ?? "#c9ced4";

/** Routes in GRI order, then any the core reports that this build does not know. */
export function orderRoutes(routes: Iterable<string>): string[] {
  const seen = new Set(routes);
  const known: string[] = SW_ROUTES.filter((r) => seen.has(r));
  return [...known, ...[...seen].filter((r) => !(SW_ROUTES as readonly string[]).includes(r)).sort()];
}

/** Basis points → "65.43%" (integer arithmetic); null → "—". */
export function bpToPercent(bp: number | null): string {
  if (bp === null) return "—";
  const sign = bp < 0 ? "-" : "";
  const a = Math.abs(Math.round(bp));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}%`;
}

/** Signed grams → tonnes text with an explicit "+" for growth. */
export function signedTonnes(g: number, toT: (g: number) => string): string {
  return g > 0 ? `+${toT(g)}` : toT(g);
}

export { DATE_RE, defaultPeriod } from "../../lib/time";
