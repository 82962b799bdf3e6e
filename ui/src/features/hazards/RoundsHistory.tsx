// 检查记录: the rounds recorded, the newest first, filtered by period, area and "found
// something"; a row opens the round's items (pass / fail / NA with notes) and the hazards it
// found as they stand now. Each round's record (隐患排查记录) prints as a PDF with its findings'
// photos; the list as shown exports to Excel. Both are written by the core to the export folder.
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  inspectionReportPdf,
  inspectionRound,
  inspectionRounds,
  inspectionRoundsXlsx,
  type Lang,
  type RoundQuery,
  type RoundSummary,
} from "../../ipc/api";
import { DATE_RE } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { useExport } from "../waste/useExport";
import { DateInput } from "../../components/DateInput";

type Props = { today: string; version: number };

/** The first of the month before `today`'s (a default period of about two months). */
function defaultFrom(today: string): string {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const prev = m === 1 ? [y - 1, 12] : [y, m - 1];
  return `${prev[0]}-${String(prev[1]).padStart(2, "0")}-01`;
}

export function RoundsHistory({ today, version }: Props) {
  const { t, i18n } = useTranslation();
  const [from, setFrom] = useState(defaultFrom(today));
  const [to, setTo] = useState(today);
  const [area, setArea] = useState("");
  const [findings, setFindings] = useState(false);
  const [lang, setLang] = useState<Lang>(i18n.language.startsWith("zh") ? "zh" : "en");
  const [open, setOpen] = useState<string | null>(null);
  const [printing, setPrinting] = useState<string | null>(null);
  const pdf = useExport();
  const xlsx = useExport();
  const valid = (!from || DATE_RE.test(from)) && (!to || DATE_RE.test(to)) && (!from || !to || from <= to);
  const query: RoundQuery = {
    from: from || null,
    to: to || null,
    area: area.trim() || null,
    schedule_id: null,
    with_findings: findings,
    limit: 500,
  };
  const list = useLoad(() => inspectionRounds(query), [from, to, area, findings, version], { skip: !valid });

  const print = async (r: RoundSummary) => {
    setPrinting(r.id);
    await pdf.run(() => inspectionReportPdf(r.id, lang));
    setPrinting(null);
  };

  return (
    <section className="panel inspection-rounds" aria-label={t("inspections.rounds.title")}>
      <div className="panel__bar">
        <h2>{t("inspections.rounds.title")}</h2>
        <div className="inspection-rounds__tools">
          <label>
            {t("inspections.rounds.docLang")}{" "}
            <select data-testid="rounds-lang" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
              <option value="zh">中文</option>
              <option value="en">English</option>
            </select>
          </label>
          <button
            type="button"
            className="btn"
            data-testid="rounds-xlsx"
            disabled={xlsx.busy || !valid}
            onClick={() => void xlsx.run(() => inspectionRoundsXlsx({ ...query, limit: null }, lang))}
          >
            {t("export.xlsx")}
          </button>
        </div>
      </div>
      <div className="inspection-rounds__filters">
        <label>
          {t("inspections.rounds.from")} <DateInput data-testid="rounds-from" value={from} onChange={(v) => setFrom(v)} />
        </label>
        <label>
          {t("inspections.rounds.to")} <DateInput data-testid="rounds-to" value={to} onChange={(v) => setTo(v)} />
        </label>
        <label>
          {t("inspections.fields.area")} <input data-testid="rounds-area" value={area} onChange={(e) => setArea(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" data-testid="rounds-findings" checked={findings} onChange={(e) => setFindings(e.target.checked)} />{" "}
          {t("inspections.rounds.withFindings")}
        </label>
      </div>
      {!valid ? <FormError message={t("hazards.errors.period")} /> : null}
      <FormError message={list.error ?? pdf.error ?? xlsx.error} />
      {[
        ["pdf", pdf.path],
        ["xlsx", xlsx.path],
      ].map(([k, path]) =>
        path ? (
          <div key={k} className="toast" role="status" data-testid={`rounds-saved-${k}`}>
            {t("export.savedTo", { path })}
          </div>
        ) : null,
      )}
      {list.data !== null && list.data.length === 0 ? <p className="muted">{t("inspections.rounds.empty")}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table className="inspection-table" data-testid="rounds-list">
          <thead>
            <tr>
              <th>{t("inspections.fields.doneAt")}</th>
              <th>{t("inspections.fields.template")}</th>
              <th>{t("inspections.fields.area")}</th>
              <th>{t("inspections.fields.dueOn")}</th>
              <th>{t("inspections.fields.inspector")}</th>
              <th className="num">{t("inspections.outcome.pass")}</th>
              <th className="num">{t("inspections.outcome.fail")}</th>
              <th className="num">{t("inspections.outcome.na")}</th>
              <th>{t("inspections.rounds.hazards")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <Fragment key={r.id}>
                <tr
                  className={`inspection-round${r.failed > 0 ? " inspection-round--findings" : ""}`}
                  data-testid={`round-${r.id}`}
                  aria-expanded={open === r.id}
                  onClick={() => setOpen((x) => (x === r.id ? null : r.id))}
                >
                  <td>{r.done_at_local}</td>
                  <td>
                    {r.template_name} <span className="muted">{t("inspections.version", { version: r.template_version })}</span>{" "}
                    <span className="badge badge--none">{t(`inspections.kind.${r.kind}`)}</span>
                  </td>
                  <td>{r.area}</td>
                  <td>{r.due_on ?? t("inspections.round.unscheduledShort")}</td>
                  <td>{r.inspector_name}</td>
                  <td className="num">{r.passed}</td>
                  <td className="num">{r.failed}</td>
                  <td className="num">{r.not_applicable}</td>
                  <td className="mono">{r.hazards.join(", ")}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn--small"
                      data-testid={`round-pdf-${r.id}`}
                      disabled={pdf.busy}
                      onClick={(e) => {
                        e.stopPropagation();
                        void print(r);
                      }}
                    >
                      {printing === r.id ? t("inspections.rounds.printing") : t("inspections.rounds.pdf")}
                    </button>
                  </td>
                </tr>
                {open === r.id ? (
                  <tr className="inspection-round__detail">
                    <td colSpan={10}>
                      <RoundDetailView id={r.id} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** One round's items and the hazards it found. */
function RoundDetailView({ id }: { id: string }) {
  const { t } = useTranslation();
  const d = useLoad(() => inspectionRound(id), [id]);
  if (d.error) return <FormError message={d.error} />;
  if (!d.data) return <p className="muted">{t("table.loading")}</p>;
  return (
    <div className="round-detail" data-testid="round-detail">
      <ol className="round-detail__items">
        {d.data.items.map((i) => (
          <li key={i.no} className={`round-detail__item round-detail__item--${i.result}`}>
            <span className={`badge round-result round-result--${i.result}`}>{t(`inspections.outcome.${i.result}`)}</span> {i.item}
            {i.note ? <span className="muted"> — {i.note}</span> : null}
            {i.hazard_number ? <span className="mono"> → {i.hazard_number}</span> : null}
          </li>
        ))}
      </ol>
      {d.data.findings.length > 0 ? (
        <ul className="round-detail__findings">
          {d.data.findings.map((h) => (
            <li key={h.id} data-testid={`round-finding-${h.number}`}>
              <span className="mono">{h.number}</span>{" "}
              {h.level === "major" ? <span className="badge badge--major">{t("hazards.level.major")}</span> : null}{" "}
              {h.lec ? (
                <span className={`hazard-grade hazard-grade--${h.lec.colour}`}>
                  D {h.lec.d} · {t("hazards.lec.grade", { grade: h.lec.grade })}
                </span>
              ) : null}{" "}
              {h.description} · {t(`hazards.status.${h.status}`)}
              {h.deadline ? ` · ${t("hazards.deadlineOn", { date: h.deadline })}` : ""}
              {h.overdue ? <span className="badge badge--overdue"> {t("hazards.overdue")}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
