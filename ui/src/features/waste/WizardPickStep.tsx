// Wizard step 1: tick the containers in stock to ship, grouped by facility (from storage_overview).
import { useTranslation } from "react-i18next";
import type { ContainerView, InventoryOverview } from "../../ipc/api";
import { CONTAINER_TONE } from "./InventoryTab";

type Props = { overview: InventoryOverview; picked: string[]; onToggle: (containerId: string) => void };

export function WizardPickStep({ overview, picked, onToggle }: Props) {
  const { t } = useTranslation();
  const groups = new Map<string, ContainerView[]>();
  for (const c of overview.containers) groups.set(c.facility_code, [...(groups.get(c.facility_code) ?? []), c]);
  const nameOf = (code: string) => overview.facilities.find((f) => f.facility.code === code)?.facility.name ?? "";

  if (groups.size === 0) return <p className="muted">{t("inventory.noContainers")}</p>;
  return (
    <div className="pick" data-testid="ship-pick">
      {[...groups].map(([facility, containers]) => (
        <fieldset key={facility} className="pick__group">
          <legend>
            <span className="mono">{facility}</span> {nameOf(facility)}
          </legend>
          <table className="table">
            <thead>
              <tr>
                <th />
                <th>{t("inventory.col.container")}</th>
                <th>{t("inventory.col.code")}</th>
                <th className="num">{t("inventory.col.stockKg")}</th>
                <th className="num">{t("inventory.col.ageDays")}</th>
                <th>{t("inventory.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {containers.map((c) => {
                const id = `ship-container-${c.container_id}`;
                return (
                  <tr key={c.container_id}>
                    <td>
                      <input
                        type="checkbox"
                        id={id}
                        data-testid={id}
                        checked={picked.includes(c.container_id)}
                        onChange={() => onToggle(c.container_id)}
                      />
                    </td>
                    <td className="mono">
                      <label htmlFor={id}>{c.container_id}</label>
                    </td>
                    <td className="mono">{c.code}</td>
                    <td className="num">{c.stock_kg}</td>
                    <td className="num">{c.age_days ?? "—"}</td>
                    <td>
                      <span className={`badge badge--${CONTAINER_TONE[c.status]}`}>{t(`inventory.status.${c.status}`)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>
      ))}
    </div>
  );
}
