// 新建转移: a three-step wizard — (1) pick containers in stock, (2) manifest and parties,
// (3) review the core's preview (nothing written until "发运") — then the manifest summary with
// its PDF. A refusal is placed under its field and the wizard returns to that field's step.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  exportManifestPdf,
  isAppError,
  listCounterparties,
  previewShipment,
  ship,
  storageOverview,
  type Counterparty,
  type InventoryOverview,
  type ShipInput,
  type ShipPreview,
  type Shipment,
} from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { groupThousands } from "../../lib/quantity";
import { localDateTimeIn } from "../../lib/time";
import { useSubmit } from "../../lib/useSubmit";
import { FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { placeShippingError } from "./shipping";
import { useExport } from "./useExport";
import { WizardPickStep } from "./WizardPickStep";
import { WizardManifestStep, type ManifestForm } from "./WizardManifestStep";
import { cleanHandlers, HandlerFields, NO_HANDLERS } from "./HandlerFields";
import { WizardReviewStep } from "./WizardReviewStep";

type Step = 1 | 2 | 3;

/** The step that shows each field the core may name. */
const STEP_OF: Record<string, Step> = {
  containers: 1,
  manifest_no: 2,
  receiver: 2,
  transporter: 2,
  own_transport: 2,
  vehicle_plate: 2,
  transfer_type: 2,
  approval_no: 2,
  purpose: 2,
  method: 2,
  weight_source: 2,
  shipped_at: 2,
  handler: 2,
  handler_dept: 2,
  transport_handler: 2,
  transport_dept: 2,
  override_reason: 3,
};
const FIELDS = Object.keys(STEP_OF);

type Props = {
  timezone: string;
  isAdmin: boolean;
  onClose: () => void;
  onShipped: (s: Shipment) => void;
};

export function ShipmentWizard({ timezone, isAdmin, onClose, onShipped }: Props) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>(1);
  const [overview, setOverview] = useState<InventoryOverview | null>(null);
  const [parties, setParties] = useState<Counterparty[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [form, setForm] = useState<ManifestForm>(() => ({
    manifest_no: "",
    receiver: "",
    transporter: "",
    own_transport: false,
    vehicle_plate: "",
    transfer_type: "",
    approval_no: "",
    purpose: "utilisation",
    method: "",
    weight_source: "measured",
    shipped_at: localDateTimeIn(timezone),
  }));
  const [preview, setPreview] = useState<ShipPreview | null>(null);
  const [override, setOverride] = useState("");
  const [handlers, setHandlers] = useState(NO_HANDLERS);
  const [shipped, setShipped] = useState<Shipment | null>(null);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeShippingError(e, t, FIELDS));
  const print = useExport();

  useEffect(() => {
    storageOverview().then(setOverview, (e: unknown) => setLoadError(placeShippingError(e, t, []).form));
    listCounterparties().then(setParties, (e: unknown) => setLoadError(placeShippingError(e, t, []).form));
    // Load once when the wizard opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** Runs a core call; on a refusal, goes back to the step that shows the named field. */
  const run = (found: FieldErrors, call: () => Promise<void>) =>
    submit(found, async () => {
      try {
        await call();
      } catch (e) {
        const back = isAppError(e) && e.field ? STEP_OF[e.field] : undefined;
        if (back) setStep(back);
        throw e;
      }
    });

  const input = (override_reason: string | null): ShipInput => ({
    manifest_no: form.manifest_no.trim(),
    receiver: form.receiver,
    transporter: form.own_transport ? null : form.transporter || null,
    own_transport: form.own_transport,
    vehicle_plate: form.vehicle_plate.trim() || null,
    // Empty: the core decides from the plant's and the receiver's provinces.
    transfer_type: form.transfer_type || null,
    approval_no: form.approval_no.trim() || null,
    purpose: form.purpose,
    method: form.method.trim(),
    containers: picked,
    weight_source: form.weight_source,
    shipped_at_local: form.shipped_at || null,
    override_reason,
    handlers: cleanHandlers(handlers),
  });

  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  const next = async () => {
    if (step === 1) {
      await submit(picked.length > 0 ? {} : { containers: t("ship.pickOne") }, async () => setStep(2));
      return;
    }
    const found: FieldErrors = {};
    if (!form.manifest_no.trim()) found.manifest_no = t("common.required");
    if (!form.receiver) found.receiver = t("ship.receiverRequired");
    if (!form.method.trim()) found.method = t("common.required");
    if (!form.transporter && !form.own_transport) found.transporter = t("ship.transporterRequired");
    if (!form.vehicle_plate.trim()) found.vehicle_plate = t("common.required");
    await run(found, async () => {
      setPreview(await previewShipment(input(null)));
      setOverride("");
      setStep(3);
    });
  };

  const problems = preview?.problems.length ?? 0;
  // A refusal no override can pass (no approval, no vehicle, …): the officer goes back and fixes it.
  const refused = preview?.problems.some((p) => !p.overridable) ?? false;
  const doShip = async () => {
    const found: FieldErrors = {};
    if (problems > 0 && override.trim().length < 10) found.override_reason = t("ship.overrideShort");
    await run(found, async () => {
      const s = await ship(input(problems > 0 ? override.trim() : null));
      setShipped(s);
      onShipped(s);
    });
  };

  const title = t("ship.title");
  if (shipped) {
    return (
      <Modal title={title} onClose={onClose} testId="ship-wizard" wide>
        <div className="toast toast--block" role="status" data-testid="ship-result">
          <div>
            {t("ship.done", {
              manifest: shipped.manifest_no,
              receiver: shipped.receiver_name,
              lines: shipped.lines.length,
              kg: groupThousands(shipped.total_kg),
            })}
          </div>
          <div>{t("ship.dueBy", { date: shipped.confirmation_due })}</div>
          {print.path ? <div data-testid="ship-print-path">{t("export.savedTo", { path: print.path })}</div> : null}
        </div>
        <FormError message={print.error} />
        <div className="form-actions">
          <button
            type="button"
            className="btn"
            data-testid="ship-print"
            disabled={print.busy}
            onClick={() => void print.run(() => exportManifestPdf(shipped.id))}
          >
            {t("ship.print")}
          </button>
          <button type="button" className="btn btn--primary" data-testid="ship-close" onClick={onClose}>
            {t("common.close")}
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title={title} onClose={onClose} testId="ship-wizard" wide>
      <ol className="steps" aria-label={t("ship.steps")}>
        {([1, 2, 3] as const).map((n) => (
          <li
            key={n}
            className={`steps__item${n === step ? " steps__item--active" : n < step ? " steps__item--done" : ""}`}
            aria-current={n === step ? "step" : undefined}
          >
            {n}. {t(`ship.step${n}`)}
          </li>
        ))}
      </ol>
      <FormError message={loadError ?? formError} />
      {step === 1 ? (
        <>
          {errors.containers ? (
            <div className="form-error" role="alert" data-testid="error-containers" title={errorDetail ?? undefined}>
              {errors.containers}
            </div>
          ) : null}
          {overview ? <WizardPickStep overview={overview} picked={picked} onToggle={toggle} /> : null}
        </>
      ) : null}
      {step === 2 ? (
        <WizardManifestStep
          form={form}
          onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
          parties={parties}
          errors={errors}
          errorDetail={errorDetail}
        />
      ) : null}
      {step === 2 ? <HandlerFields idPrefix="ship" step="out" value={handlers} onChange={setHandlers} errors={errors} /> : null}
      {step === 3 && preview ? (
        <WizardReviewStep
          preview={preview}
          isAdmin={isAdmin}
          override={override}
          onOverride={setOverride}
          errors={errors}
          errorDetail={errorDetail}
        />
      ) : null}
      <div className="form-actions">
        <span className="form-actions__note muted">{t("ship.picked", { count: picked.length })}</span>
        {step > 1 ? (
          <button type="button" className="btn" data-testid="ship-back" onClick={() => setStep((s) => (s - 1) as Step)}>
            {t("ship.back")}
          </button>
        ) : (
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
        )}
        {step < 3 ? (
          <button type="button" className="btn btn--primary" data-testid="ship-next" disabled={busy} onClick={() => void next()}>
            {t("ship.next")}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn--primary"
            data-testid="ship-submit"
            disabled={busy || refused || (problems > 0 && !isAdmin)}
            onClick={() => void doShip()}
          >
            {problems > 0 ? t("ship.submitOverride") : t("ship.submit")}
          </button>
        )}
      </div>
    </Modal>
  );
}
