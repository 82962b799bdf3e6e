// 指标: the KPIs of a period — found, closed, open, overdue, major open, 按期整改完成率 with its
// written definition beside the number, mean days to close — found by area and by grade, and
// the trend of the last weeks or months (found/closed and the on-time rate). 导出 Excel writes the
// period's KPI tables (totals, by area, by grade) with the on-time definition.
import { lazy, Suspense, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { hazardKpis, hazardKpiTrend, type TrendUnit } from "../../ipc/api";
import { DATE_RE, defaultPeriod, previousMonth, yearToDate } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { FormError } from "../../components/Field";
import { ExportButton } from "./ExportButton";
import { DateInput } from "../../components/DateInput";

// The charts carry uPlot: loaded with the tab.
const TrendCharts = lazy(() => import("./TrendCharts").then((m) => ({ default: m.TrendCharts })));

type Props = { today: string; version: number };

export function KpiTab({ today, version }: Props) {
  const { t, i18n } = useTranslation();
  const [period, setPeriod] = useState(defaultPeriod(today));
  const [unit, setUnit] = useState<TrendUnit>("week");
  const valid = DATE_RE.test(period.from) && DATE_RE.test(period.to) && period.from <= period.to;
  const kpis = useLoad(() => hazardKpis(period.from, period.to), [period.from, period.to, version], { skip: !valid });
  const trend = useLoad(() => hazardKpiTrend(unit, valid ? period.to : today, 12), [unit, period.to, version]);
  const k = kpis.data;
  const num = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });

  const tile = (id: string, label: string, value: string, extra?: ReactNode) => (
    <div className={`kpi-tile${id === "overdue" && k && k.overdue_open > 0 ? " kpi-tile--bad" : ""}`} data-testid={`kpi-${id}`}>
      <div className="kpi-tile__label">{label}</div>
      <div className="kpi-tile__value">{value}</div>
      {extra}
    </div>
  );

  return (
    <div className="hazard-kpis">
      <div className="panel filter-panel">
        <label>
          {t("hazards.kpi.from")}{" "}
          <DateInput data-testid="kpi-from" value={period.from} onChange={(v) => setPeriod({ ...period, from: v })} />
        </label>
        <label>
          {t("hazards.kpi.to")}{" "}
          <DateInput data-testid="kpi-to" value={period.to} onChange={(v) => setPeriod({ ...period, to: v })} />
        </label>
        <button type="button" className="btn" onClick={() => setPeriod(defaultPeriod(today))}>
          {t("hazards.kpi.thisMonth")}
        </button>
        <button type="button" className="btn" onClick={() => setPeriod(previousMonth(today))}>
          {t("hazards.kpi.lastMonth")}
        </button>
        <button type="button" className="btn" onClick={() => setPeriod(yearToDate(today))}>
          {t("hazards.kpi.ytd")}
        </button>
        {!valid ? <span className="field__error">{t("hazards.errors.period")}</span> : null}
        <ExportButton what={valid ? { kind: "kpi", from: period.from, to: period.to } : null} testId="hazard-kpi-export" />
      </div>
      <FormError message={kpis.error} />
      {k ? (
        <>
          <div className="kpi-tiles">
            {tile("found", t("hazards.kpi.found"), String(k.found))}
            {tile("closed", t("hazards.kpi.closed"), String(k.closed))}
            {tile("open", t("hazards.kpi.open"), String(k.open))}
            {tile("overdue", t("hazards.kpi.overdue"), String(k.overdue_open))}
            {tile("major", t("hazards.kpi.major"), String(k.major_open))}
            {tile(
              "on-time",
              t("hazards.kpi.onTime"),
              k.on_time_rate_pct === null ? "—" : `${k.on_time_rate_pct} %`,
              <div className="kpi-definition small muted" data-testid="kpi-on-time-definition">
                <div>{t("hazards.kpi.onTimeOf", { num: k.closed_on_time, den: k.due })}</div>
                <div>{t("hazards.kpi.onTimeExplained")}</div>
                <div className="mono">{k.on_time_definition}</div>
              </div>,
            )}
            {tile("mean-days", t("hazards.kpi.meanDays"), k.mean_days_to_close === null ? "—" : num.format(k.mean_days_to_close))}
          </div>
          <div className="kpi-tables">
            <CountTable
              testId="kpi-by-area"
              title={t("hazards.kpi.byArea")}
              head={t("hazards.fields.area")}
              rows={Object.entries(k.found_by_area)}
              empty={t("hazards.kpi.none")}
            />
            <CountTable
              testId="kpi-by-grade"
              title={t("hazards.kpi.byGrade")}
              head={t("hazards.fields.grade")}
              rows={Object.entries(k.found_by_grade).map(([g, n]) => [g === "0" ? t("hazards.lec.none") : t("hazards.lec.grade", { grade: g }), n])}
              empty={t("hazards.kpi.none")}
            />
          </div>
        </>
      ) : null}
      <div className="panel">
        <div className="page__head">
          <h2>{t("hazards.kpi.trend")}</h2>
          <select data-testid="kpi-trend-unit" value={unit} onChange={(e) => setUnit(e.target.value as TrendUnit)}>
            <option value="week">{t("hazards.kpi.unit.week")}</option>
            <option value="month">{t("hazards.kpi.unit.month")}</option>
          </select>
        </div>
        <FormError message={trend.error} />
        {trend.data && trend.data.length > 0 ? (
          <ErrorBoundary fallback={(m) => <FormError message={t("errors.unexpected", { message: m })} />}>
            <Suspense fallback={<p className="muted">{t("table.loading")}</p>}>
              <TrendCharts trend={trend.data} unit={unit} />
            </Suspense>
          </ErrorBoundary>
        ) : null}
      </div>
    </div>
  );
}

function CountTable({ testId, title, head, rows, empty }: { testId: string; title: string; head: string; rows: [string, number][]; empty: string }) {
  const { t } = useTranslation();
  return (
    <div className="panel">
      <h2>{title}</h2>
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th>{head}</th>
            <th className="num">{t("hazards.kpi.found")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={2} className="muted">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map(([name, n]) => (
              <tr key={name}>
                <td>{name}</td>
                <td className="num">{n}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

