// One list of exceedances (overview and the 超标 tab): when, where, the value against its
// limit, the multiple of the limit ("1.333 ×") and 超标倍数 as regulators word it (multiple − 1),
// and the corrective action: the number of the hazard that took it up, or (where the user may)
// 转为整改隐患, which has the hazards module adopt it (hazard_adopt_exceedance) and shows the new
// number; an adopted exceedance's button stays disabled. Virtualised past 200 rows.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hazardAdoptExceedance, type Exceedance, type Hazard } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { FormError } from "../../components/Field";
import { concText, excessText, multipleText } from "./format";

type Props = {
  idPrefix: string;
  data: Exceedance[] | null;
  loading: boolean;
  error: string | null;
  /** Given where the user may adopt: called with the hazard the core created. */
  onAdopted?: (x: Exceedance, h: Hazard) => void;
};

export function ExceedanceTable({ idPrefix, data, loading, error, onAdopted }: Props) {
  const { t, i18n } = useTranslation();
  // Adopted here, before the list is read again.
  const [adopted, setAdopted] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [adoptError, setAdoptError] = useState<string | null>(null);
  const adopt = async (x: Exceedance) => {
    if (busy) return;
    setBusy(x.id);
    setAdoptError(null);
    try {
      const h = await hazardAdoptExceedance(x.id);
      setAdopted((a) => ({ ...a, [x.id]: h.number }));
      onAdopted?.(x, h);
    } catch (e) {
      setAdoptError(placeError(e, t, []).form);
    } finally {
      setBusy(null);
    }
  };
  const action = (x: Exceedance) => {
    const number = adopted[x.id] ?? x.hazard_number;
    if (!onAdopted) {
      return number ? (
        <span className="mono water-adopted" data-testid={`${idPrefix}-hazard-${x.id}`}>
          {number}
        </span>
      ) : (
        "—"
      );
    }
    return (
      <button
        type="button"
        className="btn btn--small"
        data-testid={`${idPrefix}-adopt-${x.id}`}
        disabled={number !== null || busy !== null}
        title={number ? undefined : t("water.adopt.hint")}
        onClick={() => void adopt(x)}
      >
        {number ? t("water.adopt.done", { number }) : t("water.adopt.button")}
      </button>
    );
  };
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
    {
      id: "hazard",
      header: t("water.cols.hazard"),
      sortValue: (x) => adopted[x.id] ?? x.hazard_number ?? "",
      cell: action,
    },
  ];
  return (
    <>
      <FormError message={adoptError} testId={`${idPrefix}-adopt-error`} />
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
    </>
  );
}
