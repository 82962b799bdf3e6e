// The HQ mailbox: its password (into the OS keyring, never the database), "read now" with what
// the pass did, and what the app's background task last did (every 15 minutes).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { hqFetchNow, hqFetchState, hqImapPasswordSet, type FetchSummary } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { displayLocal } from "../../lib/time";

export function MailboxPanel() {
  const { t } = useTranslation();
  const state = useLoad(hqFetchState, [], { describe: (e) => placeError(e, t, []).form });
  const [password, setPassword] = useState("");
  const [saved, setSaved] = useState(false);
  const [result, setResult] = useState<FetchSummary | null>(null);
  const pw = useSubmit((e) => placeError(e, t, ["password"]));
  const fetch = useSubmit((e) => placeError(e, t, []));

  const savePassword = async (ev: FormEvent) => {
    ev.preventDefault();
    setSaved(false);
    const found: Record<string, string> = password ? {} : { password: t("hq.settings.passwordRequired") };
    if (await pw.submit(found, () => hqImapPasswordSet(password))) {
      setPassword("");
      setSaved(true);
    }
  };
  const fetchNow = async () => {
    setResult(null);
    await fetch.submit({}, async () => {
      setResult(await hqFetchNow());
      await state.reload();
    });
  };
  const s = state.data;
  return (
    <div className="panel" data-testid="hq-mailbox">
      <h2>{t("hq.settings.mailboxTitle")}</h2>
      <p className="muted">{t("hq.settings.mailboxHint")}</p>
      <form className="form-row" onSubmit={(e) => void savePassword(e)}>
        <Field id="hq-imap-password" name="password" label={t("hq.settings.password")} error={pw.errors.password}>
          <input
            type="password"
            autoComplete="off"
            value={password}
            data-testid="hq-imap-password"
            onChange={(e) => setPassword(e.target.value)}
            {...a11yFor("hq-imap-password", pw.errors.password)}
          />
        </Field>
        <button type="submit" className="btn" disabled={pw.busy} data-testid="hq-imap-password-save">
          {t("hq.settings.passwordSave")}
        </button>
      </form>
      <FormError message={pw.formError} testId="hq-imap-password-error" />
      {saved && (
        <p className="ok" data-testid="hq-imap-password-saved">
          {t("hq.settings.passwordSaved")}
        </p>
      )}
      <button type="button" className="btn btn--primary" disabled={fetch.busy} onClick={() => void fetchNow()} data-testid="hq-fetch-now">
        {t("hq.settings.fetchNow")}
      </button>
      <FormError message={fetch.formError} testId="hq-fetch-error" />
      {result && (
        <p data-testid="hq-fetch-result" data-accepted={result.accepted}>
          {t("hq.settings.fetchResult", {
            messages: result.messages,
            accepted: result.accepted,
            duplicates: result.duplicates,
            rejected: result.rejected,
            notPackets: result.not_packets,
            skipped: result.skipped_known,
          })}
        </p>
      )}
      <p className="muted" data-testid="hq-fetch-state">
        {s?.last_run_at ? t("hq.settings.fetchLast", { at: displayLocal(s.last_run_at) }) : t("hq.settings.fetchNever")}
        {s?.last_error ? ` · ${t("hq.settings.fetchError", { error: s.last_error })}` : ""}
      </p>
    </div>
  );
}
