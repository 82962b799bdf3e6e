// HQ mode's signed-in frame: the shared header (the group, the user, language, sign-out), the
// screens on the left — dashboard, the review grid (the analyst's main screen, shown first),
// packet import, the KPI appendix, the safety view, the registry, years & history, settings — and
// one year the dashboard, grid, appendix and safety view share, so moving between them keeps it.
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import type { HqOrg, Session } from "../../ipc/api";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { FormError } from "../../components/Field";
import { ShellHeader } from "../shell/ShellHeader";
import { currentYear } from "./format";
import { GridTab } from "./GridTab";
import { ImportTab } from "./ImportTab";
import { AppendixTab } from "./AppendixTab";
import { RegistryTab } from "./RegistryTab";
import { YearsTab } from "./YearsTab";
import { SettingsTab } from "./SettingsTab";

// The dashboard and the safety view carry uPlot (a canvas library): loaded when first opened.
const DashboardTab = lazy(() => import("./DashboardTab").then((m) => ({ default: m.DashboardTab })));
const SafetyTab = lazy(() => import("./SafetyTab").then((m) => ({ default: m.SafetyTab })));

export const HQ_TABS = ["dashboard", "grid", "import", "appendix", "safety", "registry", "years", "settings"] as const;
export type HqTab = (typeof HQ_TABS)[number];

type Props = { group: HqOrg; session: Session; dbPath: string; onSignedOut: () => Promise<void> | void };

export function HqShell({ group, session, dbPath, onSignedOut }: Props) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<HqTab>("grid");
  // Typed text: a tab loads only while it is a valid year.
  const [year, setYear] = useState(() => String(currentYear(group.timezone)));

  let body;
  switch (tab) {
    case "dashboard":
      body = (
        <ErrorBoundary fallback={(m) => <FormError message={t("errors.unexpected", { message: m })} />}>
          <Suspense fallback={<p className="muted">{t("table.loading")}</p>}>
            <DashboardTab year={year} onYear={setYear} />
          </Suspense>
        </ErrorBoundary>
      );
      break;
    case "grid":
      body = <GridTab group={group} year={year} onYear={setYear} />;
      break;
    case "import":
      body = <ImportTab timezone={group.timezone} />;
      break;
    case "appendix":
      body = <AppendixTab year={year} onYear={setYear} />;
      break;
    case "safety":
      body = (
        <ErrorBoundary fallback={(m) => <FormError message={t("errors.unexpected", { message: m })} />}>
          <Suspense fallback={<p className="muted">{t("table.loading")}</p>}>
            <SafetyTab year={year} onYear={setYear} />
          </Suspense>
        </ErrorBoundary>
      );
      break;
    case "registry":
      body = <RegistryTab />;
      break;
    case "years":
      body = <YearsTab />;
      break;
    case "settings":
      body = <SettingsTab group={group} dbPath={dbPath} />;
      break;
  }

  return (
    <div className="shell hq">
      <ShellHeader
        place={
          <span className="shell__plant" data-testid="header-group">
            {group.name} <span className="shell__code">{t("hq.badge")}</span>
          </span>
        }
        session={session}
        onSignedOut={onSignedOut}
      />
      <nav className="shell__nav" aria-label={t("shell.nav")}>
        {HQ_TABS.map((k) => (
          <button
            key={k}
            type="button"
            data-testid={`hq-tab-${k}`}
            className={`nav-item${k === tab ? " nav-item--active" : ""}`}
            aria-current={k === tab ? "page" : undefined}
            onClick={() => setTab(k)}
          >
            {t(`hq.tabs.${k}`)}
          </button>
        ))}
      </nav>
      <main className="shell__main">{body}</main>
    </div>
  );
}
