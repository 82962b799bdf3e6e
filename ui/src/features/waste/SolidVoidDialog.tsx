// Asks for the (required) reason, then calls void_sw_record. The core refuses to void a
// generation record whose quantity was already (partly) sent out (shown at the top).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { voidSwRecord, type SwRecord } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { placeSolidError } from "./SolidShared";

type Props = { record: SwRecord; onClose: () => void; onVoided: (r: SwRecord) => void | Promise<void> };

export function SolidVoidDialog({ record, onClose, onVoided }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((e) => placeSolidError(e, t, ["reason"]));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = reason.trim() ? {} : { reason: t("void.reasonRequired") };
    await run(found, async () => onVoided(await voidSwRecord(record.id, reason.trim())));
  };

  return (
    <Modal title={t("void.title")} onClose={onClose} testId="sw-void-dialog">
      <form onSubmit={submit} noValidate>
        <p>{t("void.intro", { batch: record.batch_code })}</p>
        <FormError message={formError} />
        <Field id="sw-void-reason" name="reason" label={t("void.reason")} error={errors.reason} errorDetail={errorDetail}>
          <textarea
            {...a11yFor("sw-void-reason", errors.reason)}
            data-testid="sw-void-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--danger" data-testid="sw-void-submit" disabled={busy}>
            {t("void.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
