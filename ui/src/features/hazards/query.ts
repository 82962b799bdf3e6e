// A HazardQuery with every filter off, and one with only the given filters set: the core's
// query has no optional fields (ts-rs), so the lists build theirs from here.
import type { HazardQuery } from "../../ipc/api";

export const ALL_HAZARDS: HazardQuery = {
  status: null,
  assignee: null,
  area: null,
  overdue_only: false,
  open_only: false,
  deadline_from: null,
  deadline_to: null,
  limit: null,
};

export const hazardQuery = (over: Partial<HazardQuery>): HazardQuery => ({ ...ALL_HAZARDS, ...over });

/** The first and last day of `month` (YYYY-MM). */
export function monthRange(month: string): { from: string; to: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}
