// KPI 附录 (the ESG report's environmental KPI appendix) of a year, as the core computes it:
// per indicator the unit, the disclosure, the group total, one column per business segment and
// the two prior years — every figure exactly the text the core rounded once (never re-formatted
// here), its source as the tooltip; a ±n marker where the rounded segment columns do not add up
// to the rounded total (red beyond rounding); the intensities with their denominators; the
// coverage; the notes in the UI language. A figure of the year opens the drill-down: the plant-
// week month parts it adds up. Exports: xlsx and PDF in the UI language, saved to the export folder.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  APPENDIX_VIEWS,
  hqAppendix,
  hqAppendixExport,
  hqDrill,
  type AppendixFigure,
  type AppendixRow,
  type DrillRow,
  type View,
} from "../../ipc/api";
import { useExportPair } from "./ExportPair";
import { YearNotes } from "./YearNotes";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { labelIn, parseYear, segmentName, shaPrefix } from "./format";
import { YearInput } from "./YearInput";

type NumberedRow = DrillRow & { n: number };
type Drill = { key: string; label: string; segment: string | null; segmentLabel: string };

export function AppendixTab({ year, onYear }: { year: string; onYear: (y: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const y = parseYear(year);
  const [view, setView] = useState<View>("all");
  const [drill, setDrill] = useState<Drill | null>(null);
  const describe = (e: unknown) => placeError(e, t, []).form;
  const load = useLoad(() => hqAppendix(y ?? 0, view), [y, view], { skip: y === null, describe });
  const ap = load.data;
  const exports = useExportPair("hq-appendix", y === null ? null : (lang, format) => hqAppendixExport(y, view, lang, format));

  const figure = (row: AppendixRow, f: AppendixFigure, segment: string | null, segmentLabel: string, testId: string) => {
    const title = f.source ? t("hq.appendix.source", { source: sourceText(f.source) }) : undefined;
    if (f.exact === null) {
      return (
        <span className="muted" data-testid={testId} title={title}>
          {f.text}
        </span>
      );
    }
    return (
      <button
        type="button"
        className="btn--link hq-fig"
        data-testid={testId}
        title={title}
        onClick={() => setDrill({ key: row.key, label: labelIn(row, lang), segment, segmentLabel })}
      >
        {f.text}
      </button>
    );
  };
  const sourceText = (s: string) => (s === "packets" ? t("hq.appendix.fromPackets") : s);

  // The prior years' columns, as the appendix shown says (it may be a stale one while loading).
  const prior = ap ? [ap.year - 1, ap.year - 2] : [];
  return (
    <section className="page hq-appendix">
      <div className="page__head">
        <h1>{t("hq.appendix.title")}</h1>
        <span className="muted">{t("hq.appendix.basis")}</span>
      </div>
      <div className="panel filters">
        <YearInput testId="hq-appendix-year" value={year} onChange={onYear} />
        <label>
          {t("hq.appendix.view")}
          <select data-testid="hq-appendix-view" value={view} onChange={(e) => setView(e.target.value as View)}>
            {APPENDIX_VIEWS.map((v) => (
              <option key={v} value={v}>
                {t(`hq.appendix.views.${v}`)}
              </option>
            ))}
          </select>
        </label>
        {exports.buttons}
      </div>
      {exports.status}
      <FormError message={load.error} testId="hq-appendix-error" />
      {y === null ? <p className="form-error">{t("hq.yearInvalid")}</p> : null}
      {!ap ? (
        load.loading ? <p className="muted">{t("table.loading")}</p> : null
      ) : (
        <div className={load.loading ? "is-stale" : undefined} data-testid="hq-appendix" data-year={ap.year} data-view={ap.view}>
          <section className="panel">
            <h2>{t("hq.appendix.tableTitle", { group: ap.group, year: ap.year })}</h2>
            <div className="table-wrap">
              <table className="table hq-appendix__table" data-testid="hq-appendix-table">
                <thead>
                  <tr>
                    <th>{t("hq.appendix.col.indicator")}</th>
                    <th>{t("hq.appendix.col.unit")}</th>
                    <th>{t("hq.appendix.col.disclosure")}</th>
                    <th className="num">{t("hq.appendix.col.group", { year: ap.year })}</th>
                    {ap.segments.map((s) => (
                      <th key={s.code} className="num" title={s.code}>
                        {segmentName(s, lang)}
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
                  {ap.rows.length === 0 ? (
                    <tr className="table__placeholder">
                      <td colSpan={6 + ap.segments.length} data-testid="hq-appendix-empty">
                        {t("hq.appendix.empty")}
                      </td>
                    </tr>
                  ) : null}
                  {ap.rows.map((r) => (
                    <tr key={r.key} data-testid={`hq-appendix-row-${r.key}`}>
                      <td>
                        {labelIn(r, lang)}
                        {r.reconciliation ? (
                          <span
                            className={`hq-recon${r.reconciliation.within_tolerance ? "" : " hq-recon--bad"}`}
                            data-testid={`hq-recon-${r.key}`}
                            data-within={r.reconciliation.within_tolerance}
                            title={t(r.reconciliation.within_tolerance ? "hq.appendix.reconOk" : "hq.appendix.reconBad", {
                              sum: r.reconciliation.segments_sum,
                              total: r.reconciliation.total,
                              n: Math.abs(r.reconciliation.difference_units),
                            })}
                          >
                            ±{Math.abs(r.reconciliation.difference_units)}
                          </span>
                        ) : null}
                      </td>
                      <td>{r.unit}</td>
                      <td className="sync__disclosure">{r.disclosure}</td>
                      <td className="num mono hq-appendix__group">
                        {figure(r, r.group, null, t("hq.appendix.groupTotal"), `hq-fig-${r.key}-group`)}
                      </td>
                      {r.segments.map((f, i) => {
                        const s = ap.segments[i];
                        return (
                          <td key={s?.code ?? i} className="num mono">
                            {s ? figure(r, f, s.code, segmentName(s, lang), `hq-fig-${r.key}-${s.code}`) : f.text}
                          </td>
                        );
                      })}
                      {r.prior.map((f, i) => (
                        <td key={i} className="num mono muted">
                          <span
                            data-testid={`hq-fig-${r.key}-prior-${i + 1}`}
                            title={f.source ? t("hq.appendix.source", { source: sourceText(f.source) }) : undefined}
                          >
                            {f.text}
                          </span>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {ap.intensities.length > 0 ? (
            <section className="panel">
              <h2>{t("hq.appendix.intensities")}</h2>
              <div className="table-wrap">
                <table className="table" data-testid="hq-intensities">
                  <thead>
                    <tr>
                      <th>{t("hq.appendix.col.indicator")}</th>
                      <th>{t("hq.appendix.col.unit")}</th>
                      <th>{t("hq.appendix.col.disclosure")}</th>
                      {[ap.year, ...prior].map((p) => (
                        <th key={p} className="num">
                          {p}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {ap.intensities.map((r) => (
                      <tr key={r.key} data-testid={`hq-intensity-${r.key}`}>
                        <td>{labelIn(r, lang)}</td>
                        <td>{r.unit}</td>
                        <td className="sync__disclosure">{r.disclosure}</td>
                        {r.values.map((v, i) => (
                          <td key={i} className="num">
                            <div className="mono">{v}</div>
                            <div className="muted hq-denominator">{r.denominators[i] ?? ""}</div>
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
          <YearNotes prefix="hq-appendix" coverage={ap.coverage} notesZh={ap.notes_zh} notesEn={ap.notes_en} />
        </div>
      )}
      {drill && y !== null ? <DrillDialog year={y} drill={drill} onClose={() => setDrill(null)} /> : null}
    </section>
  );
}

function DrillDialog({ year, drill, onClose }: { year: number; drill: Drill; onClose: () => void }) {
  const { t } = useTranslation();
  const load = useLoad(() => hqDrill(year, drill.key, drill.segment), [year, drill.key, drill.segment], {
    describe: (e) => placeError(e, t, []).form,
  });
  // Rows of a derived GRI total can repeat a plant-week-month (one per indicator summed).
  const rows = useMemo<NumberedRow[] | null>(() => load.data?.map((r, n) => ({ ...r, n })) ?? null, [load.data]);
  const columns: DataColumn<NumberedRow>[] = [
    valueColumn("plant", t("hq.drill.plant"), (r) => r.plant_code),
    valueColumn("segment", t("hq.segment"), (r) => r.segment_code),
    valueColumn("week", t("hq.drill.week"), (r) => r.week),
    valueColumn("month", t("hq.drill.month"), (r) => r.month),
    valueColumn("revision", t("hq.drill.revision"), (r) => `r${r.revision}`),
    {
      id: "accepted",
      header: t("hq.drill.accepted"),
      sortValue: (r) => (r.accepted ? 1 : 0),
      cell: (r) =>
        r.accepted ? (
          <span className="badge badge--ok">{t("hq.drill.yes")}</span>
        ) : (
          <span className="badge badge--none">{t("hq.drill.no")}</span>
        ),
    },
    { id: "value", header: t("hq.drill.value"), numeric: true, className: "mono", sortValue: (r) => r.value, cell: (r) => r.text },
    {
      id: "sha",
      header: t("hq.week.col.sha"),
      className: "mono",
      cell: (r) => <span title={r.body_sha256}>{shaPrefix(r.body_sha256)}</span>,
    },
  ];
  return (
    <Modal title={t("hq.drill.title", { label: drill.label, segment: drill.segmentLabel, year })} onClose={onClose} testId="hq-drill" wide>
      <p className="muted">{t("hq.drill.explain")}</p>
      <DataTable
        columns={columns}
        data={rows}
        rowKey={(r) => String(r.n)}
        idPrefix="hq-drill"
        rowTestId="hq-drill-row"
        className="import__table"
        loading={load.loading}
        error={load.error}
        summary={load.data ? t("hq.drill.count", { n: load.data.length }) : undefined}
        empty={t("hq.drill.empty")}
      />
    </Modal>
  );
}
