// One list of exceedances (overview and the 超标 tab): when, where, the value against its
// limit, the multiple of the limit ("1.333 ×") and 超标倍数 as regulators word it (multiple − 1).
// Virtualised past 200 rows.
import { useTranslation } from "react-i18next";
import type { Exceedance } from "../../ipc/api";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { concText, excessText, multipleText } from "./format";

type Props = { idPrefix: string; data: Exceedance[] | null; loading: boolean; error: string | null };

export function ExceedanceTable({ idPrefix, data, loading, error }: Props) {
  const { t, i18n } = useTranslation();
  const columns: DataColumn<Exceedance>[] = [
    valueColumn("at", t("water.cols.at"), (x) => x.at_local, { sortDescFirst: true }),
    valueColumn("outfall", t("water.outfall"), (x) => x.outfall_code),
    valueColumn("param", t("water.param"), (x) => x.param_code),
    { id: "interval", header: t("water.cols.interval"), cell: (x) => t(`water.interval.${x.interval}`) },
    { id: "value", header: t("water.cols.value"), numeric: true, sortValue: (x) => x.value, cell: (x) => concText(x.value, i18n.language) },
    {
      id: "limit",
      header: t("water.cols.limit"),
      numeric: true,
      cell: (x) => `${t(`water.bound.${x.bound}`)} ${x.limit}`,
    },
    {
      id: "multiple",
      header: t("water.cols.multiple"),
      numeric: true,
      sortValue: (x) => x.ratio_permille ?? null,
      sortDescFirst: true,
      cell: (x) => (x.ratio_permille === null ? "—" : t("water.multiple", { m: multipleText(x.ratio_permille) })),
    },
    {
      id: "excess",
      header: t("water.cols.excess"),
      numeric: true,
      cell: (x) => (x.ratio_permille === null ? t("water.belowLower") : t("water.excess", { x: excessText(x.ratio_permille) })),
    },
  ];
  return (
    <DataTable
      columns={columns}
      data={data}
      rowKey={(x) => x.id}
      idPrefix={idPrefix}
      rowTestId={`${idPrefix}-row`}
      loading={loading}
      error={error}
      empty={t("water.exceedances.none")}
    />
  );
}
