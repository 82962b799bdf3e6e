// 报送: the chosen week's submission state (not built / built rN, queued / sent rN at … /
// exported rN at … / changed since rN), HQ's returns of the week (its comment, who and when, and
// whether a restatement has answered it), and what the officer does with it — build and queue the
// packet for HQ (the flag notes go along; from revision 2 a reason), export it to a folder (a
// USB stick), save the management report PDF. The core decides every rule and names the field
// it refuses; this panel only explains why its button is disabled before asking.
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import {
  exportFolder,
  syncBuild,
  syncExport,
  syncReportPdf,
  syncWeekState,
  type FlagNote,
  type ReceivedReturn,
  type WeekState,
  type WeekView,
} from "../../ipc/api";
import { placeError, placeErrorIn } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { answeredBy, flagKey, flagText } from "./format";
import { OUTBOX_REFRESH_MS, utcToPlant } from "./OutboxPanel";
// Lazy: the report view carries uPlot, which the rest of the screen does not need.
const ReportView = lazy(() => import("./ReportView").then((m) => ({ default: m.ReportView })));

type Props = {
  week: string;
  /** The preview of `week` (null while it loads, or when it is of another week). */
  view: WeekView | null;
  /** Notes per flag key, as the flag list keeps them. */
  notes: Record<string, string>;
  /** The week is not over yet (it cannot be built). */
  open: boolean;
  timezone: string;
  /** Something was queued or exported: the outbox and the week list read again. */
  onChanged: () => void;
  /** Changes when something elsewhere on the screen changed the week (a return imported): read again. */
  refreshKey?: number;
};

/** One note per flag kind, as the core takes them: a kind raised for several figures or codes
 * gets each flag's sentence with its note, one per line. */
export function notesByKind(t: TFunction, view: WeekView, notes: Record<string, string>, language: string): FlagNote[] {
  const out: FlagNote[] = [];
  for (const f of view.flags) {
    const note = (notes[flagKey(f)] ?? "").trim();
    const same = view.flags.filter((g) => g.kind === f.kind);
    const line = same.length > 1 ? `${flagText(t, f, view.indicators, language, view)}: ${note}` : note;
    const found = out.find((n) => n.kind === f.kind);
    if (found) found.note = `${found.note}\n${line}`;
    else out.push({ kind: f.kind, note: line });
  }
  return out;
}

/** The state line's key and values. */
function stateLine(s: WeekState, tz: string): { key: string; state: string; values: Record<string, string | number> } {
  const l = s.latest;
  if (!l) return { key: "sync.state.notBuilt", state: "not_built", values: {} };
  const rev = l.revision ?? 0;
  if (s.changed) return { key: "sync.state.changed", state: "changed", values: { rev, next: rev + 1 } };
  const at = l.last_event ? utcToPlant(l.last_event.at, tz) : "";
  switch (l.state) {
    case "pending":
      return { key: "sync.state.queued", state: "queued", values: { rev } };
    case "failed":
      return { key: "sync.state.failed", state: "failed", values: { rev, error: l.last_event?.detail ?? "" } };
    case "sent":
      return { key: "sync.state.sent", state: "sent", values: { rev, at } };
    case "exported":
      return { key: "sync.state.exported", state: "exported", values: { rev, at } };
  }
}

