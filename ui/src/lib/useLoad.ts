// Loads something from the core for a screen: once on mount, again whenever `deps` change, and
// on `reload()` (after a change the screen made). Only the newest request may set the result:
// an older, slower answer is dropped, so a table never jumps back to a filter the user already
// left. The last data stays while a new request runs (`loading` says it is stale), and a
// failure keeps it too. Every tab that shows a list reads through this instead of hand-rolling
// request counters.
import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";
import { useTranslation } from "react-i18next";
import { placeError } from "./errors";

export type Loaded<T> = {
  data: T | null;
  /** The failure of the newest request as a translated sentence, or null. */
  error: string | null;
  /** The newest request's rejection as it came (for screens that place it under a field). */
  failure: unknown;
  /** A request is running (the data shown, if any, is from an earlier one). */
  loading: boolean;
  /** Loads again; resolves when this request has settled (whether or not it was the newest). */
  reload: () => Promise<void>;
};

export type LoadOptions = {
  /** Do not load while true (e.g. the period typed is not valid yet); a running request is dropped. */
  skip?: boolean;
  /** Turns a rejection into the sentence shown; null hides it. Default: "加载失败：…". */
  describe?: (e: unknown) => string | null;
};

type State<T> = { data: T | null; failed: boolean; failure: unknown; loading: boolean };

/**
 * @param fetch the request; the newest function given is the one called
 * @param deps  reload when any of these change (default: none — load once, then on `reload()`)
 */
export function useLoad<T>(fetch: () => Promise<T>, deps?: DependencyList, options: LoadOptions = {}): Loaded<T> {
  const { t } = useTranslation();
  const skip = options.skip ?? false;
  const [state, setState] = useState<State<T>>({ data: null, failed: false, failure: null, loading: !skip });
  const latest = useRef(0);
  const fetchRef = useRef(fetch);
  // Declared before the loading effect, so that effect always calls the newest `fetch`.
  useEffect(() => {
    fetchRef.current = fetch;
  });

  const reload = useCallback(async () => {
    const mine = ++latest.current;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    try {
      const data = await fetchRef.current();
      if (mine === latest.current) setState({ data, failed: false, failure: null, loading: false });
    } catch (e) {
      if (mine === latest.current) setState((s) => ({ data: s.data, failed: true, failure: e, loading: false }));
    }
  }, []);

  useEffect(() => {
    if (skip) {
      latest.current++; // whatever is running answers for inputs no longer on screen
      setState((s) => (s.loading ? { ...s, loading: false } : s));
      return;
    }
    void reload();
    // The caller's deps decide when to load again (see the parameter's doc).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [skip, reload, ...(deps ?? [])]);

  const describe = options.describe;
  let error: string | null = null;
  if (state.failed) {
    error = describe
      ? describe(state.failure)
      : t("settings.loadFailed", { message: placeError(state.failure, t, []).detail ?? String(state.failure) });
  }
  return { data: state.data, error, failure: state.failed ? state.failure : null, loading: state.loading, reload };
}
