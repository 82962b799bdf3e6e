// 管理类别 (HJ 1259-2022 §4.2: 重点 / 简化 / 登记) decided by the core from the last three full
// years of the ledger and the plant's category settings (EIA/permit estimate, the authority's
// category, licence, own facility), with the reason next to it, this year's tonnage so far, and
// the declarations falling due (§7.2) as chips that turn amber a week before the due day and red
// two days before. A load failure is one quiet line, not an error page.
import { trimTonnes } from "../../lib/quantity";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { plantCategory, type PlantCategory, type UpcomingFiling } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import i18n from "../../i18n";

export type FilingTone = "critical" | "warning" | "neutral";

/** The core decides how loud a filing is (waste::category::filing_severity); info is neutral. */
function toneOf(f: UpcomingFiling): FilingTone {
  return f.severity === "critical" || f.severity === "warning" ? f.severity : "neutral";
}

/**
 * Why the category came out as it did, next to it: the rule (by the core's stable reason key)
 * and what it was decided on — the tonnage and where it comes from (the last three years, the
 * years of ledger there are, or the EIA/permit estimate), or, for a category the authority
 * assigned, its document and what the rules alone give. The core's English sentence if the key
 * is new to this build.
 */
function reasonText(c: PlantCategory, t: TFunction): string {
  const own = `category.reasons.${c.reason_key}`;
  if (!i18n.exists(own)) return c.reason;
  const p = c.reason_params;
  if (c.reason_key === "authority") {
    const reason = t(own, { doc: p.doc ?? "" }) + (p.date ? t("category.authorityDate", { date: p.date }) : "");
    const basis = t("category.computed", { name: t(`category.names.${c.computed}`) });
    return t("category.because", { reason, basis });
  }
  const basis = t(`category.basisFrom.${c.basis}`, {
    t: trimTonnes(c.basis_t),
    year: c.basis_year ?? "",
    years: c.inputs.years_of_ledger,
    defaultValue: c.reason,
  });
  return t("category.because", { reason: t(own), basis });
}

function filingText(f: UpcomingFiling, t: TFunction): string {
  const filing = t(`category.filings.${f.filing}`, { defaultValue: f.filing });
  return f.days_left <= 0
    ? t("category.dueToday", { period: f.period, filing, due: f.due })
    : t("category.due", { period: f.period, filing, due: f.due, days: f.days_left });
}

export function CategoryStrip() {
  const { t } = useTranslation();
  const [data, setData] = useState<PlantCategory | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await plantCategory());
      setError(null);
    } catch (e) {
      setError(t("category.loadFailed", { message: placeError(e, t, []).detail ?? String(e) }));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) {
    return (
      <p className="muted category-strip__error" data-testid="category-error">
        {error}
      </p>
    );
  }
  // Hold the strip's usual two lines while loading, so the tabs and buttons below do not jump
  // (a click aimed at a button must not land on what slides under the pointer).
  if (!data) return <div className="category-strip" aria-busy="true" data-testid="category-strip-loading" />;

  const name = t(`category.names.${data.category}`, { defaultValue: data.category_zh });
  const years = data.years.map(([year, tonnes]) => t("category.yearTonnes", { year, t: trimTonnes(tonnes) })).join(" · ");
  return (
    <div className="category-strip" data-testid="category-strip">
      <div className="category-strip__line">
        <span>
          {t("category.label")}
          <strong className={`category-strip__name category-strip__name--${data.category}`} data-testid="category-name" title={data.category_zh}>
            {name}
          </strong>
        </span>
        <span className="muted" data-testid="category-basis" title={years}>
          {reasonText(data, t)}
        </span>
        {years ? (
          <span className="muted category-strip__years" data-testid="category-years">
            {years}
          </span>
        ) : null}
        <span className="muted category-strip__years" data-testid="category-ytd">
          {t("category.ytd", { t: trimTonnes(data.ytd_t) })}
        </span>
      </div>
      <ul className="category-strip__filings" aria-label={t("category.upcoming")} data-testid="category-filings">
        {data.upcoming.length === 0 ? <li className="muted">{t("category.noFilings")}</li> : null}
        {data.upcoming.map((f) => (
          <li
            key={`${f.filing}/${f.period}`}
            className={`filing-chip filing-chip--${toneOf(f)}`}
            data-testid="filing-chip"
          >
            {filingText(f, t)}
          </li>
        ))}
      </ul>
    </div>
  );
}