export function SubmitPanel({ week, view, notes, open, timezone, onChanged, refreshKey = 0 }: Props) {
  const { t, i18n } = useTranslation();
  const describe = (e: unknown) => placeError(e, t, []).form;
  const state = useLoad(() => syncWeekState(week), [week, refreshKey], { describe });
  const folder = useLoad(exportFolder, [], { describe });
  const [reason, setReason] = useState<Record<string, string>>({});
  const [built, setBuilt] = useState<string | null>(null);
  const [dir, setDir] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [lang, setLang] = useState<"zh" | "en">(i18n.language.startsWith("zh") ? "zh" : "en");
  const [report, setReport] = useState<string | null>(null);
  const [viewing, setViewing] = useState(false);
  const place = (e: unknown) => placeErrorIn("sync.errors", e, t, ["week", "notes", "reason", "out"]);
  const build = useSubmit(place);
  const exp = useSubmit(place);
  const rep = useSubmit((e) => placeErrorIn("sync.errors", e, t, ["period", "lang"]));

  const s = state.data?.week === week ? state.data : null;
  // The app's delivery task sends on its own: while the week's packet waits, read its state again.
  const waiting = s?.latest?.state === "pending";
  const reloadState = state.reload;
  useEffect(() => {
    if (!waiting) return;
    const id = setInterval(() => void reloadState(), OUTBOX_REFRESH_MS);
    return () => clearInterval(id);
  }, [waiting, reloadState]);
  const latest = s?.latest?.revision ?? 0;
  const next = latest + 1;
  const reasonText = reason[week] ?? "";
  const ready = view !== null && view.week === week && s !== null;
  const missing = view ? view.flags.filter((f) => !(notes[flagKey(f)] ?? "").trim()).length : 0;
  const folderText = dir ?? folder.data ?? "";

  // HQ returned the latest revision: it may be answered with the same figures and a reason.
  const returnedLatest = s !== null && latest > 0 && s.returns.some((r) => r.revision === latest);

  // Why "build and queue" cannot be pressed now, first reason only.
  let disabled: string | null = null;
  if (open) disabled = t("sync.build.disabled.open");
  else if (!ready) disabled = t("sync.build.disabled.loading");
  // A revision HQ returned may be answered with the same figures and a reason ("checked, they stand").
  else if (latest > 0 && !s.changed && !returnedLatest)
    disabled = t("sync.build.disabled.unchanged", { rev: latest });
  else if (missing > 0) disabled = t("sync.build.disabled.notes", { n: missing });
  else if (next > 1 && !reasonText.trim()) disabled = t("sync.build.disabled.reason", { next });

  const reset = () => {
    setBuilt(null);
    setExported(null);
    setReport(null);
  };

  const onBuild = async () => {
    if (!view) return;
    reset();
    await build.submit({}, async () => {
      const b = await syncBuild({
        week,
        reason: next > 1 ? reasonText.trim() : null,
        notes: notesByKind(t, view, notes, i18n.language),
      });
      setBuilt(t("sync.build.done", { rev: b.revision, file: b.file_name }));
      setReason((r) => ({ ...r, [week]: "" }));
      await state.reload();
      onChanged();
    });
  };

  const onExport = async () => {
    reset();
    await exp.submit({}, async () => {
      const x = await syncExport(week, folderText.trim());
      setExported(t(x.built ? "sync.export.doneBuilt" : "sync.export.done", { rev: x.revision, path: x.paths.join(", ") }));
      await state.reload();
      onChanged();
    });
  };

  const onReport = async () => {
    reset();
    await rep.submit({}, async () => {
      setReport(await syncReportPdf(week, lang));
    });
  };

  const line = s ? stateLine(s, timezone) : null;
  const weekError = build.errors.week ?? exp.errors.week;
  const notesError = build.errors.notes ?? exp.errors.notes;

  return (
    <section className="panel sync__submit" data-testid="sync-submit">
      <h2>{t("sync.submitTitle")}</h2>
      <FormError message={state.error} testId="sync-state-error" />
      {line ? (
        <p className={`sync__state sync__state--${line.state}`} data-testid="sync-state" data-state={line.state}>
          {t(line.key, line.values)}
          {s?.submitted && s.submitted.revision < latest ? (
            <span className="muted" data-testid="sync-state-delivered">
              {" "}
              {t(s.submitted.via === "sent" ? "sync.state.deliveredSent" : "sync.state.deliveredExported", {
                rev: s.submitted.revision,
                at: utcToPlant(s.submitted.submitted_at, timezone),
              })}
            </span>
          ) : null}
        </p>
      ) : (
        <p className="muted">{t("sync.loading")}</p>
      )}
      {s && s.returns.length > 0 ? (
        <ul className="sync__returns" aria-label={t("sync.returns.title")}>
          {s.returns.map((r) => (
            <ReturnNotice key={r.id} r={r} timezone={timezone} />
          ))}
        </ul>
      ) : null}
      {weekError ? (
        <div className="field__error" role="alert" data-testid="error-week">
          {weekError}
        </div>
      ) : null}

      {next > 1 && (s?.changed || returnedLatest) ? (
        <Field id="sync-reason" name="reason" label={t("sync.build.reason", { next })} error={build.errors.reason} errorDetail={build.errorDetail}>
          <textarea
            {...a11yFor("sync-reason", build.errors.reason)}
            rows={2}
            data-testid="sync-reason"
            placeholder={t("sync.build.reasonPlaceholder")}
            value={reasonText}
            onChange={(e) => setReason((r) => ({ ...r, [week]: e.target.value }))}
          />
        </Field>
      ) : null}

      <div className="sync__actions">
        <button
          type="button"
          className="btn btn--primary"
          data-testid="sync-build"
          disabled={disabled !== null || build.busy}
          title={disabled ?? undefined}
          onClick={() => void onBuild()}
        >
          {next > 1 ? t("sync.build.buttonRevision", { next }) : t("sync.build.button")}
        </button>
        {disabled ? (
          <span className="muted" data-testid="sync-build-disabled">
            {disabled}
          </span>
        ) : null}
      </div>
      {notesError ? (
        <div className="field__error" role="alert" data-testid="error-notes">
          {notesError}
        </div>
      ) : null}
      <FormError message={build.formError} testId="sync-build-error" />
      {built ? (
        <p className="panel__note" data-testid="sync-built">
          {built}
        </p>
      ) : null}

      <h3>{t("sync.export.title")}</h3>
      <p className="muted panel__note">{t("sync.export.explain")}</p>
      <div className="sync__actions">
        <Field id="sync-export-dir" name="out" label={t("sync.export.folder")} error={exp.errors.out} errorDetail={exp.errorDetail} className="sync__folder">
          <input
            {...a11yFor("sync-export-dir", exp.errors.out)}
            type="text"
            data-testid="sync-export-dir"
            value={folderText}
            onChange={(e) => setDir(e.target.value)}
          />
        </Field>
        <button
          type="button"
          className="btn"
          data-testid="sync-export"
          disabled={open || exp.busy}
          title={open ? t("sync.build.disabled.open") : undefined}
          onClick={() => void onExport()}
        >
          {t("sync.export.button")}
        </button>
      </div>
      <FormError message={exp.formError} testId="sync-export-error" />
      {exported ? (
        <p className="panel__note" data-testid="sync-exported">
          {exported}
        </p>
      ) : null}

      <h3>{t("sync.report.title")}</h3>
      <div className="sync__actions">
        <label htmlFor="sync-report-lang">{t("sync.report.lang")}</label>
        <select id="sync-report-lang" data-testid="sync-report-lang" value={lang} onChange={(e) => setLang(e.target.value as "zh" | "en")}>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
        <button type="button" className="btn" data-testid="sync-report-pdf" disabled={rep.busy} onClick={() => void onReport()}>
          {t("sync.report.button", { week })}
        </button>
        <button type="button" className="btn" data-testid="sync-report-view" aria-expanded={viewing} onClick={() => setViewing((v) => !v)}>
          {viewing ? t("sync.reportView.hide") : t("sync.reportView.view")}
        </button>
      </div>
      <FormError message={rep.formError ?? rep.errors.period ?? rep.errors.lang} testId="sync-report-error" />
      {report ? (
        <p className="panel__note" data-testid="sync-report-saved">
          {t("sync.report.saved", { path: report })}
        </p>
      ) : null}
      {viewing ? (
        <Suspense fallback={<p className="muted">{t("sync.reportView.loading")}</p>}>
          <ReportView period={week} />
        </Suspense>
      ) : null}
    </section>
  );
}

/** One return of the week: HQ's comment (as text), who and when, open or answered. */
function ReturnNotice({ r, timezone }: { r: ReceivedReturn; timezone: string }) {
  const { t } = useTranslation();
  const answered = answeredBy(r);
  return (
    <li
      className={`alert sync__return ${answered === null ? "alert--warning" : "sync__return--answered"}`}
      data-testid="sync-return-notice"
      data-revision={r.revision}
      data-state={answered === null ? "open" : "answered"}
    >
      <strong>{t("sync.returns.notice.title", { rev: r.revision })}</strong>
      <div className="sync__return-comment" data-testid="sync-return-comment">
        {r.comment}
      </div>
      <div className="sync__return-by" data-testid="sync-return-by">
        {t("sync.returns.notice.by", { group: r.group_name, by: r.returned_by, at: utcToPlant(r.returned_at, timezone) })}
      </div>
      <div className="sync__return-state" data-testid="sync-return-state">
        {answered === null
          ? t("sync.returns.notice.open", { next: r.revision + 1 })
          : t("sync.returns.notice.answered", { rev: answered })}
      </div>
    </li>
  );
}
