// 新增固废种类: a general industrial solid-waste stream (code NNN-NNN-Sxx, name, physical form,
// the process that produces it).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { addSwStream, type PhysicalForm, type SwStream } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { placeSolidError, SW_FORMS } from "./SolidShared";

const FIELDS = ["code", "name", "physical_form", "process"] as const;
const CODE_RE = /^\d{3}-\d{3}-S\d{2}$/;

type Props = { onClose: () => void; onAdded: (s: SwStream) => void | Promise<void> };

export function SolidStreamDialog({ onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [form, setForm] = useState<PhysicalForm>("solid");
  const [process, setProcess] = useState("");
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((e) => placeSolidError(e, t, FIELDS));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    const c = code.trim().toUpperCase();
    if (!c) found.code = t("common.required");
    else if (!CODE_RE.test(c)) found.code = t("solid.check.codeFormat");
    if (!name.trim()) found.name = t("common.required");
    await run(found, async () => {
      await onAdded(await addSwStream({ code: c, name: name.trim(), physical_form: form, process: process.trim() }));
    });
  };

  return (
    <Modal title={t("solid.streamDialog.title")} onClose={onClose} testId="sw-stream-dialog">
      <form onSubmit={submit} noValidate>
        <FormError message={formError} />
        <Field id="sw-stream-code" name="code" label={t("solid.fields.code")} hint={t("solid.streamDialog.codeHint")} error={errors.code} errorDetail={errorDetail}>
          <input
            {...a11yFor("sw-stream-code", errors.code, "sw-stream-code-hint")}
            data-testid="sw-stream-code"
            className="mono"
            placeholder="398-001-S17"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </Field>
        <Field id="sw-stream-name" name="name" label={t("solid.fields.name")} error={errors.name} errorDetail={errorDetail}>
          <input {...a11yFor("sw-stream-name", errors.name)} data-testid="sw-stream-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="sw-stream-form" name="physical_form" label={t("solid.fields.physicalForm")} error={errors.physical_form} errorDetail={errorDetail}>
          <select {...a11yFor("sw-stream-form", errors.physical_form)} data-testid="sw-stream-form" value={form} onChange={(e) => setForm(e.target.value as PhysicalForm)}>
            {SW_FORMS.map((f) => (
              <option key={f} value={f}>
                {t(`stream.forms.${f}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="sw-stream-process" name="process" label={t("solid.fields.process")} error={errors.process} errorDetail={errorDetail}>
          <input
            {...a11yFor("sw-stream-process", errors.process)}
            data-testid="sw-stream-process"
            value={process}
            onChange={(e) => setProcess(e.target.value)}
          />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="sw-stream-submit" disabled={busy}>
            {t("solid.streamDialog.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
