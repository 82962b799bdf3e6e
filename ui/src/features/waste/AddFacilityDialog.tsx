// Dialog to register a storage facility (贮存设施): code, name, kind, capacity, storage limit.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { addFacility, type Facility, type FacilityKind } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { placeStorageError } from "./inventoryErrors";
import { useSubmit } from "../../lib/useSubmit";

export const FACILITY_KINDS: FacilityKind[] = ["store", "yard", "pool", "tank_farm", "point"];
const FIELDS = ["code", "name", "kind", "capacity_t", "max_storage_days"] as const;

type Props = { onClose: () => void; onAdded: (f: Facility) => void | Promise<void> };

export function AddFacilityDialog({ onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [kind, setKind] = useState<FacilityKind>("store");
  const [capacity, setCapacity] = useState("");
  const [maxDays, setMaxDays] = useState("");

  const { errors, formError, busy, submit: run } = useSubmit((err) => placeStorageError(err, t, FIELDS));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!code.trim()) found.code = t("common.required");
    if (!name.trim()) found.name = t("common.required");
    const days = maxDays.trim() ? Number(maxDays.trim()) : null;
    if (days !== null && !Number.isInteger(days)) found.max_storage_days = t("inventory.facility.daysWhole");
    await run(found, async () => {
      const f = await addFacility({
        code: code.trim(),
        name: name.trim(),
        kind,
        capacity_t: capacity.trim() || null,
        max_storage_days: days,
      });
      await onAdded(f);
    });
  };


  return (
    <Modal title={t("inventory.facility.title")} onClose={onClose} testId="facility-dialog">
      <form onSubmit={submit} noValidate>
        <FormError message={formError} />
        <Field id="facility-code" name="code" label={t("inventory.facility.code")} error={errors.code}>
          <input
            {...a11yFor("facility-code", errors.code)}
            data-testid="facility-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </Field>
        <Field id="facility-name" name="name" label={t("inventory.facility.name")} error={errors.name}>
          <input
            {...a11yFor("facility-name", errors.name)}
            data-testid="facility-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field id="facility-kind" name="kind" label={t("inventory.facility.kind")} error={errors.kind}>
          <select
            {...a11yFor("facility-kind", errors.kind)}
            data-testid="facility-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as FacilityKind)}
          >
            {FACILITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`inventory.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="facility-capacity"
          name="capacity_t"
          label={t("inventory.facility.capacity")}
          error={errors.capacity_t}
        >
          <input
            {...a11yFor("facility-capacity", errors.capacity_t)}
            data-testid="facility-capacity"
            className="num"
            inputMode="decimal"
            value={capacity}
            onChange={(e) => setCapacity(e.target.value)}
          />
        </Field>
        <Field
          id="facility-max-days"
          name="max_storage_days"
          label={t("inventory.facility.maxDays")}
          error={errors.max_storage_days}
        >
          <input
            {...a11yFor("facility-max-days", errors.max_storage_days)}
            data-testid="facility-max-days"
            className="num"
            inputMode="numeric"
            value={maxDays}
            onChange={(e) => setMaxDays(e.target.value)}
          />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="facility-submit" disabled={busy}>
            {t("inventory.facility.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
