// ISO 8601 weeks ("2026-W53": Monday to Sunday, numbered by the ISO week-numbering year) on
// plant-local calendar dates ("YYYY-MM-DD"). Dates are handled as UTC midnights, so the
// computer's own zone and DST never shift a day; the plant's "today" comes from lib/time.

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The ISO week a plant-local date belongs to. */
export function weekOf(date: string): string {
  const d = utc(date);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The Thursday of the same week decides the ISO year.
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** True for a well-formed week that exists ("2025-W53" does not: 2025 has 52 weeks). */
export function isWeek(week: string): boolean {
  const m = WEEK_RE.exec(week);
  if (!m) return false;
  const n = Number(m[2]);
  return n >= 1 && n <= 53 && weekOf(mondayOf(week)) === week;
}

/** The Monday of a week (for a malformed week: the text unchanged). */
export function mondayOf(week: string): string {
  const m = WEEK_RE.exec(week);
  if (!m) return week;
  const year = Number(m[1]);
  const n = Number(m[2]);
  // 4 January is always in week 1.
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return ymd(new Date(jan4 + (-jan4Weekday + (n - 1) * 7) * DAY_MS));
}

/** The Sunday of a week. */
export function sundayOf(week: string): string {
  return ymd(new Date(utc(mondayOf(week)).getTime() + 6 * DAY_MS));
}

/** The week `n` weeks after `week` (negative: before). */
export function addWeeks(week: string, n: number): string {
  return weekOf(ymd(new Date(utc(mondayOf(week)).getTime() + n * 7 * DAY_MS)));
}

/** The last closed week on plant-local `today`: the week before today's (its Sunday is over). */
export function lastClosedWeek(today: string): string {
  return addWeeks(weekOf(today), -1);
}
