// 接收单位: the registry of receivers and transporters with the licence in force, its days
// left (coloured by the core's status) and this year's shipped mass against the licensed
// annual capacity.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { listCounterparties, type Counterparty } from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { gramsToTonnes } from "../../lib/quantity";
import { DataTable, type DataColumn } from "../../components/DataTable";
import { LICENCE_TONE } from "./shipping";
import { AddCounterpartyDialog } from "./AddCounterpartyDialog";
import { AddLicenceDialog } from "./AddLicenceDialog";

export function ReceiversTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useLoad(listCounterparties);
  const [adding, setAdding] = useState(false);
  const [licensing, setLicensing] = useState<Counterparty | null>(null);

  const daysText = (c: Counterparty) => {
    if (c.status === "none" || c.days_left === null) return t("receivers.noLicence");
    return c.days_left < 0 ? t("receivers.expiredAgo", { days: -c.days_left }) : t("receivers.daysLeft", { days: c.days_left });
  };

  const columns: DataColumn<Counterparty>[] = [
    {
      id: "kind",
      header: t("receivers.fields.kind"),
      sortValue: (c) => c.kind,
      cell: (c) => t(`receivers.kinds.${c.kind}`, { defaultValue: c.kind }),
    },
    { id: "name", header: t("receivers.fields.name"), sortValue: (c) => c.name, cell: (c) => c.name },
    { id: "uscc", header: t("receivers.fields.uscc"), className: "mono", cell: (c) => c.uscc ?? "—" },
    { id: "licence_no", header: t("licence.licence_no"), className: "mono", cell: (c) => c.current?.licence_no ?? "—" },
    {
      id: "licence_type",
      header: t("licence.licence_type"),
      cell: (c) => (c.current ? t(`licence.types.${c.current.licence_type}`, { defaultValue: c.current.licence_type }) : "—"),
    },
    { id: "valid_to", header: t("licence.valid_to"), sortValue: (c) => c.current?.valid_to, cell: (c) => c.current?.valid_to ?? "—" },
    {
      id: "categories",
      header: t("licence.categories"),
      className: "mono",
      cell: (c) => (c.current ? [...c.current.categories, ...c.current.codes].join(", ") || "—" : "—"),
    },
    {
      id: "days_left",
      header: t("receivers.col.daysLeft"),
      sortValue: (c) => c.days_left,
      cell: (c) => (
        <span className={`badge badge--${LICENCE_TONE[c.status]}`} data-testid="party-days" title={t(`receivers.status.${c.status}`)}>
          {daysText(c)}
        </span>
      ),
    },
    {
      id: "shipped",
      header: t("receivers.col.shipped"),
      numeric: true,
      className: "mono",
      sortValue: (c) => (c.kind === "receiver" ? c.shipped_this_year_g : null),
      cell: (c) => (
        <span data-testid="party-shipped">
          {c.kind === "receiver"
            ? `${gramsToTonnes(c.shipped_this_year_g)}${c.current?.annual_capacity_t ? ` / ${c.current.annual_capacity_t}` : ""} t`
            : "—"}
        </span>
      ),
    },
  ];
  if (canWrite) {
    columns.push({
      id: "actions",
      header: t("ledger.colActions"),
      className: "actions",
      hideable: false,
      cell: (c) => (
        <button type="button" className="btn btn--small" data-testid="licence-open" onClick={() => setLicensing(c)}>
          {t("receivers.addLicence")}
        </button>
      ),
    });
  }

  return (
    <div className="receivers">
      {canWrite ? (
        <div className="inventory__head">
          <span />
          <button type="button" className="btn btn--primary" data-testid="party-add-open" onClick={() => setAdding(true)}>
            {t("receivers.add")}
          </button>
        </div>
      ) : null}
      <DataTable
        columns={columns}
        data={data}
        idPrefix="receivers"
        rowTestId="party-row"
        loading={loading}
        error={error}
        empty={t("receivers.empty")}
      />
      {adding ? (
        <AddCounterpartyDialog
          onClose={() => setAdding(false)}
          onAdded={async () => {
            setAdding(false);
            await reload();
          }}
        />
      ) : null}
      {licensing ? (
        <AddLicenceDialog
          party={licensing}
          onClose={() => setLicensing(null)}
          onAdded={async () => {
            setLicensing(null);
            await reload();
          }}
        />
      ) : null}
    </div>
  );
}
