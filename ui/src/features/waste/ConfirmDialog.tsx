// 确认接收: the receiver's confirmation of a manifest — dates, the weight received per
// container (prefilled with the shipped weight), a rejection of the whole load or of single
// containers (they come back into storage, so the time they came back is asked), and the note
// the core requires when anything was rejected or the weights differ beyond the tolerance.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { confirmShipment, type Shipment } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { placeShippingError } from "./shipping";
import { DateInput, DateTimeInput } from "../../components/DateInput";

const FIELDS = ["received_on", "confirmed_on", "lines", "rejected_lines", "returned_at", "method", "note"] as const;
const KG_RE = /^\d+(\.\d{1,3})?$/;

type Props = { shipment: Shipment; today: string; onClose: () => void; onConfirmed: (s: Shipment) => void };

export function ConfirmDialog({ shipment, today, onClose, onConfirmed }: Props) {
  const { t } = useTranslation();
  const [receivedOn, setReceivedOn] = useState(today);
  const [confirmedOn, setConfirmedOn] = useState(today);
  const [received, setReceived] = useState<Record<string, string>>(() =>
    Object.fromEntries(shipment.lines.map((l) => [l.container_id, l.quantity_kg])),
  );
  const [rejected, setRejected] = useState(false);
  const [rejectedLines, setRejectedLines] = useState<Set<string>>(() => new Set());
  const [returnedAt, setReturnedAt] = useState("");
  const lineRejected = (container: string) => rejected || rejectedLines.has(container);
  const anyRejected = rejected || rejectedLines.size > 0;
  const toggleLine = (container: string, on: boolean) =>
    setRejectedLines((prev) => {
      const next = new Set(prev);
      if (on) next.add(container);
      else next.delete(container);
      return next;
    });
  const [method, setMethod] = useState(shipment.method);
  const [note, setNote] = useState("");
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((e) => placeShippingError(e, t, FIELDS));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!receivedOn) found.received_on = t("common.required");
    const bad = shipment.lines.filter((l) => !lineRejected(l.container_id) && !KG_RE.test((received[l.container_id] ?? "").trim()));
    if (bad.length > 0) found.lines = t("confirm.kgFormat", { containers: bad.map((l) => l.container_id).join(", ") });
    if (anyRejected && note.trim().length < 2) found.note = t("confirm.noteRejected");
    await run(found, async () => {
      const s = await confirmShipment({
        shipment: shipment.id,
        received_on: receivedOn,
        confirmed_on: confirmedOn || null,
        lines: shipment.lines
          .filter((l) => !lineRejected(l.container_id))
          .map((l) => ({ container_id: l.container_id, received: (received[l.container_id] ?? "").trim() })),
        unit: "kg",
        as_shipped: false,
        rejected,
        rejected_lines: rejected ? [] : [...rejectedLines],
        returned_at_local: anyRejected && returnedAt ? returnedAt : null,
        method: method.trim() || null,
        note: note.trim() || null,
      });
      onConfirmed(s);
    });
  };

  return (
    <Modal title={t("confirm.title", { manifest: shipment.manifest_no })} onClose={onClose} testId="confirm-dialog" wide>
      <form onSubmit={submit} noValidate>
        <p className="muted">{t("confirm.intro", { receiver: shipment.receiver_name, due: shipment.confirmation_due })}</p>
        <FormError message={formError} />
        <div className="grid2">
          <Field id="confirm-received-on" name="received_on" label={t("confirm.receivedOn")} error={errors.received_on} errorDetail={errorDetail}>
            <DateInput
              {...a11yFor("confirm-received-on", errors.received_on)}
              data-testid="confirm-received-on"
              value={receivedOn}
              onChange={(v) => setReceivedOn(v)}
            />
          </Field>
          <Field id="confirm-confirmed-on" name="confirmed_on" label={t("confirm.confirmedOn")} error={errors.confirmed_on} errorDetail={errorDetail}>
            <DateInput
              {...a11yFor("confirm-confirmed-on", errors.confirmed_on)}
              data-testid="confirm-confirmed-on"
              value={confirmedOn}
              onChange={(v) => setConfirmedOn(v)}
            />
          </Field>
        </div>
        <table className="table" aria-invalid={errors.lines ? true : undefined}>
          <thead>
            <tr>
              <th>{t("inventory.col.container")}</th>
              <th>{t("inventory.col.code")}</th>
              <th className="num">{t("shipments.shippedKg")}</th>
              <th className="num">{t("shipments.receivedKg")}</th>
              <th>{t("confirm.rejectLine")}</th>
            </tr>
          </thead>
          <tbody>
            {shipment.lines.map((l) => (
              <tr key={l.id}>
                <td className="mono">{l.container_id}</td>
                <td className="mono">{l.code}</td>
                <td className="num mono">{l.quantity_kg}</td>
                <td className="num">
                  <input
                    className="num input--kg"
                    inputMode="decimal"
                    aria-label={t("confirm.receivedFor", { container: l.container_id })}
                    data-testid={`confirm-line-${l.container_id}`}
                    disabled={lineRejected(l.container_id)}
                    value={lineRejected(l.container_id) ? "0" : (received[l.container_id] ?? "")}
                    onChange={(e) => setReceived((r) => ({ ...r, [l.container_id]: e.target.value }))}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t("confirm.rejectLineFor", { container: l.container_id })}
                    data-testid={`confirm-reject-${l.container_id}`}
                    disabled={rejected}
                    checked={lineRejected(l.container_id)}
                    onChange={(e) => toggleLine(l.container_id, e.target.checked)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {errors.lines ? (
          <div className="field__error" role="alert" data-testid="error-lines" title={errorDetail ?? undefined}>
            {errors.lines}
          </div>
        ) : null}
        <label className="check confirm__rejected">
          <input type="checkbox" data-testid="confirm-rejected" checked={rejected} onChange={(e) => setRejected(e.target.checked)} />
          {t("confirm.rejected")}
        </label>
        {anyRejected ? (
          <Field
            id="confirm-returned-at"
            name="returned_at"
            label={t("confirm.returnedAt")}
            hint={t("confirm.returnedAtHint")}
            error={errors.returned_at ?? errors.rejected_lines}
            errorDetail={errorDetail}
          >
            <DateTimeInput
              {...a11yFor("confirm-returned-at", errors.returned_at, "confirm-returned-at-hint")}
              data-testid="confirm-returned-at"
              value={returnedAt}
              onChange={(v) => setReturnedAt(v)}
            />
          </Field>
        ) : null}
        <Field id="confirm-method" name="method" label={t("confirm.method")} error={errors.method} errorDetail={errorDetail}>
          <input
            {...a11yFor("confirm-method", errors.method)}
            data-testid="confirm-method"
            className="mono"
            value={method}
            onChange={(e) => setMethod(e.target.value)}
          />
        </Field>
        <Field id="confirm-note" name="note" label={t("confirm.note")} hint={t("confirm.noteHint")} error={errors.note} errorDetail={errorDetail}>
          <textarea
            {...a11yFor("confirm-note", errors.note, "confirm-note-hint")}
            data-testid="confirm-note"
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="confirm-submit" disabled={busy}>
            {t("confirm.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
