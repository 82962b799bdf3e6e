// Start-up routing: app_status decides between first-run setup, sign-in and the shell.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { appStatus, type AppStatus } from "./ipc/api";
import { placeError } from "./lib/errors";
import { SetupScreen } from "./features/setup/SetupScreen";
import { SignInScreen } from "./features/signin/SignInScreen";
import { AppShell } from "./features/shell/AppShell";

type State = { phase: "loading" } | { phase: "failed"; message: string } | { phase: "ready"; status: AppStatus };

export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ phase: "loading" });

  const refresh = useCallback(async () => {
    try {
      setState({ phase: "ready", status: await appStatus() });
    } catch (e) {
      setState({ phase: "failed", message: placeError(e, t, []).detail ?? String(e) });
    }
  }, [t]);

  useEffect(() => {
    void refresh();
    // Only on start; later transitions call refresh() explicitly.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

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
  if (!status.initialized || !status.plant) {
    return <SetupScreen onDone={refresh} />;
  }
  if (!status.session) {
    return <SignInScreen plant={status.plant} onDone={refresh} />;
  }
  return <AppShell plant={status.plant} session={status.session} dbPath={status.db_path} onSignedOut={refresh} />;
}
