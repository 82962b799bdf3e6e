// 年度与历史数据: the group's figures of each reporting year that are not plant figures — revenue
// in RMB million (exact decimal text), the currency it was reported in and, when converted, the
// original amount, FX rate and date (the core refuses a converted revenue without it), the full-
// time headcount and how it is defined (printed beside every intensity) — and the published
// figures of earlier years the appendix compares with, imported from an xlsx or csv sheet.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { hqHistory, hqImportHistory, hqSetYear, hqYears, type HistoryFigure, type YearFacts } from "../../ipc/api";
import { placeError, placeErrorIn, type FieldErrors } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { groupThousands } from "../../lib/quantity";
import { a11yFor, Field, FormError } from "../../components/Field";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { exactText, isGramsKey, parseYear } from "./format";

const FIELDS = ["year", "revenue_rmb_million", "revenue_currency", "revenue_note", "headcount_fte", "headcount_definition"] as const;
type Name = (typeof FIELDS)[number];
const IDS: Record<Name, string> = {
  year: "hq-year-year",
  revenue_rmb_million: "hq-year-revenue",
  revenue_currency: "hq-year-currency",
  revenue_note: "hq-year-note",
  headcount_fte: "hq-year-fte",
  headcount_definition: "hq-year-definition",
};
/** RMB million with at most 3 decimals (RMB thousand), as the core accepts it. */
const RMB_RE = /^\d+(\.\d{1,3})?$/;

const blank = (year: string): Record<Name, string> => ({
  year,
  revenue_rmb_million: "",
  revenue_currency: "CNY",
  revenue_note: "",
  headcount_fte: "",
  headcount_definition: "",
});

const toForm = (y: YearFacts): Record<Name, string> => ({
  year: String(y.year),
  revenue_rmb_million: y.revenue_rmb_million ?? "",
  revenue_currency: y.revenue_currency,
  revenue_note: y.revenue_note,
  headcount_fte: y.headcount_fte === null ? "" : String(y.headcount_fte),
  headcount_definition: y.headcount_definition,
});

export function YearsTab() {
  const { t } = useTranslation();
  const describe = (e: unknown) => placeError(e, t, []).form;
  const years = useLoad(hqYears, [], { describe });
  const [v, setV] = useState<Record<Name, string>>(() => blank(String(new Date().getFullYear() - 1)));
  const [saved, setSaved] = useState<number | null>(null);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("hq.errors", e, t, FIELDS));

  const columns: DataColumn<YearFacts>[] = [
    valueColumn("year", t("hq.years.year"), (r) => r.year, { sortDescFirst: true }),
    {
      id: "revenue",
      header: t("hq.years.revenue"),
      numeric: true,
      className: "mono",
      cell: (r) => (r.revenue_rmb_million === null ? "—" : groupThousands(r.revenue_rmb_million)),
    },
    valueColumn("currency", t("hq.years.currency"), (r) => r.revenue_currency),
    { id: "note", header: t("hq.years.note"), className: "hq-wrap", cell: (r) => r.revenue_note || "—" },
    {
      id: "fte",
      header: t("hq.years.fte"),
      numeric: true,
      className: "mono",
      cell: (r) => (r.headcount_fte === null ? "—" : r.headcount_fte),
    },
    { id: "definition", header: t("hq.years.definition"), className: "hq-wrap", cell: (r) => r.headcount_definition || "—" },
    {
      id: "edit",
      header: "",
      label: t("hq.years.edit"),
      hideable: false,
      className: "actions",
      cell: (r) => (
        <button type="button" className="btn btn--small" data-testid={`hq-year-edit-${r.year}`} onClick={() => setV(toForm(r))}>
          {t("hq.years.edit")}
        </button>
      ),
    },
  ];

  const check = (): FieldErrors => {
    const out: FieldErrors = {};
    if (parseYear(v.year) === null) out.year = t("hq.yearInvalid");
    const rev = v.revenue_rmb_million.trim();
    if (rev && !RMB_RE.test(rev)) out.revenue_rmb_million = t("hq.years.revenueFormat");
    const fte = v.headcount_fte.trim();
    if (fte && !/^\d+$/.test(fte)) out.headcount_fte = t("hq.years.fteFormat");
    return out;
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const year = parseYear(v.year);
    const ok = await submit(check(), async () => {
      await hqSetYear({
        year: year ?? 0,
        revenue_rmb_million: v.revenue_rmb_million.trim() || null,
        revenue_currency: v.revenue_currency.trim() || "CNY",
        revenue_note: v.revenue_note.trim(),
        headcount_fte: v.headcount_fte.trim() ? Number(v.headcount_fte.trim()) : null,
        headcount_definition: v.headcount_definition.trim(),
      });
    });
    if (ok) {
      setSaved(year);
      void years.reload();
    }
  };

  const input = (name: Name, label: string, more: Record<string, unknown> = {}, hint?: string) => (
    <Field id={IDS[name]} name={name} label={label} error={errors[name]} errorDetail={errorDetail} hint={hint}>
      <input
        {...a11yFor(IDS[name], errors[name], hint && !errors[name] ? `${IDS[name]}-hint` : undefined)}
        data-testid={IDS[name]}
        value={v[name]}
        onChange={(e) => setV((s) => ({ ...s, [name]: e.target.value }))}
        {...more}
      />
    </Field>
  );

  return (
    <section className="page hq-years">
      <div className="page__head">
        <h1>{t("hq.years.title")}</h1>
        <span className="muted">{t("hq.years.basis")}</span>
      </div>
      <section className="panel">
        <h2>{t("hq.years.factsTitle")}</h2>
        <DataTable
          columns={columns}
          data={years.data}
          rowKey={(r) => String(r.year)}
          idPrefix="hq-years"
          rowTestId="hq-year-row"
          loading={years.loading}
          error={years.error}
          initialSort={{ id: "year", desc: true }}
          empty={t("hq.years.none")}
        />
        <form className="hq-years__form" onSubmit={send} noValidate data-testid="hq-year-form">
          <h3 className="hq-week__sub">{t("hq.years.formTitle")}</h3>
          <FormError message={formError} testId="hq-year-error" />
          {saved !== null ? (
            <div className="toast" role="status" data-testid="hq-year-saved">
              {t("hq.years.saved", { year: saved })}
            </div>
          ) : null}
          <div className="grid3">
            {input("year", t("hq.years.year"), { inputMode: "numeric", maxLength: 4 })}
            {input("revenue_rmb_million", t("hq.years.revenue"), { inputMode: "decimal", className: "mono" }, t("hq.years.revenueHint"))}
            {input("revenue_currency", t("hq.years.currency"), { maxLength: 8, spellCheck: false })}
          </div>
          {input("revenue_note", t("hq.years.note"), {}, t("hq.years.noteHint"))}
          <div className="grid3">
            {input("headcount_fte", t("hq.years.fte"), { inputMode: "numeric" })}
          </div>
          {input("headcount_definition", t("hq.years.definition"), {}, t("hq.years.definitionHint"))}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" data-testid="hq-year-save" disabled={busy}>
              {t("hq.years.save")}
            </button>
          </div>
        </form>
      </section>
      <HistoryPanel />
    </section>
  );
}

