// First run in HQ mode: the group's name and time zone and the first administrator (setup_hq).
// The core checks everything again; its refusal lands under the field it names.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { setupHq } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { TIME_ZONES } from "./timeZones";

const FIELDS = ["group_name", "timezone", "admin_username", "admin_display_name", "password", "password_confirm"] as const;
type Name = (typeof FIELDS)[number];
/** The core's field names → this form's. */
const ALIASES = { admin_password: "password", username: "admin_username", display_name: "admin_display_name" };

/** Each field's input id and test id. */
const IDS: Record<Name, string> = {
  group_name: "hq-group",
  timezone: "hq-timezone",
  admin_username: "hq-admin-username",
  admin_display_name: "hq-admin-name",
  password: "hq-admin-password",
  password_confirm: "hq-admin-password-confirm",
};

export function HqSetupForm({ onDone }: { onDone: () => Promise<void> | void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<Record<Name, string>>({
    group_name: "",
    timezone: "Asia/Shanghai",
    admin_username: "",
    admin_display_name: "",
    password: "",
    password_confirm: "",
  });
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeError(e, t, FIELDS, ALIASES));

  const check = (): FieldErrors => {
    const out: FieldErrors = {};
    for (const k of ["group_name", "timezone", "admin_username", "admin_display_name"] as const) {
      if (!v[k].trim()) out[k] = t("common.required");
    }
    if (v.password.length < 8) out.password = t("setup.passwordShort");
    if (v.password_confirm !== v.password) out.password_confirm = t("setup.passwordMismatch");
    return out;
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await submit(check(), async () => {
      await setupHq({
        group_name: v.group_name.trim(),
        timezone: v.timezone.trim(),
        admin_username: v.admin_username.trim(),
        admin_display_name: v.admin_display_name.trim(),
        admin_password: v.password,
      });
    });
    if (ok) await onDone();
  };

  const input = (name: Name, label: string, more: Record<string, unknown> = {}, hint?: string) => {
    const id = IDS[name];
    return (
      <Field id={id} name={name} label={label} error={errors[name]} errorDetail={errorDetail} hint={hint}>
        <input
          {...a11yFor(id, errors[name], hint && !errors[name] ? `${id}-hint` : undefined)}
          data-testid={id}
          value={v[name]}
          onChange={(e) => setV((s) => ({ ...s, [name]: e.target.value }))}
          {...more}
        />
      </Field>
    );
  };

  return (
    <form onSubmit={send} noValidate data-testid="setup-hq-form">
      <p className="muted">{t("setup.hq.intro")}</p>
      <FormError message={formError} />
      <fieldset>
        <legend>{t("setup.hq.groupSection")}</legend>
        <div className="grid2">
          {input("group_name", t("setup.hq.groupName"), { autoFocus: true })}
          {input("timezone", t("setup.timezone"), { list: "hq-tz-list", spellCheck: false })}
        </div>
        <datalist id="hq-tz-list">
          {TIME_ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </fieldset>
      <fieldset>
        <legend>{t("setup.adminSection")}</legend>
        <div className="grid2">
          {input("admin_username", t("setup.username"), { autoComplete: "username" })}
          {input("admin_display_name", t("setup.displayName"))}
          {input("password", t("setup.password"), { type: "password", autoComplete: "new-password" }, t("setup.passwordHint"))}
          {input("password_confirm", t("setup.passwordConfirm"), { type: "password", autoComplete: "new-password" })}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" data-testid="hq-setup-submit" disabled={busy}>
          {busy ? t("setup.submitting") : t("setup.hq.submit")}
        </button>
      </div>
    </form>
  );
}
