// 自动报送: when the app builds and sends a week on its own (the close rule from the settings),
// the next close, the weeks the background task will build at its next turn, and — the one
// thing a person must do — a closed week held because its flags need notes, with a link to it.
import { useTranslation } from "react-i18next";
import { syncScheduleStatus } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";

type Props = {
  /** Changes when something was built or queued: read again. */
  refreshKey: number;
  /** Opens a week in the picker. */
  onOpen: (week: string) => void;
};

export function ScheduleLine({ refreshKey, onOpen }: Props) {
  const { t } = useTranslation();
  const status = useLoad(syncScheduleStatus, [refreshKey], { describe: (e) => placeError(e, t, []).form });
  const s = status.data;
  if (!s) return null;
  const r = s.rule;
  const held = s.needs_notes;
  return (
    <div className="sync__schedule" data-testid="sync-schedule">
      <p className="muted panel__note" data-testid="sync-schedule-rule">
        {t("sync.schedule.rule", {
          weekday: t(`sync.schedule.weekday.${r.weekday}`),
          hour: String(r.hour).padStart(2, "0"),
          zone: r.timezone,
          start: r.start_week,
        })}{" "}
        {t("sync.schedule.next", { week: s.next_close_week, at: s.next_close_local })}
      </p>
      {s.due_weeks.length > 0 ? (
        <p className="panel__note" data-testid="sync-schedule-due">
          {t("sync.schedule.due", { weeks: s.due_weeks.join(", ") })}
        </p>
      ) : null}
      {held ? (
        <p className="panel__note sync__failed" data-testid="sync-schedule-held" data-week={held.week}>
          {t("sync.schedule.held", { week: held.week, n: held.flags.length })}{" "}
          <button type="button" className="btn" data-testid="sync-schedule-open" onClick={() => onOpen(held.week)}>
            {t("sync.schedule.open", { week: held.week })}
          </button>
        </p>
      ) : null}
    </div>
  );
}
