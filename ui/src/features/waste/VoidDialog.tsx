// Asks for the (required) reason, then calls void_generation.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { voidGeneration, type GenerationEntry } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { useSubmit } from "../../lib/useSubmit";

type Props = { entry: GenerationEntry; onClose: () => void; onVoided: (e: GenerationEntry) => void };

export function VoidDialog({ entry, onClose, onVoided }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const { errors, formError, busy, submit: run } = useSubmit((err) => placeError(err, t, ["reason"]));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = reason.trim() ? {} : { reason: t("void.reasonRequired") };
    await run(found, async () => onVoided(await voidGeneration({ id: entry.id, reason: reason.trim() })));
  };


  return (
    <Modal title={t("void.title")} onClose={onClose} testId="void-dialog">
      <form onSubmit={submit} noValidate>
        <p>{t("void.intro", { batch: entry.batch_code })}</p>
        <FormError message={formError} />
        <Field id="void-reason" name="reason" label={t("void.reason")} error={errors.reason}>
          <textarea
            {...a11yFor("void-reason", errors.reason)}
            data-testid="void-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--danger" data-testid="void-submit" disabled={busy}>
            {t("void.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
