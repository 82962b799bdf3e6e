// The plausibility flags an HQ analyst would query, each worded from its kind and params, with
// a note box per flag. Sending a flagged week needs a note per flag: the notes are kept by the
// screen (per week) and go with the build request once sending is wired.
import { useTranslation } from "react-i18next";
import type { Flag, WeekView } from "../../ipc/api";
import { flagKey, flagText } from "./format";

type Props = {
  view: WeekView;
  notes: Record<string, string>;
  onNote: (key: string, note: string) => void;
};

export function FlagList({ view, notes, onNote }: Props) {
  const { t, i18n } = useTranslation();
  if (view.flags.length === 0) {
    return (
      <p className="muted" data-testid="sync-flags-none">
        {t("sync.flagsNone")}
      </p>
    );
  }
  const missing = view.flags.filter((f) => !(notes[flagKey(f)] ?? "").trim()).length;
  return (
    <>
      <p className={missing ? "sync__notes-missing" : "muted"} data-testid="sync-notes-status">
        {missing ? t("sync.notesMissing", { n: missing, total: view.flags.length }) : t("sync.notesDone")}
      </p>
      <ol className="sync__flags" data-testid="sync-flags">
        {view.flags.map((f: Flag, i) => {
          const key = flagKey(f);
          const id = `sync-flag-note-${i}`;
          return (
            <li key={key} className="sync__flag" data-testid="sync-flag" data-kind={f.kind} title={f.message}>
              <span className={`badge ${f.kind.endsWith("overdue") ? "badge--critical" : "badge--warning"}`}>
                {t(`sync.flagKinds.${f.kind}`)}
              </span>{" "}
              <span data-testid="sync-flag-text">{flagText(t, f, view.indicators, i18n.language, view)}</span>
              <label className="sync__note-label" htmlFor={id}>
                {t("sync.note")}
              </label>
              <textarea
                id={id}
                rows={2}
                data-testid="sync-flag-note"
                placeholder={t("sync.notePlaceholder")}
                value={notes[key] ?? ""}
                onChange={(e) => onNote(key, e.target.value)}
              />
            </li>
          );
        })}
      </ol>
    </>
  );
}
