// 首页: what needs doing now, across every area — the app's one alert list in the core's order
// (most urgent first), with the count per severity — and the long jobs running, each of which
// can be cancelled. Wastewater exceedances and overdue hazards join the same list when their
// areas land (they register an alert source in the core; nothing changes here).
import { useTranslation } from "react-i18next";
import { listAlerts, type Alert } from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { AlertList } from "../../components/AlertList";
import { FormError } from "../../components/Field";
import { JobsPanel } from "./JobsPanel";

const count = (alerts: Alert[], severity: Alert["severity"]) => alerts.filter((a) => a.severity === severity).length;

export function HomeScreen() {
  const { t } = useTranslation();
  const loaded = useLoad(() => listAlerts(), []);
  const alerts = loaded.data;
  return (
    <section className="page" data-testid="home">
      <div className="page__head">
        <h1>{t("alertsUi.title")}</h1>
        <span className="muted">{t("alertsUi.basis")}</span>
      </div>
      <FormError message={loaded.error ? t("alertsUi.loadFailed", { message: loaded.error }) : null} />
      {alerts ? (
        <>
          <p className="muted" data-testid="home-alert-counts">
            {t("alertsUi.count", {
              critical: count(alerts, "critical"),
              warning: count(alerts, "warning"),
              info: count(alerts, "info"),
            })}
          </p>
          <AlertList alerts={alerts} showArea testId="home-alerts" rowTestId="home-alert-row" label={t("alertsUi.title")} />
        </>
      ) : null}
      <JobsPanel />
    </section>
  );
}
