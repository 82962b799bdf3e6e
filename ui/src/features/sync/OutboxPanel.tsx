// 发送队列: the outbox as the core derives it — pending and failed counts, the next try and the
// last attempt (plant-local), the newest items with their state and attempts, "retry" on an
// item stopped by a permanent failure and "send now", which wakes the app's background delivery.
// Read again every few seconds while the screen is open (the delivery runs on its own).
// HQ's settings show the same panel over the HQ file's outbox (`variant="hq"`): its items are
// the returns mailed to the plants, listed by plant instead of by stream.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { syncRetry, syncSendNow, syncStatus, syncWorkerState, type ItemStatus, type LastEvent } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { displayLocal, localDateTimeIn } from "../../lib/time";
import { FormError } from "../../components/Field";

/** How often the panel reads the outbox again while it is shown. */
export const OUTBOX_REFRESH_MS = 5000;

/** A UTC instant from the core ("2026-03-23T02:00:00Z") as plant-local "2026-03-23 10:00". */
export function utcToPlant(at: string, timezone: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : displayLocal(localDateTimeIn(timezone, d));
}

type Props = {
  timezone: string;
  /** Changes when something was queued elsewhere on the screen: read again at once. */
  refreshKey: number;
  /** The plant's outbox (packets to HQ, reports to managers) or HQ's (returns to the plants). */
  variant?: "plant" | "hq";
};

