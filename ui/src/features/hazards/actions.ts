// Which steps the detail panel offers for a hazard in its state to this user. The core decides
// (state machine, roles, rectifier ≠ verifier) and refuses anything else; this only hides
// buttons that would certainly be refused.
import type { Hazard, HazardEvent, Role, Session } from "../../ipc/api";

export type HazardAction = "assign" | "rectify" | "verify" | "close" | "extend" | "escalate";

const WRITERS: ReadonlySet<Role> = new Set<Role>(["admin", "ehs_officer", "inspector", "plant_manager"]);
const EXTENDERS: ReadonlySet<Role> = new Set<Role>(["admin", "ehs_officer", "plant_manager"]);
const RECTIFY_FOR_OTHERS: ReadonlySet<Role> = new Set<Role>(["admin", "ehs_officer"]);

export const canWriteHazards = (session: Session): boolean => WRITERS.has(session.role);

/** Who recorded the current rectification: the last `rectified` event's actor. */
export function rectifiedBy(history: readonly HazardEvent[] | null): string | null {
  const last = [...(history ?? [])].reverse().find((e) => e.kind === "rectified");
  return last?.actor ?? null;
}

export function actionsFor(h: Hazard, session: Session, rectifier: string | null): HazardAction[] {
  if (!WRITERS.has(session.role)) return [];
  const out: HazardAction[] = [];
  const extend = EXTENDERS.has(session.role);
  switch (h.status) {
    case "registered":
      out.push("assign");
      break;
    case "assigned":
      if (h.assignee === session.user_id || RECTIFY_FOR_OTHERS.has(session.role)) out.push("rectify");
      out.push("assign");
      if (extend) out.push("extend");
      break;
    case "rectified":
      if (rectifier !== session.user_id) out.push("verify");
      if (extend) out.push("extend");
      break;
    case "verified":
      out.push("close");
      break;
    case "closed":
      return [];
  }
  if (h.level === "general") out.push("escalate");
  return out;
}
