// Wall-clock helpers in the plant's time zone (not the computer's).

/** Current time as "YYYY-MM-DDTHH:MM" in the given IANA zone (datetime-local format). */
export function localDateTimeIn(timeZone: string, at: Date = new Date()): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(at);
  } catch {
    // Unknown zone: fall back to the computer's clock rather than failing the form.
    return localDateTimeIn(Intl.DateTimeFormat().resolvedOptions().timeZone, at);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

/** "2026-11-24 08:05" or "2026-11-24T08:05:00" → "2026-11-24 08:05" for tables. */
export function displayLocal(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(ts);
  return m ? `${m[1]} ${m[2]}` : ts;
}

export const DATETIME_LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export type Period = { from: string; to: string };

/** The default period: the first day of the plant-local month to today (YYYY-MM-DD). */
export function defaultPeriod(today: string): Period {
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** The whole calendar month before `today`'s month. */
export function previousMonth(today: string): Period {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  const mm = String(pm).padStart(2, "0");
  return { from: `${py}-${mm}-01`, to: `${py}-${mm}-${String(last).padStart(2, "0")}` };
}

/** 1 January of `today`'s year to today. */
export function yearToDate(today: string): Period {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}
