// 排放量: a year's loads per month and parameter (kg or t) with the discharge in m³, from the
// core's monthly figures; a month's detail per outfall and parameter: the basis used (online or
// lab results), load, mean and max concentration, online validity, exceedances, missed
// monitoring and the notes a reader must know — and the below-DL policy the loads were
// computed with.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { waterLoads, waterMonthly, type MonthLoads, type OutfallFigures, type ParamFigures } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { DataTable, type DataColumn } from "../../components/DataTable";
import { KNOWN_PARAMS, concText, litresToM3, massText, monthBounds, multipleText, unitText, validityText, type MassShown } from "./format";

type Props = { today: string; version: number };

export function LoadsTab({ today, version }: Props) {
  const { t } = useTranslation();
  const [year, setYear] = useState(today.slice(0, 4));
  const [unit, setUnit] = useState<MassShown>("kg");
  const [month, setMonth] = useState<string | null>(null);
  const y = /^\d{4}$/.test(year) ? Number(year) : null;
  const describe = (e: unknown) => placeError(e, t, []).form;
  const monthly = useLoad(() => waterMonthly(y!, null), [y, version], { skip: y === null, describe });
  const rows = monthly.data ?? null;
  // Known parameters in the permit's order (COD, BOD5, NH3-N …), then the plant's own by code.
  const rank = (c: string) => {
    const i = (KNOWN_PARAMS as readonly string[]).indexOf(c);
    return i < 0 ? KNOWN_PARAMS.length : i;
  };
  const codes = [...new Set((rows ?? []).flatMap((m) => Object.keys(m.loads_g)))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );

  const columns: DataColumn<MonthLoads>[] = [
    {
      id: "month",
      header: t("water.loads.month"),
      className: "mono",
      cell: (m) => (
        <button type="button" className="btn--link" data-testid={`loads-month-${m.month}`} onClick={() => setMonth(m.month)}>
          {m.month}
        </button>
      ),
    },
    ...codes.map(
      (c): DataColumn<MonthLoads> => ({
        id: c,
        header: `${t(`water.params.${c}`, { defaultValue: c })} (${unit})`,
        numeric: true,
        className: "mono",
        cell: (m) => (m.loads_g[c] === undefined ? "—" : massText(m.loads_g[c], unit)),
        footer: massText((rows ?? []).reduce((n, m) => n + (m.loads_g[c] ?? 0), 0), unit),
      }),
    ),
    {
      id: "discharge",
      header: t("water.loads.discharge"),
      numeric: true,
      className: "mono",
      cell: (m) => litresToM3(m.discharge_l),
      footer: litresToM3((rows ?? []).reduce((n, m) => n + m.discharge_l, 0)),
    },
  ];

  return (
    <div>
      <div className="panel filters">
        <label>
          {t("water.loads.year")}
          <input data-testid="loads-year" inputMode="numeric" size={6} value={year} onChange={(e) => setYear(e.target.value)} />
        </label>
        <label>
          {t("water.loads.unit")}
          <select data-testid="loads-unit" value={unit} onChange={(e) => setUnit(e.target.value as MassShown)}>
            <option value="kg">kg</option>
            <option value="t">t</option>
          </select>
        </label>
        {y === null ? <span className="form-error">{t("water.errors.year")}</span> : null}
      </div>
      <section className="panel">
        <h2>{t("water.loads.title", { year })}</h2>
        <DataTable
          columns={columns}
          data={rows}
          rowKey={(m) => m.month}
          idPrefix="water-loads"
          rowTestId="loads-row"
          rowClassName={(m) => (m.month === month ? "row--selected" : undefined)}
          loading={monthly.loading}
          error={monthly.error}
          empty={t("water.loads.none")}
          columnMenu={false}
        />
        <p className="muted">{t("water.loads.pickMonth")}</p>
      </section>
      {month ? <MonthDetail month={month} unit={unit} version={version} /> : null}
    </div>
  );
}

function MonthDetail({ month, unit, version }: { month: string; unit: MassShown; version: number }) {
  const { t } = useTranslation();
  const { from, to } = monthBounds(month);
  const fig = useLoad(() => waterLoads(from, to), [from, to, version], { describe: (e) => placeError(e, t, []).form });
  const d = fig.data;
  return (
    <section className="panel" data-testid="loads-detail">
      <h2>{t("water.loads.detail", { month })}</h2>
      <FormError message={fig.error} testId="loads-detail-error" />
      {d ? (
        <>
          <p className="muted" data-testid="loads-dl-policy">
            {t(`water.loads.dlPolicy.${d.dl_policy}`)}
          </p>
          {d.outfalls.map((o) => (
            <OutfallDetail key={o.code} o={o} unit={unit} />
          ))}
        </>
      ) : null}
    </section>
  );
}

function OutfallDetail({ o, unit }: { o: OutfallFigures; unit: MassShown }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const columns: DataColumn<ParamFigures>[] = [
    { id: "param", header: t("water.param"), cell: (p) => `${p.code} · ${p.name}` },
    { id: "basis", header: t("water.loads.basis"), cell: (p) => t(`water.method.${p.basis}`) },
    { id: "load", header: `${t("water.loads.load")} (${unit})`, numeric: true, className: "mono", cell: (p) => (p.load_g === null ? "—" : massText(p.load_g, unit)) },
    { id: "mean", header: t("water.loads.mean"), numeric: true, cell: (p) => `${concText(p.c_mean, lang)} ${unitText(p.unit)}`.trim() },
    { id: "max", header: t("water.loads.max"), numeric: true, cell: (p) => concText(p.c_max, lang) },
    { id: "readings", header: t("water.loads.readings"), numeric: true, cell: (p) => p.readings },
    {
      id: "validity",
      header: t("water.loads.validity"),
      numeric: true,
      cell: (p) => {
        const v = validityText(p.valid_hours, p.expected_hours);
        return v === null || p.basis !== "online" ? "—" : `${v}%`;
      },
    },
    {
      id: "exceedances",
      header: t("water.loads.exceedances"),
      numeric: true,
      cell: (p) =>
        p.exceedances === 0
          ? "0"
          : p.max_ratio_permille === null
            ? String(p.exceedances)
            : t("water.loads.exceedWithMax", { n: p.exceedances, m: multipleText(p.max_ratio_permille) }),
    },
    { id: "missed", header: t("water.loads.missed"), numeric: true, cell: (p) => p.missed },
    {
      id: "notes",
      header: t("water.loads.notes"),
      className: "wrap",
      cell: (p) => p.notes.map((n) => t(`water.note.${n}`)).join("；"),
    },
  ];
  return (
    <div className="loads-outfall" data-testid={`loads-outfall-${o.code}`}>
      <h3>
        {o.code} · {o.name}{" "}
        <span className="muted">{t("water.loads.discharged", { m3: litresToM3(o.discharge_l), days: o.discharge_days })}</span>
      </h3>
      <DataTable
        columns={columns}
        data={o.params}
        rowKey={(p) => p.code}
        idPrefix={`loads-params-${o.code}`}
        rowTestId="loads-param-row"
        empty={t("water.loads.noParams")}
        columnMenu={false}
      />
    </div>
  );
}