function HistoryPanel() {
  const { t } = useTranslation();
  const [year, setYear] = useState("");
  const [version, setVersion] = useState(0);
  const [path, setPath] = useState("");
  const [imported, setImported] = useState<number | null>(null);
  const y = parseYear(year);
  const load = useLoad(() => hqHistory(y), [y, version], { describe: (e) => placeError(e, t, []).form });
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeError(e, t, ["path"], { file: "path" }));

  const columns: DataColumn<HistoryFigure>[] = [
    valueColumn("year", t("hq.years.year"), (r) => r.year, { sortDescFirst: true }),
    valueColumn("indicator", t("hq.years.indicator"), (r) => r.indicator),
    valueColumn("segment", t("hq.segment"), (r) => r.segment_code ?? t("hq.appendix.groupTotal")),
    {
      id: "value",
      header: t("hq.years.value"),
      numeric: true,
      className: "mono",
      sortValue: (r) => r.value,
      cell: (r) => (isGramsKey(r.indicator) ? `${exactText("g", r.value)} t` : exactText("", r.value)),
    },
    { id: "source", header: t("hq.years.source"), className: "hq-wrap", cell: (r) => r.source },
  ];

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = path.trim() ? {} : { path: t("common.required") };
    const out: { rows?: number } = {};
    const ok = await submit(found, async () => {
      out.rows = (await hqImportHistory(path.trim())).rows;
    });
    if (ok) {
      setImported(out.rows ?? 0);
      setVersion((n) => n + 1);
    }
  };

  return (
    <section className="panel" data-testid="hq-history">
      <div className="panel__head">
        <h2>{t("hq.years.historyTitle")}</h2>
        <label className="filters">
          {t("hq.years.historyYear")}
          <input
            className="hq-year"
            data-testid="hq-history-year"
            inputMode="numeric"
            maxLength={4}
            placeholder={t("hq.years.allYears")}
            value={year}
            onChange={(e) => setYear(e.target.value.trim())}
          />
        </label>
      </div>
      <DataTable
        columns={columns}
        data={load.data}
        idPrefix="hq-history"
        rowTestId="hq-history-row"
        loading={load.loading}
        error={load.error}
        initialSort={{ id: "year", desc: true }}
        empty={t("hq.years.noHistory")}
      />
      <form className="hq-import__form hq-history__import" onSubmit={send} noValidate>
        <Field
          id="hq-history-path"
          name="path"
          label={t("hq.years.importPath")}
          error={errors.path}
          errorDetail={errorDetail}
          hint={t("hq.years.importHint")}
        >
          <input
            {...a11yFor("hq-history-path", errors.path, errors.path ? undefined : "hq-history-path-hint")}
            data-testid="hq-history-path"
            className="mono"
            spellCheck={false}
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
        </Field>
        <button type="submit" className="btn btn--primary" data-testid="hq-history-import" disabled={busy}>
          {t("hq.years.import")}
        </button>
      </form>
      <FormError message={formError} testId="hq-history-error" />
      {imported !== null ? (
        <div className="toast" role="status" data-testid="hq-history-imported">
          {t("hq.years.imported", { n: imported })}
        </div>
      ) : null}
    </section>
  );
}
