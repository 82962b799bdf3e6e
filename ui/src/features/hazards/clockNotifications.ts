// The hazard clocks as OS notifications (issue 13 item 4). The core picks what concerns the
// signed-in user (their own hazards due within the lead time or overdue; every overdue one for a
// manager, as the escalation); this shows each notice once per user — its key names the hazard,
// the kind and the deadline, so an extension notifies again — and several new ones at sign-in
// as one summary rather than a burst.
import { useEffect } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { hazardDesktopNotices, type DesktopNotice, type Session } from "../../ipc/api";
import { osNotify } from "../../ipc/osNotify";

/** How often the clocks are looked at while the app is open. */
export const POLL_MS = 5 * 60 * 1000;
/** More new notices than this at once become one summary. */
export const SUMMARY_OVER = 3;

const storeKey = (userId: string) => `ehs.hazardClock.seen.${userId}`;

export function loadSeen(userId: string): Set<string> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(storeKey(userId)) ?? "[]");
    return new Set(Array.isArray(v) ? v.filter((k): k is string => typeof k === "string") : []);
  } catch {
    return new Set();
  }
}

/** Keeps only the keys still current, so the list never grows past the open clocks. */
export function saveSeen(userId: string, current: DesktopNotice[], seen: Set<string>) {
  const keep = current.map((n) => n.key).filter((k) => seen.has(k));
  try {
    localStorage.setItem(storeKey(userId), JSON.stringify(keep));
  } catch {
    /* storage full or disabled: the worst case is a repeated notification */
  }
}

export type OsMessage = { title: string; body: string };

/** The messages for the notices not yet seen: one each, or one summary when there are many. */
export function compose(fresh: DesktopNotice[], t: TFunction): OsMessage[] {
  if (fresh.length > SUMMARY_OVER) {
    const overdue = fresh.filter((n) => n.kind === "overdue").length;
    return [
      { title: t("hazardClock.summaryTitle"), body: t("hazardClock.summary", { dueSoon: fresh.length - overdue, overdue }) },
    ];
  }
  return fresh.map((n) => {
    const p = { number: n.number, area: n.area, description: n.description, deadline: n.deadline, days: n.days };
    if (n.kind === "overdue") {
      return { title: t(n.mine ? "hazardClock.overdueTitle" : "hazardClock.escalatedTitle"), body: t("hazardClock.overdue", p) };
    }
    return { title: t("hazardClock.dueSoonTitle"), body: t(n.days === 0 ? "hazardClock.dueToday" : "hazardClock.dueSoon", p) };
  });
}

/** One look at the clocks: shows what is new, remembers it; returns the messages shown. */
export async function notifyNew(userId: string, t: TFunction): Promise<OsMessage[]> {
  const current = await hazardDesktopNotices();
  const seen = loadSeen(userId);
  const fresh = current.filter((n) => !seen.has(n.key));
  const messages = compose(fresh, t);
  for (const m of messages) await osNotify(m.title, m.body);
  for (const n of fresh) seen.add(n.key);
  saveSeen(userId, current, seen);
  return messages;
}

/** Looks at the clocks at sign-in and every [`POLL_MS`] while signed in. */
export function useHazardClockNotifications(session: Session) {
  const { t } = useTranslation();
  useEffect(() => {
    let stopped = false;
    const look = () => {
      if (!stopped) notifyNew(session.user_id, t).catch(() => undefined);
    };
    look();
    const timer = setInterval(look, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [session.user_id, t]);
}
