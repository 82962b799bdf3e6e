// The plant's users (username, display name, role) and, for admins, a form to add one.
// The core checks the role and the secret rules; this form only pre-checks what it can see.
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { createUser, listUsers, type Role } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { a11yFor, Field, FormError } from "../../components/Field";

const ROLES: Role[] = ["admin", "ehs_officer", "inspector", "plant_manager", "hq_analyst"];
const FIELDS = ["username", "display_name", "role", "password", "password_confirm"] as const;

type Values = { username: string; display_name: string; role: Role; password: string; password_confirm: string };
const EMPTY: Values = { username: "", display_name: "", role: "ehs_officer", password: "", password_confirm: "" };

export function UsersPanel({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const { data: users, error: loadError, reload: load } = useLoad(listUsers);
  const [v, setV] = useState<Values>(EMPTY);
  const { errors, formError, errorDetail, busy, submit: run } = useSubmit((err) => placeError(err, t, FIELDS));
  const [created, setCreated] = useState<string | null>(null);


  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const username = v.username.trim();
    const found: FieldErrors = {};
    if (!username) found.username = t("common.required");
    else if (users?.some((u) => u.username === username)) found.username = t("users.taken");
    if (!v.password) found.password = t("common.required");
    if (v.password_confirm !== v.password) found.password_confirm = t("users.passwordMismatch");
    setCreated(null);
    await run(found, async () => {
      const s = await createUser({ username, display_name: v.display_name.trim(), role: v.role, password: v.password });
      setCreated(t("users.created", { username: s.username }));
      setV(EMPTY);
      await load();
    });
  };


  const text = (name: "username" | "display_name", label: string, testId: string, extra = {}) => (
    <Field id={`user-${name}`} name={name} label={label} error={errors[name]} errorDetail={errorDetail}>
      <input {...a11yFor(`user-${name}`, errors[name])} data-testid={testId} value={v[name]} onChange={set(name)} {...extra} />
    </Field>
  );

  return (
    <div className="panel">
      <h2>{t("users.title")}</h2>
      <FormError message={loadError} testId="users-load-error" />
      <div className="table-wrap table-wrap--narrow">
        <table className="table" data-testid="settings-users-table" aria-busy={users === null}>
          <thead>
            <tr>
              <th>{t("users.username")}</th>
              <th>{t("users.displayName")}</th>
              <th>{t("users.role")}</th>
            </tr>
          </thead>
          <tbody>
            {(users ?? []).map((u) => (
              <tr key={u.user_id} data-testid="user-row">
                <td className="mono">{u.username}</td>
                <td>{u.display_name}</td>
                <td>{t(`roles.${u.role}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {isAdmin ? (
        <form className="inline-form" onSubmit={submit} noValidate data-testid="user-form">
          <h3>{t("users.addTitle")}</h3>
          <FormError message={formError} />
          {created ? (
            <div className="toast" role="status" data-testid="user-created">
              {created}
            </div>
          ) : null}
          <div className="grid3">
            {text("username", t("users.username"), "user-username", { autoComplete: "off", spellCheck: false })}
            {text("display_name", t("users.displayName"), "user-display-name", { placeholder: t("users.displayNameHint") })}
            <Field
              id="user-role"
              name="role"
              label={t("users.role")}
              error={errors.role}
              errorDetail={errorDetail}
            >
              <select {...a11yFor("user-role", errors.role)} data-testid="user-role" value={v.role} onChange={set("role")}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id="user-password"
              name="password"
              label={t("users.password")}
              error={errors.password}
              errorDetail={errorDetail}
              hint={t("users.passwordHint")}
            >
              <input
                {...a11yFor("user-password", errors.password, errors.password ? undefined : "user-password-hint")}
                data-testid="user-password"
                type="password"
                autoComplete="new-password"
                value={v.password}
                onChange={set("password")}
              />
            </Field>
            <Field
              id="user-password_confirm"
              name="password_confirm"
              label={t("users.passwordConfirm")}
              error={errors.password_confirm}
              errorDetail={errorDetail}
            >
              <input
                {...a11yFor("user-password_confirm", errors.password_confirm)}
                data-testid="user-password-confirm"
                type="password"
                autoComplete="new-password"
                value={v.password_confirm}
                onChange={set("password_confirm")}
              />
            </Field>
            <div className="inline-form__submit">
              <button type="submit" className="btn btn--primary" data-testid="user-submit" disabled={busy}>
                {t("users.submit")}
              </button>
            </div>
          </div>
        </form>
      ) : null}
    </div>
  );
}
