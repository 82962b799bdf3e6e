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
