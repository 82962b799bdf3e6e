// Start-up routing: app_status decides between first-run setup, sign-in and the shell — the
// plant's shell on a plant database, HQ's shell on an HQ database.
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { appStatus, isAppError, type AppStatus } from "./ipc/api";
import { errorText } from "./lib/errors";
import { SetupScreen } from "./features/setup/SetupScreen";
import { SignInScreen } from "./features/signin/SignInScreen";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { FormError } from "./components/Field";

// HQ's screens are a separate chunk: a plant never loads them.
const HqShell = lazy(() => import("./features/hq/HqShell").then((m) => ({ default: m.HqShell })));
// The plant's screens are a chunk of their own too, so the sign-in form is interactive after
// parsing only what it needs (BENCHMARKS.md, "Start-up and memory"); the chunk is fetched while
// the user types, so signing in does not wait for it.
const loadAppShell = () => import("./features/shell/AppShell");
const AppShell = lazy(() => loadAppShell().then((m) => ({ default: m.AppShell })));

type State = { phase: "loading" } | { phase: "failed"; message: string } | { phase: "ready"; status: AppStatus };

export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ phase: "loading" });

  const refresh = useCallback(async () => {
    try {
      setState({ phase: "ready", status: await appStatus() });
    } catch (e) {
      setState({ phase: "failed", message: isAppError(e) ? errorText(e, t) : String(e) });
    }
  }, [t]);

  useEffect(() => {
    void refresh();
    // Only on start; later transitions call refresh() explicitly.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Fetch the plant's screens while the sign-in form waits for the user.
  const plantFile = state.phase === "ready" && state.status.mode !== "hq" && state.status.initialized;
  useEffect(() => {
    if (plantFile) void loadAppShell();
  }, [plantFile]);

  if (state.phase === "loading") {
    return <div className="center-screen muted">{t("app.loading")}</div>;
  }
  if (state.phase === "failed") {
    return (
      <div className="center-screen">
        <div className="card">
          <p className="form-error" role="alert">
            {t("app.startFailed", { message: state.message })}
          </p>
          <button type="button" className="btn btn--primary" onClick={() => void refresh()}>
            {t("app.retry")}
          </button>
        </div>
      </div>
    );
  }

  const { status } = state;
  if (status.mode === "hq") {
    if (!status.initialized || !status.group) {
      return <SetupScreen onDone={refresh} initialMode="hq" />;
    }
    if (!status.session) {
      return <SignInScreen place={{ kind: "hq", group: status.group }} onDone={refresh} />;
    }
    return (
      <ErrorBoundary fallback={(m) => <FormError message={t("errors.unexpected", { message: m })} />}>
        <Suspense fallback={<div className="center-screen muted">{t("app.loading")}</div>}>
          <HqShell group={status.group} session={status.session} dbPath={status.db_path} onSignedOut={refresh} />
        </Suspense>
      </ErrorBoundary>
    );
  }
  if (!status.initialized || !status.plant) {
    return <SetupScreen onDone={refresh} />;
  }
  if (!status.session) {
    return <SignInScreen place={{ kind: "plant", plant: status.plant }} onDone={refresh} />;
  }
  return (
    <Suspense fallback={<div className="center-screen muted">{t("app.loading")}</div>}>
      <AppShell plant={status.plant} session={status.session} dbPath={status.db_path} onSignedOut={refresh} />
    </Suspense>
  );
}
