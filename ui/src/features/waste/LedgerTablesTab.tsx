// 记录表: the official ledger tables — HJ 1259-2022 B.1 产生, B.2 入库, B.3 出库, B.4 自行利用/处置,
// B.5 委外利用/处置, the period summary and the general solid-waste ledger — for any period and,
// optionally, one waste code, exactly as the exports print them (the core builds the rows; the
// columns keep the official Chinese headings in both languages). Clicking a code narrows the table
// to it. The screen shows the first 2,000 rows (scrolled virtually); the footer's totals and the
// exports cover every row.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  exportLedgerTable,
  ledgerView,
  type LedgerFormat,
  type LedgerTable as TableKey,
  type TableView,
} from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { DATE_RE, defaultPeriod, localDateTimeIn, previousMonth, yearToDate, type Period } from "../../lib/time";
import { FormError } from "../../components/Field";
import { DataTable, type DataColumn } from "../../components/DataTable";
import { useExport } from "./useExport";
import { JobStatus } from "../../components/JobStatus";
import { DateInput } from "../../components/DateInput";

export const TABLES: readonly TableKey[] = ["b1", "b2", "b3", "b4", "b5", "summary", "solid"];
const FIELDS = ["from", "to", "table", "code"] as const;
/** The heading of the code column in every table the core builds. */
const CODE_HEADING = "代码";

/** A row of the core's table with its place in it (rows have no id of their own). */
type ViewRow = { n: number; cells: string[] };

