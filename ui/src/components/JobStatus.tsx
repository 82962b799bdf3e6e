// A running job's progress ("done / total" once the core knows the total) and its cancel button;
// after a cancel, the note that nothing was written. Used by every long export.
import { useTranslation } from "react-i18next";
import type { JobProgress } from "../ipc/api";

type Props = {
  busy: boolean;
  progress: JobProgress | null;
  cancelled: boolean;
  onCancel: () => void;
  testId: string;
};

export function JobStatus({ busy, progress, cancelled, onCancel, testId }: Props) {
  const { t } = useTranslation();
  if (!busy) {
    return cancelled ? (
      <div className="toast" role="status" data-testid={`${testId}-cancelled`}>
        {t("jobs.cancelled")}
      </div>
    ) : null;
  }
  const known = progress !== null && progress.total > 0;
  return (
    <div className="import__progress" role="status" data-testid={testId}>
      <progress aria-label={t("jobs.running")} value={known ? progress.done : undefined} max={known ? progress.total : undefined} />
      {known ? <span>{t("jobs.progress", { done: progress.done, total: progress.total })}</span> : null}
      <button type="button" className="btn btn--ghost" data-testid={`${testId}-cancel`} onClick={onCancel}>
        {t("jobs.cancel")}
      </button>
    </div>
  );
}
