import { useTranslation } from "react-i18next";
import type { Plant } from "../../ipc/api";

/** Plant information, read-only in this version. */
export function SettingsScreen({ plant, dbPath }: { plant: Plant; dbPath: string }) {
  const { t } = useTranslation();
  const rows: Array<[string, string, string]> = [
    ["settings-plant-code", t("settings.plantCode"), plant.code],
    ["settings-plant-name", t("settings.plantName"), plant.name],
    ["settings-segment", t("settings.segment"), plant.segment],
    ["settings-jurisdiction", t("settings.jurisdiction"), t(`jurisdictions.${plant.jurisdiction}`)],
    ["settings-timezone", t("settings.timezone"), plant.timezone],
    ["settings-db-path", t("settings.dbPath"), dbPath],
  ];
  return (
    <section className="page">
      <h1>{t("settings.title")}</h1>
      <div className="panel">
        <h2>{t("settings.plantInfo")}</h2>
        <dl className="props">
          {rows.map(([id, label, value]) => (
            <div key={id} className="props__row">
              <dt>{label}</dt>
              <dd data-testid={id}>{value}</dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
