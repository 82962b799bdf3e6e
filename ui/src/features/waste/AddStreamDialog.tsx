// Small dialog to define a named waste stream (name, HW code, physical form).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { addStream, type HwCode, type PhysicalForm, type WasteStream } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { a11yFor, Field, FormError } from "../../components/Field";
import { codeFromText, HwCodePicker } from "../../components/HwCodePicker";
import { Modal } from "../../components/Modal";
import { useSubmit } from "../../lib/useSubmit";

const FORMS: PhysicalForm[] = ["solid", "semi_solid", "liquid", "sludge", "gas"];
const FIELDS = ["name", "code", "physical_form"] as const;

type Props = { codes: HwCode[]; onClose: () => void; onAdded: (s: WasteStream) => void | Promise<void> };

export function AddStreamDialog({ codes, onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [codeText, setCodeText] = useState("");
  const [form, setForm] = useState<PhysicalForm>("solid");

  const { errors, formError, busy, submit: run } = useSubmit((err) => placeError(err, t, FIELDS));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!name.trim()) found.name = t("common.required");
    if (!codeFromText(codeText)) found.code = t("gen.check.codeRequired");
    await run(found, async () => {
      const s = await addStream({ name: name.trim(), code: codeFromText(codeText) ?? "", physical_form: form });
      await onAdded(s);
    });
  };


  return (
    <Modal title={t("stream.title")} onClose={onClose} testId="stream-dialog">
      <form onSubmit={submit} noValidate>
        <FormError message={formError} />
        <Field id="stream-name" name="name" label={t("stream.name")} error={errors.name}>
          <input
            {...a11yFor("stream-name", errors.name)}
            data-testid="stream-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field id="stream-code" name="code" label={t("stream.code")} error={errors.code}>
          <HwCodePicker
            id="stream-code"
            testId="stream-code"
            codes={codes}
            value={codeText}
            onChange={setCodeText}
            invalid={Boolean(errors.code)}
            describedBy={errors.code ? "stream-code-error" : undefined}
          />
        </Field>
        <Field id="stream-physical_form" name="physical_form" label={t("stream.form")} error={errors.physical_form}>
          <select
            {...a11yFor("stream-physical_form", errors.physical_form)}
            data-testid="stream-form"
            value={form}
            onChange={(e) => setForm(e.target.value as PhysicalForm)}
          >
            {FORMS.map((f) => (
              <option key={f} value={f}>
                {t(`stream.forms.${f}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="stream-submit" disabled={busy}>
            {t("stream.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