export function OutboxPanel({ timezone, refreshKey, variant = "plant" }: Props) {
  const hq = variant === "hq";
  const { t } = useTranslation();
  const describe = (e: unknown) => placeError(e, t, []).form;
  const status = useLoad(syncStatus, [refreshKey], { describe });
  const worker = useLoad(syncWorkerState, [refreshKey], { describe });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [woken, setWoken] = useState(false);
  const { reload } = status;
  const reloadWorker = worker.reload;

  useEffect(() => {
    const id = setInterval(() => {
      void reload();
      void reloadWorker();
    }, OUTBOX_REFRESH_MS);
    return () => clearInterval(id);
  }, [reload, reloadWorker]);

  const act = async (what: string, call: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    setWoken(false);
    try {
      await call();
      if (what === "send") setWoken(true);
      await reload();
      await reloadWorker();
    } catch (e) {
      setError(placeError(e, t, []).form);
    } finally {
      setBusy(null);
    }
  };

  const event = (e: LastEvent) => t("sync.outbox.event", { kind: t(`sync.outbox.events.${e.kind}`), at: utcToPlant(e.at, timezone) });
  const s = status.data;
  const w = worker.data;

  return (
    <section className="panel sync__outbox" data-testid={hq ? "hq-returns-outbox" : "sync-outbox"}>
      <div className="panel__head">
        <h2>{t(hq ? "hq.outbox.title" : "sync.outbox.title")}</h2>
        <button type="button" className="btn" data-testid="sync-send-now" disabled={busy !== null} onClick={() => void act("send", syncSendNow)}>
          {t("sync.outbox.sendNow")}
        </button>
      </div>
      <p className="muted panel__note">{t(hq ? "hq.outbox.explain" : "sync.outbox.explain")}</p>
      <FormError message={status.error} testId="sync-outbox-load-error" />
      <FormError message={error} testId="sync-outbox-error" />
      {woken ? (
        <p className="panel__note" data-testid="sync-send-now-done">
          {t("sync.outbox.woken")}
        </p>
      ) : null}
      {w ? (
        <p className={w.last_error ? "panel__note sync__failed" : "panel__note muted"} data-testid="sync-worker" data-error={w.last_error ? "1" : "0"}>
          {w.stopped
            ? t("sync.outbox.worker.stopped")
            : w.last_run_at
              ? t("sync.outbox.worker.lastRun", { at: utcToPlant(w.last_run_at, timezone) })
              : t("sync.outbox.worker.notYet")}
          {w.last_error ? ` — ${t("sync.outbox.worker.cannotSend", { error: w.last_error })}` : null}
        </p>
      ) : null}
      {s ? (
        <>
          <dl className="props">
            <div className="props__row">
              <dt>{t("sync.outbox.pending")}</dt>
              <dd data-testid="sync-outbox-pending">{s.pending}</dd>
            </div>
            <div className="props__row">
              <dt>{t("sync.outbox.failed")}</dt>
              <dd data-testid="sync-outbox-failed" className={s.failed > 0 ? "sync__failed" : undefined}>
                {s.failed}
              </dd>
            </div>
            <div className="props__row">
              <dt>{t("sync.outbox.nextTry")}</dt>
              <dd data-testid="sync-outbox-next">
                {s.next_try_at ? utcToPlant(s.next_try_at, timezone) : s.due_now ? t("sync.outbox.dueNow") : t("sync.outbox.nothing")}
              </dd>
            </div>
            <div className="props__row">
              <dt>{t("sync.outbox.lastAttempt")}</dt>
              <dd data-testid="sync-outbox-last" data-kind={s.last_attempt?.kind ?? ""}>
                {s.last_attempt ? event(s.last_attempt) : t("sync.outbox.never")}
                {s.last_attempt?.detail ? (
                  <div className={s.last_attempt.kind === "sent" ? "muted" : "sync__failed"} data-testid="sync-outbox-last-detail">
                    {s.last_attempt.detail}
                  </div>
                ) : null}
              </dd>
            </div>
          </dl>
          {s.items.length === 0 ? (
            <p className="muted" data-testid="sync-outbox-empty">
              {t("sync.outbox.empty")}
            </p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="sync-outbox-table">
                <thead>
                  <tr>
                    {hq ? <th>{t("sync.outbox.col.plant")}</th> : null}
                    <th>{t("sync.outbox.col.week")}</th>
                    <th>{t("sync.outbox.col.revision")}</th>
                    {hq ? null : <th>{t("sync.outbox.col.stream")}</th>}
                    <th>{t("sync.outbox.col.state")}</th>
                    <th>{t("sync.outbox.col.attempts")}</th>
                    <th>{t("sync.outbox.col.lastEvent")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {s.items.map((it: ItemStatus) => (
                    <tr key={it.id} data-testid="sync-outbox-row" data-state={it.state} data-item={it.id}>
                      {hq ? (
                        <td className="mono" title={it.subject} data-testid="sync-outbox-row-plant">
                          {it.plant_code ?? it.subject}
                        </td>
                      ) : null}
                      <td>{it.week ?? "—"}</td>
                      <td>{it.revision === null ? "—" : `r${it.revision}`}</td>
                      {hq ? null : <td>{t(`sync.outbox.streams.${it.stream}`)}</td>}
                      <td>
                        <span className={`badge ${it.state === "failed" ? "badge--critical" : it.state === "pending" ? "badge--warning" : ""}`}>
                          {t(`sync.outbox.states.${it.state}`)}
                        </span>
                        {it.state === "pending" && it.next_try_at ? (
                          <div className="muted">{t("sync.outbox.nextAt", { at: utcToPlant(it.next_try_at, timezone) })}</div>
                        ) : null}
                      </td>
                      <td>{it.attempts}</td>
                      <td data-testid="sync-outbox-row-event">
                        {it.last_event ? (
                          <>
                            {event(it.last_event)}
                            {it.last_event.detail ? <div className="muted">{it.last_event.detail}</div> : null}
                          </>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td>
                        {it.state === "failed" ? (
                          <button
                            type="button"
                            className="btn"
                            data-testid="sync-outbox-retry"
                            disabled={busy !== null}
                            onClick={() => void act(it.id, () => syncRetry(it.id))}
                          >
                            {t("sync.outbox.retry")}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : status.loading ? (
        <p className="muted">{t("sync.loading")}</p>
      ) : null}
    </section>
  );
}
