// 转移联单: shipments under transfer manifests with their status, the manifest and licence
// alerts, and the actions on each (confirm receipt, void, print the manifest PDF). New
// shipments go through the wizard. The core derives every status; this screen colours it.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  exportManifestPdf,
  listShipments,
  shippingAlerts,
  voidShipment,
  type Shipment,
  type ShippingAlerts,
} from "../../ipc/api";
import { localDateTimeIn } from "../../lib/time";
import { FormError } from "../../components/Field";
import { placeShippingError } from "./shipping";
import { useExport } from "./useExport";
import { ShippingAlertsStrip } from "./ShippingAlertsStrip";
import { SHIPMENT_COLUMNS, ShipmentRow } from "./ShipmentRow";
import { ShipmentWizard } from "./ShipmentWizard";
import { ConfirmDialog } from "./ConfirmDialog";
import { ReasonDialog } from "../../components/ReasonDialog";

type Props = { timezone: string; canWrite: boolean; isAdmin: boolean };

export function ShipmentsTab({ timezone, canWrite, isAdmin }: Props) {
  const { t } = useTranslation();
  const [includeVoided, setIncludeVoided] = useState(false);
  const [shipments, setShipments] = useState<Shipment[] | null>(null);
  const [alerts, setAlerts] = useState<ShippingAlerts | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [wizard, setWizard] = useState(false);
  const [confirming, setConfirming] = useState<Shipment | null>(null);
  const [voiding, setVoiding] = useState<Shipment | null>(null);
  const [printingId, setPrintingId] = useState<string | null>(null);
  const print = useExport();

  const reload = useCallback(async () => {
    try {
      const [list, a] = await Promise.all([listShipments(includeVoided), shippingAlerts()]);
      setShipments(list);
      setAlerts(a);
      setLoadError(null);
    } catch (e) {
      setLoadError(placeShippingError(e, t, []).form);
    }
  }, [includeVoided, t]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const printManifest = async (s: Shipment) => {
    setPrintingId(s.id);
    await print.run(() => exportManifestPdf(s.id));
    setPrintingId(null);
  };

  const rows = shipments ?? [];
  return (
    <div className="shipments">
      <FormError message={loadError} />
      <div className="inventory__head">
        <label className="check">
          <input
            type="checkbox"
            data-testid="shipments-voided"
            checked={includeVoided}
            onChange={(e) => setIncludeVoided(e.target.checked)}
          />
          {t("ledger.includeVoided")}
        </label>
        {canWrite ? (
          <button type="button" className="btn btn--primary" data-testid="ship-open" onClick={() => setWizard(true)}>
            {t("shipments.new")}
          </button>
        ) : null}
      </div>
      {/* Below the toolbar: the alerts arrive after the first paint and must not move the
          "new shipment" button from under a pointer that is already on its way to it. */}
      {alerts ? <ShippingAlertsStrip alerts={alerts} /> : null}
      {print.path ? (
        <div className="toast" role="status" data-testid="shipments-result">
          {t("export.savedTo", { path: print.path })}
        </div>
      ) : null}
      <FormError message={print.error} />
      <div className="table-wrap">
        <table className="table" data-testid="shipments-table" aria-busy={shipments === null}>
          <thead>
            <tr>
              <th />
              <th>{t("shipments.col.manifest")}</th>
              <th>{t("shipments.col.shippedAt")}</th>
              <th>{t("shipments.col.receiver")}</th>
              <th className="num">{t("shipments.col.lines")}</th>
              <th className="num">{t("shipments.col.totalKg")}</th>
              <th>{t("shipments.col.status")}</th>
              <th>{t("shipments.col.due")}</th>
              <th>{t("ledger.colActions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <ShipmentRow
                key={s.id}
                shipment={s}
                expanded={expanded === s.id}
                onToggle={() => setExpanded((x) => (x === s.id ? null : s.id))}
                canWrite={canWrite}
                printing={printingId === s.id}
                onConfirm={() => setConfirming(s)}
                onVoid={() => setVoiding(s)}
                onPrint={() => void printManifest(s)}
              />
            ))}
            {shipments !== null && rows.length === 0 ? (
              <tr className="table__placeholder">
                <td colSpan={SHIPMENT_COLUMNS} data-testid="shipments-empty">
                  {t("shipments.empty")}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {wizard ? (
        <ShipmentWizard
          timezone={timezone}
          isAdmin={isAdmin}
          onClose={() => setWizard(false)}
          onShipped={() => void reload()}
        />
      ) : null}
      {confirming ? (
        <ConfirmDialog
          shipment={confirming}
          today={localDateTimeIn(timezone).slice(0, 10)}
          onClose={() => setConfirming(null)}
          onConfirmed={() => {
            setConfirming(null);
            void reload();
          }}
        />
      ) : null}
      {voiding ? (
        <ReasonDialog
          idPrefix="void-shipment"
          title={t("shipments.voidTitle")}
          intro={t("shipments.voidIntro", { manifest: voiding.manifest_no })}
          place={(e) => placeShippingError(e, t, ["reason"])}
          action={async (reason) => {
            await voidShipment(voiding.id, reason);
            setVoiding(null);
            void reload();
          }}
          onClose={() => setVoiding(null)}
        />
      ) : null}
    </div>
  );
}
