// Manifests awaiting the receiver's confirmation and licences ending soon: the shipping kinds of
// the app's one alert list, coloured by the core's severity.
import { useTranslation } from "react-i18next";
import type { Alert, AlertKind } from "../../ipc/api";
import { AlertList } from "../../components/AlertList";

const SHIPPING: ReadonlySet<AlertKind> = new Set<AlertKind>([
  "manifest_overdue",
  "manifest_due",
  "licence_expired",
  "licence_expiring",
]);

/** The alerts the shipments tab shows, in the core's order. */
export const shippingAlertsOf = (alerts: Alert[]): Alert[] => alerts.filter((a) => SHIPPING.has(a.kind));

export function ShippingAlertsStrip({ alerts }: { alerts: Alert[] }) {
  const { t } = useTranslation();
  return (
    <AlertList
      alerts={shippingAlertsOf(alerts)}
      testId="shipping-alerts"
      rowTestId="shipping-alert-row"
      label={t("shipments.alerts")}
    />
  );
}
