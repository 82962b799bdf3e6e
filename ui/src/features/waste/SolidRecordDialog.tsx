// 产生 / 出厂: one dialog for both kinds of general solid-waste record. Generation adds to the
// stream's stock (with the storage place); outbound takes from it along a GRI 306 route, either
// on site (厂内自行利用/处置) or to a named receiver. A blank time means now.
import { trimTonnes } from "../../lib/quantity";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  recordSwGeneration,
  recordSwOutbound,
  SW_ROUTES,
  type Route,
  type MassUnit,
  type SwRecord,
  type SwRecordInput,
  type SwStream,
} from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { DATETIME_LOCAL_RE } from "../../lib/time";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { QuantityInput } from "../../components/QuantityInput";
import { Modal } from "../../components/Modal";
import { placeSolidError, quantityProblem } from "./SolidShared";
import { DateTimeInput } from "../../components/DateInput";

export type SwRecordKind = "generation" | "outbound";

const FIELDS = [
  "stream",
  "quantity",
  "unit",
  "at",
  "storage_place",
  "route",
  "receiver",
  "receiver_uscc",
  "transporter",
  "document_no",
] as const;

type Props = {
  kind: SwRecordKind;
  streams: SwStream[];
  onClose: () => void;
  onRecorded: (r: SwRecord) => void | Promise<void>;
};

export function SolidRecordDialog({ kind, streams, onClose, onRecorded }: Props) {
  const { t } = useTranslation();
  const out = kind === "outbound";
  const [streamId, setStreamId] = useState(() => (streams.length === 1 ? streams[0]!.id : ""));
  const [quantity, setQuantity] = useState("");
  const [unit, setUnit] = useState<MassUnit>("t");
  const [at, setAt] = useState("");
  const [storagePlace, setStoragePlace] = useState("");
  const [route, setRoute] = useState<Route | "">("");
  const [onsite, setOnsite] = useState(false);
  const [receiver, setReceiver] = useState("");
  const [uscc, setUscc] = useState("");
  const [transporter, setTransporter] = useState("");
  const [documentNo, setDocumentNo] = useState("");
  const stream = streams.find((s) => s.id === streamId) ?? null;
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((e) =>
    placeSolidError(
      e,
      t,
      FIELDS,
      out && stream ? { "quantity.Invalid": t("solid.errors.overStock", { stock: trimTonnes(stream.stock_t), name: stream.name }) } : {},
    ),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!streamId) found.stream = t("solid.check.streamRequired");
    const q = quantityProblem(quantity, unit, t);
    if (q) found.quantity = q;
    if (at && !DATETIME_LOCAL_RE.test(at)) found.at = t("gen.check.atFormat");
    if (out) {
      if (!route) found.route = t("solid.check.routeRequired");
      if (!onsite && !receiver.trim()) found.receiver = t("solid.check.receiverRequired");
    }
    const opt = (s: string) => s.trim() || null;
    const input: SwRecordInput = {
      stream: streamId,
      quantity: quantity.trim(),
      unit,
      at_local: at || null,
      route: out && route ? route : null,
      onsite: out && onsite,
      receiver: out && !onsite ? opt(receiver) : null,
      receiver_uscc: out && !onsite ? opt(uscc) : null,
      transporter: out && !onsite ? opt(transporter) : null,
      document_no: out ? opt(documentNo) : null,
      storage_place: out ? null : opt(storagePlace),
    };
    await run(found, async () => {
      await onRecorded(await (out ? recordSwOutbound(input) : recordSwGeneration(input)));
    });
  };

  const text = (
    name: "storage_place" | "receiver" | "receiver_uscc" | "transporter" | "document_no",
    value: string,
    set: (v: string) => void,
    className?: string,
  ) => {
    const id = `sw-rec-${name}`;
    return (
      <Field id={id} name={name} label={t(`solid.fields.${name}`)} error={errors[name]} errorDetail={errorDetail}>
        <input {...a11yFor(id, errors[name])} data-testid={id} className={className} value={value} onChange={(e) => set(e.target.value)} />
      </Field>
    );
  };

  return (
    <Modal title={t(out ? "solid.recordDialog.outboundTitle" : "solid.recordDialog.generationTitle")} onClose={onClose} testId="sw-record-dialog" wide={out}>
      <form onSubmit={submit} noValidate>
        <FormError message={formError} />
        <div className={out ? "grid2" : undefined}>
          <Field id="sw-rec-stream" name="stream" label={t("solid.fields.stream")} error={errors.stream} errorDetail={errorDetail}>
            <select {...a11yFor("sw-rec-stream", errors.stream)} data-testid="sw-rec-stream" value={streamId} onChange={(e) => setStreamId(e.target.value)}>
              <option value="">{t("solid.recordDialog.pickStream")}</option>
              {streams.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.code})
                </option>
              ))}
            </select>
          </Field>
          <Field
            id="sw-rec-quantity"
            name="quantity"
            label={t("solid.fields.quantity")}
            hint={stream ? t("solid.recordDialog.stock", { stock: trimTonnes(stream.stock_t) }) : undefined}
            error={errors.quantity}
            errorDetail={errorDetail}
          >
            <QuantityInput
              id="sw-rec-quantity"
              unitTestId="sw-rec-unit"
              error={errors.quantity}
              hintId={stream ? "sw-rec-quantity-hint" : undefined}
              value={quantity}
              onChange={setQuantity}
              unit={unit}
              onUnit={setUnit}
              units={["t", "kg"]}
            />
          </Field>
          <Field id="sw-rec-at" name="at" label={t("solid.fields.at")} hint={t("solid.recordDialog.atHint")} error={errors.at} errorDetail={errorDetail}>
            <DateTimeInput
              {...a11yFor("sw-rec-at", errors.at, "sw-rec-at-hint")}
              data-testid="sw-rec-at"
              value={at}
              onChange={(v) => setAt(v)}
            />
          </Field>
          {out ? (
            <Field id="sw-rec-route" name="route" label={t("solid.fields.route")} error={errors.route} errorDetail={errorDetail}>
              <select {...a11yFor("sw-rec-route", errors.route)} data-testid="sw-rec-route" value={route} onChange={(e) => setRoute(e.target.value as Route | "")}>
                <option value="">{t("solid.recordDialog.pickRoute")}</option>
                {SW_ROUTES.map((r) => (
                  <option key={r} value={r}>
                    {t(`solid.routes.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            text("storage_place", storagePlace, setStoragePlace)
          )}
        </div>
        {out ? (
          <>
            <label className="check">
              <input type="checkbox" data-testid="sw-rec-onsite" checked={onsite} onChange={(e) => setOnsite(e.target.checked)} />
              {t("solid.fields.onsite")}
            </label>
            <div className="grid2">
              {onsite ? null : (
                <>
                  {text("receiver", receiver, setReceiver)}
                  {text("receiver_uscc", uscc, setUscc, "mono")}
                  {text("transporter", transporter, setTransporter)}
                </>
              )}
              {text("document_no", documentNo, setDocumentNo, "mono")}
            </div>
          </>
        ) : null}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="sw-rec-submit" disabled={busy}>
            {t(out ? "solid.recordDialog.submitOutbound" : "solid.recordDialog.submitGeneration")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
