// 危险废物: two tabs, the generation ledger (HJ 1259-2022 B.1: the form above the ledger) and the
// storage inventory (B.2/B.3).
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { listHwCodes, listStreams, type HwCode, type Plant, type Session, type WasteStream } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { FormError } from "../../components/Field";
import { GenerationForm } from "./GenerationForm";
import { LedgerTable } from "./LedgerTable";
import { InventoryTab } from "./InventoryTab";

type Tab = "ledger" | "inventory";

/** Roles the core lets void entries, add facilities and move containers. */
const VOIDERS = new Set(["admin", "ehs_officer"]);

export function WasteScreen({ plant, session }: { plant: Plant; session: Session }) {
  const { t } = useTranslation();
  const [streams, setStreams] = useState<WasteStream[]>([]);
  const [codes, setCodes] = useState<HwCode[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [ledgerVersion, setLedgerVersion] = useState(0);
  const [tab, setTab] = useState<Tab>("ledger");

  const reloadStreams = useCallback(async () => {
    try {
      setStreams(await listStreams());
    } catch (e) {
      setLoadError(placeError(e, t, []).form);
    }
  }, [t]);

  useEffect(() => {
    void reloadStreams();
    listHwCodes().then(setCodes, (e: unknown) => setLoadError(placeError(e, t, []).form));
    // Load once per visit to the screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <section className="page">
      <div className="page__head">
        <h1>{t(tab === "ledger" ? "waste.title" : "inventory.title")}</h1>
        <span className="muted">{t(tab === "ledger" ? "waste.basis" : "inventory.basis")}</span>
      </div>
      <div className="tabs" role="tablist">
        {(["ledger", "inventory"] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={`tab${tab === k ? " tab--active" : ""}`}
            data-testid={`tab-${k}`}
            onClick={() => setTab(k)}
          >
            {t(`waste.tabs.${k}`)}
          </button>
        ))}
      </div>
      {tab === "inventory" ? <InventoryTab canWrite={VOIDERS.has(session.role)} /> : null}
      <div hidden={tab !== "ledger"}>
        <FormError message={loadError} />
        <GenerationForm
          plant={plant}
          streams={streams}
          codes={codes}
          onRecorded={() => setLedgerVersion((n) => n + 1)}
          onStreamAdded={reloadStreams}
        />
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
