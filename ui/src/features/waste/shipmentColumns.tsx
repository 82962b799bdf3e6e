// The columns of the shipments table, and (expanded) a shipment's lines with the batch chain
// B.5 ← B.3 出库 ← B.2 入库 ← B.1 产生 and the received weights.
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Shipment } from "../../ipc/api";
import { valueColumn, type DataColumn } from "../../components/DataTable";
import { groupThousands } from "../../lib/quantity";
import { displayLocal } from "../../lib/time";
import { SHIPMENT_TONE } from "./shipping";

type Options = {
  t: TFunction;
  expanded: string | null;
  onToggle: (s: Shipment) => void;
  canWrite: boolean;
  printingId: string | null;
  onConfirm: (s: Shipment) => void;
  onVoid: (s: Shipment) => void;
  onPrint: (s: Shipment) => void;
};

export function shipmentColumns(o: Options): DataColumn<Shipment>[] {
  const { t } = o;
  return [
    {
      id: "expand",
      header: "",
      label: t("shipments.details"),
      hideable: false,
      cell: (s) => (
        <button
          type="button"
          className="btn--link"
          aria-expanded={o.expanded === s.id}
          aria-label={t("shipments.details")}
          data-testid="shipment-expand"
          onClick={() => o.onToggle(s)}
        >
          {o.expanded === s.id ? "▾" : "▸"}
        </button>
      ),
    },
    valueColumn("manifest", t("shipments.col.manifest"), (s) => s.manifest_no),
    {
      id: "shipped_at",
      header: t("shipments.col.shippedAt"),
      className: "mono",
      sortValue: (s) => s.shipped_at_local,
      sortDescFirst: true,
      cell: (s) => displayLocal(s.shipped_at_local),
    },
    { id: "receiver", header: t("shipments.col.receiver"), sortValue: (s) => s.receiver_name, cell: (s) => s.receiver_name },
    { id: "lines", header: t("shipments.col.lines"), numeric: true, cell: (s) => s.lines.length },
    {
      id: "total",
      header: t("shipments.col.totalKg"),
      numeric: true,
      className: "mono",
      sortValue: (s) => Number(s.total_kg),
      sortDescFirst: true,
      cell: (s) => groupThousands(s.total_kg),
    },
    {
      id: "status",
      header: t("shipments.col.status"),
      className: "status",
      sortValue: (s) => s.status,
      cell: (s) => (
        <>
          <span className={`badge badge--${SHIPMENT_TONE[s.status]}`} data-testid="shipment-status" title={s.void_reason ?? undefined}>
            {t(`shipments.status.${s.status}`)}
          </span>
          {s.overdue ? (
            <span className="badge badge--critical badge--gap" data-testid="shipment-overdue">
              {t("shipments.overdue", { date: s.confirmation_due })}
            </span>
          ) : null}
          {s.confirmed_late ? (
            <span className="badge badge--warning badge--gap" data-testid="shipment-confirmed-late">
              {t("shipments.confirmedLate", { date: s.confirmation_due })}
            </span>
          ) : null}
        </>
      ),
    },
    {
      id: "due",
      header: t("shipments.col.due"),
      cell: (s) => (s.status === "in_transit" && !s.overdue ? s.confirmation_due : null),
    },
    {
      id: "actions",
      header: t("ledger.colActions"),
      className: "actions",
      hideable: false,
      cell: (s) => {
        const open = s.status === "in_transit";
        return (
          <>
            {o.canWrite && open ? (
              <>
                <button type="button" className="btn btn--small" data-testid="shipment-confirm" onClick={() => o.onConfirm(s)}>
                  {t("shipments.confirm")}
                </button>{" "}
                <button type="button" className="btn btn--small" data-testid="shipment-void" onClick={() => o.onVoid(s)}>
                  {t("shipments.void")}
                </button>{" "}
              </>
            ) : null}
            {s.status !== "voided" ? (
              <button
                type="button"
                className="btn btn--small"
                data-testid="shipment-print"
                disabled={o.printingId === s.id}
                onClick={() => o.onPrint(s)}
              >
                {t("shipments.print")}
              </button>
            ) : null}
          </>
        );
      },
    },
  ];
}

export function ShipmentLines({ shipment: s }: { shipment: Shipment }) {
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
            {s.accepted_total_g !== s.total_g ? ` · ${t("shipments.accepted", { kg: groupThousands(s.accepted_total_kg) })}` : ""}
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
              <td className={`num mono${l.within_tolerance === false && !l.rejected ? " tone--critical" : ""}`}>
                {l.received_kg === null ? "—" : groupThousands(l.received_kg)}
                {l.rejected ? (
                  <span className="badge badge--critical badge--gap" data-testid="shipment-line-rejected">
                    {l.return_batch ? t("shipments.lineRejected", { batch: l.return_batch }) : t("shipments.lineRejectedNoReturn")}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
