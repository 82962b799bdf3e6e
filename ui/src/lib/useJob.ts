// A long job of the app's registry, seen from a screen: the first progress report names the
// job, so `cancel()` can ask the registry to stop it by id — also when the user cancels before
// that report arrived. A job that was stopped rejects with the error kind `Cancelled`
// (`isCancelled`), never to be matched by its message. Imports and exports use this; so will
// every long job that follows (sync, IMAP fetch).
import { useRef, useState } from "react";
import { cancelJob, isAppError, type JobProgress } from "../ipc/api";

export const isCancelled = (e: unknown): boolean => isAppError(e) && e.kind === "Cancelled";

export function useJob() {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const jobId = useRef<number | null>(null);
  const cancelAsked = useRef(false);

  /** Call before starting a job. */
  const start = () => {
    jobId.current = null;
    cancelAsked.current = false;
    setProgress(null);
  };

  /** The progress callback to hand to the job's wrapper. */
  const onProgress = (p: JobProgress) => {
    const first = jobId.current === null;
    jobId.current = p.job_id;
    if (first && cancelAsked.current) void cancelJob(p.job_id).catch(() => undefined);
    setProgress(p);
  };

  /** Call when the job has ended, however it ended. */
  const finish = () => {
    jobId.current = null;
    setProgress(null);
  };

  /** Asks the registry to stop the job (now, or as soon as it has reported its id). */
  const cancel = async (): Promise<void> => {
    cancelAsked.current = true;
    if (jobId.current !== null) await cancelJob(jobId.current);
  };

  return { progress, start, onProgress, finish, cancel };
}
