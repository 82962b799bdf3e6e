// The round form's state as plain data: one draft per checklist item (result, note and, for a
// failed item, the hazard's fields and photos), the checks the form makes before sending (every
// item answered; a failed item says what was found; L/E/C all or none), and the NewRound the
// core receives. The core checks everything again; this only catches what a person can fix at once.
import type { HazardLevel, ItemOutcome, NewRound, Template } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";

export type ItemDraft = {
  result: ItemOutcome | null;
  note: string;
  location: string;
  description: string;
  category: string;
  level: HazardLevel;
  lec: { l: string; e: string; c: string };
  photos: File[];
};

export const emptyItem = (): ItemDraft => ({
  result: null,
  note: "",
  location: "",
  description: "",
  category: "",
  level: "general",
  lec: { l: "", e: "", c: "" },
  photos: [],
});

/** The round this form answers: a schedule's due day, or an unscheduled round of a checklist. */
export type RoundTarget = { template: Template; scheduleId: string | null; dueOn: string | null; area: string };

/** The field key of item `n`'s control (1-based), e.g. `item-3-note`. */
export const itemKey = (n: number, field: string) => `item-${n}-${field}`;

/** Errors under each item's fields, keyed by [`itemKey`]; `t` words them. */
export function checkDraft(items: readonly ItemDraft[], area: string, t: (k: string) => string): FieldErrors {
  const found: FieldErrors = {};
  if (!area.trim()) found.area = t("inspections.errors.areaRequired");
  items.forEach((d, i) => {
    const n = i + 1;
    if (d.result === null) found[itemKey(n, "result")] = t("inspections.errors.resultRequired");
    if (d.result !== "fail") return;
    if (!d.note.trim() && !d.description.trim()) found[itemKey(n, "note")] = t("inspections.errors.whatFound");
    const some = d.lec.l !== "" || d.lec.e !== "" || d.lec.c !== "";
    if (some && (!d.lec.l || !d.lec.e || !d.lec.c)) found[itemKey(n, "lec")] = t("hazards.errors.lecAllOrNone");
  });
  return found;
}

/** What the core receives: every item with its result, a failed item with its finding. */
export function toNewRound(target: RoundTarget, area: string, items: readonly ItemDraft[]): NewRound {
  return {
    schedule_id: target.scheduleId,
    due_on: target.dueOn,
    template_id: target.scheduleId ? null : target.template.id,
    area: target.scheduleId ? null : area.trim(),
    items: target.template.items.map((item, i) => {
      const d = items[i] ?? emptyItem();
      const failed = d.result === "fail";
      const lec = d.lec.l && d.lec.e && d.lec.c ? ([d.lec.l, d.lec.e, d.lec.c] as [string, string, string]) : null;
      return {
        item,
        result: d.result ?? "pass",
        note: d.note.trim(),
        finding: failed
          ? { location: d.location.trim(), description: d.description.trim(), category: d.category.trim(), level: d.level, lec }
          : null,
      };
    }),
  };
}

/** How a due round stands on `today`: overdue, due today, or coming. */
export function dueState(dueOn: string, today: string): "overdue" | "today" | "coming" {
  if (dueOn < today) return "overdue";
  return dueOn === today ? "today" : "coming";
}

/** Whole days from `from` to `to` (YYYY-MM-DD, UTC arithmetic: no DST). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
