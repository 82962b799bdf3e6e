// 安全 (the group safety view) of a year, as the core computes it: per hazard figure the group
// total, one column per business segment and the two prior years — found, closed, due, closed on
// time, the on-time rate 按期整改完成率 (a ratio of sums, with the counts it divides and its written
// definition beside it), the stocks (overdue-open, major-open: each plant's latest value added
// over plants) and the new hazards by grade. A chart of found and the rate per segment; each
// plant's figures behind the columns (filterable by segment); the notes and the coverage in the
// UI language. Exports: xlsx and PDF in the UI language, saved to the export folder. Every figure
// is the core's text, never re-formatted here.
import { Fragment, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  hqSafety,
  hqSafetyExport,
  type AppendixFigure,
  type RateFigure,
  type SafetyPlant,
} from "../../ipc/api";
import { useExportPair } from "./ExportPair";
import { YearNotes } from "./YearNotes";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { labelIn, parseYear, segmentName } from "./format";
import { YearInput } from "./YearInput";
import { SafetyChart, safetyChartModel } from "./SafetyChart";

/** The plant table's figure columns: registry key and the i18n key of its short header. */
const PLANT_KEYS: readonly [string, string][] = [
  ["hazards_found", "found"],
  ["hazards_closed", "closed"],
  ["hazards_due", "due"],
  ["hazards_closed_on_time", "onTime"],
  ["hazards_overdue_open", "overdue"],
  ["hazards_major_open", "major"],
  ["hazards_new_red", "red"],
  ["hazards_new_orange", "orange"],
  ["hazards_new_yellow", "yellow"],
  ["hazards_new_blue", "blue"],
];

