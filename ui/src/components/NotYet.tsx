import { useTranslation } from "react-i18next";

/** Honest empty state for screens that this version does not have yet. */
export function NotYet({ area }: { area: string }) {
  const { t } = useTranslation();
  return (
    <section className="not-yet" data-testid="not-yet">
      <h1>{area}</h1>
      <div className="not-yet__box">
        <strong>{t("notYet.title")}</strong>
        <p>{t("notYet.body", { area })}</p>
      </div>
    </section>
  );
}
