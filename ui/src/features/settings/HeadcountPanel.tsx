// Yearly headcount (full-time and total) with an inline form to add or correct a year.
// Admins and plant managers may edit; everyone else sees the table only (the core checks too).
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { listHeadcount, setHeadcount, type Headcount } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { a11yFor, Field, FormError } from "../../components/Field";

const FIELDS = ["year", "full_time", "total"] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

const EMPTY: Values = { year: "", full_time: "", total: "" };
const TEST_IDS: Record<FieldName, string> = {
  year: "headcount-year",
  full_time: "headcount-full-time",
  total: "headcount-total",
};
// Whole numbers only; at most 9 digits so the value stays exact as a JS number.
const WHOLE = /^\d{1,9}$/;

export function HeadcountPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { data: rows, error: loadError, reload: load } = useLoad(listHeadcount);
  const [v, setV] = useState<Values>(EMPTY);
  const { errors, formError, errorDetail, busy, submit: run, reset } = useSubmit((err) => placeError(err, t, FIELDS));
  const [saved, setSaved] = useState<string | null>(null);


  const set = (k: FieldName) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));

  const edit = (h: Headcount) => {
    setV({ year: String(h.year), full_time: String(h.full_time), total: String(h.total) });
    reset();
    setSaved(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    for (const k of FIELDS) {
      const s = v[k].trim();
      if (!s) found[k] = t("common.required");
      else if (!WHOLE.test(s)) found[k] = t("headcount.wholeNumber");
    }
    setSaved(null);
    await run(found, async () => {
      const h = await setHeadcount({
        year: Number(v.year.trim()),
        full_time: Number(v.full_time.trim()),
        total: Number(v.total.trim()),
      });
      setSaved(t("headcount.saved", { year: h.year }));
      setV(EMPTY);
      await load();
    });
  };


  const existing = rows?.some((r) => String(r.year) === v.year.trim()) ?? false;

  return (
    <div className="panel">
      <h2>{t("headcount.title")}</h2>
      <FormError message={loadError} testId="headcount-load-error" />
      <div className="table-wrap table-wrap--narrow">
        <table className="table" data-testid="settings-headcount-table" aria-busy={rows === null}>
          <thead>
            <tr>
              <th>{t("headcount.year")}</th>
              <th className="num">{t("headcount.fullTime")}</th>
              <th className="num">{t("headcount.total")}</th>
              {canEdit ? <th>{t("headcount.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((r) => (
              <tr key={r.year} data-testid="headcount-row">
                <td className="mono">{r.year}</td>
                <td className="num mono">{r.full_time}</td>
                <td className="num mono">{r.total}</td>
                {canEdit ? (
                  <td>
                    <button type="button" className="btn btn--small" data-testid="headcount-edit" onClick={() => edit(r)}>
                      {t("headcount.correct")}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
            {rows !== null && rows.length === 0 ? (
              <tr className="table__placeholder">
                <td colSpan={canEdit ? 4 : 3}>{t("headcount.empty")}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <form className="inline-form" onSubmit={submit} noValidate data-testid="headcount-form">
          <FormError message={formError} />
          {saved ? (
            <div className="toast" role="status" data-testid="headcount-saved">
              {saved}
            </div>
          ) : null}
          <div className="inline-form__row">
            {FIELDS.map((k) => (
              <Field
                key={k}
                id={`headcount-${k}`}
                name={k}
                label={t(`headcount.${k === "full_time" ? "fullTime" : k}`)}
                error={errors[k]}
                errorDetail={errorDetail}
              >
                <input
                  {...a11yFor(`headcount-${k}`, errors[k])}
                  data-testid={TEST_IDS[k]}
                  inputMode="numeric"
                  value={v[k]}
                  onChange={set(k)}
                />
              </Field>
            ))}
            <div className="inline-form__submit">
              <button type="submit" className="btn btn--primary" data-testid="headcount-submit" disabled={busy}>
                {existing ? t("headcount.submitCorrect") : t("headcount.submitAdd")}
              </button>
            </div>
          </div>
        </form>
      ) : (
        <p className="muted panel__note" data-testid="headcount-read-only">
          {t("headcount.readOnly")}
        </p>
      )}
    </div>
  );
}
