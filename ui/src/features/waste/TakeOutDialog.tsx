// 取出 (B.3 出库): part or all of a container out of its facility, with where it goes (去向, which
// B.3 records). A blank quantity takes the whole remaining stock; a blank time means now.
// Shipments to a receiver go through the shipment wizard, own use/disposal through B.4.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { takeOut, type ContainerView, type MassUnit, type Movement } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { checkQuantity, MAX_DECIMALS } from "../../lib/quantity";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { QuantityInput } from "../../components/QuantityInput";
import { Modal } from "../../components/Modal";
import { placeStorageError } from "./inventoryErrors";
import { cleanHandlers, HandlerFields, NO_HANDLERS } from "./HandlerFields";
import { DateTimeInput } from "../../components/DateInput";

const FIELDS = [
  "quantity",
  "unit",
  "moved_at",
  "destination",
  "container_id",
  "facility",
  "handler",
  "handler_dept",
  "transport_handler",
  "transport_dept",
] as const;

type Props = { container: ContainerView; onClose: () => void; onTaken: (m: Movement) => void | Promise<void> };

export function TakeOutDialog({ container, onClose, onTaken }: Props) {
  const { t } = useTranslation();
  const [quantity, setQuantity] = useState("");
  const [unit, setUnit] = useState<MassUnit>("kg");
  const [movedAt, setMovedAt] = useState("");
  const [destination, setDestination] = useState("");
  const [handlers, setHandlers] = useState(NO_HANDLERS);
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((e) => placeStorageError(e, t, FIELDS));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    const problem = quantity.trim() ? checkQuantity(quantity, unit) : null;
    if (problem === "decimals") found.quantity = t("gen.check.quantityDecimals", { unit, max: MAX_DECIMALS[unit] });
    else if (problem === "zero") found.quantity = t("gen.check.quantityZero");
    else if (problem) found.quantity = t("gen.check.quantityFormat");
    if ([...destination.trim()].length < 2) found.destination = t("takeout.destinationRequired");
    await run(found, async () => {
      const m = await takeOut({
        facility: container.facility_code,
        container_id: container.container_id,
        quantity: quantity.trim() || null,
        unit,
        moved_at_local: movedAt || null,
        destination: destination.trim(),
        handlers: cleanHandlers(handlers),
      });
      await onTaken(m);
    });
  };

  return (
    <Modal title={t("takeout.title")} onClose={onClose} testId="takeout-dialog">
      <form onSubmit={submit} noValidate>
        <p>
          {t("takeout.intro", { container: container.container_id, facility: container.facility_code, kg: container.stock_kg })}
        </p>
        <FormError message={formError ?? errors.container_id ?? errors.facility ?? null} />
        <Field id="takeout-quantity" name="quantity" label={t("takeout.quantity")} hint={t("takeout.quantityHint")} error={errors.quantity} errorDetail={errorDetail}>
          <QuantityInput
            id="takeout-quantity"
            unitTestId="takeout-unit"
            error={errors.quantity}
            hintId="takeout-quantity-hint"
            value={quantity}
            onChange={setQuantity}
            unit={unit}
            onUnit={setUnit}
            units={["kg", "t"]}
          />
        </Field>
        <Field
          id="takeout-destination"
          name="destination"
          label={t("takeout.destination")}
          hint={t("takeout.destinationHint")}
          error={errors.destination}
          errorDetail={errorDetail}
        >
          <input
            {...a11yFor("takeout-destination", errors.destination, "takeout-destination-hint")}
            data-testid="takeout-destination"
            maxLength={200}
            value={destination}
            onChange={(e) => setDestination(e.target.value)}
          />
        </Field>
        <Field id="takeout-at" name="moved_at" label={t("takeout.at")} hint={t("gen.atHint")} error={errors.moved_at} errorDetail={errorDetail}>
          <DateTimeInput
            {...a11yFor("takeout-at", errors.moved_at, "takeout-at-hint")}
            data-testid="takeout-at"
            value={movedAt}
            onChange={(v) => setMovedAt(v)}
          />
        </Field>
        <HandlerFields idPrefix="takeout" step="out" value={handlers} onChange={setHandlers} errors={errors} />
        <div className="form-actions">
          <button type="button" className="btn" data-testid="takeout-cancel" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="takeout-submit" disabled={busy}>
            {t("takeout.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
