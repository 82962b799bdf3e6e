// The jobs of the app's registry running now (imports, exports; later the outbox, the monitor
// listener, the mail fetch), with their progress, each cancellable. Polled once a second while
// shown: the registry is in memory, so a poll is one lock and a copy.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { cancelJob, listJobs, type JobInfo } from "../../ipc/api";

export const JOBS_POLL_MS = 1000;

export function JobsPanel() {
  const { t } = useTranslation();
  const [jobs, setJobs] = useState<JobInfo[]>([]);

  useEffect(() => {
    let alive = true;
    const poll = () =>
      listJobs().then(
        (j) => alive && setJobs(j),
        () => undefined,
      );
    void poll();
    const timer = setInterval(() => void poll(), JOBS_POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);

  return (
    <div className="card" data-testid="jobs-panel">
      <h2>{t("jobs.title")}</h2>
      {jobs.length === 0 ? <p className="muted">{t("jobs.none")}</p> : null}
      <ul className="jobs">
        {jobs.map((j) => (
          <li key={j.id} data-testid="job-row">
            <strong>{t(`jobs.kinds.${j.kind}`)}</strong> <span className="mono">{j.label}</span>{" "}
            {j.total > 0 ? <span>{t("jobs.progress", { done: j.done, total: j.total })}</span> : null}{" "}
            <button
              type="button"
              className="btn btn--ghost"
              data-testid="job-cancel"
              disabled={j.cancel_requested}
              onClick={() => {
                void cancelJob(j.id).then(() =>
                  setJobs((all) => all.map((x) => (x.id === j.id ? { ...x, cancel_requested: true } : x))),
                );
              }}
            >
              {j.cancel_requested ? t("jobs.cancelling") : t("jobs.cancel")}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
