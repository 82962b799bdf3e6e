// 工作日历: public holidays on weekdays and 调休 make-up working days on weekends, which the core
// uses to count working-day deadlines (manifest confirmation within 5 working days). Days are
// added and deleted (voided with a reason, kept in the audit trail), never edited.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { addCalendarDay, listCalendarDays, voidCalendarDay, type CalendarDay, type CalendarDayKind } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { ReasonDialog } from "../../components/ReasonDialog";
import { DateInput } from "../../components/DateInput";

const KINDS = ["holiday", "workday"] as const;
const FIELDS = ["day", "kind", "note"] as const;

export function CalendarPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { data: rows, error: loadError, reload } = useLoad(listCalendarDays);
  const [day, setDay] = useState("");
  const [kind, setKind] = useState<CalendarDayKind>("holiday");
  const [note, setNote] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<CalendarDay | null>(null);
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((err) => placeError(err, t, FIELDS));
  const kindName = (k: string) => t(`calendar.kinds.${k}`, { defaultValue: k });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!day.trim()) found.day = t("common.required");
    setDone(null);
    await run(found, async () => {
      const added = await addCalendarDay({ day: day.trim(), kind, note: note.trim() });
      setDone(t("calendar.added", { day: added.day, kind: kindName(added.kind) }));
      setDay("");
      setNote("");
      await reload();
    });
  };

  return (
    <div className="panel" data-testid="calendar-panel">
      <h2>{t("calendar.title")}</h2>
      <p className="muted panel__note calendar__intro" data-testid="calendar-intro">
        {t("calendar.intro")}
      </p>
      <FormError message={loadError} testId="calendar-load-error" />
      {done ? (
        <div className="toast" role="status" data-testid="calendar-done">
          {done}
        </div>
      ) : null}
      <div className="table-wrap table-wrap--narrow">
        <table className="table" data-testid="calendar-table" aria-busy={rows === null}>
          <thead>
            <tr>
              <th>{t("calendar.col.day")}</th>
              <th>{t("calendar.col.kind")}</th>
              <th>{t("calendar.col.note")}</th>
              {canEdit ? <th>{t("calendar.col.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((d) => (
              <tr key={d.id} data-testid="calendar-row">
                <td className="mono">{d.day}</td>
                <td>
                  <span className={`badge ${d.kind === "holiday" ? "badge--warning" : "badge--ok"}`}>{kindName(d.kind)}</span>
                </td>
                <td>{d.note}</td>
                {canEdit ? (
                  <td className="actions">
                    <button
                      type="button"
                      className="btn btn--small"
                      data-testid="calendar-void-open"
                      onClick={() => {
                        setDone(null);
                        setVoiding(d);
                      }}
                    >
                      {t("calendar.delete")}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
            {rows !== null && rows.length === 0 ? (
              <tr className="table__placeholder">
                <td colSpan={canEdit ? 4 : 3} data-testid="calendar-empty">
                  {t("calendar.empty")}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <form className="inline-form" onSubmit={submit} noValidate data-testid="calendar-form">
          <FormError message={formError} />
          <div className="inline-form__row">
            <Field id="calendar-day" name="day" label={t("calendar.day")} error={errors.day} errorDetail={errorDetail}>
              <DateInput
                {...a11yFor("calendar-day", errors.day)}
                data-testid="calendar-day"
                value={day}
                onChange={(v) => setDay(v)}
              />
            </Field>
            <Field id="calendar-kind" name="kind" label={t("calendar.kind")} error={errors.kind} errorDetail={errorDetail}>
              <select
                {...a11yFor("calendar-kind", errors.kind)}
                data-testid="calendar-kind"
                value={kind}
                onChange={(e) => setKind(e.target.value as CalendarDayKind)}
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {kindName(k)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="calendar-note" name="note" label={t("calendar.note")} error={errors.note} errorDetail={errorDetail}>
              <input
                {...a11yFor("calendar-note", errors.note)}
                data-testid="calendar-note"
                placeholder={t("calendar.notePlaceholder")}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </Field>
            <div className="inline-form__submit">
              <button type="submit" className="btn btn--primary" data-testid="calendar-submit" disabled={busy}>
                {t("calendar.add")}
              </button>
            </div>
          </div>
        </form>
      ) : (
        <p className="muted panel__note" data-testid="calendar-read-only">
          {t("calendar.readOnly")}
        </p>
      )}
      {voiding ? (
        <ReasonDialog
          idPrefix="calendar-void"
          title={t("calendar.voidTitle")}
          intro={t("calendar.voidIntro", { day: voiding.day, kind: kindName(voiding.kind) })}
          label={t("calendar.reason")}
          requiredText={t("calendar.reasonRequired")}
          submitText={t("calendar.voidSubmit")}
          place={(e) => placeError(e, t, ["reason"])}
          action={async (reason) => {
            await voidCalendarDay(voiding.id, reason);
            setDone(t("calendar.voided", { day: voiding.day }));
            setVoiding(null);
            await reload();
          }}
          onClose={() => setVoiding(null)}
        />
      ) : null}
    </div>
  );
}
