// 工厂参数: the closed list of plant settings from the core (USCC, address, contact, tolerances,
// reminder lead times, the management category's inputs, a US plant's generator status …), each
// with its value and a 默认 badge while unchanged; closed lists are chosen from a drop-down. A row is edited
// in place and saved on its own; the core validates and decides who may save, and its refusal
// is shown on that row only.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import {
  isAppError,
  listSettings,
  setSetting,
  waterListenerApply,
  type DlPolicy,
  type WebhookKind,
  type GeneratorStatus,
  type ManagementCategory,
  type Setting,
} from "../../ipc/api";
import { errorText, placeError, type PlacedError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, FormError } from "../../components/Field";
import i18n from "../../i18n";

/** Settings shown with a unit after the value. */
const UNIT: Record<string, "days" | "permille" | "tonnes" | "percent"> = {
  licence_warn_days: "days",
  water_permit_warn_days: "days",
  hazard_remind_days: "days",
  backup_interval_days: "days",
  backup_stale_days: "days",
  water_min_validity_pct: "percent",
  storage_limit_days: "days",
  tolerance_measured_permille: "permille",
  tolerance_estimated_permille: "permille",
  eia_annual_estimate_t: "tonnes",
};
/** Settings whose value is a yes/no choice. */
const YES_NO = new Set(["own_hw_facility", "hw_operating_licence", "water_listener_enabled"]);
/** Settings whose value is one of a closed list (the core's text_enum), or empty. */
const CHOICES: Record<string, readonly string[]> = {
  authority_category: ["key", "simplified", "registered"] satisfies ManagementCategory[],
  us_generator_status: ["lqg", "sqg", "sqg_270", "vsqg"] satisfies GeneratorStatus[],
  water_below_dl_policy: ["zero", "half", "full"] satisfies DlPolicy[],
  notify_webhook_kind: ["none", "wecom", "dingtalk"] satisfies WebhookKind[],
};
/** Settings with a number value (a numeric keyboard on touch devices; tonnes take decimals). */
const NUMERIC = new Set(Object.keys(UNIT));

/** The translated name of a setting, else the core's help text. */
export function settingLabel(s: Setting, t: TFunction): string {
  return t(`plantSettings.keys.${s.key}`, { defaultValue: s.help });
}

function shownValue(s: Setting, t: TFunction): string {
  if (YES_NO.has(s.key)) return s.value === "yes" ? t("plantSettings.yes") : t("plantSettings.no");
  if (s.value === "") {
    if (s.key === "storage_limit_days") return t("plantSettings.jurisdictionDefault");
    if (s.key === "us_generator_status") return t("plantSettings.lqgAssumed");
    return t("plantSettings.notSet");
  }
  if (CHOICES[s.key]) return t(`plantSettings.choices.${s.key}.${s.value}`, { defaultValue: s.value });
  const unit = UNIT[s.key];
  return unit ? t(`plantSettings.units.${unit}`, { value: s.value }) : s.value;
}

/**
 * The core names the setting's key, or "value", or "key" as the refused field: all land on the
 * row being saved. An Invalid value gets this screen's sentence for the setting (the core's own
 * sentence stays available as the tooltip).
 */
function placeSettingError(e: unknown, t: TFunction, key: string): PlacedError {
  const placed = placeError(e, t, [key], { value: key, key });
  if (placed.fields[key] && isAppError(e) && e.kind === "Invalid") {
    const own = `plantSettings.invalid.${key}`;
    const text = i18n.exists(own) ? t(own) : errorText(e, t);
    return { ...placed, fields: { [key]: text } };
  }
  return placed;
}

