// A month's VOCs by both methods side by side (domain.md §7.1): the material balance with its
// inputs — I, O1 from the ledger and O1 read off the hazardous-waste shipments per code with
// manifests, O2 per source, E, g/m² — beside the monitoring method's E per source with each
// test against its limit and internal target, and the figure reported with its method. The
// core computes every number; this panel only lays them out.
import { useTranslation } from "react-i18next";
import type { VocMonth } from "../../ipc/api";
import { kg } from "./VocForm";

export function EmissionsPanel({ month }: { month: VocMonth }) {
  const { t } = useTranslation();
  const b = month.balance;
  const m = month.monitoring;
  const row = (id: string, label: string, balance: string | null, monitored: string | null) => (
    <tr data-testid={`voc-row-${id}`}>
      <th scope="row">{label}</th>
      <td className="num mono" data-testid={`voc-${id}-balance`}>
        {balance ?? <span className="muted">—</span>}
      </td>
      <td className="num mono" data-testid={`voc-${id}-monitored`}>
        {monitored ?? <span className="muted">—</span>}
      </td>
    </tr>
  );
  return (
    <section className="panel" data-testid="voc-emissions">
      <h2>{t("voc.emissions.title", { month: month.month })}</h2>
      {!month.has_data ? <p className="muted">{t("voc.emissions.empty")}</p> : null}
      <p data-testid="voc-reported">
        {t("voc.emissions.reported", {
          kg: kg(month.emitted_g),
          method: t(`voc.method.${month.emitted_method}`),
        })}
      </p>
      {b.inconsistent ? (
        <p className="form-error" role="alert" data-testid="voc-inconsistent">
          {t("voc.emissions.inconsistent")}
        </p>
      ) : null}
      <table className="table" data-testid="voc-side-by-side">
        <thead>
          <tr>
            <th scope="col">{t("voc.emissions.item")}</th>
            <th scope="col">{t("voc.method.material_balance")}</th>
            <th scope="col">{t("voc.method.monitored")}</th>
          </tr>
        </thead>
        <tbody>
          {row("input", t("voc.emissions.input"), kg(b.input_g), null)}
          {row("o1-ledger", t("voc.emissions.o1Ledger"), kg(b.recovered_ledger_g), null)}
          {row("o1-waste", t("voc.emissions.o1Waste"), kg(b.recovered_waste_g), null)}
          {row("o2", t("voc.emissions.o2"), kg(b.abated_g), null)}
          {row("e", t("voc.emissions.e"), kg(b.emitted_g), m.emitted_g === null ? null : kg(m.emitted_g))}
          {row("gm2", t("voc.emissions.gPerM2", { m2: month.area_m2 ?? "—" }), b.g_per_m2, null)}
        </tbody>
      </table>

      <h3>{t("voc.emissions.wasteTitle")}</h3>
      {b.waste.length === 0 ? (
        <p className="muted">{t("voc.emissions.noWaste")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("voc.fields.code")}</th>
              <th>{t("voc.emissions.shippedT")}</th>
              <th>{t("voc.fields.voc_pct")}</th>
              <th>{t("voc.emissions.o1Kg")}</th>
              <th>{t("voc.emissions.manifests")}</th>
            </tr>
          </thead>
          <tbody>
            {b.waste.map((w) => (
              <tr key={`${w.code}-${w.voc_pct}`} data-testid="voc-waste-line">
                <td className="mono">{w.code}</td>
                <td className="num mono">{w.shipped_t}</td>
                <td className="num mono">{w.voc_pct} %</td>
                <td className="num mono">{w.recovered_kg}</td>
                <td className="mono">{w.manifests.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t("voc.emissions.abatementTitle")}</h3>
      {b.sources.length === 0 ? (
        <p className="muted">{t("voc.emissions.noAbatement")}</p>
      ) : (
        <ul>
          {b.sources.map((s) => (
            <li key={s.code} data-testid="voc-source-abatement">
              {t("voc.emissions.abatement", {
                code: s.code,
                input: kg(s.input_g),
                capture: s.capture_pct,
                removal: s.removal_pct,
                abated: kg(s.abated_g),
              })}
            </li>
          ))}
        </ul>
      )}

      <h3>{t("voc.emissions.testsTitle")}</h3>
      {m.sources.every((s) => s.tests.length === 0) ? <p className="muted">{t("voc.emissions.noTests")}</p> : null}
      {m.sources
        .filter((s) => s.tests.length > 0)
        .map((s) => (
          <div key={s.code} data-testid="voc-monitored-source">
            <p>
              {t("voc.emissions.monitoredSource", {
                code: s.code,
                kg: s.emitted_g === null ? "—" : kg(s.emitted_g),
                limit: s.limit_mg_m3 ?? "—",
                target: s.target_mg_m3 ?? "—",
              })}
            </p>
            <ul>
              {s.tests.map((x) => (
                <li key={x.id} data-testid="voc-test-check">
                  {x.sampled_at_local} · C {x.c_mg_m3} mg/m³ · Q {x.q_nm3_h} Nm³/h
                  {x.over_limit ? <span className="badge badge--overdue"> {t("voc.emissions.overLimit")}</span> : null}
                  {!x.over_limit && x.over_target ? (
                    <span className="badge badge--warning"> {t("voc.emissions.overTarget")}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ))}
      {m.unmonitored.length > 0 ? (
        <p className="muted" data-testid="voc-unmonitored">
          {t("voc.emissions.unmonitored", { codes: m.unmonitored.join(", ") })}
        </p>
      ) : null}
    </section>
  );
}
