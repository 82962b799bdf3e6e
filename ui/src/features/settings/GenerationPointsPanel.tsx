// 产生危险废物设施: the registry of generation points whose codes the B.1 ledger prints. Admins
// and EHS officers add and void them (the core checks); everyone sees the list.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { addGenerationPoint, listGenerationPoints, voidGenerationPoint, type GenerationPoint } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";

const FIELDS = ["code", "name", "department"] as const;
type FieldName = (typeof FIELDS)[number];
const EMPTY: Record<FieldName, string> = { code: "", name: "", department: "" };

export function GenerationPointsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { data: points, error: loadError, reload } = useLoad(listGenerationPoints);
  const [v, setV] = useState(EMPTY);
  const [voidError, setVoidError] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<GenerationPoint | null>(null);
  const [reason, setReason] = useState("");
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((err) => placeError(err, t, FIELDS));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!v.code.trim()) found.code = t("common.required");
    if (!v.name.trim()) found.name = t("common.required");
    await run(found, async () => {
      await addGenerationPoint({ code: v.code.trim(), name: v.name.trim(), department: v.department.trim() || null });
      setV(EMPTY);
      await reload();
    });
  };

  const retire = async (e: FormEvent) => {
    e.preventDefault();
    if (!voiding) return;
    setVoidError(null);
    try {
      await voidGenerationPoint(voiding.id, reason.trim());
      setVoiding(null);
      setReason("");
      await reload();
    } catch (err) {
      const placed = placeError(err, t, ["reason"]);
      setVoidError(placed.fields.reason ?? placed.form ?? String(err));
    }
  };

  return (
    <div className="panel" data-testid="settings-generation-points">
      <h2>{t("points.title")}</h2>
      <p className="muted panel__note">{t("points.basis")}</p>
      <FormError message={loadError ?? voidError} testId="points-error" />
      <div className="table-wrap table-wrap--narrow">
        <table className="table" aria-busy={points === null}>
          <thead>
            <tr>
              <th>{t("points.code")}</th>
              <th>{t("points.name")}</th>
              <th>{t("points.department")}</th>
              {canEdit ? <th>{t("headcount.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {(points ?? []).map((p) => (
              <tr key={p.id} data-testid="point-row">
                <td className="mono">{p.code}</td>
                <td>{p.name}</td>
                <td>{p.department ?? "—"}</td>
                {canEdit ? (
                  <td>
                    <button type="button" className="btn btn--small" data-testid="point-void" onClick={() => setVoiding(p)}>
                      {t("points.void")}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
            {points !== null && points.length === 0 ? (
              <tr className="table__placeholder">
                <td colSpan={canEdit ? 4 : 3}>{t("points.empty")}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {voiding ? (
        <form className="inline-form" onSubmit={retire} noValidate data-testid="point-void-form">
          <div className="inline-form__row">
            <Field id="point-void-reason" name="reason" label={t("points.voidReason", { code: voiding.code })}>
              <input data-testid="point-void-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
            <div className="inline-form__submit">
              <button type="submit" className="btn btn--primary" data-testid="point-void-submit">
                {t("points.void")}
              </button>{" "}
              <button type="button" className="btn" onClick={() => setVoiding(null)}>
                {t("common.cancel")}
              </button>
            </div>
          </div>
        </form>
      ) : null}
      {canEdit ? (
        <form className="inline-form" onSubmit={submit} noValidate data-testid="point-form">
          <FormError message={formError} />
          <div className="inline-form__row">
            {FIELDS.map((k) => (
              <Field key={k} id={`point-${k}`} name={k} label={t(`points.${k}`)} error={errors[k]} errorDetail={errorDetail}>
                <input
                  {...a11yFor(`point-${k}`, errors[k])}
                  data-testid={`point-${k}`}
                  value={v[k]}
                  onChange={(e) => setV((s) => ({ ...s, [k]: e.target.value }))}
                />
              </Field>
            ))}
            <div className="inline-form__submit">
              <button type="submit" className="btn btn--primary" data-testid="point-submit" disabled={busy}>
                {t("points.add")}
              </button>
            </div>
          </div>
        </form>
      ) : null}
    </div>
  );
}
