// One document export (manifest PDF, ledger workbook): busy while the core writes the file,
// then the absolute path it wrote, or the error as a sentence. Long exports run as jobs of the
// app's registry (`useJob`): the call gets a progress callback, and `cancel()` stops the job (the
// core then writes no file).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { JobProgress } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { isCancelled, useJob } from "../../lib/useJob";

export function useExport() {
  const { t } = useTranslation();
  const job = useJob();
  const [busy, setBusy] = useState(false);
  const [path, setPath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);

  const run = async (call: (onProgress: (p: JobProgress) => void) => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setPath(null);
    setError(null);
    setCancelled(false);
    job.start();
    try {
      setPath(await call(job.onProgress));
    } catch (e) {
      if (isCancelled(e)) setCancelled(true);
      else setError(placeError(e, t, []).form);
    } finally {
      job.finish();
      setBusy(false);
    }
  };

  const cancel = () => void job.cancel().catch(() => undefined);

  return { busy, path, error, progress: job.progress, cancelled, run, cancel };
}
