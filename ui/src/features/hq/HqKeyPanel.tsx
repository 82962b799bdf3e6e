// HQ 公钥: HQ's own public key (made by the core on first use), which every plant registers to
// verify the weeks HQ returns. Its fingerprint grouped in fours (read back over the phone), the
// PEM text, and two ways to hand it over: copy it, or save it as a .pem file.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { hqPublicKey } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { groupFingerprint } from "../sync/format";

export function HqKeyPanel() {
  const { t } = useTranslation();
  const key = useLoad(hqPublicKey, [], { describe: (e) => placeError(e, t, []).form });
  const [copied, setCopied] = useState<boolean | null>(null);
  const [href, setHref] = useState<string | null>(null);
  const pem = key.data?.[1] ?? null;

  // A file link for the PEM (revoked when the key or the screen goes).
  useEffect(() => {
    if (!pem || typeof URL.createObjectURL !== "function") return;
    const url = URL.createObjectURL(new Blob([pem], { type: "application/x-pem-file" }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [pem]);

  const copy = async () => {
    if (!pem) return;
    try {
      await navigator.clipboard.writeText(pem);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section className="panel" data-testid="hq-key-panel">
      <div className="panel__head">
        <h2>{t("hq.key.title")}</h2>
        <span className="hq-key__actions">
          <button type="button" className="btn" data-testid="hq-key-copy" disabled={!pem} onClick={() => void copy()}>
            {t("hq.key.copy")}
          </button>
          {href ? (
            <a className="btn hq-key__save" data-testid="hq-key-save" href={href} download="ehs-ledger-hq-public-key.pem">
              {t("hq.key.save")}
            </a>
          ) : null}
        </span>
      </div>
      <p className="muted">{t("hq.key.explain")}</p>
      <FormError message={key.error} testId="hq-key-error" />
      {key.data ? (
        <>
          <dl className="props">
            <div className="props__row">
              <dt>{t("hq.registry.fingerprint")}</dt>
              <dd className="plant-key__fingerprint" data-testid="hq-key-fingerprint">
                {groupFingerprint(key.data[0])}
              </dd>
            </div>
          </dl>
          <pre className="hq-key__pem mono" data-testid="hq-key-pem">
            {key.data[1]}
          </pre>
        </>
      ) : key.loading ? (
        <p className="muted">{t("table.loading")}</p>
      ) : null}
      {copied === true ? (
        <div className="toast" role="status" data-testid="hq-key-copied">
          {t("hq.key.copied")}
        </div>
      ) : null}
      {copied === false ? <FormError message={t("hq.key.copyFailed")} testId="hq-key-copy-failed" /> : null}
    </section>
  );
}
