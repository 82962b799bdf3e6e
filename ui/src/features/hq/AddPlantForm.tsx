// 登记工厂: a plant's code, name, segment, legal entity, time zone, e-mail, the first day its
// figures count, and its public key (pasted, or read from the .pem file the plant's Settings
// exported) with the day the key starts (default: the boundary date). The core checks every
// field and the key; a refusal lands under the field it names.
import { useState, type ChangeEvent, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { hqAddPlant, type RegPlant, type Segment } from "../../ipc/api";
import { placeError, placeErrorIn, type FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { DATE_RE } from "../../lib/time";
import { a11yFor, Field, FormError } from "../../components/Field";
import { DateInput } from "../../components/DateInput";
import { TIME_ZONES } from "../setup/timeZones";
import { segmentName } from "./format";
import { readText } from "./readText";

const FIELDS = [
  "code",
  "name",
  "segment_code",
  "legal_entity",
  "timezone",
  "email",
  "in_boundary_from",
  "public_key_pem",
  "key_valid_from",
] as const;
type Name = (typeof FIELDS)[number];

const IDS: Record<Name, string> = {
  code: "hq-plant-code",
  name: "hq-plant-name",
  segment_code: "hq-plant-segment",
  legal_entity: "hq-plant-legal",
  timezone: "hq-plant-timezone",
  email: "hq-plant-email",
  in_boundary_from: "hq-plant-from",
  public_key_pem: "hq-plant-pem",
  key_valid_from: "hq-plant-key-from",
};

const EMPTY: Record<Name, string> = {
  code: "",
  name: "",
  segment_code: "",
  legal_entity: "",
  timezone: "Asia/Shanghai",
  email: "",
  in_boundary_from: "",
  public_key_pem: "",
  key_valid_from: "",
};

export function AddPlantForm({ segments, onAdded }: { segments: readonly Segment[]; onAdded: (p: RegPlant) => void }) {
  const { t, i18n } = useTranslation();
  const [v, setV] = useState<Record<Name, string>>(EMPTY);
  const [fileError, setFileError] = useState<string | null>(null);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("hq.errors", e, t, FIELDS));
  const set = (k: Name) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));

  const check = (): FieldErrors => {
    const out: FieldErrors = {};
    for (const k of ["code", "name", "segment_code", "timezone", "in_boundary_from", "public_key_pem"] as const) {
      if (!v[k].trim()) out[k] = t("common.required");
    }
    if (v.in_boundary_from.trim() && !DATE_RE.test(v.in_boundary_from.trim())) out.in_boundary_from = t("hq.dateFormat");
    if (v.key_valid_from.trim() && !DATE_RE.test(v.key_valid_from.trim())) out.key_valid_from = t("hq.dateFormat");
    return out;
  };

  const loadPem = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    setFileError(null);
    try {
      const text = await readText(file);
      setV((s) => ({ ...s, public_key_pem: text }));
    } catch (err) {
      setFileError(placeError(err, t, []).form);
    }
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const out: { plant?: RegPlant } = {};
    const ok = await submit(check(), async () => {
      out.plant = await hqAddPlant({
        code: v.code.trim(),
        name: v.name.trim(),
        segment_code: v.segment_code,
        legal_entity: v.legal_entity.trim(),
        timezone: v.timezone.trim(),
        email: v.email.trim(),
        in_boundary_from: v.in_boundary_from.trim(),
        public_key_pem: v.public_key_pem,
        key_valid_from: v.key_valid_from.trim() || null,
      });
    });
    if (ok && out.plant) {
      setV(EMPTY);
      onAdded(out.plant);
    }
  };

  const input = (name: Name, label: string, more: Record<string, unknown> = {}) => (
    <Field id={IDS[name]} name={name} label={label} error={errors[name]} errorDetail={errorDetail}>
      <input {...a11yFor(IDS[name], errors[name])} data-testid={IDS[name]} value={v[name]} onChange={set(name)} {...more} />
    </Field>
  );
  const dateInput = (name: Name, label: string) => (
    <Field id={IDS[name]} name={name} label={label} error={errors[name]} errorDetail={errorDetail}>
      <DateInput {...a11yFor(IDS[name], errors[name])} data-testid={IDS[name]} value={v[name]} onChange={(value) => set(name)({ target: { value } })} />
    </Field>
  );

  return (
    <section className="panel" data-testid="hq-add-plant">
      <h2>{t("hq.registry.addTitle")}</h2>
      <form onSubmit={send} noValidate>
        <FormError message={formError} testId="hq-plant-error" />
        <div className="grid3">
          {input("code", t("hq.registry.col.code"), { className: "mono", spellCheck: false })}
          {input("name", t("hq.registry.col.name"))}
          <Field id={IDS.segment_code} name="segment_code" label={t("hq.segment")} error={errors.segment_code} errorDetail={errorDetail}>
            <select
              {...a11yFor(IDS.segment_code, errors.segment_code)}
              data-testid={IDS.segment_code}
              value={v.segment_code}
              onChange={set("segment_code")}
            >
              <option value="">{t("hq.registry.chooseSegment")}</option>
              {segments.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.code} · {segmentName(s, i18n.language)}
                </option>
              ))}
            </select>
          </Field>
          {input("legal_entity", t("hq.registry.col.legal"))}
          {input("timezone", t("hq.registry.col.timezone"), { list: "hq-plant-tz-list", spellCheck: false })}
          {input("email", t("hq.registry.col.email"), { type: "email", spellCheck: false })}
          {dateInput("in_boundary_from", t("hq.registry.from"))}
          {dateInput("key_valid_from", t("hq.registry.keyFrom"))}
        </div>
        <datalist id="hq-plant-tz-list">
          {TIME_ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <Field
          id={IDS.public_key_pem}
          name="public_key_pem"
          label={t("hq.registry.pem")}
          error={errors.public_key_pem}
          errorDetail={errorDetail}
          hint={t("hq.registry.pemHint")}
        >
          <textarea
            {...a11yFor(IDS.public_key_pem, errors.public_key_pem, errors.public_key_pem ? undefined : `${IDS.public_key_pem}-hint`)}
            data-testid={IDS.public_key_pem}
            className="mono"
            rows={4}
            spellCheck={false}
            value={v.public_key_pem}
            onChange={set("public_key_pem")}
          />
        </Field>
        <div className="hq-pem-file">
          <label htmlFor="hq-plant-pem-file">{t("hq.registry.pemFile")}</label>
          <input
            id="hq-plant-pem-file"
            data-testid="hq-plant-pem-file"
            type="file"
            accept=".pem,.txt,text/plain"
            onChange={(e) => void loadPem(e)}
          />
        </div>
        <FormError message={fileError} testId="hq-plant-pem-file-error" />
        <div className="form-actions">
          <button type="submit" className="btn btn--primary" data-testid="hq-plant-add" disabled={busy}>
            {t("hq.registry.add")}
          </button>
        </div>
      </form>
    </section>
  );
}
