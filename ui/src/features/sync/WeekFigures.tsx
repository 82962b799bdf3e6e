// The week's figures: one row per registered indicator the week carries (label, disclosure,
// unit, method), one column per calendar-month part inside the week and the week total, each
// value the core's exact integer formatted (grams as kg text).
import { useTranslation } from "react-i18next";
import type { Figure, IndicatorInfo, WeekView } from "../../ipc/api";
import { DataTable, type DataColumn } from "../../components/DataTable";
import { formatValue, indicatorLabel } from "./format";

type Row = { info: IndicatorInfo; parts: (Figure | undefined)[]; total: Figure | undefined };

export function figureRows(view: WeekView): Row[] {
  return view.indicators
    .map((info) => ({
      info,
      parts: view.parts.map((p) => p.figures.find((f) => f.key === info.key)),
      total: view.totals.find((f) => f.key === info.key),
    }))
    .filter((r) => r.total !== undefined || r.parts.some((f) => f !== undefined));
}

export function WeekFigures({ view, loading }: { view: WeekView; loading: boolean }) {
  const { t, i18n } = useTranslation();
  const value = (r: Row, f: Figure | undefined, testId: string) =>
    f ? (
      <span data-testid={testId} data-value={f.value} title={f.unit === "g" ? `${f.value} g` : undefined}>
        {formatValue(r.info.unit, f.value)}
      </span>
    ) : (
      <span className="muted">—</span>
    );
  const columns: DataColumn<Row>[] = [
    {
      id: "indicator",
      header: t("sync.col.indicator"),
      cell: (r) => (
        <span className="sync__indicator">
          <span data-testid="sync-figure-label">{indicatorLabel(r.info, r.info.key, i18n.language)}</span>
          {r.info.disclosure ? <span className="muted sync__disclosure"> {r.info.disclosure}</span> : null}
        </span>
      ),
    },
    { id: "unit", header: t("sync.col.unit"), cell: (r) => t(`sync.units.${r.info.unit}`) },
    {
      id: "method",
      header: t("sync.col.method"),
      cell: (r) => {
        const m = r.total?.method ?? r.info.method;
        return <span className={`badge ${m === "estimated" ? "badge--warning" : "badge--none"}`}>{t(`sync.methods.${m}`)}</span>;
      },
    },
    ...view.parts.map(
      (p, i): DataColumn<Row> => ({
        id: `part-${i}`,
        header: (
          <span data-testid="sync-part-header">
            {p.month} <span className="muted">({p.from.slice(5)} – {p.to.slice(5)})</span>
          </span>
        ),
        label: p.month,
        numeric: true,
        className: "mono",
        cell: (r) => value(r, r.parts[i], `sync-figure-${r.info.key}-part-${i}`),
      }),
    ),
    {
      id: "total",
      header: t("sync.col.total"),
      numeric: true,
      className: "mono sync__total",
      cell: (r) => value(r, r.total, `sync-figure-${r.info.key}-total`),
    },
  ];
  return (
    <DataTable
      columns={columns}
      data={figureRows(view)}
      rowKey={(r) => r.info.key}
      idPrefix="sync-figures"
      rowTestId="sync-figure-row"
      loading={loading}
      empty={t("sync.noFigures")}
      columnMenu={false}
    />
  );
}
