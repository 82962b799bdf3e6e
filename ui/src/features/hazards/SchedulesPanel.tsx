// 检查计划: the schedules of rounds (checklist and its version, area, how often, from and until,
// who does them) and the form to add one. The core checks the dates, the checklist (its latest
// version) and the inspector's name.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { inspectionScheduleAdd, type Every, type Schedule, type Template } from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { DATE_RE } from "../../lib/time";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { DateInput } from "../../components/DateInput";

export const EVERY: readonly Every[] = ["day", "week", "month", "quarter", "once"];
const FIELDS = ["template_id", "area", "every", "start_on", "until_on", "inspector"] as const;

type Props = {
  schedules: readonly Schedule[] | null;
  templates: readonly Template[] | null;
  canEdit: boolean;
  today: string;
  onSaved: (s: Schedule) => void;
};

export function SchedulesPanel({ schedules, templates, canEdit, today, onSaved }: Props) {
  const { t } = useTranslation();
  const [templateId, setTemplateId] = useState("");
  const [area, setArea] = useState("");
  const [every, setEvery] = useState<Every>("week");
  const [start, setStart] = useState(today);
  const [until, setUntil] = useState("");
  const [inspector, setInspector] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("inspections.errors", e, t, FIELDS));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const found: FieldErrors = {};
    if (!templateId) found.template_id = t("common.required");
    if (!area.trim()) found.area = t("common.required");
    if (!DATE_RE.test(start)) found.start_on = t("hazards.errors.dateRequired");
    if (until && !DATE_RE.test(until)) found.until_on = t("hazards.errors.dateRequired");
    else if (until && until < start) found.until_on = t("inspections.errors.untilBeforeStart");
    await submit(found, async () => {
      const s = await inspectionScheduleAdd({
        template_id: templateId,
        area: area.trim(),
        every,
        start_on: start,
        until_on: until || null,
        inspector: inspector.trim() || null,
      });
      setSaved(t("inspections.schedules.saved", { area: s.area, name: s.template_name }));
      setArea("");
      onSaved(s);
    });
  };

  return (
    <div className="inspection-schedules">
      <section className="panel" aria-label={t("inspections.schedules.title")}>
        <h2>{t("inspections.schedules.title")}</h2>
        {schedules !== null && schedules.length === 0 ? <p className="muted">{t("inspections.schedules.empty")}</p> : null}
        {schedules && schedules.length > 0 ? (
          <table className="inspection-table" data-testid="schedule-list">
            <thead>
              <tr>
                <th>{t("inspections.fields.area")}</th>
                <th>{t("inspections.fields.template")}</th>
                <th>{t("inspections.fields.every")}</th>
                <th>{t("inspections.fields.start")}</th>
                <th>{t("inspections.fields.until")}</th>
                <th>{t("inspections.fields.inspector")}</th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => (
                <tr key={s.id} data-testid={`schedule-${s.id}`}>
                  <td>{s.area}</td>
                  <td>
                    {s.template_name} <span className="muted">{t("inspections.version", { version: s.template_version })}</span>
                  </td>
                  <td>{t(`inspections.every.${s.every}`)}</td>
                  <td>{s.start_on}</td>
                  <td>{s.until_on ?? "—"}</td>
                  <td>{s.inspector_name ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {canEdit ? (
        <form className="panel" onSubmit={onSubmit} noValidate data-testid="schedule-form">
          <h2>{t("inspections.schedules.add")}</h2>
          <FormError message={formError} />
          {saved ? (
            <div className="toast" role="status" data-testid="schedule-saved">
              {saved}
            </div>
          ) : null}
          <div className="form-grid">
            <Field id="schedule-template" name="template_id" label={t("inspections.fields.template")} error={errors.template_id} errorDetail={errorDetail}>
              <select
                {...a11yFor("schedule-template", errors.template_id)}
                data-testid="schedule-template"
                value={templateId}
                onChange={(e) => setTemplateId(e.target.value)}
              >
                <option value="">—</option>
                {(templates ?? []).map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name} · {t(`inspections.kind.${x.kind}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="schedule-area" name="area" label={t("inspections.fields.area")} error={errors.area} errorDetail={errorDetail}>
              <input {...a11yFor("schedule-area", errors.area)} data-testid="schedule-area" value={area} onChange={(e) => setArea(e.target.value)} />
            </Field>
            <Field id="schedule-every" name="every" label={t("inspections.fields.every")} error={errors.every}>
              <select {...a11yFor("schedule-every", errors.every)} data-testid="schedule-every" value={every} onChange={(e) => setEvery(e.target.value as Every)}>
                {EVERY.map((x) => (
                  <option key={x} value={x}>
                    {t(`inspections.every.${x}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="schedule-start" name="start_on" label={t("inspections.fields.start")} error={errors.start_on} errorDetail={errorDetail}>
              <DateInput {...a11yFor("schedule-start", errors.start_on)} data-testid="schedule-start" value={start} onChange={(v) => setStart(v)} />
            </Field>
            <Field id="schedule-until" name="until_on" label={t("inspections.fields.until")} error={errors.until_on} errorDetail={errorDetail}>
              <DateInput {...a11yFor("schedule-until", errors.until_on)} data-testid="schedule-until" value={until} onChange={(v) => setUntil(v)} />
            </Field>
            <Field
              id="schedule-inspector"
              name="inspector"
              label={t("inspections.fields.inspector")}
              hint={t("inspections.schedules.inspectorHint")}
              error={errors.inspector}
              errorDetail={errorDetail}
            >
              <input
                {...a11yFor("schedule-inspector", errors.inspector, "schedule-inspector-hint")}
                data-testid="schedule-inspector"
                value={inspector}
                onChange={(e) => setInspector(e.target.value)}
              />
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" data-testid="schedule-submit" disabled={busy}>
              {t("inspections.schedules.submit")}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
