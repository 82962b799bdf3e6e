// 总览 (dashboard) of a year: per indicator the year-to-date running total by month against the
// year before (the group, or one segment), the year to date against the same months of the year
// before with the change in percent, the grid's counts, and the plants with missing weeks. The
// core sends exact integers (grams for masses); this screen words them as tonnes by integer
// arithmetic. Only the chart draws with floats.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { hqDashboard, hqSegments, type GridCounts, type IndicatorSeries, type MissingPlant } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { TimeSeriesChart } from "../../components/TimeSeriesChart";
import {
  cumulative,
  exactText,
  forDrawing,
  labelIn,
  monthStarts,
  parseYear,
  percentChange,
  segmentName,
  seriesOf,
  shownUnit,
} from "./format";
import { YearInput } from "./YearInput";
import { formatDate } from "../../lib/dates";

const COUNT_KEYS: readonly (keyof GridCounts)[] = [
  "expected",
  "received",
  "due",
  "missing",
  "late",
  "restated",
  "returned",
  "accepted",
  "anchor_broken",
];

export function DashboardTab({ year, onYear }: { year: string; onYear: (y: string) => void }) {
  const { t, i18n } = useTranslation();
  const y = parseYear(year);
  const [segment, setSegment] = useState("");
  const describe = (e: unknown) => placeError(e, t, []).form;
  const load = useLoad(() => hqDashboard(y ?? 0), [y], { skip: y === null, describe });
  const segments = useLoad(hqSegments, [], { describe });
  const d = load.data;
  const segLabel = (code: string) => {
    const s = segments.data?.find((x) => x.code === code);
    return s ? segmentName(s, i18n.language) : code;
  };

  const missingColumns: DataColumn<MissingPlant>[] = [
    valueColumn("code", t("hq.grid.plant"), (r) => r.plant_code),
    { id: "name", header: t("hq.grid.name"), sortValue: (r) => r.plant_name, cell: (r) => r.plant_name },
    valueColumn("segment", t("hq.segment"), (r) => r.segment_code),
    {
      id: "count",
      header: t("hq.dashboard.missingCount"),
      numeric: true,
      sortValue: (r) => r.missing_weeks.length,
      sortDescFirst: true,
      cell: (r) => r.missing_weeks.length,
    },
    { id: "weeks", header: t("hq.dashboard.missingWeeks"), className: "mono hq-wrap", cell: (r) => r.missing_weeks.join(", ") },
  ];

  return (
    <section className="page hq-dashboard">
      <div className="page__head">
        <h1>{t("hq.dashboard.title")}</h1>
        <span className="muted">{d ? t("hq.dashboard.basis", { year: d.year, month: d.through_month }) : null}</span>
      </div>
      <div className="panel filters">
        <YearInput testId="hq-dashboard-year" value={year} onChange={onYear} />
        <label>
          {t("hq.dashboard.showFor")}
          <select data-testid="hq-dashboard-segment" value={segment} onChange={(e) => setSegment(e.target.value)}>
            <option value="">{t("hq.appendix.groupTotal")}</option>
            {(segments.data ?? []).map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} · {segmentName(s, i18n.language)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormError message={load.error ?? segments.error} testId="hq-dashboard-error" />
      {y === null ? <p className="form-error">{t("hq.yearInvalid")}</p> : null}
      {!d ? (
        load.loading ? <p className="muted">{t("table.loading")}</p> : null
      ) : (
        <div className={load.loading ? "is-stale" : undefined}>
          <div className="hq-counts" data-testid="hq-dashboard-counts">
            {COUNT_KEYS.map((k) => (
              <span key={k} className={`hq-counts__item hq-counts__item--${k}`} data-count={k} data-value={d.counts[k]}>
                {t(`hq.counts.${k}`)} <strong>{d.counts[k]}</strong>{" "}
              </span>
            ))}
          </div>
          {d.indicators.length === 0 ? (
            <p className="muted panel" data-testid="hq-dashboard-empty">
              {t("hq.dashboard.empty")}
            </p>
          ) : null}
          <div className="hq-dashboard__charts">
            {d.indicators.map((ind) => (
              <IndicatorPanel
                key={ind.key}
                ind={ind}
                year={d.year}
                through={d.through_month}
                segment={segment || null}
                segmentLabel={segment ? segLabel(segment) : t("hq.appendix.groupTotal")}
              />
            ))}
          </div>
          <section className="panel">
            <h2>{t("hq.dashboard.missingTitle")}</h2>
            <DataTable
              columns={missingColumns}
              data={d.missing}
              rowKey={(r) => r.plant_code}
              idPrefix="hq-missing"
              rowTestId="hq-missing-row"
              initialSort={{ id: "count", desc: true }}
              empty={t("hq.dashboard.noMissing")}
            />
          </section>
        </div>
      )}
    </section>
  );
}

type PanelProps = { ind: IndicatorSeries; year: number; through: number; segment: string | null; segmentLabel: string };

function IndicatorPanel({ ind, year, through, segment, segmentLabel }: PanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const s = seriesOf(ind.series, segment);
  const label = labelIn(ind, lang);
  const unit = shownUnit(ind.unit);
  const input = useMemo(
    () =>
      s
        ? {
            x: monthStarts(year),
            series: [
              {
                label: t("hq.dashboard.thisYear", { year }),
                values: forDrawing(ind.unit, cumulative(s.this_year, through)),
                emphasis: true,
              },
              {
                label: t("hq.dashboard.priorYear", { year: year - 1 }),
                values: forDrawing(ind.unit, cumulative(s.prior_year)),
                color: "#8c96a3",
              },
            ],
          }
        : null,
    // Rebuilt when the data or the language changes (the labels are translated).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [s, year, through, ind.unit, lang],
  );
  const change = s ? percentChange(s.ytd, s.prior_ytd) : null;
  return (
    <section className="panel hq-dash" data-testid={`hq-dash-${ind.key}`}>
      <div className="panel__head">
        <h2>
          {label} · {segmentLabel}
        </h2>
      </div>
      {s && input ? (
        <>
          <p className="hq-dash__ytd" data-testid={`hq-dash-ytd-${ind.key}`}>
            {t("hq.dashboard.ytd", { month: through, value: exactText(ind.unit, s.ytd), unit })}{" "}
            <span className="muted">{t("hq.dashboard.priorYtd", { value: exactText(ind.unit, s.prior_ytd), unit })}</span>{" "}
            <strong className="hq-dash__change" data-testid={`hq-dash-change-${ind.key}`}>
              {change ?? t("hq.dashboard.noBase")}
            </strong>
          </p>
          <TimeSeriesChart
            input={input}
            testId={`hq-dash-chart-${ind.key}`}
            height={220}
            yLabel={unit}
            xLabel={t("hq.dashboard.month")}
            formatX={(x) => formatDate.month(new Date(x * 1000))}
            formatY={(v) => `${v.toLocaleString(lang, { maximumFractionDigits: 3 })} ${unit}`}
            summary={t("hq.dashboard.chartSummary", { label, segment: segmentLabel, year })}
          />
        </>
      ) : (
        <p className="muted" data-testid={`hq-dash-none-${ind.key}`}>
          {t("hq.dashboard.noSeries")}
        </p>
      )}
    </section>
  );
}
