// 周报发送设置: how the weekly packets and the management report leave the plant — the SMTP relay
// (host, port, security, user name, sender), HQ's address, the plant managers' addresses and the
// transport (mail, or files exported to a USB stick). Saved in one go (`set_settings`: one
// transaction, one refusal writes none and names its key, shown under that input). The
// password never goes into the database: `smtp_password_set` puts it in the OS keyring, or keeps
// it for this session only where no keyring works, and the card says which.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  listSettings,
  setSettings,
  smtpPasswordSet,
  smtpPasswordState,
  type SmtpSecurity,
  type Transport,
} from "../../ipc/api";
import { placeErrorIn } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";

/** The settings this card edits, in the order shown. */
export const SMTP_KEYS = [
  "smtp_host",
  "smtp_port",
  "smtp_security",
  "smtp_username",
  "smtp_from",
  "sync_hq_address",
  "report_recipients",
  "sync_transport",
] as const;
type Key = (typeof SMTP_KEYS)[number];

const SECURITY: SmtpSecurity[] = ["starttls", "tls", "none"];
const TRANSPORT: Transport[] = ["mail", "file"];

export function SmtpPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const settings = useLoad(listSettings);
  const pw = useLoad(smtpPasswordState);
  const [edits, setEdits] = useState<Partial<Record<Key, string>>>({});
  const [saved, setSaved] = useState(false);
  const [password, setPassword] = useState("");
  const [pwSaved, setPwSaved] = useState(false);
  const form = useSubmit((e) => placeErrorIn("smtp.invalid", e, t, [...SMTP_KEYS]));
  const pwForm = useSubmit((e) => placeErrorIn("smtp.invalid", e, t, ["password"]));

  const stored = (k: Key) => settings.data?.find((s) => s.key === k)?.value ?? "";
  const value = (k: Key) => edits[k] ?? stored(k);
  const set = (k: Key, v: string) => {
    setEdits((e) => ({ ...e, [k]: v }));
    setSaved(false);
  };

  const save = async () => {
    await form.submit({}, async () => {
      await setSettings(SMTP_KEYS.map((k) => [k, value(k)]));
      setEdits({});
      setSaved(true);
      await settings.reload();
      await pw.reload(); // the account (and whether one is needed) follows host and username
    });
  };

  const savePassword = async () => {
    setPwSaved(false);
    const found: Record<string, string> = password ? {} : { password: t("smtp.passwordEmpty") };
    const ok = await pwForm.submit(found, async () => {
      await smtpPasswordSet(password);
    });
    if (ok) {
      setPassword("");
      setPwSaved(true);
      await pw.reload();
    }
  };

  const text = (k: Key, type = "text", hint?: string) => (
    <Field id={`smtp-${k}`} name={k} label={t(`smtp.keys.${k}`)} error={form.errors[k]} errorDetail={form.errorDetail} hint={hint}>
      <input
        {...a11yFor(`smtp-${k}`, form.errors[k], hint ? `smtp-${k}-hint` : undefined)}
        type={type}
        inputMode={k === "smtp_port" ? "numeric" : undefined}
        data-testid={`smtp-${k}`}
        value={value(k)}
        disabled={!canEdit || settings.data === null}
        onChange={(e) => set(k, e.target.value)}
      />
    </Field>
  );
  const choice = (k: Key, options: readonly string[]) => (
    <Field id={`smtp-${k}`} name={k} label={t(`smtp.keys.${k}`)} error={form.errors[k]} errorDetail={form.errorDetail}>
      <select
        {...a11yFor(`smtp-${k}`, form.errors[k])}
        data-testid={`smtp-${k}`}
        value={value(k)}
        disabled={!canEdit || settings.data === null}
        onChange={(e) => set(k, e.target.value)}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`smtp.choices.${k}.${o}`)}
          </option>
        ))}
      </select>
    </Field>
  );

  const state = pw.data;
  return (
    <section className="panel" data-testid="smtp-panel">
      <h2>{t("smtp.title")}</h2>
      <p className="muted panel__note">{t("smtp.explain")}</p>
      <FormError message={settings.error} testId="smtp-load-error" />
      <form
        className="smtp__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {choice("sync_transport", TRANSPORT)}
        {text("smtp_host")}
        {text("smtp_port")}
        {choice("smtp_security", SECURITY)}
        {text("smtp_username")}
        {text("smtp_from", "email")}
        {text("sync_hq_address", "text", t("smtp.listHint"))}
        {text("report_recipients", "text", t("smtp.listHint"))}
        <FormError message={form.formError} testId="smtp-error" />
        {canEdit ? (
          <button type="submit" className="btn btn--primary" data-testid="smtp-save" disabled={form.busy || settings.data === null}>
            {t("smtp.save")}
          </button>
        ) : (
          <p className="muted" data-testid="smtp-read-only">
            {t("plantSettings.readOnly")}
          </p>
        )}
        {saved ? (
          <span className="panel__note" data-testid="smtp-saved">
            {" "}
            {t("smtp.saved")}
          </span>
        ) : null}
      </form>

      <h3>{t("smtp.password")}</h3>
      <p data-testid="smtp-password-state" data-state={state ?? ""} className={state === "keyring" || state === "not_needed" ? "" : "sync__notes-missing"}>
        {state ? t(`smtp.passwordState.${state}`) : pw.error ?? t("sync.loading")}
      </p>
      {canEdit ? (
        <form
          className="smtp__form"
          onSubmit={(e) => {
            e.preventDefault();
            void savePassword();
          }}
        >
          <Field id="smtp-password" name="password" label={t("smtp.password")} error={pwForm.errors.password} errorDetail={pwForm.errorDetail}>
            <input
              {...a11yFor("smtp-password", pwForm.errors.password)}
              type="password"
              autoComplete="new-password"
              data-testid="smtp-password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setPwSaved(false);
              }}
            />
          </Field>
          <FormError message={pwForm.formError} testId="smtp-password-error" />
          <button type="submit" className="btn" data-testid="smtp-password-save" disabled={pwForm.busy}>
            {t("smtp.passwordSave")}
          </button>
          {pwSaved ? (
            <span className="panel__note" data-testid="smtp-password-saved">
              {" "}
              {t("smtp.passwordSaved")}
            </span>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
