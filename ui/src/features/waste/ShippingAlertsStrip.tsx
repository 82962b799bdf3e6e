// Manifests awaiting the receiver's confirmation and licences ending soon (shipping_alerts),
// coloured by the core's severity: amber `warning`, red `error`.
import { useTranslation } from "react-i18next";
import type { ShippingAlerts } from "../../ipc/api";
import { severityTone } from "./shipping";

export function ShippingAlertsStrip({ alerts }: { alerts: ShippingAlerts }) {
  const { t } = useTranslation();
  const empty = alerts.manifests.length + alerts.licences.length === 0;
  return (
    <ul className="alerts" data-testid="shipping-alerts" aria-label={t("shipments.alerts")}>
      {empty ? <li className="muted">{t("inventory.noAlerts")}</li> : null}
      {alerts.manifests.map((m) => (
        <li
          key={m.shipment_id}
          className={`alert alert--${severityTone(m.severity)}`}
          data-testid="shipping-alert-row"
        >
          <span className="mono">{m.manifest_no}</span>{" "}
          {t(m.severity === "error" ? "shipments.alert.manifestOverdue" : "shipments.alert.manifestDue", {
            receiver: m.receiver_name,
            shipped: m.shipped_on,
            due: m.confirmation_due,
          })}
        </li>
      ))}
      {alerts.licences.map((l) => (
        <li
          key={`${l.counterparty_id}/${l.licence_no}`}
          className={`alert alert--${severityTone(l.severity)}`}
          data-testid="shipping-alert-row"
        >
          <strong>{l.name}</strong> <span className="mono">{l.licence_no}</span>{" "}
          {t(l.days_left < 0 ? "shipments.alert.licenceExpired" : "shipments.alert.licenceExpiring", {
            date: l.valid_to,
            days: Math.abs(l.days_left),
          })}
        </li>
      ))}
    </ul>
  );
}
