// 转移联单: shipments under transfer manifests with their status, the manifest and licence
// alerts, and the actions on each (confirm receipt, void, print the manifest PDF). New
// shipments go through the wizard. The core derives every status; this screen colours it.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  exportManifestPdf,
  listAlerts,
  listShipments,
  voidShipment,
  type Shipment,
} from "../../ipc/api";
import { localDateTimeIn } from "../../lib/time";
import { FormError } from "../../components/Field";
import { DataTable } from "../../components/DataTable";
import { useLoad } from "../../lib/useLoad";
import { placeShippingError } from "./shipping";
import { useExport } from "./useExport";
import { ShippingAlertsStrip } from "./ShippingAlertsStrip";
import { ShipmentLines, shipmentColumns } from "./shipmentColumns";
import { ShipmentWizard } from "./ShipmentWizard";
import { ConfirmDialog } from "./ConfirmDialog";
import { ReasonDialog } from "../../components/ReasonDialog";

type Props = { timezone: string; canWrite: boolean; isAdmin: boolean };

export function ShipmentsTab({ timezone, canWrite, isAdmin }: Props) {
  const { t } = useTranslation();
  const [includeVoided, setIncludeVoided] = useState(false);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [wizard, setWizard] = useState(false);
  const [confirming, setConfirming] = useState<Shipment | null>(null);
  const [voiding, setVoiding] = useState<Shipment | null>(null);
  const [printingId, setPrintingId] = useState<string | null>(null);
  const print = useExport();

  // The list and the alerts together: a change to one moves the other.
  const loaded = useLoad(() => Promise.all([listShipments(includeVoided), listAlerts()]), [includeVoided], {
    describe: (e) => placeShippingError(e, t, []).form,
  });
  const reload = loaded.reload;
  const shipments = loaded.data?.[0] ?? null;
  const alerts = loaded.data?.[1] ?? null;

  const printManifest = async (s: Shipment) => {
    setPrintingId(s.id);
    await print.run(() => exportManifestPdf(s.id));
    setPrintingId(null);
  };

  const columns = shipmentColumns({
    t,
    expanded,
    onToggle: (s) => setExpanded((x) => (x === s.id ? null : s.id)),
    canWrite,
    printingId,
    onConfirm: setConfirming,
    onVoid: setVoiding,
    onPrint: (s) => void printManifest(s),
  });

  return (
    <div className="shipments">
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
      <DataTable
        columns={columns}
        data={shipments}
        idPrefix="shipments"
        rowTestId="shipment-row"
        rowClassName={(s) => (s.status === "voided" ? "row--voided" : undefined)}
        detail={(s) => (expanded === s.id ? <ShipmentLines shipment={s} /> : null)}
        detailTestId="shipment-detail"
        loading={loaded.loading}
        error={loaded.error}
        empty={t("shipments.empty")}
      />
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
