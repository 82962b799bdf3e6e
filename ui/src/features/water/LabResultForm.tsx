// 化验结果: one sampling of one outfall — time, lab, and a row per parameter the outfall
// monitors (flow excepted: it is the daily flow), each a value or `4L` (below the detection
// limit 4) with the analysis method. Keyboard first: Enter moves to the next value, Ctrl+Enter
// saves; blank rows are left out. The core records exceedances at once and says how many.
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { waterSampleAdd, type BatchResult, type Outfall } from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { DATETIME_LOCAL_RE } from "../../lib/time";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { MEASURED_RE, unitText } from "./format";
import { DateTimeInput } from "../../components/DateInput";

type Props = { outfalls: Outfall[]; now: string; onSaved: (r: BatchResult) => void };
type Row = { value: string; method: string };

const FIELDS = ["outfall", "sampled_at", "lab", "values"] as const;

export function LabResultForm({ outfalls, now, onSaved }: Props) {
  const { t } = useTranslation();
  const [outfallId, setOutfallId] = useState(outfalls[0]?.id ?? "");
  const outfall = outfalls.find((o) => o.id === outfallId) ?? outfalls[0];
  const params = (outfall?.params ?? []).filter((p) => p.unit !== "m3");
  const [at, setAt] = useState(now);
  const [lab, setLab] = useState("");
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [saved, setSaved] = useState<BatchResult | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("water.errors", e, t, [...FIELDS]));
  const row = (code: string): Row => rows[code] ?? { value: "", method: "" };
  const setRow = (code: string, patch: Partial<Row>) => setRows((r) => ({ ...r, [code]: { ...row(code), ...patch } }));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const found: FieldErrors = {};
    if (!outfall) found.outfall = t("water.errors.outfallRequired");
    if (!DATETIME_LOCAL_RE.test(at)) found.sampled_at = t("water.errors.timeRequired");
    const values = params
      .map((p) => ({ param: p.code, value: row(p.code).value.trim(), method: row(p.code).method.trim() }))
      .filter((v) => v.value !== "");
    if (values.length === 0) found.values = t("water.errors.noValues");
    for (const v of values) {
      if (!MEASURED_RE.test(v.value)) found[`value-${v.param}`] = t("water.errors.measured");
    }
    await submit(found, async () => {
      const r = await waterSampleAdd({ outfall: outfall!.code, sampled_at: at, lab: lab.trim(), values });
      setSaved(r);
      setRows({});
      onSaved(r);
    });
  };

  // Enter in a value goes to the next value; Ctrl+Enter saves from anywhere.
  const keys = (e: KeyboardEvent<HTMLInputElement>, i: number) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      form.current?.requestSubmit();
      return;
    }
    const next = form.current?.querySelector<HTMLInputElement>(`[data-row="${i + 1}"]`);
    if (next) next.focus();
    else form.current?.requestSubmit();
  };

  return (
    <form ref={form} className="panel" onSubmit={onSubmit} noValidate data-testid="lab-form">
      <h2>{t("water.lab.title")}</h2>
      <FormError message={formError} />
      {saved ? (
        <div className="toast" role="status" data-testid="lab-saved">
          {t("water.lab.saved", { n: saved.accepted, x: saved.exceedances })}
        </div>
      ) : null}
      <div className="gen-grid">
        <Field id="lab-outfall" name="outfall" label={t("water.outfall")} error={errors.outfall}>
          <select
            {...a11yFor("lab-outfall", errors.outfall)}
            data-testid="lab-outfall"
            value={outfall?.id ?? ""}
            onChange={(e) => {
              setOutfallId(e.target.value);
              setRows({});
            }}
          >
            {outfalls.map((o) => (
              <option key={o.id} value={o.id}>
                {o.code} · {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="lab-at" name="sampled_at" label={t("water.lab.sampledAt")} error={errors.sampled_at} errorDetail={errorDetail}>
          <DateTimeInput
            {...a11yFor("lab-at", errors.sampled_at)}
            data-testid="lab-at"
            value={at}
            onChange={(v) => setAt(v)}
          />
        </Field>
        <Field id="lab-lab" name="lab" label={t("water.lab.lab")} error={errors.lab} className="gen-grid__wide">
          <input {...a11yFor("lab-lab", errors.lab)} data-testid="lab-lab" value={lab} onChange={(e) => setLab(e.target.value)} />
        </Field>
      </div>
      <table className="table lab-rows" data-testid="lab-rows">
        <thead>
          <tr>
            <th>{t("water.param")}</th>
            <th>{t("water.lab.value")}</th>
            <th>{t("water.lab.method")}</th>
          </tr>
        </thead>
        <tbody>
          {params.map((p, i) => {
            const err = errors[`value-${p.code}`];
            return (
              <tr key={p.id} data-testid="lab-row">
                <td>
                  <label htmlFor={`lab-value-${p.code}`}>
                    {p.name} <span className="muted mono">{unitText(p.unit)}</span>
                  </label>
                </td>
                <td>
                  <input
                    {...a11yFor(`lab-value-${p.code}`, err)}
                    data-testid={`lab-value-${p.code}`}
                    data-row={i}
                    inputMode="decimal"
                    placeholder={t("water.lab.valueHint")}
                    value={row(p.code).value}
                    onChange={(e) => setRow(p.code, { value: e.target.value })}
                    onKeyDown={(e) => keys(e, i)}
                  />
                  {err ? (
                    <div className="field__error" id={`lab-value-${p.code}-error`} data-testid={`error-value-${p.code}`} role="alert">
                      {err}
                    </div>
                  ) : null}
                </td>
                <td>
                  <input
                    data-testid={`lab-method-${p.code}`}
                    aria-label={t("water.lab.methodOf", { param: p.name })}
                    placeholder={t("water.lab.methodHint")}
                    value={row(p.code).method}
                    onChange={(e) => setRow(p.code, { method: e.target.value })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {errors.values ? (
        <p className="field__error" data-testid="error-values" role="alert">
          {errors.values}
        </p>
      ) : null}
      <div className="form-actions">
        <span className="muted">{t("water.lab.keys")}</span>
        <button type="submit" className="btn btn--primary" data-testid="lab-submit" disabled={busy || !outfall}>
          {t("water.lab.submit")}
        </button>
      </div>
    </form>
  );
}
