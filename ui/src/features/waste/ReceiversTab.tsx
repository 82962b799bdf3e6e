// 接收单位: the registry of receivers and transporters with the licence in force, its days
// left (coloured by the core's status) and this year's shipped mass against the licensed
// annual capacity.
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { listCounterparties, type Counterparty } from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { gramsToTonnes } from "../../lib/quantity";
import { FormError } from "../../components/Field";
import { LICENCE_TONE } from "./shipping";
import { AddCounterpartyDialog } from "./AddCounterpartyDialog";
import { AddLicenceDialog } from "./AddLicenceDialog";

export function ReceiversTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(useCallback(() => listCounterparties(), []));
  const [adding, setAdding] = useState(false);
  const [licensing, setLicensing] = useState<Counterparty | null>(null);
  const rows = data ?? [];
  const columns = canWrite ? 10 : 9;

  const daysText = (c: Counterparty) => {
    if (c.status === "none" || c.days_left === null) return t("receivers.noLicence");
    return c.days_left < 0 ? t("receivers.expiredAgo", { days: -c.days_left }) : t("receivers.daysLeft", { days: c.days_left });
  };

  return (
    <div className="receivers">
      <FormError message={error} />
      {canWrite ? (
        <div className="inventory__head">
          <span />
          <button type="button" className="btn btn--primary" data-testid="party-add-open" onClick={() => setAdding(true)}>
            {t("receivers.add")}
          </button>
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="table" data-testid="receivers-table" aria-busy={data === null}>
          <thead>
            <tr>
              <th>{t("receivers.fields.kind")}</th>
              <th>{t("receivers.fields.name")}</th>
              <th>{t("receivers.fields.uscc")}</th>
              <th>{t("licence.licence_no")}</th>
              <th>{t("licence.licence_type")}</th>
              <th>{t("licence.valid_to")}</th>
              <th>{t("licence.categories")}</th>
              <th>{t("receivers.col.daysLeft")}</th>
              <th className="num">{t("receivers.col.shipped")}</th>
              {canWrite ? <th>{t("ledger.colActions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const l = c.current;
              return (
                <tr key={c.id} data-testid="party-row">
                  <td>{t(`receivers.kinds.${c.kind}`, { defaultValue: c.kind })}</td>
                  <td>{c.name}</td>
                  <td className="mono">{c.uscc ?? "—"}</td>
                  <td className="mono">{l?.licence_no ?? "—"}</td>
                  <td>{l ? t(`licence.types.${l.licence_type}`, { defaultValue: l.licence_type }) : "—"}</td>
                  <td>{l?.valid_to ?? "—"}</td>
                  <td className="mono">{l ? [...l.categories, ...l.codes].join(", ") || "—" : "—"}</td>
                  <td>
                    <span className={`badge badge--${LICENCE_TONE[c.status]}`} data-testid="party-days" title={t(`receivers.status.${c.status}`)}>
                      {daysText(c)}
                    </span>
                  </td>
                  <td className="num mono" data-testid="party-shipped">
                    {c.kind === "receiver"
                      ? `${gramsToTonnes(c.shipped_this_year_g)}${l?.annual_capacity_t ? ` / ${l.annual_capacity_t}` : ""} t`
                      : "—"}
                  </td>
                  {canWrite ? (
                    <td className="actions">
                      <button type="button" className="btn btn--small" data-testid="licence-open" onClick={() => setLicensing(c)}>
                        {t("receivers.addLicence")}
                      </button>
                    </td>
                  ) : null}
                </tr>
              );
            })}
            {data !== null && rows.length === 0 ? (
              <tr className="table__placeholder">
                <td colSpan={columns} data-testid="receivers-empty">
                  {t("receivers.empty")}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
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
