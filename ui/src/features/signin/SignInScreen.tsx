// Sign-in for an initialised database: a plant's, or the group's HQ database.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { isAppError, signIn, type HqOrg, type Plant } from "../../ipc/api";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { FormError } from "../../components/Field";
import { errorText } from "../../lib/errors";

/** Whose database this is: named under the title. */
export type SignInPlace = { kind: "plant"; plant: Plant } | { kind: "hq"; group: HqOrg };

export function SignInScreen({ place, onDone }: { place: SignInPlace; onDone: () => Promise<void> | void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The start-up benchmark (BENCHMARKS.md, "Start-up and memory") reads this mark: the sign-in
  // form is on screen and takes input. Set once per page load.
  useEffect(() => {
    if (typeof performance.mark === "function" && performance.getEntriesByName("ehs-interactive").length === 0) {
      performance.mark("ehs-interactive");
    }
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await signIn({ username: username.trim(), password });
      await onDone();
    } catch (err) {
      if (isAppError(err) && err.kind === "Forbidden" && err.field === "password") {
        setError(t("signin.badCredentials"));
      } else {
        setError(t("signin.failed", { message: isAppError(err) ? errorText(err, t) : String(err) }));
      }
      setPassword("");
      setBusy(false);
    }
  };

  return (
    <div className="center-screen">
      <form className="card" onSubmit={submit} noValidate>
        <div className="card__top">
          <h1>{t("signin.title")}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted" data-testid="signin-place">
          {place.kind === "plant"
            ? t("signin.plant", { name: place.plant.name, code: place.plant.code })
            : t("signin.group", { name: place.group.name })}
        </p>
        <FormError message={error} testId="signin-error" />
        <div className="field">
          <label htmlFor="signin-username">{t("signin.username")}</label>
          <input
            id="signin-username"
            data-testid="signin-username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t("signin.password")}</label>
          <input
            id="signin-password"
            data-testid="signin-password"
            type="password"
            autoComplete="current-password"
            aria-invalid={error ? true : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn--primary" data-testid="signin-submit" disabled={busy}>
            {busy ? t("signin.submitting") : t("signin.submit")}
          </button>
        </div>
      </form>
    </div>
  );
}