export function PlantSettingsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { data: rows, error: loadError, reload } = useLoad(listSettings);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <div className="panel" data-testid="plant-settings">
      <h2>{t("plantSettings.title")}</h2>
      <p className="muted panel__note plant-settings__intro">{t("plantSettings.intro")}</p>
      <FormError message={loadError} testId="plant-settings-load-error" />
      <div className="table-wrap">
        <table className="table plant-settings" data-testid="plant-settings-table" aria-busy={rows === null}>
          <thead>
            <tr>
              <th>{t("plantSettings.col.setting")}</th>
              <th>{t("plantSettings.col.value")}</th>
              {canEdit ? <th>{t("plantSettings.col.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((s) => (
              <SettingRow
                key={s.key}
                setting={s}
                canEdit={canEdit}
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
                  await reload();
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
      {canEdit ? null : (
        <p className="muted panel__note" data-testid="plant-settings-read-only">
          {t("plantSettings.readOnly")}
        </p>
      )}
    </div>
  );
}

type RowProps = {
  setting: Setting;
  canEdit: boolean;
  editing: boolean;
  saved: boolean;
  onEdit: () => void;
  onCancel: () => void;
  onSaved: () => Promise<void>;
};

function SettingRow({ setting: s, canEdit, editing, saved, onEdit, onCancel, onSaved }: RowProps) {
  const { t } = useTranslation();
  const label = settingLabel(s, t);
  const hint = t(`plantSettings.hints.${s.key}`, { defaultValue: s.help });
  const [value, setValue] = useState(s.value);
  const { errors, formError, errorDetail, busy, submit: run, reset } = useSubmit((e) => placeSettingError(e, t, s.key));
  const inputId = `setting-input-${s.key}`;
  const error = errors[s.key];
  const choices = CHOICES[s.key];

  const open = () => {
    setValue(YES_NO.has(s.key) && s.value !== "yes" ? "no" : s.value);
    reset();
    onEdit();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run({}, async () => {
      await setSetting(s.key, value);
      // The HJ 212 listener follows its settings at once (stopped, or restarted on the port).
      if (s.key.startsWith("water_listener_")) await waterListenerApply();
      await onSaved();
    });
  };

  return (
    <tr data-testid={`setting-row-${s.key}`} className={editing ? "plant-settings__row--editing" : undefined}>
      <td>
        <label htmlFor={editing ? inputId : undefined} className="plant-settings__label">
          {label}
        </label>
        {s.is_default ? (
          <span className="badge badge--none badge--gap" data-testid="setting-default" title={t("plantSettings.defaultTitle")}>
            {t("plantSettings.default")}
          </span>
        ) : null}
        <div className="muted plant-settings__hint" id={`${inputId}-hint`}>
          {hint}
        </div>
      </td>
      <td>
        {editing ? (
          <form className="plant-settings__form" onSubmit={submit} noValidate data-testid={`setting-form-${s.key}`}>
            {YES_NO.has(s.key) ? (
              <select
                {...a11yFor(inputId, error, `${inputId}-hint`)}
                data-testid={inputId}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              >
                <option value="yes">{t("plantSettings.yes")}</option>
                <option value="no">{t("plantSettings.no")}</option>
              </select>
            ) : choices ? (
              <select
                {...a11yFor(inputId, error, `${inputId}-hint`)}
                data-testid={inputId}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              >
                <option value="">{s.key === "us_generator_status" ? t("plantSettings.lqgAssumed") : t("plantSettings.notSet")}</option>
                {choices.map((c) => (
                  <option key={c} value={c}>
                    {t(`plantSettings.choices.${s.key}.${c}`, { defaultValue: c })}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...a11yFor(inputId, error, `${inputId}-hint`)}
                data-testid={inputId}
                inputMode={UNIT[s.key] === "tonnes" ? "decimal" : NUMERIC.has(s.key) ? "numeric" : undefined}
                maxLength={s.key === "uscc" ? 18 : undefined}
                className={s.key === "uscc" ? "mono" : undefined}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
            <button type="submit" className="btn btn--primary btn--small" data-testid={`setting-save-${s.key}`} disabled={busy}>
              {t("plantSettings.save")}
            </button>
            <button type="button" className="btn btn--small" data-testid={`setting-cancel-${s.key}`} onClick={onCancel}>
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
          <span className="plant-settings__value" data-testid={`setting-value-${s.key}`}>
            {shownValue(s, t)}
          </span>
        )}
        {saved && !editing ? (
          <div className="toast" role="status" data-testid={`setting-saved-${s.key}`}>
            {t("plantSettings.saved", { label })}
          </div>
        ) : null}
      </td>
      {canEdit ? (
        <td className="actions">
          {editing ? null : (
            <button type="button" className="btn btn--small" data-testid={`setting-edit-${s.key}`} onClick={open}>
              {t("plantSettings.edit")}
            </button>
          )}
        </td>
      ) : null}
    </tr>
  );
}
