// 巡检: the rounds due (overdue and today's highlighted) with a start button each, an
// unscheduled round of any checklist (special, pre-holiday …), the rounds recorded (record PDF,
// Excel), the checklists and the schedules. Starting a round opens the round form in place; a
// recorded round names the hazards its failed items became and reloads the hazard lists.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  inspectionDue,
  inspectionSchedules,
  inspectionTemplates,
  type DueRound,
  type LecScales,
  type RoundDone,
  type Session,
} from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { canWriteHazards } from "./actions";
import { daysBetween, dueState, type RoundTarget } from "./roundDraft";
import { RoundForm } from "./RoundForm";
import { RoundsHistory } from "./RoundsHistory";
import { SchedulesPanel } from "./SchedulesPanel";
import { TemplatesEditor } from "./TemplatesEditor";

export const INSPECTION_VIEWS = ["due", "rounds", "templates", "schedules"] as const;
type View = (typeof INSPECTION_VIEWS)[number];
/** The due list also shows the rounds coming in this many days. */
export const DUE_AHEAD = 7;

type Props = { session: Session; today: string; version: number; scales: LecScales | null; onChanged: () => void };

export function InspectionsTab({ session, today, version, scales, onChanged }: Props) {
  const { t } = useTranslation();
  const [view, setView] = useState<View>("due");
  const [own, setOwn] = useState(0);
  const [target, setTarget] = useState<RoundTarget | null>(null);
  const [done, setDone] = useState<{ done: RoundDone; photoErrors: string[] } | null>(null);
  const [unscheduled, setUnscheduled] = useState("");
  const canWrite = canWriteHazards(session);
  const canPlan = session.role === "admin" || session.role === "ehs_officer" || session.role === "plant_manager";
  const templates = useLoad(inspectionTemplates, [own]);
  const schedules = useLoad(inspectionSchedules, [own]);
  const due = useLoad(() => inspectionDue(DUE_AHEAD), [own, version]);
  const changed = () => setOwn((n) => n + 1);

  const start = (r: DueRound) => {
    const tpl = templates.data?.find((x) => x.id === r.template_id);
    if (!tpl) return;
    setDone(null);
    setTarget({ template: tpl, scheduleId: r.schedule_id, dueOn: r.due_on, area: r.area });
  };
  const startUnscheduled = () => {
    const tpl = templates.data?.find((x) => x.id === unscheduled);
    if (!tpl) return;
    setDone(null);
    setTarget({ template: tpl, scheduleId: null, dueOn: null, area: "" });
  };
  const recorded = (d: RoundDone, photoErrors: string[]) => {
    setTarget(null);
    setDone({ done: d, photoErrors });
    changed();
    onChanged();
  };

  if (target) {
    return <RoundForm target={target} scales={scales} onDone={recorded} onCancel={() => setTarget(null)} />;
  }

  return (
    <div className="inspections" data-testid="inspections">
      <div className="subtabs" role="tablist">
        {INSPECTION_VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className={`btn btn--small${view === v ? " btn--primary" : ""}`}
            data-testid={`inspections-view-${v}`}
            onClick={() => setView(v)}
          >
            {t(`inspections.views.${v}`)}
          </button>
        ))}
      </div>
      {done ? (
        <div className="toast toast--block" role="status" data-testid="round-recorded">
          <div>
            {done.done.hazards.length === 0
              ? t("inspections.round.recordedClean")
              : t("inspections.round.recorded", { count: done.done.hazards.length, numbers: done.done.hazards.map((h) => h.number).join("、") })}
          </div>
          {done.photoErrors.map((e) => (
            <div key={e} className="form-error" data-testid="round-photo-error">
              {e}
            </div>
          ))}
        </div>
      ) : null}
      <FormError message={templates.error ?? schedules.error} />
      {view === "due" ? (
        <section className="panel" aria-label={t("inspections.views.due")}>
          <h2>{t("inspections.due.title", { days: DUE_AHEAD })}</h2>
          <FormError message={due.error} />
          {due.data !== null && due.data.length === 0 ? <p className="muted">{t("inspections.due.none")}</p> : null}
          <ul className="inspection-due" data-testid="due-list">
            {(due.data ?? []).map((r) => {
              const state = dueState(r.due_on, today);
              return (
                <li key={`${r.schedule_id}-${r.due_on}`} className={`inspection-due__row inspection-due--${state}`} data-testid={`due-${r.due_on}-${r.area}`}>
                  <span className="inspection-due__date">{r.due_on}</span>
                  {state === "overdue" ? (
                    <span className="badge badge--overdue" data-testid="due-overdue">
                      {t("inspections.due.overdue", { days: daysBetween(r.due_on, today) })}
                    </span>
                  ) : null}
                  {state === "today" ? (
                    <span className="badge badge--warning" data-testid="due-today">
                      {t("inspections.due.today")}
                    </span>
                  ) : null}
                  <span>
                    <strong>{r.area}</strong> · {r.template_name} <span className="badge badge--none">{t(`inspections.kind.${r.kind}`)}</span>
                    {r.inspector_name ? <span className="muted"> · {r.inspector_name}</span> : null}
                  </span>
                  {canWrite ? (
                    <button
                      type="button"
                      className={`btn btn--small${state === "coming" ? "" : " btn--primary"}`}
                      data-testid={`due-start-${r.due_on}-${r.area}`}
                      disabled={!templates.data}
                      onClick={() => start(r)}
                    >
                      {t("inspections.due.start")}
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {canWrite ? (
            <div className="inspection-unscheduled">
              <label htmlFor="unscheduled-template">{t("inspections.due.unscheduled")}</label>
              <select id="unscheduled-template" data-testid="unscheduled-template" value={unscheduled} onChange={(e) => setUnscheduled(e.target.value)}>
                <option value="">—</option>
                {(templates.data ?? []).map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name} · {t(`inspections.kind.${x.kind}`)}
                  </option>
                ))}
              </select>
              <button type="button" className="btn" data-testid="unscheduled-start" disabled={!unscheduled} onClick={startUnscheduled}>
                {t("inspections.due.start")}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}
      {view === "rounds" ? <RoundsHistory today={today} version={own + version} /> : null}
      {view === "templates" ? <TemplatesEditor templates={templates.data} canEdit={canPlan} onSaved={changed} /> : null}
      {view === "schedules" ? (
        <SchedulesPanel schedules={schedules.data} templates={templates.data} canEdit={canPlan} today={today} onSaved={changed} />
      ) : null}
    </div>
  );
}
