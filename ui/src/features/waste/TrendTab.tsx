// 产生趋势: hazardous waste generated per ISO week (Monday–Sunday) and stream over the last 52
// weeks or one ISO year — a chart for seeing a stream run up or a week stand out; the running
// total against the management-category thresholds of HJ 1259-2022 §4.2 (10 t and 100 t a
// year), with the week each was reached marked; and the weeks table with the core's exact kg.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { weeklyGeneration, type TrendWeek } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { groupThousands } from "../../lib/quantity";
import { localDateTimeIn } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { TimeSeriesChart } from "../../components/TimeSeriesChart";
import { cumulativeChart, daySeconds, trendChoices, trendRange, weeklyChart, type TrendChoice } from "./trend";

type WeekRow = { i: number; week: TrendWeek };

export function TrendTab({ timezone }: { timezone: string }) {
  const { t, i18n } = useTranslation();
  const today = localDateTimeIn(timezone).slice(0, 10);
  const [choice, setChoice] = useState<TrendChoice>("last52");
  const { from, to } = trendRange(choice, today);
  const loaded = useLoad(() => weeklyGeneration(from, to), [from, to], {
    describe: (e) => placeError(e, t, []).form,
  });
  const w = loaded.data;
  const lang = i18n.language;

  // Rebuilt when the data or the language changes (the labels are translated).
  const charts = useMemo(
    () =>
      w
        ? {
            weekly: weeklyChart(w, { total: t("trend.total"), other: t("trend.other") }),
            cumulative: cumulativeChart(w, {
              cumulative: t("trend.cumulative"),
              threshold: (tonnes) => t(`trend.threshold.${tonnes}`),
              crossed: t("trend.crossed"),
            }),
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [w, lang],
  );
  const legendWeek = (x: number) => {
    const wk = weekAt.get(x);
    return wk ? `${wk.week}（${wk.monday}–${wk.sunday.slice(5)}）` : "—";
  };
  const weekAt = useMemo(() => new Map((w?.weeks ?? []).map((wk) => [daySeconds(wk.monday), wk])), [w]);
  const rows = useMemo<WeekRow[] | null>(() => w?.weeks.map((week, i) => ({ i, week })) ?? null, [w]);

  const columns: DataColumn<WeekRow>[] = [
    valueColumn("week", t("trend.col.week"), (r) => r.week.week),
    {
      id: "days",
      header: t("trend.col.days"),
      className: "mono",
      cell: (r) => (
        <>
          {r.week.monday} – {r.week.sunday}
          {r.week.days < 7 ? <span className="muted"> {t("trend.partial", { days: r.week.days })}</span> : null}
        </>
      ),
    },
    ...(w?.series ?? []).map<DataColumn<WeekRow>>((s, n) => ({
      id: `s${n}:${s.stream_id ?? s.code}`,
      header: s.name,
      label: s.name,
      numeric: true,
      className: "mono",
      sortValue: (r) => s.grams[r.i],
      sortDescFirst: true,
      cell: (r) => (s.grams[r.i] ? groupThousands(s.kg[r.i] ?? "") : <span className="muted">0</span>),
      footer: groupThousands(s.total_kg),
    })),
    {
      id: "total",
      header: t("trend.col.total"),
      numeric: true,
      className: "mono",
      sortValue: (r) => r.week.total_g,
      sortDescFirst: true,
      cell: (r) => groupThousands(r.week.total_kg),
      footer: w ? groupThousands(w.total_kg) : undefined,
    },
  ];

  return (
    <div className="trend">
      <section className="panel">
        <div className="panel__head">
          <h2>{t("trend.chartTitle")}</h2>
          <label className="filters">
            {t("trend.range")}
            <select data-testid="trend-range" value={choice} onChange={(e) => setChoice(e.target.value)}>
              {trendChoices(today).map((c) => (
                <option key={c} value={c}>
                  {c === "last52" ? t("trend.last52") : t("trend.isoYear", { year: c })}
                </option>
              ))}
            </select>
          </label>
        </div>
        <FormError message={loaded.error} testId="trend-error" />
        {w ? (
          <p className="trend__summary" data-testid="trend-total">
            {t("trend.summary", { from: w.from, to: w.to, weeks: w.weeks.length, kg: groupThousands(w.total_kg) })}
          </p>
        ) : null}
        {charts && w && w.series.length > 0 ? (
          <TimeSeriesChart
            input={charts.weekly}
            testId="trend-chart"
            yLabel={t("trend.yLabel")}
            xLabel={t("trend.col.week")}
            formatX={legendWeek}
            formatY={(v) => `${groupThousands(v.toFixed(3))} kg`}
            summary={t("trend.chartSummary", { from: w.from, to: w.to })}
          />
        ) : w ? (
          <p className="muted" data-testid="trend-empty">
            {t("trend.empty")}
          </p>
        ) : (
          <p className="muted">{t("table.loading")}</p>
        )}
      </section>
      {charts && w && w.series.length > 0 ? (
        <section className="panel">
          <h2>{t("trend.cumulativeTitle")}</h2>
          <TimeSeriesChart
            input={charts.cumulative}
            testId="trend-cumulative"
            height={220}
            yLabel={t("trend.yLabelT")}
            xLabel={t("trend.col.week")}
            formatX={legendWeek}
            formatY={(v) => `${v.toFixed(3)} t`}
            summary={t("trend.cumulativeSummary", { from: w.from, to: w.to })}
          />
          <p className="muted trend__note">{t("trend.thresholdNote")}</p>
        </section>
      ) : null}
      <section className="panel">
        <h2>{t("trend.weeksTitle")}</h2>
        <DataTable
          columns={columns}
          data={rows}
          rowKey={(r) => r.week.week}
          idPrefix="trend-weeks"
          className="trend__weeks"
          rowTestId="trend-week-row"
          initialSort={{ id: "week", desc: true }}
          loading={loaded.loading}
          empty={t("trend.empty")}
        />
      </section>
    </div>
  );
}
