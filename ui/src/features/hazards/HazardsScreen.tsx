// 隐患: six tabs — the board by status, quick capture, my tasks, the deadline calendar, the
// KPIs and inspections (巡检: rounds due, the round form, records, checklists, schedules). The
// LEC scales are loaded once per visit (the pickers); every list reloads when something was
// written.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hazardLecScales, type Plant, type Session } from "../../ipc/api";
import { localDateTimeIn } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { canWriteHazards } from "./actions";
import { BoardTab } from "./BoardTab";
import { CalendarTab } from "./CalendarTab";
import { InspectionsTab } from "./InspectionsTab";
import { KpiTab } from "./KpiTab";
import { MyTasksTab } from "./MyTasksTab";
import { QuickCapture } from "./QuickCapture";
import { TabBar } from "../../components/TabBar";

export const HAZARD_TABS = ["board", "capture", "tasks", "calendar", "kpi", "inspections"] as const;
type Tab = (typeof HAZARD_TABS)[number];

export function HazardsScreen({ plant, session }: { plant: Plant; session: Session }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>("board");
  const [version, setVersion] = useState(0);
  const scales = useLoad(hazardLecScales, []);
  const today = localDateTimeIn(plant.timezone).slice(0, 10);
  const changed = () => setVersion((n) => n + 1);
  const canWrite = canWriteHazards(session);
  const tabs = HAZARD_TABS.filter((k) => k !== "capture" || canWrite);

  return (
    <section className="page hazards" data-testid="hazards-screen">
      <div className="page__head">
        <h1>{t("hazards.title")}</h1>
        <span className="muted">{t(`hazards.basis.${tab}`)}</span>
      </div>
      <TabBar tabs={tabs} active={tab} onPick={setTab} label={(k) => t(`hazards.tabs.${k}`)} testId={(k) => `hazards-tab-${k}`} />
      {tab === "board" ? <BoardTab session={session} today={today} version={version} onChanged={changed} /> : null}
      {tab === "capture" ? (
        <>
          <FormError message={scales.error} />
          <QuickCapture scales={scales.data} onSaved={changed} />
        </>
      ) : null}
      {tab === "tasks" ? <MyTasksTab session={session} today={today} version={version} onChanged={changed} /> : null}
      {tab === "calendar" ? <CalendarTab session={session} today={today} version={version} onChanged={changed} /> : null}
      {tab === "kpi" ? <KpiTab today={today} version={version} /> : null}
      {tab === "inspections" ? (
        <InspectionsTab session={session} today={today} version={version} scales={scales.data} onChanged={changed} />
      ) : null}
    </section>
  );
}
