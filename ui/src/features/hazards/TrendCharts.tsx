// The KPI trend: hazards found and closed per week or month, and the on-time rate (%) of each.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { HazardKpis, TrendUnit } from "../../ipc/api";
import { TimeSeriesChart } from "../../components/TimeSeriesChart";
import type { ChartInput } from "../../components/chart/timeSeries";

type Props = { trend: HazardKpis[]; unit: TrendUnit };

export function TrendCharts({ trend, unit }: Props) {
  const { t } = useTranslation();
  const counts: ChartInput = useMemo(
    () => ({
      x: trend.map(periodX),
      series: [
        { label: t("hazards.kpi.found"), values: trend.map((k) => k.found) },
        { label: t("hazards.kpi.closed"), values: trend.map((k) => k.closed) },
      ],
    }),
    [trend, t],
  );
  const rate: ChartInput = useMemo(
    () => ({
      x: trend.map(periodX),
      series: [
        {
          label: t("hazards.kpi.onTime"),
          values: trend.map((k) => (k.on_time_rate_pct === null ? null : Number(k.on_time_rate_pct))),
        },
      ],
    }),
    [trend, t],
  );
  const xLabel = t(`hazards.kpi.unit.${unit}`);
  return (
    <div className="hazard-trend">
      <TimeSeriesChart
        input={counts}
        yLabel={t("hazards.kpi.count")}
        xLabel={xLabel}
        testId="kpi-trend-counts"
        summary={t("hazards.kpi.trendCountsSummary", { n: trend.length })}
      />
      <TimeSeriesChart
        input={rate}
        yLabel="%"
        xLabel={xLabel}
        testId="kpi-trend-rate"
        summary={t("hazards.kpi.trendRateSummary", { n: trend.length })}
      />
    </div>
  );
}

/** The x of a period in a chart: its first day at 00:00 UTC, in Unix seconds. */
export const periodX = (k: HazardKpis): number => Date.parse(`${k.from}T00:00:00Z`) / 1000;
