// Asks for the (required) reason, then calls void_shipment: the take-outs are reversed and the
// containers are back in stock.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { voidShipment, type Shipment } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { placeShippingError } from "./shipping";

type Props = { shipment: Shipment; onClose: () => void; onVoided: (s: Shipment) => void };

export function VoidShipmentDialog({ shipment, onClose, onVoided }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((e) => placeShippingError(e, t, ["reason"]));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = reason.trim() ? {} : { reason: t("void.reasonRequired") };
    await run(found, async () => onVoided(await voidShipment(shipment.id, reason.trim())));
  };

  return (
    <Modal title={t("shipments.voidTitle")} onClose={onClose} testId="void-shipment-dialog">
      <form onSubmit={submit} noValidate>
        <p>{t("shipments.voidIntro", { manifest: shipment.manifest_no })}</p>
        <FormError message={formError} />
        <Field id="void-shipment-reason" name="reason" label={t("void.reason")} error={errors.reason} errorDetail={errorDetail}>
          <textarea
            {...a11yFor("void-shipment-reason", errors.reason)}
            data-testid="void-shipment-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--danger" data-testid="void-shipment-submit" disabled={busy}>
            {t("void.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
