// 日流量: an outfall's discharge of one plant-local day in m³ (exact decimal).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { waterFlowAdd, type Outfall } from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { DATE_RE } from "../../lib/time";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { DECIMAL_RE } from "./format";
import { DateInput } from "../../components/DateInput";

type Props = { outfalls: Outfall[]; today: string; onSaved: () => void };

export function FlowForm({ outfalls, today, onSaved }: Props) {
  const { t } = useTranslation();
  const withFlow = outfalls.filter((o) => o.params.some((p) => p.unit === "m3"));
  const [chosen, setOutfall] = useState("");
  const outfall = withFlow.some((o) => o.code === chosen) ? chosen : (withFlow[0]?.code ?? "");
  const [date, setDate] = useState(today);
  const [m3, setM3] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) =>
    placeErrorIn("water.errors", e, t, ["outfall", "date", "m3"]),
  );
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const found: FieldErrors = {};
    if (!outfall) found.outfall = t("water.errors.outfallRequired");
    if (!DATE_RE.test(date)) found.date = t("water.errors.dateRequired");
    if (!DECIMAL_RE.test(m3.trim())) found.m3 = t("water.errors.decimal");
    await submit(found, async () => {
      await waterFlowAdd(outfall, date, m3.trim());
      setSaved(t("water.flow.saved", { m3: m3.trim(), date, outfall }));
      setM3("");
      onSaved();
    });
  };
  return (
    <form className="panel" onSubmit={onSubmit} noValidate data-testid="flow-form">
      <h2>{t("water.flow.title")}</h2>
      <FormError message={formError} />
      {saved ? (
        <div className="toast" role="status" data-testid="flow-saved">
          {saved}
        </div>
      ) : null}
      {withFlow.length === 0 ? <p className="muted">{t("water.flow.noFlowParam")}</p> : null}
      <div className="flow-grid">
        <Field id="flow-outfall" name="outfall" label={t("water.outfall")} error={errors.outfall}>
          <select {...a11yFor("flow-outfall", errors.outfall)} data-testid="flow-outfall" value={outfall} onChange={(e) => setOutfall(e.target.value)}>
            {withFlow.map((o) => (
              <option key={o.id} value={o.code}>
                {o.code} · {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="flow-date" name="date" label={t("water.flow.date")} error={errors.date} errorDetail={errorDetail}>
          <DateInput {...a11yFor("flow-date", errors.date)} data-testid="flow-date" value={date} onChange={(v) => setDate(v)} />
        </Field>
        <Field id="flow-m3" name="m3" label={t("water.flow.m3")} error={errors.m3} errorDetail={errorDetail}>
          <input {...a11yFor("flow-m3", errors.m3)} inputMode="decimal" data-testid="flow-m3" value={m3} onChange={(e) => setM3(e.target.value)} />
        </Field>
        <div className="flow-grid__submit">
          <button type="submit" className="btn btn--primary" data-testid="flow-submit" disabled={busy || withFlow.length === 0}>
            {t("water.flow.submit")}
          </button>
        </div>
      </div>
    </form>
  );
}
