// The permit forms: a new outfall with its parameter rows, a parameter added to an outfall, a
// revised limit (a new limit from its date), and an annual cap (t/a). Each refusal of the core
// is placed under its field, or above the form with the core's sentence (which names the row).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  waterCapSet,
  waterLimitAdd,
  waterOutfallAdd,
  waterParamAdd,
  type DischargeMode,
  type Outfall,
  type Param,
  type UnitClass,
} from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { DATE_RE } from "../../lib/time";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { emptyParam, ParamRows, toNewParam, type ParamDraft } from "./ParamRows";
import { DECIMAL_RE } from "./format";
import { DateInput } from "../../components/DateInput";

/** Checks the typed rows before the core does: a code, a name for the plant's own, decimals. */
function checkRows(rows: ParamDraft[], t: (k: string) => string): string | null {
  for (const r of rows) {
    if (r.code.trim() === "" || (r.custom && r.name.trim() === "")) return t("water.errors.paramIncomplete");
    for (const v of [r.upper, r.lower]) if (v.trim() !== "" && !DECIMAL_RE.test(v.trim())) return t("water.errors.decimal");
    if (!DATE_RE.test(r.validFrom)) return t("water.errors.dateRequired");
  }
  return null;
}

const OUTFALL_FIELDS = ["receiving", "permit_no", "permit_expires_on", "mn"] as const;

