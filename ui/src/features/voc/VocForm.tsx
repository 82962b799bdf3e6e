// A small entry form for the VOC ledgers: the fields are named as the core names them, so a
// refusal lands under the field the core named (voc.errors.<field>.<kind> when we word it,
// else the core's own sentence), or at the top of the form. Every label comes from i18n.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Field, FormError } from "../../components/Field";
import { placeErrorIn } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";

export type FieldSpec = {
  name: string;
  /** i18n key of the label */
  label: string;
  kind?: "text" | "select" | "checkbox";
  /** select: [value, i18n key] — or [value, text, true] for a text shown as is (a name, a code) */
  options?: readonly (readonly [string, string, boolean?])[];
  required?: boolean;
  hint?: string;
};

export type Values = Record<string, string>;

type Props = {
  id: string;
  fields: readonly FieldSpec[];
  initial: Values;
  submitLabel: string;
  onSubmit: (values: Values) => Promise<void>;
};

export function VocForm({ id, fields, initial, submitLabel, onSubmit }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(initial);
  const names = fields.map((f) => f.name);
  const { errors, formError, busy, submit } = useSubmit((e) => placeErrorIn("voc.errors", e, t, names));

  const handle = async (ev: FormEvent) => {
    ev.preventDefault();
    const found: Record<string, string> = {};
    for (const f of fields) {
      if (f.required && !(values[f.name] ?? "").trim()) found[f.name] = t("voc.check.required");
    }
    const ok = await submit(found, () => onSubmit(values));
    if (ok) setValues(initial);
  };

  return (
    <form className="form form--inline" data-testid={`${id}-form`} onSubmit={handle} noValidate>
      <FormError message={formError} testId={`${id}-error-form`} />
      {fields.map((f) => {
        const fid = `${id}-${f.name}`;
        const value = values[f.name] ?? "";
        const set = (v: string) => setValues((old) => ({ ...old, [f.name]: v }));
        return (
          <Field key={f.name} id={fid} name={f.name} label={t(f.label)} error={errors[f.name]} hint={f.hint}>
            {f.kind === "select" ? (
              <select id={fid} data-testid={fid} value={value} onChange={(e) => set(e.target.value)}>
                {(f.options ?? []).map(([v, label, raw]) => (
                  <option key={v} value={v}>
                    {raw ? label : t(label)}
                  </option>
                ))}
              </select>
            ) : f.kind === "checkbox" ? (
              <input
                id={fid}
                data-testid={fid}
                type="checkbox"
                checked={value === "true"}
                onChange={(e) => set(e.target.checked ? "true" : "")}
              />
            ) : (
              <input id={fid} data-testid={fid} value={value} onChange={(e) => set(e.target.value)} />
            )}
          </Field>
        );
      })}
      <button type="submit" className="button button--primary" data-testid={`${id}-submit`} disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

/** Blank text → null (the core's "not given"). */
export const opt = (v: string | undefined): string | null => (v && v.trim() ? v.trim() : null);

/** Whole grams as exact kg text with three decimals (no float division). */
export function kg(g: number): string {
  const sign = g < 0 ? "-" : "";
  const a = Math.abs(g);
  return `${sign}${Math.trunc(a / 1000)}.${String(a % 1000).padStart(3, "0")}`;
}
