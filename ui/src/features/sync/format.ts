// How the Sync screen words the core's exact figures: masses from integer grams as kg text
// (never a float), other units as whole numbers; an indicator's label in the UI language from
// the registry rows the preview carries; a plausibility flag from its kind and params; the
// revision that answered one of HQ's returns.
import type { TFunction } from "i18next";
import type { Flag, IndicatorInfo, IndicatorUnit, ReceivedReturn } from "../../ipc/api";
import { gramsToKg, groupThousands } from "../../lib/quantity";

/** A figure's value as shown: grams → "1,250.500" (kg), others grouped as they are. */
export function formatValue(unit: IndicatorUnit, value: number): string {
  // Grams → kg and litres → m³ are the same exact ÷ 1000.
  return groupThousands(unit === "g" || unit === "l" ? gramsToKg(value) : String(value));
}

/**
 * A flag param in the indicator's unit as text: an integer ("120500") or a median of two
 * ("120500.5", exact: the mean of the middle two). Grams become kg text without losing the half.
 */
export function formatParam(unit: IndicatorUnit | undefined, text: string): string {
  const m = /^(-?\d+)(\.5)?$/.exec(text);
  if (!m) return text;
  if (unit !== "g" && unit !== "l") return groupThousands(text);
  return groupThousands(gramsToKg(Number(m[1]))) + (m[2] ? "5" : "");
}

/** The registry row's label in the UI language (zh for any Chinese locale). */
export function indicatorLabel(info: IndicatorInfo | undefined, key: string, language: string): string {
  if (!info) return key;
  return language.startsWith("zh") ? info.label_zh : info.label_en;
}

/** "a1b2c3d4e5f60718" → "a1b2 c3d4 e5f6 0718". */
export function groupFingerprint(fp: string): string {
  return fp.replace(/(.{4})(?=.)/g, "$1 ");
}

/** A stable key of a flag inside its week (a kind can repeat for other indicators or codes). */
export function flagKey(f: Flag): string {
  return [f.kind, f.indicator ?? "", f.params.code ?? ""].join("|");
}

/** The flag as a sentence in the UI language, from its kind and params. */
export function flagText(
  t: TFunction,
  f: Flag,
  indicators: readonly IndicatorInfo[],
  language: string,
  week: { from: string; to: string },
): string {
  const info = indicators.find((i) => i.key === f.indicator);
  const p = f.params;
  switch (f.kind) {
    case "figure_high":
    case "figure_low": {
      const unit = info ? t(`sync.units.${info.unit}`) : "";
      return t(`sync.flags.${f.kind}`, {
        indicator: indicatorLabel(info, f.indicator ?? "", language),
        value: `${formatParam(info?.unit, p.value ?? "")} ${unit}`.trim(),
        median: `${formatParam(info?.unit, p.median ?? "")} ${unit}`.trim(),
        weeks: p.weeks ?? "",
      });
    }
    case "no_activity":
      return t("sync.flags.no_activity", { from: week.from, to: week.to });
    case "stock_mismatch":
      return t("sync.flags.stock_mismatch", {
        code: p.code ?? "",
        opening: groupThousands(p.opening_kg ?? ""),
        generated: groupThousands(p.generated_kg ?? ""),
        out: groupThousands(p.out_kg ?? ""),
        expected: groupThousands(p.expected_kg ?? ""),
        closing: groupThousands(p.closing_kg ?? ""),
      });
    case "storage_overdue":
    case "manifest_overdue":
      return t(`sync.flags.${f.kind}`, { n: p.count ?? "0", subjects: p.subjects ?? "" });
  }
}

/** The revision that answered a return (the restatement built since), or null while it is open. */
export function answeredBy(r: ReceivedReturn): number | null {
  return r.answered_by_revision;
}
