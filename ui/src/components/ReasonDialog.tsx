// The one "why?" dialog: asks for a required reason, then runs the action (void a ledger entry,
// a shipment, a solid-waste record, a calendar day …). Compliance records are never deleted, so
// every removal goes through here and the core keeps the reason in the audit trail.
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FieldErrors, PlacedError } from "../lib/errors";
import { useSubmit } from "../lib/useSubmit";
import { a11yFor, Field, FormError } from "./Field";
import { Modal } from "./Modal";

type Props = {
  /** Test ids: `<idPrefix>-dialog`, `<idPrefix>-reason`, `<idPrefix>-submit`. */
  idPrefix: string;
  title: string;
  intro: ReactNode;
  /** Defaults: void.reason / void.reasonRequired / void.submit. */
  label?: string;
  requiredText?: string;
  submitText?: string;
  /** Places the core's refusal; "reason" is the only field here. */
  place: (e: unknown) => PlacedError;
  /** Called with the trimmed reason; a rejection is placed and the dialog stays open. */
  action: (reason: string) => Promise<unknown>;
  onClose: () => void;
};

export function ReasonDialog({ idPrefix, title, intro, label, requiredText, submitText, place, action, onClose }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit(place);
  const reasonId = `${idPrefix}-reason`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = reason.trim() ? {} : { reason: requiredText ?? t("void.reasonRequired") };
    await run(found, async () => {
      await action(reason.trim());
    });
  };

  return (
    <Modal title={title} onClose={onClose} testId={`${idPrefix}-dialog`}>
      <form onSubmit={submit} noValidate>
        <p>{intro}</p>
        <FormError message={formError} />
        <Field id={reasonId} name="reason" label={label ?? t("void.reason")} error={errors.reason} errorDetail={errorDetail}>
          <textarea
            {...a11yFor(reasonId, errors.reason)}
            data-testid={reasonId}
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
          <button type="submit" className="btn btn--danger" data-testid={`${idPrefix}-submit`} disabled={busy}>
            {submitText ?? t("void.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
