// The HJ 212 listener as the overview shows it: on or off, its port, packets accepted and
// rejected (by reason), the last packet's time and peer, and why it is not running when it
// failed. Polled every few seconds while the panel is on screen.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { fetchListenerStatus } from "./listenerStatus";
import { localMinute } from "./format";

export const LISTENER_POLL_MS = 5000;

export function ListenerPanel({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  const status = useLoad(fetchListenerStatus, [], { describe: (e) => placeError(e, t, []).detail });
  const { reload } = status;
  useEffect(() => {
    const id = setInterval(() => void reload(), LISTENER_POLL_MS);
    return () => clearInterval(id);
  }, [reload]);
  const s = status.data;
  const reasons = s ? Object.entries(s.counts.by_reason).sort((a, b) => b[1] - a[1]) : [];
  return (
    <section className="panel" data-testid="listener-panel">
      <div className="panel__head">
        <h2>{t("water.listener.title")}</h2>
        {s ? (
          <span className={`badge${s.running ? "" : " badge--voided"}`} data-testid="listener-state">
            {s.running ? t("water.listener.on") : t("water.listener.off")}
          </span>
        ) : null}
      </div>
      {!s && status.error ? (
        <p className="muted" data-testid="listener-unavailable">
          {t("water.listener.unavailable")}
        </p>
      ) : null}
      {s ? (
        <dl className="props">
          <div className="props__row">
            <dt>{t("water.listener.port")}</dt>
            <dd data-testid="listener-port">{s.port}</dd>
          </div>
          <div className="props__row">
            <dt>{t("water.listener.packets")}</dt>
            <dd data-testid="listener-counts">
              {t("water.listener.counts", { accepted: s.counts.accepted, rejected: s.counts.rejected, notData: s.counts.not_data })}
            </dd>
          </div>
          {reasons.length > 0 ? (
            <div className="props__row">
              <dt>{t("water.listener.reasons")}</dt>
              <dd data-testid="listener-reasons">
                {reasons.map(([r, n]) => `${t(`water.rejection.${r}`, { defaultValue: r })} ${n}`).join("，")}
              </dd>
            </div>
          ) : null}
          <div className="props__row">
            <dt>{t("water.listener.last")}</dt>
            <dd data-testid="listener-last">
              {s.last_packet_at ? `${localMinute(s.last_packet_at, timezone)} · ${s.last_peer ?? ""}` : t("water.listener.none")}
            </dd>
          </div>
          {s.error ? (
            <div className="props__row">
              <dt>{t("water.listener.error")}</dt>
              <dd className="form-error">{s.error}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}
