// 危险废物: seven tabs — the generation ledger (HJ 1259-2022 B.1: the form above the ledger, with
// the monthly export), the weekly generation trend, the storage inventory (B.2/B.3), shipments
// under transfer manifests (B.3 + B.5), the registry of receivers and transporters, general solid
// waste (GRI 306), and the record tables (B.1–B.5, summary, solid waste) for any period and code.
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { listHwCodes, listStreams, type HwCode, type Plant, type Session, type WasteStream } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { GenerationForm } from "./GenerationForm";
import { LedgerTable } from "./LedgerTable";
import { InventoryTab } from "./InventoryTab";
import { LedgerExport } from "./LedgerExport";
import { ImportDialog } from "./ImportDialog";
import { ShipmentsTab } from "./ShipmentsTab";
import { ReceiversTab } from "./ReceiversTab";
import { SolidWasteTab } from "./SolidWasteTab";
import { LedgerTablesTab } from "./LedgerTablesTab";
import { WRITERS } from "./shipping";
import { CategoryStrip } from "./CategoryStrip";
import { TabBar } from "../../components/TabBar";

// The trend tab carries uPlot (a canvas library): loaded when the tab is first opened.
const TrendTab = lazy(() => import("./TrendTab").then((m) => ({ default: m.TrendTab })));

const TABS = ["ledger", "trend", "inventory", "shipments", "receivers", "solid", "tables"] as const;
type Tab = (typeof TABS)[number];
/** i18n namespace holding each tab's title and basis line. */
const HEAD: Record<Tab, string> = {
  ledger: "waste",
  trend: "trend",
  inventory: "inventory",
  shipments: "shipments",
  receivers: "receivers",
  solid: "solid",
  tables: "tables",
};

const NO_STREAMS: WasteStream[] = [];
const NO_CODES: HwCode[] = [];

/** Roles the core lets void entries, import ledgers, add facilities, move containers and ship. */
const VOIDERS = WRITERS;

export function WasteScreen({ plant, session }: { plant: Plant; session: Session }) {
  const { t } = useTranslation();
  // Loaded once per visit to the screen; the streams again after one is added.
  const describe = (e: unknown) => placeError(e, t, []).form;
  const streamsLoad = useLoad(listStreams, [], { describe });
  const codesLoad = useLoad(listHwCodes, [], { describe });
  const streams = streamsLoad.data ?? NO_STREAMS;
  const codes = codesLoad.data ?? NO_CODES;
  const loadError = streamsLoad.error ?? codesLoad.error;
  const [ledgerVersion, setLedgerVersion] = useState(0);
  const [tab, setTab] = useState<Tab>("ledger");
  const [importing, setImporting] = useState(false);

  return (
    <section className="page">
      <div className="page__head">
        <h1>{t(`${HEAD[tab]}.title`)}</h1>
        <span className="muted">{t(`${HEAD[tab]}.basis`)}</span>
      </div>
      <CategoryStrip />
      <TabBar tabs={TABS} active={tab} onPick={setTab} label={(k) => t(`waste.tabs.${k}`)} testId={(k) => `tab-${k}`} />
      {tab === "trend" ? (
        <ErrorBoundary fallback={(m) => <FormError message={t("errors.unexpected", { message: m })} />}>
          <Suspense fallback={<p className="muted">{t("table.loading")}</p>}>
            <TrendTab timezone={plant.timezone} />
          </Suspense>
        </ErrorBoundary>
      ) : null}
      {tab === "inventory" ? <InventoryTab canWrite={VOIDERS.has(session.role)} /> : null}
      {tab === "shipments" ? (
        <ShipmentsTab
          timezone={plant.timezone}
          canWrite={VOIDERS.has(session.role)}
          isAdmin={session.role === "admin"}
        />
      ) : null}
      {tab === "receivers" ? <ReceiversTab canWrite={VOIDERS.has(session.role)} /> : null}
      {tab === "tables" ? <LedgerTablesTab timezone={plant.timezone} /> : null}
      {tab === "solid" ? <SolidWasteTab canWrite={VOIDERS.has(session.role)} timezone={plant.timezone} /> : null}
      <div hidden={tab !== "ledger"}>
        <FormError message={loadError} />
        <GenerationForm
          plant={plant}
          streams={streams}
          codes={codes}
          onRecorded={() => setLedgerVersion((n) => n + 1)}
          onStreamAdded={streamsLoad.reload}
        />
        <LedgerExport timezone={plant.timezone}>
          {VOIDERS.has(session.role) ? (
            <button type="button" className="btn" data-testid="import-open" onClick={() => setImporting(true)}>
              {t("import.open")}
            </button>
          ) : null}
        </LedgerExport>
        {importing ? (
          <ImportDialog
            onClose={() => setImporting(false)}
            onImported={() => setLedgerVersion((n) => n + 1)}
          />
        ) : null}
        <LedgerTable
          streams={streams}
          canVoid={VOIDERS.has(session.role)}
          version={ledgerVersion}
          onChanged={() => setLedgerVersion((n) => n + 1)}
        />
      </div>
    </section>
  );
}
