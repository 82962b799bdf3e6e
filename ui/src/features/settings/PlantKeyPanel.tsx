// 工厂密钥: the plant's signing key for the weekly packets — its fingerprint (grouped in fours,
// as HQ reads it back over the phone), algorithm and creation date — and the export of the
// public key file HQ registers to verify this plant's packets.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { syncKeyExport, syncKeyInfo } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { localDateTimeIn } from "../../lib/time";
import { FormError } from "../../components/Field";
import { groupFingerprint } from "../sync/format";

export function PlantKeyPanel({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  const describe = (e: unknown) => placeError(e, t, []).form;
  const key = useLoad(syncKeyInfo, [], { describe });
  const [busy, setBusy] = useState(false);
  const [path, setPath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const exportKey = async () => {
    setBusy(true);
    setPath(null);
    setError(null);
    try {
      setPath(await syncKeyExport());
    } catch (e) {
      setError(placeError(e, t, []).form);
    } finally {
      setBusy(false);
    }
  };

  const info = key.data;
  return (
    <section className="panel" data-testid="plant-key-panel">
      <div className="panel__head">
        <h2>{t("plantKey.title")}</h2>
        <button
          type="button"
          className="btn"
          data-testid="plant-key-export"
          disabled={busy || !info}
          onClick={() => void exportKey()}
        >
          {t("plantKey.export")}
        </button>
      </div>
      <p className="muted">{t("plantKey.explain")}</p>
      <FormError message={key.error} testId="plant-key-error" />
      {info ? (
        <dl className="props">
          <div className="props__row">
            <dt>{t("plantKey.fingerprint")}</dt>
            <dd className="plant-key__fingerprint" data-testid="plant-key-fingerprint">
              {groupFingerprint(info.fingerprint)}
            </dd>
          </div>
          <div className="props__row">
            <dt>{t("plantKey.algorithm")}</dt>
            <dd data-testid="plant-key-algorithm">{info.algorithm}</dd>
          </div>
          <div className="props__row">
            <dt>{t("plantKey.created")}</dt>
            <dd data-testid="plant-key-created" title={info.created_at}>
              {localDateTimeIn(timezone, new Date(info.created_at)).slice(0, 10)}
            </dd>
          </div>
        </dl>
      ) : key.loading ? (
        <p className="muted">{t("sync.loading")}</p>
      ) : null}
      {path ? (
        <p className="panel__note" data-testid="plant-key-saved">
          {t("plantKey.saved", { path })}
        </p>
      ) : null}
      <FormError message={error} testId="plant-key-export-error" />
    </section>
  );
}