export function LedgerTablesTab({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  const today = localDateTimeIn(timezone).slice(0, 10);
  const [table, setTable] = useState<TableKey>("b1");
  const [period, setPeriod] = useState<Period>(() => defaultPeriod(today));
  const [codeText, setCodeText] = useState("");
  const [code, setCode] = useState("");
  const exp = useExport();

  const periodError =
    !DATE_RE.test(period.from) ? "from" : !DATE_RE.test(period.to) ? "to" : period.to < period.from ? "order" : null;

  const loaded = useLoad(() => ledgerView(table, period.from, period.to, code || null), [table, period.from, period.to, code], {
    skip: periodError !== null,
    describe: () => null, // placed under the field the core names, below
  });
  const view: TableView | null = loaded.data;
  const loading = loaded.loading;
  const placed = loaded.failure !== null ? placeErrorIn("tables", loaded.failure, t, FIELDS) : null;
  const errors: FieldErrors = placed?.fields ?? {};
  const formError = placed?.form ?? null;

  const shownErrors: FieldErrors = {
    ...errors,
    ...(periodError === "from" ? { from: t("tables.dateRequired") } : {}),
    ...(periodError === "to" ? { to: t("tables.dateRequired") } : {}),
    ...(periodError === "order" ? { to: t("tables.toBeforeFrom") } : {}),
  };

  const applyCode = (c: string) => {
    setCodeText(c);
    setCode(c.trim());
  };

  const runExport = (format: LedgerFormat) => {
    if (periodError) return;
    void exp.run((onProgress) => exportLedgerTable(table, period.from, period.to, code || null, format, onProgress));
  };

  const rows = useMemo<ViewRow[] | null>(() => view?.rows.map((cells, n) => ({ n, cells })) ?? null, [view]);
  const columns: DataColumn<ViewRow>[] = (view?.columns ?? []).map((c, i) => ({
    id: `${i}:${c.header}`,
    header: c.header,
    numeric: c.numeric,
    className: c.numeric ? "mono" : undefined,
    sortValue: (r) => {
      const v = r.cells[i];
      return c.numeric && v ? Number(v.replace(/,/g, "")) : v;
    },
    cell: (r) => {
      const cell = r.cells[i] ?? "";
      return c.header === CODE_HEADING && cell && cell !== view?.code ? (
        <button
          type="button"
          className="btn btn--link mono"
          title={t("tables.onlyThisCode", { code: cell })}
          data-testid="tables-code-cell"
          onClick={() => applyCode(cell)}
        >
          {cell}
        </button>
      ) : (
        cell
      );
    },
  }));

  return (
    <div className="ledger-tables">
      <div className="segmented" role="tablist" aria-label={t("tables.which")}>
        {TABLES.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={table === k}
            className={`segmented__item${table === k ? " segmented__item--active" : ""}`}
            data-testid={`tables-pick-${k}`}
            onClick={() => setTable(k)}
          >
            {t(`tables.name.${k}`)}
          </button>
        ))}
      </div>

      <div className="filters">
        <label>
          {t("tables.from")}
          <DateInput
            data-testid="tables-from"
            aria-invalid={shownErrors.from ? true : undefined}
            value={period.from}
            onChange={(v) => setPeriod((p) => ({ ...p, from: v }))}
          />
        </label>
        <label>
          {t("tables.to")}
          <DateInput
            data-testid="tables-to"
            aria-invalid={shownErrors.to ? true : undefined}
            value={period.to}
            onChange={(v) => setPeriod((p) => ({ ...p, to: v }))}
          />
        </label>
        <span className="presets">
          <button type="button" className="btn btn--link" data-testid="tables-this-month" onClick={() => setPeriod(defaultPeriod(today))}>
            {t("tables.thisMonth")}
          </button>
          <button type="button" className="btn btn--link" data-testid="tables-last-month" onClick={() => setPeriod(previousMonth(today))}>
            {t("tables.lastMonth")}
          </button>
          <button type="button" className="btn btn--link" data-testid="tables-ytd" onClick={() => setPeriod(yearToDate(today))}>
            {t("tables.yearToDate")}
          </button>
        </span>
        <form
          className="filters__code"
          onSubmit={(e) => {
            e.preventDefault();
            applyCode(codeText);
          }}
        >
          <label>
            {t("tables.code")}
            <input
              data-testid="tables-code"
              className="mono"
              placeholder={t("tables.allCodes")}
              aria-invalid={shownErrors.code ? true : undefined}
              value={codeText}
              onChange={(e) => setCodeText(e.target.value)}
              onBlur={() => applyCode(codeText)}
            />
          </label>
          {code ? (
            <button type="button" className="btn btn--link" data-testid="tables-code-clear" onClick={() => applyCode("")}>
              {t("tables.clearCode")}
            </button>
          ) : null}
        </form>
        <span className="filters__end">
          <button
            type="button"
            className="btn"
            data-testid="tables-export-xlsx"
            disabled={exp.busy || periodError !== null}
            onClick={() => runExport("xlsx")}
          >
            {t("export.xlsx")}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="tables-export-pdf"
            disabled={exp.busy || periodError !== null}
            onClick={() => runExport("pdf")}
          >
            {t("export.pdf")}
          </button>
        </span>
      </div>
      {Object.entries(shownErrors).map(([f, m]) => (
        <div key={f} className="field__error" role="alert" data-testid={`tables-error-${f}`}>
          {t(`tables.${f}`)}: {m}
        </div>
      ))}
      <JobStatus busy={exp.busy} progress={exp.progress} cancelled={exp.cancelled} onCancel={exp.cancel} testId="tables-export-job" />
      <FormError message={formError ?? exp.error} />
      {exp.path ? (
        <div className="toast" role="status" data-testid="tables-export-result">
          {t("export.savedTo", { path: exp.path })}
        </div>
      ) : null}

      {view ? (
        <div className="ledger-tables__doc" data-testid="tables-view" aria-busy={loading}>
          <div className="ledger-tables__title" data-testid="tables-title">
            {view.title}
          </div>
          <div className="ledger-tables__subtitle muted">{view.subtitle.join("　")}</div>
          <DataTable
            key={view.table}
            columns={columns}
            data={rows}
            rowKey={(r) => String(r.n)}
            idPrefix="tables"
            rowTestId="tables-row"
            loading={loading}
            empty={t("tables.empty")}
            footer={view.footer.map((line, i) => (
              <div key={i}>{line}</div>
            ))}
          />
          {view.rows.length < view.total_rows ? (
            <div className="muted" data-testid="tables-truncated">
              {t("tables.truncated", { shown: view.rows.length, total: view.total_rows })}
            </div>
          ) : null}
        </div>
      ) : loading ? (
        <div className="muted">{t("tables.loading")}</div>
      ) : null}
    </div>
  );
}
