// Wizard step 2: the manifest (联单) and the parties: number, receiver, transporter, vehicle,
// purpose, method code, weight source and the shipping time (plant-local).
import { useTranslation } from "react-i18next";
import type { Counterparty, Purpose, TransferType, WeightSource } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { a11yFor, Field } from "../../components/Field";
import { DateTimeInput } from "../../components/DateInput";

export type ManifestForm = {
  manifest_no: string;
  receiver: string;
  transporter: string;
  /** The plant carries its own waste (no transporter). */
  own_transport: boolean;
  vehicle_plate: string;
  /** Empty: decided by the core from the plant's and the receiver's provinces. */
  transfer_type: TransferType | "";
  approval_no: string;
  purpose: Purpose;
  method: string;
  weight_source: WeightSource;
  shipped_at: string;
};

export const TRANSFER_TYPES = ["in_province", "cross_province", "export"] as const satisfies readonly TransferType[];
export const PURPOSES = ["utilisation", "disposal"] as const satisfies readonly Purpose[];
export const WEIGHT_SOURCES = ["measured", "estimated"] as const satisfies readonly WeightSource[];

type Props = {
  form: ManifestForm;
  onChange: (patch: Partial<ManifestForm>) => void;
  parties: Counterparty[];
  errors: FieldErrors;
  errorDetail: string | null;
};

export function WizardManifestStep({ form, onChange, parties, errors, errorDetail }: Props) {
  const { t } = useTranslation();
  const receivers = parties.filter((p) => p.kind === "receiver");
  const transporters = parties.filter((p) => p.kind === "transporter");
  const partyLabel = (p: Counterparty) => `${p.name}（${t(`receivers.status.${p.status}`)}）`;
  const methods = receivers.find((r) => r.id === form.receiver)?.current?.methods ?? [];
  const field = (name: keyof ManifestForm | string, id: string) => ({
    id,
    name,
    error: errors[name],
    errorDetail,
  });

  return (
    <div className="grid2">
      <Field {...field("manifest_no", "ship-manifest-no")} label={t("ship.manifestNo")} hint={t("ship.manifestHint")}>
        <input
          {...a11yFor("ship-manifest-no", errors.manifest_no, "ship-manifest-no-hint")}
          data-testid="ship-manifest-no"
          className="mono"
          inputMode="numeric"
          value={form.manifest_no}
          onChange={(e) => onChange({ manifest_no: e.target.value })}
        />
      </Field>
      <Field {...field("shipped_at", "ship-at")} label={t("ship.shippedAt")}>
        <DateTimeInput
          {...a11yFor("ship-at", errors.shipped_at)}
          data-testid="ship-at"
          value={form.shipped_at}
          onChange={(v) => onChange({ shipped_at: v })}
        />
      </Field>
      <Field {...field("receiver", "ship-receiver")} label={t("ship.receiver")}>
        <select
          {...a11yFor("ship-receiver", errors.receiver)}
          data-testid="ship-receiver"
          value={form.receiver}
          onChange={(e) => onChange({ receiver: e.target.value })}
        >
          <option value="">{t("ship.choose")}</option>
          {receivers.map((r) => (
            <option key={r.id} value={r.id}>
              {partyLabel(r)}
            </option>
          ))}
        </select>
      </Field>
      <Field {...field("transporter", "ship-transporter")} label={t("ship.transporter")}>
        <select
          {...a11yFor("ship-transporter", errors.transporter)}
          data-testid="ship-transporter"
          value={form.own_transport ? "" : form.transporter}
          disabled={form.own_transport}
          onChange={(e) => onChange({ transporter: e.target.value })}
        >
          <option value="">{form.own_transport ? t("ship.ownTransportChosen") : t("ship.choose")}</option>
          {transporters.map((r) => (
            <option key={r.id} value={r.id}>
              {partyLabel(r)}
            </option>
          ))}
        </select>
      </Field>
      <Field {...field("own_transport", "ship-own-transport")} label={t("ship.ownTransport")} hint={t("ship.ownTransportHint")}>
        <input
          {...a11yFor("ship-own-transport", errors.own_transport, "ship-own-transport-hint")}
          data-testid="ship-own-transport"
          type="checkbox"
          checked={form.own_transport}
          onChange={(e) => onChange({ own_transport: e.target.checked, transporter: "" })}
        />
      </Field>
      <Field {...field("vehicle_plate", "ship-plate")} label={t("ship.vehiclePlate")}>
        <input
          {...a11yFor("ship-plate", errors.vehicle_plate)}
          data-testid="ship-plate"
          value={form.vehicle_plate}
          onChange={(e) => onChange({ vehicle_plate: e.target.value })}
        />
      </Field>
      <Field {...field("transfer_type", "ship-transfer-type")} label={t("ship.transferType")}>
        <select
          {...a11yFor("ship-transfer-type", errors.transfer_type)}
          data-testid="ship-transfer-type"
          value={form.transfer_type}
          onChange={(e) => onChange({ transfer_type: e.target.value as TransferType | "" })}
        >
          <option value="">{t("ship.transferTypeAuto")}</option>
          {TRANSFER_TYPES.map((k) => (
            <option key={k} value={k}>
              {t(`ship.transferTypes.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field {...field("approval_no", "ship-approval")} label={t("ship.approvalNo")} hint={t("ship.approvalHint")}>
        <input
          {...a11yFor("ship-approval", errors.approval_no, "ship-approval-hint")}
          data-testid="ship-approval"
          value={form.approval_no}
          onChange={(e) => onChange({ approval_no: e.target.value })}
        />
      </Field>
      <Field {...field("purpose", "ship-purpose")} label={t("ship.purpose")}>
        <select
          {...a11yFor("ship-purpose", errors.purpose)}
          data-testid="ship-purpose"
          value={form.purpose}
          onChange={(e) => onChange({ purpose: e.target.value as Purpose })}
        >
          {PURPOSES.map((k) => (
            <option key={k} value={k}>
              {t(`ship.purposes.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        {...field("method", "ship-method")}
        label={t("ship.method")}
        hint={methods.length > 0 ? t("ship.methodLicensed", { methods: methods.join(", ") }) : t("ship.methodHint")}
      >
        <input
          {...a11yFor("ship-method", errors.method, "ship-method-hint")}
          data-testid="ship-method"
          className="mono"
          value={form.method}
          onChange={(e) => onChange({ method: e.target.value })}
        />
      </Field>
      <Field {...field("weight_source", "ship-weight-source")} label={t("ship.weightSource")}>
        <select
          {...a11yFor("ship-weight-source", errors.weight_source)}
          data-testid="ship-weight-source"
          value={form.weight_source}
          onChange={(e) => onChange({ weight_source: e.target.value as WeightSource })}
        >
          {WEIGHT_SOURCES.map((k) => (
            <option key={k} value={k}>
              {t(`ship.weightSources.${k}`)}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