export function SafetyTab({ year, onYear }: { year: string; onYear: (y: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const y = parseYear(year);
  const describe = (e: unknown) => placeError(e, t, []).form;
  const load = useLoad(() => hqSafety(y ?? 0), [y], { skip: y === null, describe });
  const sv = load.data;
  const [segment, setSegment] = useState("");
  const exports = useExportPair("hq-safety", y === null ? null : (lang, format) => hqSafetyExport(y, lang, format));

  const sourceText = (s: string) => (s === "packets" ? t("hq.appendix.fromPackets") : s.replace(/^history(: )?/, ""));
  const title = (source: string) => (source ? t("hq.appendix.source", { source: sourceText(source) }) : undefined);
  const count = (f: AppendixFigure, testId: string, muted = false) => (
    <span className={f.exact === null || muted ? "muted" : undefined} data-testid={testId} title={title(f.source)}>
      {f.text}
    </span>
  );
  const rate = (r: RateFigure, testId: string) => (
    <>
      <div className="mono" data-testid={testId} title={title(r.source)}>
        {r.text === "—" ? "—" : `${r.text} %`}
      </div>
      {r.due !== null ? (
        <div className="muted hq-denominator" data-testid={`${testId}-of`}>
          {t("hq.safety.rateOf", { num: r.closed_on_time ?? "—", den: r.due })}
        </div>
      ) : null}
    </>
  );

  const chart = useMemo(() => (sv ? safetyChartModel(sv, lang, t("hq.appendix.groupTotal")) : null), [sv, lang, t]);
  const plants = useMemo(
    () => (sv ? sv.plants.filter((p) => !segment || p.segment_code === segment) : null),
    [sv, segment],
  );
  const plantColumns: DataColumn<SafetyPlant>[] = [
    valueColumn("code", t("hq.grid.plant"), (r) => r.plant_code),
    { id: "name", header: t("hq.grid.name"), sortValue: (r) => r.plant_name, cell: (r) => r.plant_name },
    valueColumn("segment", t("hq.segment"), (r) => r.segment_code),
    ...PLANT_KEYS.slice(0, 4).map(([key, label]) => figureColumn(key, t(`hq.safety.short.${label}`))),
    {
      id: "rate",
      header: t("hq.safety.short.rate"),
      numeric: true,
      className: "mono",
      sortValue: (r: SafetyPlant) => (r.rate.text === "—" ? null : Number(r.rate.text)),
      cell: (r: SafetyPlant) => r.rate.text,
    },
    ...PLANT_KEYS.slice(4).map(([key, label]) => figureColumn(key, t(`hq.safety.short.${label}`))),
    valueColumn("asOf", t("hq.safety.short.asOf"), (r) => r.as_of ?? "—"),
  ];

  const prior = sv ? [sv.year - 1, sv.year - 2] : [];
  const definition = sv ? (lang.startsWith("zh") ? sv.rate.definition_zh : sv.rate.definition_en) : "";
  return (
    <section className="page hq-safety">
      <div className="page__head">
        <h1>{t("hq.safety.title")}</h1>
        <span className="muted">{t("hq.safety.basis")}</span>
      </div>
      <div className="panel filters">
        <YearInput testId="hq-safety-year" value={year} onChange={onYear} />
        {exports.buttons}
      </div>
      {exports.status}
      <FormError message={load.error} testId="hq-safety-error" />
      {y === null ? <p className="form-error">{t("hq.yearInvalid")}</p> : null}
      {!sv ? (
        load.loading ? <p className="muted">{t("table.loading")}</p> : null
      ) : (
        <div className={load.loading ? "is-stale" : undefined} data-testid="hq-safety" data-year={sv.year}>
          <section className="panel">
            <h2>{t("hq.safety.tableTitle", { group: sv.group, year: sv.year })}</h2>
            <p className="muted" data-testid="hq-safety-reporting">
              {t("hq.safety.reporting", { reporting: sv.reporting.reporting, plants: sv.reporting.plants })}
            </p>
            <div className="table-wrap">
              <table className="table hq-appendix__table" data-testid="hq-safety-table">
                <thead>
                  <tr>
                    <th>{t("hq.appendix.col.indicator")}</th>
                    <th>{t("hq.safety.col.aggregation")}</th>
                    <th className="num">{t("hq.appendix.col.group", { year: sv.year })}</th>
                    {sv.segments.map((s, i) => (
                      <th key={s.code} className="num" title={s.code}>
                        {segmentName(s, lang)}
                        <div className="muted hq-denominator" data-testid={`hq-safety-reporting-${s.code}`}>
                          {t("hq.safety.segReporting", {
                            reporting: sv.reporting_segments[i]?.reporting ?? 0,
                            plants: sv.reporting_segments[i]?.plants ?? 0,
                          })}
                        </div>
                      </th>
                    ))}
                    {prior.map((p) => (
                      <th key={p} className="num">
                        {p}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {sv.rows.map((r) => (
                    <Fragment key={r.key}>
                      <tr data-testid={`hq-safety-row-${r.key}`}>
                        <td>{labelIn(r, lang)}</td>
                        <td className="muted">{t(`hq.safety.agg.${r.aggregation === "last" ? "last" : "sum"}`)}</td>
                        <td className="num mono hq-appendix__group">{count(r.group, `hq-safety-${r.key}-group`)}</td>
                        {r.segments.map((f, i) => {
                          const s = sv.segments[i];
                          return (
                            <td key={s?.code ?? i} className="num mono">
                              {count(f, `hq-safety-${r.key}-${s?.code ?? i}`)}
                            </td>
                          );
                        })}
                        {r.prior.map((f, i) => (
                          <td key={i} className="num mono">
                            {count(f, `hq-safety-${r.key}-prior-${i + 1}`, true)}
                          </td>
                        ))}
                      </tr>
                      {r.key === "hazards_closed_on_time" ? (
                        <tr className="hq-safety__rate" data-testid="hq-safety-row-rate">
                          <td>
                            <strong>{labelIn(sv.rate, lang)} (%)</strong>
                            <div className="kpi-definition muted" data-testid="hq-safety-definition">
                              <div>{definition}</div>
                              <div className="mono">{sv.rate.formula}</div>
                            </div>
                          </td>
                          <td className="muted">{t("hq.safety.agg.ratio")}</td>
                          <td className="num hq-appendix__group">{rate(sv.rate.group, "hq-safety-rate-group")}</td>
                          {sv.rate.segments.map((f, i) => {
                            const s = sv.segments[i];
                            return (
                              <td key={s?.code ?? i} className="num">
                                {rate(f, `hq-safety-rate-${s?.code ?? i}`)}
                              </td>
                            );
                          })}
                          {sv.rate.prior.map((f, i) => (
                            <td key={i} className="num muted">
                              {rate(f, `hq-safety-rate-prior-${i + 1}`)}
                            </td>
                          ))}
                        </tr>
                      ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {chart ? (
            <section className="panel">
              <h2>{t("hq.safety.chartTitle", { year: sv.year })}</h2>
              <SafetyChart model={chart} testId="hq-safety-chart" summary={t("hq.safety.chartSummary", { year: sv.year })} />
            </section>
          ) : null}
          <section className="panel">
            <div className="panel__head">
              <h2>{t("hq.safety.plantsTitle")}</h2>
              <label>
                {t("hq.segment")}{" "}
                <select data-testid="hq-safety-segment" value={segment} onChange={(e) => setSegment(e.target.value)}>
                  <option value="">{t("hq.safety.allSegments")}</option>
                  {sv.segments.map((s) => (
                    <option key={s.code} value={s.code}>
                      {s.code} · {segmentName(s, lang)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <DataTable
              columns={plantColumns}
              data={plants}
              rowKey={(r) => r.plant_code}
              idPrefix="hq-safety-plants"
              rowTestId="hq-safety-plant"
              className="import__table"
              summary={plants ? t("hq.drill.count", { n: plants.length }) : undefined}
              empty={t("hq.safety.plantsEmpty")}
            />
          </section>
          <YearNotes prefix="hq-safety" coverage={sv.coverage} notesZh={sv.notes_zh} notesEn={sv.notes_en} />
        </div>
      )}
    </section>
  );
}

function figureColumn(key: string, header: string): DataColumn<SafetyPlant> {
  return {
    id: key,
    header,
    numeric: true,
    className: "mono",
    sortValue: (r) => r.figures[key] ?? null,
    cell: (r) => (r.figures[key] === undefined ? "—" : String(r.figures[key])),
  };
}
