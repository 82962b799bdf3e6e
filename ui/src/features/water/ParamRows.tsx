// The rows of parameters a permit entry lists — each a known parameter (COD, BOD5, NH3-N, pH,
// flow …) or the plant's own code and name, how it is monitored (online = continuous, or manual
// with its required frequency) and its first limit (upper/lower, months, valid from). Used by
// the add-outfall form and by "add a parameter". Pure state helpers beside the component.
import { useTranslation } from "react-i18next";
import type { Frequency, MonitoringMethod, NewParam } from "../../ipc/api";
import { KNOWN_PARAMS } from "./format";
import { DateInput } from "../../components/DateInput";

export type ParamDraft = {
  code: string;
  custom: boolean;
  name: string;
  factor: string;
  method: MonitoringMethod;
  frequency: Frequency;
  upper: string;
  lower: string;
  months: string;
  validFrom: string;
};

export const FREQUENCIES: readonly Frequency[] = ["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly"];

export const emptyParam = (validFrom: string, code = "cod"): ParamDraft => ({
  code,
  custom: false,
  name: "",
  factor: "",
  method: "manual",
  frequency: "monthly",
  upper: "",
  lower: "",
  months: "",
  validFrom,
});

/** The draft as the core takes it; a limit only when a bound is typed (flow has none). */
export function toNewParam(d: ParamDraft): NewParam {
  const hasLimit = d.upper.trim() !== "" || d.lower.trim() !== "";
  return {
    code: d.code.trim(),
    name: d.custom ? d.name.trim() : null,
    method: d.method,
    frequency: d.method === "online" ? "continuous" : d.frequency,
    factor_code: d.factor.trim() === "" ? null : d.factor.trim(),
    limits: hasLimit
      ? [
          {
            upper: d.upper.trim() || null,
            lower: d.lower.trim() || null,
            months: d.months.trim() || null,
            valid_from: d.validFrom,
            basis: "",
          },
        ]
      : [],
  };
}

type Props = {
  rows: ParamDraft[];
  onChange: (rows: ParamDraft[]) => void;
  /** Whether rows can be added and removed (the add-outfall form) or there is just one. */
  many: boolean;
  idPrefix: string;
};

export function ParamRows({ rows, onChange, many, idPrefix }: Props) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<ParamDraft>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="param-rows">
      <table className="table" data-testid={`${idPrefix}-params`}>
        <thead>
          <tr>
            <th>{t("water.param")}</th>
            <th>{t("water.outfalls.ownName")}</th>
            <th>{t("water.outfalls.method")}</th>
            <th>{t("water.outfalls.frequency")}</th>
            <th>{t("water.outfalls.upper")}</th>
            <th>{t("water.outfalls.lower")}</th>
            <th>{t("water.outfalls.months")}</th>
            <th>{t("water.outfalls.validFrom")}</th>
            {many ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid={`${idPrefix}-param-row`}>
              <td>
                <select
                  aria-label={t("water.param")}
                  data-testid={`${idPrefix}-code-${i}`}
                  value={r.custom ? "_own" : r.code}
                  onChange={(e) =>
                    e.target.value === "_own"
                      ? set(i, { custom: true, code: "" })
                      : set(i, { custom: false, code: e.target.value, name: "" })
                  }
                >
                  {KNOWN_PARAMS.map((c) => (
                    <option key={c} value={c}>
                      {t(`water.params.${c}`)}
                    </option>
                  ))}
                  <option value="_own">{t("water.outfalls.ownParam")}</option>
                </select>
                {r.custom ? (
                  <input
                    aria-label={t("water.outfalls.ownCode")}
                    placeholder={t("water.outfalls.ownCode")}
                    data-testid={`${idPrefix}-own-code-${i}`}
                    size={8}
                    value={r.code}
                    onChange={(e) => set(i, { code: e.target.value })}
                  />
                ) : null}
              </td>
              <td>
                {r.custom ? (
                  <>
                    <input
                      aria-label={t("water.outfalls.ownName")}
                      data-testid={`${idPrefix}-own-name-${i}`}
                      size={10}
                      value={r.name}
                      onChange={(e) => set(i, { name: e.target.value })}
                    />
                    <input
                      aria-label={t("water.outfalls.factor")}
                      placeholder={t("water.outfalls.factor")}
                      size={8}
                      value={r.factor}
                      onChange={(e) => set(i, { factor: e.target.value })}
                    />
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <select
                  aria-label={t("water.outfalls.method")}
                  data-testid={`${idPrefix}-method-${i}`}
                  value={r.method}
                  onChange={(e) => set(i, { method: e.target.value as MonitoringMethod })}
                >
                  <option value="manual">{t("water.method.manual")}</option>
                  <option value="online">{t("water.method.online")}</option>
                </select>
              </td>
              <td>
                {r.method === "online" ? (
                  t("water.frequency.continuous")
                ) : (
                  <select
                    aria-label={t("water.outfalls.frequency")}
                    data-testid={`${idPrefix}-frequency-${i}`}
                    value={r.frequency}
                    onChange={(e) => set(i, { frequency: e.target.value as Frequency })}
                  >
                    {FREQUENCIES.map((f) => (
                      <option key={f} value={f}>
                        {t(`water.frequency.${f}`)}
                      </option>
                    ))}
                  </select>
                )}
              </td>
              <td>
                <input
                  aria-label={t("water.outfalls.upper")}
                  data-testid={`${idPrefix}-upper-${i}`}
                  size={6}
                  inputMode="decimal"
                  disabled={!r.custom && r.code === "flow"}
                  value={r.upper}
                  onChange={(e) => set(i, { upper: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={t("water.outfalls.lower")}
                  data-testid={`${idPrefix}-lower-${i}`}
                  size={6}
                  inputMode="decimal"
                  disabled={!r.custom && r.code === "flow"}
                  value={r.lower}
                  onChange={(e) => set(i, { lower: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={t("water.outfalls.months")}
                  placeholder={t("water.outfalls.monthsHint")}
                  size={6}
                  value={r.months}
                  onChange={(e) => set(i, { months: e.target.value })}
                />
              </td>
              <td>
                <DateInput
                  aria-label={t("water.outfalls.validFrom")}
                  value={r.validFrom}
                  onChange={(v) => set(i, { validFrom: v })}
                />
              </td>
              {many ? (
                <td>
                  <button
                    type="button"
                    className="btn btn--small"
                    aria-label={t("water.outfalls.removeParam")}
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    ×
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {many ? (
        <button
          type="button"
          className="btn btn--small"
          data-testid={`${idPrefix}-add-param`}
          onClick={() => {
            const used = new Set(rows.map((r) => r.code));
            const next = KNOWN_PARAMS.find((c) => !used.has(c)) ?? "cod";
            onChange([...rows, emptyParam(rows[0]?.validFrom ?? "", next)]);
          }}
        >
          {t("water.outfalls.addParam")}
        </button>
      ) : null}
    </div>
  );
}
