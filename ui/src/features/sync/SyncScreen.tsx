// 周报同步: preview a week before it goes to HQ. A week picker (ISO weeks in the plant's time
// zone, the last closed week first, previous/next), the week's figures per calendar-month part
// and in total, the details HQ drills into (per HW code with the manifests shipped, per solid-
// waste code and route) and the plausibility flags with a note each. The core computes every
// figure and flag (`sync_week_preview`); this screen formats them. Below the preview: the week's
// submission state with build-and-queue, export to a folder and the report PDF (SubmitPanel),
// the outbox (OutboxPanel) and HQ's returns (HqReturnsPanel: HQ's key, importing a return, the
// returns received, each opening its week). The picker marks the weeks already submitted.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { syncSubmittedWeeks, syncWeekPreview, type Plant } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { localDateTimeIn } from "../../lib/time";
import { addWeeks, lastClosedWeek, mondayOf, sundayOf, weekOf } from "../../lib/isoWeek";
import { FormError } from "../../components/Field";
import { WeekFigures } from "./WeekFigures";
import { HwDetails, SwDetails } from "./WeekDetails";
import { FlagList } from "./FlagList";
import { SubmitPanel } from "./SubmitPanel";
import { OutboxPanel } from "./OutboxPanel";
import { HqReturnsPanel } from "./HqReturnsPanel";
import { ScheduleLine } from "./ScheduleLine";

/** Weeks offered in the picker, counting back from the current (open) week. */
const PICKER_WEEKS = 26;

export function weekLabel(week: string): string {
  return `${week} · ${mondayOf(week)} – ${sundayOf(week)}`;
}

export function SyncScreen({ plant }: { plant: Plant }) {
  const { t } = useTranslation();
  const today = localDateTimeIn(plant.timezone).slice(0, 10);
  const current = weekOf(today);
  const [week, setWeek] = useState(() => lastClosedWeek(today));
  // Notes per week and flag; kept while the screen is open (sending takes them along).
  const [notes, setNotes] = useState<Record<string, Record<string, string>>>({});
  const describe = (e: unknown) => placeError(e, t, []).form;
  const load = useLoad(() => syncWeekPreview(week), [week], { describe });
  const view = load.data;
  // Bumped when a week was queued or exported: the outbox and the submitted weeks read again.
  const [changes, setChanges] = useState(0);
  const submitted = useLoad(syncSubmittedWeeks, [changes], { describe });
  const submittedRev = new Map((submitted.data ?? []).map((s) => [s.week, s.revision]));

  // A week opened from a list further down: the picker takes focus (and so comes into view).
  const openWeek = (w: string) => {
    setWeek(w);
    document.getElementById("sync-week")?.focus();
  };

  const options = Array.from({ length: PICKER_WEEKS }, (_, i) => addWeeks(current, -i));
  if (!options.includes(week)) options.push(week);

  return (
    <section className="page sync">
      <div className="page__head">
        <h1>{t("sync.title")}</h1>
        <span className="muted">{t("sync.basis")}</span>
      </div>
      <div className="panel sync__picker">
        <button type="button" className="btn" data-testid="sync-week-prev" onClick={() => setWeek((w) => addWeeks(w, -1))}>
          {t("sync.previousWeek")}
        </button>
        <label className="sync__week-label" htmlFor="sync-week">
          {t("sync.week")}
        </label>
        <select id="sync-week" data-testid="sync-week" value={week} onChange={(e) => setWeek(e.target.value)}>
          {options.map((w) => (
            <option key={w} value={w}>
              {weekLabel(w)}
              {w === current ? ` ${t("sync.openWeek")}` : ""}
              {submittedRev.has(w) ? ` ${t("sync.submittedMark", { rev: submittedRev.get(w) })}` : ""}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn"
          data-testid="sync-week-next"
          disabled={week >= current}
          onClick={() => setWeek((w) => addWeeks(w, 1))}
        >
          {t("sync.nextWeek")}
        </button>
        <span className="muted" data-testid="sync-week-range">
          {t("sync.range", { from: mondayOf(week), to: sundayOf(week), zone: plant.timezone })}
        </span>
        {week === current ? <span className="badge badge--warning">{t("sync.openWeekHint")}</span> : null}
      </div>

      <ScheduleLine refreshKey={changes} onOpen={setWeek} />
      <FormError message={load.error} testId="sync-error" />
      {!view ? (
        load.loading ? (
          <p className="muted" data-testid="sync-loading">
            {t("sync.loading")}
          </p>
        ) : null
      ) : (
        <div className={load.loading || view.week !== week ? "sync__body is-stale" : "sync__body"} data-testid="sync-preview" data-week={view.week}>
          <section className="panel">
            <div className="panel__head">
              <h2>{t("sync.figures")}</h2>
              <span className="muted" data-testid="sync-records">
                {t("sync.records", { n: view.records, week: view.week })}
              </span>
            </div>
            {view.records === 0 ? (
              <p className="sync__empty" data-testid="sync-empty">
                {t("sync.empty")}
              </p>
            ) : null}
            <WeekFigures view={view} loading={load.loading} />
          </section>
          <section className="panel">
            <h2>{t("sync.flagsTitle")}</h2>
            <FlagList
              view={view}
              notes={notes[view.week] ?? {}}
              onNote={(key, note) => setNotes((n) => ({ ...n, [view.week]: { ...n[view.week], [key]: note } }))}
            />
          </section>
          <SubmitPanel
            week={week}
            view={view.week === week && !load.loading ? view : null}
            notes={notes[week] ?? {}}
            open={week >= current}
            timezone={plant.timezone}
            onChanged={() => setChanges((n) => n + 1)}
            refreshKey={changes}
          />
          <section className="panel">
            <h2>{t("sync.hw.title")}</h2>
            <HwDetails view={view} loading={load.loading} />
          </section>
          <section className="panel">
            <h2>{t("sync.sw.title")}</h2>
            <SwDetails view={view} loading={load.loading} />
          </section>
        </div>
      )}
      <OutboxPanel timezone={plant.timezone} refreshKey={changes} />
      <HqReturnsPanel timezone={plant.timezone} refreshKey={changes} onChanged={() => setChanges((n) => n + 1)} onOpen={openWeek} />
    </section>
  );
}