export function AddOutfallDialog({ today, onClose, onAdded }: { today: string; onClose: () => void; onAdded: (o: Outfall) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [mode, setMode] = useState<DischargeMode>("indirect");
  const [unitClass, setUnitClass] = useState<UnitClass>("key");
  const [receiving, setReceiving] = useState("");
  const [permitNo, setPermitNo] = useState("");
  const [expires, setExpires] = useState("");
  const [mn, setMn] = useState("");
  const [rows, setRows] = useState<ParamDraft[]>([
    emptyParam(today, "cod"),
    emptyParam(today, "nh3n"),
    emptyParam(today, "ph"),
    { ...emptyParam(today, "flow"), frequency: "daily" },
  ]);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("water.errors", e, t, [...OUTFALL_FIELDS]));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!code.trim()) found.code = t("common.required");
    if (!name.trim()) found.name = t("common.required");
    if (expires && !DATE_RE.test(expires)) found.permit_expires_on = t("water.errors.dateRequired");
    const rowProblem = checkRows(rows, t);
    if (rowProblem) found.params = rowProblem;
    await submit(found, async () => {
      const o = await waterOutfallAdd({
        code: code.trim(),
        name: name.trim(),
        discharge_mode: mode,
        unit_class: unitClass,
        receiving: receiving.trim(),
        permit_no: permitNo.trim(),
        permit_expires_on: expires || null,
        mn: mn.trim() || null,
        params: rows.map(toNewParam),
      });
      onAdded(o);
    });
  };

  return (
    <Modal title={t("water.outfalls.addTitle")} onClose={onClose} testId="outfall-add-dialog" wide>
      <form onSubmit={onSubmit} noValidate>
        <FormError message={formError} />
        <div className="gen-grid">
          <Field id="of-code" name="code" label={t("water.outfalls.code")} error={errors.code}>
            <input {...a11yFor("of-code", errors.code)} data-testid="of-code" value={code} onChange={(e) => setCode(e.target.value)} />
          </Field>
          <Field id="of-name" name="name" label={t("water.outfalls.name")} error={errors.name} className="gen-grid__wide">
            <input {...a11yFor("of-name", errors.name)} data-testid="of-name" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field id="of-mode" name="discharge_mode" label={t("water.outfalls.mode")}>
            <select id="of-mode" data-testid="of-mode" value={mode} onChange={(e) => setMode(e.target.value as DischargeMode)}>
              <option value="direct">{t("water.mode.direct")}</option>
              <option value="indirect">{t("water.mode.indirect")}</option>
            </select>
          </Field>
          <Field id="of-class" name="unit_class" label={t("water.outfalls.unitClass")}>
            <select id="of-class" data-testid="of-class" value={unitClass} onChange={(e) => setUnitClass(e.target.value as UnitClass)}>
              <option value="key">{t("water.unitClass.key")}</option>
              <option value="non_key">{t("water.unitClass.non_key")}</option>
            </select>
          </Field>
          <Field id="of-receiving" name="receiving" label={t("water.outfalls.receiving")} error={errors.receiving} errorDetail={errorDetail}>
            <input {...a11yFor("of-receiving", errors.receiving)} value={receiving} onChange={(e) => setReceiving(e.target.value)} />
          </Field>
          <Field id="of-permit" name="permit_no" label={t("water.outfalls.permitNo")} error={errors.permit_no} errorDetail={errorDetail}>
            <input {...a11yFor("of-permit", errors.permit_no)} data-testid="of-permit" value={permitNo} onChange={(e) => setPermitNo(e.target.value)} />
          </Field>
          <Field id="of-expires" name="permit_expires_on" label={t("water.outfalls.expires")} error={errors.permit_expires_on} errorDetail={errorDetail}>
            <DateInput {...a11yFor("of-expires", errors.permit_expires_on)} value={expires} onChange={(v) => setExpires(v)} />
          </Field>
          <Field id="of-mn" name="mn" label={t("water.outfalls.mn")} error={errors.mn} errorDetail={errorDetail} hint={t("water.outfalls.mnHint")}>
            <input {...a11yFor("of-mn", errors.mn)} data-testid="of-mn" className="mono" value={mn} onChange={(e) => setMn(e.target.value)} />
          </Field>
        </div>
        <ParamRows rows={rows} onChange={setRows} many idPrefix="of" />
        {errors.params ? (
          <p className="field__error" role="alert" data-testid="error-params">
            {errors.params}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="of-submit" disabled={busy}>
            {t("water.outfalls.add")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function AddParamDialog({ outfall, today, onClose, onAdded }: { outfall: Outfall; today: string; onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<ParamDraft[]>([emptyParam(today, "bod5")]);
  const { errors, formError, busy, submit } = useSubmit((e) => placeErrorIn("water.errors", e, t, []));
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = checkRows(rows, t);
    await submit(problem ? { params: problem } : {}, async () => {
      await waterParamAdd(outfall.id, toNewParam(rows[0]!));
      onAdded();
    });
  };
  return (
    <Modal title={t("water.outfalls.addParamTitle", { outfall: outfall.code })} onClose={onClose} testId="param-add-dialog" wide>
      <form onSubmit={onSubmit} noValidate>
        <FormError message={formError ?? errors.params ?? null} />
        <ParamRows rows={rows} onChange={setRows} many={false} idPrefix="pa" />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="pa-submit" disabled={busy}>
            {t("water.outfalls.addParam")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

const LIMIT_FIELDS = ["upper", "lower", "months", "valid_from", "basis"] as const;

export function AddLimitDialog({
  outfall,
  param,
  today,
  onClose,
  onAdded,
}: {
  outfall: Outfall;
  param: Param;
  today: string;
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [upper, setUpper] = useState("");
  const [lower, setLower] = useState("");
  const [months, setMonths] = useState("");
  const [validFrom, setValidFrom] = useState(today);
  const [basis, setBasis] = useState("");
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("water.errors", e, t, [...LIMIT_FIELDS]));
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (upper.trim() === "" && lower.trim() === "") found.upper = t("water.errors.bound");
    if (upper.trim() && !DECIMAL_RE.test(upper.trim())) found.upper = t("water.errors.decimal");
    if (lower.trim() && !DECIMAL_RE.test(lower.trim())) found.lower = t("water.errors.decimal");
    if (!DATE_RE.test(validFrom)) found.valid_from = t("water.errors.dateRequired");
    await submit(found, async () => {
      await waterLimitAdd(outfall.id, param.code, {
        upper: upper.trim() || null,
        lower: lower.trim() || null,
        months: months.trim() || null,
        valid_from: validFrom,
        basis: basis.trim(),
      });
      onAdded();
    });
  };
  const field = (id: string, name: (typeof LIMIT_FIELDS)[number], label: string, value: string, set: (v: string) => void, extra = {}) => (
    <Field id={id} name={name} label={label} error={errors[name]} errorDetail={errorDetail}>
      <input {...a11yFor(id, errors[name])} data-testid={id} value={value} onChange={(e) => set(e.target.value)} {...extra} />
    </Field>
  );
  const dateField = (id: string, name: (typeof LIMIT_FIELDS)[number], label: string, value: string, set: (v: string) => void) => (
    <Field id={id} name={name} label={label} error={errors[name]} errorDetail={errorDetail}>
      <DateInput {...a11yFor(id, errors[name])} data-testid={id} value={value} onChange={set} />
    </Field>
  );
  return (
    <Modal title={t("water.outfalls.addLimitTitle", { outfall: outfall.code, param: param.name })} onClose={onClose} testId="limit-add-dialog">
      <form onSubmit={onSubmit} noValidate>
        <FormError message={formError} />
        <p className="muted">{t("water.outfalls.limitIntro")}</p>
        <div className="gen-grid">
          {field("limit-upper", "upper", t("water.outfalls.upper"), upper, setUpper, { inputMode: "decimal" })}
          {field("limit-lower", "lower", t("water.outfalls.lower"), lower, setLower, { inputMode: "decimal" })}
          {field("limit-months", "months", t("water.outfalls.months"), months, setMonths, { placeholder: t("water.outfalls.monthsHint") })}
          {dateField("limit-from", "valid_from", t("water.outfalls.validFrom"), validFrom, setValidFrom)}
        </div>
        {field("limit-basis", "basis", t("water.outfalls.basis"), basis, setBasis, { placeholder: "GB 8978-1996 表4 三级" })}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="limit-submit" disabled={busy}>
            {t("water.outfalls.addLimit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

const CAP_FIELDS = ["param", "cap", "from_year", "basis"] as const;

export function CapForm({ codes, year, onSet }: { codes: string[]; year: number; onSet: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(codes[0] ?? "cod");
  const [tonnes, setTonnes] = useState("");
  const [from, setFrom] = useState(String(year));
  const [basis, setBasis] = useState("");
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("water.errors", e, t, [...CAP_FIELDS]));
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!DECIMAL_RE.test(tonnes.trim())) found.cap = t("water.errors.decimal");
    if (!/^\d{4}$/.test(from)) found.from_year = t("water.errors.year");
    await submit(found, async () => {
      await waterCapSet(code, tonnes.trim(), Number(from), basis.trim());
      setTonnes("");
      onSet();
    });
  };
  return (
    <form onSubmit={onSubmit} noValidate data-testid="cap-form">
      <FormError message={formError} />
      <div className="gen-grid">
        <Field id="cap-param" name="param" label={t("water.param")} error={errors.param}>
          <select id="cap-param" data-testid="cap-param" value={code} onChange={(e) => setCode(e.target.value)}>
            {codes.map((c) => (
              <option key={c} value={c}>
                {t(`water.params.${c}`, { defaultValue: c })}
              </option>
            ))}
          </select>
        </Field>
        <Field id="cap-t" name="cap" label={t("water.caps.tonnes")} error={errors.cap} errorDetail={errorDetail}>
          <input {...a11yFor("cap-t", errors.cap)} data-testid="cap-t" inputMode="decimal" value={tonnes} onChange={(e) => setTonnes(e.target.value)} />
        </Field>
        <Field id="cap-from" name="from_year" label={t("water.caps.fromYear")} error={errors.from_year} errorDetail={errorDetail}>
          <input {...a11yFor("cap-from", errors.from_year)} data-testid="cap-from" inputMode="numeric" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field id="cap-basis" name="basis" label={t("water.outfalls.basis")} error={errors.basis}>
          <input id="cap-basis" value={basis} onChange={(e) => setBasis(e.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" data-testid="cap-submit" disabled={busy}>
          {t("water.caps.set")}
        </button>
      </div>
    </form>
  );
}
