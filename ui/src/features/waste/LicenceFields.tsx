// The licence (经营许可证) inputs shared by the add-licence and add-counterparty dialogs, the
// form state they edit, and how that state becomes a NewLicence for the core.
import { useTranslation } from "react-i18next";
import type { CounterpartyKind, LicenceType, NewLicence } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { a11yFor, Field } from "../../components/Field";
import { DateInput } from "../../components/DateInput";
import { splitList } from "./shipping";

// Every licence type, in the order the picker lists them (a Record over the generated union, so a
// type added in Rust fails the typecheck until it is listed here).
const LICENCE_TYPE_ORDER: Record<LicenceType, number> = { comprehensive: 0, collection: 1, exempt: 2, export: 3, transport: 4 };
export const LICENCE_TYPES = (Object.keys(LICENCE_TYPE_ORDER) as LicenceType[]).sort(
  (a, b) => LICENCE_TYPE_ORDER[a] - LICENCE_TYPE_ORDER[b],
);
export const LICENCE_FIELDS = [
  "licence_no",
  "licence_type",
  "valid_from",
  "valid_to",
  "categories",
  "codes",
  "methods",
  "annual_capacity_t",
] as const;

export type LicenceForm = {
  licence_no: string;
  licence_type: LicenceType;
  valid_from: string;
  valid_to: string;
  categories: string;
  codes: string;
  methods: string;
  annual_capacity_t: string;
};

export const emptyLicence = (kind: CounterpartyKind): LicenceForm => ({
  licence_no: "",
  licence_type: kind === "transporter" ? "transport" : "comprehensive",
  valid_from: "",
  valid_to: "",
  categories: "",
  codes: "",
  methods: "",
  annual_capacity_t: "",
});

/** The form's own checks before the core is asked (the core stays the authority). */
export function checkLicence(f: LicenceForm, t: (k: string) => string): FieldErrors {
  const found: FieldErrors = {};
  if (!f.licence_no.trim()) found.licence_no = t("common.required");
  if (!f.valid_from) found.valid_from = t("common.required");
  if (!f.valid_to) found.valid_to = t("common.required");
  if (f.valid_from && f.valid_to && f.valid_to < f.valid_from) found.valid_to = t("licence.endsBeforeStart");
  return found;
}

export function toNewLicence(counterparty: string, f: LicenceForm): NewLicence {
  return {
    counterparty,
    licence_no: f.licence_no.trim(),
    licence_type: f.licence_type,
    valid_from: f.valid_from,
    valid_to: f.valid_to,
    categories: splitList(f.categories).map((c) => c.toUpperCase()),
    codes: splitList(f.codes),
    methods: splitList(f.methods).map((m) => m.toUpperCase()),
    annual_capacity_t: f.annual_capacity_t.trim() || null,
  };
}

type Props = {
  form: LicenceForm;
  onChange: (patch: Partial<LicenceForm>) => void;
  errors: FieldErrors;
  errorDetail: string | null;
};

export function LicenceFields({ form, onChange, errors, errorDetail }: Props) {
  const { t } = useTranslation();
  const text = (name: keyof LicenceForm, hint?: string, extra: { className?: string; date?: boolean } = {}) => {
    const id = `licence-${name.replace(/_/g, "-")}`;
    const a11y = a11yFor(id, errors[name], hint ? `${id}-hint` : undefined);
    return (
      <Field id={id} name={name} label={t(`licence.${name}`)} hint={hint} error={errors[name]} errorDetail={errorDetail}>
        {extra.date ? (
          <DateInput {...a11y} data-testid={id} value={form[name]} onChange={(v) => onChange({ [name]: v })} />
        ) : (
          <input
            {...a11y}
            data-testid={id}
            className={extra.className}
            value={form[name]}
            onChange={(e) => onChange({ [name]: e.target.value })}
          />
        )}
      </Field>
    );
  };
  return (
    <div className="grid2">
      {text("licence_no", undefined, { className: "mono" })}
      <Field id="licence-licence-type" name="licence_type" label={t("licence.licence_type")} error={errors.licence_type} errorDetail={errorDetail}>
        <select
          {...a11yFor("licence-licence-type", errors.licence_type)}
          data-testid="licence-licence-type"
          value={form.licence_type}
          onChange={(e) => onChange({ licence_type: e.target.value as LicenceType })}
        >
          {LICENCE_TYPES.map((k) => (
            <option key={k} value={k}>
              {t(`licence.types.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      {text("valid_from", undefined, { date: true })}
      {text("valid_to", undefined, { date: true })}
      {text("categories", t("licence.categoriesHint"), { className: "mono" })}
      {text("codes", t("licence.codesHint"), { className: "mono" })}
      {text("methods", t("licence.methodsHint"), { className: "mono" })}
      {text("annual_capacity_t", undefined, { className: "num" })}
    </div>
  );
}
