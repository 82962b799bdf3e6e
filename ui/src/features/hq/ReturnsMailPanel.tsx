// 退回邮件发送: the password of the SMTP account HQ mails its returns through (the server, port,
// security, user name and sender are HQ settings, in the "Returns by mail" group above). The
// password never goes into the database: `smtp_password_set` puts it in the OS keyring, or keeps
// it for this session only where no keyring works, and the panel says which. The account follows
// the server and user name, so the state is read again when a setting was saved.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { smtpPasswordSet, smtpPasswordState } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";

type Props = {
  /** Changes when an HQ setting was saved: the password's account may have changed. */
  refreshKey: number;
};

export function ReturnsMailPanel({ refreshKey }: Props) {
  const { t } = useTranslation();
  const pw = useLoad(smtpPasswordState, [refreshKey], { describe: (e) => placeError(e, t, []).form });
  const [password, setPassword] = useState("");
  const [saved, setSaved] = useState(false);
  const form = useSubmit((e) => placeError(e, t, ["password"]));

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    setSaved(false);
    const found: FieldErrors = password ? {} : { password: t("smtp.passwordEmpty") };
    if (await form.submit(found, async () => void (await smtpPasswordSet(password)))) {
      setPassword("");
      setSaved(true);
      await pw.reload();
    }
  };

  const state = pw.data;
  return (
    <div className="panel" data-testid="hq-returns-mail">
      <h2>{t("hq.returnsMail.title")}</h2>
      <p className="muted">{t("hq.returnsMail.explain")}</p>
      <h3>{t("smtp.password")}</h3>
      <p
        data-testid="hq-smtp-password-state"
        data-state={state ?? ""}
        className={state === "keyring" || state === "not_needed" ? "" : "sync__notes-missing"}
      >
        {state ? t(`smtp.passwordState.${state}`) : (pw.error ?? t("sync.loading"))}
      </p>
      <form className="form-row" onSubmit={(e) => void save(e)} noValidate>
        <Field id="hq-smtp-password" name="password" label={t("smtp.password")} error={form.errors.password} errorDetail={form.errorDetail}>
          <input
            {...a11yFor("hq-smtp-password", form.errors.password)}
            type="password"
            autoComplete="new-password"
            data-testid="hq-smtp-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setSaved(false);
            }}
          />
        </Field>
        <button type="submit" className="btn" data-testid="hq-smtp-password-save" disabled={form.busy}>
          {t("smtp.passwordSave")}
        </button>
      </form>
      <FormError message={form.formError} testId="hq-smtp-password-error" />
      {saved ? (
        <p className="ok" role="status" data-testid="hq-smtp-password-saved">
          {t("smtp.passwordSaved")}
        </p>
      ) : null}
    </div>
  );
}
