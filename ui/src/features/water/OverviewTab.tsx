// 概览: the year's permitted loads (year to date against the cap, the straight-line forecast
// marked, a warning when the forecast passes the cap), the last 30 days' exceedances, and the
// HJ 212 listener's state.
import { useTranslation } from "react-i18next";
import { waterCapProgress, waterExceedances, type CapProgress } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { ListenerPanel } from "./ListenerPanel";
import { ExceedanceTable } from "./ExceedanceTable";
import { daysBefore, tonnesShort } from "./format";

type Props = { timezone: string; today: string; version: number };

export function OverviewTab({ timezone, today, version }: Props) {
  const { t } = useTranslation();
  const describe = (e: unknown) => placeError(e, t, []).form;
  const year = Number(today.slice(0, 4));
  const caps = useLoad(() => waterCapProgress(year), [year, version], { describe });
  const from = daysBefore(today, 30);
  const recent = useLoad(() => waterExceedances(from, today), [from, today, version], { describe });
  return (
    <div className="water-overview">
      <section className="panel" data-testid="caps-panel">
        <h2>{t("water.caps.title", { year })}</h2>
        <FormError message={caps.error} testId="caps-error" />
        {caps.data && caps.data.length === 0 ? <p className="muted">{t("water.caps.none")}</p> : null}
        {(caps.data ?? []).map((c) => (
          <CapBar key={c.param_code} c={c} />
        ))}
        {caps.data && caps.data.length > 0 ? <p className="muted cap-legend">{t("water.caps.legend")}</p> : null}
      </section>
      <ListenerPanel timezone={timezone} />
      <section className="panel">
        <h2>{t("water.overview.recent")}</h2>
        <ExceedanceTable idPrefix="recent-exceedances" data={recent.data} loading={recent.loading} error={recent.error} />
      </section>
    </div>
  );
}

/** The scale of a bar: the cap, or the forecast when it runs past the cap. */
function CapBar({ c }: { c: CapProgress }) {
  const { t } = useTranslation();
  const scale = Math.max(c.cap_g, c.forecast_g, c.load_g, 1);
  const pct = (g: number) => `${Math.min(100, (g * 100) / scale).toFixed(2)}%`;
  const over = c.load_g > c.cap_g;
  return (
    <div className={`cap-bar${c.forecast_over ? " cap-bar--warn" : ""}`} data-testid={`cap-${c.param_code}`}>
      <div className="cap-bar__label">
        <strong>{t(`water.params.${c.param_code}`, { defaultValue: c.param_code })}</strong>{" "}
        <span data-testid={`cap-text-${c.param_code}`}>
          {t("water.caps.used", {
            load: tonnesShort(c.load_g),
            cap: tonnesShort(c.cap_g),
            pct: (c.used_permille / 10).toFixed(1),
            forecast: tonnesShort(c.forecast_g),
          })}
        </span>
      </div>
      <div
        className="cap-bar__track"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={c.cap_g}
        aria-valuenow={c.load_g}
        aria-label={t("water.caps.meter", { param: c.param_code })}
      >
        <div className={`cap-bar__fill${over ? " cap-bar__fill--over" : ""}`} style={{ width: pct(c.load_g) }} />
        <div className="cap-bar__cap" style={{ left: pct(c.cap_g) }} title={t("water.caps.capMark")} />
        <div className="cap-bar__forecast" style={{ left: pct(c.forecast_g) }} title={t("water.caps.forecastMark")} />
      </div>
      {c.forecast_over ? (
        <p className="form-error" role="alert" data-testid={`cap-warn-${c.param_code}`}>
          {over ? t("water.caps.over") : t("water.caps.forecastOver")}
        </p>
      ) : null}
    </div>
  );
}
