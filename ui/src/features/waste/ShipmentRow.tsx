// One shipment in the shipments table, and (expanded) its lines with the batch chain
// B.5 ← B.3 出库 ← B.2 入库 ← B.1 产生 and the received weights.
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import type { Shipment } from "../../ipc/api";
import { groupThousands } from "../../lib/quantity";
import { displayLocal } from "../../lib/time";
import { SHIPMENT_TONE } from "./shipping";

export const SHIPMENT_COLUMNS = 9;

type Props = {
  shipment: Shipment;
  expanded: boolean;
  onToggle: () => void;
  canWrite: boolean;
  printing: boolean;
  onConfirm: () => void;
  onVoid: () => void;
  onPrint: () => void;
};

export function ShipmentRow({ shipment: s, expanded, onToggle, canWrite, printing, onConfirm, onVoid, onPrint }: Props) {
  const { t } = useTranslation();
  const open = s.status === "in_transit";
  return (
    <Fragment>
      <tr data-testid="shipment-row" className={s.status === "voided" ? "row--voided" : undefined}>
        <td>
          <button
            type="button"
            className="btn--link"
            aria-expanded={expanded}
            aria-label={t("shipments.details")}
            data-testid="shipment-expand"
            onClick={onToggle}
          >
            {expanded ? "▾" : "▸"}
          </button>
        </td>
        <td className="mono">{s.manifest_no}</td>
        <td className="mono">{displayLocal(s.shipped_at_local)}</td>
        <td>{s.receiver_name}</td>
        <td className="num">{s.lines.length}</td>
        <td className="num mono">{groupThousands(s.total_kg)}</td>
        <td className="status">
          <span className={`badge badge--${SHIPMENT_TONE[s.status]}`} data-testid="shipment-status" title={s.void_reason ?? undefined}>
            {t(`shipments.status.${s.status}`)}
          </span>
          {s.overdue ? (
            <span className="badge badge--critical badge--gap" data-testid="shipment-overdue">
              {t("shipments.overdue", { date: s.confirmation_due })}
            </span>
          ) : null}
        </td>
        <td>{open && !s.overdue ? s.confirmation_due : null}</td>
        <td className="actions">
          {canWrite && open ? (
            <>
              <button type="button" className="btn btn--small" data-testid="shipment-confirm" onClick={onConfirm}>
                {t("shipments.confirm")}
              </button>{" "}
              <button type="button" className="btn btn--small" data-testid="shipment-void" onClick={onVoid}>
                {t("shipments.void")}
              </button>{" "}
            </>
          ) : null}
          {s.status !== "voided" ? (
            <button type="button" className="btn btn--small" data-testid="shipment-print" disabled={printing} onClick={onPrint}>
              {t("shipments.print")}
            </button>
          ) : null}
        </td>
      </tr>
      {expanded ? (
        <tr className="row--detail" data-testid="shipment-detail">
          <td colSpan={SHIPMENT_COLUMNS}>
            <ShipmentLines shipment={s} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

function ShipmentLines({ shipment: s }: { shipment: Shipment }) {
  const { t } = useTranslation();
  return (
    <div className="detail">
      <div className="muted detail__meta">
        {t("shipments.meta", {
          transporter: s.transporter_name ?? "—",
          plate: s.vehicle_plate || "—",
          licence: s.licence_no ?? "—",
          method: s.method,
          purpose: t(`ship.purposes.${s.purpose}`, { defaultValue: s.purpose }),
        })}
        {s.override_reason ? <> · {t("shipments.overrideBy", { reason: s.override_reason })}</> : null}
        {s.receipt ? (
          <>
            {" · "}
            {t("shipments.receipt", { received: s.receipt.received_on, confirmed: s.receipt.confirmed_on })}
            {s.receipt.note ? ` · ${s.receipt.note}` : ""}
          </>
        ) : null}
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t("inventory.col.container")}</th>
            <th>{t("inventory.col.code")}</th>
            <th>{t("shipments.chain")}</th>
            <th className="num">{t("shipments.shippedKg")}</th>
            <th className="num">{t("shipments.receivedKg")}</th>
          </tr>
        </thead>
        <tbody>
          {s.lines.map((l) => (
            <tr key={l.id} data-testid="shipment-line">
              <td className="num">{l.line_no}</td>
              <td className="mono">
                {l.facility_code} / {l.container_id}
              </td>
              <td className="mono" title={l.name}>
                {l.code}
              </td>
              <td className="mono chain" data-testid="shipment-chain">
                {[l.batch_code, l.out_batch, l.in_batch ?? "—", l.generation_batch ?? "—"].join(" ← ")}
              </td>
              <td className="num mono">{groupThousands(l.quantity_kg)}</td>
              <td className={`num mono${l.within_tolerance === false ? " tone--critical" : ""}`}>
                {l.received_kg === null ? "—" : groupThousands(l.received_kg)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
