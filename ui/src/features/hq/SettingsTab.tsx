// HQ 设置: the group (read-only) and HQ's settings — the deadline in days after a week's Sunday,
// the mailbox the plants' packets arrive in (IMAP host, port, security, user, folders), the
// sender address of returns — each with its help, edited in place and saved on its own; the
// core checks the value and its refusal shows on that row only.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { hqSetSetting, hqSettings, type HqOrg, type HqSetting } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, FormError } from "../../components/Field";
import { MailboxPanel } from "./MailboxPanel";

/** Settings chosen from a closed list. */
const CHOICES: Record<string, readonly string[]> = { imap_security: ["tls", "starttls", "plain"] };

export function SettingsTab({ group, dbPath }: { group: HqOrg; dbPath: string }) {
  const { t } = useTranslation();
  const load = useLoad(hqSettings, [], { describe: (e) => placeError(e, t, []).form });
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const rows: Array<[string, string, string]> = [
    ["hq-settings-group", t("hq.settings.group"), group.name],
    ["hq-settings-timezone", t("hq.settings.timezone"), group.timezone],
    ["hq-settings-db-path", t("settings.dbPath"), dbPath],
  ];
  return (
    <section className="page hq-settings">
      <h1>{t("hq.settings.title")}</h1>
      <div className="panel">
        <h2>{t("hq.settings.groupInfo")}</h2>
        <dl className="props">
          {rows.map(([id, label, value]) => (
            <div key={id} className="props__row">
              <dt>{label}</dt>
              <dd data-testid={id}>{value}</dd>
            </div>
          ))}
        </dl>
      </div>
      <div className="panel" data-testid="hq-settings">
        <h2>{t("hq.settings.listTitle")}</h2>
        <FormError message={load.error} testId="hq-settings-error" />
        <div className="table-wrap">
          <table className="table plant-settings" data-testid="hq-settings-table" aria-busy={load.data === null}>
            <thead>
              <tr>
                <th>{t("plantSettings.col.setting")}</th>
                <th>{t("plantSettings.col.value")}</th>
                <th>{t("plantSettings.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {(load.data ?? []).map((s) => (
                <SettingRow
                  key={s.key}
                  setting={s}
                  editing={editing === s.key}
                  saved={saved === s.key}
                  onEdit={() => {
                    setEditing(s.key);
                    setSaved(null);
                  }}
                  onCancel={() => setEditing(null)}
                  onSaved={async () => {
                    setEditing(null);
                    setSaved(s.key);
                    await load.reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <MailboxPanel />
    </section>
  );
}

type RowProps = {
  setting: HqSetting;
  editing: boolean;
  saved: boolean;
  onEdit: () => void;
  onCancel: () => void;
  onSaved: () => Promise<void>;
};

function SettingRow({ setting: s, editing, saved, onEdit, onCancel, onSaved }: RowProps) {
  const { t } = useTranslation();
  const label = t(`hq.settings.keys.${s.key}`, { defaultValue: s.key });
  const hint = t(`hq.settings.hints.${s.key}`, { defaultValue: s.help });
  const [value, setValue] = useState(s.value);
  // The core names "value" (or "key") as the refused field: both land on this row.
  const { errors, formError, errorDetail, busy, submit, reset } = useSubmit((e) => placeError(e, t, [s.key], { value: s.key, key: s.key }));
  const inputId = `hq-setting-input-${s.key}`;
  const error = errors[s.key];
  const choices = CHOICES[s.key];

  const send = async (e: FormEvent) => {
    e.preventDefault();
    await submit({}, async () => {
      await hqSetSetting(s.key, value);
      await onSaved();
    });
  };

  return (
    <tr data-testid={`hq-setting-row-${s.key}`}>
      <td>
        <label htmlFor={editing ? inputId : undefined} className="plant-settings__label">
          {label}
        </label>
        {s.value === s.default ? (
          <span className="badge badge--none badge--gap" title={t("plantSettings.defaultTitle")}>
            {t("plantSettings.default")}
          </span>
        ) : null}
        <div className="muted plant-settings__hint" id={`${inputId}-hint`}>
          {hint}
        </div>
      </td>
      <td>
        {editing ? (
          <form className="plant-settings__form" onSubmit={send} noValidate>
            {choices ? (
              <select
                {...a11yFor(inputId, error, `${inputId}-hint`)}
                data-testid={inputId}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              >
                {choices.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...a11yFor(inputId, error, `${inputId}-hint`)}
                data-testid={inputId}
                inputMode={s.key === "deadline_days" || s.key === "imap_port" ? "numeric" : undefined}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
            <button type="submit" className="btn btn--primary btn--small" data-testid={`hq-setting-save-${s.key}`} disabled={busy}>
              {t("plantSettings.save")}
            </button>
            <button type="button" className="btn btn--small" onClick={onCancel}>
              {t("common.cancel")}
            </button>
            {error ? (
              <div
                className="field__error"
                id={`${inputId}-error`}
                data-testid={`error-${s.key}`}
                role="alert"
                title={errorDetail ?? undefined}
              >
                {error}
              </div>
            ) : null}
            <FormError message={formError} />
          </form>
        ) : (
          <span className="plant-settings__value" data-testid={`hq-setting-value-${s.key}`}>
            {s.value === "" ? t("plantSettings.notSet") : s.key === "deadline_days" ? t("hq.settings.days", { n: s.value }) : s.value}
          </span>
        )}
        {saved && !editing ? (
          <div className="toast" role="status" data-testid={`hq-setting-saved-${s.key}`}>
            {t("plantSettings.saved", { label })}
          </div>
        ) : null}
      </td>
      <td className="actions">
        {editing ? null : (
          <button
            type="button"
            className="btn btn--small"
            data-testid={`hq-setting-edit-${s.key}`}
            onClick={() => {
              setValue(s.value);
              reset();
              onEdit();
            }}
          >
            {t("plantSettings.edit")}
          </button>
        )}
      </td>
    </tr>
  );
}
