// Loads a list from the core once (and again on `reload()`), keeping the load error as a
// translated sentence. Screens that show a table read through this instead of repeating it.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { placeError } from "./errors";

export type Loaded<T> = { data: T | null; error: string | null; reload: () => Promise<void> };

export function useLoad<T>(fetch: () => Promise<T>): Loaded<T> {
  const { t } = useTranslation();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await fetch());
      setError(null);
    } catch (e) {
      setError(t("settings.loadFailed", { message: placeError(e, t, []).detail ?? String(e) }));
    }
  }, [fetch, t]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}
