// One document export (manifest PDF, ledger workbook): busy while the core writes the file,
// then the absolute path it wrote, or the error as a sentence. Long exports run as jobs of the
// app's registry: the call gets a progress callback whose first report names the job, and
// `cancel()` asks the registry to stop it (the core then writes no file).
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { cancelJob, isAppError, type JobProgress } from "../../ipc/api";
import { placeError } from "../../lib/errors";

export function useExport() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [path, setPath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const jobId = useRef<number | null>(null);
  const cancelAsked = useRef(false);

  const run = async (call: (onProgress: (p: JobProgress) => void) => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setPath(null);
    setError(null);
    setProgress(null);
    setCancelled(false);
    jobId.current = null;
    cancelAsked.current = false;
    const onProgress = (p: JobProgress) => {
      const first = jobId.current === null;
      jobId.current = p.job_id;
      if (first && cancelAsked.current) void cancelJob(p.job_id);
      setProgress(p);
    };
    try {
      setPath(await call(onProgress));
    } catch (e) {
      if (isAppError(e) && e.kind === "Cancelled") setCancelled(true);
      else setError(placeError(e, t, []).form);
    } finally {
      jobId.current = null;
      setBusy(false);
      setProgress(null);
    }
  };

  const cancel = () => {
    cancelAsked.current = true;
    if (jobId.current !== null) void cancelJob(jobId.current).catch(() => undefined);
  };

  return { busy, path, error, progress, cancelled, run, cancel };
}
