// 废水: seven tabs — overview (caps, recent exceedances, the HJ 212 listener), outfalls and their
// permit entries, readings entered by hand (lab results, daily flow), the import of monitor
// files, the chart of one parameter, loads by month, and the exceedances. The outfalls are loaded
// once per visit and again after a change; every list reloads when something was written.
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { waterOutfalls, type Outfall, type Plant, type Session } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { localDateTimeIn } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { FormError } from "../../components/Field";
import { OverviewTab } from "./OverviewTab";
import { OutfallsTab } from "./OutfallsTab";
import { ReadingsTab } from "./ReadingsTab";
import { ImportTab } from "./ImportTab";
import { LoadsTab } from "./LoadsTab";
import { canWriteHazards } from "../hazards/actions";
import { ExceedancesTab } from "./ExceedancesTab";
import { TabBar } from "../../components/TabBar";

// The chart carries uPlot (a canvas library): loaded when the tab is first opened.
const ChartTab = lazy(() => import("./ChartTab").then((m) => ({ default: m.ChartTab })));

export const WATER_TABS = ["overview", "outfalls", "readings", "import", "chart", "loads", "exceedances"] as const;
type Tab = (typeof WATER_TABS)[number];

const WRITERS = new Set(["admin", "ehs_officer"]);
const NO_OUTFALLS: Outfall[] = [];

export function WaterScreen({ plant, session }: { plant: Plant; session: Session }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>("overview");
  const [version, setVersion] = useState(0);
  const outfallsLoad = useLoad(waterOutfalls, [], { describe: (e) => placeError(e, t, []).form });
  const outfalls = outfallsLoad.data ?? NO_OUTFALLS;
  const canWrite = WRITERS.has(session.role);
  const now = localDateTimeIn(plant.timezone);
  const today = now.slice(0, 10);
  const changed = () => setVersion((n) => n + 1);
  const outfallsChanged = () => {
    changed();
    void outfallsLoad.reload();
  };

  return (
    <section className="page water">
      <div className="page__head">
        <h1>{t("water.title")}</h1>
        <span className="muted">{t(`water.basis.${tab}`)}</span>
      </div>
      <TabBar tabs={WATER_TABS} active={tab} onPick={setTab} label={(k) => t(`water.tabs.${k}`)} testId={(k) => `water-tab-${k}`} />
      {tab !== "outfalls" ? <FormError message={outfallsLoad.error} /> : null}
      {tab === "overview" ? <OverviewTab timezone={plant.timezone} today={today} version={version} /> : null}
      {tab === "outfalls" ? (
        <OutfallsTab outfalls={outfalls} error={outfallsLoad.error} canWrite={canWrite} today={today} onChanged={outfallsChanged} />
      ) : null}
      {tab === "readings" ? (
        <ReadingsTab outfalls={outfalls} canWrite={canWrite} today={today} now={now} version={version} onChanged={changed} />
      ) : null}
      {tab === "import" ? <ImportTab outfalls={outfalls} canWrite={canWrite} onImported={changed} /> : null}
      {tab === "chart" ? (
        <ErrorBoundary fallback={(m) => <FormError message={t("errors.unexpected", { message: m })} />}>
          <Suspense fallback={<p className="muted">{t("table.loading")}</p>}>
            <ChartTab key={outfalls.length} outfalls={outfalls} timezone={plant.timezone} today={today} />
          </Suspense>
        </ErrorBoundary>
      ) : null}
      {tab === "loads" ? <LoadsTab today={today} version={version} /> : null}
      {tab === "exceedances" ? (
        <ExceedancesTab today={today} version={version} canAdopt={canWriteHazards(session)} onChanged={changed} />
      ) : null}
    </section>
  );
}
