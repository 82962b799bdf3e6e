// First run: choose what this database is — a plant's system of record (setup_plant: the plant
// and its first administrator) or the group's HQ review file (setup_hq: the group and its first
// administrator). The choice is made once; the core writes it into the file.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { setupPlant, type DbKind, type Jurisdiction } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { a11yFor, Field, FormError } from "../../components/Field";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { HqSetupForm } from "./HqSetupForm";
import { TIME_ZONES } from "./timeZones";

const JURISDICTIONS: Jurisdiction[] = ["CN", "US", "EU"];
const FIELDS = [
  "plant_code",
  "plant_name",
  "segment",
  "jurisdiction",
  "timezone",
  "admin_username",
  "admin_display_name",
  "password",
  "password_confirm",
] as const;
const ALIASES = { admin_password: "password" };

type Props = { onDone: () => Promise<void> | void; initialMode?: DbKind };

export function SetupScreen({ onDone, initialMode = "plant" }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<DbKind>(initialMode);
  return (
    <div className="center-screen">
      <div className="card card--wide">
        <div className="card__top">
          <h1>{t("setup.title")}</h1>
          <LanguageSwitch />
        </div>
        <fieldset className="setup__mode">
          <legend>{t("setup.modeTitle")}</legend>
          <label className="check">
            <input
              type="radio"
              name="setup-mode"
              value="plant"
              data-testid="setup-mode-plant"
              checked={mode === "plant"}
              onChange={() => setMode("plant")}
            />
            {t("setup.modePlant")}
          </label>
          <label className="check">
            <input
              type="radio"
              name="setup-mode"
              value="hq"
              data-testid="setup-mode-hq"
              checked={mode === "hq"}
              onChange={() => setMode("hq")}
            />
            {t("setup.modeHq")}
          </label>
          <p className="muted setup__mode-hint">{mode === "plant" ? t("setup.modePlantHint") : t("setup.modeHqHint")}</p>
        </fieldset>
        {mode === "plant" ? <PlantSetupForm onDone={onDone} /> : <HqSetupForm onDone={onDone} />}
      </div>
    </div>
  );
}

function PlantSetupForm({ onDone }: { onDone: () => Promise<void> | void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({
    plant_code: "",
    plant_name: "",
    segment: "",
    jurisdiction: "CN" as Jurisdiction,
    timezone: "Asia/Shanghai",
    admin_username: "",
    admin_display_name: "",
    password: "",
    password_confirm: "",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));

  const check = (): FieldErrors => {
    const out: FieldErrors = {};
    for (const k of ["plant_code", "plant_name", "segment", "timezone", "admin_username", "admin_display_name"] as const) {
      if (!v[k].trim()) out[k] = t("common.required");
    }
    if (v.password.length < 8) out.password = t("setup.passwordShort");
    if (v.password_confirm !== v.password) out.password_confirm = t("setup.passwordMismatch");
    return out;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await setupPlant({
        plant_code: v.plant_code.trim(),
        plant_name: v.plant_name.trim(),
        segment: v.segment.trim(),
        jurisdiction: v.jurisdiction,
        timezone: v.timezone.trim(),
        admin_username: v.admin_username.trim(),
        admin_display_name: v.admin_display_name.trim(),
        admin_password: v.password,
      });
      await onDone();
    } catch (err) {
      const placed = placeError(err, t, FIELDS, ALIASES);
      setErrors(placed.fields);
      setFormError(placed.form);
      setBusy(false);
    }
  };

  const text = (name: (typeof FIELDS)[number], label: string, testId: string, type = "text", extra = {}) => (
    <Field id={`setup-${name}`} name={name} label={label} error={errors[name]}>
      <input
        {...a11yFor(`setup-${name}`, errors[name])}
        data-testid={testId}
        type={type}
        value={v[name]}
        onChange={set(name)}
        {...extra}
      />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate data-testid="setup-plant-form">
      <p className="muted">{t("setup.intro")}</p>
      <FormError message={formError} />
      <fieldset>
        <legend>{t("setup.plantSection")}</legend>
        <div className="grid2">
          {text("plant_code", t("setup.plantCode"), "setup-plant-code", "text", { autoFocus: true })}
          {text("plant_name", t("setup.plantName"), "setup-plant-name")}
          {text("segment", t("setup.segment"), "setup-segment")}
          <Field id="setup-jurisdiction" name="jurisdiction" label={t("setup.jurisdiction")} error={errors.jurisdiction}>
            <select
              {...a11yFor("setup-jurisdiction", errors.jurisdiction)}
              data-testid="setup-jurisdiction"
              value={v.jurisdiction}
              onChange={set("jurisdiction")}
            >
              {JURISDICTIONS.map((j) => (
                <option key={j} value={j}>
                  {t(`jurisdictions.${j}`)}
                </option>
              ))}
            </select>
          </Field>
          {text("timezone", t("setup.timezone"), "setup-timezone", "text", { list: "setup-tz-list", spellCheck: false })}
        </div>
        <datalist id="setup-tz-list">
          {TIME_ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </fieldset>
      <fieldset>
        <legend>{t("setup.adminSection")}</legend>
        <div className="grid2">
          {text("admin_username", t("setup.username"), "setup-username", "text", { autoComplete: "username" })}
          {text("admin_display_name", t("setup.displayName"), "setup-display-name")}
          <Field
            id="setup-password"
            name="password"
            label={t("setup.password")}
            error={errors.password}
            hint={t("setup.passwordHint")}
          >
            <input
              {...a11yFor("setup-password", errors.password, errors.password ? undefined : "setup-password-hint")}
              data-testid="setup-password"
              type="password"
              autoComplete="new-password"
              value={v.password}
              onChange={set("password")}
            />
          </Field>
          {text("password_confirm", t("setup.passwordConfirm"), "setup-password-confirm", "password", {
            autoComplete: "new-password",
          })}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" data-testid="setup-submit" disabled={busy}>
          {busy ? t("setup.submitting") : t("setup.submit")}
        </button>
      </div>
    </form>
  );
}
