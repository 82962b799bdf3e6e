import { useTranslation } from "react-i18next";
import type { Plant, Role, Session } from "../../ipc/api";
import { BackupPanel } from "./BackupPanel";
import { CalendarPanel } from "./CalendarPanel";
import { GenerationPointsPanel } from "./GenerationPointsPanel";
import { HeadcountPanel } from "./HeadcountPanel";
import { PlantKeyPanel } from "./PlantKeyPanel";
import { PlantSettingsPanel } from "./PlantSettingsPanel";
import { SmtpPanel } from "./SmtpPanel";
import { UsersPanel } from "./UsersPanel";

/** Roles the core lets change plant settings and add or delete calendar days. */
const SETTINGS_EDITORS: ReadonlySet<Role> = new Set<Role>(["admin", "ehs_officer"]);

type Props = {
  plant: Plant;
  session: Session;
  dbPath: string;
  /** After a restore from a backup (everyone is signed out). */
  onSignedOut?: () => Promise<void> | void;
};

/** Plant information (read-only), plant settings, the working-day calendar, yearly headcount, the weekly sending (SMTP, HQ), the plant key, users, backups. */
export function SettingsScreen({ plant, session, dbPath, onSignedOut }: Props) {
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
      {/* Who may edit is decided by the core; the UI only hides what the role cannot do. */}
      <PlantSettingsPanel canEdit={SETTINGS_EDITORS.has(session.role)} />
      <CalendarPanel canEdit={SETTINGS_EDITORS.has(session.role)} />
      <GenerationPointsPanel canEdit={SETTINGS_EDITORS.has(session.role)} />
      <HeadcountPanel canEdit={session.role === "admin" || session.role === "plant_manager"} />
      <SmtpPanel canEdit={SETTINGS_EDITORS.has(session.role)} />
      <PlantKeyPanel timezone={plant.timezone} />
      <UsersPanel isAdmin={session.role === "admin"} />
      <BackupPanel
        canEdit={SETTINGS_EDITORS.has(session.role)}
        isAdmin={session.role === "admin"}
        timezone={plant.timezone}
        onRestored={onSignedOut ?? (() => window.location.reload())}
      />
    </section>
  );
}
