// One alert list for every screen: the core's alerts (one model for every area), each worded from
// its message key (`alerts.<kind>`) and named parameters in the user's language, with the
// English sentence as the fallback. Coloured by the core's severity; the order is the core's.
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { Alert } from "../ipc/api";
import { groupThousands } from "../lib/quantity";

/** The parameters as the message shows them: the due date from the alert itself, masses
 * grouped, a filing, a management category and a declaration cycle by their translated names,
 * a US generator status by its name, and an age alert's limit note (the US status and its days;
 * empty elsewhere). */
export function alertParams(t: TFunction, a: Alert): Record<string, string> {
  const p: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.params)) if (v !== undefined) p[k] = v;
  if (a.due) p.due = a.due;
  for (const k of ["kg", "limit_kg"]) if (p[k]) p[k] = groupThousands(p[k]);
  if (p.filing) p.filing = t(`category.filings.${p.filing}`, { defaultValue: p.filing });
  for (const k of ["category", "implied"]) if (p[k]) p[k] = t(`category.names.${p[k]}`, { defaultValue: p[k] });
  for (const k of ["cycle_from", "cycle_to"]) if (p[k]) p[k] = t(`category.cycles.${p[k]}`, { defaultValue: p[k] });
  if (p.generator_status) {
    p.generator = t(`alertsUi.generators.${p.generator_status}`, { defaultValue: p.generator_status });
  }
  if (a.kind === "age_overdue" || a.kind === "age_warning") {
    p.limit = p.generator && p.limit_days ? t("alertsUi.usLimit", { generator: p.generator, days: p.limit_days }) : "";
  }
  return p;
}

type Props = {
  alerts: Alert[];
  /** Test id of the list and of each row. */
  testId: string;
  rowTestId: string;
  label: string;
  /** Also name each alert's area (the home screen's list across areas). */
  showArea?: boolean;
};

export function AlertList({ alerts, testId, rowTestId, label, showArea = false }: Props) {
  const { t } = useTranslation();
  return (
    <ul className="alerts" data-testid={testId} aria-label={label}>
      {alerts.length === 0 ? <li className="muted">{t("alertsUi.none")}</li> : null}
      {alerts.map((a) => (
        <li
          key={`${a.kind}/${a.subject}/${a.subject_id ?? ""}/${a.due ?? ""}`}
          className={`alert alert--${a.severity}`}
          data-testid={rowTestId}
          data-kind={a.kind}
        >
          <strong>{t(`alertsUi.severity.${a.severity}`)}</strong>{" "}
          {showArea ? <span className="badge">{t(`alertsUi.areas.${a.area}`)}</span> : null}{" "}
          <span className="mono">{a.subject}</span>{" "}
          {t(a.message_key, { ...alertParams(t, a), defaultValue: a.message })}
        </li>
      ))}
    </ul>
  );
}
