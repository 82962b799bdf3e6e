// The detail panel: what was found, its LEC, who is responsible and by when, the history of the
// loop, and the steps this user may take in its state (the core enforces; the panel offers).
// The photo strip: before photos until close-out, after photos once it is being rectified.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hazardHistory, type Hazard, type HazardEvent, type Session } from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { actionsFor, canWriteHazards, rectifiedBy, type HazardAction } from "./actions";
import { AssignDialog } from "./AssignDialog";
import { PhotoStrip } from "./PhotoStrip";
import { StepDialog } from "./StepDialog";

type Props = {
  hazard: Hazard;
  session: Session;
  today: string;
  /** A step was taken: the hazard as the core returned it. */
  onChanged: (h: Hazard) => void;
  onClose: () => void;
};

export function HazardDetail({ hazard: h, session, today, onChanged, onClose }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<HazardAction | null>(null);
  const history = useLoad(() => hazardHistory(h.id), [h.id, h.status, h.deadline, h.level, h.assignee]);
  const actions = actionsFor(h, session, rectifiedBy(history.data));
  const done = (next: Hazard) => {
    setOpen(null);
    onChanged(next);
    void history.reload();
  };

  return (
    <aside className={`panel hazard-detail hazard-detail--${h.lec?.colour ?? "none"}`} data-testid="hazard-detail" aria-label={h.number}>
      <div className="hazard-detail__head">
        <h2>
          <span className="mono">{h.number}</span> {t(`hazards.status.${h.status}`)}
        </h2>
        <button type="button" className="modal__close" aria-label={t("common.close")} onClick={onClose}>
          ×
        </button>
      </div>
      <p data-testid="hazard-detail-desc">{h.description}</p>
      <dl className="hazard-facts">
        <dt>{t("hazards.fields.area")}</dt>
        <dd>
          {h.area}
          {h.equipment ? ` · ${h.equipment}` : ""}
        </dd>
        <dt>{t("hazards.fields.category")}</dt>
        <dd>
          {h.category} · {t(`hazards.source.${h.source}`)}
        </dd>
        <dt>{t("hazards.fields.level")}</dt>
        <dd data-testid="hazard-detail-level">{t(`hazards.level.${h.level}`)}</dd>
        <dt>LEC</dt>
        <dd>
          {h.lec ? (
            <span className={`hazard-grade hazard-grade--${h.lec.colour}`}>
              {t("hazards.lec.summary", { l: h.lec.l, e: h.lec.e, c: h.lec.c, d: h.lec.d, grade: h.lec.grade })} ·{" "}
              {t(`hazards.colour.${h.lec.colour}`)}
            </span>
          ) : (
            t("hazards.lec.none")
          )}
        </dd>
        <dt>{t("hazards.fields.found")}</dt>
        <dd>{h.found_at_local}</dd>
        <dt>{t("hazards.fields.assignee")}</dt>
        <dd>{h.assignee_name ? `${h.assignee_name}${h.department ? ` · ${h.department}` : ""}` : "—"}</dd>
        <dt>{t("hazards.fields.deadline")}</dt>
        <dd>
          {h.deadline ?? "—"}
          {h.overdue ? <span className="badge badge--overdue"> {t("hazards.overdue")}</span> : null}
        </dd>
        {h.closed_on ? (
          <>
            <dt>{t("hazards.fields.closedOn")}</dt>
            <dd>{h.closed_on}</dd>
          </>
        ) : null}
      </dl>
      <PhotoStrip hazard={h} canWrite={canWriteHazards(session)} />
      {actions.length > 0 ? (
        <div className="hazard-actions" data-testid="hazard-actions">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={a === "escalate" ? "btn btn--danger" : "btn"}
              data-testid={`hazard-action-${a}`}
              onClick={() => setOpen(a)}
            >
              {t(`hazards.action.${a}`)}
            </button>
          ))}
        </div>
      ) : null}
      <h3>{t("hazards.history")}</h3>
      <FormError message={history.error} />
      <ol className="hazard-history" data-testid="hazard-history">
        <li className="muted">
          {h.found_at_local} · {t("hazards.event.registered")}
        </li>
        {(history.data ?? []).map((e) => (
          <li key={e.seq} data-testid="hazard-history-event">
            {e.at_local} · {t(`hazards.event.${e.kind}`)} · {e.actor_name}
            {eventNote(e) ? ` — ${eventNote(e)}` : ""}
            {e.reason ? <span className="hazard-history__reason"> （{e.reason}）</span> : null}
          </li>
        ))}
      </ol>
      {open === "assign" ? <AssignDialog hazard={h} today={today} onDone={done} onClose={() => setOpen(null)} /> : null}
      {open && open !== "assign" ? <StepDialog kind={open} hazard={h} onDone={done} onClose={() => setOpen(null)} /> : null}
    </aside>
  );
}

/** The words an event carries (measures, a note, the new deadline), as text. */
function eventNote(e: HazardEvent): string {
  const d = e.data as Record<string, unknown>;
  const parts = [d.measures, d.note, d.deadline].filter((x): x is string => typeof x === "string" && x.length > 0);
  return e.kind === "rejected" ? parts.filter((p) => p !== e.reason).join(" · ") : parts.join(" · ");
}
