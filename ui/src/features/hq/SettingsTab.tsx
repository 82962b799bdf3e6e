// HQ 设置: the group (read-only) and HQ's settings in groups — the deadline in days after a week's
// Sunday; the mailbox the plants' packets arrive in (IMAP host, port, security, user, folders);
// returns by mail (the sender address, the SMTP server, port, security, user and timeout) — each
// with its help, edited in place and saved on its own; the core checks the value and its refusal
// shows on that row only. Below: the mailbox (password, read now), the SMTP password returns are
// mailed with, and the returns outbox (the plant's outbox panel over HQ's file: send now, retry).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { hqSetSetting, hqSettings, type HqOrg, type HqSetting } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, FormError } from "../../components/Field";
import { MailboxPanel } from "./MailboxPanel";
import { ReturnsMailPanel } from "./ReturnsMailPanel";
import { OutboxPanel } from "../sync/OutboxPanel";

/** Settings chosen from a closed list. */
const CHOICES: Record<string, readonly string[]> = {
  imap_security: ["tls", "starttls", "plain"],
  smtp_security: ["starttls", "tls", "none"],
};

/** Settings typed as whole numbers. */
const NUMERIC = new Set(["deadline_days", "imap_port", "smtp_port", "smtp_timeout_s"]);

/** The groups the settings are shown in, in order; a key in none of them is shown under "other". */
const GROUPS: ReadonlyArray<readonly [string, (key: string) => boolean]> = [
  ["general", (k) => k === "deadline_days"],
  ["mailbox", (k) => k.startsWith("imap_")],
  ["returns", (k) => k === "return_from" || k.startsWith("smtp_")],
];

/** The settings by group, in the core's order within each; empty groups left out. */
export function groupSettings(settings: readonly HqSetting[]): Array<[string, HqSetting[]]> {
  const groupOf = (key: string) => GROUPS.find(([, has]) => has(key))?.[0] ?? "other";
  const names = [...GROUPS.map(([g]) => g), "other"];
  return names.map((g): [string, HqSetting[]] => [g, settings.filter((s) => groupOf(s.key) === g)]).filter(([, list]) => list.length > 0);
}

/** A choice as shown ("starttls" → "STARTTLS（587 端口）"; the value itself when it has no label). */
const choiceLabel = (t: TFunction, key: string, value: string) => t(`hq.settings.choices.${key}.${value}`, { defaultValue: value });

export function SettingsTab({ group, dbPath }: { group: HqOrg; dbPath: string }) {
  const { t } = useTranslation();
  const load = useLoad(hqSettings, [], { describe: (e) => placeError(e, t, []).form });
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // Bumped when a setting was saved: the SMTP password's account follows the server and user.
  const [version, setVersion] = useState(0);
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
            {groupSettings(load.data ?? []).map(([g, list]) => (
              <tbody key={g} data-testid={`hq-settings-group-${g}`}>
                <tr className="plant-settings__group">
                  <th colSpan={3} scope="rowgroup">
                    {t(`hq.settings.groups.${g}`)}
                  </th>
                </tr>
                {list.map((s) => (
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
                      setVersion((n) => n + 1);
                      await load.reload();
                    }}
                  />
                ))}
              </tbody>
            ))}
          </table>
        </div>
      </div>
      <MailboxPanel />
      <ReturnsMailPanel refreshKey={version} />
      <OutboxPanel variant="hq" timezone={group.timezone} refreshKey={version} />
    </section>
  );
}

/** A setting's value as the row shows it. */
function shown(t: TFunction, s: HqSetting): string {
  if (s.value === "") return t("plantSettings.notSet");
  if (s.key === "deadline_days") return t("hq.settings.days", { n: s.value });
  if (s.key === "smtp_timeout_s") return t("hq.settings.seconds", { n: s.value });
  return CHOICES[s.key] ? choiceLabel(t, s.key, s.value) : s.value;
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
                    {choiceLabel(t, s.key, c)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...a11yFor(inputId, error, `${inputId}-hint`)}
                data-testid={inputId}
                inputMode={NUMERIC.has(s.key) ? "numeric" : undefined}
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
            {shown(t, s)}
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
