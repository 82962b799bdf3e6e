// 管理报告 in the app: the same ManagementReport the PDF is drawn from (report::management) —
// the period's KPI tiles with the previous period, each area's section (tiles, 12-period trend
// charts on uPlot — masses or counts, a second series where the section gives one —, tables,
// notes) and the open alerts — in the UI language. Masses are exact kg from integer grams, as
// in the PDF.
import { useTranslation } from "react-i18next";
import { reportView, type ManagementReport, type ReportBlock, type ReportText, type ReportValue } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { gramsToKg, groupThousands } from "../../lib/quantity";
import { TimeSeriesChart } from "../../components/TimeSeriesChart";
import { FormError } from "../../components/Field";

type Props = { period: string };

/** The label in the UI language. */
function pick(text: ReportText, lang: string): string {
  return lang.startsWith("zh") ? text.zh : text.en;
}

/** A value as the PDF prints it: exact kg, counts, days, text. */
export function valueText(v: ReportValue, lang: string, days: (n: number) => string): string {
  switch (v.kind) {
    case "mass":
      return `${groupThousands(gramsToKg(v.grams))} kg`;
    case "count":
      return groupThousands(String(v.n));
    case "days":
      return days(v.days);
    case "volume":
      return `${groupThousands(gramsToKg(v.litres))} m³`;
    case "text":
      return v.text;
    case "label":
      return pick(v.label, lang);
    case "empty":
      return "—";
  }
}

/** UTC midnight of a `YYYY-MM-DD` day, in Unix seconds (the chart's x). */
function daySeconds(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

function Block({ block, report, lang }: { block: ReportBlock; report: ManagementReport; lang: string }) {
  const { t } = useTranslation();
  const days = (n: number) => t("sync.reportView.days", { n });
  switch (block.kind) {
    case "kpis":
      return (
        <div className="report__tiles">
          {block.tiles.map((k, i) => (
            <div className="report__tile" key={`${k.key ?? ""}-${i}`} data-testid="report-kpi" data-key={k.key ?? ""}>
              <div className="muted">{pick(k.label, lang)}</div>
              <div className="report__value" data-testid="report-kpi-value">
                {valueText(k.value, lang, days)}
              </div>
              {k.previous ? <div className="muted">{t("sync.reportView.previous", { value: valueText(k.previous, lang, days) })}</div> : null}
              {k.hint ? <div className="muted">{pick(k.hint, lang)}</div> : null}
            </div>
          ))}
        </div>
      );
    case "charts": {
      const x = report.trend.map((p) => daySeconds(p.from));
      const labels = new Map(report.trend.map((p) => [daySeconds(p.from), lang.startsWith("zh") ? p.label_zh : p.label_en]));
      return (
        <div className="report__charts">
          {block.charts.map((c, i) => {
            const title = pick(c.title, lang);
            // Masses as kg; counts (hazards) as they are.
            const mass = c.unit === "mass";
            const scale = (v: number) => (mass ? v / 1000 : v);
            const series = [{ label: c.overlay ? pick(c.overlay.main, lang) : title, values: c.values.map(scale) }];
            if (c.overlay) series.push({ label: pick(c.overlay.label, lang), values: c.overlay.values.map(scale) });
            return (
              <div key={i} className="report__chart" data-testid="report-chart" data-unit={c.unit}>
                <h4>{title}</h4>
                <TimeSeriesChart
                  input={{ x, series }}
                  height={200}
                  yLabel={mass ? "kg" : t("sync.reportView.count")}
                  xLabel={t("sync.week")}
                  formatX={(v) => labels.get(v) ?? ""}
                  formatY={(v) => (mass ? `${groupThousands(v.toFixed(3))} kg` : groupThousands(String(Math.round(v))))}
                  summary={t("sync.reportView.chartSummary", { title, n: x.length })}
                />
              </div>
            );
          })}
        </div>
      );
    }
    case "table":
      return (
        <div className="table-wrap">
          <h4>{pick(block.table.title, lang)}</h4>
          {block.table.rows.length === 0 ? (
            <p className="muted">{pick(block.table.empty, lang)}</p>
          ) : (
            <table className="table" data-testid="report-table">
              <thead>
                <tr>
                  {block.table.columns.map((c, i) => (
                    <th key={i}>{pick(c.label, lang)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {block.table.rows.map((r, i) => (
                  <tr key={i} data-testid="report-row">
                    {r.map((v, j) => (
                      <td key={j} className={v.kind === "mass" || v.kind === "count" || v.kind === "days" || v.kind === "volume" ? "num" : undefined}>
                        {valueText(v, lang, days)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {block.table.note ? <p className="muted">{pick(block.table.note, lang)}</p> : null}
        </div>
      );
    case "note":
      return <p className="muted">{pick(block.text, lang)}</p>;
  }
}

export function ReportView({ period }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const loaded = useLoad(() => reportView(period), [period], { describe: (e) => placeError(e, t, []).form });
  const r = loaded.data?.period === period ? loaded.data : null;
  return (
    <div className="report" data-testid="report-view" data-period={r?.period ?? ""}>
      <FormError message={loaded.error} testId="report-error" />
      {!r ? (
        <p className="muted">{t("sync.reportView.loading")}</p>
      ) : (
        <>
          <h3 data-testid="report-title">{t("sync.reportView.title", { plant: r.plant_name, period: r.period })}</h3>
          <p className="muted">
            {t("sync.reportView.range", { from: r.from, to: r.to, zone: r.timezone })} · {t("sync.reportView.records", { n: r.records })}
          </p>
          {r.provisional ? <p className="badge badge--warning">{t("sync.reportView.provisional", { through: r.through })}</p> : null}
          <p data-testid="report-alerts">{t("sync.reportView.alerts", { critical: r.alerts.critical, warning: r.alerts.warning, info: r.alerts.info })}</p>
          {r.sections.map((s) => (
            <section key={s.area} className="report__section" data-testid="report-section" data-area={s.area}>
              <h3>{pick(s.title, lang)}</h3>
              {s.blocks.map((b, i) => (
                <Block key={i} block={b} report={r} lang={lang} />
              ))}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
