// Signed-in frame: header (plant, user, language, sign-out), left navigation, screen.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Plant, Session } from "../../ipc/api";
import { WasteScreen } from "../waste/WasteScreen";
import { WaterScreen } from "../water/WaterScreen";
import { HazardsScreen } from "../hazards/HazardsScreen";
import { useHazardClockNotifications } from "../hazards/clockNotifications";
import { HomeScreen } from "../home/HomeScreen";
import { SettingsScreen } from "../settings/SettingsScreen";
import { SyncScreen } from "../sync/SyncScreen";
import { VocScreen } from "../voc/VocScreen";
import { ShellHeader } from "./ShellHeader";

const SCREENS = ["home", "waste", "water", "air", "hazards", "sync", "settings"] as const;
type Screen = (typeof SCREENS)[number];

type Props = { plant: Plant; session: Session; dbPath: string; onSignedOut: () => Promise<void> | void };

export function AppShell({ plant, session, dbPath, onSignedOut }: Props) {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>("home");
  useHazardClockNotifications(session);

  let body;
  switch (screen) {
    case "home":
      body = <HomeScreen />;
      break;
    case "waste":
      body = <WasteScreen plant={plant} session={session} />;
      break;
    case "water":
      body = <WaterScreen plant={plant} session={session} />;
      break;
    case "air":
      body = <VocScreen session={session} />;
      break;
    case "hazards":
      body = <HazardsScreen plant={plant} session={session} />;
      break;
    case "sync":
      body = <SyncScreen plant={plant} />;
      break;
    case "settings":
      body = <SettingsScreen plant={plant} session={session} dbPath={dbPath} onSignedOut={onSignedOut} />;
      break;
  }

  return (
    <div className="shell">
      <ShellHeader
        place={
          <span className="shell__plant" data-testid="header-plant">
            {plant.name} <span className="shell__code">{plant.code}</span>
          </span>
        }
        session={session}
        onSignedOut={onSignedOut}
      />
      <nav className="shell__nav" aria-label={t("shell.nav")}>
        {SCREENS.map((s) => (
          <button
            key={s}
            type="button"
            data-testid={`nav-${s}`}
            className={`nav-item${s === screen ? " nav-item--active" : ""}`}
            aria-current={s === screen ? "page" : undefined}
            onClick={() => setScreen(s)}
          >
            {t(`nav.${s}`)}
          </button>
        ))}
      </nav>
      <main className="shell__main">{body}</main>
    </div>
  );
}
