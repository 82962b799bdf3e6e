// 添加/续期许可证: a new licence for a receiver or transporter (a renewal is just another one).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { addLicence, type Counterparty } from "../../ipc/api";
import { useSubmit } from "../../lib/useSubmit";
import { FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { placeShippingError } from "./shipping";
import { checkLicence, emptyLicence, LICENCE_FIELDS, LicenceFields, toNewLicence, type LicenceForm } from "./LicenceFields";

type Props = { party: Counterparty; onClose: () => void; onAdded: (c: Counterparty) => void | Promise<void> };

export function AddLicenceDialog({ party, onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const [form, setForm] = useState<LicenceForm>(() => emptyLicence(party.kind));
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((e) =>
    placeShippingError(e, t, [...LICENCE_FIELDS, "counterparty"]),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(checkLicence(form, t), async () => onAdded(await addLicence(toNewLicence(party.id, form))));
  };

  return (
    <Modal title={t("licence.title", { name: party.name })} onClose={onClose} testId="licence-dialog" wide>
      <form onSubmit={submit} noValidate>
        <FormError message={formError ?? errors.counterparty ?? null} />
        <LicenceFields form={form} onChange={(p) => setForm((f) => ({ ...f, ...p }))} errors={errors} errorDetail={errorDetail} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="licence-submit" disabled={busy}>
            {t("licence.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
