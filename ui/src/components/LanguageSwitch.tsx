import { useTranslation } from "react-i18next";
import { currentLanguage, setLanguage } from "../i18n";

/** Toggles 中文 ⇄ English; the label names the language you switch to. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="btn btn--ghost"
      data-testid="lang-switch"
      aria-label={t("shell.langSwitchLabel")}
      title={t("shell.langSwitchLabel")}
      onClick={() => void setLanguage(currentLanguage() === "zh-CN" ? "en" : "zh-CN")}
    >
      {t("shell.langSwitch")}
    </button>
  );
}
