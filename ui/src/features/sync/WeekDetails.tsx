// What HQ can drill into, per calendar-month part: each hazardous-waste code's flows with the
// manifest numbers shipped, and each general solid-waste code with its outbound routes.
import { useTranslation } from "react-i18next";
import type { HwCodeDetail, SwCodeDetail, WeekView } from "../../ipc/api";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { formatValue } from "./format";

type HwRow = HwCodeDetail & { month: string };
type SwRow = SwCodeDetail & { month: string };

const kg = (g: number) => formatValue("g", g);

export function HwDetails({ view, loading }: { view: WeekView; loading: boolean }) {
  const { t } = useTranslation();
  const rows: HwRow[] = view.parts.flatMap((p) => p.waste.hw.map((h) => ({ ...h, month: p.month })));
  const mass = (id: keyof HwCodeDetail & `${string}_g`, header: string): DataColumn<HwRow> => ({
    id,
    header,
    numeric: true,
    className: "mono",
    sortValue: (r) => r[id],
    cell: (r) => kg(r[id]),
  });
  const columns: DataColumn<HwRow>[] = [
    valueColumn("month", t("sync.col.month"), (r) => r.month),
    valueColumn("code", t("sync.col.hwCode"), (r) => r.code),
    mass("generated_g", t("sync.hw.generated")),
    mass("shipped_utilisation_g", t("sync.hw.shippedUtilisation")),
    mass("shipped_disposal_g", t("sync.hw.shippedDisposal")),
    mass("own_use_g", t("sync.hw.ownUse")),
    mass("own_disposal_g", t("sync.hw.ownDisposal")),
    mass("opening_stock_g", t("sync.hw.opening")),
    mass("closing_stock_g", t("sync.hw.closing")),
    {
      id: "manifests",
      header: t("sync.hw.manifests"),
      className: "mono",
      cell: (r) =>
        r.manifests.length ? <span data-testid="sync-hw-manifests">{r.manifests.join(", ")}</span> : <span className="muted">—</span>,
    },
  ];
  return (
    <DataTable
      columns={columns}
      data={rows}
      rowKey={(r) => `${r.month}|${r.code}`}
      idPrefix="sync-hw"
      rowTestId="sync-hw-row"
      loading={loading}
      empty={t("sync.hw.empty")}
      toolbar={<span className="muted">{t("sync.massesInKg")}</span>}
    />
  );
}

export function SwDetails({ view, loading }: { view: WeekView; loading: boolean }) {
  const { t } = useTranslation();
  const rows: SwRow[] = view.parts.flatMap((p) => p.waste.nhw.map((s) => ({ ...s, month: p.month })));
  const columns: DataColumn<SwRow>[] = [
    valueColumn("month", t("sync.col.month"), (r) => r.month),
    valueColumn("code", t("sync.col.swCode"), (r) => r.code),
    {
      id: "generated",
      header: t("sync.sw.generated"),
      numeric: true,
      className: "mono",
      sortValue: (r) => r.generated_g,
      cell: (r) => kg(r.generated_g),
    },
    {
      id: "routes",
      header: t("sync.sw.routes"),
      cell: (r) =>
        r.routes.length ? (
          <ul className="sync__routes">
            {r.routes.map((x) => (
              <li key={`${x.route}|${x.onsite}`} data-testid="sync-sw-route">
                {t(`solid.routes.${x.route}`, { defaultValue: x.route })}
                <span className="muted"> · {t(x.onsite ? "sync.sw.onsite" : "sync.sw.offsite")} · </span>
                <span className="mono">{kg(x.grams)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">—</span>
        ),
    },
  ];
  return (
    <DataTable
      columns={columns}
      data={rows}
      rowKey={(r) => `${r.month}|${r.code}`}
      idPrefix="sync-sw"
      rowTestId="sync-sw-row"
      loading={loading}
      empty={t("sync.sw.empty")}
      toolbar={<span className="muted">{t("sync.massesInKg")}</span>}
    />
  );
}
