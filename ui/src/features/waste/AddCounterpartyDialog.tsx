// 添加单位: register a receiver (接收单位) or transporter (运输单位), optionally with its first
// licence. If the licence is refused after the unit was saved, a second submit only retries
// the licence (the unit is not registered twice).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { addCounterparty, addLicence, type Counterparty, type CounterpartyKind } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { placeShippingError } from "./shipping";
import { checkLicence, emptyLicence, LICENCE_FIELDS, LicenceFields, toNewLicence, type LicenceForm } from "./LicenceFields";

export const PARTY_KINDS = ["receiver", "transporter"] as const;
const PARTY_FIELDS = ["kind", "name", "uscc", "address", "region_code", "contact", "phone"] as const;
type PartyForm = Record<Exclude<(typeof PARTY_FIELDS)[number], "kind">, string> & { kind: CounterpartyKind };

type Props = { onClose: () => void; onAdded: (c: Counterparty) => void | Promise<void> };

export function AddCounterpartyDialog({ onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const [party, setParty] = useState<PartyForm>({
    kind: "receiver",
    name: "",
    uscc: "",
    address: "",
    region_code: "",
    contact: "",
    phone: "",
  });
  const [withLicence, setWithLicence] = useState(false);
  const [licence, setLicence] = useState<LicenceForm>(() => emptyLicence("receiver"));
  const [saved, setSaved] = useState<Counterparty | null>(null);
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((e) =>
    placeShippingError(e, t, [...PARTY_FIELDS, ...LICENCE_FIELDS]),
  );

  const setKind = (kind: CounterpartyKind) => {
    setParty((p) => ({ ...p, kind }));
    setLicence((l) => ({ ...l, licence_type: emptyLicence(kind).licence_type }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let found: FieldErrors = {};
    if (!saved && !party.name.trim()) found.name = t("common.required");
    if (withLicence) found = { ...found, ...checkLicence(licence, t) };
    await run(found, async () => {
      const c =
        saved ??
        (await addCounterparty({
          kind: party.kind,
          name: party.name.trim(),
          uscc: party.uscc.trim() || null,
          address: party.address.trim(),
          region_code: party.region_code.trim() || null,
          contact: party.contact.trim(),
          phone: party.phone.trim(),
        }));
      setSaved(c);
      await onAdded(withLicence ? await addLicence(toNewLicence(c.id, licence)) : c);
    });
  };

  const input = (name: Exclude<keyof PartyForm, "kind">, className?: string) => {
    const id = `party-${name}`;
    return (
      <Field id={id} name={name} label={t(`receivers.fields.${name}`)} error={errors[name]} errorDetail={errorDetail}>
        <input
          {...a11yFor(id, errors[name])}
          data-testid={id}
          className={className}
          disabled={saved !== null}
          value={party[name]}
          onChange={(e) => setParty((p) => ({ ...p, [name]: e.target.value }))}
        />
      </Field>
    );
  };

  // Once the unit is saved, closing still refreshes the registry.
  const close = () => (saved ? void onAdded(saved) : onClose());

  return (
    <Modal title={t("receivers.addTitle")} onClose={close} testId="party-dialog" wide>
      <form onSubmit={submit} noValidate>
        <FormError message={formError} />
        {saved ? (
          <div className="toast" role="status" data-testid="party-saved">
            {t("receivers.savedRetryLicence", { name: saved.name })}
          </div>
        ) : null}
        <div className="grid2">
          <Field id="party-kind" name="kind" label={t("receivers.fields.kind")} error={errors.kind} errorDetail={errorDetail}>
            <select
              {...a11yFor("party-kind", errors.kind)}
              data-testid="party-kind"
              disabled={saved !== null}
              value={party.kind}
              onChange={(e) => setKind(e.target.value as CounterpartyKind)}
            >
              {PARTY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`receivers.kinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          {input("name")}
          {input("uscc", "mono")}
          {input("address")}
          {input("region_code", "mono")}
          {input("contact")}
          {input("phone", "mono")}
        </div>
        <label className="check">
          <input
            type="checkbox"
            data-testid="party-with-licence"
            checked={withLicence}
            onChange={(e) => setWithLicence(e.target.checked)}
          />
          {t("receivers.withLicence")}
        </label>
        {withLicence ? (
          <LicenceFields form={licence} onChange={(p) => setLicence((l) => ({ ...l, ...p }))} errors={errors} errorDetail={errorDetail} />
        ) : null}
        <div className="form-actions">
          <button type="button" className="btn" onClick={close}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="party-submit" disabled={busy}>
            {t("receivers.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
