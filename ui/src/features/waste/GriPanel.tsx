// GRI 306 (2020) figures for the period, both ledgers (hazardous and general solid waste):
// 306-3 generated, 306-4 diverted, 306-5 directed to disposal, the stock change, the two
// diversion rates side by side, and the route breakdown drawn as one stacked bar.
import { useTranslation } from "react-i18next";
import type { GriWaste } from "../../ipc/api";
import { gramsToTonnes, trimTonnes } from "../../lib/quantity";
import { bpToPercent, orderRoutes, routeColor, routeGroup, signedTonnes } from "./SolidShared";
import { FormError } from "../../components/Field";

/** Grams per route over hazardous/non-hazardous and on/off site, in GRI order. */
export function routeSums(gri: GriWaste): { route: string; grams: number }[] {
  const sums = new Map<string, number>();
  for (const r of gri.routes) sums.set(r.route, (sums.get(r.route) ?? 0) + r.grams);
  return orderRoutes(sums.keys()).map((route) => ({ route, grams: sums.get(route) ?? 0 }));
}

const BAR_W = 1000;
const BAR_H = 28;

function RouteBar({ gri }: { gri: GriWaste }) {
  const { t } = useTranslation();
  const sums = routeSums(gri).filter((s) => s.grams > 0);
  const total = sums.reduce((a, s) => a + s.grams, 0);
  if (total === 0) {
    return (
      <p className="muted" data-testid="gri-bar-empty">
        {t("solid.gri.noRoutes")}
      </p>
    );
  }
  let x = 0;
  const label = (route: string) => t(`solid.routes.${route}`, { defaultValue: route });
  return (
    <div className="gri__chart">
      <svg
        className="gri__bar"
        data-testid="gri-bar"
        viewBox={`0 0 ${BAR_W} ${BAR_H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t("solid.gri.barLabel")}
      >
        {sums.map((s) => {
          const w = (s.grams / total) * BAR_W;
          const rect = (
            <rect key={s.route} data-testid="gri-segment" data-route={s.route} x={x} y={0} width={w} height={BAR_H} fill={routeColor(s.route)}>
              <title>{`${label(s.route)}: ${gramsToTonnes(s.grams)} t`}</title>
            </rect>
          );
          x += w;
          return rect;
        })}
      </svg>
      <ul className="gri__legend" data-testid="gri-legend">
        {sums.map((s) => (
          <li key={s.route} data-testid="gri-legend-item" data-route={s.route}>
            <span className="gri__swatch" style={{ background: routeColor(s.route) }} aria-hidden="true" />
            <span>{label(s.route)}</span>
            <span className="mono">{gramsToTonnes(s.grams)} t</span>
            <span className="muted">({bpToPercent(Math.round((s.grams * 10000) / total))})</span>
            <span className={`gri__group gri__group--${routeGroup(s.route)}`}>{t(`solid.gri.group.${routeGroup(s.route)}`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

type Props = { gri: GriWaste | null; error: string | null };

export function GriPanel({ gri, error }: Props) {
  const { t } = useTranslation();
  const tonnes = (g: number) => `${gramsToTonnes(g)} t`;
  const routes = gri
    ? orderRoutes(gri.routes.map((r) => r.route)).flatMap((route) => gri.routes.filter((r) => r.route === route))
    : [];

  return (
    <section className="panel gri" data-testid="gri-panel" aria-busy={gri === null && !error}>
      <div className="panel__head">
        <h2>{t("solid.gri.title")}</h2>
        <span className="muted">{gri ? t("solid.gri.period", { from: gri.from, to: gri.to }) : t("ledger.loading")}</span>
      </div>
      <FormError message={error} testId="gri-error" />
      {gri && gri.unmapped_methods.length > 0 ? (
        <div className="alert alert--warning gri__unmapped" role="status" data-testid="gri-unmapped">
          {t("solid.gri.unmapped", { methods: gri.unmapped_methods.join(", ") })}
        </div>
      ) : null}
      {gri ? (
        <>
          <dl className="gri__figures">
            <div className="gri__figure" data-testid="gri-generated">
              <dt>{t("solid.gri.generated")}</dt>
              <dd className="mono">{tonnes(gri.generated_hazardous_g + gri.generated_non_hazardous_g)}</dd>
              <dd className="muted">
                <span data-testid="gri-generated-hazardous">{t("solid.gri.hazardous", { tonnes: gramsToTonnes(gri.generated_hazardous_g) })}</span>
                {" · "}
                <span data-testid="gri-generated-non-hazardous">
                  {t("solid.gri.nonHazardous", { tonnes: gramsToTonnes(gri.generated_non_hazardous_g) })}
                </span>
              </dd>
            </div>
            <div className="gri__figure gri__figure--diverted" data-testid="gri-diverted">
              <dt>{t("solid.gri.diverted")}</dt>
              <dd className="mono">{tonnes(gri.diverted_g)}</dd>
            </div>
            <div className="gri__figure gri__figure--disposal" data-testid="gri-disposal">
              <dt>{t("solid.gri.disposal")}</dt>
              <dd className="mono">{tonnes(gri.disposal_g)}</dd>
            </div>
            <div className="gri__figure" data-testid="gri-stock-change">
              <dt>{t("solid.gri.stockChange")}</dt>
              <dd className="mono">{signedTonnes(gri.stock_change_g, gramsToTonnes)} t</dd>
            </div>
          </dl>
          <div className="gri__rates">
            <div className="gri__rate" data-testid="gri-rate-gri">
              <div className="gri__rate-label">{t("solid.gri.griRate")}</div>
              <div className="gri__rate-value">{bpToPercent(gri.gri_diversion_bp)}</div>
            </div>
            <div className="gri__rate" data-testid="gri-rate-zwtl">
              <div className="gri__rate-label">{t("solid.gri.zwtlRate")}</div>
              <div className="gri__rate-value">{bpToPercent(gri.zwtl_diversion_bp)}</div>
            </div>
          </div>
          <p className="muted gri__note">{t("solid.gri.rateNote")}</p>
          <h3 className="gri__sub">{t("solid.gri.breakdown")}</h3>
          <RouteBar gri={gri} />
          <div className="table-wrap table-wrap--narrow">
            <table className="table" data-testid="gri-routes">
              <thead>
                <tr>
                  <th>{t("solid.col.route")}</th>
                  <th>{t("solid.gri.col.gri")}</th>
                  <th>{t("solid.gri.col.waste")}</th>
                  <th>{t("solid.gri.col.site")}</th>
                  <th className="num">{t("solid.col.quantity")}</th>
                </tr>
              </thead>
              <tbody>
                {routes.map((r) => (
                  <tr key={`${r.route}-${r.hazardous}-${r.onsite}`} data-testid="gri-route-row">
                    <td>
                      <span className="gri__swatch" style={{ background: routeColor(r.route) }} aria-hidden="true" />
                      {t(`solid.routes.${r.route}`, { defaultValue: r.route })}
                    </td>
                    <td>{t(routeGroup(r.route) === "diverted" ? "solid.gri.col.306_4" : "solid.gri.col.306_5")}</td>
                    <td>{t(r.hazardous ? "solid.gri.col.hazardous" : "solid.gri.col.nonHazardous")}</td>
                    <td>{t(r.onsite ? "solid.onsite" : "solid.offsite")}</td>
                    <td className="num mono">{trimTonnes(r.tonnes)}</td>
                  </tr>
                ))}
                {routes.length === 0 ? (
                  <tr className="table__placeholder">
                    <td colSpan={5}>{t("solid.gri.noRoutes")}</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
