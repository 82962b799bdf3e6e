// 危险废物产生台账 (HJ 1259-2022 B.1): the generation form above the ledger.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { listHwCodes, listStreams, type HwCode, type Plant, type Session, type WasteStream } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { FormError } from "../../components/Field";
import { GenerationForm } from "./GenerationForm";
import { LedgerTable } from "./LedgerTable";

const VOIDERS = new Set(["admin", "ehs_officer"]);

export function WasteScreen({ plant, session }: { plant: Plant; session: Session }) {
  const { t } = useTranslation();
  const [streams, setStreams] = useState<WasteStream[]>([]);
  const [codes, setCodes] = useState<HwCode[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [ledgerVersion, setLedgerVersion] = useState(0);

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
        <h1>{t("waste.title")}</h1>
        <span className="muted">{t("waste.basis")}</span>
      </div>
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
    </section>
  );
}
