// 排放口: each outfall's permit entry — discharge mode, unit class, permit number and expiry,
// logger MN — with its parameters (method, required frequency) and their limits (upper/lower,
// months, valid from, basis); the plant's annual caps. Adding an outfall, a parameter, a limit or
// a cap; voiding any of them with a reason (nothing is deleted).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { waterCaps, waterPermitVoid, type Outfall, type Param } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { ReasonDialog } from "../../components/ReasonDialog";
import { AddLimitDialog, AddOutfallDialog, AddParamDialog, CapForm } from "./OutfallDialogs";
import { boundsText, massText, monthRanges, unitText } from "./format";

type Props = { outfalls: Outfall[]; error: string | null; canWrite: boolean; today: string; onChanged: () => void };
type Voiding = { id: string; what: string };

export function OutfallsTab({ outfalls, error, canWrite, today, onChanged }: Props) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [addingParam, setAddingParam] = useState<Outfall | null>(null);
  const [addingLimit, setAddingLimit] = useState<{ o: Outfall; p: Param } | null>(null);
  const [voiding, setVoiding] = useState<Voiding | null>(null);
  const caps = useLoad(waterCaps, [], { describe: (e) => placeError(e, t, []).form });
  const capCodes = [...new Set(outfalls.flatMap((o) => o.params.filter((p) => p.unit === "mg_l").map((p) => p.code)))];
  const changed = () => {
    onChanged();
    void caps.reload();
  };
  return (
    <div>
      <FormError message={error} />
      {canWrite ? (
        <div className="panel__head">
          <span />
          <button type="button" className="btn btn--primary" data-testid="outfall-add" onClick={() => setAdding(true)}>
            {t("water.outfalls.add")}
          </button>
        </div>
      ) : null}
      {outfalls.length === 0 ? <p className="muted panel">{t("water.noOutfalls")}</p> : null}
      {outfalls.map((o) => (
        <section key={o.id} className="panel" data-testid={`outfall-${o.code}`}>
          <div className="panel__head">
            <h2>
              {o.code} · {o.name}
            </h2>
            {canWrite ? (
              <span>
                <button type="button" className="btn btn--small" data-testid={`param-add-${o.code}`} onClick={() => setAddingParam(o)}>
                  {t("water.outfalls.addParam")}
                </button>{" "}
                <button
                  type="button"
                  className="btn btn--small"
                  data-testid={`outfall-void-${o.code}`}
                  onClick={() => setVoiding({ id: o.id, what: t("water.outfalls.voidOutfall", { code: o.code }) })}
                >
                  {t("water.void")}
                </button>
              </span>
            ) : null}
          </div>
          <p className="muted" data-testid={`outfall-permit-${o.code}`}>
            {t(`water.mode.${o.discharge_mode}`)} · {t(`water.unitClass.${o.unit_class}`)}
            {o.receiving ? ` · ${t("water.outfalls.receiving")} ${o.receiving}` : ""} · {t("water.outfalls.permitNo")}{" "}
            {o.permit_no || "—"}
            {o.permit_expires_on ? ` · ${t("water.outfalls.expiresOn", { date: o.permit_expires_on })}` : ""} · MN{" "}
            <span className="mono">{o.mn ?? "—"}</span>
          </p>
          <div className="table-wrap">
            <table className="table" data-testid={`outfall-params-${o.code}`}>
              <thead>
                <tr>
                  <th>{t("water.param")}</th>
                  <th>{t("water.outfalls.method")}</th>
                  <th>{t("water.outfalls.frequency")}</th>
                  <th>{t("water.outfalls.factor")}</th>
                  <th>{t("water.outfalls.limits")}</th>
                  {canWrite ? <th /> : null}
                </tr>
              </thead>
              <tbody>
                {o.params.map((p) => (
                  <tr key={p.id} data-testid="outfall-param-row">
                    <td>
                      <span className="mono">{p.code}</span> {p.name} <span className="muted">{unitText(p.unit)}</span>
                    </td>
                    <td>{t(`water.method.${p.method}`)}</td>
                    <td>{t(`water.frequency.${p.frequency}`)}</td>
                    <td className="mono">{p.factor_code ?? "—"}</td>
                    <td>
                      {p.limits.length === 0 ? <span className="muted">—</span> : null}
                      {p.limits.map((l) => (
                        <div key={l.id} className="limit-line" data-testid="limit-line">
                          {boundsText(l.upper, l.lower)} {unitText(p.unit)} ·{" "}
                          {monthRanges(l.months_text)
                            ? t("water.outfalls.monthsOf", { months: monthRanges(l.months_text) })
                            : t("water.outfalls.allYear")}{" "}
                          · {t("water.outfalls.from", { date: l.valid_from })}
                          {l.basis ? <span className="muted"> · {l.basis}</span> : null}
                          {canWrite ? (
                            <button
                              type="button"
                              className="btn--link"
                              aria-label={t("water.void")}
                              onClick={() => setVoiding({ id: l.id, what: t("water.outfalls.voidLimit", { param: p.code, from: l.valid_from }) })}
                            >
                              ×
                            </button>
                          ) : null}
                        </div>
                      ))}
                    </td>
                    {canWrite ? (
                      <td className="actions">
                        {p.unit !== "m3" ? (
                          <button
                            type="button"
                            className="btn btn--small"
                            data-testid={`limit-add-${o.code}-${p.code}`}
                            onClick={() => setAddingLimit({ o, p })}
                          >
                            {t("water.outfalls.addLimit")}
                          </button>
                        ) : null}{" "}
                        <button
                          type="button"
                          className="btn btn--small"
                          onClick={() => setVoiding({ id: p.id, what: t("water.outfalls.voidParam", { param: p.code, outfall: o.code }) })}
                        >
                          {t("water.void")}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <section className="panel" data-testid="caps-list">
        <h2>{t("water.caps.listTitle")}</h2>
        <FormError message={caps.error} />
        {caps.data && caps.data.length === 0 ? <p className="muted">{t("water.caps.none")}</p> : null}
        <ul>
          {(caps.data ?? []).map((c) => (
            <li key={c.id} data-testid="cap-row">
              {t(`water.params.${c.param_code}`, { defaultValue: c.param_code })}: {massText(c.cap_g, "t")} t/a ·{" "}
              {t("water.caps.fromYearShort", { year: c.from_year })}
              {c.basis ? <span className="muted"> · {c.basis}</span> : null}
              {canWrite ? (
                <button
                  type="button"
                  className="btn--link"
                  aria-label={t("water.void")}
                  onClick={() => setVoiding({ id: c.id, what: t("water.caps.voidCap", { param: c.param_code, year: c.from_year }) })}
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {canWrite && capCodes.length > 0 ? <CapForm codes={capCodes} year={Number(today.slice(0, 4))} onSet={changed} /> : null}
      </section>
      {adding ? (
        <AddOutfallDialog
          today={today}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            changed();
          }}
        />
      ) : null}
      {addingParam ? (
        <AddParamDialog
          outfall={addingParam}
          today={today}
          onClose={() => setAddingParam(null)}
          onAdded={() => {
            setAddingParam(null);
            changed();
          }}
        />
      ) : null}
      {addingLimit ? (
        <AddLimitDialog
          outfall={addingLimit.o}
          param={addingLimit.p}
          today={today}
          onClose={() => setAddingLimit(null)}
          onAdded={() => {
            setAddingLimit(null);
            changed();
          }}
        />
      ) : null}
      {voiding ? (
        <ReasonDialog
          idPrefix="permit-void"
          title={t("water.outfalls.voidTitle")}
          intro={voiding.what}
          place={(e) => placeError(e, t, ["reason"])}
          action={async (reason) => {
            await waterPermitVoid(voiding.id, reason);
            setVoiding(null);
            changed();
          }}
          onClose={() => setVoiding(null)}
        />
      ) : null}
    </div>
  );
}
