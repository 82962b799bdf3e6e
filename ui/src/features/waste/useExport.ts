// One document export (manifest PDF, ledger workbook): busy while the core writes the file,
// then the absolute path it wrote, or the error as a sentence.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { placeError } from "../../lib/errors";

export function useExport() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [path, setPath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (call: () => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setPath(null);
    setError(null);
    try {
      setPath(await call());
    } catch (e) {
      setError(placeError(e, t, []).form);
    } finally {
      setBusy(false);
    }
  };

  return { busy, path, error, run };
}
